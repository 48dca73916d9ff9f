/* policy_timeline: dated policy events as a vertical timeline — an accent
 * line at the left with a dot per event, and to its right the date, a bold
 * title and the wrapped detail; a year marker where the year changes.
 *
 * Engine: libharu. The timeline is only straight lines, round dots and text,
 * which libharu draws as well as Cairo does, and giving one built-in plugin
 * to libharu natively (zone_overview uses it only through the building
 * blocks) keeps both engines exercised in every briefing. Text still goes
 * through bk_text_box, so Chinese falls back to the CJK face and wraps by the
 * Unicode rules.
 *
 * Every event is measured with bk_text_height before anything is drawn and
 * its height reserved with bk_need(), so an event (date, title and detail)
 * never splits across pages, and a year marker stays with its first event.
 * Dates may be YYYY, YYYY-MM or YYYY-MM-DD; a coarser date sorts before
 * finer ones in the same period and the sort is stable. An event is shown
 * when its whole date lies within from..to: a monthly briefing's timeline
 * (from and to its period's first and last day) shows that month, not an
 * event dated only by its year; `context: N` adds the N latest events
 * before it, set apart.
 *
 * Titles and details are read in the document's language (`title` or
 * `title_en` beside `title_zh`, `detail` beside `detail_zh`) and dates are
 * written by the host (SDK 1.1): 2020年12月24日 or 24 December 2020. */
#include <briefkit/plugin.h>

#include <hpdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cite.h"
#include "section_lang.h"

/* Layout proportions: spacing in points, the rest relative to theme sizes. */
#define PT_PAD 6.0        /* gap between the line and the text, and between lines */
#define PT_DOT_RATIO 0.42 /* dot radius, in small font sizes */
#define PT_YEAR_RATIO 0.7 /* year marker ring radius, in small font sizes */
#define PT_RAIL_RATIO 1.2 /* distance from the box edge to the line, in small sizes */
#define PT_LINE_W 1.5     /* timeline line width */
#define PT_RING_W 1.0     /* white ring around each dot, to lift it off the line */
#define PT_TEXT_MAX 512
#define PT_MAX_EVENTS 10000

static const bk_option_spec options[] = {
    {"data", BK_OPT_STRING, 0, "events", 0, 0, NULL,
     "dotted path in the data to the list of events"},
    {"from", BK_OPT_STRING, 0, NULL, 0, 0, NULL, "first date to show, YYYY[-MM[-DD]]"},
    {"to", BK_OPT_STRING, 0, NULL, 0, 0, NULL, "last date to show, YYYY[-MM[-DD]]"},
    {"tags", BK_OPT_LIST, 0, NULL, 0, 0, NULL, "show only events with one of these tags"},
    {"zone", BK_OPT_STRING, 0, NULL, 0, 0, NULL, "show only events for this zone id"},
    {"context", BK_OPT_NUMBER, 0, "0", 0, 100, NULL,
     "also show this many events before `from`, under \"Earlier context\" (此前背景)"},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL}};

/* A parsed date. Missing parts are 0; `first`/`last` are the earliest and
 * latest YYYYMMDD the date covers, for range filters. */
typedef struct pt_date {
    int y, m, d;
    long first, last;
} pt_date;

typedef struct pt_event {
    const bk_node *node;
    pt_date date;
    size_t index; /* position in the data, for a stable sort */
    const char *title, *detail, *source;
} pt_event;

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

static int digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

/* Parses YYYY, YYYY-MM or YYYY-MM-DD with real month and day ranges. */
static int parse_date(const char *s, pt_date *out)
{
    memset(out, 0, sizeof *out);
    size_t len = s ? strlen(s) : 0;
    if (!(len == 4 || len == 7 || len == 10) || !digits(s, 4))
        return -1;
    out->y = atoi(s);
    if (len >= 7) {
        if (s[4] != '-' || !digits(s + 5, 2))
            return -1;
        out->m = (s[5] - '0') * 10 + (s[6] - '0');
        if (out->m < 1 || out->m > 12)
            return -1;
    }
    if (len == 10) {
        if (s[7] != '-' || !digits(s + 8, 2))
            return -1;
        out->d = (s[8] - '0') * 10 + (s[9] - '0');
        if (out->d < 1 || out->d > days_in(out->y, out->m))
            return -1;
    }
    int m0 = out->m ? out->m : 1, m1 = out->m ? out->m : 12;
    out->first = out->y * 10000L + m0 * 100L + (out->d ? out->d : 1);
    out->last = out->y * 10000L + m1 * 100L + (out->d ? out->d : days_in(out->y, m1));
    return 0;
}

/* "24 December 2020", "March 2022", "2021"; in Chinese 2020年12月24日. The
 * date was checked by parse_date, so the host accepts it. */
static void format_date(bk_section *sec, const pt_date *d, char *out, size_t size)
{
    char iso[16];
    if (d->d)
        snprintf(iso, sizeof iso, "%04d-%02d-%02d", d->y, d->m, d->d);
    else if (d->m)
        snprintf(iso, sizeof iso, "%04d-%02d", d->y, d->m);
    else
        snprintf(iso, sizeof iso, "%04d", d->y);
    if (bk_format_date(sec, iso, out, size) < 0)
        snprintf(out, size, "%s", iso);
}

static int cmp_events(const void *a, const void *b)
{
    const pt_event *x = a, *y = b;
    if (x->date.first != y->date.first)
        return x->date.first < y->date.first ? -1 : 1;
    /* Coarser dates ("2021") before finer ones starting the same day. */
    int px = (x->date.m != 0) + (x->date.d != 0), py = (y->date.m != 0) + (y->date.d != 0);
    if (px != py)
        return px < py ? -1 : 1;
    return x->index < y->index ? -1 : (x->index > y->index ? 1 : 0);
}

/* Does the scalar-or-list `n` contain `want`? */
static int node_has(const bk_node *n, const char *want)
{
    if (bk_node_kind(n) == BK_NODE_STRING) {
        const char *s = bk_node_str(n);
        return s && strcmp(s, want) == 0;
    }
    for (size_t i = 0; i < bk_node_len(n); i++) {
        const char *s = bk_node_str(bk_node_at(n, i));
        if (s && strcmp(s, want) == 0)
            return 1;
    }
    return 0;
}

static int tags_match(const bk_node *want, const bk_node *tags)
{
    for (size_t i = 0; i < bk_node_len(want); i++) {
        const char *t = bk_node_str(bk_node_at(want, i));
        if (t && node_has(tags, t))
            return 1;
    }
    return 0;
}

/* Reads the from/to option as a date; 1 when set, 0 when not, or the failure. */
static int date_option(bk_section *sec, const char *name, pt_date *out)
{
    if (!bk_opt_has(sec, name))
        return 0;
    const char *s = bk_opt_str(sec, name);
    if (parse_date(s, out) != 0)
        return bk_fail(sec, bk_opt_node(sec, name),
                       "option %s: expected a date YYYY, YYYY-MM or YYYY-MM-DD, got \"%s\"", name,
                       s ? s : "");
    return 1;
}

/* Reads and checks one event's fields. */
static int read_event(bk_section *sec, const bk_node *ev, const char *path, pt_event *out)
{
    if (bk_node_kind(ev) != BK_NODE_MAP)
        return bk_fail(sec, ev, "%s: expected an event (a map with date, title_en, detail)", path);
    const bk_node *dn = bk_node_get(ev, "date");
    const char *ds = bk_node_str(dn);
    if (!ds)
        return bk_fail(sec, dn ? dn : ev,
                       "%s.date: expected a date YYYY, YYYY-MM or YYYY-MM-DD, "
                       "got %s",
                       path, dn ? "a list or map" : "nothing");
    if (parse_date(ds, &out->date) != 0)
        return bk_fail(sec, dn, "%s.date: expected a date YYYY, YYYY-MM or YYYY-MM-DD, got \"%s\"",
                       path, ds);
    out->title = bk_text_of(sec, ev, "title");
    if (!out->title || !*out->title)
        return bk_fail(sec, ev, "%s.title_en: expected a text (the event's title), got nothing",
                       path);
    const bk_node *tags = bk_node_get(ev, "tags");
    if (tags && bk_node_kind(tags) != BK_NODE_LIST && bk_node_kind(tags) != BK_NODE_STRING)
        return bk_fail(sec, tags, "%s.tags: expected a list of tags", path);
    out->detail = bk_text_of(sec, ev, "detail");
    out->source = bk_node_str(bk_node_get(ev, "source"));
    out->node = ev;
    return 0;
}

/* The theme-derived sizes and where the line and the text go. */
typedef struct pt_layout {
    double small, body, gap;
    double rail_x, text_x, text_w, dot_r;
} pt_layout;

/* "Source: [4]" (numbered as in the briefing's source list), or "" when
 * the event names none. */
static void source_line(const bk_section *sec, const pt_event *e, char *out, size_t size)
{
    if (e->source && *e->source) {
        char cite[PT_TEXT_MAX / 2];
        bkp_cite(sec->data, e->source, cite, sizeof cite);
        snprintf(out, size, "%s%s", bkp_is_zh(sec) ? "来源：" : "Source: ", cite);
    } else {
        out[0] = '\0';
    }
}

/* Height of one event's block: date line, title, detail, source. */
static double event_height(bk_section *sec, const pt_layout *l, const char *date, const pt_event *e)
{
    double h = bk_text_height(sec, BK_FONT_BOLD, l->small, l->text_w, date);
    h += bk_text_height(sec, BK_FONT_BOLD, l->body, l->text_w, e->title);
    if (e->detail && *e->detail)
        h += bk_text_height(sec, BK_FONT_BODY, l->body, l->text_w, e->detail);
    char src[PT_TEXT_MAX];
    source_line(sec, e, src, sizeof src);
    if (*src)
        h += bk_text_height(sec, BK_FONT_BODY, l->small, l->text_w, src);
    return h + l->gap;
}

static double year_height(bk_section *sec, const pt_layout *l)
{
    return bk_text_height(sec, BK_FONT_BOLD, bk_size(sec, BK_SIZE_H3), l->text_w, "0000") +
           PT_PAD / 2.0;
}

/* The libharu page to draw on now: fetched again after every break. */
static int page_of(bk_section *sec, HPDF_Page *out)
{
    *out = bk_native(sec, BK_NATIVE_HARU_PAGE);
    if (!*out)
        return bk_fail(sec, NULL, "policy_timeline draws with libharu; set engine: haru");
    return 0;
}

static int rail_segment(bk_section *sec, const pt_layout *l, double y0, double y1)
{
    HPDF_Page page;
    int rc = page_of(sec, &page);
    if (rc < 0)
        return rc;
    bk_rgb c = bk_color(sec, BK_COLOR_ACCENT);
    HPDF_Page_SetRGBStroke(page, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
    HPDF_Page_SetLineWidth(page, PT_LINE_W);
    HPDF_Page_MoveTo(page, (HPDF_REAL)l->rail_x, (HPDF_REAL)(sec->page_h - y0));
    HPDF_Page_LineTo(page, (HPDF_REAL)l->rail_x, (HPDF_REAL)(sec->page_h - y1));
    if (HPDF_Page_Stroke(page) != HPDF_OK)
        return bk_fail(sec, NULL, "libharu could not draw the timeline line");
    return 0;
}

static int dot(bk_section *sec, const pt_layout *l, double cy)
{
    HPDF_Page page;
    int rc = page_of(sec, &page);
    if (rc < 0)
        return rc;
    bk_rgb c = bk_color(sec, BK_COLOR_ACCENT);
    HPDF_Page_SetRGBFill(page, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
    HPDF_Page_SetRGBStroke(page, 1, 1, 1);
    HPDF_Page_SetLineWidth(page, PT_RING_W);
    HPDF_Page_Circle(page, (HPDF_REAL)l->rail_x, (HPDF_REAL)(sec->page_h - cy),
                     (HPDF_REAL)l->dot_r);
    if (HPDF_Page_FillStroke(page) != HPDF_OK)
        return bk_fail(sec, NULL, "libharu could not draw a timeline dot");
    return 0;
}

/* A hollow ring on the line beside a year marker. */
static int year_ring(bk_section *sec, const pt_layout *l, double cy)
{
    HPDF_Page page;
    int rc = page_of(sec, &page);
    if (rc < 0)
        return rc;
    bk_rgb c = bk_color(sec, BK_COLOR_ACCENT);
    HPDF_Page_SetRGBFill(page, 1, 1, 1);
    HPDF_Page_SetRGBStroke(page, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
    HPDF_Page_SetLineWidth(page, PT_LINE_W);
    HPDF_Page_Circle(page, (HPDF_REAL)l->rail_x, (HPDF_REAL)(sec->page_h - cy),
                     (HPDF_REAL)(l->small * PT_YEAR_RATIO));
    if (HPDF_Page_FillStroke(page) != HPDF_OK)
        return bk_fail(sec, NULL, "libharu could not draw a year marker");
    return 0;
}

/* The year, in accent colour, beside the line; kept with the next event. */
static int draw_year(bk_section *sec, const pt_layout *l, int year, double y, double *h)
{
    char iso[16], text[32];
    snprintf(iso, sizeof iso, "%04d", year);
    if (bk_format_date(sec, iso, text, sizeof text) < 0)
        snprintf(text, sizeof text, "%s", iso);
    *h = year_height(sec, l);
    int rc = rail_segment(sec, l, y, y + *h);
    if (rc == 0)
        rc = year_ring(sec, l, y + (*h - PT_PAD / 2.0) / 2.0);
    if (rc == 0)
        rc = bk_text_box(sec, l->text_x, y, l->text_w, BK_FONT_BOLD, bk_size(sec, BK_SIZE_H3),
                         bk_color(sec, BK_COLOR_ACCENT), BK_ALIGN_LEFT, text, NULL);
    return rc;
}

static int draw_event(bk_section *sec, const pt_layout *l, const char *date, const pt_event *e,
                      double y, double h, int last)
{
    /* The line runs through the whole block, except below the last dot. */
    double date_h = bk_text_height(sec, BK_FONT_BOLD, l->small, l->text_w, date);
    double dot_y = y + date_h / 2.0;
    int rc = rail_segment(sec, l, y, last ? dot_y : y + h);
    if (rc == 0)
        rc = dot(sec, l, dot_y);
    double used = 0, cy = y;
    if (rc == 0)
        rc = bk_text_box(sec, l->text_x, cy, l->text_w, BK_FONT_BOLD, l->small,
                         bk_color(sec, BK_COLOR_ACCENT), BK_ALIGN_LEFT, date, &used);
    cy += used;
    if (rc == 0)
        rc = bk_text_box(sec, l->text_x, cy, l->text_w, BK_FONT_BOLD, l->body,
                         bk_color(sec, BK_COLOR_TEXT), BK_ALIGN_LEFT, e->title, &used);
    cy += used;
    if (rc == 0 && e->detail && *e->detail) {
        rc = bk_text_box(sec, l->text_x, cy, l->text_w, BK_FONT_BODY, l->body,
                         bk_color(sec, BK_COLOR_TEXT), BK_ALIGN_LEFT, e->detail, &used);
        cy += used;
    }
    char src[PT_TEXT_MAX];
    source_line(sec, e, src, sizeof src);
    if (rc == 0 && *src)
        rc = bk_text_box(sec, l->text_x, cy, l->text_w, BK_FONT_BODY, l->small,
                         bk_color(sec, BK_COLOR_MUTED), BK_ALIGN_LEFT, src, &used);
    return rc;
}

/* Picks the events that pass the filters, checking every event on the way. */
static int collect(bk_section *sec, const bk_node *list, const char *key, pt_event **out, size_t *n,
                   pt_event **earlier, size_t *n_earlier)
{
    pt_date from, to;
    int has_from = date_option(sec, "from", &from);
    if (has_from < 0)
        return has_from;
    int has_to = date_option(sec, "to", &to);
    if (has_to < 0)
        return has_to;
    const bk_node *want_tags = bk_opt_has(sec, "tags") ? bk_opt_node(sec, "tags") : NULL;
    const char *want_zone = bk_opt_has(sec, "zone") ? bk_opt_str(sec, "zone") : NULL;

    size_t len = bk_node_len(list);
    if (len > PT_MAX_EVENTS)
        return bk_fail(sec, list, "%s: %zu events; a timeline shows at most %d", key, len,
                       PT_MAX_EVENTS);
    *out = NULL;
    *n = 0;
    *earlier = NULL;
    *n_earlier = 0;
    if (len == 0)
        return 0;
    pt_event *ev = calloc(len, sizeof *ev), *before = calloc(len, sizeof *before);
    if (!ev || !before) {
        free(ev);
        free(before);
        return bk_fail(sec, list, "out of memory reading %zu events", len);
    }
    size_t kept = 0, kept_before = 0;
    for (size_t i = 0; i < len; i++) {
        const bk_node *node = bk_node_at(list, i);
        char path[200];
        snprintf(path, sizeof path, "%s.%zu", key, i);
        pt_event e = {.index = i};
        int rc = read_event(sec, node, path, &e);
        if (rc < 0) {
            free(ev);
            free(before);
            return rc;
        }
        if (want_tags && !tags_match(want_tags, bk_node_get(node, "tags")))
            continue;
        if (want_zone && !node_has(bk_node_get(node, "zone"), want_zone))
            continue;
        if (has_from && e.date.last < from.first) {
            before[kept_before++] = e;
            continue;
        }
        if ((has_from && e.date.first < from.first) || (has_to && e.date.last > to.last))
            continue;
        ev[kept++] = e;
    }
    qsort(ev, kept, sizeof *ev, cmp_events);
    qsort(before, kept_before, sizeof *before, cmp_events);
    *out = ev;
    *n = kept;
    *earlier = before;
    *n_earlier = kept_before;
    return 0;
}

static int draw_events(bk_section *sec, const pt_layout *lp, const pt_event *ev, size_t n);

static int render(bk_section *sec)
{
    const char *key = bk_opt_str(sec, "data");
    const bk_node *list = bk_node_lookup(sec->data, key);
    if (!list)
        return bk_fail(sec, NULL,
                       "no \"%s\" in the section's data: expected a list of events there (add a "
                       "data file with a top-level \"%s:\" list, or set the data option)",
                       key, key);
    if (bk_node_kind(list) != BK_NODE_LIST)
        return bk_fail(sec, list, "%s: expected a list of events", key);

    pt_event *ev, *before;
    size_t n, n_before;
    int rc = collect(sec, list, key, &ev, &n, &before, &n_before);
    if (rc < 0)
        return rc;
    double context = bk_opt_num(sec, "context");
    size_t n_context = context > 0 ? (size_t)context : 0;
    if (n_context > n_before)
        n_context = n_before;
    const char *heading = sec->title && *sec->title
                              ? sec->title
                              : (bkp_is_zh(sec) ? "政策时间线" : "Policy timeline");
    rc = bk_heading(sec, 1, heading);
    if (rc == 0 && n == 0)
        rc = bk_paragraph(sec, BK_PARA_NOTE,
                          bkp_is_zh(sec) ? "本期无数据。" : "No data for this period.");

    pt_layout l = {.small = bk_size(sec, BK_SIZE_SMALL),
                   .body = bk_size(sec, BK_SIZE_BODY),
                   .gap = bk_size(sec, BK_SIZE_GAP)};
    l.dot_r = l.small * PT_DOT_RATIO;
    l.rail_x = sec->box_x + l.small * PT_RAIL_RATIO;
    l.text_x = l.rail_x + l.dot_r + PT_PAD * 2.0;
    l.text_w = sec->box_x + sec->box_w - l.text_x;

    if (rc == 0)
        rc = draw_events(sec, &l, ev, n);
    if (rc == 0 && n_context > 0) {
        rc = bk_heading(sec, 2, bkp_is_zh(sec) ? "此前背景" : "Earlier context");
        if (rc == 0)
            rc = draw_events(sec, &l, before + (n_before - n_context), n_context);
    }
    free(ev);
    free(before);
    return rc;
}

/* The events in order, a year marker where the year changes. */
static int draw_events(bk_section *sec, const pt_layout *lp, const pt_event *ev, size_t n)
{
    pt_layout l = *lp;
    int rc = 0, year = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        char date[64];
        format_date(sec, &ev[i].date, date, sizeof date);
        double h = event_height(sec, &l, date, &ev[i]);
        double yh = ev[i].date.y != year ? year_height(sec, &l) : 0.0;
        if (h + yh > sec->box_h) {
            rc = bk_fail(sec, ev[i].node,
                         "event \"%s\" needs %.0f pt but a page has %.0f pt: shorten its detail",
                         ev[i].title, h + yh, sec->box_h);
            break;
        }
        bk_need(sec, h + yh);
        if (yh > 0) {
            double used;
            rc = draw_year(sec, &l, ev[i].date.y, bk_cursor(sec), &used);
            bk_advance(sec, used);
            year = ev[i].date.y;
        }
        if (rc == 0)
            rc = draw_event(sec, &l, date, &ev[i], bk_cursor(sec), h, i + 1 == n);
        bk_advance(sec, h);
    }
    return rc;
}

static const bk_plugin plugin = {BK_PLUGIN_HEADER,
                                 .engines = BK_ENGINE_HARU,
                                 .preferred_engine = BK_ENGINE_HARU,
                                 .name = "policy_timeline",
                                 .version = "1.1.0",
                                 .summary = "Dated policy events on a vertical timeline",
                                 .license = "MIT",
                                 .options = options,
                                 .render = render};
BK_PLUGIN(plugin)
