/* Internal: a text broken into lines by the engine's own line breaker, and
 * those lines drawn one by one, for the building blocks (blocks.c,
 * table_block.c).
 *
 * Breaking once and drawing line by line is what lets a block measure its
 * height before drawing and split between pages at a line boundary. */
#ifndef BK_TEXT_LINES_H
#define BK_TEXT_LINES_H

#include <stddef.h>

#include "section_state.h"

/* A text broken into lines, with the font it was broken for. */
typedef struct bk_wrapped {
    const char *text; /* not owned; "" for no text */
    bk_line *lines;   /* malloc'd */
    size_t n;
    int font;
    double size, lh;
} bk_wrapped;

/* Breaks `text` (NULL or "": no lines) to `width` in `font` at `size`.
 * Returns 0 or a recorded error; free the lines with bk__unwrap(). */
int bk__wrap(bk_section_state *st, bk_wrapped *w, const char *text, int font, double size,
             double width);
void bk__unwrap(bk_wrapped *w);
/* The height of all its lines. */
double bk__wrapped_h(const bk_wrapped *w);
/* Draws lines [from, to) with the first line box's top at y, each placed
 * in `width` by `align` (BK_ALIGN_LEFT, _RIGHT or _CENTER). */
int bk__draw_lines(bk_section_state *st, const bk_wrapped *w, size_t from, size_t to, double x,
                   double y, double width, int align, bk_rgb color);

#endif
