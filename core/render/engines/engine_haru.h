/* Internal: what the files of the libharu engine share; nothing outside the
 * engine includes it. The rest of the core reaches the engine through
 * bk__engine_haru (engine.h).
 *
 *   engine_haru.c          a document: pages, rectangles, lines, saving,
 *                          the class
 *   engine_haru_text.c     measuring, drawing and breaking text, shaped by
 *                          text_shape.c
 *   engine_haru_glyphs.c   the shaped glyphs drawn by glyph id, and the
 *                          fonts that draw them
 *   engine_haru_repair.c   repairs to its fragments at assembly
 *   engine_haru_patches.c  the only reaches into libharu's own structures */
#ifndef BK_ENGINE_HARU_H
#define BK_ENGINE_HARU_H

#include <hpdf.h>

#include "engine.h"
#include "engine_haru_patches.h"
#include "text_shape.h"

/* A face's Type0 font for text drawn by glyph id (engine_haru_glyphs.c). */
typedef struct bk_haru_gfont {
    void *type0;   /* the font's HPDF_Dict; NULL until the face is first drawn */
    char name[16]; /* in the pages' font resources */
    unsigned n_glyphs;
    unsigned char *used; /* a byte per glyph of the face */
    char **text;         /* per glyph: what it stood for, UTF-8; NULL: nothing yet */
} bk_haru_gfont;

struct bk_engine_ctx {
    bk_fonts *fonts;
    bk_deflate_cache *deflated; /* the setup's, for the CIDToGIDMaps */
    const bk_theme *theme;
    char lang[8];
    double page_w, page_h;
    HPDF_Doc doc;
    HPDF_Page page;
    bk_haru_gfont gfont[BK_FACE_COUNT_];
    /* The paragraph break_lines last saw, for the direction of its lines. */
    const char *para;
    size_t para_len;
    int para_dir;
    int n_gfonts;
    HPDF_STATUS hpdf_error, hpdf_detail; /* the first libharu error */
    bk_error err;                        /* the first error of our own */
};

/* ---- engine_haru.c ---- */

/* 1 once the document has failed (libharu's error or ours). */
int bk__haru_failed(const bk_engine_ctx *c);
/* Copies the first failure (ours or libharu's) into `err`; returns its code. */
int bk__haru_report(const bk_engine_ctx *c, bk_error *err);
/* A document with no pages and no fonts yet. */
int bk__haru_doc_new(const bk_engine_setup *s, bk_engine_ctx **out, bk_error *err);
void bk__haru_destroy(bk_engine_ctx *c);

/* ---- engine_haru_text.c: bk_engine_ops' text operations ---- */

/* bk_engine_class.warm: the faces' HarfBuzz data made before a fork. */
int bk__haru_warm(bk_fonts *fonts, const uint32_t *cps, size_t n_cps, bk_error *err);
double bk__haru_text_width(bk_engine_ctx *c, int font, double size, const char *utf8, size_t len);
int bk__haru_draw_text(bk_engine_ctx *c, double x, double y, int font, double size, bk_rgb color,
                       const char *utf8, size_t len);
int bk__haru_break_lines(bk_engine_ctx *c, int font, double size, double width, const char *utf8,
                         bk_line **lines, size_t *n, bk_error *err);

/* ---- engine_haru_glyphs.c: text shown by glyph id ---- */

/* Shows `sh`, the shaped utf8[0..len), from x on `baseline` (points from
 * the page's top) in `role` at `size`. 0 or a negative BK_E* code (also
 * kept in c->err). */
int bk__haru_show_glyphs(bk_engine_ctx *c, double x, double baseline, int role, double size,
                         bk_rgb color, const char *utf8, size_t len, const bk_shaped *sh);
/* Gives each face's font its subset, widths and ToUnicode map; before the
 * document is saved. */
int bk__haru_glyph_fonts_finish(bk_engine_ctx *c);
void bk__haru_glyph_fonts_free(bk_engine_ctx *c);

/* ---- engine_haru_repair.c: bk_engine_class' repair hooks ---- */

int bk__haru_repair(bk_engine_repair **r, qpdf_data out, const qpdf_oh *pages, size_t n,
                    bk_deflate_cache *deflated, bk_error *err);
void bk__haru_repair_free(bk_engine_repair *r);
int bk__haru_repair_prepare(bk_deflate_cache *deflated, bk_error *err);

#endif
