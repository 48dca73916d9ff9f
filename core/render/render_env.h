/* Internal: the render environment, the one object that holds what renders
 * in one process can share, passed explicitly to everything that uses it.
 *
 * It owns every cache a render uses: the plugin registry (a scan of the
 * search path, dlopen of every plugin), the fonts (HarfBuzz faces,
 * fontconfig, the Pango font map with its loaded fonts), the parsed-file
 * cache (yaml_file.h), the deflated-stream cache (deflate_cache.h) and the
 * documents engines prepare before a fork (engine.h). Nothing of it is
 * process-global.
 *
 * bk_render makes a private one for its one briefing; the registry and the
 * fonts are opened when the render first needs them, so a template mistake
 * is reported before any plugin or font is touched. A batch makes one in
 * its parent, opens and prepares it once with bk__render_env_prepare before
 * the first fork, and every job's child inherits it through fork(), so a
 * job pays only for its own briefing. */
#ifndef BK_RENDER_ENV_H
#define BK_RENDER_ENV_H

#include <stddef.h>

#include <briefkit/briefkit.h>

#include "deflate_cache.h"
#include "engine.h"
#include "fonts.h"
#include "plan.h"
#include "plugin_registry.h"
#include "yaml_file.h"

typedef struct bk_render_env {
    const char *const *plugin_paths; /* borrowed for the env's life */
    size_t n_plugin_paths;
    bk_registry *registry;      /* NULL until first needed */
    bk_fonts *fonts;            /* NULL until first needed */
    bk_yaml_cache *yaml;        /* NULL: files are parsed by each load */
    bk_deflate_cache *deflated; /* large streams deflated once */
    void (*assembled)(void *ctx);
    void *assembled_ctx;
} bk_render_env;

/* An environment for the plugin search path `plugin_paths` (searched
 * first, as bk_render_opts has them; borrowed until the env is freed),
 * with its caches empty and nothing opened yet. The caller frees it with
 * bk__render_env_free. */
int bk__render_env_new(const char *const *plugin_paths, size_t n_plugin_paths, bk_render_env **out,
                       bk_error *err);
void bk__render_env_free(bk_render_env *env);

/* The env's registry and fonts, scanned or opened on the first call. */
/* Plans o's briefing with env's caches: the template loaded through the
 * parsed-file cache, then (only once it is sound) the registry opened and
 * every section planned (plan.h), and last every character of the text
 * checked against the fonts (coverage.h). Free `p` with bk__plan_free. */
int bk__render_env_plan(bk_render_env *env, const bk_render_opts *o, bk_plan *p, bk_error *err);
/* The rest of bk__render_env_plan for a `p` whose template is loaded
 * already (bk__plan_load with o's input): registry, sections, coverage. */
int bk__render_env_plan_loaded(bk_render_env *env, const bk_render_opts *o, bk_plan *p,
                               bk_error *err);
int bk__render_env_registry(bk_render_env *env, const bk_registry **out, bk_error *err);
int bk__render_env_fonts(bk_render_env *env, bk_fonts **out, bk_error *err);
/* Sets `fonts` to the faces a briefing in `style` draws with (doc_style.h;
 * NULL: the report look): the style's faces by role, or back to the
 * report's, since one environment may serve both kinds of template. */
struct bk_doc_style;
int bk__render_env_style_fonts(bk_fonts *fonts, const struct bk_doc_style *style,
                               void (*warn)(void *ctx, const char *message), void *warn_ctx,
                               bk_error *err);

/* Prepares `env`, in a process about to fork renders of the briefings `o`
 * (n of them, one per template: the first stands for the characters and
 * page of the rest): opens the registry and the fonts; loads each template
 * and its data into a parsed-file cache the env keeps from then on; then,
 * for o[0]'s characters, Pango's fonts for the cairo sections and the
 * chrome, loaded and measured over those characters; and the streams every
 * assembly makes the same, deflated (assemble.h). Each step is only a
 * saving: on failure the env keeps what was prepared, renders with it make
 * what is missing themselves, and the error returned (the first) is for
 * the caller to report as a warning. */
int bk__render_env_prepare(bk_render_env *env, const bk_render_opts *o, size_t n, bk_error *err);

/* Calls fn(ctx) in each render with `env` once the briefing is assembled,
 * before it is written: a batch job tells its parent, which can start the
 * next job while this one's write waits on the disk. */
void bk__render_env_on_assembled(bk_render_env *env, void (*fn)(void *ctx), void *ctx);

/* bk_render with `env`; o->plugin_paths is not consulted (the env has its
 * own). Renders write to the env's caches, so one env serves one thread at
 * a time. */
int bk__render_with(bk_render_env *env, const bk_render_opts *o, bk_render_stats *stats,
                    bk_error *err);

/* bk__render_with for a briefing whose template `loaded` holds already
 * (bk__plan_load with o's input, through env->yaml), so its data is read
 * once: a batch hashes the loaded template for --skip-unchanged and renders
 * the same load, and a data entry's query runs once. Takes `loaded` over
 * (it is freed, and zeroed, whatever happens). */
int bk__render_loaded(bk_render_env *env, const bk_render_opts *o, bk_plan *loaded,
                      bk_render_stats *stats, bk_error *err);

#endif
