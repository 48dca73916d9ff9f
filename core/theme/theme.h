/* Internal: the briefing's colours and type sizes. Plugins read them through
 * bk_color()/bk_size(), so no plugin carries bare layout numbers. */
#ifndef BK_THEME_H
#define BK_THEME_H

#include <briefkit/blocks.h>

typedef struct bk_theme {
    bk_rgb colors[BK_COLOR_COUNT_];
    double sizes[BK_SIZE_COUNT_];
    /* What the core marks as wrong (a "section unavailable" page): red in
     * every language, unlike BK_COLOR_DOWN, which is green for a Chinese
     * reader. Not a plugin colour role. */
    bk_rgb alert;
} bk_theme;

/* The height of a line of text at `size`: the box both engines centre a
 * line in, and what blocks move down by. */
static inline double bk__theme_line_h(const bk_theme *t, double size)
{
    return size * t->sizes[BK_SIZE_LEADING];
}

/* A lead paragraph's size over the body's (blocks.c). */
#define BK_LEAD_SCALE 1.15

void bk__theme_default(bk_theme *t);

/* The colours of a rise and a fall: green and red for an English reader,
 * red and green for a Chinese one (red is the colour of growth in Chinese
 * statistics and markets); `rise` and `fall` ("#rrggbb", from the
 * template's document.colors) override either. Returns -1, changing
 * nothing, when one is not a colour. */
int bk__theme_trend_colors(bk_theme *t, const char *lang, const char *rise, const char *fall);

#endif
