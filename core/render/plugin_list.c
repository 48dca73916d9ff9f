/* The public list of installed plugins (briefkit.h, bk_plugins_scan): the
 * plugin registry as a caller outside the library sees it, so `briefkit
 * plugins` can print it without the library printing anything. */
#include <briefkit/briefkit.h>

#include <stdlib.h>

#include "errors.h"
#include "host_table.h"
#include "plugin_registry.h"

struct bk_plugins {
    bk_registry *registry;
    bk_plugin_info *info; /* one per registry entry */
};

int bk_plugins_scan(const char *const *plugin_paths, size_t n_paths, bk_plugins **out,
                    bk_error *err)
{
    bk__error_clear(err);
    *out = NULL;
    bk_plugins *p = calloc(1, sizeof *p);
    if (!p)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    int rc = bk__registry_scan(plugin_paths, n_paths, bk__host_table(), &p->registry, err);
    size_t n = rc ? 0 : bk__registry_count(p->registry);
    if (!rc && !(p->info = calloc(n ? n : 1, sizeof *p->info)))
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory");
    if (rc) {
        bk_plugins_free(p);
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        const bk_loaded_plugin *lp = bk__registry_at(p->registry, i);
        const bk_plugin *d = &lp->desc;
        p->info[i] = (bk_plugin_info){
            .name = d->name,
            .version = d->version,
            .summary = d->summary,
            .license = d->license,
            .path = lp->path,
            .abi_major = d->abi_major,
            .abi_minor = d->abi_minor,
            .engines = d->engines,
            .options = d->options,
            .refused = lp->ok ? NULL : lp->refusal,
            .has_validate = d->validate != NULL,
        };
    }
    *out = p;
    return 0;
}

void bk_plugins_free(bk_plugins *p)
{
    if (!p)
        return;
    bk__registry_free(p->registry);
    free(p->info);
    free(p);
}

size_t bk_plugins_count(const bk_plugins *p)
{
    return bk__registry_count(p->registry);
}

const bk_plugin_info *bk_plugin_info_at(const bk_plugins *p, size_t i)
{
    return i < bk__registry_count(p->registry) ? &p->info[i] : NULL;
}

size_t bk_plugins_dir_count(const bk_plugins *p)
{
    return bk__registry_dir_count(p->registry);
}

const char *bk_plugins_dir_at(const bk_plugins *p, size_t i)
{
    return bk__registry_dir_at(p->registry, i);
}
