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
#include "font_roles.h"
#include "node.h"

typedef enum bk_style_kind {
    BK_STYLE_REPORT = 0,
    BK_STYLE_JIANBAO = 1,
    BK_STYLE_GONGWEN = 2
} bk_style_kind;

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

/* The document settings a style's defaults come from (expanded). */
typedef struct bk_style_doc {
    const char *title, *author;
    const char *date; /* YYYY-MM-DD, shown as 2025年3月5日 */
    const char *classification;
} bk_style_doc;

/* Reads the style keys of `doc` (the raw document MAP, may be NULL) into
 * *out (in the arena), expanding {{ }} with `vars`; `period` is "YYYY-MM".
 * *out stays NULL for the report style with none of these keys, so such a
 * briefing is drawn exactly as before. */
int bk__doc_style_load(bk_arena *a, const bk_node *doc, const bk_vars *vars, const char *period,
                       const char *dir, const bk_style_overrides *ov, const bk_style_doc *d,
                       bk_doc_style **out, bk_error *err);

/* The margins (points) that leave GB/T 9704's 156 x 225 mm type area on a
 * page, for the jianbao and gongwen styles. */
void bk__doc_style_margins(double page_w, double page_h, double *top, double *right, double *bottom,
                           double *left);

/* Document keys this module reads, for the unknown-key check. */
extern const char *const bk__doc_style_keys[];

/* "一、" for n = 1 (level 0), "（一）" (1), "1." (2), "（1）" (3) into buf. */
const char *bk__heading_number(int level, int n, char *buf, size_t size);

/* Notes the sections (their template MAPs, in order) and prefixes each
 * title in `titles` with 一、二、... when the style numbers headings. */
int bk__doc_style_sections(bk_arena *a, bk_doc_style *s, const bk_node *const *nodes,
                           const char **titles, size_t n, bk_error *err);

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
/* Lines of marks top left: 份号, 密级 or handling, 紧急程度. */
int bk__doc_style_mark_lines(const bk_doc_style *s);

/* The text a heading block draws: `text` numbered in the Chinese way when
 * the style numbers headings. A level-1 heading that opens section
 * `section` takes the section's number (一、); level 2 counts （一）, level
 * 3 counts 1., with `counters` (three ints, zeroed per section) keeping
 * count. Returns `text` or `buf`. */
const char *bk__doc_style_heading(const bk_doc_style *s, const bk_node *section, int level,
                                  int opens_section, int counters[3], const char *text, char *buf,
                                  size_t size);

#endif
