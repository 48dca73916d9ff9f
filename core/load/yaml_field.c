/* Typed fields of YAML maps, shared by the loaders so that one kind of
 * mistake reads the same wherever it is made: the message names the key
 * and quotes what the user wrote (or names its kind, for a list or map). */
#include "yaml_field.h"

#include <stdio.h>
#include <stdlib.h>

#include "errors.h"

#define BK_DESCRIBE_MAX 60

void bk__field_describe(const bk_node *n, char *buf, size_t size)
{
    if (!n || n->type != BK_NODE_STRING) {
        snprintf(buf, size, "%s", bk__node_kind_name(n));
        return;
    }
    size_t len = n->len;
    if (len > BK_DESCRIBE_MAX) {
        len = BK_DESCRIBE_MAX;
        while (len > 0 && ((unsigned char)n->str[len] & 0xC0) == 0x80)
            len--;
    }
    snprintf(buf, size, "\"%.*s%s\"", (int)len, n->str, len < n->len ? "..." : "");
}

int bk__field_bool(const bk_node *map, const char *key, int dflt, int *out, bk_error *err)
{
    const bk_node *n = bk__node_get(map, key);
    *out = dflt;
    if (!n || n->type == BK_NODE_NULL)
        return 0;
    if (bk__node_bool(n, out) == 0)
        return 0;
    char got[96];
    bk__field_describe(n, got, sizeof got);
    return bk__error(err, BK_ETYPE, &n->loc, "%s: expected true or false, got %s", key, got);
}

int bk__field_whole(const bk_node *n, const char *key, const char *text, int lo, int hi, int *out,
                    bk_error *err)
{
    char *end = NULL;
    long v = strtol(text, &end, 10);
    if (!*text || *end || v < lo || v > hi)
        return bk__error(err, BK_EINVAL, n ? &n->loc : NULL,
                         "%s: expected a whole number from %d to %d, got \"%s\"", key, lo, hi,
                         text);
    *out = (int)v;
    return 0;
}
