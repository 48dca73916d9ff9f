/* Internal: what a drawing engine does for the host. blocks.c and the host
 * table are written once against these operations; engine_haru.c and
 * engine_cairo.c implement them. Coordinates are points from the page's
 * top-left, y down, in both. */
#ifndef BK_ENGINE_H
#define BK_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include <briefkit/blocks.h>
#include <briefkit/error.h>

#include "fonts.h"
#include "theme.h"

typedef struct bk_engine_ctx bk_engine_ctx; /* engine-private */
typedef struct bk_haru_proto bk_haru_proto; /* engine-private */

/* A line found by break_lines: bytes [start, start+len) of the text, without
 * the trailing spaces or newline, and its width. */
typedef struct bk_line {
    size_t start, len;
    double width;
} bk_line;

/* The largest page side a PDF may have, in points: 14,400 units of default
 * user space, 200 inches (ISO 32000-1, annex C). Engines and the section
 * runner refuse larger pages rather than write a file viewers reject. */
#define BK_MAX_PAGE_SIDE 14400.0

typedef struct bk_engine_setup {
    double page_w, page_h; /* points, each at most BK_MAX_PAGE_SIDE */
    bk_fonts *fonts;
    const bk_theme *theme;
    const char *lang;
    /* haru: the characters the section may draw, for font subsetting. */
    const uint32_t *codepoints;
    size_t n_codepoints;
    /* haru: a prototype document to take over instead of starting one, when
     * it fits (bk__engine_haru_proto_new); NULL: none. */
    bk_haru_proto *proto;
} bk_engine_setup;

typedef struct bk_engine_ops {
    const char *name; /* "haru" or "cairo" */
    /* Starts a page; the first page too. */
    int (*page_begin)(bk_engine_ctx *c, bk_error *err);
    double (*text_width)(bk_engine_ctx *c, int font, double size, const char *utf8, size_t len);
    /* Breaks by UAX #14 (Pango / libunibreak) to `width`; mandatory breaks at
     * "\n". *lines is malloc'd. A word wider than `width` is broken anywhere. */
    int (*break_lines)(bk_engine_ctx *c, int font, double size, double width, const char *utf8,
                       bk_line **lines, size_t *n, bk_error *err);
    /* One line, y = top of its line box (size * leading high). */
    int (*draw_text)(bk_engine_ctx *c, double x, double y, int font, double size, bk_rgb color,
                     const char *utf8, size_t len);
    void (*fill_rect)(bk_engine_ctx *c, double x, double y, double w, double h, bk_rgb color);
    void (*stroke_line)(bk_engine_ctx *c, double x1, double y1, double x2, double y2,
                        double width, bk_rgb color);
    void *(*native)(bk_engine_ctx *c, int kind);
    /* Ends the document; *pdf is malloc'd. */
    int (*finish)(bk_engine_ctx *c, unsigned char **pdf, size_t *len, bk_error *err);
    void (*destroy)(bk_engine_ctx *c);
} bk_engine_ops;

/* Creates a document of one engine; `*ops` says how to drive it. haru: codepoints
 * drawn that were not in setup->codepoints are collected; see
 * bk__engine_haru_missing(). */
int bk__engine_haru_new(const bk_engine_setup *s, const bk_engine_ops **ops,
                        bk_engine_ctx **out, bk_error *err);
int bk__engine_cairo_new(const bk_engine_setup *s, const bk_engine_ops **ops,
                         bk_engine_ctx **out, bk_error *err);
/* Lays `sample` out in every font role at every type size of the theme, in
 * a throwaway cairo document, so that a process about to fork cairo
 * sections has Pango's fonts, fontsets and glyph metrics loaded once for
 * all of them instead of once in each. Pango starts threads while it loads
 * fonts; the caller waits for them before it forks. */
void bk__engine_cairo_warm(const bk_engine_setup *s, const char *sample);
/* Characters a haru section tried to draw that its font subset lacks, so the
 * caller can render it again with them. */
size_t bk__engine_haru_missing(bk_engine_ctx *c, const uint32_t **cps);
/* Pages in a haru document so far, however they were added (a plugin may
 * add them through the native HPDF_Doc), so sections sharing one document
 * can check where each one's pages are. */
int bk__engine_haru_pages(const bk_engine_ctx *c);

/* A libharu document with the Latin and CJK faces already loaded for `cps`
 * (as bk_engine_setup has them), made once in a process that then forks:
 * libharu's Type0 font set-up walks all 65,536 codes, a large part of a
 * briefing's cost. The first bk__engine_haru_new in a forked child whose
 * setup names it and has the same fonts and characters takes the document
 * over; the maker never does, and nobody does twice. Only the fragment's
 * object numbers differ (fonts first), which the assembler renumbers, so a
 * briefing's bytes are the same either way. */
int bk__engine_haru_proto_new(bk_fonts *fonts, const uint32_t *cps, size_t n_cps,
                              bk_haru_proto **out, bk_error *err);
void bk__engine_haru_proto_free(bk_haru_proto *p);

#endif
