/* Internal: the libharu engine's reaches into libharu's own structures
 * (engine_haru_patches.c), each a workaround for something libharu 2.3.0
 * (Debian 12) does not offer or does wrong. The rest of the engine calls
 * these and libharu's public API only. */
#ifndef BK_ENGINE_HARU_PATCHES_H
#define BK_ENGINE_HARU_PATCHES_H

#include <stddef.h>

#include <hpdf.h>

#include "deflate_cache.h"

/* The pages in `doc` so far. */
int bk__haru_patch_page_count(HPDF_Doc doc);

/* ---- text drawn by glyph id (engine_haru_glyphs.c) ---- */

/* libharu 2.3.0 draws text only through its encoders, character by
 * character, so it can neither show the glyphs HarfBuzz chose nor embed a
 * font it did not read itself. A Type0 font with an Identity map (CID =
 * glyph id of the face) is made here as plain objects (an HPDF_Dict, as
 * void *: the type is libharu's own); its font file, widths and ToUnicode
 * map are added by bk__haru_patch_cid_font_finish. NULL when libharu
 * fails (the handler says why). */
void *bk__haru_patch_cid_font_new(HPDF_Doc doc, const char *base_name);

/* What bk__haru_patch_cid_font_finish puts in a font. */
typedef struct bk_haru_cid_font_data {
    const unsigned char *file; /* the TrueType font file, glyph ids kept */
    size_t file_len;
    const char *cmap; /* the ToUnicode CMap */
    size_t cmap_len;
    const unsigned *gids; /* ascending, with their widths (1/1000 em) */
    const int *widths;
    size_t n;
    int bbox[4], ascent, descent; /* 1/1000 em */
} bk_haru_cid_font_data;

/* Adds the font file, widths and ToUnicode map to `type0`; 0 or -1. */
int bk__haru_patch_cid_font_finish(HPDF_Doc doc, void *type0, const bk_haru_cid_font_data *d);

/* Puts `font` in `page`'s font resources as `name`; 0 or -1. */
int bk__haru_patch_page_font(HPDF_Page page, const char *name, void *font);

/* Writes content operators to `page` as they are: libharu has no call for
 * text shown by glyph id. The caller keeps them balanced (BT/ET, q/Q) and
 * outside any text object libharu opened. 0 or -1. */
int bk__haru_patch_page_write(HPDF_Page page, const char *ops, size_t len);

#endif
