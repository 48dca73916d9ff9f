/* industry_cluster: a set of industry clusters — an intro, vector charts of
 * their figures and a table of what each cluster focuses on.
 *
 * The charts are drawn natively with Cairo, because bars, axes and grids are
 * paths that must stay sharp at any zoom, while every piece of text goes
 * through bk_text/bk_text_box so that Chinese falls back to the CJK face and
 * measurements match what is drawn. Each chart is measured completely first
 * (wrapped labels included), its height reserved with bk_need(), and only
 * then drawn, so a chart never splits across pages. Scales use "nice" round
 * ticks (steps of 1, 2 or 5 times a power of ten) and always include zero, so
 * negative values draw left of (or below) the zero line.
 *
 * Numbers go through the host's formatting (SDK 1.1): a chart's values keep
 * the data's `scale` and `unit`, and the whole chart is written in one
 * magnitude, the one its largest value reads best in, so a Chinese chart
 * says 单位：亿元 over 402.5 where an English one says billion yuan over
 * 40.25. Labels, titles and focus areas are read in the document's
 * language (`label` / `label_zh`). */
#include <briefkit/plugin.h>

#include <cairo.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Layout proportions: spacing in points, the rest relative to theme sizes. */
#define IC_PAD 6.0             /* gap between a label and what it labels */
#define IC_BAR_RATIO 1.5       /* bar thickness, in small font sizes */
#define IC_ROW_GAP_RATIO 0.6   /* gap between rows, in small font sizes */
#define IC_TICKS 5             /* about this many intervals on an axis */
#define IC_LABEL_FRAC 0.36     /* most of the width a label column takes */
#define IC_VPLOT_FRAC 0.40     /* vertical plot height, relative to width */
#define IC_VPLOT_MAX_FRAC 0.45 /* ... but at most this share of the box */
#define IC_VBAR_FILL 0.6       /* bar width as a share of its slot */
#define IC_RULE_W 0.5          /* grid and axis line width */
#define IC_ZERO_W 1.0          /* zero line width */
#define IC_MAX_ITEMS 64        /* more bars than this are not readable */
#define IC_NUM_MAX 48
#define IC_TEXT_MAX 1024

static const char *const chart_choices[] = {"bar", "hbar", "target", "share", "none", NULL};
static const char *const sort_choices[] = {"none", "asc", "desc", NULL};

static const bk_option_spec options[] = {
    {"data", BK_OPT_STRING, 0, "clusters", 0, 0, NULL,
     "dotted path in the data to one cluster set (items, values, targets, shares)"},
    {"chart", BK_OPT_ENUM, 0, "hbar", 0, 0, chart_choices,
     "bar/hbar: value chart (vertical/horizontal) plus target and share charts; target or "
     "share: only that chart; none: table only"},
    {"sort", BK_OPT_ENUM, 0, "desc", 0, 0, sort_choices,
     "order of bars in the value and share charts"},
    {"unit", BK_OPT_STRING, 0, NULL, 0, 0, NULL,
     "unit shown on the value chart (default: the data's)"},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL}};

typedef struct ic_item {
    const char *label;
    double value;
    double target; /* target chart only */
    const char *actual_year, *target_year;
} ic_item;

/* What every chart needs: where it is drawn and the theme it is drawn in. */
typedef struct ic_ctx {
    bk_section *sec;
    cairo_t *cr;
    double small, body, leading;
    int zh;
    /* The chart being drawn: its data's scale word, the magnitude every
     * number on it is written in, and whether its values are percentages. */
    const char *scale;
    double magnitude;
    int pct;
} ic_ctx;

static const char *tr(const ic_ctx *c, const char *en, const char *zh)
{
    return c->zh ? zh : en;
}

/* A number on a chart in the chart's magnitude: "58.6%" for percentages,
 * "402.5" (亿) or "40.25" (billion) otherwise. The values were read as
 * numbers, so the host cannot refuse them. */
static void format_value(const ic_ctx *c, double v, char *out, size_t size)
{
    if (bk_format_number(c->sec, v, c->scale, c->pct ? "%" : NULL, NULL, c->magnitude,
                         c->pct ? BK_NUM_ALL : BK_NUM_VALUE, out, size) < 0)
        snprintf(out, size, "?");
}

static void set_color(cairo_t *cr, bk_rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

/* A value label past a bar end, on a white patch so grid lines do not strike
 * through it. */
static int value_label(const ic_ctx *c, double x, double y, const char *text)
{
    double tw = bk_text_width(c->sec, BK_FONT_BODY, c->small, text);
    cairo_set_source_rgb(c->cr, 1.0, 1.0, 1.0);
    cairo_rectangle(c->cr, x - IC_PAD / 4.0, y, tw + IC_PAD / 2.0, c->small * c->leading);
    cairo_fill(c->cr);
    return bk_text(c->sec, x, y, BK_FONT_BODY, c->small, bk_color(c->sec, BK_COLOR_TEXT), text);
}

/* A round step near range/ticks: 1, 2 or 5 times a power of ten. */
static double nice_step(double range, int ticks)
{
    double raw = range / ticks;
    double mag = pow(10.0, floor(log10(raw)));
    double f = raw / mag;
    double nice = f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 5.0 ? 5.0 : 10.0;
    return nice * mag;
}

/* The axis: [lo, hi] widened to whole steps, always including zero. */
typedef struct ic_axis {
    double lo, hi, step;
} ic_axis;

static ic_axis make_axis(double min, double max)
{
    ic_axis a;
    double lo = fmin(0.0, min), hi = fmax(0.0, max);
    if (hi - lo <= 0.0)
        hi = lo + 1.0;
    a.step = nice_step(hi - lo, IC_TICKS);
    a.lo = floor(lo / a.step) * a.step;
    a.hi = ceil(hi / a.step) * a.step;
    return a;
}

static double axis_pos(const ic_axis *a, double v, double from, double length)
{
    return from + (v - a->lo) / (a->hi - a->lo) * length;
}

/* Number of ticks, guarded against rounding (lo + k*step may land just short). */
static int axis_ticks(const ic_axis *a)
{
    return (int)floor((a->hi - a->lo) / a->step + 0.5);
}

static double line_h(const ic_ctx *c, double size)
{
    return size * c->leading;
}

/* A tick's label: its value in the chart's magnitude, without a "%". */
static void format_tick(const ic_ctx *c, const ic_axis *a, double v, char *out, size_t size)
{
    v = fabs(v) < a->step * 1e-9 ? 0.0 : v;
    if (bk_format_number(c->sec, v, c->scale, NULL, NULL, c->magnitude, BK_NUM_VALUE, out, size) <
        0)
        snprintf(out, size, "?");
}

/* The widest of the formatted tick labels. */
static double tick_label_width(const ic_ctx *c, const ic_axis *a)
{
    double w = 0;
    for (int k = 0; k <= axis_ticks(a); k++) {
        char num[IC_NUM_MAX];
        format_tick(c, a, a->lo + k * a->step, num, sizeof num);
        w = fmax(w, bk_text_width(c->sec, BK_FONT_BODY, c->small, num));
    }
    return w;
}

/* Reads items[i].label and the number under `key`, naming the path on error. */
static int read_item(bk_section *sec, const bk_node *item, const char *path, const char *key,
                     const char **label, double *value)
{
    if (bk_node_kind(item) != BK_NODE_MAP)
        return bk_fail(sec, item, "%s: expected a map with label and %s", path, key);
    const bk_node *ln = bk_text_node(sec, item, "label");
    *label = bk_node_str(ln);
    if (!*label || !**label)
        return bk_fail(sec, ln ? ln : item, "%s.label: expected a text, got %s", path,
                       ln ? "a list or map" : "nothing");
    const bk_node *vn = bk_node_get(item, key);
    if (bk_node_num(vn, value) != 0) {
        const char *s = bk_node_str(vn);
        if (s)
            return bk_fail(sec, vn, "%s.%s: expected a number, got \"%s\"", path, key, s);
        return bk_fail(sec, vn ? vn : item, "%s.%s: expected a number, got %s", path, key,
                       vn ? "a list or map" : "nothing");
    }
    return 0;
}

/* Reads `chart.items` (a list of maps with label and value) into a new array. */
static int read_series(bk_section *sec, const bk_node *chart, const char *path, int targets,
                       ic_item **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    const bk_node *items = bk_node_get(chart, "items");
    if (bk_node_kind(chart) != BK_NODE_MAP || bk_node_kind(items) != BK_NODE_LIST)
        return bk_fail(sec, items ? items : chart, "%s.items: expected a list of %s", path,
                       targets ? "{label, actual, target}" : "{label, value}");
    size_t len = bk_node_len(items);
    if (len > IC_MAX_ITEMS)
        return bk_fail(sec, items, "%s.items: %zu entries; a chart shows at most %d", path, len,
                       IC_MAX_ITEMS);
    if (len == 0)
        return 0;
    ic_item *it = calloc(len, sizeof *it);
    if (!it)
        return bk_fail(sec, items, "out of memory reading %s.items", path);
    for (size_t i = 0; i < len; i++) {
        const bk_node *node = bk_node_at(items, i);
        char ipath[200];
        snprintf(ipath, sizeof ipath, "%s.items.%zu", path, i);
        int rc =
            read_item(sec, node, ipath, targets ? "actual" : "value", &it[i].label, &it[i].value);
        if (rc == 0 && targets) {
            const char *dummy;
            rc = read_item(sec, node, ipath, "target", &dummy, &it[i].target);
            it[i].actual_year = bk_node_str(bk_node_get(node, "actual_year"));
            it[i].target_year = bk_node_str(bk_node_get(node, "target_year"));
        }
        if (rc < 0) {
            free(it);
            return rc;
        }
    }
    *out = it;
    *n = len;
    return 0;
}

/* Stable insertion sort by value; small lists only. */
static void sort_items(ic_item *it, size_t n, const char *order)
{
    int dir = strcmp(order, "asc") == 0 ? 1 : strcmp(order, "desc") == 0 ? -1 : 0;
    if (dir == 0)
        return;
    for (size_t i = 1; i < n; i++) {
        ic_item key = it[i];
        size_t j = i;
        while (j > 0 && dir * (it[j - 1].value - key.value) > 0) {
            it[j] = it[j - 1];
            j--;
        }
        it[j] = key;
    }
}

/* Text wrapped to `w`: its height in *h (0 for no text), drawn only when
 * `draw` is set, so a chart can be measured before it is placed. */
static int text_block(const ic_ctx *c, double x, double y, double w, int font, double size,
                      bk_color_role color, bk_align align, const char *text, int draw, double *h)
{
    *h = 0;
    if (!text || !*text)
        return 0;
    if (!draw) {
        *h = bk_text_height(c->sec, font, size, w, text);
        return 0;
    }
    return bk_text_box(c->sec, x, y, w, font, size, bk_color(c->sec, color), align, text, h);
}

/* Chart title: bold body text across the width, with room below. */
static int chart_title(const ic_ctx *c, double x, double y, double w, const char *title, int draw,
                       double *h)
{
    int rc =
        text_block(c, x, y, w, BK_FONT_BOLD, c->body, BK_COLOR_TEXT, BK_ALIGN_LEFT, title, draw, h);
    if (title && *title)
        *h += IC_PAD;
    return rc;
}

/* Label column for horizontal charts: as wide as the longest label needs,
 * at most IC_LABEL_FRAC of the width; longer labels wrap. */
static double label_column(const ic_ctx *c, const ic_item *it, size_t n, double w)
{
    double lw = 0;
    for (size_t i = 0; i < n; i++)
        lw = fmax(lw, bk_text_width(c->sec, BK_FONT_BODY, c->small, it[i].label));
    return fmin(lw + 1.0, w * IC_LABEL_FRAC);
}

static double row_height(const ic_ctx *c, const char *label, double lw, double bars_h)
{
    double th = bk_text_height(c->sec, BK_FONT_BODY, c->small, lw, label);
    return fmax(th, bars_h) + c->small * IC_ROW_GAP_RATIO;
}

/* Draws the label right-aligned in its column, centred on the row's bars. */
static int draw_row_label(const ic_ctx *c, double x, double y, double lw, double rh,
                          const char *label)
{
    double th = bk_text_height(c->sec, BK_FONT_BODY, c->small, lw, label);
    double gap = c->small * IC_ROW_GAP_RATIO;
    return bk_text_box(c->sec, x, y + (rh - gap - th) / 2.0, lw, BK_FONT_BODY, c->small,
                       bk_color(c->sec, BK_COLOR_TEXT), BK_ALIGN_RIGHT, label, NULL);
}

/* Vertical grid lines, the zero line and tick labels under a horizontal plot. */
static int draw_x_axis(const ic_ctx *c, const ic_axis *a, double px, double pw, double top,
                       double bottom)
{
    cairo_t *cr = c->cr;
    set_color(cr, bk_color(c->sec, BK_COLOR_RULE));
    cairo_set_line_width(cr, IC_RULE_W);
    for (int k = 0; k <= axis_ticks(a); k++) {
        double x = axis_pos(a, a->lo + k * a->step, px, pw);
        cairo_move_to(cr, x, top);
        cairo_line_to(cr, x, bottom);
    }
    cairo_stroke(cr);
    for (int k = 0; k <= axis_ticks(a); k++) {
        char num[IC_NUM_MAX];
        double v = a->lo + k * a->step;
        format_tick(c, a, v, num, sizeof num);
        double tw = bk_text_width(c->sec, BK_FONT_BODY, c->small, num);
        double x = axis_pos(a, v, px, pw) - tw / 2.0;
        int rc = bk_text(c->sec, x, bottom + IC_PAD / 2.0, BK_FONT_BODY, c->small,
                         bk_color(c->sec, BK_COLOR_MUTED), num);
        if (rc < 0)
            return rc;
    }
    return 0;
}

static void draw_zero_x(const ic_ctx *c, const ic_axis *a, double px, double pw, double top,
                        double bottom)
{
    double x0 = axis_pos(a, 0.0, px, pw);
    set_color(c->cr, bk_color(c->sec, BK_COLOR_TEXT));
    cairo_set_line_width(c->cr, IC_ZERO_W);
    cairo_move_to(c->cr, x0, top);
    cairo_line_to(c->cr, x0, bottom);
    cairo_stroke(c->cr);
}

/* A one-line caption under a chart: the unit, or a note. */
static int caption(const ic_ctx *c, double x, double y, double w, const char *text, int draw,
                   double *h)
{
    return text_block(c, x, y, w, BK_FONT_BODY, c->small, BK_COLOR_MUTED, BK_ALIGN_RIGHT, text,
                      draw, h);
}

/* Horizontal bars: labels left, bars growing from zero, values at bar ends.
 * Measures when draw is 0 and returns the height in *h; draws at y otherwise. */
static int hbar_chart(const ic_ctx *c, const ic_item *it, size_t n, const char *title,
                      const char *unit, double x, double y, double w, int draw, double *h)
{
    double min = 0, max = 0;
    for (size_t i = 0; i < n; i++) {
        min = fmin(min, it[i].value);
        max = fmax(max, it[i].value);
    }
    ic_axis a = make_axis(min, max);
    double vw = 0;
    for (size_t i = 0; i < n; i++) {
        char v[IC_NUM_MAX];
        format_value(c, it[i].value, v, sizeof v);
        vw = fmax(vw, bk_text_width(c->sec, BK_FONT_BODY, c->small, v));
    }
    vw += IC_PAD;
    double lw = label_column(c, it, n, w);
    /* Value labels sit past the bar ends: room on the right, and on the left
     * too when bars run negative. Tick labels overhang the plot by half. */
    double tick_half = tick_label_width(c, &a) / 2.0;
    double left_room = fmax(min < 0 ? vw : 0.0, tick_half);
    double px = x + lw + IC_PAD + left_room;
    double pw = w - lw - IC_PAD - left_room - fmax(vw, tick_half);
    double bar = c->small * IC_BAR_RATIO;

    double th, uh;
    int rc = chart_title(c, x, y, w, title, draw, &th);
    if (rc < 0)
        return rc;
    double top = y + th, cy = top;
    for (size_t i = 0; i < n; i++)
        cy += row_height(c, it[i].label, lw, bar);
    double axis_h = line_h(c, c->small) + IC_PAD / 2.0;
    char unit_text[IC_TEXT_MAX] = "";
    if (unit && *unit)
        snprintf(unit_text, sizeof unit_text, "%s%s", tr(c, "Unit: ", "单位："), unit);
    if ((rc = caption(c, x, cy + axis_h, w, unit_text, 0, &uh)) < 0)
        return rc;
    *h = th + (cy - top) + axis_h + uh;
    if (!draw)
        return 0;

    if ((rc = draw_x_axis(c, &a, px, pw, top, cy)) < 0)
        return rc;
    double ry = top;
    for (size_t i = 0; i < n; i++) {
        double rh = row_height(c, it[i].label, lw, bar);
        if ((rc = draw_row_label(c, x, ry, lw, rh, it[i].label)) < 0)
            return rc;
        double by = ry + (rh - c->small * IC_ROW_GAP_RATIO - bar) / 2.0;
        double x0 = axis_pos(&a, 0.0, px, pw), x1 = axis_pos(&a, it[i].value, px, pw);
        set_color(c->cr, bk_color(c->sec, it[i].value < 0 ? BK_COLOR_DOWN : BK_COLOR_SERIES0));
        cairo_rectangle(c->cr, fmin(x0, x1), by, fabs(x1 - x0), bar);
        cairo_fill(c->cr);
        char v[IC_NUM_MAX];
        format_value(c, it[i].value, v, sizeof v);
        double tw = bk_text_width(c->sec, BK_FONT_BODY, c->small, v);
        double tx = it[i].value < 0 ? fmin(x0, x1) - IC_PAD / 2.0 - tw : x1 + IC_PAD / 2.0;
        double ty = by + (bar - line_h(c, c->small)) / 2.0;
        if ((rc = value_label(c, tx, ty, v)) < 0)
            return rc;
        ry += rh;
    }
    draw_zero_x(c, &a, px, pw, top, cy);
    return caption(c, x, cy + axis_h, w, unit_text, 1, &uh);
}

/* Vertical bars: categories along the bottom (wrapped to their slot), a value
 * axis on the left, value labels above positive and below negative bars. */
static int vbar_chart(const ic_ctx *c, const ic_item *it, size_t n, const char *title,
                      const char *unit, double x, double y, double w, int draw, double *h)
{
    double min = 0, max = 0;
    for (size_t i = 0; i < n; i++) {
        min = fmin(min, it[i].value);
        max = fmax(max, it[i].value);
    }
    ic_axis a = make_axis(min, max);
    double yl = tick_label_width(c, &a) + IC_PAD;
    double px = x + yl, pw = w - yl;
    double slot = pw / (double)n;
    double lh = line_h(c, c->small);
    double label_h = 0;
    for (size_t i = 0; i < n; i++)
        label_h = fmax(label_h,
                       bk_text_height(c->sec, BK_FONT_BODY, c->small, slot - IC_PAD, it[i].label));
    double ph = fmin(w * IC_VPLOT_FRAC, c->sec->box_h * IC_VPLOT_MAX_FRAC);

    double th, uh;
    int rc = chart_title(c, x, y, w, title, draw, &th);
    if (rc < 0)
        return rc;
    double ptop = y + th + lh; /* room for value labels above the tallest bar */
    double pbottom = ptop + ph;
    double below = min < 0 ? lh : 0.0; /* ... and below the deepest one */
    double labels_top = pbottom + below + IC_PAD / 2.0;
    char unit_text[IC_TEXT_MAX] = "";
    if (unit && *unit)
        snprintf(unit_text, sizeof unit_text, "%s%s", tr(c, "Unit: ", "单位："), unit);
    if ((rc = caption(c, x, labels_top + label_h, w, unit_text, 0, &uh)) < 0)
        return rc;
    *h = (labels_top + label_h + uh) - y;
    if (!draw)
        return 0;

    /* The axis runs upwards: map a value to y by flipping the position. */
    cairo_t *cr = c->cr;
    set_color(cr, bk_color(c->sec, BK_COLOR_RULE));
    cairo_set_line_width(cr, IC_RULE_W);
    for (int k = 0; k <= axis_ticks(&a); k++) {
        double ty = pbottom - axis_pos(&a, a.lo + k * a.step, 0.0, ph);
        cairo_move_to(cr, px, ty);
        cairo_line_to(cr, px + pw, ty);
    }
    cairo_stroke(cr);
    for (int k = 0; k <= axis_ticks(&a); k++) {
        char num[IC_NUM_MAX];
        double v = a.lo + k * a.step;
        format_tick(c, &a, v, num, sizeof num);
        double ty = pbottom - axis_pos(&a, v, 0.0, ph) - lh / 2.0;
        double tw = bk_text_width(c->sec, BK_FONT_BODY, c->small, num);
        if ((rc = bk_text(c->sec, px - IC_PAD - tw, ty, BK_FONT_BODY, c->small,
                          bk_color(c->sec, BK_COLOR_MUTED), num)) < 0)
            return rc;
    }
    double y0 = pbottom - axis_pos(&a, 0.0, 0.0, ph);
    for (size_t i = 0; i < n; i++) {
        double sx = px + slot * (double)i;
        double bw = slot * IC_VBAR_FILL;
        double bx = sx + (slot - bw) / 2.0;
        double y1 = pbottom - axis_pos(&a, it[i].value, 0.0, ph);
        set_color(cr, bk_color(c->sec, it[i].value < 0 ? BK_COLOR_DOWN : BK_COLOR_SERIES0));
        cairo_rectangle(cr, bx, fmin(y0, y1), bw, fabs(y1 - y0));
        cairo_fill(cr);
        char v[IC_NUM_MAX];
        format_value(c, it[i].value, v, sizeof v);
        double tw = bk_text_width(c->sec, BK_FONT_BODY, c->small, v);
        double ty = it[i].value < 0 ? y1 + IC_PAD / 4.0 : y1 - lh;
        if ((rc = bk_text(c->sec, sx + (slot - tw) / 2.0, ty, BK_FONT_BODY, c->small,
                          bk_color(c->sec, BK_COLOR_TEXT), v)) < 0)
            return rc;
        if ((rc = bk_text_box(c->sec, sx + IC_PAD / 2.0, labels_top, slot - IC_PAD, BK_FONT_BODY,
                              c->small, bk_color(c->sec, BK_COLOR_TEXT), BK_ALIGN_CENTER,
                              it[i].label, NULL)) < 0)
            return rc;
    }
    set_color(cr, bk_color(c->sec, BK_COLOR_TEXT));
    cairo_set_line_width(cr, IC_ZERO_W);
    cairo_move_to(cr, px, y0);
    cairo_line_to(cr, px + pw, y0);
    cairo_stroke(cr);
    return caption(c, x, labels_top + label_h, w, unit_text, 1, &uh);
}

/* Actual against target: per row, the actual bar over a target bar on one
 * scale, with the share of the target reached. */
static int target_chart(const ic_ctx *c, const ic_item *it, size_t n, const char *title,
                        const char *unit, double x, double y, double w, int draw, double *h)
{
    double min = 0, max = 0;
    for (size_t i = 0; i < n; i++) {
        min = fmin(min, fmin(it[i].value, it[i].target));
        max = fmax(max, fmax(it[i].value, it[i].target));
    }
    ic_axis a = make_axis(min, max);
    double bar = c->small * IC_BAR_RATIO;
    double bars_h = 2.0 * bar + IC_PAD / 2.0;
    double lw = label_column(c, it, n, w);
    char(*vals)[2][IC_TEXT_MAX / 4] = calloc(n, sizeof *vals);
    if (!vals)
        return bk_fail(c->sec, NULL, "out of memory for a %zu-row target chart", n);
    double vw = 0;
    for (size_t i = 0; i < n; i++) {
        char av[IC_NUM_MAX], tv[IC_NUM_MAX];
        format_value(c, it[i].value, av, sizeof av);
        format_value(c, it[i].target, tv, sizeof tv);
        char ay[IC_NUM_MAX] = "", ty[IC_NUM_MAX] = "";
        if (!it[i].actual_year || bk_format_date(c->sec, it[i].actual_year, ay, sizeof ay) < 0)
            snprintf(ay, sizeof ay, "%s",
                     it[i].actual_year ? it[i].actual_year : tr(c, "actual", "实际"));
        if (it[i].target_year && bk_format_date(c->sec, it[i].target_year, ty, sizeof ty) < 0)
            snprintf(ty, sizeof ty, "%s", it[i].target_year);
        if (it[i].target > 0)
            snprintf(vals[i][0], sizeof vals[i][0],
                     tr(c, "%s (%s, %.0f%% of target)", "%s（%s，完成目标的%.0f%%）"), av, ay,
                     it[i].value / it[i].target * 100.0);
        else
            snprintf(vals[i][0], sizeof vals[i][0], tr(c, "%s (%s)", "%s（%s）"), av, ay);
        snprintf(vals[i][1], sizeof vals[i][1], "%s%s%s%s%s", tv, tr(c, " (target", "（目标"),
                 *ty ? tr(c, " ", "：") : "", ty, tr(c, ")", "）"));
        for (int k = 0; k < 2; k++)
            vw = fmax(vw, bk_text_width(c->sec, BK_FONT_BODY, c->small, vals[i][k]));
    }
    vw += IC_PAD;
    double tick_half = tick_label_width(c, &a) / 2.0;
    double px = x + lw + IC_PAD + tick_half;
    double pw = w - lw - IC_PAD - tick_half - fmax(vw, tick_half);

    double th, uh;
    int rc = chart_title(c, x, y, w, title, draw, &th);
    double top = y + th, cy = top;
    for (size_t i = 0; i < n; i++)
        cy += row_height(c, it[i].label, lw, bars_h);
    double axis_h = line_h(c, c->small) + IC_PAD / 2.0;
    char unit_text[IC_TEXT_MAX] = "";
    if (unit && *unit)
        snprintf(unit_text, sizeof unit_text, "%s%s", tr(c, "Unit: ", "单位："), unit);
    if (rc == 0)
        rc = caption(c, x, cy + axis_h, w, unit_text, 0, &uh);
    if (rc < 0 || !draw) {
        *h = th + (cy - top) + axis_h + uh;
        free(vals);
        return rc;
    }
    *h = th + (cy - top) + axis_h + uh;

    rc = draw_x_axis(c, &a, px, pw, top, cy);
    double ry = top;
    for (size_t i = 0; i < n && rc == 0; i++) {
        double rh = row_height(c, it[i].label, lw, bars_h);
        rc = draw_row_label(c, x, ry, lw, rh, it[i].label);
        double by = ry + (rh - c->small * IC_ROW_GAP_RATIO - bars_h) / 2.0;
        double x0 = axis_pos(&a, 0.0, px, pw);
        const double v[2] = {it[i].value, it[i].target};
        const int role[2] = {BK_COLOR_SERIES0, BK_COLOR_ACCENT2};
        for (int k = 0; k < 2 && rc == 0; k++) {
            double bx1 = axis_pos(&a, v[k], px, pw);
            double yy = by + k * (bar + IC_PAD / 2.0);
            set_color(c->cr, bk_color(c->sec, role[k]));
            cairo_rectangle(c->cr, fmin(x0, bx1), yy, fabs(bx1 - x0), bar);
            cairo_fill(c->cr);
            rc = value_label(c, fmax(x0, bx1) + IC_PAD / 2.0,
                             yy + (bar - line_h(c, c->small)) / 2.0, vals[i][k]);
        }
        ry += rh;
    }
    if (rc == 0) {
        draw_zero_x(c, &a, px, pw, top, cy);
        rc = caption(c, x, cy + axis_h, w, unit_text, 1, &uh);
    }
    free(vals);
    return rc;
}

/* Shares of a whole: each row a 100% bar, the share filled, the rest pale. */
static int share_chart(const ic_ctx *c, const ic_item *it, size_t n, const char *title, double x,
                       double y, double w, int draw, double *h)
{
    double bar = c->small * IC_BAR_RATIO;
    double lw = label_column(c, it, n, w);
    double vw = bk_text_width(c->sec, BK_FONT_BODY, c->small, "100%") + IC_PAD;
    double px = x + lw + IC_PAD, pw = w - lw - IC_PAD - vw;
    double th, uh;
    int rc = chart_title(c, x, y, w, title, draw, &th);
    if (rc < 0)
        return rc;
    double top = y + th, cy = top;
    for (size_t i = 0; i < n; i++)
        cy += row_height(c, it[i].label, lw, bar);
    const char *note = tr(c, "Filled: share of the whole, in %", "深色：占总量的百分比");
    if ((rc = caption(c, x, cy, w, note, 0, &uh)) < 0)
        return rc;
    *h = th + (cy - top) + uh;
    if (!draw)
        return 0;
    double ry = top;
    for (size_t i = 0; i < n; i++) {
        double rh = row_height(c, it[i].label, lw, bar);
        if ((rc = draw_row_label(c, x, ry, lw, rh, it[i].label)) < 0)
            return rc;
        double by = ry + (rh - c->small * IC_ROW_GAP_RATIO - bar) / 2.0;
        double fill = pw * it[i].value / 100.0;
        set_color(c->cr, bk_color(c->sec, BK_COLOR_FILL));
        cairo_rectangle(c->cr, px + fill, by, pw - fill, bar);
        cairo_fill(c->cr);
        set_color(c->cr, bk_color(c->sec, BK_COLOR_SERIES0));
        cairo_rectangle(c->cr, px, by, fill, bar);
        cairo_fill(c->cr);
        char v[IC_NUM_MAX];
        format_value(c, it[i].value, v, sizeof v);
        if ((rc = bk_text(c->sec, px + pw + IC_PAD / 2.0, by + (bar - line_h(c, c->small)) / 2.0,
                          BK_FONT_BODY, c->small, bk_color(c->sec, BK_COLOR_TEXT), v)) < 0)
            return rc;
        ry += rh;
    }
    return caption(c, x, cy, w, note, 1, &uh);
}

typedef int (*ic_chart_fn)(const ic_ctx *c, const ic_item *it, size_t n, const char *title,
                           const char *unit, double x, double y, double w, int draw, double *h);

static int share_adapter(const ic_ctx *c, const ic_item *it, size_t n, const char *title,
                         const char *unit, double x, double y, double w, int draw, double *h)
{
    (void)unit;
    return share_chart(c, it, n, title, x, y, w, draw, h);
}

/* Measures a chart, keeps it on one page, draws it and moves the cursor. */
static int place_chart(const ic_ctx *c, ic_chart_fn fn, const ic_item *it, size_t n,
                       const char *title, const char *unit, const bk_node *where)
{
    bk_section *sec = c->sec;
    if (n == 0) {
        int rc = 0;
        if (title && *title)
            rc = bk_heading(sec, 3, title);
        return rc < 0 ? rc
                      : bk_paragraph(sec, BK_PARA_NOTE,
                                     tr(c, "No data for this period.", "本期无数据。"));
    }
    double h;
    int rc = fn(c, it, n, title, unit, sec->box_x, 0.0, sec->box_w, 0, &h);
    if (rc < 0)
        return rc;
    if (h > sec->box_h)
        return bk_fail(sec, where,
                       "chart \"%s\" needs %.0f pt but a page has %.0f pt: show fewer "
                       "items",
                       title ? title : "", h, sec->box_h);
    bk_need(sec, h);
    rc = fn(c, it, n, title, unit, sec->box_x, bk_cursor(sec), sec->box_w, 1, &h);
    if (rc < 0)
        return rc;
    bk_advance(sec, h + bk_size(sec, BK_SIZE_GAP));
    return 0;
}

/* Reads `set.<key>` (title, unit, items) and places the chart, when present. */
static int chart_from(const ic_ctx *c, const bk_node *set, const char *path, const char *key,
                      ic_chart_fn fn, const char *unit_override, const char *sort)
{
    const bk_node *chart = bk_node_get(set, key);
    if (!chart)
        return 0;
    char cpath[160];
    snprintf(cpath, sizeof cpath, "%s.%s", path, key);
    ic_item *it;
    size_t n;
    int targets = strcmp(key, "targets") == 0;
    int rc = read_series(c->sec, chart, cpath, targets, &it, &n);
    if (rc < 0)
        return rc;
    if (strcmp(key, "shares") == 0) {
        for (size_t i = 0; i < n; i++)
            if (it[i].value < 0 || it[i].value > 100) {
                rc = bk_fail(c->sec, bk_node_lookup(chart, "items"),
                             "%s.items.%zu.value: expected a percentage from 0 to 100, got %g",
                             cpath, i, it[i].value);
                free(it);
                return rc;
            }
    }
    if (!targets)
        sort_items(it, n, sort);
    /* One magnitude for the whole chart, from its largest value. */
    ic_ctx cc = *c;
    cc.scale = bk_node_str(bk_node_get(chart, "scale"));
    cc.pct =
        strcmp(key, "shares") == 0 || (bk_node_str(bk_node_get(chart, "unit")) &&
                                       strcmp(bk_node_str(bk_node_get(chart, "unit")), "%") == 0);
    double max = 0;
    for (size_t i = 0; i < n; i++)
        max = fmax(max, fmax(fabs(it[i].value), fabs(it[i].target)));
    cc.magnitude = bk_number_magnitude(c->sec, max, cc.scale);
    if (cc.magnitude == 0) {
        free(it);
        return bk_fail(c->sec, bk_node_get(chart, "scale"),
                       "%s.scale: expected thousand, million, billion, trillion, 万, 亿 or 万亿",
                       cpath);
    }
    const char *title = bk_text_of(c->sec, chart, "title");
    char unit[IC_NUM_MAX] = "";
    const char *base = bk_text_of(c->sec, chart, "unit");
    if (unit_override)
        snprintf(unit, sizeof unit, "%s", unit_override);
    else if (base || cc.scale)
        bk_format_number(c->sec, max, cc.scale, base, NULL, cc.magnitude, BK_NUM_UNIT, unit,
                         sizeof unit);
    rc = place_chart(&cc, fn, it, n, title, unit, chart);
    free(it);
    return rc;
}

static const char *group_name(const ic_ctx *c, const char *g)
{
    if (strcmp(g, "emerging") == 0)
        return tr(c, "Emerging", "新兴产业");
    if (strcmp(g, "mainstay") == 0)
        return tr(c, "Mainstay", "支柱产业");
    if (strcmp(g, "sub-cluster") == 0)
        return tr(c, "Sub-cluster", "细分集群");
    return g;
}

/* The table of clusters: name (both languages), group, focus areas. */
static int cluster_table(const ic_ctx *c, const bk_node *items, const char *path)
{
    bk_section *sec = c->sec;
    int rc = bk_heading(sec, 2, tr(c, "Clusters and focus areas", "产业集群与重点领域"));
    if (rc < 0)
        return rc;
    if (items && bk_node_kind(items) != BK_NODE_LIST)
        return bk_fail(sec, items, "%s.items: expected a list of clusters", path);
    size_t n = bk_node_len(items);
    if (n == 0)
        return bk_paragraph(sec, BK_PARA_NOTE, tr(c, "No data for this period.", "本期无数据。"));
    const char **cells = calloc(n * 3, sizeof *cells);
    char(*text)[2][IC_TEXT_MAX] = calloc(n, sizeof *text);
    if (!cells || !text) {
        free(cells);
        free(text);
        return bk_fail(sec, items, "out of memory for a %zu-row cluster table", n);
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        const bk_node *item = bk_node_at(items, i);
        const char *name = bk_node_str(bk_node_get(item, "name_en"));
        if (bk_node_kind(item) != BK_NODE_MAP || !name || !*name) {
            rc = bk_fail(sec, item, "%s.items.%zu.name_en: expected a text (the cluster's name)",
                         path, i);
            break;
        }
        const char *zh = bk_node_str(bk_node_get(item, "name_zh"));
        /* The English table names each cluster in both languages; the
         * Chinese one needs no English. */
        if (c->zh && zh)
            snprintf(text[i][0], sizeof text[i][0], "%s", zh);
        else
            snprintf(text[i][0], sizeof text[i][0], "%s%s%s", name, zh ? " " : "", zh ? zh : "");
        const bk_node *focus = bk_text_node(sec, item, "focus");
        if (!focus)
            focus = bk_node_get(item, "focus");
        if (focus && bk_node_kind(focus) != BK_NODE_LIST) {
            rc = bk_fail(sec, focus, "%s.items.%zu.focus: expected a list of focus areas", path, i);
            break;
        }
        size_t o = 0;
        text[i][1][0] = '\0';
        for (size_t k = 0; k < bk_node_len(focus); k++) {
            const char *f = bk_node_str(bk_node_at(focus, k));
            if (!f)
                continue;
            int w = snprintf(text[i][1] + o, sizeof text[i][1] - o, "%s%s",
                             o ? tr(c, ", ", "、") : "", f);
            if (w < 0 || (size_t)w >= sizeof text[i][1] - o)
                break;
            o += (size_t)w;
        }
        const char *group = bk_node_str(bk_node_get(item, "group"));
        cells[i * 3] = text[i][0];
        cells[i * 3 + 1] = group ? group_name(c, group) : "";
        cells[i * 3 + 2] = o ? text[i][1] : "—";
    }
    if (rc == 0) {
        const char *header[3] = {tr(c, "Cluster", "产业"), tr(c, "Group", "类别"),
                                 tr(c, "Focus areas", "重点领域")};
        static const double widths[3] = {0.30, 0.14, 0.56};
        bk_table t = {.ncols = 3, .header = header, .widths = widths, .nrows = n, .cells = cells};
        rc = bk_table_draw(sec, &t);
    }
    free(cells);
    free(text);
    return rc;
}

static int render(bk_section *sec)
{
    const char *key = bk_opt_str(sec, "data");
    const bk_node *set = bk_node_lookup(sec->data, key);
    if (!set)
        return bk_fail(sec, NULL,
                       "no \"%s\" in the section's data: expected a cluster set there (a map "
                       "with items, and optionally values, targets, shares)",
                       key);
    if (bk_node_kind(set) != BK_NODE_MAP || !bk_node_get(set, "items")) {
        char keys[256] = "";
        size_t o = 0;
        for (size_t i = 0; i < bk_node_len(set) && bk_node_kind(set) == BK_NODE_MAP; i++) {
            int w = snprintf(keys + o, sizeof keys - o, "%s%s.%s", o ? ", " : "", key,
                             bk_node_key_at(set, i));
            if (w < 0 || (size_t)w >= sizeof keys - o)
                break;
            o += (size_t)w;
        }
        return bk_fail(sec, set,
                       "%s: expected a cluster set (a map with items, and optionally values, "
                       "targets, shares)%s%s%s",
                       key, o ? "; did you mean one of: " : "", keys, o ? "?" : "");
    }
    ic_ctx c = {.sec = sec,
                .cr = bk_native(sec, BK_NATIVE_CAIRO),
                .small = bk_size(sec, BK_SIZE_SMALL),
                .body = bk_size(sec, BK_SIZE_BODY),
                .leading = bk_size(sec, BK_SIZE_LEADING),
                .zh = sec->lang && strcmp(sec->lang, "zh") == 0};
    if (!c.cr)
        return bk_fail(sec, NULL, "industry_cluster draws with cairo; set engine: cairo");

    const char *title_en = bk_node_str(bk_node_get(set, "title_en"));
    const char *title_zh = bk_node_str(bk_node_get(set, "title_zh"));
    char heading[IC_TEXT_MAX];
    if (sec->title && *sec->title)
        snprintf(heading, sizeof heading, "%s", sec->title);
    else if (title_en && title_zh)
        snprintf(heading, sizeof heading, "%s %s", c.zh ? title_zh : title_en,
                 c.zh ? title_en : title_zh);
    else
        snprintf(heading, sizeof heading, "%s", title_en ? title_en : key);
    int rc = bk_heading(sec, 1, heading);
    const char *intro = bk_text_of(sec, set, "intro");
    if (rc == 0 && intro && *intro)
        rc = bk_paragraph(sec, BK_PARA_LEAD, intro);
    if (rc < 0)
        return rc;

    const char *chart = bk_opt_str(sec, "chart");
    const char *sort = bk_opt_str(sec, "sort");
    const char *unit = bk_opt_has(sec, "unit") ? bk_opt_str(sec, "unit") : NULL;
    int values = strcmp(chart, "bar") == 0 || strcmp(chart, "hbar") == 0;
    if (values)
        rc = chart_from(&c, set, key, "values", strcmp(chart, "bar") == 0 ? vbar_chart : hbar_chart,
                        unit, sort);
    if (rc == 0 && (values || strcmp(chart, "target") == 0))
        rc = chart_from(&c, set, key, "targets", target_chart, NULL, sort);
    if (rc == 0 && (values || strcmp(chart, "share") == 0))
        rc = chart_from(&c, set, key, "shares", share_adapter, NULL, sort);
    if (rc < 0)
        return rc;
    return cluster_table(&c, bk_node_get(set, "items"), key);
}

static const bk_plugin plugin = {BK_PLUGIN_HEADER,
                                 .engines = BK_ENGINE_CAIRO,
                                 .preferred_engine = BK_ENGINE_CAIRO,
                                 .name = "industry_cluster",
                                 .version = "1.1.0",
                                 .summary = "Industry clusters: bar, target and share charts, and "
                                            "a table of focus areas",
                                 .license = "MIT",
                                 .options = options,
                                 .render = render};
BK_PLUGIN(plugin)
