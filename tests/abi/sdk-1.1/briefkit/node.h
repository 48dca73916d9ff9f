/* The read-only data tree a plugin is handed.
 *
 * Templates and data files are YAML; the core loads them into bk_node trees
 * that remember file:line:col for every node. A plugin reads them through the
 * accessors in host.h (bk_node_get, bk_node_str, ...). Nodes are host-owned and
 * live until the section's render callback returns; never free them. */
#ifndef BRIEFKIT_NODE_H
#define BRIEFKIT_NODE_H

#include <stddef.h>

typedef struct bk_node bk_node; /* opaque */

/* Every scalar is a string; numbers and booleans are read from strings by
 * bk_node_num() and friends, so "12.5" and 12.5 read the same. */
typedef enum bk_node_type {
    BK_NODE_NULL = 0, /* absent, ~, null or empty */
    BK_NODE_STRING = 1,
    BK_NODE_LIST = 2,
    BK_NODE_MAP = 3
} bk_node_type;

#endif
