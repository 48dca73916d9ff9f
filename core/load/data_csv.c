/* `csv:` data entries (data_source.h): a CSV file's rows into the data
 * tree, the header row giving the keys.
 *
 * Files from Chinese spreadsheets come in GBK or GB18030 as often as in
 * UTF-8 (with or without a BOM), so the file is first turned into UTF-8
 * with iconv, any undecodable byte reported at its line. libcsv does the
 * parsing (quoted fields, embedded newlines, doubled quotes); it is fed one
 * physical line at a time so every row knows the line it starts on, which
 * is where a ragged row or a bad value is reported. Column types come from
 * `columns:` or, for a column not named there, from its values: integer
 * when every value is one, else real when every value is a number, else
 * text. An empty field is null. */
#include "data_source.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errors.h"

/* Columns in a row: a spreadsheet has hundreds at most; a file of commas
 * would otherwise cost a pointer per byte, twice. */
#define CSV_MAX_FIELDS 4096

typedef struct csv_row {
    int line;
    size_t n;
    const char **fields; /* NULL: empty */
} csv_row;

typedef struct csv_state {
    bk_arena *a;
    bk_error *err;
    const bk_source *s;
    int rc;
    int line;     /* the line being fed */
    int row_line; /* the line the current row started on */
    const char **fields;
    size_t n, cap;
    csv_row *rows; /* rows[0] is the header */
    size_t nrows, rows_cap;
} csv_state;

static int oom(csv_state *st)
{
    bk_loc at = {st->s->path, st->line, 0};
    return st->rc = bk__error(st->err, BK_ENOMEM, &at, "out of memory");
}

static void on_field(void *data, size_t len, void *ctx)
{
    csv_state *st = ctx;
    if (st->rc)
        return;
    if (st->n == CSV_MAX_FIELDS) {
        bk_loc at = {st->s->path, st->row_line, 0};
        st->rc = bk__error(st->err, BK_ELIMIT, &at,
                           "this row has more than %d fields; is the file CSV, with commas "
                           "between fields?",
                           CSV_MAX_FIELDS);
        return;
    }
    if (st->n == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 16;
        const char **f = realloc(st->fields, cap * sizeof *f);
        if (!f) {
            oom(st);
            return;
        }
        st->fields = f;
        st->cap = cap;
    }
    const char *v = data ? bk__arena_strndup(st->a, data, len) : NULL;
    if (data && !v) {
        oom(st);
        return;
    }
    st->fields[st->n++] = v;
}

static void on_row(int c, void *ctx)
{
    (void)c;
    csv_state *st = ctx;
    int start = st->row_line;
    if (st->rc)
        return;
    size_t max_rows = st->s->lim.max_rows;
    if (st->nrows > max_rows) {
        bk_loc at = st->s->lim.rows_at ? st->s->lim.rows_at->loc : st->s->target->loc;
        st->rc = bk__error(st->err, BK_ELIMIT, &at,
                           "CSV file %s has more than %zu rows (max_rows: %zu); split it or "
                           "raise max_rows",
                           st->s->name, max_rows, max_rows);
        return;
    }
    if (st->nrows > 0 && st->n != st->rows[0].n) {
        bk_loc at = {st->s->path, start, 0};
        st->rc = bk__error(st->err, BK_EDATA, &at,
                           "this row has %zu field%s, the header (line %d) has %zu; every row "
                           "needs one field per column (quote a field that holds a comma)",
                           st->n, st->n == 1 ? "" : "s", st->rows[0].line, st->rows[0].n);
        return;
    }
    if (st->nrows == st->rows_cap) {
        size_t cap = st->rows_cap ? st->rows_cap * 2 : 64;
        csv_row *r = realloc(st->rows, cap * sizeof *r);
        if (!r) {
            oom(st);
            return;
        }
        st->rows = r;
        st->rows_cap = cap;
    }
    const char **copy = bk__arena_alloc(st->a, (st->n ? st->n : 1) * sizeof *copy);
    if (!copy) {
        oom(st);
        return;
    }
    memcpy(copy, st->fields, st->n * sizeof *copy);
    st->rows[st->nrows++] = (csv_row){start, st->n, copy};
    st->n = 0;
}

/* The file's bytes (malloc'd), at most max_bytes of them. */
static int read_file(const bk_source *s, char **out, size_t *out_len, bk_error *err)
{
    FILE *f = fopen(s->path, "rbe");
    if (!f)
        return bk__error(err, BK_EIO, &s->target->loc, "CSV file %s: cannot open: %s", s->name,
                         strerror(errno));
    size_t cap = 1 << 16, len = 0, limit = s->lim.max_bytes;
    char *raw = malloc(cap);
    size_t got = 0;
    while (raw && (got = fread(raw + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len > limit)
            break;
        if (len == cap) {
            char *grown = realloc(raw, cap * 2);
            if (!grown)
                free(raw);
            raw = grown;
            cap *= 2;
        }
    }
    int read_error = ferror(f);
    fclose(f);
    if (!raw)
        return bk__error(err, BK_ENOMEM, &s->target->loc, "out of memory");
    if (read_error || len > limit) {
        free(raw);
        return read_error ? bk__error(err, BK_EIO, &s->target->loc, "CSV file %s: cannot read: %s",
                                      s->name, strerror(errno))
                          : bk__error(err, BK_ELIMIT,
                                      s->lim.bytes_at ? &s->lim.bytes_at->loc : &s->target->loc,
                                      "CSV file %s is larger than %zu bytes (max_bytes: %zu)",
                                      s->name, limit, limit);
    }
    *out = raw;
    *out_len = len;
    return 0;
}

/* `raw` in UTF-8 (malloc'd, *start past a BOM); an undecodable byte is an
 * error at its line. */
static int to_utf8(const bk_source *s, const char *raw, size_t len, char **out, size_t *start,
                   size_t *out_len, bk_error *err)
{
    const char *from = strcmp(s->encoding, "gbk") == 0       ? "GBK"
                       : strcmp(s->encoding, "gb18030") == 0 ? "GB18030"
                                                             : "UTF-8";
    /* UTF-8 to UTF-8 too: iconv is the check that the bytes are UTF-8. */
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return bk__error(err, BK_EIO, &s->target->loc, "CSV file %s: cannot convert from %s: %s",
                         s->name, from, strerror(errno));
    size_t ocap = len * 2 + 16; /* GBK's two bytes become at most three; GB18030's four, four */
    char *utf8 = malloc(ocap);
    char *in = (char *)raw, *o = utf8; /* iconv's argument is not const */
    size_t in_left = len, o_left = ocap - 1;
    int rc = 0;
    if (!utf8)
        rc = bk__error(err, BK_ENOMEM, &s->target->loc, "out of memory");
    else if (iconv(cd, &in, &in_left, &o, &o_left) == (size_t)-1 ||
             iconv(cd, NULL, NULL, &o, &o_left) == (size_t)-1) {
        int line = 1;
        for (const char *p = raw; p < in; p++)
            line += *p == '\n';
        bk_loc at = {s->path, line, 0};
        rc = bk__error(err, BK_EDATA, &at, "byte 0x%02X is not %s text%s", (unsigned char)*in,
                       s->encoding,
                       strcmp(s->encoding, "utf-8") == 0
                           ? " (a file saved by Excel in Chinese is often GBK: add encoding: gbk)"
                           : " (is the file in another encoding? encoding: utf-8, gbk or gb18030)");
    }
    iconv_close(cd);
    if (rc) {
        free(utf8);
        return rc;
    }
    *o = '\0';
    size_t n = (size_t)(o - utf8);
    *start = n >= 3 && memcmp(utf8, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    *out = utf8;
    *out_len = n;
    return 0;
}

static int is_integer(const char *v)
{
    const char *p = v + (*v == '-' || *v == '+');
    if (!*p)
        return 0;
    for (; *p; p++)
        if (*p < '0' || *p > '9')
            return 0;
    return p - v <= 19;
}

static int is_real(const char *v)
{
    char *end;
    if (!*v || strpbrk(v, "xXnNiI"))
        return 0; /* no hex, nan, inf */
    errno = 0;
    double d = strtod(v, &end);
    return *end == '\0' && errno == 0 && isfinite(d);
}

static int is_date(const char *v)
{
    int y, m, d;
    char tail;
    if (strlen(v) != 10 || sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
        return 0;
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m >= 1 && m <= 12 && d >= 1 && d <= days[m - 1] - (m == 2 && !leap);
}

/* The type of column `c`: declared, or inferred from its values. */
static int column_type(csv_state *st, size_t c, bk_cell *type)
{
    const bk_node *decl = bk__node_get(st->s->columns, st->rows[0].fields[c]);
    const char *t = decl ? decl->str : NULL;
    int ints = 1, reals = 1;
    for (size_t i = 1; i < st->nrows; i++) {
        const char *v = st->rows[i].fields[c];
        if (!v || !*v)
            continue;
        int ok_int = is_integer(v), ok_real = ok_int || is_real(v);
        ints &= ok_int;
        reals &= ok_real;
        const char *want = !t                                      ? NULL
                           : strcmp(t, "integer") == 0 && !ok_int  ? "a whole number"
                           : strcmp(t, "real") == 0 && !ok_real    ? "a number"
                           : strcmp(t, "date") == 0 && !is_date(v) ? "a date (YYYY-MM-DD)"
                                                                   : NULL;
        if (want) {
            bk_loc at = {st->s->path, st->rows[i].line, (int)c + 1};
            return bk__error(st->err, BK_EDATA, &at,
                             "column \"%s\" (declared %s at %s:%d): expected %s, got \"%s\"",
                             st->rows[0].fields[c], t, decl->loc.file, decl->loc.line, want, v);
        }
    }
    if (t)
        *type = strcmp(t, "integer") == 0 ? BK_CELL_INT
                : strcmp(t, "real") == 0  ? BK_CELL_REAL
                                          : BK_CELL_TEXT;
    else
        *type = ints ? BK_CELL_INT : reals ? BK_CELL_REAL : BK_CELL_TEXT;
    return 0;
}

static int build(csv_state *st, const bk_node **out)
{
    const bk_source *s = st->s;
    const csv_row *head = &st->rows[0];
    bk_loc head_at = {s->path, head->line, 0};
    for (size_t i = 0; s->columns && i < s->columns->count; i++) {
        const char *name = s->columns->keys[i]->str;
        size_t c = 0;
        while (c < head->n && (!head->fields[c] || strcmp(head->fields[c], name) != 0))
            c++;
        if (c == head->n)
            return bk__error(st->err, BK_EUNKNOWN, &s->columns->keys[i]->loc,
                             "columns: the header of %s has no column \"%s\"", s->name, name);
    }
    bk_rows r;
    int rc = bk__rows_init(&r, st->a, &s->entry->loc, "CSV file", &s->lim, st->err);
    if (!rc)
        rc = bk__rows_columns(&r, head->fields, head->n, &head_at);
    bk_cell *types = rc ? NULL : bk__arena_alloc(st->a, (head->n ? head->n : 1) * sizeof *types);
    if (!rc && !types)
        rc = bk__error(st->err, BK_ENOMEM, &head_at, "out of memory");
    for (size_t c = 0; c < head->n && !rc; c++)
        rc = column_type(st, c, &types[c]);
    for (size_t i = 1; i < st->nrows && !rc; i++) {
        const csv_row *row = &st->rows[i];
        bk_loc at = {s->path, row->line, 0};
        rc = bk__rows_begin(&r, &at);
        for (size_t c = 0; c < row->n && !rc; c++) {
            const char *v = row->fields[c];
            at.col = (int)c + 1;
            /* An empty number is a missing one; empty text stays text when quoted. */
            int empty = !v || (!*v && types[c] != BK_CELL_TEXT);
            rc = bk__rows_cell(&r, empty ? BK_CELL_NULL : types[c], v, v ? strlen(v) : 0, &at);
        }
    }
    if (!rc)
        *out = r.list;
    return rc;
}

int bk__csv_parse(bk_arena *a, const bk_source *s, const char *bytes, size_t size,
                  const bk_node **rows, bk_error *err)
{
    char *text = NULL;
    size_t start = 0, len = 0;
    int rc = to_utf8(s, bytes, size, &text, &start, &len, err);
    if (rc)
        return rc;
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL | CSV_EMPTY_IS_NULL) != 0) {
        free(text);
        return bk__error(err, BK_ENOMEM, &s->target->loc, "out of memory");
    }
    csv_state st = {.a = a, .err = err, .s = s, .line = 1, .row_line = 1};
    for (size_t off = start; off < len && !st.rc; st.line++) {
        const char *nl = memchr(text + off, '\n', len - off);
        size_t n = nl ? (size_t)(nl - (text + off)) + 1 : len - off;
        /* Between rows (libcsv's ROW_NOT_BEGUN, 0 in its public struct), the
         * next row starts on this line: blank lines are skipped by libcsv. */
        if (p.pstate == 0)
            st.row_line = st.line;
        if (csv_parse(&p, text + off, n, on_field, on_row, &st) != n && !st.rc) {
            bk_loc at = {s->path, st.line, 0};
            st.rc = bk__error(err, BK_EDATA, &at,
                              "%s (a quote inside a quoted field is "
                              "written twice: \"\")",
                              csv_strerror(csv_error(&p)));
        }
        off += n;
    }
    st.line--;
    if (!st.rc && csv_fini(&p, on_field, on_row, &st) != 0 && !st.rc) {
        bk_loc at = {s->path, st.row_line, 0};
        st.rc = bk__error(err, BK_EDATA, &at,
                          "a quoted field that starts here is never closed (a missing \")");
    }
    csv_free(&p);
    free(text);
    rc = st.rc;
    if (!rc && st.nrows == 0) {
        bk_loc at = {s->path, 1, 0};
        rc = bk__error(err, BK_EDATA, &at,
                       "the CSV file is empty; expected a header row naming the columns");
    }
    if (!rc)
        rc = build(&st, rows);
    free(st.fields);
    free(st.rows);
    return rc;
}

int bk__csv_load(bk_arena *a, const bk_source *s, const bk_node **rows, bk_error *err)
{
    char *raw = NULL;
    size_t len = 0;
    int rc = read_file(s, &raw, &len, err);
    if (rc)
        return rc;
    rc = bk__csv_parse(a, s, raw, len, rows, err);
    free(raw);
    return rc;
}
