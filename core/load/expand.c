/* `{{ name }}` expansion in template strings.
 *
 * A name is looked up as a param, then a built-in, then a dotted path into
 * the data, and must name a scalar. Expansion runs in two passes over the
 * string, measuring and then copying, so the result is allocated once in
 * the arena at its exact size: the arena's limit is what bounds a string
 * that expands a large value many times, and no temporary buffer grows
 * unchecked on the way there.
 *
 * Trees are copied only where a string changed, so untouched data is
 * shared. Loaded trees are DAGs (YAML aliases share nodes), so collections
 * already expanded are memoised by address: each shared subtree is expanded
 * once and stays shared in the copy. */
#include "expand.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"
#include "suggest.h"

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

/* Writes the candidates for "did you mean" into a malloc'd NULL-terminated
 * array: param and built-in names, then top-level data keys. */
static const char **candidate_names(const bk_vars *vars)
{
    const bk_node *maps[3] = {vars->params, vars->builtins, vars->data};
    size_t n = 0;
    for (int m = 0; m < 3; m++)
        n += bk__node_len(maps[m]);
    const char **names = calloc(n + 1, sizeof *names);
    if (!names)
        return NULL;
    size_t k = 0;
    for (int m = 0; m < 3; m++)
        for (size_t i = 0; i < bk__node_len(maps[m]); i++) {
            const char *key = bk__node_key_at(maps[m], i);
            if (key)
                names[k++] = key;
        }
    return names;
}

static int unknown_name(const char *name, const bk_loc *loc, const bk_vars *vars, bk_error *err)
{
    const char *dot = strchr(name, '.');
    if (dot && bk__node_type(vars->data) == BK_NODE_MAP) {
        size_t head = (size_t)(dot - name);
        for (size_t i = 0; i < bk__node_len(vars->data); i++) {
            const char *key = bk__node_key_at(vars->data, i);
            if (key && strlen(key) == head && memcmp(key, name, head) == 0)
                return bk__error(err, BK_EUNKNOWN, loc, "{{ %s }}: the data has no \"%s\"", name,
                                 name);
        }
    }
    const char **names = candidate_names(vars);
    const char *hint = names ? bk__did_you_mean(name, names) : NULL;
    int rc;
    if (hint)
        rc = bk__error(err, BK_EUNKNOWN, loc,
                       "{{ %s }}: no param, built-in or data named \"%s\" (did you mean \"%s\"?)",
                       name, name, hint);
    else
        rc = bk__error(err, BK_EUNKNOWN, loc, "{{ %s }}: no param, built-in or data named \"%s\"",
                       name, name);
    free(names);
    return rc;
}

/* A param, else a built-in: built-ins are keyed whole ("period.previous"),
 * or nested. */
static const bk_node *param_or_builtin(const char *name, const bk_vars *vars)
{
    const bk_node *v = bk__node_get(vars->params, name);
    if (!v)
        v = bk__node_get(vars->builtins, name);
    return v ? v : bk__node_lookup(vars->builtins, name);
}

/* Copies [b, e) into `out` (NUL-terminated); 0 when it does not fit. */
static int copy_span(const char *b, const char *e, char *out, size_t size)
{
    if (e < b || (size_t)(e - b) >= size)
        return 0;
    memcpy(out, b, (size_t)(e - b));
    out[e - b] = '\0';
    return 1;
}

/* A data path with list selectors: in "zones[id=zone].name", [id=zone]
 * picks from the list `zones` the item whose `id` is the text of the param
 * or built-in `zone`. NULL when nothing matches, with the reason in `why`
 * (left empty when the path itself names nothing). */
static const bk_node *select_path(const char *path, const bk_vars *vars, char *why, size_t why_len)
{
    const bk_node *n = vars->data;
    const char *p = path;
    char seg[256], field[128], var[128];
    while (n && *p) {
        size_t len = strcspn(p, ".[");
        if (len > 0) {
            if (!copy_span(p, p + len, seg, sizeof seg))
                return NULL;
            n = bk__node_lookup(n, seg);
            p += len;
        }
        if (n && *p == '[') {
            const char *close = strchr(p, ']');
            const char *eq = close ? memchr(p, '=', (size_t)(close - p)) : NULL;
            if (!eq || !copy_span(p + 1, eq, field, sizeof field) ||
                !copy_span(eq + 1, close, var, sizeof var)) {
                snprintf(why, why_len, "a selector is written [FIELD=NAME]");
                return NULL;
            }
            const bk_node *want = param_or_builtin(var, vars);
            if (bk__node_type(want) != BK_NODE_STRING) {
                snprintf(why, why_len, "[%s=%s]: \"%s\" is no param or built-in with a text value",
                         field, var, var);
                return NULL;
            }
            if (bk__node_type(n) != BK_NODE_LIST) {
                snprintf(why, why_len, "[%s=%s] selects from a list, and this is %s", field, var,
                         bk__node_kind_name(n));
                return NULL;
            }
            const bk_node *hit = NULL;
            for (size_t i = 0; i < n->count && !hit; i++) {
                const bk_node *f = bk__node_get(n->items[i], field);
                if (bk__node_type(f) == BK_NODE_STRING && strcmp(f->str, want->str) == 0)
                    hit = n->items[i];
            }
            if (!hit) {
                snprintf(why, why_len, "no item has %s \"%s\" (the value of %s)", field, want->str,
                         var);
                return NULL;
            }
            n = hit;
            p = close + 1;
        }
        if (*p == '.')
            p++;
        else if (*p && *p != '[')
            return NULL;
    }
    return n;
}

static const bk_node *resolve(const char *name, const bk_vars *vars)
{
    const bk_node *v = param_or_builtin(name, vars);
    return v ? v : bk__node_lookup(vars->data, name);
}

/* The text a `{{ name }}` stands for (a null value reads as ""). */
static int value_of(const char *name, const bk_loc *loc, const bk_vars *vars, const char **text,
                    size_t *len, bk_error *err)
{
    char why[1024] = "";
    const bk_node *v =
        strchr(name, '[') ? select_path(name, vars, why, sizeof why) : resolve(name, vars);
    if (!v && why[0])
        return bk__error(err, BK_EUNKNOWN, loc, "{{ %s }}: %s", name, why);
    if (!v)
        return unknown_name(name, loc, vars, err);
    switch (bk__node_type(v)) {
    case BK_NODE_STRING:
        /* A value is used as written, never expanded again (that would let
         * data run template code and two params expand each other for
         * ever), so template syntax in it would reach the page as is:
         * refused, naming where the value was written. */
        if (strstr(v->str, "{{")) {
            char from[600] = "";
            if (v->loc.file && v->loc.line)
                snprintf(from, sizeof from, " (written at %s:%d:%d)", v->loc.file, v->loc.line,
                         v->loc.col);
            return bk__error(err, BK_EINVAL, loc,
                             "{{ %s }}: its value \"%.200s\"%s holds {{ }} itself, which "
                             "briefkit does not expand inside a value: write the text out in "
                             "full there, or put the {{ }} here in the template",
                             name, v->str, from);
        }
        *text = v->str;
        *len = v->len;
        return 0;
    case BK_NODE_NULL:
        *text = "";
        *len = 0;
        return 0;
    default:
        return bk__error(err, BK_ETYPE, loc, "{{ %s }} is %s, not text", name,
                         bk__node_kind_name(v));
    }
}

/* One pass over `s`: with dst NULL it measures into *total, otherwise it
 * copies into dst (sized by the measuring pass). */
static int expand_pass(const char *s, const bk_loc *loc, const bk_vars *vars, char *dst,
                       size_t *total, bk_error *err)
{
    size_t n = 0;
    const char *p = s;
    for (;;) {
        const char *open = strstr(p, "{{");
        size_t lit = open ? (size_t)(open - p) : strlen(p);
        if (dst)
            memcpy(dst + n, p, lit);
        n += lit;
        if (!open)
            break;
        const char *close = strstr(open + 2, "}}");
        if (!close)
            return bk__error(err, BK_ESYNTAX, loc, "unclosed \"{{\" in \"%s\" (expected \"}}\")",
                             s);
        const char *b = open + 2, *e = close;
        while (b < e && is_space(*b))
            b++;
        while (e > b && is_space(e[-1]))
            e--;
        if (b == e)
            return bk__error(err, BK_ESYNTAX, loc, "empty {{ }} in \"%s\" (expected a name)", s);
        char name[256];
        if ((size_t)(e - b) >= sizeof name)
            return bk__error(err, BK_EUNKNOWN, loc, "name in {{ }} is longer than %zu bytes",
                             sizeof name - 1);
        memcpy(name, b, (size_t)(e - b));
        name[e - b] = '\0';
        const char *text = NULL;
        size_t len = 0;
        int rc = value_of(name, loc, vars, &text, &len, err);
        if (rc)
            return rc;
        if (len > SIZE_MAX / 2 - n)
            return bk__error(err, BK_ELIMIT, loc, "expanded text is too long");
        if (dst)
            memcpy(dst + n, text, len);
        n += len;
        p = close + 2;
    }
    *total = n;
    return 0;
}

int bk__expand_string(bk_arena *a, const char *s, const bk_loc *loc, const bk_vars *vars,
                      const char **out, bk_error *err)
{
    if (!s || !vars || !out)
        return bk__error(err, BK_EINVAL, loc, "bk__expand_string: missing argument");
    if (!strstr(s, "{{")) {
        *out = s;
        return 0;
    }
    size_t total;
    int rc = expand_pass(s, loc, vars, NULL, &total, err);
    if (rc)
        return rc;
    char *buf = bk__arena_alloc(a, total + 1);
    if (!buf)
        return bk__error(err, BK_ELIMIT, loc,
                         "expanded text (%zu bytes) does not fit in the memory limit", total);
    rc = expand_pass(s, loc, vars, buf, &total, err);
    if (rc)
        return rc;
    buf[total] = '\0';
    *out = buf;
    return 0;
}

/* Input collection -> its expanded copy (or itself), by address. */
typedef struct memo {
    const bk_node **from, **to;
    size_t n, cap; /* cap is a power of two */
} memo;

static size_t ptr_hash(const bk_node *p, size_t cap)
{
    uintptr_t h = (uintptr_t)p;
    h ^= h >> 17;
    h *= (uintptr_t)0x9E3779B97F4A7C15ULL;
    return (size_t)(h ^ (h >> 29)) & (cap - 1);
}

static const bk_node *memo_get(const memo *m, const bk_node *from)
{
    if (!m->cap)
        return NULL;
    for (size_t i = ptr_hash(from, m->cap); m->from[i]; i = (i + 1) & (m->cap - 1))
        if (m->from[i] == from)
            return m->to[i];
    return NULL;
}

static void memo_put_slot(memo *m, const bk_node *from, const bk_node *to)
{
    size_t i = ptr_hash(from, m->cap);
    while (m->from[i])
        i = (i + 1) & (m->cap - 1);
    m->from[i] = from;
    m->to[i] = to;
}

static int memo_put(memo *m, const bk_node *from, const bk_node *to)
{
    if ((m->n + 1) * 2 > m->cap) {
        memo bigger = {NULL, NULL, 0, m->cap ? m->cap * 2 : 64};
        bigger.from = calloc(bigger.cap, sizeof *bigger.from);
        bigger.to = calloc(bigger.cap, sizeof *bigger.to);
        if (!bigger.from || !bigger.to) {
            free(bigger.from);
            free(bigger.to);
            return BK_ENOMEM;
        }
        for (size_t i = 0; i < m->cap; i++)
            if (m->from[i])
                memo_put_slot(&bigger, m->from[i], m->to[i]);
        free(m->from);
        free(m->to);
        m->from = bigger.from;
        m->to = bigger.to;
        m->cap = bigger.cap;
    }
    memo_put_slot(m, from, to);
    m->n++;
    return 0;
}

static int expand_node(bk_arena *a, const bk_node *n, const bk_vars *vars, memo *m,
                       const bk_node **out, bk_error *err)
{
    *out = n;
    if (!n || n->type == BK_NODE_NULL)
        return 0;
    if (n->type == BK_NODE_STRING) {
        const char *s;
        int rc = bk__expand_string(a, n->str, &n->loc, vars, &s, err);
        if (rc || s == n->str)
            return rc;
        bk_node *copy = bk__node_new(a, BK_NODE_STRING, n->loc);
        if (!copy)
            return bk__error(err, BK_ELIMIT, &n->loc, "out of memory expanding {{ }}");
        copy->str = s;
        copy->len = strlen(s);
        copy->quoted = n->quoted;
        *out = copy;
        return 0;
    }
    const bk_node *done = memo_get(m, n);
    if (done) {
        *out = done;
        return 0;
    }
    bk_node *copy = NULL;
    for (size_t i = 0; i < n->count; i++) {
        const bk_node *item;
        int rc = expand_node(a, n->items[i], vars, m, &item, err);
        if (rc)
            return rc;
        if (item == n->items[i] && !copy)
            continue;
        if (!copy) {
            /* First change: start the copy with the unchanged items before it. */
            copy = bk__node_new(a, n->type, n->loc);
            if (!copy)
                return bk__error(err, BK_ELIMIT, &n->loc, "out of memory expanding {{ }}");
            copy->quoted = n->quoted;
            for (size_t j = 0; j < i; j++)
                if (bk__node_append(a, copy, n->keys ? n->keys[j] : NULL, n->items[j]))
                    return bk__error(err, BK_ELIMIT, &n->loc, "out of memory expanding {{ }}");
        }
        if (bk__node_append(a, copy, n->type == BK_NODE_MAP ? n->keys[i] : NULL, item))
            return bk__error(err, BK_ELIMIT, &n->loc, "out of memory expanding {{ }}");
    }
    *out = copy ? copy : n;
    if (memo_put(m, n, *out))
        return bk__error(err, BK_ENOMEM, &n->loc, "out of memory expanding {{ }}");
    return 0;
}

int bk__expand_tree(bk_arena *a, const bk_node *n, const bk_vars *vars, const bk_node **out,
                    bk_error *err)
{
    if (!vars || !out)
        return bk__error(err, BK_EINVAL, NULL, "bk__expand_tree: missing argument");
    memo m = {NULL, NULL, 0, 0};
    int rc = expand_node(a, n, vars, &m, out, err);
    free(m.from);
    free(m.to);
    if (rc)
        *out = NULL;
    return rc;
}
