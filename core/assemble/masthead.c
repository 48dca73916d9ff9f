/* Drawing the 简报 / 公文 page elements (masthead.h) with cairo and Pango,
 * in the style's fonts by role (fonts.h).
 *
 * Positions follow GB/T 9704-2012: the marks from the top left of the type
 * area (份号 first, then 密级 or a handling mark, then 紧急程度), the
 * masthead's red name centred, a red rule as wide as the type area, page
 * numbers 7 mm below the type area with a dash either side, flush right
 * one em in on odd pages and flush left one em in on even pages. */
#include "masthead.h"

#include <stdio.h>
#include <string.h>

#include <cairo.h>
#include <pango/pangocairo.h>

#include "banji.h"
#include "doc_style.h"
#include "pango_attrs.h"

#define PT_PER_MM (72.0 / 25.4)

/* The red of the masthead and its rule: GB/T 9704 says only "red"; this is
 * the process red (C0 M100 Y100 K0) offices print it in, as sRGB. */
static const bk_rgb masthead_red = {0.902, 0.0, 0.071};
static const bk_rgb black = {0, 0, 0};

typedef struct pen {
    const bk_style_pen *p;
    cairo_t *cr;
    PangoContext *pc;
    const bk_doc_style *s;
    double left, top, width, bottom; /* the type area */
} pen;

static PangoLayout *text_layout(const pen *d, int role, int bold, double size, const char *text)
{
    PangoLayout *l = pango_layout_new(d->pc);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, bk__fonts_role_family(d->p->fonts, role));
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    gchar *valid = g_utf8_make_valid(text ? text : "", -1);
    /* Chinese punctuation from the Chinese face of the body's role (the
     * page number's 一字线 too, beside Latin figures), as in the body; the
     * masthead's name is set as it is. */
    const char *lang = d->p->doc->lang ? d->p->doc->lang : "zh";
    int font = role == BK_ROLE_HEADING ? BK_FONT_BOLD
               : role == BK_ROLE_KAI   ? BK__FONT_KAI
                                       : BK_FONT_BODY;
    if (role == BK_ROLE_TITLE)
        pango_layout_set_text(l, valid, -1);
    else
        bk__pango_set_text(l, d->p->fonts, font, lang, 0, valid, strlen(valid));
    g_free(valid);
    return l;
}

static double width_of(PangoLayout *l)
{
    int w, h;
    pango_layout_get_size(l, &w, &h);
    return (double)w / PANGO_SCALE;
}

/* Draws one line with its line box (`size` * `leading`) top at y; align
 * -1 left, 0 centre, 1 right within [x0, x1]. */
static void line_at(const pen *d, int role, int bold, double size, const char *text, double x0,
                    double x1, int align, double y, double leading, bk_rgb col, double alpha)
{
    PangoLayout *l = text_layout(d, role, bold, size, text);
    double w = width_of(l);
    double x = align < 0 ? x0 : align > 0 ? x1 - w : (x0 + x1 - w) / 2;
    int lw, lh;
    pango_layout_get_size(l, &lw, &lh);
    double h = (double)lh / PANGO_SCALE;
    cairo_move_to(d->cr, x, y + (size * leading - h) / 2);
    cairo_set_source_rgba(d->cr, col.r, col.g, col.b, alpha);
    pango_cairo_show_layout(d->cr, l);
    if (role == BK_ROLE_TITLE && bold) {
        /* 小标宋 is a heavy Song: the shipped Ming face gets its outline
         * stroked over the text (which stays text, for search and copy). */
        cairo_move_to(d->cr, x, y + (size * leading - h) / 2);
        pango_cairo_layout_path(d->cr, l);
        cairo_set_line_width(d->cr, size * 0.035);
        cairo_set_line_join(d->cr, CAIRO_LINE_JOIN_ROUND);
        cairo_stroke(d->cr);
    }
    g_object_unref(l);
}

static void rule(const pen *d, double y, double w, bk_rgb col)
{
    cairo_set_line_width(d->cr, w);
    cairo_set_source_rgb(d->cr, col.r, col.g, col.b);
    cairo_move_to(d->cr, d->left, y);
    cairo_line_to(d->cr, d->left + d->width, y);
    cairo_stroke(d->cr);
}

static void draw_marks(const pen *d, const bk_masthead_geom *g)
{
    const bk_doc_style *s = d->s;
    double y = d->top;
    if (s->kind == BK_STYLE_REPORT && !s->name) {
        /* above the report's running header, in the top margin */
        y = d->top * 0.28 > 6 ? d->top * 0.28 : 6;
        if (y + bk__doc_style_mark_lines(s) * g->mark_pitch > d->top - 24)
            y = 4;
    }
    char copy[16];
    const char *lines[3];
    int roles[3], n = 0;
    if (s->copies > 0 && s->copy_number > 0) {
        snprintf(copy, sizeof copy, "%06d", s->copy_number);
        lines[n] = copy;
        roles[n++] = BK_ROLE_LATIN;
    } else if (s->copies > 0) {
        lines[n] = "";
        roles[n++] = BK_ROLE_LATIN;
    }
    if (s->secrecy || s->handling) {
        lines[n] = s->secrecy ? s->secrecy : s->handling;
        roles[n++] = BK_ROLE_HEADING;
    }
    if (s->urgency) {
        lines[n] = s->urgency;
        roles[n++] = BK_ROLE_HEADING;
    }
    for (int i = 0; i < n; i++, y += g->mark_pitch)
        if (lines[i][0])
            line_at(d, roles[i], 0, g->mark_size, lines[i], d->left, d->left + d->width, -1, y,
                    g->mark_pitch / g->mark_size, black, 1);
}

/* The template's wording of the issue line, {n} and {total} filled in. */
static void issue_line(const bk_doc_style *s, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (const char *p = s->issue_text; *p && len + 16 < size;) {
        if (strncmp(p, "{n}", 3) == 0) {
            len += (size_t)snprintf(buf + len, size - len, "%d", s->issue);
            p += 3;
        } else if (strncmp(p, "{total}", 7) == 0) {
            len += (size_t)snprintf(buf + len, size - len, "%d", s->total);
            p += 7;
        } else {
            buf[len++] = *p++;
            buf[len] = '\0';
        }
    }
}

static void draw_masthead(const pen *d, double top)
{
    const bk_doc_style *s = d->s;
    bk_masthead_geom g;
    bk__masthead_geom(s, &g);
    draw_marks(d, &g);
    if (!s->name)
        return;
    top += d->top;
    /* A long name shrinks to the type area rather than run past it. */
    double size = g.name_size;
    PangoLayout *probe = text_layout(d, BK_ROLE_TITLE, 1, size, s->name);
    double w = width_of(probe);
    g_object_unref(probe);
    if (w > d->width)
        size *= d->width / w;
    line_at(d, BK_ROLE_TITLE, 1, size, s->name, d->left, d->left + d->width, 0, top + g.name_y,
            1.25, masthead_red, 1);
    if (s->issue > 0) {
        char issue[512];
        if (s->issue_text)
            issue_line(s, issue, sizeof issue);
        else if (s->total > 0)
            snprintf(issue, sizeof issue, "第%d期（总第%d期）", s->issue, s->total);
        else
            snprintf(issue, sizeof issue, "第%d期", s->issue);
        line_at(d, BK_ROLE_BODY, 0, g.issue_size, issue, d->left, d->left + d->width, 0,
                top + g.issue_y, 1.5, black, 1);
    }
    if (g.issuer_size > 0) {
        double in = g.issuer_size; /* one em in from either side */
        if (s->issuer)
            line_at(d, BK_ROLE_BODY, 0, g.issuer_size, s->issuer, d->left + in,
                    d->left + d->width - in, -1, top + g.issuer_y, 1.5, black, 1);
        if (s->masthead_date)
            line_at(d, BK_ROLE_BODY, 0, g.issuer_size, s->masthead_date, d->left + in,
                    d->left + d->width - in, 1, top + g.issuer_y, 1.5, black, 1);
    }
    rule(d, top + g.rule_y, g.rule_w, masthead_red);
}

static void draw_page_number(const pen *d, int physical)
{
    char label[32];
    int n = physical + 1;
    snprintf(label, sizeof label, "— %d —", n);
    double size = 14; /* 4号 */
    double y = d->bottom + 7 * PT_PER_MM;
    /* one em in from the outside edge: right on odd pages, left on even */
    int odd = n % 2 == 1;
    line_at(d, BK_ROLE_LATIN, 0, size, label, d->left + size, d->left + d->width - size,
            odd ? 1 : -1, y, 1.0, black, 1);
}

/* The copy's recipient with its number, faint and large, running up the
 * binding margin of every page: a copy that turns up where it should not
 * says whose it was, and the mark stays out of the text a reader copies.
 * (A diagonal mark across the text would break up its extraction.) */
static void draw_recipient(const pen *d)
{
    const bk_doc_style *s = d->s;
    if (!s->recipient || !*s->recipient)
        return;
    char text[512];
    snprintf(text, sizeof text, "%s %06d", s->recipient, s->copy_number);
    PangoLayout *l = text_layout(d, BK_ROLE_BODY, 0, 20, text);
    int w, h;
    pango_layout_get_size(l, &w, &h);
    double H = d->p->doc->page_h;
    cairo_save(d->cr);
    /* centred on the page's height, halfway across the left margin */
    cairo_translate(d->cr, d->left / 2 - (double)h / PANGO_SCALE / 2,
                    H / 2 + (double)w / PANGO_SCALE / 2);
    cairo_rotate(d->cr, -1.5707963267948966);
    cairo_move_to(d->cr, 0, 0);
    cairo_set_source_rgba(d->cr, 0.45, 0.45, 0.45, 0.35);
    pango_cairo_show_layout(d->cr, l);
    cairo_restore(d->cr);
    g_object_unref(l);
}

static void draw_banji(const pen *d)
{
    bk_banji_line *lines;
    size_t n;
    if (bk__banji_layout(d->s, d->width, &lines, &n) != 0 || n == 0)
        return;
    double h = bk__banji_height(d->s, d->width);
    double y = d->bottom - h;
    double em = BK_BANJI_SIZE;
    rule(d, y, 0.35 * PT_PER_MM, black);
    y += 2;
    for (size_t i = 0; i < n; i++) {
        const bk_banji_line *ln = &lines[i];
        int shares = ln->right && i > 0 && !lines[i - 1].right && lines[i - 1].rule_after == 0;
        if (shares)
            y -= BK_BANJI_PITCH;
        line_at(d, BK_ROLE_BODY, 0, BK_BANJI_SIZE, ln->text, d->left + ln->indent * em,
                d->left + d->width - em, ln->right ? 1 : -1, y, BK_BANJI_PITCH / BK_BANJI_SIZE,
                black, 1);
        y += BK_BANJI_PITCH;
        if (ln->rule_after == 1 && i + 1 < n)
            rule(d, y + 1, 0.25 * PT_PER_MM, black);
    }
    rule(d, d->bottom, 0.35 * PT_PER_MM, black);
    bk__banji_free(lines, n);
}

void bk__masthead_section_room(const bk_doc_settings *d, const bk_node *section, double *top,
                               double *foot)
{
    *top = *foot = 0;
    const bk_doc_style *s = d->style;
    if (!s || !section)
        return;
    if (section == s->first_section && !d->contents)
        *top = bk__doc_style_top_skip(s);
    if (section == s->last_section)
        *foot = bk__banji_height(s, d->page_w - d->margin_left - d->margin_right);
}

int bk__masthead_replaces_furniture(const bk_doc_settings *doc)
{
    return doc->style && doc->style->dash_page_numbers;
}

void bk__masthead_page(const bk_style_pen *p, int physical, int total, int first)
{
    const bk_doc_settings *doc = p->doc;
    if (!doc->style)
        return;
    pen d = {
        .p = p,
        .cr = p->cr,
        .pc = p->pc,
        .s = doc->style,
        .left = doc->margin_left,
        .top = doc->margin_top,
        .width = doc->page_w - doc->margin_left - doc->margin_right,
        .bottom = doc->page_h - doc->margin_bottom,
    };
    if (first)
        draw_masthead(&d, 0);
    if (d.s->dash_page_numbers)
        draw_page_number(&d, physical);
    draw_recipient(&d);
    if (physical == total - 1)
        draw_banji(&d);
}
