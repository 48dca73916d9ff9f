/* `sqlite:` data entries (data_source.h): one SELECT against a database
 * file, its rows into the data tree.
 *
 * The file is opened read-only (it must exist; nothing is created) with
 * query_only set as well, and the statement must be one read-only
 * statement, so a template can read a database but never change it. Values
 * are bound with sqlite3_bind_*; the SQL text is used as written. A
 * progress handler stops a query past its timeout. */
#include "data_source.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "errors.h"

/* Virtual-machine steps between two looks at the clock. */
#define SQLITE_PROGRESS_STEPS 10000

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int past_deadline(void *deadline)
{
    return now_s() > *(const double *)deadline;
}

static int fail(bk_error *err, int code, const bk_source *s, const bk_loc *loc, sqlite3 *db,
                const char *what)
{
    return bk__error(err, code, loc, "sqlite %s: %s: %s", s->name, what,
                     db ? sqlite3_errmsg(db) : "out of memory");
}

static int read_rows(sqlite3 *db, sqlite3_stmt *st, const bk_source *s, bk_rows *r,
                     const double *deadline, bk_error *err)
{
    const bk_loc *at = &s->query_at->loc;
    int ncols = sqlite3_column_count(st);
    const char **names = bk__arena_alloc(r->a, ((size_t)ncols + 1) * sizeof *names);
    if (!names)
        return bk__error(err, BK_ENOMEM, at, "out of memory");
    for (int i = 0; i < ncols; i++)
        names[i] = sqlite3_column_name(st, i);
    int rc = bk__rows_columns(r, names, (size_t)ncols, at);
    while (!rc) {
        int step = sqlite3_step(st);
        if (step == SQLITE_DONE)
            break;
        if (step == SQLITE_INTERRUPT && now_s() > *deadline)
            return bk__error(err, BK_ETIMEOUT, s->lim.timeout_at ? &s->lim.timeout_at->loc : at,
                             "sqlite %s: the query ran longer than %g s (timeout: %g); make it "
                             "cheaper or raise timeout",
                             s->name, s->lim.timeout_s, s->lim.timeout_s);
        if (step != SQLITE_ROW)
            return fail(err, BK_EDATA, s, at, db, "query failed");
        rc = bk__rows_begin(r, at);
        for (int i = 0; i < ncols && !rc; i++) {
            char num[32];
            switch (sqlite3_column_type(st, i)) {
            case SQLITE_NULL:
                rc = bk__rows_cell(r, BK_CELL_NULL, NULL, 0, at);
                break;
            case SQLITE_INTEGER:
                snprintf(num, sizeof num, "%lld", (long long)sqlite3_column_int64(st, i));
                rc = bk__rows_cell(r, BK_CELL_INT, num, strlen(num), at);
                break;
            case SQLITE_FLOAT: {
                /* The shortest text that reads back as the same double. */
                double v = sqlite3_column_double(st, i);
                for (int prec = 15; prec <= 17; prec++) {
                    snprintf(num, sizeof num, "%.*g", prec, v);
                    if (strtod(num, NULL) == v)
                        break;
                }
                rc = bk__rows_cell(r, BK_CELL_REAL, num, strlen(num), at);
                break;
            }
            default: {
                const char *t = (const char *)sqlite3_column_text(st, i);
                int n = sqlite3_column_bytes(st, i);
                rc = bk__rows_cell(r, BK_CELL_TEXT, t ? t : "", t ? (size_t)n : 0, at);
                break;
            }
            }
        }
    }
    return rc;
}

int bk__sqlite_load(bk_arena *a, const bk_source *s, const bk_node **rows, bk_error *err)
{
    const bk_loc *at = &s->query_at->loc;
    sqlite3 *db = NULL;
    sqlite3_stmt *st = NULL;
    bk_rows r;
    int rc = bk__rows_init(&r, a, &s->entry->loc, "query", &s->lim, err);
    if (rc)
        return rc;
    if (sqlite3_open_v2(s->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        rc = bk__error(err, BK_EIO, &s->target->loc, "sqlite %s: cannot open: %s", s->name,
                       db ? sqlite3_errmsg(db) : "out of memory");
        goto out;
    }
    sqlite3_extended_result_codes(db, 0);
    /* One statement cannot ATTACH another file and read it too, but refuse
     * ATTACH outright; defensive mode also stops a crafted database file
     * from being changed through writable_schema and the like. */
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
    if (sqlite3_exec(db, "PRAGMA query_only = 1", NULL, NULL, NULL) != SQLITE_OK) {
        rc = fail(err, BK_EIO, s, &s->target->loc, db, "cannot open");
        goto out;
    }
    const char *tail = NULL;
    if (sqlite3_prepare_v2(db, s->query, -1, &st, &tail) != SQLITE_OK) {
        rc = fail(err, BK_EDATA, s, at, db, "query failed");
        goto out;
    }
    while (tail &&
           (*tail == ' ' || *tail == '\n' || *tail == '\t' || *tail == '\r' || *tail == ';'))
        tail++;
    if (!st || (tail && *tail)) {
        rc = bk__error(err, BK_EINVAL, at, "sqlite %s: query: expected one SELECT statement%s",
                       s->name, st ? ", got more than one" : ", got none");
        goto out;
    }
    if (!sqlite3_stmt_readonly(st)) {
        rc = bk__error(err, BK_EINVAL, at,
                       "sqlite %s: query: only reading is allowed (a SELECT), not a statement "
                       "that changes the database",
                       s->name);
        goto out;
    }
    int want = sqlite3_bind_parameter_count(st);
    if ((size_t)want != s->n_params) {
        rc = bk__error(err, BK_EINVAL, at,
                       "sqlite %s: query: it has %d parameter%s (?1, ...), but params: gives %zu",
                       s->name, want, want == 1 ? "" : "s", s->n_params);
        goto out;
    }
    for (size_t i = 0; i < s->n_params; i++) {
        int b = s->params[i] ? sqlite3_bind_text(st, (int)i + 1, s->params[i], -1, SQLITE_STATIC)
                             : sqlite3_bind_null(st, (int)i + 1);
        if (b != SQLITE_OK) {
            rc = fail(err, BK_EINVAL, s, at, db, "cannot bind params");
            goto out;
        }
    }
    double deadline = now_s() + s->lim.timeout_s;
    sqlite3_progress_handler(db, SQLITE_PROGRESS_STEPS, past_deadline, &deadline);
    rc = read_rows(db, st, s, &r, &deadline, err);
out:
    sqlite3_finalize(st);
    sqlite3_close(db);
    if (!rc)
        *rows = r.list;
    return rc;
}
