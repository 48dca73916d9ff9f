/* YAML files: read with a size cap, parsed (yaml_load.c), and kept in a
 * cache of parsed files that its owner passes in (yaml_file.h). */
#include "yaml_file.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "errors.h"

/* Reads at most max_bytes + 1 bytes, so an oversized (or endless) file is
 * detected without reading it all. */
static int read_capped(const char *path, size_t max_bytes, char **out, size_t *out_len,
                       bk_error *err)
{
    bk_loc loc = {path, 0, 0};
    FILE *f = fopen(path, "rb");
    if (!f)
        return bk__error(err, errno == ENOENT ? BK_EMISSING : BK_EIO, &loc, "cannot open: %s",
                         strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return bk__error(err, BK_EIO, &loc, "is a folder, expected a YAML file");
    }
    size_t cap = 4096, len = 0;
    if (fstat(fileno(f), &st) == 0 && st.st_size > 0 && (uintmax_t)st.st_size <= max_bytes)
        cap = (size_t)st.st_size + 1;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return bk__error(err, BK_ENOMEM, &loc, "out of memory");
    }
    for (;;) {
        if (len == cap) {
            size_t ncap = cap * 2;
            if (ncap > max_bytes + 1)
                ncap = max_bytes + 1;
            char *nbuf = realloc(buf, ncap);
            if (!nbuf) {
                free(buf);
                fclose(f);
                return bk__error(err, BK_ENOMEM, &loc, "out of memory");
            }
            buf = nbuf;
            cap = ncap;
        }
        size_t want = cap - len;
        size_t got = fread(buf + len, 1, want, f);
        len += got;
        if (len > max_bytes) {
            free(buf);
            fclose(f);
            return bk__error(err, BK_ELIMIT, &loc, "file is larger than the limit of %zu bytes",
                             max_bytes);
        }
        if (got < want) {
            if (ferror(f)) {
                int e = errno;
                free(buf);
                fclose(f);
                return bk__error(err, BK_EIO, &loc, "cannot read: %s", strerror(e));
            }
            break;
        }
    }
    fclose(f);
    *out = buf;
    *out_len = len;
    return 0;
}

typedef struct cache_entry {
    const char *path;
    bk_yaml_limits lim;
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    const bk_node *root;
} cache_entry;

struct bk_yaml_cache {
    bk_arena *arena; /* the trees and paths */
    cache_entry *entries;
    size_t n, cap;
};

bk_yaml_cache *bk__yaml_cache_new(void)
{
    bk_yaml_cache *c = calloc(1, sizeof *c);
    if (c && !(c->arena = bk__arena_new(0))) {
        free(c);
        c = NULL;
    }
    return c;
}

void bk__yaml_cache_free(bk_yaml_cache *c)
{
    if (!c)
        return;
    bk__arena_free(c->arena);
    free(c->entries);
    free(c);
}

int bk__yaml_cache_holds(const bk_yaml_cache *c, const bk_node *node)
{
    return c && node && bk__arena_owns(c->arena, node);
}

static int same_limits(const bk_yaml_limits *x, const bk_yaml_limits *y)
{
    return x->max_bytes == y->max_bytes && x->max_depth == y->max_depth &&
           x->max_nodes == y->max_nodes && x->max_string == y->max_string;
}

static int same_file(const cache_entry *e, const struct stat *st)
{
    return e->dev == st->st_dev && e->ino == st->st_ino && e->size == st->st_size &&
           e->mtime.tv_sec == st->st_mtim.tv_sec && e->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

static const cache_entry *cache_find(const bk_yaml_cache *c, const char *path,
                                     const bk_yaml_limits *lim, const struct stat *st)
{
    for (size_t i = 0; i < c->n; i++) {
        const cache_entry *e = &c->entries[i];
        if (strcmp(e->path, path) == 0 && same_limits(&e->lim, lim) && same_file(e, st))
            return e;
    }
    return NULL;
}

/* Remembers a tree; failing to allocate only means no cache entry. */
static void cache_add(bk_yaml_cache *c, const char *path, const bk_yaml_limits *lim,
                      const struct stat *st, const bk_node *root)
{
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 8;
        cache_entry *e = realloc(c->entries, cap * sizeof *e);
        if (!e)
            return;
        c->entries = e;
        c->cap = cap;
    }
    const char *copy = bk__arena_strdup(c->arena, path);
    if (!copy)
        return;
    c->entries[c->n++] =
        (cache_entry){copy, *lim, st->st_dev, st->st_ino, st->st_size, st->st_mtim, root};
}

static int load_file(bk_yaml_cache *cache, bk_arena *a, const char *path, const bk_yaml_limits *lim,
                     const bk_node **root, bk_error *err)
{
    if (!a || !path || !root)
        return bk__error(err, BK_EINVAL, NULL, "bk__yaml_load_file: missing argument");
    *root = NULL;
    bk_yaml_limits dflt;
    if (!lim) {
        bk__yaml_limits_default(&dflt);
        lim = &dflt;
    }
    struct stat st;
    if (cache && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        const cache_entry *e = cache_find(cache, path, lim, &st);
        if (e) {
            *root = e->root;
            return 0;
        }
        a = cache->arena;
    } else {
        cache = NULL;
    }
    char *buf = NULL;
    size_t len = 0;
    int rc = read_capped(path, lim->max_bytes, &buf, &len, err);
    if (rc)
        return rc;
    rc = bk__yaml_load_buffer(a, path, buf, len, lim, root, err);
    free(buf);
    if (!rc && cache)
        cache_add(cache, path, lim, &st, *root);
    return rc;
}

int bk__yaml_load_file(bk_arena *a, const char *path, const bk_yaml_limits *lim,
                       const bk_node **root, bk_error *err)
{
    return load_file(NULL, a, path, lim, root, err);
}

int bk__yaml_cache_load(bk_yaml_cache *c, bk_arena *a, const char *path, const bk_yaml_limits *lim,
                        const bk_node **root, bk_error *err)
{
    return load_file(c, a, path, lim, root, err);
}

size_t bk__yaml_cache_count(const bk_yaml_cache *c)
{
    return c ? c->n : 0;
}

const char *bk__yaml_cache_path(const bk_yaml_cache *c, size_t i)
{
    return c && i < c->n ? c->entries[i].path : NULL;
}
