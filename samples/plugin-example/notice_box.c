/* notice_box: an example third-party section plugin for briefkit.
 *
 * Draws a bordered notice - a coloured bar on the left, a kind label
 * ("Notice 通知", "Warning 提示", "Deadline 截止"), a bold title, wrapped
 * text and optional bullet points - natively with cairo, and measures and
 * places its text through the host so Chinese and English wrap by the
 * Unicode rules and fall back to the CJK face. It is built out of tree
 * against an installed briefkit (see CMakeLists.txt and README.md), the
 * way any third party builds a plugin: SDK headers and cairo, never
 * libbriefkit. */
#include <briefkit/plugin.h>

#include <cairo.h>
#include <string.h>

/* How many bullet points one notice takes; more is a data mistake. */
#define NB_MAX_ITEMS 12

static const char *const kinds[] = {"info", "warning", "deadline", NULL};

static const bk_option_spec options[] = {
    {"title", BK_OPT_STRING, 1, NULL, 0, 0, NULL, "the notice's bold first line"},
    {"text", BK_OPT_STRING, 1, NULL, 0, 0, NULL, "the notice itself; wraps to the box"},
    {"kind", BK_OPT_ENUM, 0, "info", 0, 0, kinds, "info, warning or deadline: colour and label"},
    {"items", BK_OPT_LIST, 0, NULL, 0, 0, NULL, "bullet points under the text"},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL}};

typedef struct notice {
    const char *label, *title, *text;
    const char *items[NB_MAX_ITEMS];
    size_t n_items;
    bk_rgb bar;
} notice;

/* Reads and checks the options; a bad item points at itself. */
static int read_notice(bk_section *sec, notice *n)
{
    memset(n, 0, sizeof *n);
    const char *kind = bk_opt_str(sec, "kind");
    if (strcmp(kind, "warning") == 0) {
        n->label = "Warning 提示";
        n->bar = bk_color(sec, BK_COLOR_DOWN);
    } else if (strcmp(kind, "deadline") == 0) {
        n->label = "Deadline 截止";
        n->bar = bk_color(sec, BK_COLOR_ACCENT2);
    } else {
        n->label = "Notice 通知";
        n->bar = bk_color(sec, BK_COLOR_ACCENT);
    }
    n->title = bk_opt_str(sec, "title");
    n->text = bk_opt_str(sec, "text");
    const bk_node *items = bk_opt_node(sec, "items");
    if (bk_node_len(items) > NB_MAX_ITEMS)
        return bk_fail(sec, items, "a notice takes at most %d items, got %zu", NB_MAX_ITEMS,
                       bk_node_len(items));
    for (size_t i = 0; i < bk_node_len(items); i++) {
        const bk_node *item = bk_node_at(items, i);
        const char *s = bk_node_str(item);
        if (!s || !s[0])
            return bk_fail(sec, item, "expected the text of item %zu, got nothing", i + 1);
        n->items[n->n_items++] = s;
    }
    return 0;
}

static int render(bk_section *sec)
{
    notice n;
    int rc = read_notice(sec, &n);
    if (rc)
        return rc;
    if (sec->title[0] && (rc = bk_heading(sec, 2, sec->title)))
        return rc;
    cairo_t *cr = bk_native(sec, BK_NATIVE_CAIRO);
    if (!cr)
        return bk_fail(sec, NULL, "notice_box draws with cairo; remove `engine:` or set cairo");

    double gap = bk_size(sec, BK_SIZE_GAP), body = bk_size(sec, BK_SIZE_BODY);
    double small = bk_size(sec, BK_SIZE_SMALL), big = bk_size(sec, BK_SIZE_H3);
    double bar_w = gap / 2, pad = gap;
    double x = sec->box_x + bar_w + pad, w = sec->box_w - bar_w - 2 * pad;
    double bullet_w = bk_text_width(sec, BK_FONT_BODY, body, "•  ");

    /* Measure everything first: the box is drawn before the text on it. */
    double label_h = bk_text_height(sec, BK_FONT_BOLD, small, w, n.label);
    double title_h = bk_text_height(sec, BK_FONT_BOLD, big, w, n.title);
    double text_h = bk_text_height(sec, BK_FONT_BODY, body, w, n.text);
    double items_h = 0;
    for (size_t i = 0; i < n.n_items; i++)
        items_h += bk_text_height(sec, BK_FONT_BODY, body, w - bullet_w, n.items[i]) + gap / 3;
    double h = pad + label_h + gap / 3 + title_h + gap / 2 + text_h +
               (n.n_items ? gap / 2 + items_h : 0) + pad;
    if (h > sec->box_h)
        return bk_fail(sec, NULL, "the notice needs %.0f pt, more than a page holds (%.0f pt)", h,
                       sec->box_h);
    bk_need(sec, h);
    double top = bk_cursor(sec);

    bk_rgb fill = bk_color(sec, BK_COLOR_FILL), rule = bk_color(sec, BK_COLOR_RULE);
    cairo_save(cr);
    cairo_rectangle(cr, sec->box_x, top, sec->box_w, h);
    cairo_set_source_rgb(cr, fill.r, fill.g, fill.b);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, rule.r, rule.g, rule.b);
    cairo_set_line_width(cr, 0.75);
    cairo_stroke(cr);
    cairo_rectangle(cr, sec->box_x, top, bar_w, h);
    cairo_set_source_rgb(cr, n.bar.r, n.bar.g, n.bar.b);
    cairo_fill(cr);
    cairo_restore(cr);
    if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
        return bk_fail(sec, NULL, "cairo failed drawing the notice: %s",
                       cairo_status_to_string(cairo_status(cr)));

    double y = top + pad, used;
    if ((rc = bk_text_box(sec, x, y, w, BK_FONT_BOLD, small, n.bar, BK_ALIGN_LEFT, n.label, &used)))
        return rc;
    y += label_h + gap / 3;
    if ((rc = bk_text_box(sec, x, y, w, BK_FONT_BOLD, big, bk_color(sec, BK_COLOR_TEXT),
                          BK_ALIGN_LEFT, n.title, &used)))
        return rc;
    y += title_h + gap / 2;
    if ((rc = bk_text_box(sec, x, y, w, BK_FONT_BODY, body, bk_color(sec, BK_COLOR_TEXT),
                          BK_ALIGN_LEFT, n.text, &used)))
        return rc;
    y += text_h + gap / 2;
    for (size_t i = 0; i < n.n_items; i++) {
        if ((rc = bk_text(sec, x, y, BK_FONT_BODY, body, n.bar, "•")) ||
            (rc = bk_text_box(sec, x + bullet_w, y, w - bullet_w, BK_FONT_BODY, body,
                              bk_color(sec, BK_COLOR_TEXT), BK_ALIGN_LEFT, n.items[i], &used)))
            return rc;
        y += used + gap / 3;
    }
    bk_advance(sec, h + gap);
    return 0;
}

static const bk_plugin plugin = {BK_PLUGIN_HEADER,
                                 .engines = BK_ENGINE_CAIRO,
                                 .preferred_engine = BK_ENGINE_CAIRO,
                                 .name = "notice_box",
                                 .version = "1.0.0",
                                 .summary = "A bordered notice with a kind label and bullets",
                                 .license = "MIT",
                                 .options = options,
                                 .render = render};
BK_PLUGIN(plugin)
