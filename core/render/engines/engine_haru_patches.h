/* Internal: the libharu engine's reaches into libharu's own structures
 * (engine_haru_patches.c), each a workaround for something libharu 2.3.0
 * (Debian 12) does not offer or does wrong. The rest of the engine calls
 * these and libharu's public API only. */
#ifndef BK_ENGINE_HARU_PATCHES_H
#define BK_ENGINE_HARU_PATCHES_H

#include <stddef.h>

#include <hpdf.h>

#include "deflate_cache.h"

/* The key that marks a Type0 font's CIDToGIDMap stream the engine stored
 * already deflated but without a /Filter (engine_haru_patches.c says why);
 * the repair at assembly names the filter and drops the key. As libharu
 * writes dictionary keys: without the leading slash. */
#define BK_HARU_DEFLATED_KEY "BriefkitDeflated"

/* Makes the next TrueType font loaded into `doc` take the tag "HPDFA"
 * followed by the letter of `face` (1: 'A', ...). */
void bk__haru_patch_font_tag(HPDF_Doc doc, int face);

/* Makes font `name`, loaded from a file, read its glyphs at save from
 * data[0..len) (which must outlive `doc`) instead of its file. 0; -1 with
 * *why set when it cannot. */
int bk__haru_patch_font_from_memory(HPDF_Doc doc, const char *name, unsigned char *data, size_t len,
                                    const char **why);

/* Stores Type0 font `font`'s CIDToGIDMap deflated and marked with
 * BK_HARU_DEFLATED_KEY (engine_haru.h). `handler_error` is where the
 * document's error handler keeps the first error: the end-of-stream error
 * libharu reports on reading the map is no failure and is cleared there.
 * 0, or -1 on failure. */
int bk__haru_patch_deflate_cid_map(HPDF_Doc doc, HPDF_Font font, bk_deflate_cache *deflated,
                                   HPDF_STATUS *handler_error);

/* Makes every font's descriptor and font file now, as HPDF_SaveToStream
 * would, then keeps the save from deflating the CIDToGIDMaps again. 0, or
 * -1 when libharu fails (its handler says why, in *handler_error). */
int bk__haru_patch_fonts_before_save(HPDF_Doc doc, const HPDF_STATUS *handler_error);

/* The pages in `doc` so far. */
int bk__haru_patch_page_count(HPDF_Doc doc);

#endif
