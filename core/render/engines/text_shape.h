/* Internal: a line of text shaped into positioned glyphs, as Pango would
 * set it, for the engines that place glyphs themselves (libharu).
 *
 * The text is split into runs of one face (the font chain, font_chain.h,
 * with a combining mark kept on its base's face), one script and one
 * bidirectional level (FriBidi, the paragraph's direction taken from its
 * first strong character, as Pango does); each run is shaped by HarfBuzz
 * with the face's own features, and the runs are put in visual order. So
 * Arabic-script text joins and reads right to left, Tibetan stacks, marks
 * sit on their bases and ligatures form, the same glyphs Pango picks. */
#ifndef BK_TEXT_SHAPE_H
#define BK_TEXT_SHAPE_H

#include <stddef.h>
#include <stdint.h>

#include <briefkit/error.h>

#include "fonts.h"

typedef struct bk_glyph {
    int face;     /* bk_face */
    uint32_t gid; /* in the face itself */
    /* In ems (multiply by the font size for points); y up. */
    double x_advance, x_offset, y_offset;
    /* Bytes [cluster, cluster_end) of the text that the glyph's cluster
     * stands for; every glyph of a cluster has the same. */
    size_t cluster, cluster_end;
    int rtl; /* from a right-to-left run */
} bk_glyph;

typedef struct bk_shaped {
    bk_glyph *g; /* in visual order, left to right */
    size_t n, cap;
    double width; /* ems */
    int complex;  /* some glyph is not one character's own: combined, a ligature */
    int rtl;      /* some run is right to left */
} bk_shaped;

/* The paragraph direction bk__shape lays text out in. */
#define BK_DIR_AUTO -1 /* from the first strong character, as Pango does */
#define BK_DIR_LTR 0
#define BK_DIR_RTL 1

/* Shapes utf8[0..len) in font role `role` (BK_FONT_*) for language `lang`
 * ("en", "zh"; NULL: none) in paragraph direction `dir` (a line of a
 * paragraph takes the paragraph's). Malformed UTF-8 is skipped. *out is
 * reset; free it with bk__shaped_free. Returns 0 or BK_ENOMEM. */
int bk__shape(const bk_fonts *fonts, int role, const char *lang, int dir, const char *utf8,
              size_t len, bk_shaped *out, bk_error *err);
/* The direction of a paragraph: that of its first strong character, LTR
 * when it has none. */
int bk__shape_paragraph_dir(const char *utf8, size_t len);
void bk__shaped_free(bk_shaped *s);

#endif
