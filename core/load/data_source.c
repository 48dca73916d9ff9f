/* Data entries that read rows from a CSV file or a database (format in
 * data_source.h): which kind an entry is, its keys checked and its
 * params expanded, then handed to the module for that kind. Shared here so
 * that the rules every source keeps (no {{ }} in SQL, limits, as:) are
 * written once. */
#include "data_source.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "errors.h"
#include "key_check.h"
#include "suggest.h"
#include "yaml_field.h"

/* Room for what a user wrote, in "got ..." (bk__field_describe). */
#define SOURCE_GOT_MAX 96

static const char *const kind_keys[] = {"file", "csv", "sqlite", "postgres"};

int bk__source_kind(const bk_node *item, bk_source_kind *kind, const bk_node **target,
                    bk_error *err)
{
    *target = NULL;
    for (int k = 0; k < 4; k++) {
        const bk_node *n = bk__node_get(item, kind_keys[k]);
        if (!n)
            continue;
        if (*target)
            return bk__error(err, BK_EINVAL, &bk__node_key_node(item, kind_keys[k])->loc,
                             "a data entry reads one thing: it names both \"%s\" and \"%s\"",
                             kind_keys[*kind], kind_keys[k]);
        *target = n;
        *kind = (bk_source_kind)k;
    }
    if (!*target)
        *kind = BK_SOURCE_FILE; /* the caller checks its keys first: a typo gets a hint */
    return 0;
}

int bk__source_missing(const bk_node *item, bk_error *err)
{
    return bk__error(err, BK_EMISSING, &item->loc,
                     "data entry has no \"file\" (a YAML file), \"csv\", \"sqlite\" or "
                     "\"postgres\" (where to read its data)");
}

static const char *const csv_keys[] = {"csv",     "as",       "optional",  "encoding",
                                       "columns", "max_rows", "max_bytes", NULL};
static const char *const sqlite_keys[] = {"sqlite",  "as",       "optional",  "query", "params",
                                          "timeout", "max_rows", "max_bytes", NULL};
static const char *const postgres_keys[] = {"postgres", "as",       "query",     "params",
                                            "timeout",  "max_rows", "max_bytes", NULL};

/* A positive number at `key`, or `dflt` when absent; `integral` refuses
 * fractions. */
static int get_limit(bk_error *err, const bk_node *item, const char *key, double dflt, double max,
                     int integral, double *out, const bk_node **at)
{
    const bk_node *n = bk__node_get(item, key);
    *out = dflt;
    *at = NULL;
    if (!n || n->type == BK_NODE_NULL)
        return 0;
    double v;
    if (bk__node_num(n, &v) != 0 || v <= 0 || v > max || (integral && v != floor(v))) {
        char got[SOURCE_GOT_MAX];
        bk__field_describe(n, got, sizeof got);
        return bk__error(err, BK_EINVAL, &n->loc, "%s: expected a %s from %s to %.0f, got %s", key,
                         integral ? "whole number" : "number of seconds", integral ? "1" : "0.001",
                         max, got);
    }
    *out = v;
    *at = n;
    return 0;
}

static int get_limits(bk_error *err, const bk_node *item, bk_source_limits *lim)
{
    double t = BK_SOURCE_TIMEOUT_S, rows = BK_SOURCE_MAX_ROWS, bytes = BK_SOURCE_MAX_BYTES;
    int rc = get_limit(err, item, "timeout", BK_SOURCE_TIMEOUT_S, 3600, 0, &t, &lim->timeout_at);
    if (!rc)
        rc = get_limit(err, item, "max_rows", BK_SOURCE_MAX_ROWS, 1e7, 1, &rows, &lim->rows_at);
    if (!rc)
        rc = get_limit(err, item, "max_bytes", BK_SOURCE_MAX_BYTES, 1024.0 * 1024 * 1024, 1, &bytes,
                       &lim->bytes_at);
    if (t < 0.001 && !rc)
        t = 0.001;
    lim->timeout_s = t;
    lim->max_rows = (size_t)rows;
    lim->max_bytes = (size_t)bytes;
    return rc;
}

static int get_query(bk_error *err, const bk_node *item, bk_source *s)
{
    const bk_node *q = bk__node_get(item, "query");
    if (!q || q->type == BK_NODE_NULL)
        return bk__error(err, BK_EMISSING, &item->loc,
                         "%s entry has no \"query\" (the SELECT whose rows to read)",
                         kind_keys[s->kind]);
    if (q->type != BK_NODE_STRING || q->len == 0)
        return bk__error(err, BK_ETYPE, &q->loc, "query: expected SQL text, got %s",
                         q->type == BK_NODE_STRING ? "empty text" : bk__node_kind_name(q));
    if (strstr(q->str, "{{"))
        return bk__error(err, BK_EINVAL, &q->loc,
                         "query: {{ }} is not allowed inside SQL (a value spliced into a query "
                         "can change what it does); write %s in the query and give the value "
                         "in params: [\"{{ ... }}\"]",
                         s->kind == BK_SOURCE_SQLITE ? "?1" : "$1");
    s->query = q->str;
    s->query_at = q;
    return 0;
}

static int get_params(bk_arena *a, bk_error *err, const bk_node *item, const bk_vars *vars,
                      bk_source *s)
{
    const bk_node *p = bk__node_get(item, "params");
    if (!p || p->type == BK_NODE_NULL)
        return 0;
    if (p->type != BK_NODE_LIST)
        return bk__error(err, BK_ETYPE, &p->loc,
                         "params: expected a list of values for ?1, ?2, ... / $1, $2, ..., got "
                         "%s",
                         bk__node_kind_name(p));
    const char **vals = bk__arena_alloc(a, (p->count ? p->count : 1) * sizeof *vals);
    if (!vals)
        return bk__error(err, BK_ENOMEM, &p->loc, "out of memory");
    for (size_t i = 0; i < p->count; i++) {
        const bk_node *v = p->items[i];
        if (v->type == BK_NODE_NULL) {
            vals[i] = NULL; /* bound as SQL NULL */
            continue;
        }
        if (v->type != BK_NODE_STRING)
            return bk__error(err, BK_ETYPE, &v->loc,
                             "params: item %zu: expected a value (text or a number), got %s", i + 1,
                             bk__node_kind_name(v));
        int rc = bk__expand_string(a, v->str, &v->loc, vars, &vals[i], err);
        if (rc)
            return rc;
    }
    s->params = vals;
    s->n_params = p->count;
    return 0;
}

static int get_csv(bk_error *err, const bk_node *item, bk_source *s)
{
    const bk_node *e = bk__node_get(item, "encoding");
    s->encoding = "utf-8";
    if (e && e->type != BK_NODE_NULL) {
        static const char *const encodings[] = {"utf-8", "gbk", "gb18030", NULL};
        size_t i = 0;
        while (e->type == BK_NODE_STRING && encodings[i] && strcasecmp(encodings[i], e->str) != 0)
            i++;
        if (e->type != BK_NODE_STRING || !encodings[i]) {
            char got[SOURCE_GOT_MAX];
            bk__field_describe(e, got, sizeof got);
            return bk__error(err, BK_EINVAL, &e->loc,
                             "encoding: expected utf-8, gbk or gb18030, got %s", got);
        }
        s->encoding = encodings[i];
    }
    const bk_node *c = bk__node_get(item, "columns");
    if (!c || c->type == BK_NODE_NULL)
        return 0;
    if (c->type != BK_NODE_MAP)
        return bk__error(err, BK_ETYPE, &c->loc,
                         "columns: expected a map of column name to type (integer, real, text, "
                         "date), got %s",
                         bk__node_kind_name(c));
    static const char *const types[] = {"integer", "real", "text", "date", NULL};
    for (size_t i = 0; i < c->count; i++) {
        const bk_node *t = c->items[i];
        size_t j = 0;
        while (t->type == BK_NODE_STRING && types[j] && strcmp(types[j], t->str) != 0)
            j++;
        if (t->type != BK_NODE_STRING || !types[j]) {
            const char *hint = t->type == BK_NODE_STRING ? bk__did_you_mean(t->str, types) : NULL;
            char got[SOURCE_GOT_MAX];
            bk__field_describe(t, got, sizeof got);
            return bk__error(err, BK_EINVAL, &t->loc,
                             "columns.%s: expected integer, real, text or date, got %s%s%s%s",
                             c->keys[i]->str, got, hint ? " (did you mean \"" : "",
                             hint ? hint : "", hint ? "\"?)" : "");
        }
    }
    s->columns = c;
    return 0;
}

int bk__source_parse(bk_arena *a, const bk_node *item, bk_source_kind kind, const bk_node *target,
                     const char *name, const char *path, const bk_vars *vars, bk_source *s,
                     bk_error *err)
{
    memset(s, 0, sizeof *s);
    s->kind = kind;
    s->entry = item;
    s->target = target;
    s->path = path;
    s->name = name;
    const char *const *keys = kind == BK_SOURCE_CSV      ? csv_keys
                              : kind == BK_SOURCE_SQLITE ? sqlite_keys
                                                         : postgres_keys;
    static const char *const names[] = {"data", "CSV data", "SQLite data", "PostgreSQL data"};
    int rc = bk__key_check(item, keys, names[kind], "key", err);
    if (!rc)
        rc = get_limits(err, item, &s->lim);
    if (rc)
        return rc;
    if (kind == BK_SOURCE_CSV)
        return get_csv(err, item, s);
    rc = get_query(err, item, s);
    return rc ? rc : get_params(a, err, item, vars, s);
}

int bk__source_load(bk_arena *a, const bk_source *s, const bk_node **rows, bk_error *err)
{
    switch (s->kind) {
    case BK_SOURCE_CSV:
        return bk__csv_load(a, s, rows, err);
    case BK_SOURCE_SQLITE:
        return bk__sqlite_load(a, s, rows, err);
    case BK_SOURCE_POSTGRES:
        return bk__postgres_load(a, s, rows, err);
    default:
        return bk__error(err, BK_EINVAL, &s->entry->loc, "not a row source");
    }
}
