/* Internal: a glyph of one of briefkit's faces found again in a font
 * another writer cut down from it (glyph_match.c says how), so that the
 * assembler can embed every face once (font_unify.c). */
#ifndef BK_GLYPH_MATCH_H
#define BK_GLYPH_MATCH_H

#include <stddef.h>
#include <stdint.h>

#include <harfbuzz/hb.h>

/* The tables of a TrueType face that hold its glyphs, borrowed from HarfBuzz. */
typedef struct bk_ttf {
    hb_blob_t *glyf_b, *loca_b, *hmtx_b;
    const unsigned char *glyf, *loca, *hmtx;
    unsigned glyf_len, loca_len, hmtx_len;
    int long_loca;
    unsigned n_glyphs, n_hmetrics;
} bk_ttf;

/* 0, or -1 when the face lacks one of head, hhea, glyf, loca, hmtx. */
int bk__ttf_open(bk_ttf *t, hb_face_t *face);
void bk__ttf_close(bk_ttf *t);
/* The glyph's advance, in font units. */
unsigned bk__ttf_advance(const bk_ttf *t, unsigned gid);

typedef struct bk_glyph_index bk_glyph_index;

/* The glyph of `face` (its tables and HarfBuzz font) that draws glyph `sg`
 * of `st`, which stands for `text` (0-terminated; NULL: unknown), or -1.
 * *ix is the face's index, made on first need (start with NULL; free it
 * with bk__glyph_index_free). */
long bk__glyph_match(const bk_ttf *face, hb_font_t *font, bk_glyph_index **ix, const bk_ttf *st,
                     unsigned sg, const uint32_t *text);
void bk__glyph_index_free(bk_glyph_index *ix);

#endif
