/* Fuzz target: CSV data entries (bk__csv_parse) on arbitrary bytes: the
 * first byte picks the encoding (UTF-8, GBK, GB18030) and whether the
 * columns are typed by a declaration, the rest is the file. Every failure
 * must say why, and the rows that come back must be whole: one value per
 * column, each string as long as it says. */
#include <string.h>

#include "arena.h"
#include "data_source.h"
#include "fuzz.h"
#include "node.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    static const char *const encodings[] = {"utf-8", "gbk", "gb18030"};
    bk_arena *a = bk__arena_new(BK_FUZZ_ARENA_LIMIT);
    if (!a)
        return 0;
    bk_loc loc = {"fuzz.yaml", 1, 1};
    bk_node *entry = bk__node_new(a, BK_NODE_MAP, loc);
    bk_node *columns = bk__node_new(a, BK_NODE_MAP, loc);
    /* A declared type for a column named "a", when the header has one. */
    if (!entry || !columns ||
        bk__node_append(a, columns, bk__node_string(a, "a", loc),
                        bk__node_string(a, (data[0] & 4) ? "integer" : "date", loc)) != 0) {
        bk__arena_free(a);
        return 0;
    }
    bk_source s;
    memset(&s, 0, sizeof s);
    s.kind = BK_SOURCE_CSV;
    s.entry = s.target = entry;
    s.path = s.name = "fuzz.csv";
    s.encoding = encodings[data[0] % 3];
    s.columns = (data[0] & 8) ? columns : NULL;
    s.lim = (bk_source_limits){1, 10000, 1u << 20, NULL, NULL, NULL};
    const bk_node *rows = NULL;
    bk_error err;
    int rc = bk__csv_parse(a, &s, (const char *)data + 1, size - 1, &rows, &err);
    if (rc == 0) {
        size_t ncols = bk__node_len(bk__node_at(rows, 0));
        for (size_t i = 0; i < bk__node_len(rows); i++) {
            const bk_node *row = bk__node_at(rows, i);
            if (bk__node_len(row) != ncols)
                __builtin_trap();
            for (size_t c = 0; c < ncols; c++) {
                const bk_node *v = bk__node_at(row, c);
                if (!bk__node_key_at(row, c) ||
                    (v->type == BK_NODE_STRING && strlen(v->str) != v->len))
                    __builtin_trap();
            }
        }
    } else if (!err.msg[0]) {
        __builtin_trap();
    }
    bk__arena_free(a);
    return 0;
}
