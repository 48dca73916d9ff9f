/* The host state behind a plugin's drawing (section_state.h): the cursor
 * and lazily begun pages, pending headings carried over page breaks,
 * bookmarks, the first error, and text handed to the engine after its
 * characters are checked against the fonts. */
#include "section_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coverage.h"
#include "errors.h"
#include "font_chain.h"
#include "node.h"

/* No real section comes near this; a plugin looping on new pages does, and
 * would otherwise grow the fragment until memory or the timeout ran out. */
#define MAX_SECTION_PAGES 500

bk_section_state *bk__state(bk_section *sec)
{
    return sec->host_private;
}

const bk_loc *bk__state_loc(const bk_section_state *st)
{
    const bk_node *n = st->job->spec->node;
    return n ? &n->loc : NULL;
}

int bk__state_vfail(bk_section_state *st, int code, const bk_node *where, const char *fmt,
                    va_list ap)
{
    if (st->failed)
        return code;
    char msg[sizeof st->err.msg];
    vsnprintf(msg, sizeof msg, fmt ? fmt : "failed", ap);
    const bk_loc *loc = where && where->loc.file ? &where->loc : bk__state_loc(st);
    bk__error(&st->err, code, loc, "section '%s' (%s): %s", st->sec->id, st->job->plugin->desc.name,
              msg);
    st->failed = 1;
    return code;
}

int bk__state_fail(bk_section_state *st, int code, const bk_node *where, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bk__state_vfail(st, code, where, fmt, ap);
    va_end(ap);
    return code;
}

int bk__state_engine_fail(bk_section_state *st, const bk_error *e)
{
    return bk__state_fail(st, e->code ? e->code : BK_EPDF, NULL, "%s", e->msg);
}

/* validate() runs with no engine: any call that needs one lands here. */
static int not_in_validate(bk_section_state *st)
{
    return bk__state_fail(st, BK_EPLUGIN, NULL,
                          "the plugin's validate callback may not draw or measure text (only "
                          "render may)");
}

int bk__state_draw(bk_section_state *st)
{
    if (st->failed)
        return st->err.code;
    if (st->validating)
        return not_in_validate(st);
    if (st->n_pending) {
        int rc = bk__block_headings_flush(st);
        if (rc < 0)
            return rc;
    }
    return bk__state_begin(st);
}

int bk__state_begin(bk_section_state *st)
{
    if (st->failed)
        return st->err.code;
    if (st->open)
        return 0;
    if (st->pages >= MAX_SECTION_PAGES)
        return bk__state_fail(st, BK_ELIMIT, NULL,
                              "more than %d pages; a section may have at most %d (is the "
                              "plugin looping on new pages?)",
                              MAX_SECTION_PAGES, MAX_SECTION_PAGES);
    /* The previous section's open page is begun already. */
    if (st->cont != BK_CONT_SHARED) {
        bk_error e;
        bk__error_clear(&e);
        int rc = st->ops->page_begin(st->eng, &e);
        if (rc < 0)
            return bk__state_engine_fail(st, &e);
    }
    if (st->cont != BK_CONT_NONE) {
        st->continued = st->cont;
        st->cont = BK_CONT_NONE;
    }
    st->pages++;
    st->open = 1;
    return 0;
}

/* Carries the pending headings to the top of the next page, with the
 * bookmarks placed since the first of them. */
static void move_headings(bk_section_state *st)
{
    int from = bk__state_page_index(st);
    double delta = st->sec->box_y - st->pending[0].top;
    st->open = 0;
    st->top = st->sec->box_y;
    int to = bk__state_page_index(st);
    for (size_t i = 0; i < st->n_pending; i++)
        st->pending[i].top += delta;
    for (size_t i = st->pending_outline; i < st->n_outline; i++)
        if (st->outline[i].page == from) {
            st->outline[i].page = to;
            st->outline[i].y += delta;
        }
    st->y += delta;
}

void bk__state_new_page(bk_section_state *st)
{
    st->cont = BK_CONT_NONE;
    if (st->n_pending && st->pending[0].top > st->top + 0.01) {
        move_headings(st);
        return;
    }
    if (st->n_pending)
        bk__block_headings_flush(st);
    st->open = 0;
    st->y = st->top = st->sec->box_y;
}

int bk__state_at_top(const bk_section_state *st)
{
    return st->y <= st->top + 0.01;
}

int bk__state_at_start(const bk_section_state *st)
{
    return bk__state_page_index(st) == 0 && st->y <= st->start_y + 0.01;
}

double bk__state_space_left(const bk_section_state *st)
{
    return st->sec->box_y + st->sec->box_h - st->y;
}

int bk__state_need(bk_section_state *st, double pts)
{
    if (pts <= bk__state_space_left(st) + 0.01 || bk__state_at_top(st))
        return 0;
    bk__state_new_page(st);
    return 1;
}

int bk__state_page_index(const bk_section_state *st)
{
    return st->open ? st->pages - 1 : st->pages;
}

int bk__state_outline(bk_section_state *st, int level, const char *title)
{
    if (st->validating)
        return not_in_validate(st);
    if (st->n_outline == st->cap_outline) {
        size_t cap = st->cap_outline ? st->cap_outline * 2 : 8;
        bk_outline_entry *p = realloc(st->outline, cap * sizeof *p);
        if (!p)
            return bk__state_fail(st, BK_ENOMEM, NULL, "out of memory adding a bookmark");
        st->outline = p;
        st->cap_outline = cap;
    }
    char *t = strdup(title ? title : "");
    if (!t)
        return bk__state_fail(st, BK_ENOMEM, NULL, "out of memory adding a bookmark");
    bk_outline_entry *o = &st->outline[st->n_outline++];
    o->level = level < 1 ? 1 : level > 2 ? 2 : level;
    o->title = t;
    o->page = bk__state_page_index(st);
    o->y = st->y;
    return 0;
}

bk_rgb bk__state_color(const bk_section_state *st, int role)
{
    if (role < 0 || role >= BK_COLOR_COUNT_)
        role = BK_COLOR_TEXT;
    return st->theme->colors[role];
}

double bk__state_size(const bk_section_state *st, int role)
{
    if (role < 0 || role >= BK_SIZE_COUNT_)
        role = BK_SIZE_BODY;
    return st->theme->sizes[role];
}

double bk__state_line_h(const bk_section_state *st, double size)
{
    return bk__theme_line_h(st->theme, size);
}

/* Makes the faces `text` needs known to Pango before the engine lays it
 * out: the template's and data's were before the section started, a
 * plugin's own may need another (bk__fonts_pango_need). */
static void need_faces(bk_section_state *st, const char *text, size_t len)
{
    if (st->job->engine == BK_ENGINE_CAIRO && text)
        bk__fonts_pango_need(st->job->fonts, bk__coverage_faces(st->job->fonts, text, len));
}

int bk__state_lines(bk_section_state *st, int font, double size, double width, const char *text,
                    bk_line **lines, size_t *n)
{
    if (st->validating)
        return not_in_validate(st);
    need_faces(st, text, text ? strlen(text) : 0);
    bk_error e;
    bk__error_clear(&e);
    int rc = st->ops->break_lines(st->eng, font, size, width, text ? text : "", lines, n, &e);
    if (rc < 0)
        return bk__state_engine_fail(st, &e);
    return 0;
}

double bk__state_text_width(bk_section_state *st, int font, double size, const char *text)
{
    if (!text)
        return 0;
    if (st->validating) {
        not_in_validate(st);
        return 0;
    }
    need_faces(st, text, strlen(text));
    return st->ops->text_width(st->eng, font, size, text, strlen(text));
}

int bk__state_text(bk_section_state *st, double x, double y, int font, double size, bk_rgb color,
                   const char *text, size_t len)
{
    int rc = bk__state_draw(st);
    if (rc < 0)
        return rc;
    /* The template's text and data were checked before any section ran;
     * this catches what the plugin writes itself. */
    need_faces(st, text, len);
    uint32_t cp;
    if (bk__coverage_first_missing(st->job->fonts, font, text, len, &cp)) {
        char ch[32], fonts[256];
        bk__coverage_describe(cp, ch, sizeof ch);
        bk__font_chain_names(st->job->fonts, fonts, sizeof fonts);
        if (!st->job->missing_glyphs_warn)
            return bk__state_fail(st, BK_EFONT, NULL,
                                  "text \"%.*s\": %s is in no font briefkit has (fonts: %s)",
                                  (int)(len > 60 ? 60 : len), text, ch, fonts);
        if (st->job->warn) {
            char msg[600];
            snprintf(msg, sizeof msg,
                     "section '%s' (%s): text \"%.*s\": %s is in no font briefkit has "
                     "(fonts: %s); drawn as a box",
                     st->sec->id, st->job->plugin->desc.name, (int)(len > 60 ? 60 : len), text, ch,
                     fonts);
            st->job->warn(st->job->warn_ctx, msg);
        }
    }
    rc = st->ops->draw_text(st->eng, x, y, font, size, color, text, len);
    if (rc < 0)
        return bk__state_fail(st, rc, NULL, "could not draw text with %s", st->ops->name);
    return 0;
}
