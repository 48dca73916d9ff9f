/* libbriefkit's public API: render a briefing, validate a template, list
 * plugins. The CLI is a thin program over these calls.
 *
 * Plugin authors include <briefkit/plugin.h> instead; plugins never link
 * libbriefkit. */
#ifndef BRIEFKIT_BRIEFKIT_H
#define BRIEFKIT_BRIEFKIT_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* What to render. Initialise with bk_render_opts_init(); every pointer is
 * borrowed for the duration of the call. */
typedef struct bk_render_opts {
    const char *template_path;
    const char *const *data_files; /* extra data files, merged after the template's */
    size_t n_data_files;
    const char *const *sets; /* "name=value" param overrides */
    size_t n_sets;
    const char *const *plugin_paths; /* searched before the default path */
    size_t n_plugin_paths;
    const char *output; /* PDF path; written atomically */
    int jobs;           /* sections rendered at once; 0: one per core */
    int isolate;        /* 1 (default): each section in a child process */
    double section_timeout; /* seconds per section in a child; 0: the default */
    size_t section_memory_mb; /* address-space limit per child; 0: the default */
} bk_render_opts;

/* Figures from a finished render. */
typedef struct bk_render_stats {
    int pages;
    size_t bytes;
    double milliseconds;
    int sections;
} bk_render_stats;

/* Fills `o` with defaults. Since: 0.1 [thread-safe] */
BK_API void bk_render_opts_init(bk_render_opts *o);

/* Loads, validates and renders o->template_path into o->output. On failure
 * `err` says where and why, and no file exists at o->output (an existing
 * file there is left untouched). `stats` may be NULL. Since: 0.1 */
BK_API int bk_render(const bk_render_opts *o, bk_render_stats *stats, bk_error *err);

/* Everything bk_render() checks before drawing: template, params, data,
 * plugins and every section's options. Renders nothing. Since: 0.1 */
BK_API int bk_validate(const bk_render_opts *o, bk_error *err);

/* Writes the plugins found on the search path (name, version, engines,
 * file) and why any were refused to `out`; with `describe` set, that
 * plugin's option schema instead. Since: 0.1 */
BK_API int bk_plugins_report(FILE *out, const char *const *plugin_paths, size_t n_paths,
                             const char *describe, bk_error *err);

/* The library's version string, e.g. "0.1.0". Since: 0.1 */
BK_API const char *bk_version(void);

#ifdef __cplusplus
}
#endif
#endif
