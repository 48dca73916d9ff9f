/* Internal: the drawing engines behind one interface.
 *
 * An engine is two tables. bk_engine_ops is what one document of it does
 * for the host while a plugin draws: blocks.c and the host table are written
 * once against these operations. Coordinates are points from the page's
 * top-left, y down, in every engine. bk_engine_class is what the rest of the
 * core needs to know of an engine beyond drawing: its name, how to start a
 * document, and the optional hooks below (characters it lacked, sections
 * sharing one document, a document prepared before a fork, repairs to its
 * fragments at assembly). The core looks an engine up in the table in
 * engine.c and calls its hooks, so a new engine is its own files plus one
 * line in that table. Only what needs cairo itself (the placeholder page,
 * the Pango warm-up) calls an engine's own entry points below. */
#ifndef BK_ENGINE_H
#define BK_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include <briefkit/blocks.h>
#include <briefkit/error.h>

/* The assembler's handles (a document, an object in it) reach the repair
 * hook as they are. */
#include <qpdf/qpdf-c.h>

#include "deflate_cache.h"
#include "fonts.h"
#include "theme.h"

typedef struct bk_engine_ctx bk_engine_ctx;       /* engine-private */
typedef struct bk_engine_repair bk_engine_repair; /* engine-private */

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

/* Only the Latin faces have a bold face of their own. Text of the other
 * faces (Chinese, Tibetan, ...) in a bold role is drawn by every engine
 * filled and then stroked with an outline of the same colour, this wide as
 * a fraction of the font size, so bold Chinese looks the same in all. */
#define BK_FAKE_BOLD_STROKE 0.035

typedef struct bk_engine_setup {
    double page_w, page_h; /* points, each at most BK_MAX_PAGE_SIDE */
    bk_fonts *fonts;
    const bk_theme *theme;
    const char *lang;
    /* Where the engine deflates large streams it makes (deflate_cache.h);
     * NULL: no cache. */
    bk_deflate_cache *deflated;
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
    void (*stroke_line)(bk_engine_ctx *c, double x1, double y1, double x2, double y2, double width,
                        bk_rgb color);
    void *(*native)(bk_engine_ctx *c, int kind);
    /* Ends the document; *pdf is malloc'd. */
    int (*finish)(bk_engine_ctx *c, unsigned char **pdf, size_t *len, bk_error *err);
    void (*destroy)(bk_engine_ctx *c);
} bk_engine_ops;

/* What the core knows of one engine. Hooks marked optional may be NULL. */
typedef struct bk_engine_class {
    const char *name; /* as templates name it: "haru", "cairo" */
    uint32_t flag;    /* BK_ENGINE_*, as plugins declare the engines they draw with */
    /* Starts a document; `*ops` says how to draw on it. */
    int (*create)(const bk_engine_setup *s, const bk_engine_ops **ops, bk_engine_ctx **out,
                  bk_error *err);
    /* 1: several sections can render one after another into one document
     * (bk__section_render_group), so what the document holds once (fonts)
     * is made and embedded once; `pages` is then required. */
    int shares_document;
    /* Pages in a document so far, however they were added (a plugin may add
     * them through the native handle), so sections sharing one document can
     * check where each one's pages are. */
    int (*pages)(const bk_engine_ctx *c);
    /* Optional: makes, in a process about to fork, what every document of
     * the engine for `fonts` and `cps` would otherwise make again in each
     * child, and keeps it where create() finds it (libharu: HarfBuzz's
     * tables and shape plans for its faces). Only a saving: on failure
     * (returned, for the caller to report as a warning) each document makes
     * its own. */
    int (*warm)(bk_fonts *fonts, const uint32_t *cps, size_t n_cps, bk_error *err);
    /* Optional: repairs, in the assembled document `out`, what the engine's
     * library writes wrong in pages[0..n), the pages copied from one of its
     * fragments; called for every such fragment, in order. *r starts NULL
     * and carries the engine's state from one fragment to the next;
     * repair_free frees it when the assembly ends. Returns 0 or a negative
     * BK_E* code with *err set. */
    int (*repair)(bk_engine_repair **r, qpdf_data out, const qpdf_oh *pages, size_t n,
                  bk_deflate_cache *deflated, bk_error *err);
    void (*repair_free)(bk_engine_repair *r);
    /* Optional: does, in a process about to fork renders, what every
     * assembly's repair would otherwise do again in each: the streams it
     * writes the same every time, deflated into `deflated`. 0, or the
     * failure (only a saving: the repairs then deflate their own). */
    int (*repair_prepare)(bk_deflate_cache *deflated, bk_error *err);
} bk_engine_class;

extern const bk_engine_class bk__engine_haru;
extern const bk_engine_class bk__engine_cairo;

/* The registered engines (engine.c): the engine whose flag it is, or NULL
 * for none; bk__engine_at(i) walks them all, NULL past the last. */
const bk_engine_class *bk__engine_by_flag(uint32_t flag);
const bk_engine_class *bk__engine_at(size_t i);

/* Calls the warm hook of each engine among `engines` (BK_ENGINE_* flags);
 * returns the first failure, after trying every engine. */
int bk__engine_warm(uint32_t engines, bk_fonts *fonts, const uint32_t *cps, size_t n_cps,
                    bk_error *err);

/* The engines' own entry points, behind the classes; tests and the
 * placeholder page call them directly. */
int bk__engine_haru_new(const bk_engine_setup *s, const bk_engine_ops **ops, bk_engine_ctx **out,
                        bk_error *err);
int bk__engine_cairo_new(const bk_engine_setup *s, const bk_engine_ops **ops, bk_engine_ctx **out,
                         bk_error *err);
/* Loads into the Pango font map of s->fonts the fonts every font role
 * needs at every type size of the theme for `sample`, by measuring it in a
 * throwaway cairo document, so that a process about to fork cairo
 * sections has Pango's fonts, fontsets and glyph metrics loaded once for
 * all of them instead of once in each. Pango starts threads while it loads
 * fonts; the caller waits for them before it forks. 0, or the error that
 * kept the document from starting. */
int bk__engine_cairo_load_fonts(const bk_engine_setup *s, const char *sample, bk_error *err);

#endif
