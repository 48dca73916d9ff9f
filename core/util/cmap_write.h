/* Internal: the ToUnicode CMap of a font whose 2-byte codes are glyph ids
 * (Identity-H), in the one form briefkit writes it: the libharu engine for
 * the fonts it draws by glyph id, and assembly for the fonts it embeds once
 * per face. Each keeps what a glyph stands for in its own way, so it hands
 * the text over through a callback. */
#ifndef BK_CMAP_WRITE_H
#define BK_CMAP_WRITE_H

#include <stdint.h>

#include "byte_buf.h"

/* Glyph g's text: 0 when it stands for nothing (unused, or no text); else
 * 1, having appended the text to `b` with bk__cmap_put_char, unless `b` is
 * NULL (then it only says whether there is any). */
typedef int (*bk_cmap_glyph_text)(bk_buf *b, const void *ctx, unsigned g);

/* Appends the CMap of glyphs [0, n_glyphs) to `b`. Check b->failed after. */
void bk__cmap_write(bk_buf *b, unsigned n_glyphs, bk_cmap_glyph_text text, const void *ctx);
/* Appends code point `cp` as UTF-16BE hex (a surrogate pair above the BMP). */
void bk__cmap_put_char(bk_buf *b, uint32_t cp);

#endif
