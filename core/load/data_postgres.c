/* `postgres:` data entries (data_source.h): one SELECT on a PostgreSQL
 * server through libpq, its rows into the data tree.
 *
 * The connection is a libpq service name ("stats" means service=stats) or
 * a conninfo; one that carries a password is refused, since a template is
 * read, copied and logged by many people: libpq finds the password itself
 * (.pgpass, PGPASSFILE, PGPASSWORD) and nothing here ever prints it. The
 * query runs in a READ ONLY transaction with a statement_timeout, through
 * PQsendQueryParams (one statement, values bound as $1, $2, ...) in
 * single-row mode, so the row and byte limits stop a large result before
 * it is all in memory. Each load opens and closes its own connection: a
 * batch job holds one at a time, so a batch holds at most --jobs. */
#include "data_source.h"

#include <libpq-fe.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "errors.h"

/* Type OIDs (pg_type.h, stable since PostgreSQL 7). */
#define PG_BOOL 16
#define PG_INT8 20
#define PG_INT2 21
#define PG_INT4 23
#define PG_OID 26
#define PG_FLOAT4 700
#define PG_FLOAT8 701
#define PG_NUMERIC 1700

/* libpq's message on one line, without its trailing newline. */
static const char *one_line(const char *msg, char *buf, size_t size)
{
    size_t o = 0;
    for (const char *p = msg ? msg : ""; *p && o + 1 < size; p++) {
        if (*p == '\n' || *p == '\t' || *p == '\r') {
            if (o > 0 && buf[o - 1] != ' ' && p[1])
                buf[o++] = ' ';
            continue;
        }
        buf[o++] = *p;
    }
    while (o > 0 && buf[o - 1] == ' ')
        o--;
    buf[o] = '\0';
    return buf;
}

/* The conninfo to use: a bare word is a service name. A password in it is
 * refused without echoing any of it. */
static int conninfo_of(bk_arena *a, const bk_source *s, const char **out, bk_error *err)
{
    const char *c = s->path;
    int uri = strncmp(c, "postgresql://", 13) == 0 || strncmp(c, "postgres://", 11) == 0;
    *out = uri || strchr(c, '=') ? c : bk__arena_printf(a, "service=%s", c);
    if (!*out)
        return bk__error(err, BK_ENOMEM, &s->target->loc, "out of memory");
    char *why = NULL;
    PQconninfoOption *opts = PQconninfoParse(*out, &why);
    if (!opts) {
        char line[512];
        int rc = bk__error(err, BK_EINVAL, &s->target->loc,
                           "postgres: expected a service name or a connection string "
                           "(host=... dbname=...), got one libpq cannot read: %s",
                           why ? one_line(why, line, sizeof line) : "out of memory");
        PQfreemem(why);
        return rc;
    }
    int has_password = 0;
    for (PQconninfoOption *o = opts; o->keyword; o++)
        if (strcmp(o->keyword, "password") == 0 && o->val && o->val[0])
            has_password = 1;
    PQconninfoFree(opts);
    if (has_password)
        return bk__error(err, BK_EINVAL, &s->target->loc,
                         "postgres: the connection names a password; a template is no place "
                         "for one (whoever reads it or its logs would see it): remove it and "
                         "let libpq find it in ~/.pgpass, the file PGPASSFILE names, or "
                         "PGPASSWORD");
    return 0;
}

static bk_cell cell_type(Oid type)
{
    switch (type) {
    case PG_INT2:
    case PG_INT4:
    case PG_INT8:
    case PG_OID:
        return BK_CELL_INT;
    case PG_FLOAT4:
    case PG_FLOAT8:
    case PG_NUMERIC:
        return BK_CELL_REAL;
    default:
        return BK_CELL_TEXT;
    }
}

static int add_row(bk_rows *r, const PGresult *res, const bk_loc *at)
{
    int rc = bk__rows_begin(r, at);
    int n = PQnfields(res);
    for (int i = 0; i < n && !rc; i++) {
        if (PQgetisnull(res, 0, i)) {
            rc = bk__rows_cell(r, BK_CELL_NULL, NULL, 0, at);
            continue;
        }
        const char *v = PQgetvalue(res, 0, i);
        size_t len = (size_t)PQgetlength(res, 0, i);
        if (PQftype(res, i) == PG_BOOL) {
            v = v[0] == 't' ? "true" : "false";
            len = strlen(v);
        }
        rc = bk__rows_cell(r, cell_type(PQftype(res, i)), v, len, at);
    }
    return rc;
}

static int set_columns(bk_rows *r, const PGresult *res, const bk_loc *at)
{
    int n = PQnfields(res);
    const char **names = bk__arena_alloc(r->a, ((size_t)n + 1) * sizeof *names);
    if (!names)
        return bk__error(r->err, BK_ENOMEM, at, "out of memory");
    for (int i = 0; i < n; i++)
        names[i] = PQfname(res, i);
    return bk__rows_columns(r, names, (size_t)n, at);
}

/* A failed result as an error at the query; a cancelled statement is the
 * timeout. */
static int query_error(const bk_source *s, const PGresult *res, PGconn *conn, bk_error *err)
{
    char line[768];
    const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (state && strcmp(state, "57014") == 0)
        return bk__error(err, BK_ETIMEOUT,
                         s->lim.timeout_at ? &s->lim.timeout_at->loc : &s->query_at->loc,
                         "postgres: the query ran longer than %g s (timeout: %g); make it "
                         "cheaper or raise timeout",
                         s->lim.timeout_s, s->lim.timeout_s);
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    return bk__error(err, BK_EDATA, &s->query_at->loc, "postgres: query failed: %s",
                     one_line(msg ? msg : PQerrorMessage(conn), line, sizeof line));
}

static int run_query(PGconn *conn, const bk_source *s, bk_rows *r, bk_error *err)
{
    const bk_loc *at = &s->query_at->loc;
    if (!PQsendQueryParams(conn, s->query, (int)s->n_params, NULL, s->params, NULL, NULL, 0) ||
        !PQsetSingleRowMode(conn))
        return query_error(s, NULL, conn, err);
    int rc = 0, have_columns = 0;
    PGresult *res;
    while ((res = PQgetResult(conn)) != NULL) {
        ExecStatusType st = PQresultStatus(res);
        if (rc == 0 && (st == PGRES_SINGLE_TUPLE || st == PGRES_TUPLES_OK) && !have_columns) {
            rc = set_columns(r, res, at);
            have_columns = 1;
        }
        if (rc == 0 && st == PGRES_SINGLE_TUPLE)
            rc = add_row(r, res, at);
        else if (rc == 0 && st != PGRES_TUPLES_OK)
            rc = st == PGRES_COMMAND_OK
                     ? bk__error(err, BK_EINVAL, at,
                                 "postgres: query: expected a SELECT that returns rows")
                     : query_error(s, res, conn, err);
        PQclear(res);
        /* Past a limit, the rest is not read: PQfinish drops it. */
        if (rc)
            return rc;
    }
    return rc;
}

int bk__postgres_load(bk_arena *a, const bk_source *s, const bk_node **rows, bk_error *err)
{
    bk_rows r;
    const char *conninfo;
    int rc = bk__rows_init(&r, a, &s->entry->loc, "query", &s->lim, err);
    if (!rc)
        rc = conninfo_of(a, s, &conninfo, err);
    if (rc)
        return rc;
    /* Later keywords win, so the template's conninfo (expanded from dbname)
     * may override these defaults. libpq waits at least 2 s to connect. */
    char connect_timeout[16];
    snprintf(connect_timeout, sizeof connect_timeout, "%.0f", ceil(s->lim.timeout_s));
    const char *const keys[] = {"connect_timeout", "application_name", "dbname", NULL};
    const char *const vals[] = {connect_timeout, "briefkit", conninfo, NULL};
    PGconn *conn = PQconnectdbParams(keys, vals, 1);
    char line[768];
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        rc = bk__error(err, BK_EIO, &s->target->loc, "postgres: cannot connect: %s",
                       conn ? one_line(PQerrorMessage(conn), line, sizeof line) : "out of memory");
        PQfinish(conn);
        return rc;
    }
    /* The timeout is this program's own number, not the template's text. */
    char setup[160];
    snprintf(setup, sizeof setup,
             "BEGIN READ ONLY; SET LOCAL statement_timeout = %.0f; SET LOCAL DateStyle = ISO, YMD",
             ceil(s->lim.timeout_s * 1000));
    PGresult *res = PQexec(conn, setup);
    if (PQresultStatus(res) != PGRES_COMMAND_OK)
        rc = bk__error(err, BK_EIO, &s->target->loc,
                       "postgres: cannot start a read-only transaction: %s",
                       one_line(PQerrorMessage(conn), line, sizeof line));
    PQclear(res);
    if (!rc)
        rc = run_query(conn, s, &r, err);
    PQfinish(conn); /* ends the transaction: nothing to commit */
    if (!rc)
        *rows = r.list;
    return rc;
}
