/* Text broken into lines and drawn line by line (text_lines.h): the part
 * of the building blocks that headings, paragraphs, cards and tables all
 * use, so each block wraps and places a line the same way. */
#include "text_lines.h"

#include <stdlib.h>

int bk__wrap(bk_section_state *st, bk_wrapped *w, const char *text, int font, double size,
             double width)
{
    w->text = text ? text : "";
    w->font = font;
    w->size = size;
    w->lh = bk__state_line_h(st, size);
    w->lines = NULL;
    w->n = 0;
    if (!text || !*text)
        return 0;
    return bk__state_lines(st, font, size, width, text, &w->lines, &w->n);
}

void bk__unwrap(bk_wrapped *w)
{
    free(w->lines);
    w->lines = NULL;
    w->n = 0;
}

double bk__wrapped_h(const bk_wrapped *w)
{
    return (double)w->n * w->lh;
}

int bk__draw_lines(bk_section_state *st, const bk_wrapped *w, size_t from, size_t to, double x,
                   double y, double width, int align, bk_rgb color)
{
    for (size_t i = from; i < to && i < w->n; i++) {
        const bk_line *l = &w->lines[i];
        if (l->len == 0)
            continue;
        double dx = align == BK_ALIGN_RIGHT    ? width - l->width
                    : align == BK_ALIGN_CENTER ? (width - l->width) / 2
                                               : 0;
        int rc = bk__state_text(st, x + dx, y + (double)(i - from) * w->lh, w->font, w->size, color,
                                w->text + l->start, l->len);
        if (rc < 0)
            return rc;
    }
    return 0;
}
