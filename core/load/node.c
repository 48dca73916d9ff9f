/* The data tree: construction for the loader and the read-only accessors
 * that plugins reach through the host table.
 *
 * Nodes live in the render's arena and are never freed one by one. The
 * struct has no capacity field, so bk__node_append derives the capacity
 * from the count (4, then powers of two): arrays of nodes built only through
 * bk__node_append grow amortised in O(1), and the abandoned smaller arrays
 * cost at most as much again as the final one. Every accessor accepts NULL
 * and reads it as null, so plugin code can chain lookups without checks. */
#include "node.h"

#include <ctype.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define BK_NODE_MIN_CAP 4

bk_node *bk__node_new(bk_arena *a, bk_node_type type, bk_loc loc)
{
    bk_node *n = bk__arena_alloc(a, sizeof *n);
    if (!n)
        return NULL;
    n->type = type;
    n->loc = loc;
    return n;
}

bk_node *bk__node_string(bk_arena *a, const char *s, bk_loc loc)
{
    if (!s)
        return NULL;
    bk_node *n = bk__node_new(a, BK_NODE_STRING, loc);
    if (!n)
        return NULL;
    n->len = strlen(s);
    n->str = bk__arena_strndup(a, s, n->len);
    return n->str ? n : NULL;
}

/* The capacity an array of `count` items built by bk__node_append has. */
static size_t capacity_for(size_t count)
{
    if (count <= BK_NODE_MIN_CAP)
        return BK_NODE_MIN_CAP;
    size_t cap = BK_NODE_MIN_CAP;
    while (cap < count)
        cap *= 2;
    return cap;
}

static const bk_node **grow(bk_arena *a, const bk_node **old, size_t count, size_t cap)
{
    if (cap > SIZE_MAX / sizeof *old)
        return NULL;
    const bk_node **arr = bk__arena_alloc(a, cap * sizeof *arr);
    if (arr && count)
        memcpy(arr, old, count * sizeof *arr);
    return arr;
}

int bk__node_append(bk_arena *a, bk_node *parent, const bk_node *key, const bk_node *value)
{
    if (!parent || (parent->type != BK_NODE_LIST && parent->type != BK_NODE_MAP))
        return BK_EINVAL;
    if ((parent->type == BK_NODE_MAP) != (key != NULL))
        return BK_EINVAL;
    size_t c = parent->count;
    if (c == 0 || c == capacity_for(c)) {
        size_t cap = c == 0 ? BK_NODE_MIN_CAP : c * 2;
        const bk_node **items = grow(a, parent->items, c, cap);
        if (!items)
            return BK_ENOMEM;
        if (key) {
            const bk_node **keys = grow(a, parent->keys, c, cap);
            if (!keys)
                return BK_ENOMEM;
            parent->keys = keys;
        }
        parent->items = items;
    }
    parent->items[c] = value;
    if (key)
        parent->keys[c] = key;
    parent->count = c + 1;
    return 0;
}

int bk__node_type(const bk_node *n)
{
    return n ? (int)n->type : BK_NODE_NULL;
}

static const bk_node *find_key(const bk_node *map, const char *key, size_t klen, int want_key)
{
    if (!map || map->type != BK_NODE_MAP || !key)
        return NULL;
    for (size_t i = 0; i < map->count; i++) {
        const bk_node *k = map->keys[i];
        if (k && k->len == klen && memcmp(k->str, key, klen) == 0)
            return want_key ? k : map->items[i];
    }
    return NULL;
}

const bk_node *bk__node_get(const bk_node *map, const char *key)
{
    return key ? find_key(map, key, strlen(key), 0) : NULL;
}

const bk_node *bk__node_key_node(const bk_node *map, const char *key)
{
    return key ? find_key(map, key, strlen(key), 1) : NULL;
}

/* A list index: digits only, no sign, no leading zeros beyond "0". */
static int parse_index(const char *s, size_t len, size_t *out)
{
    if (len == 0 || (len > 1 && s[0] == '0'))
        return -1;
    size_t v = 0;
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        size_t d = (size_t)(s[i] - '0');
        if (v > (SIZE_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

const bk_node *bk__node_lookup(const bk_node *n, const char *dotted_path)
{
    if (!n || !dotted_path)
        return NULL;
    const char *p = dotted_path;
    if (!*p)
        return n;
    for (;;) {
        const char *dot = strchr(p, '.');
        size_t seg = dot ? (size_t)(dot - p) : strlen(p);
        if (seg == 0)
            return NULL;
        if (n->type == BK_NODE_MAP) {
            n = find_key(n, p, seg, 0);
        } else if (n->type == BK_NODE_LIST) {
            size_t i;
            if (parse_index(p, seg, &i) != 0 || i >= n->count)
                return NULL;
            n = n->items[i];
        } else {
            return NULL;
        }
        if (!n)
            return NULL;
        if (!dot)
            return n;
        p = dot + 1;
    }
}

size_t bk__node_len(const bk_node *n)
{
    if (!n || (n->type != BK_NODE_LIST && n->type != BK_NODE_MAP))
        return 0;
    return n->count;
}

const bk_node *bk__node_at(const bk_node *n, size_t i)
{
    if (!n || (n->type != BK_NODE_LIST && n->type != BK_NODE_MAP) || i >= n->count)
        return NULL;
    return n->items[i];
}

const char *bk__node_key_at(const bk_node *map, size_t i)
{
    if (!map || map->type != BK_NODE_MAP || i >= map->count || !map->keys[i])
        return NULL;
    return map->keys[i]->str;
}

const char *bk__node_str(const bk_node *n)
{
    return n && n->type == BK_NODE_STRING ? n->str : NULL;
}

int bk__node_num(const bk_node *n, double *out)
{
    if (!n || n->type != BK_NODE_STRING || n->len == 0)
        return BK_ETYPE;
    /* strtod also takes spaces, hex, "inf", "nan" and the locale's decimal
     * point; a briefing number is plain decimal, so filter first. */
    for (size_t i = 0; i < n->len; i++) {
        char c = n->str[i];
        if (!isdigit((unsigned char)c) && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E')
            return BK_ETYPE;
    }
    /* glibc hands back its static C locale object here without allocating. */
    locale_t c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (c_loc == (locale_t)0)
        return BK_ENOMEM;
    locale_t old = uselocale(c_loc);
    char *end = NULL;
    errno = 0;
    double v = strtod(n->str, &end);
    uselocale(old);
    freelocale(c_loc);
    if (end != n->str + n->len || !isfinite(v))
        return BK_ETYPE;
    if (out)
        *out = v;
    return 0;
}

int bk__node_bool(const bk_node *n, int *out)
{
    const char *s = bk__node_str(n);
    if (!s)
        return BK_ETYPE;
    int v;
    if (strcasecmp(s, "true") == 0 || strcasecmp(s, "yes") == 0)
        v = 1;
    else if (strcasecmp(s, "false") == 0 || strcasecmp(s, "no") == 0)
        v = 0;
    else
        return BK_ETYPE;
    if (out)
        *out = v;
    return 0;
}

const char *bk__node_kind_name(const bk_node *n)
{
    switch (bk__node_type(n)) {
    case BK_NODE_STRING:
        return "a string";
    case BK_NODE_LIST:
        return "a list";
    case BK_NODE_MAP:
        return "a map";
    default:
        return "nothing";
    }
}
