/* Internal: the bk_node tree behind <briefkit/node.h>.
 *
 * Nodes are immutable once built and live in an arena. Every node knows its
 * file, line and column, so any later stage can point at the YAML that caused
 * a problem. The plugin-facing accessors in the host table are these
 * functions. */
#ifndef BK_NODE_INTERNAL_H
#define BK_NODE_INTERNAL_H

#include <stddef.h>

#include <briefkit/error.h>
#include <briefkit/node.h>

#include "arena.h"

struct bk_node {
    bk_node_type type;
    bk_loc loc;
    int quoted;            /* scalar was quoted: never read as null */
    const char *str;       /* BK_NODE_STRING: NUL-terminated text */
    size_t len;            /* strlen(str) */
    size_t count;          /* LIST items / MAP pairs */
    const bk_node **items; /* LIST items or MAP values */
    const bk_node **keys;  /* MAP keys (STRING nodes, for their locations) */
};

bk_node *bk__node_new(bk_arena *a, bk_node_type type, bk_loc loc);
/* Appends to a LIST (key NULL) or MAP; grows the arrays in the arena. */
int bk__node_append(bk_arena *a, bk_node *parent, const bk_node *key, const bk_node *value);
bk_node *bk__node_string(bk_arena *a, const char *s, bk_loc loc);

int bk__node_type(const bk_node *n);
const bk_node *bk__node_get(const bk_node *map, const char *key);
const bk_node *bk__node_key_node(const bk_node *map, const char *key); /* for its location */
const bk_node *bk__node_lookup(const bk_node *n, const char *dotted_path);
size_t bk__node_len(const bk_node *n);
const bk_node *bk__node_at(const bk_node *n, size_t i);
const char *bk__node_key_at(const bk_node *map, size_t i);
const char *bk__node_str(const bk_node *n);
/* Strict: the whole scalar must be a finite decimal number ("1e3", "-2.5"). */
int bk__node_num(const bk_node *n, double *out);
/* true/false/yes/no (any case); BK_ETYPE otherwise. */
int bk__node_bool(const bk_node *n, int *out);
/* "a string", "a list", "a map", "nothing": for messages. */
const char *bk__node_kind_name(const bk_node *n);

#endif
