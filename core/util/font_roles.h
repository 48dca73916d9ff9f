/* Internal: the font roles of the 简报 / 公文 styles, and a template's (or
 * --font's) choice of file for each. Here, beside the other plain types
 * every stage uses, because the template loader fills the choices
 * (load/doc_style.c) and the fonts module opens them (theme/fonts.c), and
 * neither may include the other. */
#ifndef BK_FONT_ROLES_H
#define BK_FONT_ROLES_H

#include <briefkit/error.h>

typedef enum bk_font_role {
    BK_ROLE_TITLE = 0,   /* masthead and title: 小标宋-like */
    BK_ROLE_HEADING = 1, /* first-level headings, marks: 黑体 */
    BK_ROLE_KAI = 2,     /* second-level headings: 楷体 */
    BK_ROLE_BODY = 3,    /* body text, issue line, 版记: 仿宋 */
    BK_ROLE_LATIN = 4,   /* figures and Latin text beside Chinese */
    BK_ROLE_COUNT_ = 5
} bk_font_role;

typedef struct bk_font_choice {
    const char *file; /* NULL: the shipped default */
    int index;        /* face inside a collection */
    int fallback;     /* 1: an unusable file warns and the default is used */
    bk_loc where;     /* where the template names it; file NULL: none (--font) */
} bk_font_choice;

/* "title", "heading", "kai", "body", "latin"; "?" out of range. */
const char *bk__font_role_name(int role);
/* The role of a name, or -1. */
int bk__font_role_parse(const char *name);

#endif
