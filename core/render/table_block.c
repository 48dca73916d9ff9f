/* The table block: a plugin's bk_table laid out in columns and drawn row
 * by row over as many pages as it takes, the same in libharu and Cairo.
 *
 * Columns take the plugin's widths or share the box evenly; decimal
 * columns line their numbers up on the point. Each row kind (bk_row_kind)
 * has its face, fill and rule. A row goes to the next page whole, and is
 * split between its lines only when it is taller than a page; the header
 * is drawn again on every page the table reaches and stays with the first
 * row, a group title with the row after it, and the last row never starts
 * a page alone. The plugin's struct is read as far as its ABI minor has
 * fields (table_of). */
#include "table_block.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "section_run.h"
#include "section_state.h"
#include "text_lines.h"

#define CELL_PAD_X 4.0
#define CELL_PAD_Y 3.0
#define RULE_WIDTH 0.5

typedef struct table_ctx {
    bk_section_state *st;
    bk_table t;    /* the plugin's, zero-extended past what its ABI minor has */
    double *x, *w; /* column left edges and widths */
    double *frac;  /* BK_ALIGN_DECIMAL columns: the widest ".digits" part */
    double size, lh, header_h;
    double pad_x, pad_y;
    bk_wrapped *head; /* ncols */
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
static double frac_width(bk_section_state *st, const bk_wrapped *w, size_t i)
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
static int draw_cell(bk_section_state *st, const bk_wrapped *w, size_t from, size_t to, double x,
                     double y, double width, int align, double frac, bk_rgb color)
{
    if (align != BK_ALIGN_DECIMAL)
        return bk__draw_lines(st, w, from, to, x, y, width, align, color);
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
        rc = bk__draw_lines(st, &tc->head[c], 0, tc->head[c].n, tc->x[c] + tc->pad_x,
                            st->y + tc->pad_y, tc->w[c] - 2 * tc->pad_x,
                            a == BK_ALIGN_DECIMAL ? BK_ALIGN_RIGHT : a,
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

/* The cells of row r, bk_wrapped in its kind's face: one spanning cell for a
 * group row. Returns the count wrapped. */
static int row_wrap(table_ctx *tc, size_t r, bk_wrapped *cells, size_t *n)
{
    int kind = row_kind(tc, r);
    int font = kind == BK_ROW_BODY ? BK_FONT_BODY : BK_FONT_BOLD;
    *n = kind == BK_ROW_GROUP ? 1 : tc->t.ncols;
    int rc = 0;
    for (size_t c = 0; c < *n && rc == 0; c++) {
        double w = kind == BK_ROW_GROUP ? tc->st->sec->box_w : tc->w[c];
        rc = bk__wrap(tc->st, &cells[c], tc->t.cells[r * tc->t.ncols + c], font, tc->size,
                      w - 2 * tc->pad_x);
    }
    return rc;
}

static size_t row_lines(const bk_wrapped *cells, size_t n)
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
static int measure_row(table_ctx *tc, size_t r, bk_wrapped *scratch, double *h)
{
    size_t n = 0;
    int rc = row_wrap(tc, r, scratch, &n);
    *h = rc == 0 ? row_h(tc, row_lines(scratch, n)) : 0;
    for (size_t c = 0; c < tc->t.ncols; c++)
        bk__unwrap(&scratch[c]);
    return rc;
}

/* Draws row r (`n` cells wrapped), moving it whole to the next page when it
 * does not fit (with `keep` more points: the row a group title belongs to),
 * and splitting it between lines only when it is taller than a page. */
static int table_row(table_ctx *tc, size_t r, bk_wrapped *cells, size_t n, double keep)
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
static int table_fractions(table_ctx *tc, bk_wrapped *scratch)
{
    for (size_t c = 0; c < tc->t.ncols; c++) {
        if (table_align(tc, c) != BK_ALIGN_DECIMAL)
            continue;
        for (size_t r = 0; r < tc->t.nrows; r++) {
            if (row_kind(tc, r) == BK_ROW_GROUP)
                continue;
            int font = row_kind(tc, r) == BK_ROW_BODY ? BK_FONT_BODY : BK_FONT_BOLD;
            int rc = bk__wrap(tc->st, &scratch[0], tc->t.cells[r * tc->t.ncols + c], font, tc->size,
                              tc->w[c] - 2 * tc->pad_x);
            for (size_t i = 0; rc == 0 && i < scratch[0].n; i++) {
                double f = frac_width(tc->st, &scratch[0], i);
                tc->frac[c] = f > tc->frac[c] ? f : tc->frac[c];
            }
            bk__unwrap(&scratch[0]);
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
    bk_wrapped *cells = calloc(t->ncols, sizeof *cells);
    int rc = tc.x && tc.w && tc.frac && tc.head && cells && (!table->align || tc.t.align)
                 ? 0
                 : bk__state_fail(st, BK_ENOMEM, NULL, "out of memory laying out a table");
    if (rc == 0)
        rc = table_columns(&tc);
    if (rc == 0)
        rc = table_fractions(&tc, cells);
    size_t head_lines = 1;
    for (size_t c = 0; c < t->ncols && rc == 0; c++) {
        rc = bk__wrap(st, &tc.head[c], t->header ? t->header[c] : NULL, BK_FONT_BOLD, tc.size,
                      tc.w[c] - 2 * tc.pad_x);
        head_lines = tc.head[c].n > head_lines ? tc.head[c].n : head_lines;
    }
    tc.header_h = (double)head_lines * tc.lh + 2 * tc.pad_y;
    if (rc == 0) {
        /* Keep the header with the first body row, and with the first two
         * when more follow, so no page foot holds a table's header and one
         * row (a group title counts with the row after it); whole when
         * they fit on a page, else the first line: a heading kept with
         * the table then moves with it too. */
        double first = t->nrows ? 0 : tc.lh + 2 * tc.pad_y, h;
        size_t want = t->nrows > 2 ? 2 : 1, bodies = 0;
        for (size_t r = 0; r < t->nrows && bodies < want && rc == 0; r++) {
            rc = measure_row(&tc, r, cells, &h);
            first += h;
            bodies += row_kind(&tc, r) != BK_ROW_GROUP;
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
            bk__unwrap(&cells[c]);
    }
    for (size_t c = 0; tc.head && c < t->ncols; c++)
        bk__unwrap(&tc.head[c]);
    free(cells);
    free(tc.head);
    free(tc.frac);
    free(tc.x);
    free(tc.w);
    free(align_copy);
    st->y += bk__state_size(st, BK_SIZE_GAP);
    return rc;
}
