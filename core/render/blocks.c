/* The building blocks of running text (heading, flowing paragraph,
 * key-figure cards), written once on top of the engine operations so they
 * look the same in libharu and Cairo; the table is table_block.c's.
 *
 * Sizes and colours come from the theme; the only numbers here are the small
 * paddings below. Text is always wrapped by the engine's own line breaker
 * (Pango or libunibreak) and drawn line by line (text_lines.h), which is
 * what lets a paragraph break cleanly between pages. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc_style.h"
#include "section_run.h"
#include "section_state.h"
#include "text_lines.h"

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
/* Where the baseline sits below the centre of a line box, in ems (half of
 * ascent minus descent for the body faces); used to put a card's unit on
 * its value's baseline. */
#define BASELINE_BELOW_CENTRE 0.35

#define UP_ARROW "\xe2\x86\x91"   /* U+2191 */
#define DOWN_ARROW "\xe2\x86\x93" /* U+2193 */

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
static int draw_justified(bk_section_state *st, const bk_wrapped *w, const bk_line *l, double x,
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
static int draw_body_lines(bk_section_state *st, const bk_wrapped *w, size_t from, size_t to,
                           double x, double y, double width, bk_rgb color, int justify)
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
static int balance(bk_section_state *st, bk_wrapped *w, const char *text, int font, double size,
                   double width)
{
    if (w->n < 2 ||
        utf8_chars(w->text + w->lines[w->n - 1].start, w->lines[w->n - 1].len) > ORPHAN_CHARS)
        return 0;
    double total = 0;
    for (size_t i = 0; i < w->n; i++)
        total += w->lines[i].width;
    for (double t = total / (double)w->n; t < width; t += size / 2) {
        bk_wrapped b;
        int rc = bk__wrap(st, &b, text, font, size, t);
        if (rc < 0)
            return rc;
        if (b.n == w->n) {
            bk__unwrap(w);
            *w = b;
            return 0;
        }
        bk__unwrap(&b);
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
    bk_wrapped w;
    int rc = bk__wrap(st, &w, text, font, size, sec->box_w);
    if (rc == 0)
        rc = balance(st, &w, text, font, size, sec->box_w);
    if (rc < 0)
        return rc;
    double rule = ruled ? H1_RULE_GAP + H1_RULE_WIDTH : 0;
    double after = gap * HEADING_GAP_AFTER;
    double body = bk__state_line_h(st, bk__state_size(st, BK_SIZE_BODY));
    double above = bk__state_at_top(st) || bk__state_at_start(st) ? 0 : gap;
    if (bk__state_need(st, above + bk__wrapped_h(&w) + rule + after + KEEP_WITH_HEADING * body) &&
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
        bk__unwrap(&w);
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
    st->y += bk__wrapped_h(&w) + rule + after;
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
        bk_wrapped w = {p[i].text, p[i].lines, p[i].n, p[i].font, p[i].size, p[i].lh};
        if (rc == 0)
            rc = bk__draw_lines(st, &w, 0, w.n, sec->box_x, p[i].top, sec->box_w, BK_ALIGN_LEFT,
                                heading_color(st, p[i].level));
        if (rc == 0 && p[i].ruled) {
            double ry = p[i].top + bk__wrapped_h(&w) + H1_RULE_GAP + H1_RULE_WIDTH / 2;
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
    bk_wrapped w;
    int rc = bk__wrap(st, &w, text, BK_FONT_BODY, size, sec->box_w);
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
    bk__unwrap(&w);
    free(indented);
    return rc;
}

/* ---- cards ---- */

typedef struct card_layout {
    bk_wrapped value, unit, label, change, note;
    char *change_text; /* arrow + change, owned */
    int unit_below;    /* the unit did not fit beside the value */
    double h;
} card_layout;

static void card_free(card_layout *c)
{
    bk__unwrap(&c->value);
    bk__unwrap(&c->unit);
    bk__unwrap(&c->label);
    bk__unwrap(&c->change);
    bk__unwrap(&c->note);
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
    int rc = bk__wrap(st, &c->value, card->value, BK_FONT_FIGURE, vsize, inner);
    if (rc == 0 && unit)
        rc = bk__wrap(st, &c->unit, unit, BK_FONT_BODY, body,
                      c->unit_below ? inner : fmax(inner - value_w, unit_w));
    if (rc == 0)
        rc = bk__wrap(st, &c->label, card->label, BK_FONT_BODY, small, inner);
    if (rc == 0 && card->change && *card->change) {
        char buf[512];
        const char *arrow = card->trend > 0 ? UP_ARROW " " : card->trend < 0 ? DOWN_ARROW " " : "";
        snprintf(buf, sizeof buf, "%s%s", arrow, card->change);
        c->change_text = strdup(buf);
        if (!c->change_text)
            return bk__state_fail(st, BK_ENOMEM, NULL, "out of memory laying out a card");
        rc = bk__wrap(st, &c->change, c->change_text, BK_FONT_BOLD, body, inner);
    }
    if (rc == 0)
        rc = bk__wrap(st, &c->note, card->note, BK_FONT_BODY, small, inner);
    if (rc < 0)
        return rc;
    c->h = CARD_PAD + bk__wrapped_h(&c->value) + (c->unit_below ? bk__wrapped_h(&c->unit) : 0) +
           CARD_LINE_GAP + bk__wrapped_h(&c->label) +
           (c->change.n ? CARD_LINE_GAP + bk__wrapped_h(&c->change) : 0) +
           (c->note.n ? CARD_LINE_GAP + bk__wrapped_h(&c->note) : 0) + CARD_PAD;
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
    int rc = bk__draw_lines(st, &c->value, 0, c->value.n, ix, cy, inner, BK_ALIGN_LEFT, text);
    if (rc == 0 && c->unit.n && !c->unit_below && c->value.n) {
        /* Beside the value's last line, on its baseline. */
        const bk_line *last = &c->value.lines[c->value.n - 1];
        double vtop = cy + (double)(c->value.n - 1) * c->value.lh;
        double base = vtop + c->value.lh / 2 + BASELINE_BELOW_CENTRE * c->value.size;
        double utop = base - c->unit.lh / 2 - BASELINE_BELOW_CENTRE * c->unit.size;
        double ux = ix + last->width + bk__state_text_width(st, BK_FONT_BODY, c->unit.size, " ");
        rc = bk__draw_lines(st, &c->unit, 0, c->unit.n, ux, utop, inner, BK_ALIGN_LEFT, muted);
    }
    cy += bk__wrapped_h(&c->value);
    if (rc == 0 && c->unit_below) {
        rc = bk__draw_lines(st, &c->unit, 0, c->unit.n, ix, cy, inner, BK_ALIGN_LEFT, muted);
        cy += bk__wrapped_h(&c->unit);
    }
    cy += CARD_LINE_GAP;
    if (rc == 0)
        rc = bk__draw_lines(st, &c->label, 0, c->label.n, ix, cy, inner, BK_ALIGN_LEFT, muted);
    cy += bk__wrapped_h(&c->label);
    if (rc == 0 && c->change.n) {
        bk_rgb col = card->trend > 0   ? bk__state_color(st, BK_COLOR_UP)
                     : card->trend < 0 ? bk__state_color(st, BK_COLOR_DOWN)
                                       : text;
        cy += CARD_LINE_GAP;
        rc = bk__draw_lines(st, &c->change, 0, c->change.n, ix, cy, inner, BK_ALIGN_LEFT, col);
    }
    if (rc == 0 && c->note.n) {
        double ny = y + h - CARD_PAD - bk__wrapped_h(&c->note);
        rc = bk__draw_lines(st, &c->note, 0, c->note.n, ix, ny, inner, BK_ALIGN_LEFT, muted);
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
    /* The last of several rows keeps a line of what follows (its sources,
     * say) on its page rather than leave that alone at the top of the
     * next. (A single row does not: moving it could strand the heading
     * above it.) */
    double keep =
        bk__state_size(st, BK_SIZE_GAP) + bk__state_line_h(st, bk__state_size(st, BK_SIZE_BODY));
    int rc = 0;
    card_layout row[CARDS_PER_ROW];
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
            bk__state_need(st, h + (first > 0 && first + k == n ? keep : 0));
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
