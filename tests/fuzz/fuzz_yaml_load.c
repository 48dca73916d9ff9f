/* Fuzz target: the YAML loader (bk__yaml_load_buffer) with its default
 * limits, on arbitrary bytes. The loaded tree is then walked once, through
 * the same accessors templates use, so a malformed tree (a NULL key, a
 * length that disagrees with its string) shows up here rather than later.
 * Aliases share nodes, so the walk is bounded by the loader's node limit,
 * which counts alias expansions. */
#include <string.h>

#include "arena.h"
#include "fuzz.h"
#include "node.h"
#include "yaml_load.h"

static size_t walk(const bk_node *n, int depth)
{
    size_t seen = 1;
    if (!n || depth > 200)
        return seen;
    if (n->type == BK_NODE_STRING && strlen(n->str) != n->len)
        __builtin_trap();
    for (size_t i = 0; i < bk__node_len(n); i++) {
        if (n->type == BK_NODE_MAP && !bk__node_key_at(n, i))
            __builtin_trap();
        seen += walk(bk__node_at(n, i), depth + 1);
    }
    return seen;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bk_arena *a = bk__arena_new(BK_FUZZ_ARENA_LIMIT);
    if (!a)
        return 0;
    const bk_node *root = NULL;
    bk_error err;
    if (bk__yaml_load_buffer(a, "fuzz.yaml", (const char *)data, size, NULL, &root, &err) == 0) {
        if (!root)
            __builtin_trap();
        walk(root, 0);
    } else if (!err.msg[0]) {
        __builtin_trap(); /* every failure must say why */
    }
    bk__arena_free(a);
    return 0;
}
