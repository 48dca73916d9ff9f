/* Internal: what one section's render is given (section_run.h renders it;
 * section_state.c reads it while the plugin draws): the plugin, its spec
 * and options, the engine, the document settings, and the caches and
 * callbacks of the render environment. Types only. */
#ifndef BK_SECTION_JOB_H
#define BK_SECTION_JOB_H

#include "deflate_cache.h"
#include "fonts.h"
#include "options.h"
#include "plugin_loader.h"
#include "template.h"
#include "theme.h"

typedef struct bk_section_job {
    const bk_loaded_plugin *plugin;
    const bk_section_spec *spec;
    const bk_options *options;
    int engine; /* BK_ENGINE_*, already checked */
    const bk_doc_settings *doc;
    const bk_theme *theme;
    bk_fonts *fonts;
    /* Where the plugin's bk_log() lines go; NULL drops them. */
    void (*warn)(void *ctx, const char *message);
    void *warn_ctx;
    /* Where an engine deflates large streams (deflate_cache.h); NULL: no
     * cache. */
    bk_deflate_cache *deflated;
    /* A character of a plugin's own text that no font has: 0 fails the
     * section, 1 warns (through `warn`) and draws the replacement box. */
    int missing_glyphs_warn;
} bk_section_job;

#endif
