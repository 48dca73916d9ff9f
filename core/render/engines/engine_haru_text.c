/* The libharu engine's text operations (bk_engine_ops): widths from the
 * fonts' own metrics, one line drawn run by run on one baseline, and lines
 * broken by UAX #14 through libunibreak. libharu has no kerning, so a
 * line's width is the sum of its characters'. */
#include "engine_haru.h"
#include "kinsoku.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <linebreak.h>

#include <briefkit/section.h>

#include "errors.h"

static double run_width(HPDF_Font font, const char *run, size_t len)
{
    HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)run, (HPDF_UINT)len);
    return tw.width;
}

static void add_width(bk_engine_ctx *c, HPDF_Font font, const char *run, size_t len, void *arg)
{
    (void)c;
    *(double *)arg += run_width(font, run, len);
}

double bk__haru_text_width(bk_engine_ctx *c, int font, double size, const char *utf8, size_t len)
{
    double w = 0;
    bk__haru_for_each_run(c, font, utf8, len, add_width, &w);
    return bk__haru_failed(c) ? 0 : w * size / 1000.0;
}

struct draw_state {
    double x, y, size;
    int bold;
};

/* WenQuanYi has no bold face. Pango emboldens it synthetically in the cairo
 * engine; here the glyphs are filled and stroked with a thin outline of the
 * same colour, so Chinese in bold roles matches in both engines. */
#define FAKE_BOLD_STROKE 0.035 /* of the font size */

static void show_run(bk_engine_ctx *c, HPDF_Font font, const char *run, size_t len, void *arg)
{
    struct draw_state *d = arg;
    int fake_bold = d->bold && font == c->font[BK_FACE_CJK];
    HPDF_Page_SetFontAndSize(c->page, font, (HPDF_REAL)d->size);
    if (fake_bold) {
        HPDF_Page_SetTextRenderingMode(c->page, HPDF_FILL_THEN_STROKE);
        HPDF_Page_SetLineWidth(c->page, (HPDF_REAL)(d->size * FAKE_BOLD_STROKE));
    }
    HPDF_Page_TextOut(c->page, (HPDF_REAL)d->x, (HPDF_REAL)d->y, run);
    if (fake_bold)
        HPDF_Page_SetTextRenderingMode(c->page, HPDF_FILL);
    d->x += run_width(font, run, len) * d->size / 1000.0;
}

int bk__haru_draw_text(bk_engine_ctx *c, double x, double y, int font, double size, bk_rgb color,
                       const char *utf8, size_t len)
{
    if (bk__haru_failed(c))
        return c->err.code ? c->err.code : BK_EPDF;
    if (!c->page)
        return bk__error(&c->err, BK_EINVAL, NULL, "text drawn before the first page");
    /* The role's Latin face sets the baseline for every run, so a line that
     * mixes scripts stays on one baseline; its ascent-to-descent box is
     * centred in the line box, as the Cairo engine does with Pango's. */
    double ascent, descent;
    bk__fonts_v_metrics(c->fonts, bk__haru_latin_face(c->fonts, font), &ascent, &descent);
    double baseline =
        y + (bk__theme_line_h(c->theme, size) - (ascent + descent) * size) / 2 + ascent * size;
    struct draw_state d = {x, c->page_h - baseline, size,
                           font == BK_FONT_BOLD || font == BK_FONT_FIGURE};
    HPDF_Page_SetRGBFill(c->page, (HPDF_REAL)color.r, (HPDF_REAL)color.g, (HPDF_REAL)color.b);
    if (d.bold)
        HPDF_Page_SetRGBStroke(c->page, (HPDF_REAL)color.r, (HPDF_REAL)color.g, (HPDF_REAL)color.b);
    HPDF_Page_BeginText(c->page);
    bk__haru_for_each_run(c, font, utf8, len, show_run, &d);
    HPDF_Page_EndText(c->page);
    if (bk__haru_failed(c))
        return c->err.code ? c->err.code : BK_EPDF;
    return 0;
}

static int is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000;
}

static int is_newline(uint32_t cp)
{
    return cp == '\n' || cp == 0x2028 || cp == 0x2029;
}

static pthread_once_t linebreak_once = PTHREAD_ONCE_INIT;

/* One character of the text being broken. */
struct bk_char {
    size_t start, end;
    double width;
    uint32_t cp;
    char brk; /* libunibreak's verdict on a break after it */
};

static int push_line(bk_line **lines, size_t *n, size_t *cap, const struct bk_char *ch, size_t from,
                     size_t to, size_t text_pos)
{
    /* Trailing spaces and the newline hang past the line's end. */
    while (to > from && is_space(ch[to - 1].cp))
        to--;
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 8;
        bk_line *l = realloc(*lines, nc * sizeof *l);
        if (!l)
            return -1;
        *lines = l;
        *cap = nc;
    }
    bk_line *l = &(*lines)[(*n)++];
    l->start = from < to ? ch[from].start : text_pos;
    l->len = from < to ? ch[to - 1].end - ch[from].start : 0;
    l->width = 0;
    for (size_t k = from; k < to; k++)
        l->width += ch[k].width;
    return 0;
}

int bk__haru_break_lines(bk_engine_ctx *c, int font, double size, double width, const char *utf8,
                         bk_line **lines, size_t *n, bk_error *err)
{
    *lines = NULL;
    *n = 0;
    if (bk__haru_failed(c))
        return bk__haru_report(c, err);
    pthread_once(&linebreak_once, init_linebreak);
    size_t len = strlen(utf8);
    char *brks = malloc(len ? len : 1);
    struct bk_char *ch = calloc(len ? len : 1, sizeof *ch);
    bk_line *out = NULL;
    size_t nout = 0, cap = 0;
    int rc = 0;
    if (!brks || !ch) {
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory breaking lines");
        goto done;
    }
    set_linebreaks_utf8((const utf8_t *)utf8, len, c->lang, brks);

    /* Widths per character: libharu has no kerning, so a line's width is
     * the sum of its characters'. */
    size_t nch = 0;
    for (size_t i = 0; i < len;) {
        size_t at = i;
        long cp = bk__haru_next_cp((const unsigned char *)utf8, len, &i);
        struct bk_char *k = &ch[nch++];
        k->start = at;
        k->end = i;
        k->cp = cp < 0 ? 0xFFFD : (uint32_t)cp;
        k->brk = brks[i - 1];
        k->width = 0;
        if (cp >= 0 && !is_newline(k->cp) && k->cp != '\r')
            bk__haru_for_each_run(c, font, utf8 + at, i - at, add_width, &k->width);
        k->width *= size / 1000.0;
    }
    if (bk__haru_failed(c)) {
        rc = bk__haru_report(c, err);
        goto done;
    }

    size_t from = 0;    /* first character of the current line */
    size_t last_ok = 0; /* a break is allowed after ch[last_ok - 1]; 0: none yet */
    double w = 0;       /* width of ch[from..k) */
    int ended_by_newline = 0;
    for (size_t k = 0; k < nch;) {
        if (!is_space(ch[k].cp) && k > from && w + ch[k].width > width) {
            /* Break at the last opportunity, or inside the word if there is
             * none: a word wider than the line is cut anywhere. */
            size_t to = last_ok > from ? last_ok : k;
            if (push_line(&out, &nout, &cap, ch, from, to, ch[from].start) != 0) {
                rc = bk__error(err, BK_ENOMEM, NULL, "out of memory breaking lines");
                goto done;
            }
            from = k = to;
            last_ok = 0;
            w = 0;
            continue;
        }
        w += ch[k].width;
        if (ch[k].brk == LINEBREAK_MUSTBREAK && k + 1 < nch) {
            if (push_line(&out, &nout, &cap, ch, from, k + 1, ch[from].start) != 0) {
                rc = bk__error(err, BK_ENOMEM, NULL, "out of memory breaking lines");
                goto done;
            }
            from = k + 1;
            last_ok = 0;
            w = 0;
        } else if (ch[k].brk == LINEBREAK_ALLOWBREAK &&
                   (k + 1 >= nch || bk__kinsoku_may_break(ch[k].cp, ch[k + 1].cp))) {
            last_ok = k + 1;
        }
        k++;
    }
    /* The last line; "" and a text ending in a newline end with an empty
     * line, as Pango lays them out. */
    ended_by_newline = nch > 0 && is_newline(ch[nch - 1].cp);
    if (push_line(&out, &nout, &cap, ch, from, nch, from < nch ? ch[from].start : len) != 0 ||
        (ended_by_newline && push_line(&out, &nout, &cap, ch, nch, nch, len) != 0)) {
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory breaking lines");
        goto done;
    }
    *lines = out;
    *n = nout;
    out = NULL;
done:
    free(out);
    free(brks);
    free(ch);
    return rc;
}
