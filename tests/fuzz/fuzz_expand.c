/* Fuzz target: {{ }} expansion (bk__expand_tree and bk__expand_string)
 * over a loaded YAML tree. The input is one YAML document; its `params`
 * and `data` maps become the variables, built-ins are fixed, and the whole
 * tree is expanded, as the template loader expands a section's options. */
#include <string.h>

#include "arena.h"
#include "expand.h"
#include "fuzz.h"
#include "node.h"
#include "yaml_load.h"

static const char builtins_yaml[] = "date: '2025-03-01'\n"
                                    "period: '2025-02'\n"
                                    "period_label: {en: February 2025, zh: 2025年2月}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bk_arena *a = bk__arena_new(BK_FUZZ_ARENA_LIMIT);
    if (!a)
        return 0;
    const bk_node *root = NULL, *builtins = NULL;
    bk_error err;
    if (bk__yaml_load_buffer(a, "builtins", builtins_yaml, sizeof builtins_yaml - 1, NULL,
                             &builtins, &err) != 0)
        __builtin_trap();
    if (bk__yaml_load_buffer(a, "fuzz.yaml", (const char *)data, size, NULL, &root, &err) != 0)
        goto done;
    const bk_node *params = bk__node_get(root, "params");
    const bk_node *vdata = bk__node_get(root, "data");
    bk_vars vars = {
        .params = bk__node_type(params) == BK_NODE_MAP ? params : NULL,
        .builtins = builtins,
        .data = bk__node_type(vdata) == BK_NODE_MAP ? vdata : NULL,
    };
    const bk_node *out = NULL;
    if (bk__expand_tree(a, root, &vars, &out, &err) == 0 && !out)
        __builtin_trap();
    if (root->type == BK_NODE_STRING) {
        const char *s = NULL;
        if (bk__expand_string(a, root->str, &root->loc, &vars, &s, &err) == 0 && !s)
            __builtin_trap();
    }
done:
    bk__arena_free(a);
    return 0;
}
