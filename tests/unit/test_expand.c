/* {{ }} expansion: lookup order, errors with locations, sharing in trees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "expand.h"
#include "node.h"
#include "yaml_load.h"

typedef struct fixture {
    bk_arena *a;
    bk_vars vars;
    bk_error err;
    const char *out;
} fixture;

static const bk_loc here = {"tpl.yaml", 12, 10};

static const bk_node *yaml(bk_arena *a, const char *text)
{
    const bk_node *root = NULL;
    bk_error err;
    if (bk__yaml_load_buffer(a, "data.yaml", text, strlen(text), NULL, &root, &err) != 0)
        return NULL;
    return root;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    *state = f;
    f->a = bk__arena_new(0);
    if (!f->a)
        return -1;
    f->vars.params =
        yaml(f->a, "zone: liangjiang\nyear: '1999'\nlooped: 'Briefing {{ looped }}'\n");
    f->vars.builtins = yaml(f->a, "date: 2025-03-01\nyear: '2025'\nmonth: '03'\n");
    f->vars.data = yaml(f->a, "zones:\n  - id: liangjiang\n    name_en: Liangjiang New Area\n"
                              "    gdp: 4.2\n  - id: binhai\n    name_en: Binhai New Area\n"
                              "empty: ~\ntitle: Report\n");
    return f->vars.params && f->vars.builtins && f->vars.data ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bk__arena_free(f->a);
    free(f);
    return 0;
}

static int expand(fixture *f, const char *s)
{
    return bk__expand_string(f->a, s, &here, &f->vars, &f->out, &f->err);
}

static void test_expand_without_braces_returns_same_string(void **state)
{
    fixture *f = *state;
    const char *s = "no variables here }}";
    assert_int_equal(expand(f, s), 0);
    assert_ptr_equal(f->out, s);
}

static void test_expand_param_with_and_without_spaces(void **state)
{
    fixture *f = *state;
    assert_int_equal(expand(f, "Zone {{zone}} / {{  zone }}."), 0);
    assert_string_equal(f->out, "Zone liangjiang / liangjiang.");
}

static void test_expand_params_win_over_builtins(void **state)
{
    fixture *f = *state;
    assert_int_equal(expand(f, "{{ year }}-{{ month }}"), 0);
    assert_string_equal(f->out, "1999-03");
}

static void test_expand_dotted_data_path(void **state)
{
    fixture *f = *state;
    assert_int_equal(expand(f, "{{ zones.0.name_en }}: {{ zones.0.gdp }}"), 0);
    assert_string_equal(f->out, "Liangjiang New Area: 4.2");
}

static void test_expand_null_value_is_empty_text(void **state)
{
    fixture *f = *state;
    assert_int_equal(expand(f, "[{{ empty }}]"), 0);
    assert_string_equal(f->out, "[]");
}

static void test_expand_unknown_name_reports_location_and_suggestion(void **state)
{
    fixture *f = *state;
    assert_int_equal(expand(f, "Zone {{ zoen }}"), BK_EUNKNOWN);
    assert_string_equal(f->err.file, "tpl.yaml");
    assert_int_equal(f->err.line, 12);
    assert_int_equal(f->err.col, 10);
    assert_string_equal(f->err.msg,
                        "{{ zoen }}: no param, built-in or data named \"zoen\" (did you mean "
                        "\"zone\"?)");
}

/* A value holding {{ }} is never expanded again (no loops, no template code
 * in data) and never printed as is: refused, naming where it was written. */
static void test_expand_value_holding_braces_is_refused_with_its_origin(void **state)
{
    fixture *f = *state;
    assert_int_equal(expand(f, "Title: {{ looped }}"), BK_EINVAL);
    assert_string_equal(f->err.file, "tpl.yaml");
    assert_int_equal(f->err.line, 12);
    assert_string_equal(f->err.msg,
                        "{{ looped }}: its value \"Briefing {{ looped }}\" (written at "
                        "data.yaml:3:9) holds {{ }} itself, which briefkit does not expand "
                        "inside a value: write the text out in full there, or put the {{ }} "
                        "here in the template");
}

static void test_expand_unknown_data_path_names_it(void **state)
{
    fixture *f = *state;
    assert_int_equal(expand(f, "{{ zones.3.name_en }}"), BK_EUNKNOWN);
    assert_string_equal(f->err.msg, "{{ zones.3.name_en }}: the data has no \"zones.3.name_en\"");
}

static void test_expand_selector_picks_the_list_item_by_a_param(void **state)
{
    fixture *f = *state;
    assert_int_equal(expand(f, "{{ zones[id=zone].name_en }} ({{ zones[id=zone].gdp }})"), 0);
    assert_string_equal(f->out, "Liangjiang New Area (4.2)");
}

static void test_expand_selector_value_may_be_a_flat_builtin(void **state)
{
    fixture *f = *state;
    f->vars.builtins = yaml(f->a, "period.zone: binhai\n");
    assert_int_equal(expand(f, "{{ zones[id=period.zone].name_en }}"), 0);
    assert_string_equal(f->out, "Binhai New Area");
}

static void test_expand_selector_errors_say_what_did_not_match(void **state)
{
    fixture *f = *state;
    assert_int_equal(expand(f, "{{ zones[id=month].name_en }}"), BK_EUNKNOWN);
    assert_int_equal(f->err.line, 12);
    assert_string_equal(f->err.msg, "{{ zones[id=month].name_en }}: no item has id \"03\" "
                                    "(the value of month)");
    assert_int_equal(expand(f, "{{ zones[id=nope].name_en }}"), BK_EUNKNOWN);
    assert_string_equal(f->err.msg, "{{ zones[id=nope].name_en }}: [id=nope]: \"nope\" is no "
                                    "param or built-in with a text value");
    assert_int_equal(expand(f, "{{ title[id=zone] }}"), BK_EUNKNOWN);
    assert_non_null(strstr(f->err.msg, "[id=zone] selects from a list"));
    assert_int_equal(expand(f, "{{ zones[id].name_en }}"), BK_EUNKNOWN);
    assert_non_null(strstr(f->err.msg, "a selector is written [FIELD=NAME]"));
    /* A path that names nothing is reported as one. */
    assert_int_equal(expand(f, "{{ zonez[id=zone].name_en }}"), BK_EUNKNOWN);
    assert_non_null(strstr(f->err.msg, "no param, built-in or data named"));
}

static void test_expand_unclosed_braces_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(expand(f, "Zone {{ zone"), BK_ESYNTAX);
    assert_int_equal(f->err.line, 12);
    assert_string_equal(f->err.msg, "unclosed \"{{\" in \"Zone {{ zone\" (expected \"}}\")");
}

static void test_expand_empty_name_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(expand(f, "a {{  }} b"), BK_ESYNTAX);
    assert_non_null(strstr(f->err.msg, "empty {{ }}"));
}

static void test_expand_list_value_is_not_text(void **state)
{
    fixture *f = *state;
    assert_int_equal(expand(f, "{{ zones }}"), BK_ETYPE);
    assert_string_equal(f->err.msg, "{{ zones }} is a list, not text");
}

static void test_expand_result_is_bounded_by_arena_limit(void **state)
{
    (void)state;
    bk_arena *a = bk__arena_new(64 * 1024);
    bk_node *params = bk__node_new(a, BK_NODE_MAP, here);
    char *big = bk__arena_alloc(a, 20000);
    memset(big, 'x', 19999);
    bk__node_append(a, params, bk__node_string(a, "big", here), bk__node_string(a, big, here));
    bk_vars vars = {params, NULL, NULL};
    const char *out;
    bk_error err;
    int rc = bk__expand_string(a, "{{big}}{{big}}{{big}}{{big}}", &here, &vars, &out, &err);
    bk__arena_free(a);
    assert_int_equal(rc, BK_ELIMIT);
}

static void test_expand_tree_shares_unchanged_subtrees(void **state)
{
    fixture *f = *state;
    const bk_node *tree = yaml(f->a, "a: {x: 1, y: [2, 3]}\nb: 'zone {{ zone }}'\n");
    const bk_node *out;
    assert_int_equal(bk__expand_tree(f->a, tree, &f->vars, &out, &f->err), 0);
    assert_ptr_not_equal(out, tree);
    assert_ptr_equal(bk__node_get(out, "a"), bk__node_get(tree, "a"));
    assert_string_equal(bk__node_str(bk__node_get(out, "b")), "zone liangjiang");
    assert_int_equal(bk__node_get(out, "b")->loc.line, 2);
    assert_ptr_equal(bk__node_key_node(out, "b"), bk__node_key_node(tree, "b"));
}

static void test_expand_tree_without_variables_returns_same_tree(void **state)
{
    fixture *f = *state;
    const bk_node *tree = yaml(f->a, "a: {x: 1}\nb: [c, d]\n");
    const bk_node *out;
    assert_int_equal(bk__expand_tree(f->a, tree, &f->vars, &out, &f->err), 0);
    assert_ptr_equal(out, tree);
}

static void test_expand_tree_error_points_at_the_string(void **state)
{
    fixture *f = *state;
    const bk_node *tree = yaml(f->a, "a: ok\nb:\n  - fine\n  - '{{ nope }}'\n");
    const bk_node *out;
    assert_int_equal(bk__expand_tree(f->a, tree, &f->vars, &out, &f->err), BK_EUNKNOWN);
    assert_string_equal(f->err.file, "data.yaml");
    assert_int_equal(f->err.line, 4);
    assert_int_equal(f->err.col, 5);
}

static void test_expand_tree_handles_alias_bomb_once_per_shared_node(void **state)
{
    fixture *f = *state;
    /* 7 levels x 5 aliases: 78,125 leaves if walked naively. */
    char buf[2048];
    size_t off = (size_t)snprintf(buf, sizeof buf, "l0: &l0 ['{{ zone }}']\n");
    for (int i = 1; i <= 7; i++) {
        off += (size_t)snprintf(buf + off, sizeof buf - off, "l%d: &l%d [", i, i);
        for (int j = 0; j < 5; j++)
            off += (size_t)snprintf(buf + off, sizeof buf - off, "%s*l%d", j ? "," : "", i - 1);
        off += (size_t)snprintf(buf + off, sizeof buf - off, "]\n");
    }
    const bk_node *tree = yaml(f->a, buf);
    assert_non_null(tree);
    size_t before = bk__arena_used(f->a);
    const bk_node *out;
    assert_int_equal(bk__expand_tree(f->a, tree, &f->vars, &out, &f->err), 0);
    assert_true(bk__arena_used(f->a) - before < 16 * 1024);
    const bk_node *l7 = bk__node_get(out, "l7");
    assert_ptr_equal(bk__node_at(l7, 0), bk__node_at(l7, 4));
    assert_string_equal(bk__node_str(bk__node_lookup(out, "l7.4.4.4.4.4.4.4.0")), "liangjiang");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_expand_without_braces_returns_same_string),
        T(test_expand_param_with_and_without_spaces),
        T(test_expand_params_win_over_builtins),
        T(test_expand_dotted_data_path),
        T(test_expand_null_value_is_empty_text),
        T(test_expand_unknown_name_reports_location_and_suggestion),
        T(test_expand_value_holding_braces_is_refused_with_its_origin),
        T(test_expand_unknown_data_path_names_it),
        T(test_expand_selector_picks_the_list_item_by_a_param),
        T(test_expand_selector_value_may_be_a_flat_builtin),
        T(test_expand_selector_errors_say_what_did_not_match),
        T(test_expand_unclosed_braces_is_an_error),
        T(test_expand_empty_name_is_an_error),
        T(test_expand_list_value_is_not_text),
        T(test_expand_result_is_bounded_by_arena_limit),
        T(test_expand_tree_shares_unchanged_subtrees),
        T(test_expand_tree_without_variables_returns_same_tree),
        T(test_expand_tree_error_points_at_the_string),
        T(test_expand_tree_handles_alias_bomb_once_per_shared_node),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
