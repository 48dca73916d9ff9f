/* Internal: finding, loading and checking section plugins.
 *
 * Search path, first hit wins: extra paths (--plugin-path), each entry of
 * BRIEFKIT_PLUGIN_PATH (colon-separated), ~/.local/lib/briefkit/plugins,
 * the install prefix's plugin folder, and in a build tree the build's own
 * plugins (BK_BUILD_PLUGIN_DIR, compiled in). Every *.so there is opened
 * with RTLD_NOW | RTLD_LOCAL, its single entry symbol called with the host
 * table, and its description copied into a zeroed struct and checked.
 * Plugins are never dlclose()d (DESIGN.md: destructors after unmap).
 * `host` is the table handed to each entry function (bk__host_table() in a
 * real run; tests pass their own). */
#ifndef BK_PLUGIN_LOADER_H
#define BK_PLUGIN_LOADER_H

#include <stddef.h>

#include <briefkit/error.h>
#include <briefkit/plugin.h>

typedef struct bk_loaded_plugin {
    char *path;       /* the .so file */
    bk_plugin desc;   /* zero-extended copy of the plugin's description */
    int ok;           /* 1: usable; 0: refused, see refusal */
    char refusal[512]; /* "<path>: why", when !ok */
} bk_loaded_plugin;

typedef struct bk_registry bk_registry;

/* Scans the search path. Refused plugins are kept (with their reason) so
 * `briefkit plugins` can show them; only a failure to allocate is an error. */
int bk__registry_scan(const char *const *extra_paths, size_t n, const bk_host *host,
                      bk_registry **out, bk_error *err);
void bk__registry_free(bk_registry *r);
size_t bk__registry_count(const bk_registry *r);
const bk_loaded_plugin *bk__registry_at(const bk_registry *r, size_t i);
/* The usable plugin called `name`, or NULL. */
const bk_loaded_plugin *bk__registry_find(const bk_registry *r, const char *name);
/* The folders searched, in order (for messages). */
size_t bk__registry_dir_count(const bk_registry *r);
const char *bk__registry_dir_at(const bk_registry *r, size_t i);

/* Loads one file into `out` (refusal filled when it is not usable); used by
 * the scan and by tests. Returns 0 when usable, else BK_EPLUGIN/BK_EABI with
 * err->msg equal to out->refusal. */
int bk__plugin_load_file(const char *path, const bk_host *host, bk_loaded_plugin *out,
                         bk_error *err);


#endif
