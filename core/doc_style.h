/* Internal: a document style, the page elements a Chinese office expects
 * on its 简报 (briefing) or 公文 (formal document), read from the template's
 * `document` settings.
 *
 *   document:
 *     style: jianbao                  jianbao | gongwen | report (today's look, the default)
 *     masthead:                       the red 版头
 *       name: 开发区工作简报            the briefing's name, in red
 *       issuer: 开发区研究室            编印单位, left on the line above the red rule
 *       first_period: 2025-01          the period of issue 1 (or first_issue) ...
 *       first_issue: 1                 ... so each period's number follows: 第N期
 *       first_total: 37                总第M期 of the first period (optional)
 *       issue: 5                       a fixed number instead (--issue N overrides both)
 *       date: 2025年3月5日             default: the document date
 *       issue_text: 开管发〔2025〕{n}号  the issue line's wording; {n} the number,
 *                                      {total} the running total
 *     secrecy: {level: 机密, term: 1年}   top left: 机密★1年
 *     handling: 内部资料 注意保存       top left, when there is no secrecy level
 *     urgency: 特急
 *     copies: 30                      numbered copies (份号), one PDF each (--copies N)
 *     recipients: [县委办公室, ...]    one copy per name, the name faint on every page
 *     banji:                          版记 at the foot of the last page
 *       bao: [市委, 市政府]  song: [...]  fa: [...]
 *       issuer: 开发区研究室  date: 2025年3月5日  printed: 30
 *     fonts:                          a TrueType/TTC file per role (fonts.h)
 *       body: /usr/share/fonts/.../FangSong_GB2312.ttf
 *       title: {file: ..., index: 0, fallback: warn}
 *     numbering: chinese              chinese (一、（一）1.) | none
 *     page_numbers: dash              dash (— 3 —, outside edge) | of (Page 3 of 11)
 *
 * Every element can be switched off (`masthead: false`, `banji: false`) or
 * overridden; a style only chooses the defaults. Relative font
 * paths are the template folder's (`dir`). Geometry follows GB/T
 * 9704-2012 (docs/jianbao.md says where the 简报 habit differs). */
#ifndef BK_DOC_STYLE_H
#define BK_DOC_STYLE_H

#include <stddef.h>

#include <briefkit/error.h>

#include "arena.h"
#include "expand.h"
#include "node.h"

typedef enum bk_style_kind {
    BK_STYLE_REPORT = 0,
    BK_STYLE_JIANBAO = 1,
    BK_STYLE_GONGWEN = 2
} bk_style_kind;

/* Font roles a style sets apart (fonts.h maps them to faces). */
typedef enum bk_font_role {
    BK_ROLE_TITLE = 0,   /* masthead and title: 小标宋-like */
    BK_ROLE_HEADING = 1, /* first-level headings: 黑体 */
    BK_ROLE_KAI = 2,     /* second-level headings, issue line: 楷体 */
    BK_ROLE_BODY = 3,    /* body text: 仿宋 */
    BK_ROLE_LATIN = 4,   /* numbers and Latin text beside Chinese */
    BK_ROLE_COUNT_ = 5
} bk_font_role;

typedef struct bk_font_choice {
    const char *file;     /* NULL: the shipped default */
    int index;            /* face inside a collection */
    int fallback;         /* 1: an unusable file warns and the default is used */
    const bk_node *where; /* for messages */
} bk_font_choice;

typedef struct bk_doc_style {
    bk_style_kind kind;
    /* masthead (版头); name NULL: none */
    const char *name, *issuer, *masthead_date;
    const char *issue_text; /* {n} and {total} replaced; NULL: 第N期（总第M期） */
    int issue, total;       /* 0: not shown */
    /* marks, top left of the first page */
    const char *secrecy, *handling, *urgency; /* secrecy already "机密★1年" */
    /* numbered copies: copies 0 means none; the copy being written */
    int copies;
    const char *const *recipients;
    size_t n_recipients;
    int copy_number;       /* 1-based; 0 while no copy is written */
    const char *recipient; /* the copy's, or NULL */
    /* 版记; has_banji 0: none */
    int has_banji;
    const char *const *bao, *const *song, *const *fa;
    size_t n_bao, n_song, n_fa;
    const char *banji_issuer, *banji_date;
    int printed; /* 共印N份; 0: not shown */
    int chinese_numbering;
    int dash_page_numbers;
    bk_font_choice fonts[BK_ROLE_COUNT_];
    /* The first section, which starts below the masthead, and the last,
     * which leaves room for the 版记. */
    const bk_node *first_section, *last_section;
    /* The sections in order, and each one's number among those with a
     * title (0: none), for its opening heading. */
    const bk_node **section_nodes;
    int *section_numbers;
    size_t n_sections;
} bk_doc_style;

/* What the caller adds to the template (CLI flags). */
typedef struct bk_style_overrides {
    int issue;                /* --issue N; 0: none */
    int copies;               /* --copies N; 0: none */
    const char *const *fonts; /* --font ROLE=FILE */
    size_t n_fonts;
} bk_style_overrides;

struct bk_doc_settings;

/* Reads the style keys of `doc` (the raw document MAP, may be NULL) into
 * d->style, expanding {{ }} with `vars`; `period` is "YYYY-MM". Sets the
 * style's margins, cover and contents unless the template gives them.
 * d->style stays NULL for the report style with none of these keys, so
 * such a briefing is drawn exactly as before. */
int bk__doc_style_load(bk_arena *a, const bk_node *doc, const bk_vars *vars, const char *period,
                       const char *dir, const bk_style_overrides *ov, struct bk_doc_settings *d,
                       bk_error *err);

/* Document keys this module reads, for the unknown-key check. */
extern const char *const bk__doc_style_keys[];

/* "一、" for n = 1 (level 0), "（一）" (1), "1." (2), "（1）" (3) into buf. */
const char *bk__heading_number(int level, int n, char *buf, size_t size);

/* Prefixes each section title with 一、二、... when the style numbers headings. */
struct bk_section_spec;
int bk__doc_style_number_sections(bk_arena *a, bk_doc_style *s, struct bk_section_spec *secs,
                                  size_t n, bk_error *err);

/* Where the masthead's parts sit, in points below the top of the 版心
 * (type area); the plan and the chrome both use it, so the first section
 * starts below what the chrome will draw. */
typedef struct bk_masthead_geom {
    double mark_size, mark_pitch; /* 份号, 密级, 紧急程度: one per line from the top */
    double name_y, name_size;     /* the red name's line box top */
    double issue_y, issue_size;   /* 第N期（总第M期） */
    double issuer_y, issuer_size; /* 编印单位 left, date right */
    double rule_y, rule_w;        /* the red rule's centre and width */
    double end;                   /* where the body may start */
} bk_masthead_geom;

void bk__masthead_geom(const bk_doc_style *s, bk_masthead_geom *g);
/* Points to move the first page's content down for the masthead (0: none). */
double bk__doc_style_top_skip(const bk_doc_style *s);
/* For the section whose template MAP is `section`: points its first page
 * starts lower (the masthead, unless a contents page carries it) and
 * points its last page must keep free at the foot (the 版记). */
void bk__doc_style_section_room(const struct bk_doc_settings *d, const bk_node *section,
                                double *top, double *foot);
/* Lines of marks top left: 份号, 密级 or handling, 紧急程度. */
int bk__doc_style_mark_lines(const bk_doc_style *s);

/* The style's type sizes and colours over the default theme. */
struct bk_theme;
void bk__doc_style_theme(const bk_doc_style *s, struct bk_theme *t);

/* The text a heading block draws: `text` numbered in the Chinese way when
 * the style numbers headings. A level-1 heading that opens section
 * `section` takes the section's number (一、); level 2 counts （一）, level
 * 3 counts 1., with `counters` (three ints, zeroed per section) keeping
 * count. Returns `text` or `buf`. */
const char *bk__doc_style_heading(const struct bk_doc_settings *d, const bk_node *section,
                                  int level, int opens_section, int counters[3], const char *text,
                                  char *buf, size_t size);

/* Name of a role ("title", ...) and back (-1 when unknown). */
const char *bk__font_role_name(int role);
int bk__font_role_parse(const char *name);

#endif
