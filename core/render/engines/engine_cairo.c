/* The Cairo + Pango engine: one cairo PDF surface per section, written into
 * a growing memory buffer, with text shaped and broken by Pango; each
 * layout carries the attributes that make Pango follow the libharu
 * engine's Chinese rules (pango_attrs.h).
 *
 * The PangoContext comes from briefkit's private font map (fonts.c), so a
 * section never sees the host's fonts. Hinting and glyph-position rounding
 * are switched off: cairo's units are points, and widths measured here must be
 * the widths drawn, on any machine. cairo 1.16 stamps every PDF with the
 * current time as CreationDate; we overwrite it with a fixed date so the same
 * input gives the same bytes (the assembler writes the real document dates). */
#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <briefkit/section.h>

#include "errors.h"
#include "pango_attrs.h"
#include "pdf_buffer.h"

/* Any fixed, valid date will do: the fragment's info dictionary is dropped
 * when the pages are copied into the briefing. */
#define FIXED_CREATE_DATE "2000-01-01T00:00:00Z"

/* Pango shapes a layout's text again whenever it is set, and shaping is
 * most of what a section costs: a table cell or chart label is measured
 * and then drawn, a card's figure measured twice. So single lines keep
 * their layouts, the most recently used LINE_CACHE of them. */
#define LINE_CACHE 64
#define LINE_CACHE_MAX_TEXT 1024 /* longer texts are laid out and dropped */

typedef struct line_layout {
    PangoLayout *layout; /* NULL: a free slot */
    char *text;
    size_t len;
    int font;
    double size;
    double width, height; /* logical extents, points */
    unsigned long used;
} line_layout;

/* Paragraphs keep their layouts too, so their lines are drawn from the
 * layout that broke them instead of being laid out again one by one. A
 * drawn line is matched by where it lies in the text the caller broke
 * (blocks draw `text + line.start`), and its bytes are checked. */
#define PARA_CACHE 8
#define PARA_CACHE_MAX_TEXT 65536

typedef struct para_layout {
    PangoLayout *layout; /* NULL: a free slot */
    uintptr_t from;      /* the caller's text, as given to break_lines */
    char *text;          /* a copy of it */
    size_t len;
    int font;
    double size, width;
    unsigned long used;
} para_layout;

struct bk_engine_ctx {
    cairo_surface_t *surface;
    cairo_t *cr;
    PangoContext *pango;
    PangoLayout *layout; /* paragraphs, and lines too long to keep */
    PangoFontDescription *desc;
    bk_fonts *fonts;
    const bk_theme *theme;
    char lang[8]; /* "zh" or "en" */
    int pages;
    bk_buf out;
    line_layout lines[LINE_CACHE];
    line_layout scratch; /* a line not kept: it borrows `layout` */
    para_layout paras[PARA_CACHE];
    unsigned long clock;
};

static int role_of(int font)
{
    return font >= BK_FONT_BODY && font <= BK__FONT_KAI ? font : BK_FONT_BODY;
}

/* Points `layout` at `font` and `size`; the text is set by set_text. */
static void set_font(bk_engine_ctx *c, PangoLayout *layout, int font, double size)
{
    int role = role_of(font);
    pango_font_description_set_family(c->desc, bk__fonts_pango_family(c->fonts, role));
    pango_font_description_set_weight(c->desc, role == BK_FONT_BOLD || role == BK_FONT_FIGURE
                                                   ? PANGO_WEIGHT_BOLD
                                                   : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(c->desc, size * PANGO_SCALE);
    pango_layout_set_font_description(layout, c->desc);
}

static void measure_line(line_layout *l)
{
    PangoRectangle logical;
    pango_layout_get_extents(l->layout, NULL, &logical);
    l->width = (double)logical.width / PANGO_SCALE;
    l->height = (double)logical.height / PANGO_SCALE;
}

/* A new layout to keep, with a copy of the text it is for in *copy; or,
 * for a text longer than `max` or when memory is short, the shared layout
 * and no copy: valid until the next call that uses it. */
static PangoLayout *layout_to_keep(bk_engine_ctx *c, const char *utf8, size_t len, size_t max,
                                   char **copy)
{
    *copy = len <= max ? malloc(len + 1) : NULL;
    PangoLayout *layout = *copy ? pango_layout_new(c->pango) : NULL;
    if (!layout) {
        free(*copy);
        *copy = NULL;
        return c->layout;
    }
    memcpy(*copy, utf8, len);
    (*copy)[len] = '\0';
    return layout;
}

/* `utf8` as one line in `font` at `size`, laid out: from the cache, or
 * laid out now and kept in the least recently used slot. */
static const line_layout *single_line(bk_engine_ctx *c, int font, double size, const char *utf8,
                                      size_t len)
{
    if (!utf8)
        utf8 = "", len = 0;
    line_layout *slot = &c->lines[0];
    for (size_t i = 0; i < LINE_CACHE; i++) {
        line_layout *l = &c->lines[i];
        if (l->layout && l->len == len && l->font == font && l->size == size &&
            memcmp(l->text, utf8, len) == 0) {
            l->used = ++c->clock;
            return l;
        }
        if (!l->layout || l->used < slot->used)
            slot = l;
        if (!l->layout)
            break;
    }
    char *text;
    PangoLayout *layout = layout_to_keep(c, utf8, len, LINE_CACHE_MAX_TEXT, &text);
    if (!text) {
        slot = &c->scratch;
        pango_layout_set_width(layout, -1);
    } else {
        if (slot->layout)
            g_object_unref(slot->layout);
        free(slot->text);
    }
    *slot = (line_layout){layout, text, len, font, size, 0, 0, ++c->clock};
    set_font(c, layout, font, size);
    pango_layout_set_single_paragraph_mode(layout, TRUE);
    bk__pango_set_text(layout, c->fonts, role_of(font), c->lang, 0, utf8, len);
    measure_line(slot);
    return slot;
}

static int cairo_page_begin(bk_engine_ctx *c, bk_error *err)
{
    if (c->pages > 0)
        cairo_show_page(c->cr);
    cairo_status_t st = cairo_status(c->cr);
    if (st != CAIRO_STATUS_SUCCESS)
        return bk__error(err, BK_EPDF, NULL, "cairo could not start a page: %s",
                         cairo_status_to_string(st));
    c->pages++;
    return 0;
}

static double cairo_text_width(bk_engine_ctx *c, int font, double size, const char *utf8,
                               size_t len)
{
    return single_line(c, font, size, utf8, len)->width;
}

static int is_trailing_space(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* A line break Pango makes inside one paragraph: LF, CR, NEL, LS or PS. */
static int has_line_break(const char *utf8, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)utf8[i];
        if (ch == '\n' || ch == '\r')
            return 1;
        if (ch == 0xc2 && i + 1 < len && (unsigned char)utf8[i + 1] == 0x85)
            return 1;
        if (ch == 0xe2 && i + 2 < len && (unsigned char)utf8[i + 1] == 0x80 &&
            ((unsigned char)utf8[i + 2] == 0xa8 || (unsigned char)utf8[i + 2] == 0xa9))
            return 1;
    }
    return 0;
}

/* The width of bytes [start, start+len) of a laid-out line. */
static double span_width(PangoLayoutLine *line, size_t start, size_t len)
{
    if (len == 0)
        return 0;
    int *ranges = NULL, n = 0;
    pango_layout_line_get_x_ranges(line, (int)start, (int)(start + len), &ranges, &n);
    int lo = 0, hi = 0;
    for (int i = 0; i < n; i++) {
        if (i == 0 || ranges[2 * i] < lo)
            lo = ranges[2 * i];
        if (i == 0 || ranges[2 * i + 1] > hi)
            hi = ranges[2 * i + 1];
    }
    g_free(ranges);
    return (double)(hi - lo) / PANGO_SCALE;
}

/* `utf8` laid out as a paragraph `width` wide: from the cache, or laid
 * out now and kept (texts too long to keep use the shared layout). */
static PangoLayout *paragraph(bk_engine_ctx *c, int font, double size, double width,
                              const char *utf8, size_t total)
{
    para_layout *slot = &c->paras[0];
    for (size_t i = 0; i < PARA_CACHE; i++) {
        para_layout *p = &c->paras[i];
        if (p->layout && p->len == total && p->font == font && p->size == size &&
            p->width == width && memcmp(p->text, utf8, total) == 0) {
            p->used = ++c->clock;
            p->from = (uintptr_t)utf8;
            return p->layout;
        }
        if (!p->layout || p->used < slot->used)
            slot = p;
    }
    char *text;
    PangoLayout *layout = layout_to_keep(c, utf8, total, PARA_CACHE_MAX_TEXT, &text);
    if (text) {
        if (slot->layout)
            g_object_unref(slot->layout);
        free(slot->text);
        *slot = (para_layout){layout, (uintptr_t)utf8, text, total, font, size, width, ++c->clock};
    }
    set_font(c, layout, font, size);
    pango_layout_set_single_paragraph_mode(layout, FALSE);
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_width(layout, width > 0 ? (int)(width * PANGO_SCALE) : -1);
    bk__pango_set_text(layout, c->fonts, role_of(font), c->lang, width > 0, utf8, total);
    return layout;
}

/* The line of a kept paragraph that is exactly bytes [utf8, utf8+len) of
 * the text it was made from (trailing spaces aside), or NULL. */
static PangoLayoutLine *paragraph_line(bk_engine_ctx *c, int font, double size, const char *utf8,
                                       size_t len)
{
    uintptr_t at = (uintptr_t)utf8;
    for (size_t i = 0; i < PARA_CACHE; i++) {
        const para_layout *p = &c->paras[i];
        if (!p->layout || p->font != font || p->size != size || at < p->from ||
            at - p->from > p->len || len > p->len - (at - p->from))
            continue;
        size_t start = at - p->from;
        if (memcmp(p->text + start, utf8, len) != 0)
            continue;
        for (GSList *l = pango_layout_get_lines_readonly(p->layout); l; l = l->next) {
            PangoLayoutLine *line = l->data;
            if ((size_t)line->start_index != start)
                continue;
            size_t llen = (size_t)line->length;
            while (llen > 0 && is_trailing_space((unsigned char)p->text[start + llen - 1]))
                llen--;
            if (llen == len)
                return line;
        }
    }
    return NULL;
}

static int cairo_break_lines(bk_engine_ctx *c, int font, double size, double width,
                             const char *utf8, bk_line **lines, size_t *n, bk_error *err)
{
    *lines = NULL;
    *n = 0;
    if (!utf8)
        utf8 = "";
    size_t total = strlen(utf8);
    if (total > INT32_MAX)
        return bk__error(err, BK_ELIMIT, NULL, "a text of %zu bytes is too long to lay out", total);
    size_t trimmed = total;
    while (trimmed > 0 && is_trailing_space((unsigned char)utf8[trimmed - 1]))
        trimmed--;
    /* Most texts (cells, labels, headings) fit on one line: one layout,
     * which drawing the line then finds in the cache. No character of
     * briefkit's fonts is narrower than a fifth of an em per UTF-8 byte, so
     * a text longer than that is not tried. */
    if (!has_line_break(utf8, trimmed) && (width <= 0 || (double)trimmed * size / 5 <= width)) {
        const line_layout *l = single_line(c, font, size, utf8, trimmed);
        if (width <= 0 || l->width <= width) {
            bk_line *one = malloc(sizeof *one);
            if (!one)
                return bk__error(err, BK_ENOMEM, NULL, "out of memory breaking a text into lines");
            *one = (bk_line){0, trimmed, l->width};
            *lines = one;
            *n = 1;
            return 0;
        }
    }
    PangoLayout *para = paragraph(c, font, size, width, utf8, total);
    int count = pango_layout_get_line_count(para);
    bk_line *out = calloc(count > 0 ? (size_t)count : 1, sizeof *out);
    if (!out)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory breaking a text into lines");
    size_t k = 0;
    for (GSList *l = pango_layout_get_lines_readonly(para); l && k < (size_t)count; l = l->next) {
        PangoLayoutLine *line = l->data;
        size_t start = (size_t)line->start_index;
        size_t len = (size_t)line->length;
        while (len > 0 && is_trailing_space((unsigned char)utf8[start + len - 1]))
            len--;
        out[k] = (bk_line){start, len, span_width(line, start, len)};
        k++;
    }
    *lines = out;
    *n = k;
    return 0;
}

/* y is the top of the line box; the text's own logical box (ascent plus
 * descent) is centred in it, so lines sit where libharu puts them. */
/* Strokes, over `line` just shown from baseline origin (x, y), the runs of
 * faces without a bold of their own (all but DejaVu's), as the libharu
 * engine draws them in a bold role (BK_FAKE_BOLD_STROKE): Pango would set
 * them regular. The text stays as it was shown; the strokes are paths. */
static void stroke_fake_bold(bk_engine_ctx *c, PangoLayoutLine *line, double x, double y,
                             double size)
{
    double at = x;
    for (GSList *r = line->runs; r; r = r->next) {
        PangoGlyphItem *run = r->data;
        double w = (double)pango_glyph_string_get_width(run->glyphs) / PANGO_SCALE;
        PangoFontDescription *fd = pango_font_describe(run->item->analysis.font);
        const char *family = fd ? pango_font_description_get_family(fd) : NULL;
        if (family && strncmp(family, "DejaVu Sans", 11) != 0) {
            cairo_move_to(c->cr, at, y);
            pango_cairo_glyph_string_path(c->cr, run->item->analysis.font, run->glyphs);
        }
        pango_font_description_free(fd);
        at += w;
    }
    cairo_set_line_width(c->cr, size * BK_FAKE_BOLD_STROKE);
    cairo_stroke(c->cr);
}

static int cairo_draw_text(bk_engine_ctx *c, double x, double y, int font, double size,
                           bk_rgb color, const char *utf8, size_t len)
{
    int bold = font == BK_FONT_BOLD || font == BK_FONT_FIGURE;
    cairo_set_source_rgb(c->cr, color.r, color.g, color.b);
    PangoLayoutLine *line = paragraph_line(c, font, size, utf8, len);
    if (line) {
        /* Placed as the same text laid out alone would be: the line's
         * logical box centred in the line box, drawn from its baseline. */
        PangoRectangle logical;
        pango_layout_line_get_extents(line, NULL, &logical);
        double h = (double)logical.height / PANGO_SCALE;
        double ox = x + (double)logical.x / PANGO_SCALE,
               oy =
                   y + (bk__theme_line_h(c->theme, size) - h) / 2 - (double)logical.y / PANGO_SCALE;
        cairo_move_to(c->cr, ox, oy);
        pango_cairo_show_layout_line(c->cr, line);
        if (bold)
            stroke_fake_bold(c, line, ox, oy, size);
    } else {
        const line_layout *l = single_line(c, font, size, utf8, len);
        double top = y + (bk__theme_line_h(c->theme, size) - l->height) / 2;
        cairo_move_to(c->cr, x, top);
        pango_cairo_show_layout(c->cr, l->layout);
        if (bold && pango_layout_get_line_count(l->layout) > 0) {
            PangoRectangle logical;
            PangoLayoutLine *first = pango_layout_get_line_readonly(l->layout, 0);
            pango_layout_line_get_extents(first, NULL, &logical);
            stroke_fake_bold(c, first, x + (double)logical.x / PANGO_SCALE,
                             top + (double)pango_layout_get_baseline(l->layout) / PANGO_SCALE,
                             size);
        }
    }
    return cairo_status(c->cr) == CAIRO_STATUS_SUCCESS ? 0 : BK_EPDF;
}

static void cairo_fill_rect(bk_engine_ctx *c, double x, double y, double w, double h, bk_rgb color)
{
    cairo_set_source_rgb(c->cr, color.r, color.g, color.b);
    cairo_rectangle(c->cr, x, y, w, h);
    cairo_fill(c->cr);
}

static void cairo_stroke_line(bk_engine_ctx *c, double x1, double y1, double x2, double y2,
                              double width, bk_rgb color)
{
    cairo_set_source_rgb(c->cr, color.r, color.g, color.b);
    cairo_set_line_width(c->cr, width);
    cairo_move_to(c->cr, x1, y1);
    cairo_line_to(c->cr, x2, y2);
    cairo_stroke(c->cr);
}

static void *cairo_native(bk_engine_ctx *c, int kind)
{
    if (kind == BK_NATIVE_CAIRO)
        return c->cr;
    if (kind == BK_NATIVE_PANGO)
        return c->pango;
    return NULL;
}

static int cairo_finish(bk_engine_ctx *c, unsigned char **pdf, size_t *len, bk_error *err)
{
    *pdf = NULL;
    *len = 0;
    cairo_status_t st = cairo_status(c->cr);
    if (st == CAIRO_STATUS_SUCCESS) {
        cairo_surface_finish(c->surface);
        st = cairo_surface_status(c->surface);
    }
    if (c->out.failed)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory writing the section's PDF");
    if (st != CAIRO_STATUS_SUCCESS)
        return bk__error(err, BK_EPDF, NULL, "cairo could not write the section: %s",
                         cairo_status_to_string(st));
    *pdf = (unsigned char *)c->out.p;
    *len = c->out.n;
    c->out = (bk_buf){0};
    return 0;
}

static void cairo_destroy_ctx(bk_engine_ctx *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < LINE_CACHE && c->lines[i].layout; i++) {
        g_object_unref(c->lines[i].layout);
        free(c->lines[i].text);
    }
    for (size_t i = 0; i < PARA_CACHE; i++) {
        if (c->paras[i].layout)
            g_object_unref(c->paras[i].layout);
        free(c->paras[i].text);
    }
    if (c->desc)
        pango_font_description_free(c->desc);
    if (c->layout)
        g_object_unref(c->layout);
    if (c->pango)
        g_object_unref(c->pango);
    if (c->cr)
        cairo_destroy(c->cr);
    if (c->surface)
        cairo_surface_destroy(c->surface);
    bk__buf_free(&c->out);
    free(c);
}

static const bk_engine_ops cairo_ops = {
    .name = "cairo",
    .page_begin = cairo_page_begin,
    .text_width = cairo_text_width,
    .break_lines = cairo_break_lines,
    .draw_text = cairo_draw_text,
    .fill_rect = cairo_fill_rect,
    .stroke_line = cairo_stroke_line,
    .native = cairo_native,
    .finish = cairo_finish,
    .destroy = cairo_destroy_ctx,
};

static int setup_pango(bk_engine_ctx *c, const char *lang, bk_error *err)
{
    PangoFontMap *map = bk__fonts_pango_map(c->fonts);
    if (!map)
        return bk__error(err, BK_EFONT, NULL, "the Pango font map is not available");
    c->pango = pango_font_map_create_context(map);
    if (!c->pango)
        return bk__error(err, BK_ENOMEM, NULL, "could not create a Pango context");
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    pango_cairo_context_set_font_options(c->pango, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(c->pango, FALSE);
    int zh = lang && strcmp(lang, "zh") == 0;
    snprintf(c->lang, sizeof c->lang, "%s", zh ? "zh" : "en");
    pango_context_set_language(c->pango, pango_language_from_string(zh ? "zh-cn" : "en"));
    pango_cairo_update_context(c->cr, c->pango);
    c->layout = pango_layout_new(c->pango);
    c->desc = pango_font_description_new();
    if (!c->layout || !c->desc)
        return bk__error(err, BK_ENOMEM, NULL, "could not create a Pango layout");
    return 0;
}

int bk__engine_cairo_new(const bk_engine_setup *s, const bk_engine_ops **ops, bk_engine_ctx **out,
                         bk_error *err)
{
    *out = NULL;
    *ops = &cairo_ops;
    bk_engine_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory starting a cairo document");
    c->fonts = s->fonts;
    c->theme = s->theme;
    c->surface =
        cairo_pdf_surface_create_for_stream(bk__pdf_buffer_write, &c->out, s->page_w, s->page_h);
    cairo_status_t st = cairo_surface_status(c->surface);
    if (st != CAIRO_STATUS_SUCCESS) {
        cairo_destroy_ctx(c);
        return bk__error(err, BK_EPDF, NULL, "cairo could not create a PDF surface: %s",
                         cairo_status_to_string(st));
    }
    cairo_pdf_surface_set_metadata(c->surface, CAIRO_PDF_METADATA_CREATE_DATE, FIXED_CREATE_DATE);
    c->cr = cairo_create(c->surface);
    st = cairo_status(c->cr);
    if (st != CAIRO_STATUS_SUCCESS) {
        cairo_destroy_ctx(c);
        return bk__error(err, BK_EPDF, NULL, "cairo could not create a context: %s",
                         cairo_status_to_string(st));
    }
    int rc = setup_pango(c, s->lang, err);
    if (rc < 0) {
        cairo_destroy_ctx(c);
        return rc;
    }
    *out = c;
    return 0;
}

int bk__engine_cairo_load_fonts(const bk_engine_setup *s, const char *sample, bk_error *err)
{
    const bk_engine_ops *ops;
    bk_engine_ctx *c;
    int rc = bk__engine_cairo_new(s, &ops, &c, err);
    if (rc)
        return rc;
    static const int roles[] = {BK_FONT_BODY, BK_FONT_BOLD, BK_FONT_MONO};
    const double *t = s->theme->sizes;
    /* The theme's sizes, and the lead paragraph's (blocks.c). */
    const double sizes[] = {
        t[BK_SIZE_BODY],
        t[BK_SIZE_SMALL],
        t[BK_SIZE_H1],
        t[BK_SIZE_H2],
        t[BK_SIZE_H3],
        t[BK_SIZE_FIGURE],
        t[BK_SIZE_BODY] * BK_LEAD_SCALE,
    };
    /* A width is all a layout gives back; what is wanted is the fonts it
     * loads into the font map of s->fonts. */
    for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++)
        for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
            (void)cairo_text_width(c, roles[r], sizes[k], sample, strlen(sample));
    cairo_destroy_ctx(c);
    return 0;
}

const bk_engine_class bk__engine_cairo = {
    .name = "cairo",
    .flag = BK_ENGINE_CAIRO,
    .create = bk__engine_cairo_new,
};
