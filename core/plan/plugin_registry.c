/* The plugin search path and the registry of what was found on it.
 *
 * The registry keeps refused plugins next to usable ones, in scan order, so
 * `briefkit plugins` can show what was found and why anything was turned
 * away. Folders are scanned in a fixed order and files sorted by name, so the
 * same tree always gives the same registry and the same "first one wins".
 * Each file is tried in a child first (plugin_probe.h) and only then loaded
 * and checked here (plugin_loader.h). */
#include "plugin_registry.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "paths.h"
#include "plugin_probe.h"

struct bk_registry {
    bk_loaded_plugin *items;
    size_t n, cap;
    char **dirs;
    size_t n_dirs, cap_dirs;
};

static int add_dir(bk_registry *r, const char *dir, bk_error *err)
{
    if (!dir || !*dir)
        return 0;
    for (size_t i = 0; i < r->n_dirs; i++)
        if (strcmp(r->dirs[i], dir) == 0)
            return 0; /* scanning it twice would refuse every plugin as its own duplicate */
    if (r->n_dirs == r->cap_dirs) {
        size_t cap = r->cap_dirs ? r->cap_dirs * 2 : 8;
        char **dirs = realloc(r->dirs, cap * sizeof *dirs);
        if (!dirs)
            return bk__error(err, BK_ENOMEM, NULL, "out of memory");
        r->dirs = dirs;
        r->cap_dirs = cap;
    }
    if (!(r->dirs[r->n_dirs] = strdup(dir)))
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    r->n_dirs++;
    return 0;
}

static int build_dirs(bk_registry *r, const char *const *extra, size_t n, bk_error *err)
{
    for (size_t i = 0; i < n; i++)
        if (add_dir(r, extra[i], err))
            return BK_ENOMEM;
    const char *env = getenv("BRIEFKIT_PLUGIN_PATH");
    if (env) {
        char *copy = strdup(env);
        if (!copy)
            return bk__error(err, BK_ENOMEM, NULL, "out of memory");
        char *save = NULL;
        for (char *tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save))
            if (add_dir(r, tok, err)) {
                free(copy);
                return BK_ENOMEM;
            }
        free(copy);
    }
    const char *home = getenv("HOME");
    if (home && *home) {
        char user[PATH_MAX];
        if (snprintf(user, sizeof user, "%s/.local/lib/briefkit/plugins", home) <
                (int)sizeof user &&
            add_dir(r, user, err))
            return BK_ENOMEM;
    }
    return add_dir(r, bk__paths_plugin_dir(), err);
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with_so(const char *name)
{
    size_t n = strlen(name);
    return n > 3 && strcmp(name + n - 3, ".so") == 0;
}

/* The *.so names in dir, sorted; a folder that cannot be opened yields none. */
static int list_dir(const char *dir, char ***names_out, size_t *n_out, bk_error *err)
{
    *names_out = NULL;
    *n_out = 0;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d))) {
        if (!ends_with_so(e->d_name))
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            char **grown = realloc(names, ncap * sizeof *grown);
            if (!grown) {
                rc = BK_ENOMEM;
                break;
            }
            names = grown;
            cap = ncap;
        }
        if (!(names[n] = strdup(e->d_name))) {
            rc = BK_ENOMEM;
            break;
        }
        n++;
    }
    closedir(d);
    if (rc) {
        for (size_t i = 0; i < n; i++)
            free(names[i]);
        free(names);
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    }
    if (n)
        qsort(names, n, sizeof *names, compare_names);
    *names_out = names;
    *n_out = n;
    return 0;
}

static bk_loaded_plugin *push_entry(bk_registry *r)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        bk_loaded_plugin *items = realloc(r->items, cap * sizeof *items);
        if (!items)
            return NULL;
        r->items = items;
        r->cap = cap;
    }
    bk_loaded_plugin *p = &r->items[r->n];
    memset(p, 0, sizeof *p);
    return p;
}

static int load_into_registry(bk_registry *r, bk_probe_cache *probes, const char *path,
                              const bk_host *host, bk_error *err)
{
    bk_loaded_plugin *p = push_entry(r);
    if (!p)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    if (!(p->path = strdup(path)))
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    r->n++;
    /* Tried in a child first (plugin_probe.h): only what loaded there
     * without harm is loaded here. */
    if (!bk__plugin_probe(probes, path, host, p->refusal, sizeof p->refusal)) {
        p->ok = 0;
        return 0;
    }
    bk_error one;
    bk__error_clear(&one);
    if (bk__plugin_load_file(path, host, p, &one) == BK_ENOMEM)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    if (!p->ok)
        return 0;
    const bk_loaded_plugin *first = bk__registry_find(r, p->desc.name);
    if (first && first != p) {
        /* Long paths are cut to fit the fixed refusal buffer. */
        snprintf(p->refusal, sizeof p->refusal,
                 "%.200s: plugin '%.60s' is already provided by %.200s", path, p->desc.name,
                 first->path);
        p->ok = 0;
    }
    return 0;
}

int bk__registry_scan(const char *const *extra_paths, size_t n, const bk_host *host,
                      bk_registry **out, bk_error *err)
{
    *out = NULL;
    bk_registry *r = calloc(1, sizeof *r);
    if (!r)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    int rc = build_dirs(r, extra_paths, n, err);
    char *cache_path = bk__probe_cache_default_path();
    bk_probe_cache *probes = bk__probe_cache_open(cache_path);
    free(cache_path);
    if (!probes && !rc)
        rc = bk__error(err, BK_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; !rc && i < r->n_dirs; i++) {
        char **names;
        size_t count;
        rc = list_dir(r->dirs[i], &names, &count, err);
        for (size_t j = 0; j < count; j++) {
            char path[PATH_MAX];
            if (!rc &&
                snprintf(path, sizeof path, "%s/%s", r->dirs[i], names[j]) < (int)sizeof path)
                rc = load_into_registry(r, probes, path, host, err);
            free(names[j]);
        }
        free(names);
    }
    bk__probe_cache_close(probes);
    if (rc) {
        bk__registry_free(r);
        return rc;
    }
    *out = r;
    return 0;
}

void bk__registry_free(bk_registry *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        free(r->items[i].path);
    free(r->items);
    for (size_t i = 0; i < r->n_dirs; i++)
        free(r->dirs[i]);
    free(r->dirs);
    free(r);
}

size_t bk__registry_count(const bk_registry *r)
{
    return r ? r->n : 0;
}

const bk_loaded_plugin *bk__registry_at(const bk_registry *r, size_t i)
{
    return r && i < r->n ? &r->items[i] : NULL;
}

const bk_loaded_plugin *bk__registry_find(const bk_registry *r, const char *name)
{
    if (!r || !name)
        return NULL;
    for (size_t i = 0; i < r->n; i++)
        if (r->items[i].ok && strcmp(r->items[i].desc.name, name) == 0)
            return &r->items[i];
    return NULL;
}

size_t bk__registry_dir_count(const bk_registry *r)
{
    return r ? r->n_dirs : 0;
}

const char *bk__registry_dir_at(const bk_registry *r, size_t i)
{
    return r && i < r->n_dirs ? r->dirs[i] : NULL;
}
