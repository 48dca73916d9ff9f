/* Internal: the page elements of the 简报 and 公文 styles, drawn on the
 * chrome's overlay pages (chrome.c): the masthead (版头) with its marks on
 * the first page, "— 3 —" page numbers at the outside edge, the copy's
 * recipient as a faint mark, and the 版记 at the foot of the last page.
 * Where each sits comes from doc_style.c and banji.c, which the plan uses
 * too, so the sections leave room for them. */
#ifndef BK_MASTHEAD_H
#define BK_MASTHEAD_H

#include "fonts.h"
#include "template.h"
#include "theme.h"

typedef struct bk_style_pen {
    void *cr; /* cairo_t */
    void *pc; /* PangoContext */
    bk_fonts *fonts;
    const bk_doc_settings *doc;
    const bk_theme *theme;
} bk_style_pen;

/* Draws what the style puts on physical page `physical` of `total`;
 * `first` is 1 on the page after the cover. */
void bk__masthead_page(const bk_style_pen *p, int physical, int total, int first);

/* For the section whose template MAP is `section`: points its first page
 * starts lower (the masthead, unless a contents page carries it) and
 * points its last page must keep free at the foot (the 版记). */
void bk__masthead_section_room(const bk_doc_settings *d, const bk_node *section, double *top,
                               double *foot);

/* 1 when the style replaces the running header, the footer and "Page X of N". */
int bk__masthead_replaces_furniture(const bk_doc_settings *doc);

#endif
