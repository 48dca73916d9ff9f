/* The data tree: construction, accessors, strict number and bool reading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "node.h"
#include "suggest.h"

static const bk_loc here = {"n.yaml", 3, 7};

static int setup(void **state)
{
    bk_arena *a = bk__arena_new(0);
    *state = a;
    return a ? 0 : -1;
}

static int teardown(void **state)
{
    bk__arena_free(*state);
    return 0;
}

static int num(bk_arena *a, const char *s, double *out)
{
    return bk__node_num(bk__node_string(a, s, here), out);
}

static void test_node_string_copies_text_and_location(void **state)
{
    char text[] = "hello";
    bk_node *n = bk__node_string(*state, text, here);
    text[0] = 'j';
    assert_string_equal(bk__node_str(n), "hello");
    assert_int_equal(n->len, 5);
    assert_int_equal(n->loc.line, 3);
    assert_int_equal(n->loc.col, 7);
}

static void test_node_append_keeps_order_past_growth(void **state)
{
    bk_arena *a = *state;
    bk_node *list = bk__node_new(a, BK_NODE_LIST, here);
    bk_node *items[1000];
    char buf[16];
    for (int i = 0; i < 1000; i++) {
        snprintf(buf, sizeof buf, "%d", i);
        items[i] = bk__node_string(a, buf, here);
    }
    size_t before = bk__arena_used(a);
    for (int i = 0; i < 1000; i++)
        assert_int_equal(bk__node_append(a, list, NULL, items[i]), 0);
    assert_int_equal(bk__node_len(list), 1000);
    for (int i = 0; i < 1000; i++) {
        snprintf(buf, sizeof buf, "%d", i);
        assert_string_equal(bk__node_str(bk__node_at(list, (size_t)i)), buf);
    }
    /* amortised growth: all the arrays together stay within 4x the final one */
    assert_true(bk__arena_used(a) - before <= 4 * 1000 * sizeof(void *));
}

static void test_node_append_rejects_key_mismatch(void **state)
{
    bk_arena *a = *state;
    bk_node *list = bk__node_new(a, BK_NODE_LIST, here);
    bk_node *map = bk__node_new(a, BK_NODE_MAP, here);
    bk_node *s = bk__node_string(a, "x", here);
    assert_int_equal(bk__node_append(a, list, s, s), BK_EINVAL);
    assert_int_equal(bk__node_append(a, map, NULL, s), BK_EINVAL);
    assert_int_equal(bk__node_append(a, s, NULL, s), BK_EINVAL);
}

static bk_node *sample(bk_arena *a)
{
    bk_node *root = bk__node_new(a, BK_NODE_MAP, here);
    bk_node *zones = bk__node_new(a, BK_NODE_LIST, here);
    bk_node *z0 = bk__node_new(a, BK_NODE_MAP, here);
    bk__node_append(a, z0, bk__node_string(a, "name_en", here),
                    bk__node_string(a, "Liangjiang", here));
    bk__node_append(a, zones, NULL, z0);
    bk__node_append(a, root, bk__node_string(a, "zones", here), zones);
    bk_loc kloc = {"n.yaml", 9, 1};
    bk__node_append(a, root, bk__node_string(a, "2024", kloc), bk__node_string(a, "y", here));
    return root;
}

static void test_node_lookup_follows_maps_and_list_indexes(void **state)
{
    const bk_node *root = sample(*state);
    assert_string_equal(bk__node_str(bk__node_lookup(root, "zones.0.name_en")), "Liangjiang");
    assert_ptr_equal(bk__node_lookup(root, ""), root);
    assert_string_equal(bk__node_str(bk__node_lookup(root, "2024")), "y");
}

static void test_node_lookup_returns_null_for_bad_paths(void **state)
{
    const bk_node *root = sample(*state);
    assert_null(bk__node_lookup(root, "zones.1.name_en"));
    assert_null(bk__node_lookup(root, "zones.x"));
    assert_null(bk__node_lookup(root, "zones.-1"));
    assert_null(bk__node_lookup(root, "zones..0"));
    assert_null(bk__node_lookup(root, "zones.0.name_en.more"));
    assert_null(bk__node_lookup(root, "nope"));
    assert_null(bk__node_lookup(NULL, "zones"));
}

static void test_node_key_node_gives_key_location(void **state)
{
    const bk_node *root = sample(*state);
    const bk_node *k = bk__node_key_node(root, "2024");
    assert_non_null(k);
    assert_int_equal(k->loc.line, 9);
    assert_string_equal(bk__node_key_at(root, 0), "zones");
    assert_null(bk__node_key_at(root, 2));
}

static void test_node_accessors_are_null_safe(void **state)
{
    (void)state;
    double d;
    int b;
    assert_int_equal(bk__node_type(NULL), BK_NODE_NULL);
    assert_null(bk__node_get(NULL, "a"));
    assert_null(bk__node_key_node(NULL, "a"));
    assert_int_equal(bk__node_len(NULL), 0);
    assert_null(bk__node_at(NULL, 0));
    assert_null(bk__node_key_at(NULL, 0));
    assert_null(bk__node_str(NULL));
    assert_int_equal(bk__node_num(NULL, &d), BK_ETYPE);
    assert_int_equal(bk__node_bool(NULL, &b), BK_ETYPE);
    assert_string_equal(bk__node_kind_name(NULL), "nothing");
}

static void test_node_get_on_non_map_is_null(void **state)
{
    bk_node *s = bk__node_string(*state, "x", here);
    assert_null(bk__node_get(s, "x"));
    assert_int_equal(bk__node_len(s), 0);
}

static void test_node_num_reads_decimal_numbers(void **state)
{
    bk_arena *a = *state;
    double d = 0;
    assert_int_equal(num(a, "12", &d), 0);
    assert_true(d == 12.0);
    assert_int_equal(num(a, "-2.5", &d), 0);
    assert_true(d == -2.5);
    assert_int_equal(num(a, "1e3", &d), 0);
    assert_true(d == 1000.0);
    assert_int_equal(num(a, "+.5", &d), 0);
    assert_true(d == 0.5);
}

static void test_node_num_rejects_anything_but_a_whole_number(void **state)
{
    bk_arena *a = *state;
    const char *bad[] = {"",     " 12",   "12 ", "12 %", "nan", "NaN", "inf", "-inf", "Infinity",
                         "0x1A", "1e999", "1,5", "abc",  ".",   "-",   "1e",  "--1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double d = 42;
        assert_int_equal(num(a, bad[i], &d), BK_ETYPE);
        assert_true(d == 42);
    }
}

static void test_node_num_rejects_non_strings(void **state)
{
    bk_arena *a = *state;
    double d;
    assert_int_equal(bk__node_num(bk__node_new(a, BK_NODE_NULL, here), &d), BK_ETYPE);
    assert_int_equal(bk__node_num(bk__node_new(a, BK_NODE_LIST, here), &d), BK_ETYPE);
}

static void test_node_bool_accepts_true_false_yes_no_any_case(void **state)
{
    bk_arena *a = *state;
    int b = -1;
    assert_int_equal(bk__node_bool(bk__node_string(a, "TRUE", here), &b), 0);
    assert_int_equal(b, 1);
    assert_int_equal(bk__node_bool(bk__node_string(a, "Yes", here), &b), 0);
    assert_int_equal(b, 1);
    assert_int_equal(bk__node_bool(bk__node_string(a, "false", here), &b), 0);
    assert_int_equal(b, 0);
    assert_int_equal(bk__node_bool(bk__node_string(a, "NO", here), &b), 0);
    assert_int_equal(b, 0);
    assert_int_equal(bk__node_bool(bk__node_string(a, "1", here), &b), BK_ETYPE);
    assert_int_equal(bk__node_bool(bk__node_string(a, "on", here), &b), BK_ETYPE);
}

static void test_node_kind_name_names_each_type(void **state)
{
    bk_arena *a = *state;
    assert_string_equal(bk__node_kind_name(bk__node_string(a, "x", here)), "a string");
    assert_string_equal(bk__node_kind_name(bk__node_new(a, BK_NODE_LIST, here)), "a list");
    assert_string_equal(bk__node_kind_name(bk__node_new(a, BK_NODE_MAP, here)), "a map");
    assert_string_equal(bk__node_kind_name(bk__node_new(a, BK_NODE_NULL, here)), "nothing");
}

static void test_arena_allocations_are_aligned_and_zeroed(void **state)
{
    bk_arena *a = *state;
    for (size_t n = 1; n < 200000; n = n * 3 + 1) {
        unsigned char *p = bk__arena_alloc(a, n);
        assert_non_null(p);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(p[i], 0);
        memset(p, 0xAB, n);
    }
}

static void test_arena_refuses_past_limit(void **state)
{
    (void)state;
    bk_arena *a = bk__arena_new(1024);
    assert_non_null(bk__arena_alloc(a, 1000));
    assert_null(bk__arena_alloc(a, 100));
    assert_non_null(bk__arena_alloc(a, 16));
    assert_int_equal(bk__arena_used(a), 1024);
    bk__arena_free(a);
}

static void test_arena_printf_formats(void **state)
{
    assert_string_equal(bk__arena_printf(*state, "%s-%d", "zone", 3), "zone-3");
}

static void test_suggest_finds_close_name(void **state)
{
    (void)state;
    const char *const names[] = {"plugin", "options", "title", NULL};
    assert_string_equal(bk__did_you_mean("optoins", names), "options");
    assert_string_equal(bk__did_you_mean("plugn", names), "plugin");
    assert_null(bk__did_you_mean("zzzzzz", names));
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_node_string_copies_text_and_location),
        T(test_node_append_keeps_order_past_growth),
        T(test_node_append_rejects_key_mismatch),
        T(test_node_lookup_follows_maps_and_list_indexes),
        T(test_node_lookup_returns_null_for_bad_paths),
        T(test_node_key_node_gives_key_location),
        T(test_node_accessors_are_null_safe),
        T(test_node_get_on_non_map_is_null),
        T(test_node_num_reads_decimal_numbers),
        T(test_node_num_rejects_anything_but_a_whole_number),
        T(test_node_num_rejects_non_strings),
        T(test_node_bool_accepts_true_false_yes_no_any_case),
        T(test_node_kind_name_names_each_type),
        T(test_arena_allocations_are_aligned_and_zeroed),
        T(test_arena_refuses_past_limit),
        T(test_arena_printf_formats),
        T(test_suggest_finds_close_name),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
