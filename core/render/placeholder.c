/* The "section unavailable" page (placeholder.h). Drawn by the core with the
 * cairo engine, never by the failed plugin, so it works whatever the plugin
 * did. It is deliberately plain and unmistakable: a reader must not take it
 * for content. */
#include "placeholder.h"

#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "errors.h"

#define FRAME_PAD 14.0

/* Draws `text` wrapped to `w` from y; returns the y below it. */
static double draw_wrapped(const bk_engine_ops *ops, bk_engine_ctx *c, double x, double y, double w,
                           int font, double size, const bk_theme *t, bk_rgb color, const char *text,
                           bk_error *err)
{
    bk_line *lines = NULL;
    size_t n = 0;
    if (ops->break_lines(c, font, size, w, text, &lines, &n, err))
        return y;
    for (size_t i = 0; i < n; i++) {
        ops->draw_text(c, x, y, font, size, color, text + lines[i].start, lines[i].len);
        y += bk__theme_line_h(t, size);
    }
    free(lines);
    return y;
}

int bk__placeholder_fragment(const bk_section_job *job, const bk_error *why, bk_fragment *out,
                             bk_error *err)
{
    const bk_doc_settings *doc = job->doc;
    const bk_theme *t = job->theme;
    int zh = doc->lang && strcmp(doc->lang, "zh") == 0;
    bk_engine_setup setup = {
        .page_w = doc->page_w,
        .page_h = doc->page_h,
        .fonts = job->fonts,
        .theme = t,
        .lang = doc->lang,
    };
    const bk_engine_ops *ops;
    bk_engine_ctx *c;
    int rc = bk__engine_cairo_new(&setup, &ops, &c, err);
    if (rc)
        return rc;
    rc = ops->page_begin(c, err);
    if (rc) {
        ops->destroy(c);
        return rc;
    }
    double x = doc->margin_left, w = doc->page_w - doc->margin_left - doc->margin_right;
    double y = doc->margin_top + t->sizes[BK_SIZE_GAP] * 2;
    double top = y;
    bk_rgb warn = t->alert;

    char reason[1400];
    bk_error_format(why, reason, sizeof reason);
    y += FRAME_PAD;
    y = draw_wrapped(ops, c, x + FRAME_PAD, y, w - 2 * FRAME_PAD, BK_FONT_BOLD,
                     t->sizes[BK_SIZE_H2], t, warn, zh ? "本节暂不可用" : "Section unavailable",
                     err);
    if (job->spec->title && *job->spec->title)
        y = draw_wrapped(ops, c, x + FRAME_PAD, y, w - 2 * FRAME_PAD, BK_FONT_BOLD,
                         t->sizes[BK_SIZE_BODY], t, t->colors[BK_COLOR_TEXT], job->spec->title,
                         err);
    y += t->sizes[BK_SIZE_GAP] / 2;
    y = draw_wrapped(ops, c, x + FRAME_PAD, y, w - 2 * FRAME_PAD, BK_FONT_MONO,
                     t->sizes[BK_SIZE_SMALL], t, t->colors[BK_COLOR_TEXT], reason, err);
    y += t->sizes[BK_SIZE_GAP] / 2;
    y = draw_wrapped(ops, c, x + FRAME_PAD, y, w - 2 * FRAME_PAD, BK_FONT_BODY,
                     t->sizes[BK_SIZE_SMALL], t, t->colors[BK_COLOR_MUTED],
                     zh ? "简报其余部分完整。请修复该插件或其数据后重新生成。"
                        : "The rest of this briefing is complete. Fix the plugin or its "
                          "data and render again to fill this section.",
                     err);
    y += FRAME_PAD;
    /* The frame: a warning bar on the left and rules top and bottom. */
    ops->fill_rect(c, x, top, 4, y - top, warn);
    ops->stroke_line(c, x, top, x + w, top, 0.8, warn);
    ops->stroke_line(c, x, y, x + w, y, 0.8, warn);

    rc = ops->finish(c, &out->pdf, &out->len, err);
    ops->destroy(c);
    if (rc)
        return rc;
    out->pages = 1;
    return 0;
}
