/* CSV data entries (data_csv.c): what libcsv and iconv hand over becomes
 * typed rows, and every mistake in the file is reported at its line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "data_source.h"
#include "node.h"

typedef struct fixture {
    char path[64];
    bk_arena *a;
    bk_node *entry;
    bk_source s;
    bk_error err;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/bk_csv_unit.XXXXXX");
    int fd = mkstemp(f->path);
    assert_true(fd >= 0);
    close(fd);
    f->a = bk__arena_new(0);
    bk_loc loc = {"t.yaml", 5, 5};
    f->entry = bk__node_new(f->a, BK_NODE_MAP, loc);
    f->s.kind = BK_SOURCE_CSV;
    f->s.entry = f->entry;
    f->s.target = f->entry;
    f->s.path = f->path;
    f->s.name = "rows.csv";
    f->s.encoding = "utf-8";
    f->s.lim = (bk_source_limits){
        BK_SOURCE_TIMEOUT_S, BK_SOURCE_MAX_ROWS, BK_SOURCE_MAX_BYTES, NULL, NULL, NULL};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    unlink(f->path);
    bk__arena_free(f->a);
    free(f);
    return 0;
}

static int load(fixture *f, const char *bytes, size_t len, const bk_node **rows)
{
    FILE *fp = fopen(f->path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(bytes, 1, len, fp), len);
    fclose(fp);
    return bk__csv_load(f->a, &f->s, rows, &f->err);
}

#define LOAD(f, lit, rows) load(f, lit, sizeof lit - 1, rows)

static const char *cell(const bk_node *rows, size_t i, const char *key)
{
    return bk__node_str(bk__node_get(bk__node_at(rows, i), key));
}

static void test_csv_bom_is_not_part_of_the_first_key(void **state)
{
    fixture *f = *state;
    const bk_node *rows;
    assert_int_equal(LOAD(f, "\xEF\xBB\xBFid,name\na,Alpha\n", &rows), 0);
    assert_int_equal(bk__node_len(rows), 1);
    assert_string_equal(cell(rows, 0, "id"), "a");
}

static void test_csv_quoted_field_keeps_newline_comma_and_quotes(void **state)
{
    fixture *f = *state;
    const bk_node *rows;
    assert_int_equal(LOAD(f, "id,text\r\na,\"one, two\nthree \"\"q\"\"\"\r\nb,x\r\n", &rows), 0);
    assert_int_equal(bk__node_len(rows), 2);
    assert_string_equal(cell(rows, 0, "text"), "one, two\nthree \"q\"");
    assert_int_equal(bk__node_at(bk__node_at(rows, 1), 0)->loc.line, 4);
}

static void test_csv_ragged_row_is_reported_at_the_line_it_starts(void **state)
{
    fixture *f = *state;
    const bk_node *rows;
    assert_int_equal(LOAD(f, "id,text\na,\"x\ny\"\n\nb\n", &rows), BK_EDATA);
    assert_int_equal(f->err.line, 5);
    assert_non_null(strstr(f->err.msg, "this row has 1 field, the header (line 1) has 2"));
}

static void test_csv_gbk_is_decoded(void **state)
{
    fixture *f = *state;
    const bk_node *rows;
    f->s.encoding = "gbk";
    /* "名称\n两江\n" in GBK */
    assert_int_equal(LOAD(f, "\xc3\xfb\xb3\xc6\n\xc1\xbd\xbd\xad\n", &rows), 0);
    assert_string_equal(cell(rows, 0, "名称"), "两江");
}

static void test_csv_undecodable_byte_is_reported_at_its_line(void **state)
{
    fixture *f = *state;
    const bk_node *rows;
    assert_int_equal(LOAD(f, "a\nok\n\xc1\xbd\n", &rows), BK_EDATA);
    assert_int_equal(f->err.line, 3);
}

static void test_csv_types_are_inferred_and_empty_is_null(void **state)
{
    fixture *f = *state;
    const bk_node *rows;
    assert_int_equal(LOAD(f, "n,x,t\n1,1.5,null\n-2,,\"\"\n", &rows), 0);
    const bk_node *r0 = bk__node_at(rows, 0), *r1 = bk__node_at(rows, 1);
    double v;
    assert_int_equal(bk__node_num(bk__node_get(r1, "n"), &v), 0);
    assert_true(v == -2);
    assert_int_equal(bk__node_type(bk__node_get(r1, "x")), BK_NODE_NULL);
    /* Text stays text: "null" is not null, "" is empty text. */
    assert_int_equal(bk__node_type(bk__node_get(r0, "t")), BK_NODE_STRING);
    assert_true(bk__node_get(r0, "t")->quoted);
    assert_string_equal(cell(rows, 1, "t"), "");
}

static void test_csv_max_rows_is_enforced(void **state)
{
    fixture *f = *state;
    const bk_node *rows;
    f->s.lim.max_rows = 2;
    assert_int_equal(LOAD(f, "a\n1\n2\n3\n", &rows), BK_ELIMIT);
    assert_non_null(strstr(f->err.msg, "more than 2 rows"));
}

static void test_csv_row_of_too_many_fields_is_refused(void **state)
{
    fixture *f = *state;
    const bk_node *rows;
    char text[6000];
    memset(text, ',', 5000);
    memcpy(text + 5000, "\n", 2);
    assert_int_equal(load(f, text, strlen(text), &rows), BK_ELIMIT);
    assert_int_equal(f->err.line, 1);
    assert_non_null(strstr(f->err.msg, "more than 4096 fields"));
}

static void test_csv_unclosed_quote_is_reported(void **state)
{
    fixture *f = *state;
    const bk_node *rows;
    assert_int_equal(LOAD(f, "a,b\n1,\"open\n", &rows), BK_EDATA);
    assert_int_equal(f->err.line, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_csv_bom_is_not_part_of_the_first_key, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_quoted_field_keeps_newline_comma_and_quotes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_csv_ragged_row_is_reported_at_the_line_it_starts,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_gbk_is_decoded, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_undecodable_byte_is_reported_at_its_line, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_csv_types_are_inferred_and_empty_is_null, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_csv_max_rows_is_enforced, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_row_of_too_many_fields_is_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_csv_unclosed_quote_is_reported, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
