/* The libharu engine's text operations (bk_engine_ops): every string is
 * shaped (text_shape.c) for its width and drawn by glyph id
 * (engine_haru_glyphs.c), and lines are broken by UAX #14 through
 * libunibreak at the ends of shaped clusters, less the breaks the Chinese
 * prohibitions forbid (kinsoku.h). */
#include "engine_haru.h"
#include "kinsoku.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <linebreak.h>

#include <briefkit/section.h>

#include "errors.h"
#include "utf8.h"
#include "font_chain.h"

static const char *lang_of(const bk_engine_ctx *c)
{
    return c->lang[0] ? c->lang : NULL;
}

/* A line keeps the direction of the paragraph it was broken from (the
 * last one break_lines saw, when the line lies in it); other text finds
 * its own. */
static int dir_of(const bk_engine_ctx *c, const char *utf8, size_t len)
{
    if (c->para && utf8 >= c->para && len <= c->para_len &&
        (size_t)(utf8 - c->para) <= c->para_len - len)
        return c->para_dir;
    return BK_DIR_AUTO;
}

/* HarfBuzz makes a font's cmap, layout tables and shape plans ready on the
 * first text it shapes: done here in the process about to fork sections,
 * they are made once for all of them instead of once in each child. */
int bk__haru_warm(bk_fonts *fonts, const uint32_t *cps, size_t n_cps, bk_error *err)
{
    (void)cps;
    (void)n_cps;
    static const char sample[] = "Aa 1.5% \xe2\x86\x91 \xe4\xb8\xad\xe6\x96\x87";
    static const int roles[] = {BK_FONT_BODY, BK_FONT_BOLD, BK_FONT_MONO};
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++) {
        bk_shaped sh = {0};
        int rc = bk__shape(fonts, roles[i], NULL, BK_DIR_LTR, sample, sizeof sample - 1, &sh, err);
        bk__shaped_free(&sh);
        if (rc)
            return rc;
    }
    return 0;
}

double bk__haru_text_width(bk_engine_ctx *c, int font, double size, const char *utf8, size_t len)
{
    bk_shaped sh = {0};
    if (bk__shape(c->fonts, font, lang_of(c), dir_of(c, utf8, len), utf8, len, &sh, &c->err) != 0) {
        bk__shaped_free(&sh);
        return 0;
    }
    double w = sh.width * size;
    bk__shaped_free(&sh);
    return w;
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
    bk_face chain[BK_FONT_CHAIN_MAX];
    bk__font_chain(c->fonts, font, chain);
    bk__fonts_v_metrics(c->fonts, chain[0], &ascent, &descent);
    double baseline =
        y + (bk__theme_line_h(c->theme, size) - (ascent + descent) * size) / 2 + ascent * size;
    bk_shaped sh = {0};
    int rc = bk__shape(c->fonts, font, lang_of(c), dir_of(c, utf8, len), utf8, len, &sh, &c->err);
    if (rc == 0)
        rc = bk__haru_show_glyphs(c, x, baseline, font, size, color, utf8, len, &sh);
    bk__shaped_free(&sh);
    if (bk__haru_failed(c))
        return c->err.code ? c->err.code : BK_EPDF;
    return rc;
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
    uint32_t *cps = NULL;
    unsigned char *allow = NULL;
    size_t nout = 0, cap = 0;
    int rc = 0;
    if (!brks || !ch) {
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory breaking lines");
        goto done;
    }
    set_linebreaks_utf8((const utf8_t *)utf8, len, c->lang, brks);

    /* Widths per character from the shaped text: a cluster's advance goes
     * to its first character, and a break is allowed only where a cluster
     * ends, so joined letters, stacks and marks are never split. */
    size_t nch = 0;
    for (size_t i = 0; i < len;) {
        size_t at = i;
        long cp = bk__utf8_next((const unsigned char *)utf8, len, &i);
        struct bk_char *k = &ch[nch++];
        k->start = at;
        k->end = i;
        k->cp = cp < 0 ? 0xFFFD : (uint32_t)cp;
        k->brk = brks[i - 1];
        k->width = 0;
    }
    c->para = utf8;
    c->para_len = len;
    c->para_dir = bk__shape_paragraph_dir(utf8, len);
    bk_shaped sh = {0};
    if (bk__shape(c->fonts, font, lang_of(c), c->para_dir, utf8, len, &sh, err) != 0) {
        rc = err ? err->code : BK_ENOMEM;
        bk__shaped_free(&sh);
        goto done;
    }
    /* Glyphs come in visual order, clusters by their first byte. */
    for (size_t g = 0; g < sh.n; g++) {
        size_t lo = 0, hi = nch;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (ch[mid].start < sh.g[g].cluster)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo < nch && !is_newline(ch[lo].cp) && ch[lo].cp != '\r')
            ch[lo].width += sh.g[g].x_advance * size;
        for (size_t k = lo; k + 1 < nch && ch[k + 1].start < sh.g[g].cluster_end; k++)
            if (ch[k].brk == LINEBREAK_ALLOWBREAK)
                ch[k].brk = LINEBREAK_NOBREAK;
    }
    bk__shaped_free(&sh);
    if (bk__haru_failed(c)) {
        rc = bk__haru_report(c, err);
        goto done;
    }
    /* The Chinese prohibitions, the Cairo engine's too (kinsoku.h). */
    cps = malloc((nch ? nch : 1) * sizeof *cps);
    allow = malloc(nch ? nch : 1);
    if (!cps || !allow) {
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory breaking lines");
        goto done;
    }
    for (size_t k = 0; k < nch; k++) {
        cps[k] = ch[k].cp;
        allow[k] = ch[k].brk == LINEBREAK_ALLOWBREAK;
    }
    bk__kinsoku_apply(cps, nch, allow);
    for (size_t k = 0; k < nch; k++)
        if (ch[k].brk == LINEBREAK_ALLOWBREAK && !allow[k])
            ch[k].brk = LINEBREAK_NOBREAK;

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
        } else if (ch[k].brk == LINEBREAK_ALLOWBREAK) {
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
    free(cps);
    free(allow);
    free(brks);
    free(ch);
    return rc;
}
