/* Typed fields of YAML maps, shared by the loaders so that one kind of
 * mistake reads the same wherever it is made: the message names the key
 * and quotes what the user wrote (or names its kind, for a list or map). */
#include "yaml_field.h"

#include "errors.h"

int bk__field_bool(const bk_node *map, const char *key, int dflt, int *out, bk_error *err)
{
    const bk_node *n = bk__node_get(map, key);
    *out = dflt;
    if (!n || n->type == BK_NODE_NULL)
        return 0;
    if (bk__node_bool(n, out) != 0)
        return bk__error(err, BK_ETYPE, &n->loc, "%s: expected true or false, got %s%s%s", key,
                         n->type == BK_NODE_STRING ? "\"" : "",
                         n->type == BK_NODE_STRING ? n->str : bk__node_kind_name(n),
                         n->type == BK_NODE_STRING ? "\"" : "");
    return 0;
}
