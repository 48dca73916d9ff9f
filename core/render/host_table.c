/* The one bk_host table every plugin receives (SDK 1.1).
 *
 * Each slot is a thin adapter from the plugin's bk_section to the host state
 * behind it (section_state.h); layout and error bookkeeping live there and
 * the building blocks in blocks.c and table_block.c, so this file only
 * checks arguments a plugin may get wrong (NULL text, unknown roles, sizes
 * that are not sizes) and forwards. */
#include "host_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bilingual.h"
#include "errors.h"
#include "node.h"
#include "number_format.h"
#include "options.h"
#include "section_run.h"
#include "section_state.h"
#include "table_block.h"

#define MAX_TEXT_SIZE 1000.0 /* points; anything larger is a plugin bug */

static int host_fail(bk_section *sec, const bk_node *where, const char *fmt, va_list ap)
{
    bk__state_vfail(bk__state(sec), BK_ERENDER, where, fmt, ap);
    return BK_ERENDER;
}

/* BRIEFKIT_LOG=debug|info turns on the quieter levels; warnings always go
 * to the caller's warn callback. */
static int log_threshold(void)
{
    const char *v = getenv("BRIEFKIT_LOG");
    if (v && strcmp(v, "debug") == 0)
        return BK_LOG_DEBUG;
    if (v && strcmp(v, "info") == 0)
        return BK_LOG_INFO;
    return BK_LOG_WARN;
}

static void host_log(bk_section *sec, int level, const char *fmt, va_list ap)
{
    const bk_section_job *job = bk__state(sec)->job;
    if (level < log_threshold() || !job->warn)
        return;
    char msg[1024], line[1200], shown[1200];
    vsnprintf(msg, sizeof msg, fmt ? fmt : "", ap);
    snprintf(line, sizeof line, "section '%s' (%s): %s", sec->id ? sec->id : "?",
             job->plugin->desc.name, msg);
    bk__escape_controls(line, shown, sizeof shown);
    job->warn(job->warn_ctx, shown);
}

static const bk_options *opts(bk_section *sec)
{
    return bk__state(sec)->job->options;
}

static int host_opt_has(bk_section *sec, const char *name)
{
    return opts(sec) && name ? bk__opt_has(opts(sec), name) : 0;
}

static const char *host_opt_str(bk_section *sec, const char *name)
{
    return opts(sec) && name ? bk__opt_str(opts(sec), name) : NULL;
}

static double host_opt_num(bk_section *sec, const char *name)
{
    return opts(sec) && name ? bk__opt_num(opts(sec), name) : NAN;
}

static int host_opt_bool(bk_section *sec, const char *name)
{
    return opts(sec) && name ? bk__opt_bool(opts(sec), name) : 0;
}

static const bk_node *host_opt_node(bk_section *sec, const char *name)
{
    return opts(sec) && name ? bk__opt_node(opts(sec), name) : NULL;
}

static double host_cursor(bk_section *sec)
{
    return bk__state(sec)->y;
}

static void host_advance(bk_section *sec, double pts)
{
    if (isfinite(pts))
        bk__state(sec)->y += pts;
}

static double host_space_left(bk_section *sec)
{
    return bk__state_space_left(bk__state(sec));
}

static int host_need(bk_section *sec, double pts)
{
    return bk__state_need(bk__state(sec), isfinite(pts) ? pts : 0);
}

static int host_new_page(bk_section *sec)
{
    bk__state_new_page(bk__state(sec));
    return 0;
}

/* A plugin drawing natively draws on the current page, so it must exist
 * (libharu's page handle only exists once the page has begun). */
static void *host_native(bk_section *sec, int kind)
{
    bk_section_state *st = bk__state(sec);
    int ours = sec->engine == BK_ENGINE_HARU
                   ? kind == BK_NATIVE_HARU_DOC || kind == BK_NATIVE_HARU_PAGE
                   : kind == BK_NATIVE_CAIRO || kind == BK_NATIVE_PANGO;
    if (!ours || bk__state_draw(st) < 0)
        return NULL;
    return st->ops->native(st->eng, kind);
}

static bk_rgb host_color(bk_section *sec, int role)
{
    return bk__state_color(bk__state(sec), role);
}

static double host_size(bk_section *sec, int role)
{
    return bk__state_size(bk__state(sec), role);
}

static int font_ok(int font)
{
    return font >= BK_FONT_BODY && font <= BK_FONT_MONO ? font : 0;
}

static double size_ok(bk_section *sec, double size)
{
    return size > 0 && size <= MAX_TEXT_SIZE ? size : bk__state_size(bk__state(sec), BK_SIZE_BODY);
}

static double host_text_width(bk_section *sec, int font, double size, const char *utf8)
{
    return bk__state_text_width(bk__state(sec), font_ok(font), size_ok(sec, size), utf8);
}

static double host_text_height(bk_section *sec, int font, double size, double width,
                               const char *utf8)
{
    bk_section_state *st = bk__state(sec);
    bk_line *lines = NULL;
    size_t n = 0;
    size = size_ok(sec, size);
    if (bk__state_lines(st, font_ok(font), size, isfinite(width) ? width : 0, utf8, &lines, &n) < 0)
        return 0;
    free(lines);
    return (double)n * bk__state_line_h(st, size);
}

static int host_text(bk_section *sec, double x, double y, int font, double size, bk_rgb color,
                     const char *utf8)
{
    if (!utf8)
        return 0;
    return bk__state_text(bk__state(sec), x, y, font_ok(font), size_ok(sec, size), color, utf8,
                          strlen(utf8));
}

static int host_text_box(bk_section *sec, double x, double y, double width, int font, double size,
                         bk_rgb color, int align, const char *utf8, double *height)
{
    bk_section_state *st = bk__state(sec);
    bk_line *lines = NULL;
    size_t n = 0;
    if (height)
        *height = 0;
    if (!utf8)
        return 0;
    font = font_ok(font);
    size = size_ok(sec, size);
    if (!isfinite(width))
        width = 0;
    int rc = bk__state_lines(st, font, size, width, utf8, &lines, &n);
    if (rc < 0)
        return rc;
    double lh = bk__state_line_h(st, size);
    for (size_t i = 0; i < n && rc == 0; i++) {
        double dx = 0;
        if (align == BK_ALIGN_RIGHT)
            dx = width - lines[i].width;
        else if (align == BK_ALIGN_CENTER)
            dx = (width - lines[i].width) / 2;
        rc = bk__state_text(st, x + dx, y + (double)i * lh, font, size, color,
                            utf8 + lines[i].start, lines[i].len);
    }
    free(lines);
    if (rc == 0 && height)
        *height = (double)n * lh;
    return rc;
}

static int host_outline(bk_section *sec, int level, const char *title)
{
    return bk__state_outline(bk__state(sec), level, title);
}

static int is_zh(const bk_section *sec)
{
    return sec->lang && strcmp(sec->lang, "zh") == 0;
}

static const bk_node *host_node_text(bk_section *sec, const bk_node *map, const char *key)
{
    return bk__text_node(map, key, is_zh(sec));
}

static int host_format_number(bk_section *sec, double value, const char *scale, const char *unit,
                              const char *qualifier, double magnitude, int part, char *out,
                              size_t size)
{
    return bk__num_format(is_zh(sec), value, scale, unit, qualifier, magnitude, part, out, size);
}

static double host_number_magnitude(bk_section *sec, double value, const char *scale)
{
    return bk__num_magnitude(is_zh(sec), value, scale);
}

static int host_format_change(bk_section *sec, double change, int kind, int basis, char *out,
                              size_t size)
{
    return bk__num_change(is_zh(sec), change, kind, basis, out, size);
}

static int host_format_date(bk_section *sec, const char *iso, char *out, size_t size)
{
    return bk__num_date(is_zh(sec), iso, out, size);
}

static const bk_host host_table = {
    .size = sizeof(bk_host),
    .abi_major = BK_ABI_MAJOR,
    .abi_minor = BK_ABI_MINOR,
    .fail = host_fail,
    .log = host_log,
    .node_type = bk__node_type,
    .node_get = bk__node_get,
    .node_lookup = bk__node_lookup,
    .node_len = bk__node_len,
    .node_at = bk__node_at,
    .node_key_at = bk__node_key_at,
    .node_str = bk__node_str,
    .node_num = bk__node_num,
    .opt_has = host_opt_has,
    .opt_str = host_opt_str,
    .opt_num = host_opt_num,
    .opt_bool = host_opt_bool,
    .opt_node = host_opt_node,
    .cursor = host_cursor,
    .advance = host_advance,
    .space_left = host_space_left,
    .need = host_need,
    .new_page = host_new_page,
    .native = host_native,
    .theme_color = host_color,
    .theme_size = host_size,
    .text_width = host_text_width,
    .text_height = host_text_height,
    .text = host_text,
    .text_box = host_text_box,
    .outline = host_outline,
    .heading = bk__block_heading,
    .paragraph = bk__block_paragraph,
    .cards = bk__block_cards,
    .table = bk__block_table,
    .node_text = host_node_text,
    .format_number = host_format_number,
    .number_magnitude = host_number_magnitude,
    .format_change = host_format_change,
    .format_date = host_format_date,
};

const bk_host *bk__host_table(void)
{
    return &host_table;
}
