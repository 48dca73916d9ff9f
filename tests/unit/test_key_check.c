/* The one "unknown key" check: a key that is not allowed is refused at its
 * own location, with "did you mean" when a valid key is close and the list
 * of valid keys always. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "errors.h"
#include "key_check.h"
#include "yaml_load.h"

#include <cmocka.h>

static const char *const job_fields[] = {"name", "template", "params",    "output",
                                         "data", "for_each", "overrides", NULL};

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
    assert_int_equal(bk__yaml_load_buffer(c->a, "k.yaml", yaml, strlen(yaml), NULL, &root, &perr),
                     0);
    bk__error_clear(&c->err);
    return root;
}

static void test_key_check_known_keys_pass(void **state)
{
    ctx *c = *state;
    const bk_node *m = parse(c, "name: a\noutput: b.pdf\ntemplate: t.yaml\n");
    assert_int_equal(bk__key_check(m, job_fields, "job 1", "field", &c->err), 0);
    assert_int_equal(c->err.code, 0);
}

static void test_key_check_typo_suggests_and_lists(void **state)
{
    ctx *c = *state;
    const bk_node *m = parse(c, "name: a\noutptu: b.pdf\n");
    assert_int_equal(bk__key_check(m, job_fields, "job 1", "field", &c->err), BK_EUNKNOWN);
    assert_int_equal(c->err.code, BK_EUNKNOWN);
    assert_string_equal(c->err.msg, "job 1: unknown field \"outptu\"; did you mean \"output\"? "
                                    "(expected one of name, template, params, output, data, "
                                    "for_each, overrides)");
}

static void test_key_check_points_at_the_key(void **state)
{
    ctx *c = *state;
    const bk_node *m = parse(c, "name: a\n\n  # a comment\noutptu: b.pdf\n");
    assert_int_equal(bk__key_check(m, job_fields, "job 1", "field", &c->err), BK_EUNKNOWN);
    assert_string_equal(c->err.file, "k.yaml");
    assert_int_equal(c->err.line, 4);
    assert_int_equal(c->err.col, 1);
}

static void test_key_check_far_name_lists_without_suggesting(void **state)
{
    ctx *c = *state;
    const bk_node *m = parse(c, "wibblewobble: 1\n");
    assert_int_equal(bk__key_check(m, job_fields, "job 1", "field", &c->err), BK_EUNKNOWN);
    assert_string_equal(c->err.msg, "job 1: unknown field \"wibblewobble\" (expected one of name, "
                                    "template, params, output, data, for_each, overrides)");
}

static void test_key_check_reports_the_first_unknown_key(void **state)
{
    ctx *c = *state;
    const bk_node *m = parse(c, "nmae: a\noutptu: b.pdf\n");
    assert_int_equal(bk__key_check(m, job_fields, NULL, "field", &c->err), BK_EUNKNOWN);
    assert_int_equal(c->err.line, 1);
    assert_non_null(strstr(c->err.msg, "did you mean \"name\"?"));
}

static void test_key_check_without_context_has_no_prefix(void **state)
{
    ctx *c = *state;
    static const char *const keys[] = {"top", "left", NULL};
    const bk_node *m = parse(c, "tpo: 1\n");
    assert_int_equal(bk__key_check(m, keys, NULL, "key", &c->err), BK_EUNKNOWN);
    assert_string_equal(c->err.msg,
                        "unknown key \"tpo\"; did you mean \"top\"? (expected one of top, left)");
    assert_int_equal(bk__key_check(m, keys, "", "key", &c->err), BK_EUNKNOWN);
    assert_string_equal(c->err.msg,
                        "unknown key \"tpo\"; did you mean \"top\"? (expected one of top, left)");
}

static void test_key_check_nothing_allowed_says_none(void **state)
{
    ctx *c = *state;
    static const char *const none[] = {NULL};
    const bk_node *m = parse(c, "size: 3\n");
    assert_int_equal(bk__key_check(m, none, "margins", "key", &c->err), BK_EUNKNOWN);
    assert_string_equal(c->err.msg, "margins: unknown key \"size\" (expected none)");
}

static void test_key_check_long_list_is_cut_with_an_ellipsis(void **state)
{
    ctx *c = *state;
    enum { N = 200 };
    static char names[N][16];
    static const char *keys[N + 1];
    for (int i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "option_%03d", i);
        keys[i] = names[i];
    }
    keys[N] = NULL;
    const bk_node *m = parse(c, "zzz: 1\n");
    assert_int_equal(bk__key_check(m, keys, "many", "key", &c->err), BK_EUNKNOWN);
    const char *msg = c->err.msg;
    size_t len = strlen(msg);
    assert_true(len < sizeof c->err.msg - 1);
    assert_non_null(strstr(msg, "(expected one of option_000, option_001, "));
    assert_string_equal(msg + len - 6, ", ...)");
}

static void test_key_check_empty_map_passes(void **state)
{
    ctx *c = *state;
    const bk_node *m = parse(c, "{}\n");
    assert_int_equal(bk__key_check(m, job_fields, "job 1", "field", &c->err), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_key_check_known_keys_pass),
        T(test_key_check_typo_suggests_and_lists),
        T(test_key_check_points_at_the_key),
        T(test_key_check_far_name_lists_without_suggesting),
        T(test_key_check_reports_the_first_unknown_key),
        T(test_key_check_without_context_has_no_prefix),
        T(test_key_check_nothing_allowed_says_none),
        T(test_key_check_long_list_is_cut_with_an_ellipsis),
        T(test_key_check_empty_map_passes),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
