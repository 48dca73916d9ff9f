/* The default briefing theme: a sober navy-and-teal palette that prints well
 * in greyscale, and a type scale built around a 10.5 pt body. */
#include "theme.h"

#include <string.h>

static bk_rgb hex(unsigned v)
{
    bk_rgb c = {((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0};
    return c;
}

/* "#rrggbb" into *out: 0, or -1 when it is not one. */
static int parse_hex(const char *s, bk_rgb *out)
{
    if (!s || s[0] != '#' || strlen(s) != 7)
        return -1;
    unsigned v = 0;
    for (int i = 1; i < 7; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + (unsigned)d;
    }
    *out = hex(v);
    return 0;
}

int bk__theme_trend_colors(bk_theme *t, const char *lang, const char *rise, const char *fall)
{
    bk_rgb up = t->colors[BK_COLOR_UP], down = t->colors[BK_COLOR_DOWN];
    if (lang && strcmp(lang, "zh") == 0) {
        up = hex(0xc8102e);
        down = hex(0x1a7f37);
    }
    if ((rise && parse_hex(rise, &up) < 0) || (fall && parse_hex(fall, &down) < 0))
        return -1;
    t->colors[BK_COLOR_UP] = up;
    t->colors[BK_COLOR_DOWN] = down;
    return 0;
}

void bk__theme_default(bk_theme *t)
{
    t->colors[BK_COLOR_TEXT] = hex(0x1f2328);
    t->colors[BK_COLOR_MUTED] = hex(0x5f6b76);
    t->colors[BK_COLOR_ACCENT] = hex(0x1d3f72);
    t->colors[BK_COLOR_ACCENT2] = hex(0xc8842b);
    t->colors[BK_COLOR_RULE] = hex(0xc9d1d9);
    t->colors[BK_COLOR_FILL] = hex(0xf1f4f8);
    t->colors[BK_COLOR_UP] = hex(0x1a7f37);
    t->colors[BK_COLOR_DOWN] = hex(0xb42318);
    t->alert = hex(0xb42318);
    static const unsigned series[6] = {0x1d3f72, 0x2a9d8f, 0xc8842b, 0x7a5195, 0xe76f51, 0x6c8ead};
    for (int i = 0; i < 6; i++)
        t->colors[BK_COLOR_SERIES0 + i] = hex(series[i]);

    t->sizes[BK_SIZE_BODY] = 10.5;
    t->sizes[BK_SIZE_SMALL] = 8.5;
    t->sizes[BK_SIZE_H1] = 20.0;
    t->sizes[BK_SIZE_H2] = 14.0;
    t->sizes[BK_SIZE_H3] = 11.5;
    t->sizes[BK_SIZE_FIGURE] = 20.0;
    t->sizes[BK_SIZE_GAP] = 10.0;
    t->sizes[BK_SIZE_LEADING] = 1.45;
}
