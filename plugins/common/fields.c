/* Typed fields of a built-in plugin's data (fields.h). */
#include "fields.h"

int bkp_read_num(bk_section *sec, const bk_node *map, const char *path, const char *key,
                 double *out)
{
    const bk_node *n = bk_node_get(map, key);
    if (!n || bk_node_kind(n) == BK_NODE_NULL)
        return 0;
    if (bk_node_num(n, out) != 0) {
        const char *s = bk_node_str(n);
        return bk_fail(sec, n, "%s.%s: expected a number, got %s%s%s", path, key, s ? "\"" : "",
                       s ? s : "a list or map", s ? "\"" : "");
    }
    return 1;
}
