/* The building blocks every briefing needs (heading, flowing paragraph,
 * key-figure cards, table), written once on top of the engine operations so
 * they look the same in libharu and Cairo.
 *
 * Sizes and colours come from the theme; the only numbers here are the small
 * paddings below. Text is always wrapped by the engine's own line breaker
 * (Pango or libunibreak) and drawn line by line, which is what lets a
 * paragraph or a table row break cleanly between pages. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc_style.h"
#include "section_run.h"
#include "section_state.h"

#define KEEP_WITH_HEADING 3   /* body lines kept on the page after a heading */
#define ORPHAN_CHARS 2        /* a heading's last line this short is balanced */
#define HEADING_GAP_AFTER 0.5 /* of the theme's gap */
#define H1_RULE_GAP 3.0       /* points between an H1 and its rule */
#define H1_RULE_WIDTH 1.0
#define CARDS_PER_ROW 4
#define CARD_PAD 8.0         /* inside a card */
#define CARD_BAR 3.0         /* the accent bar on a card's left edge */
#define CARD_LINE_GAP 2.0    /* between a card's parts */
#define MIN_FIGURE_SCALE 0.7 /* a value shrinks this far to keep its unit beside it */
#define FIT_SLACK 0.98       /* shrink a little more than needed: widths round */
#define CELL_PAD_X 4.0
#define CELL_PAD_Y 3.0
#define RULE_WIDTH 0.5
/* Where the baseline sits below the centre of a line box, in ems (half of
 * ascent minus descent for the body faces); used to put a card's unit on
 * its value's baseline. */
#define BASELINE_BELOW_CENTRE 0.35

#define UP_ARROW "\xe2\x86\x91"   /* U+2191 */
#define DOWN_ARROW "\xe2\x86\x93" /* U+2193 */

/* A text broken into lines, with the font it was broken for. */
typedef struct wrapped {
    const char *text;
    bk_line *lines;
    size_t n;
    int font;
    double size, lh;
} wrapped;

static int wrap(bk_section_state *st, wrapped *w, const char *text, int font, double size,
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

static void unwrap(wrapped *w)
{
    free(w->lines);
    w->lines = NULL;
    w->n = 0;
}

static double wrapped_h(const wrapped *w)
{
    return (double)w->n * w->lh;
}

/* Draws lines [from, to) with the first line box's top at y. */
static int draw_lines(bk_section_state *st, const wrapped *w, size_t from, size_t to, double x,
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

/* Chinese text is set justified: a line's spare width goes into the gaps
 * next to a CJK character (never inside a Latin word or a number), so the
 * right edge is straight as in any Chinese document. */
#define JUSTIFY_MAX_SHARE 0.12 /* more spare width than this is left ragged */

static int is_cjk(uint32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

/* The code point at s[*i], moving *i past it (malformed bytes read as one). */
static uint32_t next_cp(const char *s, size_t len, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];
    size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (*i + n > len)
        n = 1;
    uint32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
    for (size_t k = 1; k < n; k++)
        cp = (cp << 6) | ((unsigned char)s[*i + k] & 0x3F);
    *i += n;
    return cp;
}

/* Draws line `l` justified to `width`: 1 when it did, 0 when the line has
 * no gap to stretch or too much to fill (the caller draws it as it is). */
static int draw_justified(bk_section_state *st, const wrapped *w, const bk_line *l, double x,
                          double y, double width, bk_rgb color, int *rc)
{
    const char *t = w->text + l->start;
    double extra = width - l->width;
    if (extra <= 0.01 || extra > width * JUSTIFY_MAX_SHARE)
        return 0;
    size_t gaps = 0;
    uint32_t prev = 0;
    for (size_t i = 0; i < l->len;) {
        uint32_t cp = next_cp(t, l->len, &i);
        gaps += i > 0 && prev && (is_cjk(prev) || is_cjk(cp)) && prev != 0x3000;
        prev = cp;
    }
    if (gaps == 0)
        return 0;
    char *buf = malloc(l->len + 1);
    if (!buf) {
        *rc = bk__state_fail(st, BK_ENOMEM, NULL, "out of memory justifying a line");
        return 1;
    }
    /* Segments end at each stretchable gap; each is placed at its measured
     * offset plus its share of the spare width. */
    size_t seg = 0, k = 0;
    prev = 0;
    for (size_t i = 0; i <= l->len && *rc == 0;) {
        size_t at = i;
        uint32_t cp = i < l->len ? next_cp(t, l->len, &i) : 0;
        int cut =
            at == l->len || (at > 0 && prev && (is_cjk(prev) || is_cjk(cp)) && prev != 0x3000);
        if (cut && at > seg) {
            memcpy(buf, t, seg);
            buf[seg] = '\0';
            double off = seg ? bk__state_text_width(st, w->font, w->size, buf) : 0;
            *rc = bk__state_text(st, x + off + (double)k * extra / (double)gaps, y, w->font,
                                 w->size, color, t + seg, at - seg);
            k++;
            seg = at;
        }
        if (at == l->len)
            break;
        prev = cp;
    }
    free(buf);
    return 1;
}

/* Body text in a Chinese document: lines justified but a paragraph's last. */
static int draw_body_lines(bk_section_state *st, const wrapped *w, size_t from, size_t to, double x,
                           double y, double width, bk_rgb color, int justify)
{
    for (size_t i = from; i < to && i < w->n; i++) {
        const bk_line *l = &w->lines[i];
        if (l->len == 0)
            continue;
        int rc = 0;
        /* A line ended by a newline is a paragraph's last, left ragged. */
        size_t end = l->start + l->len;
        while (w->text[end] == ' ')
            end++;
        int last = i + 1 >= w->n || w->text[end] == '\n';
        double ly = y + (double)(i - from) * w->lh;
        if (!(justify && !last && draw_justified(st, w, l, x, ly, width, color, &rc)))
            rc = bk__state_text(st, x, ly, w->font, w->size, color, w->text + l->start, l->len);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* ---- heading ---- */

/* The number of characters in bytes [0, len) of `s`. */
static size_t utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xc0) != 0x80;
    return n;
}

/* A heading that wraps keeps no character or two alone on its last line:
 * it is broken again into as many lines, as evenly as the width allows. */
static int balance(bk_section_state *st, wrapped *w, const char *text, int font, double size,
                   double width)
{
    if (w->n < 2 ||
        utf8_chars(w->text + w->lines[w->n - 1].start, w->lines[w->n - 1].len) > ORPHAN_CHARS)
        return 0;
    double total = 0;
    for (size_t i = 0; i < w->n; i++)
        total += w->lines[i].width;
    for (double t = total / (double)w->n; t < width; t += size / 2) {
        wrapped b;
        int rc = wrap(st, &b, text, font, size, t);
        if (rc < 0)
            return rc;
        if (b.n == w->n) {
            unwrap(w);
            *w = b;
            return 0;
        }
        unwrap(&b);
    }
    return 0;
}

static bk_rgb heading_color(bk_section_state *st, int level)
{
    return bk__state_color(st, level <= 2 ? BK_COLOR_ACCENT : BK_COLOR_TEXT);
}

/* A heading is placed now and drawn at the next drawing (section_state.h):
 * whatever comes first, a page break or a drawing, decides where it ends
 * up, so keeping it with what follows needs no guess at what that is. */
int bk__block_heading(bk_section *sec, int level, const char *text)
{
    bk_section_state *st = bk__state(sec);
    if (st->failed)
        return st->err.code;
    if (!text || !*text)
        return 0;
    level = level < 1 ? 1 : level > 3 ? 3 : level;
    char numbered[1024];
    text = bk__doc_style_heading(st->job->doc->style, st->job->spec->node, level,
                                 bk__state_at_start(st), st->heading_counters, text, numbered,
                                 sizeof numbered);
    static const int size_role[] = {BK_SIZE_H1, BK_SIZE_H2, BK_SIZE_H3};
    double size = bk__state_size(st, size_role[level - 1]);
    double gap = bk__state_size(st, BK_SIZE_GAP);
    /* GB/T 9704 headings stand on their own, without a rule. */
    const bk_doc_style *style = st->job->doc->style;
    int ruled = level == 1 && (!style || style->kind == BK_STYLE_REPORT);
    /* and the second level in 楷体 (fonts.h) */
    int font = style && style->kind != BK_STYLE_REPORT && level == 2 ? BK__FONT_KAI : BK_FONT_BOLD;
    wrapped w;
    int rc = wrap(st, &w, text, font, size, sec->box_w);
    if (rc == 0)
        rc = balance(st, &w, text, font, size, sec->box_w);
    if (rc < 0)
        return rc;
    double rule = ruled ? H1_RULE_GAP + H1_RULE_WIDTH : 0;
    double after = gap * HEADING_GAP_AFTER;
    double body = bk__state_line_h(st, bk__state_size(st, BK_SIZE_BODY));
    double above = bk__state_at_top(st) || bk__state_at_start(st) ? 0 : gap;
    if (bk__state_need(st, above + wrapped_h(&w) + rule + after + KEEP_WITH_HEADING * body) &&
        bk__state_at_top(st))
        above = 0;
    /* A heading that opens the section before anything is drawn is the
     * section's own title: the section's bookmark already points there, so
     * a second one would only repeat it in the outline and the contents. */
    int opens_section = bk__state_at_start(st);
    st->y += above;
    if (st->n_pending == BK_PENDING_HEADINGS)
        rc = bk__block_headings_flush(st);
    if (st->n_pending == 0)
        st->pending_outline = st->n_outline;
    if (rc == 0 && level <= 2 && !opens_section)
        rc = bk__state_outline(st, level, text);
    /* On the previous section's page, the heading takes it only once what
     * it is kept with is drawn there too. */
    if (rc == 0 && st->cont == BK_CONT_NONE)
        rc = bk__state_begin(st);
    char *copy = rc == 0 ? strdup(text) : NULL;
    if (rc == 0 && !copy)
        rc = bk__state_fail(st, BK_ENOMEM, NULL, "out of memory placing a heading");
    if (rc) {
        unwrap(&w);
        return rc;
    }
    /* The lines point into the copy: same bytes, same offsets. */
    st->pending[st->n_pending++] = (bk_pending_heading){
        .level = level,
        .font = font,
        .ruled = ruled,
        .text = copy,
        .lines = w.lines,
        .n = w.n,
        .size = size,
        .lh = w.lh,
        .top = st->y,
    };
    st->y += wrapped_h(&w) + rule + after;
    return 0;
}

int bk__block_headings_flush(bk_section_state *st)
{
    bk_pending_heading p[BK_PENDING_HEADINGS];
    size_t n = st->n_pending;
    memcpy(p, st->pending, n * sizeof *p);
    st->n_pending = 0; /* drawing below must not flush them again */
    bk_section *sec = st->sec;
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        wrapped w = {p[i].text, p[i].lines, p[i].n, p[i].font, p[i].size, p[i].lh};
        if (rc == 0)
            rc = draw_lines(st, &w, 0, w.n, sec->box_x, p[i].top, sec->box_w, BK_ALIGN_LEFT,
                            heading_color(st, p[i].level));
        if (rc == 0 && p[i].ruled) {
            double ry = p[i].top + wrapped_h(&w) + H1_RULE_GAP + H1_RULE_WIDTH / 2;
            rc = bk__state_draw(st);
            if (rc == 0)
                st->ops->stroke_line(st->eng, sec->box_x, ry, sec->box_x + sec->box_w, ry,
                                     H1_RULE_WIDTH, bk__state_color(st, BK_COLOR_ACCENT));
        }
        free(p[i].lines);
        free(p[i].text);
    }
    return rc;
}

void bk__block_headings_drop(bk_section_state *st)
{
    for (size_t i = 0; i < st->n_pending; i++) {
        free(st->pending[i].lines);
        free(st->pending[i].text);
    }
    st->n_pending = 0;
}

/* ---- paragraph ---- */

/* Body text in a Chinese document opens with a two-character indent: two
 * ideographic spaces, which the CJK font sets one em wide each. */
#define ZH_INDENT "\xe3\x80\x80\xe3\x80\x80"

int bk__block_paragraph(bk_section *sec, int style, const char *text)
{
    bk_section_state *st = bk__state(sec);
    if (st->failed)
        return st->err.code;
    if (!text || !*text)
        return 0;
    double size = bk__state_size(st, BK_SIZE_BODY);
    bk_rgb color = bk__state_color(st, BK_COLOR_TEXT);
    if (style == BK_PARA_LEAD)
        size *= BK_LEAD_SCALE;
    else if (style == BK_PARA_SMALL)
        size = bk__state_size(st, BK_SIZE_SMALL);
    else if (style == BK_PARA_NOTE)
        color = bk__state_color(st, BK_COLOR_MUTED);
    char *indented = NULL;
    if ((style == BK_PARA_BODY || style == BK_PARA_LEAD) && sec->lang &&
        strcmp(sec->lang, "zh") == 0) {
        size_t len = strlen(text);
        indented = malloc(len + sizeof ZH_INDENT);
        if (!indented)
            return bk__state_fail(st, BK_ENOMEM, NULL, "out of memory for a paragraph");
        memcpy(indented, ZH_INDENT, sizeof ZH_INDENT - 1);
        memcpy(indented + sizeof ZH_INDENT - 1, text, len + 1);
        text = indented;
    }
    wrapped w;
    int rc = wrap(st, &w, text, BK_FONT_BODY, size, sec->box_w);
    size_t i = 0;
    while (rc == 0 && i < w.n) {
        size_t left = w.n - i;
        size_t fit = (size_t)fmax(0, floor((bk__state_space_left(st) + 0.01) / w.lh));
        if (fit == 0 && bk__state_at_top(st))
            fit = 1; /* a page shorter than one line: draw it anyway */
        if (fit == 0) {
            bk__state_new_page(st);
            continue;
        }
        size_t take = fit >= left ? left : fit;
        if (take < left && w.n > 2) {
            /* No single last line at the next page's head, and then no
             * single first line at this page's foot (three lines with room
             * for two go over whole). */
            if (left - take == 1 && take >= 2)
                take--;
            if (i == 0 && take == 1 && !bk__state_at_top(st)) {
                bk__state_new_page(st);
                continue;
            }
        }
        rc = draw_body_lines(st, &w, i, i + take, sec->box_x, st->y, sec->box_w, color,
                             indented != NULL);
        st->y += (double)take * w.lh;
        i += take;
        if (i < w.n)
            bk__state_new_page(st);
    }
    st->y += bk__state_size(st, BK_SIZE_GAP);
    unwrap(&w);
    free(indented);
    return rc;
}

/* ---- cards ---- */

typedef struct card_layout {
    wrapped value, unit, label, change, note;
    char *change_text; /* arrow + change, owned */
    int unit_below;    /* the unit did not fit beside the value */
    double h;
} card_layout;

static void card_free(card_layout *c)
{
    unwrap(&c->value);
    unwrap(&c->unit);
    unwrap(&c->label);
    unwrap(&c->change);
    unwrap(&c->note);
    free(c->change_text);
    c->change_text = NULL;
}

static int card_measure(bk_section_state *st, const bk_card *card, double inner, card_layout *c)
{
    double body = bk__state_size(st, BK_SIZE_BODY);
    double small = bk__state_size(st, BK_SIZE_SMALL);
    double vsize = bk__state_size(st, BK_SIZE_FIGURE);
    memset(c, 0, sizeof *c);
    const char *unit = card->unit && *card->unit ? card->unit : NULL;
    double unit_w = unit ? bk__state_text_width(st, BK_FONT_BODY, body, " ") +
                               bk__state_text_width(st, BK_FONT_BODY, body, unit)
                         : 0;
    double value_w = bk__state_text_width(st, BK_FONT_FIGURE, vsize, card->value);
    /* A value too wide for its card first shrinks (to keep its unit beside
     * it, down to MIN_FIGURE_SCALE); past that the unit goes below and the
     * value shrinks to the card's width, down to the body size. */
    if (value_w > 0 && value_w + unit_w > inner) {
        double beside = (inner - unit_w) * FIT_SLACK / value_w;
        double alone = inner * FIT_SLACK / value_w;
        if (unit && beside >= MIN_FIGURE_SCALE)
            vsize *= beside;
        else if (alone < 1)
            vsize = fmax(body, vsize * alone);
        value_w = bk__state_text_width(st, BK_FONT_FIGURE, vsize, card->value);
    }
    c->unit_below = unit && value_w + unit_w > inner;
    int rc = wrap(st, &c->value, card->value, BK_FONT_FIGURE, vsize, inner);
    if (rc == 0 && unit)
        rc = wrap(st, &c->unit, unit, BK_FONT_BODY, body,
                  c->unit_below ? inner : fmax(inner - value_w, unit_w));
    if (rc == 0)
        rc = wrap(st, &c->label, card->label, BK_FONT_BODY, small, inner);
    if (rc == 0 && card->change && *card->change) {
        char buf[512];
        const char *arrow = card->trend > 0 ? UP_ARROW " " : card->trend < 0 ? DOWN_ARROW " " : "";
        snprintf(buf, sizeof buf, "%s%s", arrow, card->change);
        c->change_text = strdup(buf);
        if (!c->change_text)
            return bk__state_fail(st, BK_ENOMEM, NULL, "out of memory laying out a card");
        rc = wrap(st, &c->change, c->change_text, BK_FONT_BOLD, body, inner);
    }
    if (rc == 0)
        rc = wrap(st, &c->note, card->note, BK_FONT_BODY, small, inner);
    if (rc < 0)
        return rc;
    c->h = CARD_PAD + wrapped_h(&c->value) + (c->unit_below ? wrapped_h(&c->unit) : 0) +
           CARD_LINE_GAP + wrapped_h(&c->label) +
           (c->change.n ? CARD_LINE_GAP + wrapped_h(&c->change) : 0) +
           (c->note.n ? CARD_LINE_GAP + wrapped_h(&c->note) : 0) + CARD_PAD;
    return 0;
}

static int card_draw(bk_section_state *st, const bk_card *card, const card_layout *c, double x,
                     double y, double w, double h)
{
    st->ops->fill_rect(st->eng, x, y, w, h, bk__state_color(st, BK_COLOR_FILL));
    st->ops->fill_rect(st->eng, x, y, CARD_BAR, h, bk__state_color(st, BK_COLOR_ACCENT));
    double ix = x + CARD_BAR + CARD_PAD, inner = w - CARD_BAR - 2 * CARD_PAD;
    double cy = y + CARD_PAD;
    bk_rgb text = bk__state_color(st, BK_COLOR_TEXT), muted = bk__state_color(st, BK_COLOR_MUTED);
    int rc = draw_lines(st, &c->value, 0, c->value.n, ix, cy, inner, BK_ALIGN_LEFT, text);
    if (rc == 0 && c->unit.n && !c->unit_below && c->value.n) {
        /* Beside the value's last line, on its baseline. */
        const bk_line *last = &c->value.lines[c->value.n - 1];
        double vtop = cy + (double)(c->value.n - 1) * c->value.lh;
        double base = vtop + c->value.lh / 2 + BASELINE_BELOW_CENTRE * c->value.size;
        double utop = base - c->unit.lh / 2 - BASELINE_BELOW_CENTRE * c->unit.size;
        double ux = ix + last->width + bk__state_text_width(st, BK_FONT_BODY, c->unit.size, " ");
        rc = draw_lines(st, &c->unit, 0, c->unit.n, ux, utop, inner, BK_ALIGN_LEFT, muted);
    }
    cy += wrapped_h(&c->value);
    if (rc == 0 && c->unit_below) {
        rc = draw_lines(st, &c->unit, 0, c->unit.n, ix, cy, inner, BK_ALIGN_LEFT, muted);
        cy += wrapped_h(&c->unit);
    }
    cy += CARD_LINE_GAP;
    if (rc == 0)
        rc = draw_lines(st, &c->label, 0, c->label.n, ix, cy, inner, BK_ALIGN_LEFT, muted);
    cy += wrapped_h(&c->label);
    if (rc == 0 && c->change.n) {
        bk_rgb col = card->trend > 0   ? bk__state_color(st, BK_COLOR_UP)
                     : card->trend < 0 ? bk__state_color(st, BK_COLOR_DOWN)
                                       : text;
        cy += CARD_LINE_GAP;
        rc = draw_lines(st, &c->change, 0, c->change.n, ix, cy, inner, BK_ALIGN_LEFT, col);
    }
    if (rc == 0 && c->note.n) {
        double ny = y + h - CARD_PAD - wrapped_h(&c->note);
        rc = draw_lines(st, &c->note, 0, c->note.n, ix, ny, inner, BK_ALIGN_LEFT, muted);
    }
    return rc;
}

int bk__block_cards(bk_section *sec, const bk_card *cards, size_t n)
{
    bk_section_state *st = bk__state(sec);
    if (st->failed)
        return st->err.code;
    if (n == 0)
        return 0;
    if (!cards)
        return bk__state_fail(st, BK_EINVAL, NULL, "bk_cards: %zu cards given as NULL", n);
    double gutter = bk__state_size(st, BK_SIZE_GAP);
    size_t cols = n < CARDS_PER_ROW ? n : CARDS_PER_ROW;
    double w = (sec->box_w - (double)(cols - 1) * gutter) / (double)cols;
    double inner = w - CARD_BAR - 2 * CARD_PAD;
    if (inner <= 0)
        return bk__state_fail(st, BK_EINVAL, NULL, "the page is too narrow for %zu cards", cols);
    card_layout row[CARDS_PER_ROW];
    int rc = 0;
    for (size_t first = 0; first < n && rc == 0; first += cols) {
        size_t k = n - first < cols ? n - first : cols, measured = 0;
        double h = 0;
        for (; measured < k && rc == 0; measured++) {
            rc = card_measure(st, &cards[first + measured], inner, &row[measured]);
            if (rc == 0)
                h = fmax(h, row[measured].h);
        }
        if (rc == 0) {
            if (first > 0 && !bk__state_at_top(st))
                st->y += gutter;
            bk__state_need(st, h);
            rc = bk__state_draw(st);
        }
        for (size_t i = 0; i < k && rc == 0; i++)
            rc = card_draw(st, &cards[first + i], &row[i], sec->box_x + (double)i * (w + gutter),
                           st->y, w, h);
        for (size_t i = 0; i < measured; i++)
            card_free(&row[i]);
        st->y += h;
    }
    st->y += gutter;
    return rc;
}

/* ---- table ---- */

typedef struct table_ctx {
    bk_section_state *st;
    bk_table t;    /* the plugin's, zero-extended past what its ABI minor has */
    double *x, *w; /* column left edges and widths */
    double *frac;  /* BK_ALIGN_DECIMAL columns: the widest ".digits" part */
    double size, lh, header_h;
    double pad_x, pad_y;
    wrapped *head; /* ncols */
} table_ctx;

static int table_align(const table_ctx *tc, size_t col)
{
    int a = tc->t.align ? tc->t.align[col] : BK_ALIGN_LEFT;
    return a == BK_ALIGN_RIGHT || a == BK_ALIGN_CENTER || a == BK_ALIGN_DECIMAL ? a : BK_ALIGN_LEFT;
}

static int row_kind(const table_ctx *tc, size_t r)
{
    int k = tc->t.row_kinds ? tc->t.row_kinds[r] : BK_ROW_BODY;
    return k >= BK_ROW_BODY && k <= BK_ROW_TOTAL ? k : BK_ROW_BODY;
}

/* The width of a line's fractional part: from its last "." followed by a
 * digit to its end; 0 when it has none. */
static double frac_width(bk_section_state *st, const wrapped *w, size_t i)
{
    const char *s = w->text + w->lines[i].start;
    size_t len = w->lines[i].len;
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\n'))
        len--;
    size_t dot = len;
    for (size_t k = len; k-- > 0;)
        if (s[k] == '.' && k + 1 < len && s[k + 1] >= '0' && s[k + 1] <= '9') {
            dot = k;
            break;
        }
    if (dot == len)
        return 0;
    char buf[128];
    size_t n = len - dot < sizeof buf ? len - dot : sizeof buf - 1;
    memcpy(buf, s + dot, n);
    buf[n] = '\0';
    return bk__state_text_width(st, w->font, w->size, buf);
}

/* Draws a cell's lines [from, to): draw_lines, except that a decimal
 * column lines its numbers up on the point. */
static int draw_cell(bk_section_state *st, const wrapped *w, size_t from, size_t to, double x,
                     double y, double width, int align, double frac, bk_rgb color)
{
    if (align != BK_ALIGN_DECIMAL)
        return draw_lines(st, w, from, to, x, y, width, align, color);
    for (size_t i = from; i < to && i < w->n; i++) {
        const bk_line *l = &w->lines[i];
        if (l->len == 0)
            continue;
        double dx = width - l->width - (frac - frac_width(st, w, i));
        int rc = bk__state_text(st, x + dx, y + (double)(i - from) * w->lh, w->font, w->size, color,
                                w->text + l->start, l->len);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static void table_rule(const table_ctx *tc, double y, double width)
{
    bk_section *sec = tc->st->sec;
    tc->st->ops->stroke_line(tc->st->eng, sec->box_x, y, sec->box_x + sec->box_w, y, width,
                             bk__state_color(tc->st, BK_COLOR_RULE));
}

static int table_header(table_ctx *tc)
{
    bk_section_state *st = tc->st;
    int rc = bk__state_draw(st);
    if (rc < 0)
        return rc;
    st->ops->fill_rect(st->eng, st->sec->box_x, st->y, st->sec->box_w, tc->header_h,
                       bk__state_color(st, BK_COLOR_FILL));
    for (size_t c = 0; c < tc->t.ncols && rc == 0; c++) {
        int a = table_align(tc, c);
        rc = draw_lines(st, &tc->head[c], 0, tc->head[c].n, tc->x[c] + tc->pad_x, st->y + tc->pad_y,
                        tc->w[c] - 2 * tc->pad_x, a == BK_ALIGN_DECIMAL ? BK_ALIGN_RIGHT : a,
                        bk__state_color(st, BK_COLOR_TEXT));
    }
    st->y += tc->header_h;
    table_rule(tc, st->y, RULE_WIDTH);
    return rc;
}

static void table_break(table_ctx *tc)
{
    bk__state_new_page(tc->st);
}

/* The cells of row r, wrapped in its kind's face: one spanning cell for a
 * group row. Returns the count wrapped. */
static int row_wrap(table_ctx *tc, size_t r, wrapped *cells, size_t *n)
{
    int kind = row_kind(tc, r);
    int font = kind == BK_ROW_BODY ? BK_FONT_BODY : BK_FONT_BOLD;
    *n = kind == BK_ROW_GROUP ? 1 : tc->t.ncols;
    int rc = 0;
    for (size_t c = 0; c < *n && rc == 0; c++) {
        double w = kind == BK_ROW_GROUP ? tc->st->sec->box_w : tc->w[c];
        rc = wrap(tc->st, &cells[c], tc->t.cells[r * tc->t.ncols + c], font, tc->size,
                  w - 2 * tc->pad_x);
    }
    return rc;
}

static size_t row_lines(const wrapped *cells, size_t n)
{
    size_t lines = 0;
    for (size_t c = 0; c < n; c++)
        lines = cells[c].n > lines ? cells[c].n : lines;
    return lines ? lines : 1;
}

/* A whole row's height: its text and padding, at least row_height. */
static double row_h(const table_ctx *tc, size_t lines)
{
    double h = (double)lines * tc->lh + 2 * tc->pad_y;
    return h < tc->t.row_height ? tc->t.row_height : h;
}

/* The height of row r, measured alone (for keeping rows together). */
static int measure_row(table_ctx *tc, size_t r, wrapped *scratch, double *h)
{
    size_t n = 0;
    int rc = row_wrap(tc, r, scratch, &n);
    *h = rc == 0 ? row_h(tc, row_lines(scratch, n)) : 0;
    for (size_t c = 0; c < tc->t.ncols; c++)
        unwrap(&scratch[c]);
    return rc;
}

/* Draws row r (`n` cells wrapped), moving it whole to the next page when it
 * does not fit (with `keep` more points: the row a group title belongs to),
 * and splitting it between lines only when it is taller than a page. */
static int table_row(table_ctx *tc, size_t r, wrapped *cells, size_t n, double keep)
{
    bk_section_state *st = tc->st;
    int kind = row_kind(tc, r);
    size_t lines = row_lines(cells, n);
    double fresh = st->sec->box_h - tc->header_h;
    size_t done = 0;
    int rc = 0, just_broke = 0;
    while (done < lines && rc == 0) {
        size_t left = lines - done;
        double text_h = (double)left * tc->lh + 2 * tc->pad_y;
        double h = done == 0 ? row_h(tc, left) : text_h;
        size_t take = left;
        if (done == 0 && !just_broke && keep > 0 && h + keep <= fresh &&
            h + keep > bk__state_space_left(st) + 0.01) {
            table_break(tc);
            rc = table_header(tc);
            just_broke = 1;
            continue;
        }
        if (h > bk__state_space_left(st) + 0.01) {
            size_t fit =
                (size_t)fmax(0, floor((bk__state_space_left(st) - 2 * tc->pad_y + 0.01) / tc->lh));
            if (!just_broke && (fit == 0 || (done == 0 && h <= fresh))) {
                table_break(tc);
                rc = table_header(tc);
                just_broke = 1;
                continue;
            }
            take = fit > 0 ? fit : 1;
            h = text_h = (double)take * tc->lh + 2 * tc->pad_y;
        }
        rc = bk__state_draw(st);
        if (rc == 0 && (kind == BK_ROW_GROUP || kind == BK_ROW_TOTAL))
            st->ops->fill_rect(st->eng, st->sec->box_x, st->y, st->sec->box_w, h,
                               bk__state_color(st, BK_COLOR_FILL));
        if (rc == 0 && kind == BK_ROW_TOTAL && done == 0)
            table_rule(tc, st->y, 2 * RULE_WIDTH);
        double top = st->y + tc->pad_y + (h - text_h) / 2;
        for (size_t c = 0; c < n && rc == 0; c++) {
            double w = kind == BK_ROW_GROUP ? st->sec->box_w : tc->w[c];
            int a = kind == BK_ROW_GROUP ? BK_ALIGN_LEFT : table_align(tc, c);
            rc = draw_cell(st, &cells[c], done, done + take, tc->x[c] + tc->pad_x, top,
                           w - 2 * tc->pad_x, a, tc->frac[c], bk__state_color(st, BK_COLOR_TEXT));
        }
        st->y += h;
        table_rule(tc, st->y, RULE_WIDTH);
        done += take;
        just_broke = 0;
        if (done < lines && rc == 0) {
            table_break(tc);
            rc = table_header(tc);
            just_broke = 1;
        }
    }
    return rc;
}

static int table_columns(table_ctx *tc)
{
    const bk_table *t = &tc->t;
    bk_section *sec = tc->st->sec;
    double sum = 0;
    int given = t->widths != NULL;
    for (size_t c = 0; given && c < t->ncols; c++) {
        if (!(t->widths[c] > 0 && isfinite(t->widths[c])))
            given = 0;
        else
            sum += t->widths[c];
    }
    double x = sec->box_x;
    for (size_t c = 0; c < t->ncols; c++) {
        tc->x[c] = x;
        tc->w[c] =
            given ? sec->box_w * t->widths[c] / (sum > 1 ? sum : 1) : sec->box_w / (double)t->ncols;
        if (tc->w[c] <= 2 * tc->pad_x)
            return bk__state_fail(tc->st, BK_EINVAL, NULL,
                                  "table column %zu is too narrow to hold text", c + 1);
        x += tc->w[c];
    }
    return 0;
}

/* The widest fractional part of each decimal column, over its body rows. */
static int table_fractions(table_ctx *tc, wrapped *scratch)
{
    for (size_t c = 0; c < tc->t.ncols; c++) {
        if (table_align(tc, c) != BK_ALIGN_DECIMAL)
            continue;
        for (size_t r = 0; r < tc->t.nrows; r++) {
            if (row_kind(tc, r) == BK_ROW_GROUP)
                continue;
            int font = row_kind(tc, r) == BK_ROW_BODY ? BK_FONT_BODY : BK_FONT_BOLD;
            int rc = wrap(tc->st, &scratch[0], tc->t.cells[r * tc->t.ncols + c], font, tc->size,
                          tc->w[c] - 2 * tc->pad_x);
            for (size_t i = 0; rc == 0 && i < scratch[0].n; i++) {
                double f = frac_width(tc->st, &scratch[0], i);
                tc->frac[c] = f > tc->frac[c] ? f : tc->frac[c];
            }
            unwrap(&scratch[0]);
            if (rc)
                return rc;
        }
    }
    return 0;
}

/* The plugin's table, zero-extended: a plugin built for 1.0 has no fields
 * past `cells`, and its align values past CENTER meant LEFT. */
static bk_table table_of(const bk_section_state *st, const bk_table *t, int **align_copy)
{
    bk_table out;
    memset(&out, 0, sizeof out);
    *align_copy = NULL;
    if (st->job->plugin->desc.abi_minor >= 1) {
        out = *t;
        return out;
    }
    memcpy(&out, t, offsetof(bk_table, row_kinds));
    if (out.align) {
        *align_copy = calloc(out.ncols, sizeof **align_copy);
        if (*align_copy)
            for (size_t c = 0; c < out.ncols; c++)
                (*align_copy)[c] = out.align[c] == BK_ALIGN_DECIMAL ? BK_ALIGN_LEFT : out.align[c];
        out.align = *align_copy;
    }
    return out;
}

int bk__block_table(bk_section *sec, const bk_table *table)
{
    bk_section_state *st = bk__state(sec);
    if (st->failed)
        return st->err.code;
    if (!table)
        return bk__state_fail(st, BK_EINVAL, NULL, "bk_table_draw: the table is NULL");
    if (table->ncols == 0)
        return 0;
    if (table->nrows > 0 && !table->cells)
        return bk__state_fail(st, BK_EINVAL, NULL, "bk_table_draw: %zu rows but no cells",
                              table->nrows);
    int *align_copy;
    table_ctx tc = {.st = st, .t = table_of(st, table, &align_copy)};
    const bk_table *t = &tc.t;
    tc.size = bk__state_size(st, BK_SIZE_SMALL);
    tc.lh = bk__state_line_h(st, tc.size);
    tc.pad_x = t->pad_x > 0 && isfinite(t->pad_x) ? t->pad_x : CELL_PAD_X;
    tc.pad_y = t->pad_y > 0 && isfinite(t->pad_y) ? t->pad_y : CELL_PAD_Y;
    if (!(t->row_height > 0 && t->row_height < sec->box_h))
        tc.t.row_height = 0;
    tc.x = calloc(t->ncols, sizeof *tc.x);
    tc.w = calloc(t->ncols, sizeof *tc.w);
    tc.frac = calloc(t->ncols, sizeof *tc.frac);
    tc.head = calloc(t->ncols, sizeof *tc.head);
    wrapped *cells = calloc(t->ncols, sizeof *cells);
    int rc = tc.x && tc.w && tc.frac && tc.head && cells && (!table->align || tc.t.align)
                 ? 0
                 : bk__state_fail(st, BK_ENOMEM, NULL, "out of memory laying out a table");
    if (rc == 0)
        rc = table_columns(&tc);
    if (rc == 0)
        rc = table_fractions(&tc, cells);
    size_t head_lines = 1;
    for (size_t c = 0; c < t->ncols && rc == 0; c++) {
        rc = wrap(st, &tc.head[c], t->header ? t->header[c] : NULL, BK_FONT_BOLD, tc.size,
                  tc.w[c] - 2 * tc.pad_x);
        head_lines = tc.head[c].n > head_lines ? tc.head[c].n : head_lines;
    }
    tc.header_h = (double)head_lines * tc.lh + 2 * tc.pad_y;
    if (rc == 0) {
        /* Keep the header with the first body row (a group title with the
         * row after it), whole when it fits on a page, else its first
         * line: a heading kept with the table then moves with it too. */
        double first = t->nrows ? 0 : tc.lh + 2 * tc.pad_y, h;
        for (size_t r = 0; r < t->nrows && r < 2 && rc == 0; r++) {
            rc = measure_row(&tc, r, cells, &h);
            first += h;
            if (row_kind(&tc, r) != BK_ROW_GROUP)
                break;
        }
        if (first > sec->box_h - tc.header_h)
            first = tc.lh + 2 * tc.pad_y;
        if (rc == 0)
            bk__state_need(st, tc.header_h + first);
        if (rc == 0)
            rc = table_header(&tc);
    }
    for (size_t r = 0; r < t->nrows && rc == 0; r++) {
        /* A group title goes over with the row after it, and the row
         * before the last with the last, which never starts a page alone
         * (a total row least of all). */
        double keep = 0;
        if ((row_kind(&tc, r) == BK_ROW_GROUP && r + 1 < t->nrows) || (r >= 1 && r + 2 == t->nrows))
            rc = measure_row(&tc, r + 1, cells, &keep);
        size_t n = 0;
        if (rc == 0)
            rc = row_wrap(&tc, r, cells, &n);
        if (rc == 0)
            rc = table_row(&tc, r, cells, n, keep);
        for (size_t c = 0; c < t->ncols; c++)
            unwrap(&cells[c]);
    }
    for (size_t c = 0; tc.head && c < t->ncols; c++)
        unwrap(&tc.head[c]);
    free(cells);
    free(tc.head);
    free(tc.frac);
    free(tc.x);
    free(tc.w);
    free(align_copy);
    st->y += bk__state_size(st, BK_SIZE_GAP);
    return rc;
}
