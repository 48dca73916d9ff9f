/* Internal: data entries that read rows from somewhere other than YAML.
 *
 * A template's `data:` list may name, besides YAML files (template.h):
 *
 *   - {csv: figures.csv, as: figures}          header row gives the keys
 *       encoding: utf-8                        utf-8 (BOM or not) | gbk | gb18030
 *       columns: {value: real, year: integer}  integer | real | text | date;
 *                                              a column not named is inferred
 *   - {sqlite: indicators.db, as: rows}        opened read-only
 *       query: "SELECT ... WHERE zone = ?1 AND month = ?2"
 *       params: ["{{ zone }}", "{{ period }}"]  bound, never spliced: ?1 / $1
 *   - {postgres: stats, as: rows}              a libpq service name or a
 *                                              conninfo without a password
 *       query: "SELECT ... WHERE zone = $1"    (the password comes from
 *       params: ["{{ zone }}"]                  .pgpass, PGPASSFILE, PGPASSWORD)
 *   each also takes optional: true (csv, sqlite: a missing file is skipped),
 *   timeout: 10 (seconds), max_rows: 100000 and max_bytes: 16777216.
 *
 * The rows land under `as:` as a list of maps (data_rows.h). A query is
 * SQL text only: `{{ }}` inside it is refused, since splicing a value into
 * SQL is how injection happens; values go through `params:`, whose items
 * may use params and built-ins. */
#ifndef BK_DATA_SOURCE_H
#define BK_DATA_SOURCE_H

#include <briefkit/error.h>

#include "arena.h"
#include "data_rows.h"
#include "expand.h"
#include "node.h"

typedef enum bk_source_kind {
    BK_SOURCE_FILE = 0, /* a YAML file: template_data.c */
    BK_SOURCE_CSV = 1,
    BK_SOURCE_SQLITE = 2,
    BK_SOURCE_POSTGRES = 3
} bk_source_kind;

/* A parsed, expanded entry, as the row sources get it. */
typedef struct bk_source {
    bk_source_kind kind;
    const bk_node *entry;  /* the data entry's MAP, for locations */
    const bk_node *target; /* the csv / sqlite / postgres value */
    const char *path;      /* csv, sqlite: the file; postgres: the conninfo */
    const char *name;      /* the path as the template wrote it, for messages */
    const char *query;     /* sqlite, postgres */
    const bk_node *query_at;
    const char *const *params;
    size_t n_params;
    const char *encoding;   /* csv: "utf-8", "gbk" or "gb18030" */
    const bk_node *columns; /* csv: MAP name -> type, or NULL */
    bk_source_limits lim;
} bk_source;

/* Which kind of entry `item` is; a map naming two sources is an error.
 * One naming none is a file entry with *target NULL: after checking its
 * keys, the caller reports it with bk__source_missing. */
int bk__source_kind(const bk_node *item, bk_source_kind *kind, const bk_node **target,
                    bk_error *err);
int bk__source_missing(const bk_node *item, bk_error *err);
/* Checks a non-file entry's keys and reads query, params (expanded with
 * `vars`), encoding, columns and the limits into `s`; `path` is the
 * expanded target (a file path, or the conninfo), `name` as written. */
int bk__source_parse(bk_arena *a, const bk_node *item, bk_source_kind kind, const bk_node *target,
                     const char *name, const char *path, const bk_vars *vars, bk_source *s,
                     bk_error *err);
/* Runs the source: `*rows` is the LIST of row MAPs. */
int bk__source_load(bk_arena *a, const bk_source *s, const bk_node **rows, bk_error *err);

int bk__csv_load(bk_arena *a, const bk_source *s, const bk_node **rows, bk_error *err);
/* The CSV rows in `bytes` (the file's content, in s->encoding); what
 * bk__csv_load does after reading the file. */
int bk__csv_parse(bk_arena *a, const bk_source *s, const char *bytes, size_t size,
                  const bk_node **rows, bk_error *err);
int bk__sqlite_load(bk_arena *a, const bk_source *s, const bk_node **rows, bk_error *err);
int bk__postgres_load(bk_arena *a, const bk_source *s, const bk_node **rows, bk_error *err);

#endif
