/* Building the data-tree rows of a CSV file or a query (data_rows.h). */
#include "data_rows.h"

#include <string.h>

#include "errors.h"

int bk__rows_init(bk_rows *r, bk_arena *a, const bk_loc *at, const char *what,
                  const bk_source_limits *lim, bk_error *err)
{
    memset(r, 0, sizeof *r);
    r->a = a;
    r->err = err;
    r->at = *at;
    r->what = what;
    r->lim = *lim;
    r->list = bk__node_new(a, BK_NODE_LIST, *at);
    if (!r->list)
        return bk__error(err, BK_ENOMEM, at, "out of memory");
    return 0;
}

int bk__rows_columns(bk_rows *r, const char *const *names, size_t n, const bk_loc *loc)
{
    r->keys = bk__arena_alloc(r->a, (n ? n : 1) * sizeof *r->keys);
    if (!r->keys)
        return bk__error(r->err, BK_ENOMEM, loc, "out of memory");
    for (size_t i = 0; i < n; i++) {
        if (!names[i] || !names[i][0])
            return bk__error(r->err, BK_EDATA, loc,
                             "column %zu has no name; every column needs one (the %s's keys)",
                             i + 1, r->what);
        for (size_t j = 0; j < i; j++)
            if (strcmp(names[j], names[i]) == 0)
                return bk__error(r->err, BK_EDATA, loc,
                                 "column \"%s\" appears twice (columns %zu and %zu); each "
                                 "column needs a name of its own%s",
                                 names[i], j + 1, i + 1,
                                 strcmp(r->what, "query") == 0 ? " (rename one with AS)" : "");
        bk_node *k = bk__node_string(r->a, names[i], *loc);
        if (!k)
            return bk__error(r->err, BK_ENOMEM, loc, "out of memory");
        r->keys[i] = k;
    }
    r->ncols = n;
    return 0;
}

int bk__rows_begin(bk_rows *r, const bk_loc *loc)
{
    if (r->list->count >= r->lim.max_rows) {
        const bk_loc *at = r->lim.rows_at ? &r->lim.rows_at->loc : &r->at;
        return bk__error(r->err, BK_ELIMIT, at,
                         "the %s gives more than %zu rows (max_rows: %zu); narrow it down or "
                         "raise max_rows",
                         r->what, r->lim.max_rows, r->lim.max_rows);
    }
    r->row = bk__node_new(r->a, BK_NODE_MAP, *loc);
    if (!r->row || bk__node_append(r->a, r->list, NULL, r->row) != 0)
        return bk__error(r->err, BK_ENOMEM, loc, "out of memory");
    return 0;
}

int bk__rows_cell(bk_rows *r, bk_cell type, const char *text, size_t len, const bk_loc *loc)
{
    size_t i = r->row->count;
    if (i >= r->ncols)
        return bk__error(r->err, BK_EDATA, loc, "row has more cells than the %zu columns",
                         r->ncols);
    r->bytes += type == BK_CELL_NULL ? 0 : len;
    if (r->bytes > r->lim.max_bytes) {
        const bk_loc *at = r->lim.bytes_at ? &r->lim.bytes_at->loc : &r->at;
        return bk__error(r->err, BK_ELIMIT, at,
                         "the %s gives more than %zu bytes of data (max_bytes: %zu); narrow it "
                         "down or raise max_bytes",
                         r->what, r->lim.max_bytes, r->lim.max_bytes);
    }
    bk_node *v;
    if (type == BK_CELL_NULL) {
        v = bk__node_new(r->a, BK_NODE_NULL, *loc);
    } else {
        v = bk__node_new(r->a, BK_NODE_STRING, *loc);
        if (v) {
            v->str = bk__arena_strndup(r->a, text, len);
            v->len = v->str ? strlen(v->str) : 0; /* a NUL byte ends the text */
            /* Text stays text: a cell reading "null" or "~" is not null. */
            v->quoted = type == BK_CELL_TEXT;
            if (!v->str)
                v = NULL;
        }
    }
    if (!v || bk__node_append(r->a, r->row, r->keys[i], v) != 0)
        return bk__error(r->err, BK_ENOMEM, loc, "out of memory");
    return 0;
}
