/* Internal: what every render in one process can share, opened once.
 *
 * A render needs the plugin registry (a scan of the search path, dlopen of
 * every plugin) and the fonts (HarfBuzz faces, fontconfig initialised, the
 * private configuration scanned for Pango). bk_render opens them for its one
 * briefing; a batch opens them once in its parent and every job's child
 * inherits them through fork(), so a job pays only for its own briefing. */
#ifndef BK_RENDER_ENV_H
#define BK_RENDER_ENV_H

#include <stddef.h>

#include <briefkit/briefkit.h>

typedef struct bk_render_env bk_render_env;

/* Scans the plugin search path (`plugin_paths` first, as bk_render_opts
 * has them) and opens briefkit's fonts. The caller frees it with
 * bk__render_env_free. */
int bk__render_env_new(const char *const *plugin_paths, size_t n_plugin_paths, bk_render_env **out,
                       bk_error *err);
void bk__render_env_free(bk_render_env *env);

/* Prepares, in a process about to fork renders of briefings like `o`:
 * a libharu document with the fonts for `o`'s characters (engine.h,
 * bk_engine_class.proto_new), which a forked render of a briefing with the
 * same characters takes over instead of setting up its own fonts (the
 * preparing process itself never does); Pango's fonts for the cairo
 * sections and the chrome, loaded and measured over those characters; and
 * the streams every assembly makes the same, deflated (assemble.h). */
int bk__render_env_prepare(bk_render_env *env, const bk_render_opts *o, bk_error *err);

/* Calls fn(ctx) in each render with `env` once the briefing is assembled,
 * before it is written: a batch job tells its parent, which can start the
 * next job while this one's write waits on the disk. */
void bk__render_env_on_assembled(bk_render_env *env, void (*fn)(void *ctx), void *ctx);

/* bk_render with the registry and fonts of `env`; o->plugin_paths is not
 * consulted (the env was scanned with its own). Renders write to the fonts'
 * subset cache, so one env serves one thread at a time. */
int bk__render_with(bk_render_env *env, const bk_render_opts *o, bk_render_stats *stats,
                    bk_error *err);

#endif
