/* Internal: YAML files, read with a size cap (so an endless or huge file
 * is refused without reading it all) and parsed (yaml_load.h), and the
 * cache of parsed files a render environment owns. */
#ifndef BK_YAML_FILE_H
#define BK_YAML_FILE_H

#include <stddef.h>

#include <briefkit/error.h>

#include "arena.h"
#include "node.h"
#include "yaml_load.h"

/* Loads `path`, parsing it every time; `*root` is never NULL on success.
 * The file name stored in node locations is `path` as given (copied into
 * the arena). */
int bk__yaml_load_file(bk_arena *a, const char *path, const bk_yaml_limits *lim,
                       const bk_node **root, bk_error *err);
/* A cache of parsed files, an object its owner passes to every load that
 * may use it (a render environment owns one, render_env.h). A batch's
 * parent loads each template once through its environment's cache, and
 * every job's child (fork) then finds those files already parsed.
 * bk__yaml_cache_load returns the cached tree for a path spelt the same,
 * loaded with the same limits, when the file still has the same device,
 * inode, size and modification time; otherwise it parses into the cache's
 * own arena and remembers the tree. Cached trees belong to the cache, not
 * to the caller's arena, and live until bk__yaml_cache_free.
 * Single-threaded: one cache serves one thread at a time. */
typedef struct bk_yaml_cache bk_yaml_cache;
bk_yaml_cache *bk__yaml_cache_new(void);
void bk__yaml_cache_free(bk_yaml_cache *c);
/* bk__yaml_load_file through `c`; with `c` NULL, bk__yaml_load_file. */
int bk__yaml_cache_load(bk_yaml_cache *c, bk_arena *a, const char *path, const bk_yaml_limits *lim,
                        const bk_node **root, bk_error *err);
/* The files `c` holds, in the order they were first loaded; the path is
 * as given to bk__yaml_cache_load and lives as long as the cache. */
size_t bk__yaml_cache_count(const bk_yaml_cache *c);
const char *bk__yaml_cache_path(const bk_yaml_cache *c, size_t i);

/* 1 when `node` is part of one of the trees of `c` (NULL: none). */
int bk__yaml_cache_holds(const bk_yaml_cache *c, const bk_node *node);

#endif
