/* Internal: a TrueType font cut down to some of its glyphs with their
 * glyph ids kept, for a CID font whose CIDs are those ids (glyph_subset.c
 * says why this is not hb-subset). */
#ifndef BK_GLYPH_SUBSET_H
#define BK_GLYPH_SUBSET_H

#include <stddef.h>

#include <harfbuzz/hb.h>

/* The glyphs marked in used[0..n_used) (a byte per glyph id), .notdef and
 * the components they are made of; *out is malloc'd. 0, or -1 when the
 * face lacks a table it needs or memory runs out. */
int bk__glyph_subset(hb_face_t *face, const unsigned char *used, size_t n_used, unsigned char **out,
                     size_t *out_len);

#endif
