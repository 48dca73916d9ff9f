/* Internal: the plugins found on the search path.
 *
 * Search path, first hit wins: extra paths (--plugin-path), each entry of
 * BRIEFKIT_PLUGIN_PATH (colon-separated), ~/.local/lib/briefkit/plugins,
 * the install prefix's plugin folder, and in a build tree the build's own
 * plugins (BK_BUILD_PLUGIN_DIR, compiled in). */
#ifndef BK_PLUGIN_REGISTRY_H
#define BK_PLUGIN_REGISTRY_H

#include <stddef.h>

#include <briefkit/error.h>
#include <briefkit/host.h>

#include "plugin_loader.h"

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

#endif
