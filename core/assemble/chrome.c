/* The pages the core draws itself: cover, contents and the per-page chrome
 * (running header, footer, "Page X of N", classification mark).
 *
 * They are drawn with cairo and Pango into one in-memory PDF because that is
 * what cairo does well (real font subsetting, Pango line breaking for
 * Chinese and English alike) and assembly then only has to move pages and
 * turn overlay pages into Form XObjects. The contents are laid out before
 * anything is numbered: the number of contents pages shifts every page
 * number after it, so it has to be known first. */
#include "chrome.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include "doc_style.h"
#include "errors.h"
#include "masthead.h"
#include "pango_attrs.h"
#include "pdf_buffer.h"

typedef struct chrome_ctx {
    const bk_chrome_input *in;
    const bk_doc_settings *doc;
    const bk_theme *th;
    cairo_t *cr;
    PangoContext *pc;
    const char *family;
    int zh;
    int total_pages;
    int cover_pages;
    double top_skip; /* the masthead's height on the first contents page */
    double cw;       /* content width */
    /* The page furniture every overlay repeats, laid out on the first. */
    PangoLayout *head, *footer, *mark;
    double footer_w;
} chrome_ctx;

/* A contents line laid out before pagination. */
typedef struct toc_line {
    PangoLayout *title;
    double indent, height, gap_before;
    int page; /* contents page, 0-based */
    double y;
} toc_line;

static const bk_rgb white = {1, 1, 1};

static void set_rgb(cairo_t *cr, bk_rgb c, double alpha)
{
    cairo_set_source_rgba(cr, c.r, c.g, c.b, alpha);
}

/* A Pango layout in briefkit's fonts. width <= 0 means one unbroken line;
 * ellipsize shortens a line that would not fit rather than wrapping it. */
static PangoLayout *layout_new(chrome_ctx *c, const char *text, int bold, double size, double width,
                               int ellipsize)
{
    PangoLayout *l = pango_layout_new(c->pc);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, c->family);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    if (width > 0) {
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        if (ellipsize)
            pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
        else
            pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    /* Text comes from YAML and is UTF-8 already; make_valid only guards
     * Pango, which would warn on stderr about anything else. */
    gchar *valid = g_utf8_make_valid(text ? text : "", -1);
    /* The body's rules: Chinese punctuation from the Chinese face, and the
     * line-start and line-end prohibitions where it wraps. */
    bk__pango_set_text(l, c->in->fonts, bold ? BK_FONT_BOLD : BK_FONT_BODY, c->zh ? "zh" : "en",
                       width > 0 && !ellipsize, valid, strlen(valid));
    g_free(valid);
    return l;
}

static double layout_w(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)w / PANGO_SCALE;
}

static double layout_h(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)h / PANGO_SCALE;
}

static void show(chrome_ctx *c, PangoLayout *l, double x, double y, bk_rgb col, double alpha)
{
    cairo_move_to(c->cr, x, y);
    set_rgb(c->cr, col, alpha);
    pango_cairo_show_layout(c->cr, l);
}

/* Draws text and returns its height; the layout is freed. */
static double text_at(chrome_ctx *c, const char *text, int bold, double size, double x, double y,
                      double width, bk_rgb col, double alpha)
{
    PangoLayout *l = layout_new(c, text, bold, size, width, 0);
    show(c, l, x, y, col, alpha);
    double h = layout_h(l);
    g_object_unref(l);
    return h;
}

static void hrule(cairo_t *cr, double x0, double x1, double y, double width, bk_rgb col,
                  double alpha)
{
    cairo_set_line_width(cr, width);
    set_rgb(cr, col, alpha);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x1, y);
    cairo_stroke(cr);
}

static const char *const month_en[12] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};

/* The cover date as a reader would write it; a date that is not
 * YYYY-MM-DD is shown as given. */
static void cover_date(const chrome_ctx *c, char *buf, size_t size)
{
    int y = 0, m = 0, d = 0;
    const char *src = c->doc->date;
    if (src) {
        char tail;
        if (sscanf(src, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
            d > 31) {
            snprintf(buf, size, "%s", src);
            return;
        }
    } else {
        time_t t = (time_t)c->in->epoch;
        struct tm tm;
        if (!gmtime_r(&t, &tm)) {
            buf[0] = '\0';
            return;
        }
        y = tm.tm_year + 1900;
        m = tm.tm_mon + 1;
        d = tm.tm_mday;
    }
    if (c->zh)
        snprintf(buf, size, "%d年%d月%d日", y, m, d);
    else
        snprintf(buf, size, "%d %s %d", d, month_en[m - 1], y);
}

static void draw_cover(chrome_ctx *c)
{
    const bk_doc_settings *doc = c->doc;
    const bk_theme *th = c->th;
    cairo_t *cr = c->cr;
    double W = doc->page_w, H = doc->page_h, ml = doc->margin_left;
    double small = th->sizes[BK_SIZE_SMALL];
    char date[64];
    cover_date(c, date, sizeof date);

    /* Lay out the band's contents first: the band grows with a long title. */
    double row_y = doc->margin_top * 0.5 > 24 ? doc->margin_top * 0.5 : 24;
    PangoLayout *mark = doc->classification && doc->classification[0]
                            ? layout_new(c, doc->classification, 1, small * 1.15, 0, 0)
                            : NULL;
    PangoLayout *datel = layout_new(c, date, 0, small * 1.15, 0, 0);
    double row_h = layout_h(datel);
    PangoLayout *title =
        layout_new(c, doc->title ? doc->title : "", 1, th->sizes[BK_SIZE_H1] * 1.6, c->cw, 0);
    PangoLayout *sub = doc->subtitle && doc->subtitle[0]
                           ? layout_new(c, doc->subtitle, 0, th->sizes[BK_SIZE_H2], c->cw, 0)
                           : NULL;
    double y = row_y + row_h + 14 + 44;
    if (y < H * 0.12)
        y = H * 0.12;
    double title_y = y;
    y += layout_h(title);
    double sub_y = y + 10;
    if (sub)
        y = sub_y + layout_h(sub);
    double band = y + 40 > H * 0.42 ? y + 40 : H * 0.42;

    set_rgb(cr, th->colors[BK_COLOR_ACCENT], 1);
    cairo_rectangle(cr, 0, 0, W, band);
    cairo_fill(cr);
    set_rgb(cr, th->colors[BK_COLOR_ACCENT2], 1);
    cairo_rectangle(cr, 0, band, W, 4);
    cairo_fill(cr);

    if (mark)
        show(c, mark, ml, row_y, white, 1);
    show(c, datel, ml + c->cw - layout_w(datel), row_y, white, 0.9);
    hrule(cr, ml, ml + c->cw, row_y + row_h + 10, 0.6, white, 0.4);
    show(c, title, ml, title_y, white, 1);
    if (sub)
        show(c, sub, ml, sub_y, white, 0.85);

    /* Who issued it and when, under a short accent rule. */
    y = band + 4 + 48;
    hrule(cr, ml, ml + 56, y, 2, th->colors[BK_COLOR_ACCENT], 1);
    y += 18;
    struct {
        const char *label, *value;
    } rows[3] = {
        {c->zh ? "编制单位" : "Prepared by", doc->author},
        {c->zh ? "主题" : "Subject", doc->subject},
        {c->zh ? "日期" : "Date", date},
    };
    for (int i = 0; i < 3; i++) {
        if (!rows[i].value || !rows[i].value[0])
            continue;
        y += text_at(c, rows[i].label, 1, small, ml, y, c->cw, th->colors[BK_COLOR_MUTED], 1);
        y += 3;
        y += text_at(c, rows[i].value, 0, th->sizes[BK_SIZE_BODY] * 1.2, ml, y, c->cw,
                     th->colors[BK_COLOR_TEXT], 1);
        y += 16;
    }

    if (mark) {
        double mb = doc->margin_bottom;
        double my = H - (mb * 0.5 > 20 ? mb * 0.5 : 20);
        show(c, mark, (W - layout_w(mark)) / 2, my - layout_h(mark) / 2, th->colors[BK_COLOR_DOWN],
             1);
        g_object_unref(mark);
    }
    g_object_unref(datel);
    g_object_unref(title);
    if (sub)
        g_object_unref(sub);
}

/* Baseline of a layout's last line, from its top. */
static double last_baseline(PangoLayout *l, double *line_end)
{
    PangoLayoutIter *it = pango_layout_get_iter(l);
    while (!pango_layout_iter_at_last_line(it))
        pango_layout_iter_next_line(it);
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(it, NULL, &logical);
    double base = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
    *line_end = (double)(logical.x + logical.width) / PANGO_SCALE;
    pango_layout_iter_free(it);
    return base;
}

#define TOC_NUM_W 40.0
#define TOC_SUB_INDENT 16.0

static double toc_size(const chrome_ctx *c, int level)
{
    return level == 0 ? c->th->sizes[BK_SIZE_BODY] * 1.1 : c->th->sizes[BK_SIZE_SMALL];
}

static PangoLayout *toc_heading(chrome_ctx *c)
{
    /* A 简报's contents under its masthead are its 本期要目. */
    const char *head = c->doc->style && c->doc->style->kind == BK_STYLE_JIANBAO ? "本期要目"
                       : c->zh                                                  ? "目录"
                                                                                : "Contents";
    return layout_new(c, head, 1, c->th->sizes[BK_SIZE_H1], c->cw, 0);
}

/* Lays the contents out and returns how many pages they need. */
static int toc_paginate(chrome_ctx *c, toc_line *lines)
{
    const bk_doc_settings *doc = c->doc;
    PangoLayout *head = toc_heading(c);
    double first_top = doc->margin_top + c->top_skip + layout_h(head) + 24;
    g_object_unref(head);
    double bottom = doc->page_h - doc->margin_bottom;
    int page = 0;
    double y = first_top;
    for (size_t i = 0; i < c->in->n_entries; i++) {
        const bk_chrome_entry *e = &c->in->entries[i];
        toc_line *ln = &lines[i];
        ln->indent = e->level == 0 ? 0 : TOC_SUB_INDENT;
        ln->title = layout_new(c, e->title, 0, toc_size(c, e->level),
                               c->cw - ln->indent - TOC_NUM_W - 12, 0);
        ln->height = layout_h(ln->title);
        ln->gap_before = e->level == 0 && i > 0 ? c->th->sizes[BK_SIZE_GAP] * 0.9 : 3;
        double top = y + ln->gap_before;
        if (top + ln->height > bottom && y > (page == 0 ? first_top : doc->margin_top)) {
            page++;
            top = doc->margin_top;
        }
        ln->page = page;
        ln->y = top;
        y = top + ln->height;
    }
    return page + 1;
}

static int draw_contents(chrome_ctx *c, toc_line *lines, int n_pages, bk_chrome *out, bk_error *err)
{
    const bk_doc_settings *doc = c->doc;
    const bk_theme *th = c->th;
    cairo_t *cr = c->cr;
    double ml = doc->margin_left, H = doc->page_h;
    if (c->in->n_entries) {
        out->links = calloc(c->in->n_entries, sizeof *out->links);
        if (!out->links)
            return bk__error(err, BK_ENOMEM, NULL, "out of memory laying out the contents");
    }
    size_t next = 0;
    for (int p = 0; p < n_pages; p++) {
        if (p == 0) {
            PangoLayout *head = toc_heading(c);
            double top = doc->margin_top + c->top_skip;
            show(c, head, ml, top, th->colors[BK_COLOR_ACCENT], 1);
            hrule(cr, ml, ml + c->cw, top + layout_h(head) + 8, 0.8, th->colors[BK_COLOR_ACCENT],
                  1);
            g_object_unref(head);
        }
        for (; next < c->in->n_entries && lines[next].page == p; next++) {
            const bk_chrome_entry *e = &c->in->entries[next];
            toc_line *ln = &lines[next];
            int target = bk__chrome_body_to_physical(out, e->body_page);
            bk_rgb col = e->level == 0 ? th->colors[BK_COLOR_TEXT] : th->colors[BK_COLOR_MUTED];
            double x = ml + ln->indent;
            show(c, ln->title, x, ln->y, col, 1);

            char num[24];
            snprintf(num, sizeof num, "%d", target + 1);
            PangoLayout *nl = layout_new(c, num, e->level == 0, toc_size(c, e->level), 0, 0);
            double end;
            double base = last_baseline(ln->title, &end);
            double nx = ml + c->cw - layout_w(nl);
            double ny = ln->y + base - (double)pango_layout_get_baseline(nl) / PANGO_SCALE;
            show(c, nl, nx, ny, col, 1);
            g_object_unref(nl);

            /* Dot leaders as drawn dots, so extracted text stays "Title 3". */
            set_rgb(cr, th->colors[BK_COLOR_MUTED], 0.8);
            cairo_new_path(cr);
            for (double dx = x + end + 6; dx < nx - 6; dx += 4) {
                cairo_new_sub_path(cr);
                cairo_arc(cr, dx, ln->y + base - 1, 0.55, 0, 6.283185307179586);
            }
            cairo_fill(cr);

            bk_chrome_link *lk = &out->links[out->n_links++];
            lk->page = out->cover_pages + p;
            lk->x0 = x;
            lk->x1 = ml + c->cw;
            lk->y0 = H - (ln->y + ln->height + 1.5);
            lk->y1 = H - (ln->y - 1.5);
            lk->target = target;
            lk->target_y = H - e->y;
        }
        cairo_show_page(cr);
    }
    return 0;
}

static void draw_overlay(chrome_ctx *c, int physical)
{
    const bk_doc_settings *doc = c->doc;
    const bk_theme *th = c->th;
    cairo_t *cr = c->cr;
    double W = doc->page_w, H = doc->page_h, ml = doc->margin_left;
    double mt = doc->margin_top, mb = doc->margin_bottom;
    double small = th->sizes[BK_SIZE_SMALL];
    bk_rgb muted = th->colors[BK_COLOR_MUTED];

    if (doc->style) {
        bk_style_pen pen = {cr, c->pc, c->in->fonts, doc, th};
        bk__masthead_page(&pen, physical, c->total_pages, physical == c->cover_pages);
        if (bk__masthead_replaces_furniture(doc)) {
            cairo_show_page(cr);
            return;
        }
    }

    const char *head = doc->header && doc->header[0] ? doc->header : doc->title;
    if (head && head[0]) {
        if (!c->head)
            c->head = layout_new(c, head, 0, small, c->cw, 1);
        show(c, c->head, ml, mt - 12 - layout_h(c->head), muted, 1);
        hrule(cr, ml, ml + c->cw, mt - 8, 0.5, th->colors[BK_COLOR_RULE], 1);
    }

    char page[64];
    if (c->zh)
        snprintf(page, sizeof page, "第 %d 页 / 共 %d 页", physical + 1, c->total_pages);
    else
        snprintf(page, sizeof page, "Page %d of %d", physical + 1, c->total_pages);
    PangoLayout *pl = layout_new(c, page, 0, small, 0, 0);
    double pw = layout_w(pl);
    double fy = H - mb + 12;
    hrule(cr, ml, ml + c->cw, H - mb + 8, 0.5, th->colors[BK_COLOR_RULE], 1);
    show(c, pl, ml + c->cw - pw, fy, muted, 1);
    g_object_unref(pl);
    if (doc->footer && doc->footer[0] && c->cw - pw - 18 > 0) {
        /* Its room shrinks when "Page X of N" grows by a digit. */
        if (c->footer && c->footer_w != c->cw - pw - 18) {
            g_object_unref(c->footer);
            c->footer = NULL;
        }
        if (!c->footer) {
            c->footer_w = c->cw - pw - 18;
            c->footer = layout_new(c, doc->footer, 0, small, c->footer_w, 1);
        }
        show(c, c->footer, ml, fy, muted, 1);
    }

    /* Classification marks are conventionally red: the theme's "fall". */
    if (doc->classification && doc->classification[0]) {
        if (!c->mark)
            c->mark = layout_new(c, doc->classification, 1, small, 0, 0);
        double x = (W - layout_w(c->mark)) / 2;
        double top = mt * 0.28 > 6 ? mt * 0.28 : 6;
        show(c, c->mark, x, top, th->colors[BK_COLOR_DOWN], 1);
        show(c, c->mark, x, H - top - layout_h(c->mark), th->colors[BK_COLOR_DOWN], 1);
    }
    cairo_show_page(cr);
}

void bk__chrome_free(bk_chrome *c)
{
    if (!c)
        return;
    free(c->pdf);
    free(c->links);
    memset(c, 0, sizeof *c);
}

/* cairo's CreationDate, from the epoch, so two runs give the same bytes. */
static void set_create_date(cairo_surface_t *s, long long epoch)
{
    time_t t = (time_t)epoch;
    struct tm tm;
    char iso[32];
    if (gmtime_r(&t, &tm) && strftime(iso, sizeof iso, "%Y-%m-%dT%H:%M:%SZ", &tm))
        cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, iso);
}

int bk__chrome_render(const bk_chrome_input *in, bk_chrome *out, bk_error *err)
{
    const bk_doc_settings *doc = in->doc;
    memset(out, 0, sizeof *out);
    double cw = doc->page_w - doc->margin_left - doc->margin_right;
    if (!(doc->page_w > 0 && doc->page_h > 0 && cw > 0 &&
          doc->margin_top + doc->margin_bottom < doc->page_h))
        return bk__error(err, BK_EINVAL, NULL,
                         "page %.0f x %.0f pt leaves no room inside the margins", doc->page_w,
                         doc->page_h);
    PangoFontMap *map = bk__fonts_pango_map(in->fonts);
    if (!map)
        return bk__error(err, BK_EFONT, NULL, "cannot set up briefkit's fonts for the chrome");

    chrome_ctx c = {.in = in, .doc = doc, .th = in->theme, .cw = cw};
    c.zh = doc->lang && strcmp(doc->lang, "zh") == 0;
    c.family = bk__fonts_pango_family(in->fonts, BK_FONT_BODY);
    c.pc = pango_font_map_create_context(map);
    pango_context_set_language(c.pc, pango_language_from_string(c.zh ? "zh-cn" : "en"));
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(c.pc, fo);
    cairo_font_options_destroy(fo);

    bk_buf buf = {0};
    cairo_surface_t *s =
        cairo_pdf_surface_create_for_stream(bk__pdf_buffer_write, &buf, doc->page_w, doc->page_h);
    set_create_date(s, in->epoch);
    c.cr = cairo_create(s);
    pango_cairo_update_context(c.cr, c.pc);

    int rc = 0;
    toc_line *lines = NULL;
    out->cover_pages = doc->cover ? 1 : 0;
    c.cover_pages = out->cover_pages;
    if (doc->contents)
        c.top_skip = bk__doc_style_top_skip(doc->style);
    if (doc->contents) {
        lines = calloc(in->n_entries ? in->n_entries : 1, sizeof *lines);
        if (!lines) {
            rc = bk__error(err, BK_ENOMEM, NULL, "out of memory laying out the contents");
            goto done;
        }
        out->contents_pages = toc_paginate(&c, lines);
    }
    out->total_pages = out->cover_pages + out->contents_pages + in->body_pages;
    c.total_pages = out->total_pages;

    if (doc->cover) {
        draw_cover(&c);
        cairo_show_page(c.cr);
    }
    if (doc->contents && (rc = draw_contents(&c, lines, out->contents_pages, out, err)) < 0)
        goto done;
    for (int p = out->cover_pages; p < out->total_pages; p++)
        draw_overlay(&c, p);

done:
    if (rc == 0 && cairo_status(c.cr) != CAIRO_STATUS_SUCCESS)
        rc = bk__error(err, BK_EPDF, NULL, "drawing the page chrome failed: %s",
                       cairo_status_to_string(cairo_status(c.cr)));
    if (lines) {
        for (size_t i = 0; i < in->n_entries; i++)
            if (lines[i].title)
                g_object_unref(lines[i].title);
        free(lines);
    }
    PangoLayout *kept[] = {c.head, c.footer, c.mark};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
        if (kept[i])
            g_object_unref(kept[i]);
    cairo_destroy(c.cr);
    cairo_surface_finish(s);
    cairo_status_t st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    g_object_unref(c.pc);
    if (rc == 0 && (st != CAIRO_STATUS_SUCCESS || buf.failed))
        rc = bk__error(err, BK_EPDF, NULL, "drawing the cover, contents and page chrome failed: %s",
                       buf.failed ? "out of memory" : cairo_status_to_string(st));
    if (rc < 0) {
        bk__buf_free(&buf);
        bk__chrome_free(out);
        return rc;
    }
    out->pdf = (unsigned char *)buf.p;
    out->len = buf.n;
    return 0;
}
