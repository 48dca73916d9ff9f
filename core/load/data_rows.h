/* Internal: rows from a CSV file or a database query, as data-tree nodes.
 *
 * Every row source (data_csv.c, data_sqlite.c, data_postgres.c) hands its
 * rows to one builder, so all of them land in the data tree the same way:
 * a LIST of MAPs, one per row, keyed by column name, each value a scalar a
 * plugin reads like YAML data (integers and reals as their decimal text,
 * text quoted so that "null" stays text, SQL NULL as a null node, dates as
 * YYYY-MM-DD text). The builder also enforces the row and byte limits that
 * keep a runaway query from filling memory. */
#ifndef BK_DATA_ROWS_H
#define BK_DATA_ROWS_H

#include <stddef.h>

#include <briefkit/error.h>

#include "arena.h"
#include "node.h"

typedef enum bk_cell {
    BK_CELL_NULL = 0,
    BK_CELL_INT = 1,
    BK_CELL_REAL = 2,
    BK_CELL_TEXT = 3
} bk_cell;

/* What one data entry may cost; from the entry's timeout, max_rows and
 * max_bytes, each with the node it was written at (NULL: the default). */
typedef struct bk_source_limits {
    double timeout_s;
    size_t max_rows;
    size_t max_bytes; /* of cell text, summed over the result */
    const bk_node *timeout_at, *rows_at, *bytes_at;
} bk_source_limits;

#define BK_SOURCE_TIMEOUT_S 10.0
#define BK_SOURCE_MAX_ROWS 100000
#define BK_SOURCE_MAX_BYTES (16u * 1024 * 1024)

typedef struct bk_rows {
    bk_arena *a;
    bk_error *err;
    bk_loc at;        /* where limit errors point: the data entry */
    const char *what; /* "query" or "CSV file", for messages */
    bk_source_limits lim;
    bk_node *list;        /* the result */
    const bk_node **keys; /* one per column, shared by every row */
    size_t ncols;
    bk_node *row; /* the row being filled */
    size_t bytes;
} bk_rows;

int bk__rows_init(bk_rows *r, bk_arena *a, const bk_loc *at, const char *what,
                  const bk_source_limits *lim, bk_error *err);
/* Names the columns; a duplicate or empty name is an error at `loc` (the
 * header line or the query). */
int bk__rows_columns(bk_rows *r, const char *const *names, size_t n, const bk_loc *loc);
/* Starts a row; counts it against max_rows. */
int bk__rows_begin(bk_rows *r, const bk_loc *loc);
/* Adds the next cell of the row (text of `len` bytes; ignored for NULL);
 * counts it against max_bytes. `loc` becomes the value node's location. */
int bk__rows_cell(bk_rows *r, bk_cell type, const char *text, size_t len, const bk_loc *loc);

#endif
