/* Loading a template's `data` entries (format in template.h): the files,
 * merged by top-level key or kept whole under an `as:` name, `optional`
 * ones skipped when missing, every path checked against the folders a
 * template may read. It is given what it needs (template_data.h) rather
 * than the template being loaded, so it depends on nothing in template.c.
 * Entries that read rows (CSV, SQLite, PostgreSQL) are handed to
 * data_source.c and land under their `as:` name. */
#include "template_data.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data_source.h"
#include "errors.h"
#include "expand.h"
#include "key_check.h"
#include "paths.h"
#include "yaml_field.h"
#include "yaml_file.h"

/* One call of bk__template_data_load. */
typedef struct loader {
    bk_arena *a;
    bk_error *err;
    const bk_yaml_limits *lim;
    const bk_data_sources *src;
} loader;

static int oom(loader *L, const bk_loc *loc)
{
    return bk__error(L->err, BK_ENOMEM, loc, "out of memory while loading the template");
}

typedef struct key_index {
    const char **keys;
    size_t *index;
    size_t cap; /* power of two */
} key_index;

static size_t str_hash(const char *s)
{
    size_t h = (size_t)14695981039346656037ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= (size_t)1099511628211ULL;
    }
    return h;
}

/* A data entry with `as:` (a file's whole tree under a key of its own).
 * Its name is reserved from the start, loaded or not, so whether two
 * entries clash does not depend on which optional files exist this month. */
typedef struct as_entry {
    const char *name;
    const bk_node *node; /* the `as` value, where a clash is reported */
} as_entry;

typedef struct data_state {
    bk_node *merged;
    key_index idx;
    as_entry *as;
    size_t n_as;
} data_state;

/* Adds the top-level pairs of `file` to `merged`; a key already there gets
 * the new value in its old position. `idx` maps keys to positions, so
 * merging stays linear in the number of keys. */
static int merge_into(loader *L, bk_node *merged, key_index *idx, const bk_node *file)
{
    size_t need = (merged->count + file->count) * 2;
    if (need > idx->cap) {
        size_t cap = 64;
        while (cap < need)
            cap *= 2;
        const char **keys = calloc(cap, sizeof *keys);
        size_t *index = calloc(cap, sizeof *index);
        if (!keys || !index) {
            free(keys);
            free(index);
            return oom(L, NULL);
        }
        for (size_t i = 0; i < merged->count; i++) {
            size_t h = str_hash(merged->keys[i]->str) & (cap - 1);
            while (keys[h])
                h = (h + 1) & (cap - 1);
            keys[h] = merged->keys[i]->str;
            index[h] = i;
        }
        free(idx->keys);
        free(idx->index);
        idx->keys = keys;
        idx->index = index;
        idx->cap = cap;
    }
    for (size_t i = 0; i < file->count; i++) {
        const char *k = file->keys[i]->str;
        size_t h = str_hash(k) & (idx->cap - 1);
        while (idx->keys[h] && strcmp(idx->keys[h], k) != 0)
            h = (h + 1) & (idx->cap - 1);
        if (idx->keys[h]) {
            merged->items[idx->index[h]] = file->items[i];
            continue;
        }
        idx->keys[h] = k;
        idx->index[h] = merged->count;
        if (bk__node_append(L->a, merged, file->keys[i], file->items[i]) != 0)
            return oom(L, NULL);
    }
    return 0;
}

static const as_entry *find_as(const data_state *ds, const char *name)
{
    for (size_t i = 0; i < ds->n_as; i++)
        if (strcmp(ds->as[i].name, name) == 0)
            return &ds->as[i];
    return NULL;
}

static int as_clash(loader *L, const as_entry *e, const bk_node *key)
{
    return bk__error(L->err, BK_EINVAL, &e->node->loc,
                     "as: \"%s\" clashes with the top-level key \"%s\" of %s (line %d); "
                     "pick a name no data file uses",
                     e->name, key->str, key->loc.file ? key->loc.file : "a data file",
                     key->loc.line);
}

static int load_data_file(loader *L, const char *path, data_state *ds)
{
    const bk_node *root;
    int rc = bk__yaml_cache_load(L->src->yaml, L->a, path, L->lim, &root, L->err);
    if (rc)
        return rc;
    if (root->type != BK_NODE_MAP)
        return bk__error(L->err, BK_EDATA, &root->loc,
                         "a data file must be a map of named values at the top, got %s",
                         bk__node_kind_name(root));
    for (size_t i = 0; i < root->count; i++) {
        const as_entry *e = find_as(ds, root->keys[i]->str);
        if (e)
            return as_clash(L, e, root->keys[i]);
    }
    return merge_into(L, ds->merged, &ds->idx, root);
}

/* A template names its data files, so a template from elsewhere could
 * otherwise read any file the user can ("../../etc/passwd", a symlink out
 * of its folder) and print it in the briefing. The allowed roots are what
 * an operator expects a template to touch:
 *   - the template's own folder;
 *   - briefkit's data folder (the shipped templates read ../samples/data);
 *   - the current folder, where the operator chose to work (not "/", the
 *     default of system services, which would allow everything);
 *   - folders given with --allow-path, and in BRIEFKIT_ALLOW_PATH
 *     (colon-separated, for schedules run from cron or systemd).
 * The check resolves symlinks (realpath); the file is opened right after,
 * so a symlink swapped in between is the remaining gap, which needs write
 * access to an allowed folder anyway. */
static int check_data_path(loader *L, const bk_node *item, const char *rel, const char *path)
{
    char cwd[PATH_MAX];
    const char *env = getenv("BRIEFKIT_ALLOW_PATH");
    char *env_copy = env ? strdup(env) : NULL;
    size_t n_env = 0;
    for (const char *p = env; p && *p; p++)
        n_env += *p == ':';
    const char **roots = calloc(4 + L->src->n_allow_paths + n_env, sizeof *roots);
    if (!roots || (env && !env_copy)) {
        free(roots);
        free(env_copy);
        return oom(L, &item->loc);
    }
    size_t n = 0;
    roots[n++] = L->src->dir;
    roots[n++] = bk__paths_data_dir();
    if (getcwd(cwd, sizeof cwd) && strcmp(cwd, "/") != 0)
        roots[n++] = cwd;
    for (size_t i = 0; i < L->src->n_allow_paths; i++)
        roots[n++] = L->src->allow_paths[i];
    char *save = NULL;
    for (char *dir = env_copy ? strtok_r(env_copy, ":", &save) : NULL; dir;
         dir = strtok_r(NULL, ":", &save))
        roots[n++] = dir;
    int ok = bk__paths_allowed(path, roots, n);
    free(roots);
    free(env_copy);
    if (ok)
        return 0;
    char dir[PATH_MAX];
    if (!realpath(L->src->dir, dir))
        snprintf(dir, sizeof dir, "%s", L->src->dir);
    return bk__error(L->err, BK_EPATH, &item->loc,
                     "data file \"%s\" is outside the template's folder (%s); pass "
                     "--allow-path DIR (or set BRIEFKIT_ALLOW_PATH) to allow the folder it is in",
                     rel, dir);
}

static const char *const data_entry_keys[] = {"file", "as", "optional", NULL};

/* Reads a `{file: ..., as: ..., optional: ...}` entry, or one that reads
 * rows (data_source.h: csv, sqlite, postgres; those need `as`); *file_node
 * is the node whose text is the path or the connection. */
static int parse_data_entry(loader *L, data_state *ds, const bk_node *item, bk_source_kind *kind,
                            const bk_node **file_node, const as_entry **as, int *optional)
{
    const bk_node *file;
    int rc = bk__source_kind(item, kind, &file, L->err);
    if (!rc && *kind == BK_SOURCE_FILE)
        rc = bk__key_check(item, data_entry_keys, "data entry", "key", L->err);
    if (!rc)
        rc = bk__field_bool(item, "optional", 0, optional, L->err);
    if (rc)
        return rc;
    if (!file)
        return bk__source_missing(item, L->err);
    const char *key = *kind == BK_SOURCE_FILE     ? "file"
                      : *kind == BK_SOURCE_CSV    ? "csv"
                      : *kind == BK_SOURCE_SQLITE ? "sqlite"
                                                  : "postgres";
    if (file->type != BK_NODE_STRING || file->len == 0)
        return bk__error(L->err, BK_ETYPE, &file->loc, "%s: expected %s, got %s", key,
                         *kind == BK_SOURCE_POSTGRES ? "a service name or a connection string"
                                                     : "a file path",
                         file->type == BK_NODE_STRING ? "empty text" : bk__node_kind_name(file));
    *file_node = file;
    *as = NULL;
    const bk_node *name = bk__node_get(item, "as");
    if ((!name || name->type == BK_NODE_NULL) && *kind != BK_SOURCE_FILE)
        return bk__error(L->err, BK_EMISSING, &item->loc,
                         "%s entry has no \"as\" (the name its rows go under in the data, "
                         "e.g. as: indicators)",
                         key);
    if (!name || name->type == BK_NODE_NULL)
        return 0;
    if (name->type != BK_NODE_STRING || name->len == 0)
        return bk__error(L->err, BK_ETYPE, &name->loc,
                         "as: expected a name for the file's data (e.g. previous), got %s",
                         name->type == BK_NODE_STRING ? "empty text" : bk__node_kind_name(name));
    /* A dot would make the key unreachable: sections and options address
     * the data by dotted paths. */
    if (strchr(name->str, '.'))
        return bk__error(L->err, BK_EINVAL, &name->loc,
                         "as: expected a name without dots (a top-level key), got \"%s\"",
                         name->str);
    const as_entry *earlier = find_as(ds, name->str);
    if (earlier)
        return bk__error(L->err, BK_EINVAL, &name->loc,
                         "as: \"%s\" is already the name of the data entry at line %d; each "
                         "entry needs a name of its own",
                         name->str, earlier->node->loc.line);
    for (size_t i = 0; i < ds->merged->count; i++)
        if (strcmp(ds->merged->keys[i]->str, name->str) == 0) {
            as_entry tmp = {name->str, name};
            return as_clash(L, &tmp, ds->merged->keys[i]);
        }
    as_entry *grown = bk__arena_alloc(L->a, (ds->n_as + 1) * sizeof *grown);
    if (!grown)
        return oom(L, &name->loc);
    if (ds->n_as)
        memcpy(grown, ds->as, ds->n_as * sizeof *grown);
    grown[ds->n_as] = (as_entry){name->str, name};
    ds->as = grown;
    *as = &ds->as[ds->n_as++];
    return 0;
}

/* Puts `root` whole under the entry's name. */
static int merge_as(loader *L, const bk_node *root, const as_entry *e, data_state *ds)
{
    bk_node *one = bk__node_new(L->a, BK_NODE_MAP, e->node->loc);
    bk_node *key = bk__node_string(L->a, e->name, e->node->loc);
    if (!one || !key || bk__node_append(L->a, one, key, root) != 0)
        return oom(L, &e->node->loc);
    return merge_into(L, ds->merged, &ds->idx, one);
}

/* Loads `path` whole under the entry's name. */
static int load_as_file(loader *L, const char *path, const as_entry *e, data_state *ds)
{
    const bk_node *root;
    int rc = bk__yaml_cache_load(L->src->yaml, L->a, path, L->lim, &root, L->err);
    return rc ? rc : merge_as(L, root, e, ds);
}

/* The rows of a CSV file or a query, under the entry's name. */
static int load_source(loader *L, const bk_node *item, bk_source_kind kind, const bk_node *target,
                       const char *rel, const char *path, const bk_vars *vars, const as_entry *e,
                       data_state *ds)
{
    bk_source src;
    const bk_node *rows;
    int rc = bk__source_parse(L->a, item, kind, target, rel, path, vars, &src, L->err);
    if (!rc)
        rc = bk__source_load(L->a, &src, &rows, L->err);
    return rc ? rc : merge_as(L, rows, e, ds);
}

/* Names the files an entry reads to src->on_file. A SQLite database in WAL
 * mode is read with its write-ahead log, the only file a writer that keeps
 * its connection open changes until a checkpoint; the log is named present
 * or not, since it comes and goes with the writers' connections. */
static int name_files(loader *L, bk_source_kind kind, const char *path, const bk_loc *loc)
{
    if (!L->src->on_file)
        return 0;
    L->src->on_file(L->src->on_file_ctx, path);
    if (kind != BK_SOURCE_SQLITE)
        return 0;
    const char *wal = bk__arena_printf(L->a, "%s-wal", path);
    if (!wal)
        return oom(L, loc);
    L->src->on_file(L->src->on_file_ctx, wal);
    return 0;
}

/* An optional file counts as missing only when it (or its folder) does not
 * exist: a file that is there but unreadable or malformed is still an error. */
static int is_missing(const char *path)
{
    struct stat sb;
    return stat(path, &sb) != 0 && (errno == ENOENT || errno == ENOTDIR);
}

static int load_data_entry(loader *L, data_state *ds, const bk_node *item)
{
    const bk_node *file = item;
    const as_entry *as = NULL;
    bk_source_kind kind = BK_SOURCE_FILE;
    int optional = 0, rc = 0;
    if (item->type == BK_NODE_MAP)
        rc = parse_data_entry(L, ds, item, &kind, &file, &as, &optional);
    else if (item->type != BK_NODE_STRING || item->len == 0)
        rc = bk__error(L->err, BK_ETYPE, &item->loc,
                       "data: expected a file path or a map like {file: PATH, as: NAME}, got %s",
                       item->type == BK_NODE_STRING ? "empty text" : bk__node_kind_name(item));
    if (rc)
        return rc;
    /* Data paths may use params and built-ins, not data still to be loaded. */
    bk_vars early = {L->src->vars.params, L->src->vars.builtins, NULL};
    const char *rel;
    rc = bk__expand_string(L->a, file->str, &file->loc, &early, &rel, L->err);
    if (rc)
        return rc;
    if (kind == BK_SOURCE_POSTGRES)
        return load_source(L, item, kind, file, rel, rel, &early, as, ds);
    const char *path = rel[0] == '/' ? rel : bk__arena_printf(L->a, "%s/%s", L->src->dir, rel);
    if (!path)
        return oom(L, &file->loc);
    rc = check_data_path(L, file, rel, path);
    if (!rc)
        rc = name_files(L, kind, path, &file->loc);
    if (rc || (optional && is_missing(path)))
        return rc;
    if (kind != BK_SOURCE_FILE)
        return load_source(L, item, kind, file, rel, path, &early, as, ds);
    rc = as ? load_as_file(L, path, as, ds) : load_data_file(L, path, ds);
    /* A file that cannot be opened is the template's mistake: say where it
     * names the file. Errors inside the file keep their own place. */
    if (rc && L->err->line == 0 && strcmp(L->err->file, path) == 0) {
        char why[sizeof L->err->msg];
        snprintf(why, sizeof why, "%s", L->err->msg);
        return bk__error(L->err, rc, &file->loc, "data file \"%s\" (%s): %s", rel, path, why);
    }
    return rc;
}

int bk__template_data_load(bk_arena *a, const bk_data_sources *src, const bk_yaml_limits *lim,
                           bk_node **out, bk_error *err)
{
    loader ctx = {a, err, lim, src};
    loader *L = &ctx;
    bk_loc none = {NULL, 0, 0};
    const bk_node *list = src->entries;
    data_state ds = {
        bk__node_new(L->a, BK_NODE_MAP, list ? list->loc : none), {NULL, NULL, 0}, NULL, 0};
    if (!ds.merged)
        return oom(L, NULL);
    if (list && list->type != BK_NODE_NULL && list->type != BK_NODE_LIST)
        return bk__error(L->err, BK_ETYPE, &list->loc, "data: expected a list of files, got %s",
                         bk__node_kind_name(list));
    int rc = 0;
    for (size_t i = 0; i < bk__node_len(list) && !rc; i++)
        rc = load_data_entry(L, &ds, list->items[i]);
    for (size_t i = 0; i < src->n_extra_files && !rc; i++)
        rc = load_data_file(L, src->extra_files[i], &ds);
    free(ds.idx.keys);
    free(ds.idx.index);
    if (rc)
        return rc;
    *out = ds.merged;
    return 0;
}
