/* Internal: a loaded briefing template.
 *
 * The template file (YAML) holds `document` settings, declared `params`,
 * `data` files (relative to the template), and the ordered `sections`.
 * Loading reads the template and its data, applies param defaults and
 * --set overrides, and expands {{ }} everywhere; what comes out is checked
 * and ready to plan. Everything lives in the caller's arena.
 *
 *   briefkit: 1
 *   document:
 *     title: Monthly briefing          subtitle, author, subject, keywords
 *     lang: en                         en | zh (--lang overrides it)
 *     title_zh: 月度简报               any text setting's Chinese form, used when lang is zh
 *     page: {size: A4, orientation: portrait}     A4 | A5 | Letter | Legal
 *     margins: {top: 25, right: 20, bottom: 25, left: 20}   millimetres
 *     header: Economic development zones       running header text
 *     footer: Prepared by ...                  footer text beside "Page X of N"
 *     classification: INTERNAL                 mark on every page
 *     cover: true
 *     contents: true
 *     date: 2025-03-01                         cover date; default: today / SOURCE_DATE_EPOCH
 *     style: jianbao                           and masthead, secrecy, copies, banji,
 *                                              fonts, ...: doc_style.h
 *     colors: {rise: "#c8102e", fall: "#1a7f37"}  a rise's and a fall's colour; default:
 *                                      green/red in en, red/green in zh
 *     stale_after_years: 3             `validate` warns of a figure whose year is more
 *                                      than this many years before the period's (0..100)
 *   params:
 *     zone: {type: string, default: liangjiang, choices: [...], help: ...}
 *   data:                              merged by top-level key, later files win
 *     - ../samples/data/zones.yaml
 *     - {file: "data/{{ period.previous }}/zones.yaml", as: previous, optional: true}
 *                                      `as`: the whole file under that key (a key no
 *                                      other data entry or file may use); `optional`:
 *                                      a missing file is skipped, the key is absent
 *     - {sqlite: indicators.db, query: "SELECT ...", params: [...], as: rows}
 *                                      rows from a CSV file, SQLite or PostgreSQL
 *                                      under `as` (format in data_source.h)
 *                                      the key `briefing` is briefkit's: what sections
 *                                      read holds the section list there (briefing_node.h)
 *   {{ }} in any text: a param, a built-in (date, period, period.label, ...)
 *   or a dotted data path; [FIELD=NAME] picks a list's item by the value of
 *   a param or built-in: "{{ zones[id=zone].name_en }}" (expand.c)
 *   sections:
 *     - plugin: zone_overview
 *       id: liangjiang            optional; default <plugin>-<n>
 *       title: "{{ ... }}"
 *       title_zh: "{{ ... }}"     the title in a Chinese document (contents, bookmarks)
 *       engine: haru              optional; default: the plugin's preferred
 *       data: zones               optional dotted path into the data; default: all data
 *       on_error: fail            fail | placeholder
 *       break: page               page | auto: auto continues on the previous section's
 *                                 last page when a fifth of it is free (document.break
 *                                 sets the default for every section)
 *       options: {zone: liangjiang}
 */
#ifndef BK_TEMPLATE_H
#define BK_TEMPLATE_H

#include <stddef.h>

#include <briefkit/error.h>

#include "arena.h"
#include "doc_style.h"
#include "node.h"
#include "yaml_file.h"

typedef struct bk_doc_settings {
    const char *title, *subtitle, *author, *subject, *keywords;
    const char *lang;                                            /* "en" or "zh" */
    const char *date;                                            /* YYYY-MM-DD shown on the cover */
    double page_w, page_h;                                       /* points, orientation applied */
    double margin_top, margin_right, margin_bottom, margin_left; /* points */
    const char *header, *footer, *classification;                /* may be NULL */
    const char *rise_color, *fall_color; /* "#rrggbb" or NULL: the language's default */
    int break_auto;                      /* document.break: auto, every section's default */
    int stale_after_years; /* a figure older than this, before the period's year, is stale */
    int cover, contents;
    struct bk_doc_style *style; /* doc_style.h; NULL: the report look */
} bk_doc_settings;

/* document.stale_after_years: its default and its largest value. */
#define BK_STALE_YEARS_DEFAULT 3
#define BK_STALE_YEARS_MAX 100

typedef enum bk_on_error { BK_ON_ERROR_FAIL = 0, BK_ON_ERROR_PLACEHOLDER = 1 } bk_on_error;

typedef struct bk_section_spec {
    const char *plugin;
    const char *engine; /* "haru", "cairo" or NULL */
    const char *title;  /* expanded; "" when absent */
    const char *id;
    bk_on_error on_error;
    int break_auto;         /* break: auto: may start on the previous section's last page */
    const bk_node *options; /* expanded MAP, or NULL */
    const bk_node *data;    /* resolved, or the whole data tree */
    const bk_node *node;    /* the section's MAP in the template, for locations */
} bk_section_spec;

typedef struct bk_template {
    const char *path; /* as given */
    const char *dir;  /* its folder, for relative paths */
    bk_doc_settings doc;
    const bk_node *params; /* MAP name -> value, after defaults and --set */
    const bk_node *data;   /* merged data MAP (empty MAP when none) */
    /* What sections read: `data` plus the built-in `briefing` node
     * (briefing_node.h); a section's `data:` path starts here. */
    const bk_node *section_data;
    bk_section_spec *sections;
    size_t n_sections;
    const bk_node *root;
} bk_template;

typedef struct bk_template_input {
    const char *path;
    const char *const *data_files; /* extra, merged last: later keys replace earlier */
    size_t n_data_files;
    const char *const *sets; /* "name=value" */
    size_t n_sets;
    const char *date;   /* YYYY-MM-DD for {{ date }} and the cover; NULL: today (UTC) */
    const char *period; /* YYYY-MM for {{ period }}, {{ period.start }}, ... (period.h);
                           NULL: the month before today */
    const char *lang;   /* "en" or "zh" instead of document.lang; NULL: the template's */
    /* Folders the template's data files may also lie in, besides the
     * template's own folder and briefkit's data folder (--allow-path). The
     * files in data_files above are the caller's own choice: not checked. */
    const char *const *allow_paths;
    size_t n_allow_paths;
    /* Parsed files shared with other loads (a render environment's,
     * render_env.h); NULL: every file is parsed into the caller's arena. */
    bk_yaml_cache *yaml;
    /* --issue, --copies, --font (doc_style.h); zeroed: none */
    bk_style_overrides style;
    /* Called with each file a `data` entry names (template_data.h), before
     * it is read; NULL: not called. For `briefkit watch`. */
    void (*on_file)(void *ctx, const char *path);
    void *on_file_ctx;
} bk_template_input;

int bk__template_load(bk_arena *a, const bk_template_input *in, bk_template **out, bk_error *err);

#endif
