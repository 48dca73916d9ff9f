/* Typed fields of a YAML map: absent means the default, a wrong type is
 * refused at the value, and "got ..." quotes what the user wrote. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "errors.h"
#include "yaml_field.h"
#include "yaml_load.h"

#include <cmocka.h>

typedef struct ctx {
    bk_arena *a;
    bk_error err;
} ctx;

static int setup(void **state)
{
    ctx *c = calloc(1, sizeof *c);
    if (!c)
        return -1;
    c->a = bk__arena_new(0);
    if (!c->a) {
        free(c);
        return -1;
    }
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    ctx *c = *state;
    bk__arena_free(c->a);
    free(c);
    return 0;
}

static const bk_node *parse(ctx *c, const char *yaml)
{
    const bk_node *root = NULL;
    bk_error perr;
    assert_int_equal(bk__yaml_load_buffer(c->a, "f.yaml", yaml, strlen(yaml), NULL, &root, &perr),
                     0);
    bk__error_clear(&c->err);
    return root;
}

static void test_field_bool_absent_or_null_is_the_default(void **state)
{
    ctx *c = *state;
    const bk_node *m = parse(c, "cover: ~\n");
    int v = 0;
    assert_int_equal(bk__field_bool(m, "cover", 1, &v, &c->err), 0);
    assert_int_equal(v, 1);
    v = 1;
    assert_int_equal(bk__field_bool(m, "contents", 0, &v, &c->err), 0);
    assert_int_equal(v, 0);
    assert_int_equal(bk__field_bool(NULL, "contents", 1, &v, &c->err), 0);
    assert_int_equal(v, 1);
}

static void test_field_bool_reads_the_value(void **state)
{
    ctx *c = *state;
    const bk_node *m = parse(c, "cover: false\n");
    int v = 1;
    assert_int_equal(bk__field_bool(m, "cover", 1, &v, &c->err), 0);
    assert_int_equal(v, 0);
}

static void test_field_bool_refuses_text_at_the_value(void **state)
{
    ctx *c = *state;
    const bk_node *m = parse(c, "a: 1\ncover: maybe\n");
    int v;
    assert_int_equal(bk__field_bool(m, "cover", 1, &v, &c->err), BK_ETYPE);
    assert_string_equal(c->err.msg, "cover: expected true or false, got \"maybe\"");
    assert_int_equal(c->err.line, 2);
    assert_int_equal(c->err.col, 8);
}

static void test_field_bool_names_the_kind_of_a_list(void **state)
{
    ctx *c = *state;
    const bk_node *m = parse(c, "cover: [1]\n");
    int v;
    assert_int_equal(bk__field_bool(m, "cover", 1, &v, &c->err), BK_ETYPE);
    assert_string_equal(c->err.msg, "cover: expected true or false, got a list");
}

static void test_field_describe_cuts_long_text_at_a_character(void **state)
{
    ctx *c = *state;
    /* 59 ASCII bytes, then "é" (2 bytes) straddling the 60-byte cut */
    char yaml[128] = "v: ";
    memset(yaml + 3, 'x', 59);
    strcpy(yaml + 62, "\xc3\xa9tail\n");
    const bk_node *m = parse(c, yaml);
    char got[96];
    bk__field_describe(bk__node_get(m, "v"), got, sizeof got);
    char want[96] = "\"";
    memset(want + 1, 'x', 59);
    strcpy(want + 60, "...\"");
    assert_string_equal(got, want);
}

static void test_field_describe_keeps_short_text_whole(void **state)
{
    ctx *c = *state;
    const bk_node *m = parse(c, "v: abc\n");
    char got[96];
    bk__field_describe(bk__node_get(m, "v"), got, sizeof got);
    assert_string_equal(got, "\"abc\"");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_field_bool_absent_or_null_is_the_default),
        T(test_field_bool_reads_the_value),
        T(test_field_bool_refuses_text_at_the_value),
        T(test_field_bool_names_the_kind_of_a_list),
        T(test_field_describe_cuts_long_text_at_a_character),
        T(test_field_describe_keeps_short_text_whole),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
