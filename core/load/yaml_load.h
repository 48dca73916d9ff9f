/* Internal: YAML (libyaml) into a bk_node tree, defending against libyaml's
 * hazards (DESIGN.md): nesting depth, alias bombs and cycles, duplicate keys,
 * NUL bytes, several documents, empty files, reader errors at line 1. */
#ifndef BK_YAML_LOAD_H
#define BK_YAML_LOAD_H

#include <stddef.h>

#include <briefkit/error.h>

#include "arena.h"
#include "node.h"

typedef struct bk_yaml_limits {
    size_t max_bytes;  /* file size; default 16 MiB */
    int max_depth;     /* nesting; default 64 */
    size_t max_nodes;  /* nodes including alias expansions; default 1,000,000 */
    size_t max_string; /* one scalar's bytes; default 1 MiB */
} bk_yaml_limits;

void bk__yaml_limits_default(bk_yaml_limits *lim);

/* Parses `len` bytes of YAML; `name` is used in locations; `*root` is
 * never NULL on success. Files: yaml_file.h. */
int bk__yaml_load_buffer(bk_arena *a, const char *name, const char *buf, size_t len,
                         const bk_yaml_limits *lim, const bk_node **root, bk_error *err);

#endif
