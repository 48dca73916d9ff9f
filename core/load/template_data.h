/* Internal: loading a template's `data` entries (format in template.h) into
 * one merged MAP. template.c calls it with what it has read so far; it
 * needs nothing else of the template. */
#ifndef BK_TEMPLATE_DATA_H
#define BK_TEMPLATE_DATA_H

#include <stddef.h>

#include <briefkit/error.h>

#include "arena.h"
#include "expand.h"
#include "node.h"
#include "yaml_file.h"

typedef struct bk_data_sources {
    const bk_node *entries; /* the template's `data` value, or NULL */
    const char *dir;        /* the template's folder: relative paths start there */
    /* params and built-ins for {{ }} in paths; data is not loaded yet */
    bk_vars vars;
    /* extra files, merged last: later keys replace earlier. The caller's
     * own choice, so not checked against the allowed folders. */
    const char *const *extra_files;
    size_t n_extra_files;
    /* folders the data files may lie in besides `dir`, briefkit's data
     * folder and the current folder (--allow-path) */
    const char *const *allow_paths;
    size_t n_allow_paths;
    /* the parsed-file cache the files are loaded through, or NULL */
    bk_yaml_cache *yaml;
    /* Called, when not NULL, with each file an entry names (YAML, CSV,
     * SQLite), once its path is allowed and before it is read, so a file
     * that is missing now or fails to load is named too; for a SQLite
     * database also its write-ahead log, DB-wal, present or not. */
    void (*on_file)(void *ctx, const char *path);
    void *on_file_ctx;
} bk_data_sources;

/* Loads every entry of `src` into *out, a MAP in `a` (empty when there are
 * none). Errors point at the entry, or into the data file at fault. */
int bk__template_data_load(bk_arena *a, const bk_data_sources *src, const bk_yaml_limits *lim,
                           bk_node **out, bk_error *err);

#endif
