/* The host-services table and the calls a plugin makes through it.
 *
 * The core hands a plugin one `const bk_host *` (SQLite's
 * sqlite3_api_routines, in spirit). BK_PLUGIN() stores it in the plugin-wide
 * hidden `bk__host`, and the static inline functions below read it, so plugin
 * code says bk_heading(sec, 1, "Overview") rather than going through the
 * table. The table is append-only: a slot added in 1.n is read only after
 * BK_HOST_HAS(slot) says the running host has it.
 *
 * Unless a comment says otherwise: every call is [render-thread] (made from
 * inside render()), strings are UTF-8, returned strings and nodes are
 * host-owned and valid until render() returns, and an int result is 0 or a
 * negative BK_E* code (from briefkit/error.h) after which render() should
 * return that code. */
#ifndef BRIEFKIT_HOST_H
#define BRIEFKIT_HOST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "blocks.h"
#include "node.h"
#include "section.h"
#include "version.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum bk_log_level { BK_LOG_DEBUG = 0, BK_LOG_INFO = 1, BK_LOG_WARN = 2 } bk_log_level;

/* Since 1.1: which part of a number bk_format_number writes. */
typedef enum bk_number_part {
    BK_NUM_ALL = 0,   /* "超1500家", "40.25亿元"; "more than 1,500 companies" */
    BK_NUM_VALUE = 1, /* the qualified number alone: "超1500", "40.25" (a card's value) */
    BK_NUM_UNIT = 2   /* the magnitude and unit alone: "家", "亿元" (a card's unit) */
} bk_number_part;

/* Since 1.1: what a change measures, and against what. */
typedef enum bk_change_kind {
    BK_CHANGE_PERCENT = 0, /* relative: 增长6.1% / up 6.1% */
    BK_CHANGE_POINTS = 1 /* a rate's difference: 下降0.5个百分点 / down 0.5 percentage points */
} bk_change_kind;
typedef enum bk_change_basis {
    BK_BASIS_NONE = 0,
    BK_BASIS_YOY = 1, /* 同比 / year on year */
    BK_BASIS_MOM = 2  /* 环比 / month on month */
} bk_change_basis;

/* Also declared in plugin.h; repeated here so host.h compiles on its own. */
typedef struct bk_host bk_host;

struct bk_host {
    uint32_t size, abi_major, abi_minor;

    /* --- Since 1.0: errors and logging --- */
    /* Records why the section failed (the first call wins) with the location
     * of `where` in its YAML file, or the section's own when NULL. Returns
     * BK_ERENDER, which render() should return. */
    int (*fail)(bk_section *sec, const bk_node *where, const char *fmt, va_list ap);
    void (*log)(bk_section *sec, int level, const char *fmt, va_list ap);

    /* --- Since 1.0: data tree (NULL-safe: a NULL node reads as null) --- */
    int (*node_type)(const bk_node *n);
    const bk_node *(*node_get)(const bk_node *map, const char *key);
    const bk_node *(*node_lookup)(const bk_node *n, const char *dotted_path);
    size_t (*node_len)(const bk_node *n);
    const bk_node *(*node_at)(const bk_node *n, size_t i);
    const char *(*node_key_at)(const bk_node *map, size_t i);
    const char *(*node_str)(const bk_node *n);
    int (*node_num)(const bk_node *n, double *out);

    /* --- Since 1.0: validated options (defaults applied) --- */
    int (*opt_has)(bk_section *sec, const char *name);
    const char *(*opt_str)(bk_section *sec, const char *name);
    double (*opt_num)(bk_section *sec, const char *name);
    int (*opt_bool)(bk_section *sec, const char *name);
    const bk_node *(*opt_node)(bk_section *sec, const char *name);

    /* --- Since 1.0: layout cursor --- */
    double (*cursor)(bk_section *sec);
    void (*advance)(bk_section *sec, double pts);
    double (*space_left)(bk_section *sec);
    int (*need)(bk_section *sec, double pts);
    int (*new_page)(bk_section *sec);

    /* --- Since 1.0: engine, theme, text --- */
    void *(*native)(bk_section *sec, int kind);
    bk_rgb (*theme_color)(bk_section *sec, int role);
    double (*theme_size)(bk_section *sec, int role);
    double (*text_width)(bk_section *sec, int font, double size, const char *utf8);
    double (*text_height)(bk_section *sec, int font, double size, double width,
                          const char *utf8);
    int (*text)(bk_section *sec, double x, double y, int font, double size, bk_rgb color,
                const char *utf8);
    int (*text_box)(bk_section *sec, double x, double y, double width, int font, double size,
                    bk_rgb color, int align, const char *utf8, double *height);
    int (*outline)(bk_section *sec, int level, const char *title);

    /* --- Since 1.0: building blocks, drawn at the cursor, flowing over pages --- */
    int (*heading)(bk_section *sec, int level, const char *text);
    int (*paragraph)(bk_section *sec, int style, const char *text);
    int (*cards)(bk_section *sec, const bk_card *cards, size_t n);
    int (*table)(bk_section *sec, const bk_table *table);

    /* --- Since 1.1: text and numbers in the document's language --- */
    /* The form of text field `key` of `map` in the document's language:
     * `key_zh` in a Chinese document, else `key` (or `key_en`). A string or
     * a list of strings; NULL when the map has no form of it. */
    const bk_node *(*node_text)(bk_section *sec, const bk_node *map, const char *key);
    /* Writes value × scale as its reader counts; see bk_format_number. */
    int (*format_number)(bk_section *sec, double value, const char *scale, const char *unit,
                         const char *qualifier, double magnitude, int part, char *out, size_t size);
    /* The power of ten bk_format_number writes value × scale in. */
    double (*number_magnitude)(bk_section *sec, double value, const char *scale);
    int (*format_change)(bk_section *sec, double change, int kind, int basis, char *out,
                         size_t size);
    int (*format_date)(bk_section *sec, const char *iso, char *out, size_t size);
};

BK_STATIC_ASSERT(offsetof(bk_host, size) == 0, "bk_host.size must come first");
BK_STATIC_ASSERT(offsetof(bk_host, abi_major) == 4, "bk_host.abi_major at offset 4");
BK_STATIC_ASSERT(offsetof(bk_host, abi_minor) == 8, "bk_host.abi_minor at offset 8");

/* True when the running host has `slot` (added in a later minor). */
#define BK_HOST_HAS(slot)                                                      \
    (bk__host->size >= offsetof(bk_host, slot) + sizeof(bk__host->slot))

/* Set by BK_PLUGIN() when the host loads the plugin. */
extern BK_HIDDEN const bk_host *bk__host;

/* Records the failure and returns BK_ERENDER: `return bk_fail(sec, n, ...)`.
 * `where` may be NULL (the section's location is used). */
static inline int bk_fail(bk_section *sec, const bk_node *where, const char *fmt, ...)
    BK_PRINTF(3, 4);
static inline int bk_fail(bk_section *sec, const bk_node *where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = bk__host->fail(sec, where, fmt, ap);
    va_end(ap);
    return rc;
}

/* Logs a line, prefixed with the section's id, to the run's log. */
static inline void bk_log(bk_section *sec, int level, const char *fmt, ...) BK_PRINTF(3, 4);
static inline void bk_log(bk_section *sec, int level, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bk__host->log(sec, level, fmt, ap);
    va_end(ap);
}

/* Data tree. */
/* The node's bk_node_type. */
static inline int bk_node_kind(const bk_node *n) { return bk__host->node_type(n); }
/* The value under `key` in a map; NULL when absent or `map` is not a map. */
static inline const bk_node *bk_node_get(const bk_node *map, const char *key)
{
    return bk__host->node_get(map, key);
}
/* Follows "a.b.0.c" (map keys and list indexes); NULL when any step is absent. */
static inline const bk_node *bk_node_lookup(const bk_node *n, const char *path)
{
    return bk__host->node_lookup(n, path);
}
/* Items in a list or pairs in a map; 0 for anything else. */
static inline size_t bk_node_len(const bk_node *n) { return bk__host->node_len(n); }
/* The i-th list item or map value; NULL past the end. */
static inline const bk_node *bk_node_at(const bk_node *n, size_t i)
{
    return bk__host->node_at(n, i);
}
static inline const char *bk_node_key_at(const bk_node *map, size_t i)
{
    return bk__host->node_key_at(map, i);
}
/* A scalar's text; NULL for null, lists and maps. */
static inline const char *bk_node_str(const bk_node *n) { return bk__host->node_str(n); }
/* A scalar read as a finite number: 0, or BK_ETYPE when it is not one. */
static inline int bk_node_num(const bk_node *n, double *out) { return bk__host->node_num(n, out); }

/* Options, validated against the plugin's schema, defaults applied. */
static inline int bk_opt_has(bk_section *s, const char *name) { return bk__host->opt_has(s, name); }
static inline const char *bk_opt_str(bk_section *s, const char *name)
{
    return bk__host->opt_str(s, name);
}
/* NAN when the option is unset and has no default. */
static inline double bk_opt_num(bk_section *s, const char *name)
{
    return bk__host->opt_num(s, name);
}
static inline int bk_opt_bool(bk_section *s, const char *name)
{
    return bk__host->opt_bool(s, name);
}
/* The option's YAML value as a node (for LIST and NODE options). */
static inline const bk_node *bk_opt_node(bk_section *s, const char *name)
{
    return bk__host->opt_node(s, name);
}

/* Layout. The cursor is the y (from the page top) where the next block goes. */
static inline double bk_cursor(bk_section *s) { return bk__host->cursor(s); }
static inline void bk_advance(bk_section *s, double pts) { bk__host->advance(s, pts); }
static inline double bk_space_left(bk_section *s) { return bk__host->space_left(s); }
/* Starts a new page unless `pts` fit below the cursor: 1 if it broke, 0 if not. */
static inline int bk_need(bk_section *s, double pts) { return bk__host->need(s, pts); }
static inline int bk_new_page(bk_section *s) { return bk__host->new_page(s); }

/* The engine's own handle (bk_native_kind); NULL when the section's engine
 * does not have that kind. */
static inline void *bk_native(bk_section *s, int kind) { return bk__host->native(s, kind); }
/* Theme colour (bk_color_role) and size in points (bk_size_role). */
static inline bk_rgb bk_color(bk_section *s, int role) { return bk__host->theme_color(s, role); }
static inline double bk_size(bk_section *s, int role) { return bk__host->theme_size(s, role); }

/* Text in either engine, Chinese falling back to the CJK face. y is the top of
 * the line box. bk_text draws one line; bk_text_box wraps to `width` by the
 * Unicode line breaking rules ("\n" starts a new line) and reports the
 * height it used in *height, which may be NULL when it is not wanted. */
static inline double bk_text_width(bk_section *s, int font, double size, const char *t)
{
    return bk__host->text_width(s, font, size, t);
}
static inline double bk_text_height(bk_section *s, int font, double size, double width,
                                    const char *t)
{
    return bk__host->text_height(s, font, size, width, t);
}
static inline int bk_text(bk_section *s, double x, double y, int font, double size, bk_rgb c,
                          const char *t)
{
    return bk__host->text(s, x, y, font, size, c, t);
}
static inline int bk_text_box(bk_section *s, double x, double y, double width, int font,
                              double size, bk_rgb c, int align, const char *t, double *height)
{
    return bk__host->text_box(s, x, y, width, font, size, c, align, t, height);
}
/* Adds a bookmark under the section's own, pointing at the cursor: level 1
 * directly under the section's, level 2 under the last level 1 (other
 * levels are taken as 1 or 2). Level 1 entries are also listed on the
 * contents page under the section's title; level 2 only in the bookmarks. */
static inline int bk_outline(bk_section *s, int level, const char *title)
{
    return bk__host->outline(s, level, title);
}

/* Building blocks, drawn at the cursor; they move the cursor and break pages.
 * A heading is kept with at least three lines of what follows it, and a page
 * break before anything else is drawn carries it to the next page; level 1
 * and 2 headings also add a bookmark under the section's, except one that
 * opens the section (drawn before anything else): that one is the section's
 * title, which has its bookmark already. */
static inline int bk_heading(bk_section *s, int level, const char *text)
{
    return bk__host->heading(s, level, text);
}
static inline int bk_paragraph(bk_section *s, int style, const char *text)
{
    return bk__host->paragraph(s, style, text);
}
static inline int bk_cards(bk_section *s, const bk_card *cards, size_t n)
{
    return bk__host->cards(s, cards, n);
}
static inline int bk_table_draw(bk_section *s, const bk_table *t) { return bk__host->table(s, t); }

/* Since 1.1 (check BK_HOST_HAS(node_text) in a plugin that also runs in a
 * 1.0 host). The text form of `key` in the document's language, with
 * English as the fallback: the data convention is `label` (English) beside
 * `label_zh` (Chinese); `name_en`/`name_zh` work the same way. A missing
 * Chinese form is listed by `briefkit validate`. */
static inline const bk_node *bk_text_node(bk_section *s, const bk_node *map, const char *key)
{
    return bk__host->node_text(s, map, key);
}
static inline const char *bk_text_of(bk_section *s, const bk_node *map, const char *key)
{
    return bk__host->node_str(bk__host->node_text(s, map, key));
}

/* Since 1.1. value × scale as a reader of the document's language counts:
 * 万, 亿 and 万亿 in Chinese (402,500万元 is 40.25亿元), thousands separators
 * and million/billion/trillion in English; four significant digits, at most
 * two decimals. `scale` is the data's: NULL, "thousand", "million",
 * "billion", "trillion", "万", "亿" or "万亿". `unit` is the base unit in the
 * document's language ("元", "yuan", "%"), may be NULL. `qualifier` is NULL
 * or "more_than", "over", "nearly", "about" (超, 逾, 近, 约). `magnitude` 0
 * lets the host choose; pass bk_number_magnitude() of the largest value to
 * put a whole axis in one unit. BK_EINVAL for NaN, infinity, an unknown
 * scale or qualifier, or too small an `out`. */
static inline int bk_format_number(bk_section *s, double value, const char *scale, const char *unit,
                                   const char *qualifier, double magnitude, int part, char *out,
                                   size_t size)
{
    return bk__host->format_number(s, value, scale, unit, qualifier, magnitude, part, out, size);
}
static inline double bk_number_magnitude(bk_section *s, double value, const char *scale)
{
    return bk__host->number_magnitude(s, value, scale);
}
/* Since 1.1. A change (in percent, or in percentage points) as a phrase:
 * 同比增长6.1%, 环比下降0.5个百分点, 持平; up 6.1% year on year, unchanged. */
static inline int bk_format_change(bk_section *s, double change, int kind, int basis, char *out,
                                   size_t size)
{
    return bk__host->format_change(s, change, kind, basis, out, size);
}
/* Since 1.1. "2025-03-01" as 2025年3月1日 / 1 March 2025; "2025-03" as
 * 2025年3月 / March 2025; "2025" as 2025年 / 2025. */
static inline int bk_format_date(bk_section *s, const char *iso, char *out, size_t size)
{
    return bk__host->format_date(s, iso, out, size);
}

#ifdef __cplusplus
}
#endif
#endif
