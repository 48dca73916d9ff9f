/* Section options against a plugin's schema: every refusal names the option,
 * says what was expected and points at the YAML; defaults fill the gaps; a
 * malformed schema is caught at load time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Before cmocka.h: its fail() macro would rewrite host.h's `->fail(...)`. */
#include "arena.h"
#include "errors.h"
#include "options.h"
#include "yaml_load.h"

#include <cmocka.h>

#define SECTION "section 'overview' (zone_overview)"

static const char *const modes[] = {"brief", "full", NULL};

static const bk_option_spec schema[] = {
    {"figures", BK_OPT_LIST, 0, NULL, 0, 0, NULL, "figures to show"},
    {"max_rows", BK_OPT_INT, 0, "10", 1, 50, NULL, "rows shown at most"},
    {"scale", BK_OPT_NUMBER, 0, NULL, 0, 0, NULL, "size factor"},
    {"show_total", BK_OPT_BOOL, 0, "true", 0, 0, NULL, "add a total row"},
    {"mode", BK_OPT_ENUM, 0, "brief", 0, 0, modes, "how much to show"},
    {"title", BK_OPT_STRING, 0, "Untitled", 0, 0, NULL, "heading text"},
    {"extra", BK_OPT_NODE, 0, NULL, 0, 0, NULL, "anything"},
    {"columns", BK_OPT_LIST, 0, "[a, b]", 0, 0, NULL, "columns"},
    {"zone", BK_OPT_STRING, 1, NULL, 0, 0, NULL, "zone id in the data"},
    {NULL}};

static const bk_loc section_loc = {"tpl.yaml", 7, 3};

typedef struct ctx {
    bk_arena *a;
    bk_error err;
    bk_options *opts;
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

/* Parses `yaml` (the options map) and validates it against `s`. */
static int run(ctx *c, const bk_option_spec *s, const char *yaml)
{
    const bk_node *root = NULL;
    bk_error perr;
    int rc = bk__yaml_load_buffer(c->a, "tpl.yaml", yaml, strlen(yaml), NULL, &root, &perr);
    assert_int_equal(rc, 0);
    bk__error_clear(&c->err);
    return bk__options_validate(c->a, s, BK_ABI_MINOR, root, &section_loc, SECTION, &c->opts,
                                &c->err);
}

static void assert_error(const ctx *c, int code, const char *msg, int line, int col)
{
    assert_int_equal(c->err.code, code);
    assert_string_equal(c->err.msg, msg);
    assert_string_equal(c->err.file, "tpl.yaml");
    assert_int_equal(c->err.line, line);
    assert_int_equal(c->err.col, col);
}

static void test_options_unknown_option_suggests_close_name(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema, "zone: z\nfigurs: [a]\n"), BK_EUNKNOWN);
    assert_error(c, BK_EUNKNOWN,
                 SECTION ": unknown option \"figurs\"; did you mean \"figures\"? (expected one "
                         "of figures, max_rows, scale, show_total, mode, title, extra, columns, "
                         "zone)",
                 2, 1);
    assert_null(c->opts);
}

static void test_options_unknown_option_without_close_name_lists_valid_ones(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema, "zone: z\nwibblewobble: 1\n"), BK_EUNKNOWN);
    assert_error(c, BK_EUNKNOWN,
                 SECTION ": unknown option \"wibblewobble\" (expected one of figures, "
                         "max_rows, scale, show_total, mode, title, extra, columns, zone)",
                 2, 1);
}

static void test_options_unknown_option_when_plugin_takes_none(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, NULL, "size: 3\n"), BK_EUNKNOWN);
    assert_error(c, BK_EUNKNOWN, SECTION ": unknown option \"size\"; this plugin takes no options",
                 1, 1);
}

static void test_options_int_rejects_text(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema, "zone: z\nmax_rows: ten\n"), BK_ETYPE);
    assert_error(c, BK_ETYPE, SECTION ": option \"max_rows\" expects a whole number, got \"ten\"",
                 2, 11);
}

static void test_options_int_rejects_fraction(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema, "zone: z\nmax_rows: 2.5\n"), BK_ETYPE);
    assert_error(c, BK_ETYPE, SECTION ": option \"max_rows\" expects a whole number, got \"2.5\"",
                 2, 11);
}

static void test_options_int_out_of_range_names_the_range(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema, "zone: z\nmax_rows: 80\n"), BK_ETYPE);
    assert_error(c, BK_ETYPE,
                 SECTION ": option \"max_rows\" expects a whole number from 1 to 50, got 80", 2,
                 11);
}

static void test_options_number_rejects_nan(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema, "zone: z\nscale: nan\n"), BK_ETYPE);
    assert_error(c, BK_ETYPE, SECTION ": option \"scale\" expects a number, got \"nan\"", 2, 8);
}

static void test_options_bool_rejects_maybe(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema, "zone: z\nshow_total: maybe\n"), BK_ETYPE);
    assert_error(c, BK_ETYPE,
                 SECTION ": option \"show_total\" expects true or false, got \"maybe\"", 2, 13);
}

static void test_options_enum_lists_choices_and_suggests(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema, "zone: z\nmode: ful\n"), BK_ETYPE);
    assert_error(c, BK_ETYPE,
                 SECTION ": option \"mode\" expects one of \"brief\", \"full\", got \"ful\"; did "
                         "you mean \"full\"?",
                 2, 7);
}

static void test_options_list_rejects_scalar(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema, "zone: z\nfigures: gdp\n"), BK_ETYPE);
    assert_error(c, BK_ETYPE, SECTION ": option \"figures\" expects a list of strings, got \"gdp\"",
                 2, 10);
}

static void test_options_list_item_not_string_points_at_item(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema, "zone: z\nfigures:\n  - gdp\n  - {a: 1}\n"), BK_ETYPE);
    assert_error(c, BK_ETYPE,
                 SECTION ": option \"figures\" expects a list of strings, but item 2 is a map", 4,
                 5);
}

static void test_options_string_rejects_list(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema, "zone: z\ntitle: [a]\n"), BK_ETYPE);
    assert_error(c, BK_ETYPE, SECTION ": option \"title\" expects text, got a list", 2, 8);
}

static void test_options_node_accepts_any_value(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema, "zone: z\nextra: {a: [1, 2]}\n"), 0);
    const bk_node *n = bk__opt_node(c->opts, "extra");
    assert_non_null(n);
    assert_int_equal(bk__node_type(n), BK_NODE_MAP);
}

static void test_options_missing_required_points_at_section(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema, "title: x\n"), BK_EMISSING);
    assert_error(c, BK_EMISSING, SECTION ": missing required option \"zone\" (zone id in the data)",
                 7, 3);
}

static void test_options_not_a_map_is_refused(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema, "- zone\n"), BK_ETYPE);
    assert_error(c, BK_ETYPE, SECTION ": options must be a map of name: value, got a list", 1, 1);
}

static void test_options_defaults_applied(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema, "zone: z12\n"), 0);
    assert_string_equal(bk__opt_str(c->opts, "zone"), "z12");
    assert_true(bk__opt_has(c->opts, "max_rows"));
    assert_true(bk__opt_num(c->opts, "max_rows") == 10.0);
    assert_int_equal(bk__opt_bool(c->opts, "show_total"), 1);
    assert_string_equal(bk__opt_str(c->opts, "mode"), "brief");
    assert_string_equal(bk__opt_str(c->opts, "title"), "Untitled");
    const bk_node *cols = bk__opt_node(c->opts, "columns");
    assert_int_equal(bk__node_len(cols), 2);
    assert_string_equal(bk__node_str(bk__node_at(cols, 1)), "b");
}

static void test_options_unset_without_default_reads_as_absent(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema, "zone: z\n"), 0);
    assert_false(bk__opt_has(c->opts, "scale"));
    assert_true(isnan(bk__opt_num(c->opts, "scale")));
    assert_null(bk__opt_str(c->opts, "figures"));
    assert_null(bk__opt_node(c->opts, "no_such_option"));
}

static void test_options_given_value_beats_default(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema, "zone: z\nmax_rows: 20\nshow_total: no\nmode: full\n"), 0);
    assert_true(bk__opt_num(c->opts, "max_rows") == 20.0);
    assert_int_equal(bk__opt_bool(c->opts, "show_total"), 0);
    assert_string_equal(bk__opt_str(c->opts, "mode"), "full");
}

static void test_options_null_given_means_no_options(void **state)
{
    ctx *c = *state;
    static const bk_option_spec optional[] = {{"n", BK_OPT_INT, 0, "3", 0, 0, NULL, "a count"},
                                              {NULL}};
    bk__error_clear(&c->err);
    assert_int_equal(bk__options_validate(c->a, optional, BK_ABI_MINOR, NULL, &section_loc, SECTION,
                                          &c->opts, &c->err),
                     0);
    assert_true(bk__opt_num(c->opts, "n") == 3.0);
}

/* Schema checks. */
static int check(const bk_option_spec *s, char *why)
{
    why[0] = '\0';
    return bk__schema_check(s, BK_ABI_MINOR, why, 256);
}

static void test_schema_valid_passes(void **state)
{
    (void)state;
    char why[256];
    assert_int_equal(check(schema, why), 0);
    assert_int_equal(check(NULL, why), 0);
}

static void test_schema_enum_without_choices_refused(void **state)
{
    (void)state;
    static const bk_option_spec s[] = {{"style", BK_OPT_ENUM, 0, NULL, 0, 0, NULL, "h"}, {NULL}};
    char why[256];
    assert_int_equal(check(s, why), BK_EPLUGIN);
    assert_string_equal(why, "option 'style': an enum needs a non-empty 'choices' list");
}

static void test_schema_bad_name_refused(void **state)
{
    (void)state;
    static const bk_option_spec s[] = {{"Max Rows", BK_OPT_INT, 0, NULL, 0, 0, NULL, "h"}, {NULL}};
    char why[256];
    assert_int_equal(check(s, why), BK_EPLUGIN);
    assert_string_equal(why, "option 'Max Rows': a name may use only a-z, 0-9 and _");
}

static void test_schema_duplicate_name_refused(void **state)
{
    (void)state;
    static const bk_option_spec s[] = {{"a", BK_OPT_INT, 0, NULL, 0, 0, NULL, "h"},
                                       {"b", BK_OPT_INT, 0, NULL, 0, 0, NULL, "h"},
                                       {"a", BK_OPT_STRING, 0, NULL, 0, 0, NULL, "h"},
                                       {NULL}};
    char why[256];
    assert_int_equal(check(s, why), BK_EPLUGIN);
    assert_string_equal(why, "option 'a': declared twice (entries 1 and 3)");
}

static void test_schema_unknown_type_refused(void **state)
{
    (void)state;
    static const bk_option_spec s[] = {{"a", (bk_opt_type)99, 0, NULL, 0, 0, NULL, "h"}, {NULL}};
    char why[256];
    assert_int_equal(check(s, why), BK_EPLUGIN);
    assert_string_equal(why, "option 'a': unknown type 99");
}

static void test_schema_min_above_max_refused(void **state)
{
    (void)state;
    static const bk_option_spec s[] = {{"n", BK_OPT_NUMBER, 0, NULL, 5, 1, NULL, "h"}, {NULL}};
    char why[256];
    assert_int_equal(check(s, why), BK_EPLUGIN);
    assert_string_equal(why, "option 'n': min 5 is above max 1");
}

static void test_schema_default_of_wrong_type_refused(void **state)
{
    (void)state;
    static const bk_option_spec s[] = {{"n", BK_OPT_INT, 0, "ten", 0, 0, NULL, "h"}, {NULL}};
    char why[256];
    assert_int_equal(check(s, why), BK_EPLUGIN);
    assert_string_equal(why,
                        "option 'n': invalid default_value: expects a whole number, got \"ten\"");
}

static void test_schema_default_out_of_range_refused(void **state)
{
    (void)state;
    static const bk_option_spec s[] = {{"n", BK_OPT_INT, 0, "0", 1, 9, NULL, "h"}, {NULL}};
    char why[256];
    assert_int_equal(check(s, why), BK_EPLUGIN);
    assert_string_equal(
        why, "option 'n': invalid default_value: expects a whole number from 1 to 9, got 0");
}

static void test_schema_default_not_a_choice_refused(void **state)
{
    (void)state;
    static const bk_option_spec s[] = {{"m", BK_OPT_ENUM, 0, "medium", 0, 0, modes, "h"}, {NULL}};
    char why[256];
    assert_int_equal(check(s, why), BK_EPLUGIN);
    assert_string_equal(why, "option 'm': invalid default_value: expects one of \"brief\", "
                             "\"full\", got \"medium\"");
}

static void test_schema_list_default_must_be_list(void **state)
{
    (void)state;
    static const bk_option_spec s[] = {{"cols", BK_OPT_LIST, 0, "a", 0, 0, NULL, "h"}, {NULL}};
    char why[256];
    assert_int_equal(check(s, why), BK_EPLUGIN);
    assert_string_equal(
        why, "option 'cols': invalid default_value: expects a list of strings, got \"a\"");
}

static void test_schema_missing_help_refused(void **state)
{
    (void)state;
    static const bk_option_spec s[] = {{"n", BK_OPT_INT, 0, NULL, 0, 0, NULL, NULL}, {NULL}};
    char why[256];
    assert_int_equal(check(s, why), BK_EPLUGIN);
    assert_string_equal(why, "option 'n': missing help text");
}

/* ---- ABI 1.1: every mistake, LIST choices, open ranges ---- */

static const char *const statuses[] = {"planned", "signed", "done", NULL};
static const bk_option_spec schema_1_1[] = {
    {"statuses", BK_OPT_LIST, 0, NULL, 0, 0, statuses, "which to show"},
    {"budget", BK_OPT_NUMBER, 0, NULL, 0, BK_UNBOUNDED, NULL, "0 or more"},
    {"cap", BK_OPT_INT, 0, NULL, -BK_UNBOUNDED, 100, NULL, "at most 100"},
    {"name", BK_OPT_STRING, 1, NULL, 0, 0, NULL, "required"},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL}};

static void test_options_every_mistake_reported(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema_1_1, "budget: -1\ncolour: red\ncap: 101\n"), BK_ETYPE);
    /* The first mistake's code and place; one line per mistake. */
    assert_int_equal(c->err.line, 1);
    assert_int_equal(c->err.col, 9);
    assert_string_equal(c->err.msg, SECTION
                        ": option \"budget\" expects a number 0 or more, got -1\n"
                        "tpl.yaml:2:1: " SECTION ": unknown option \"colour\" (expected one "
                        "of statuses, budget, cap, name)\n"
                        "tpl.yaml:3:6: " SECTION ": option \"cap\" expects a whole number "
                        "at most 100, got 101\ntpl.yaml:7:3: " SECTION ": missing required option "
                        "\"name\" (required)");
    assert_null(c->opts);
}

static void test_options_list_choices(void **state)
{
    ctx *c = *state;
    assert_int_equal(run(c, schema_1_1, "name: x\nstatuses: [signed, sigend]\n"), BK_ETYPE);
    assert_error(c, BK_ETYPE,
                 SECTION ": option \"statuses\" expects items from \"planned\", \"signed\", "
                         "\"done\", got \"sigend\"; did you mean \"signed\"? (item 2)",
                 2, 20);
    assert_int_equal(run(c, schema_1_1, "name: x\nstatuses: [signed, done]\nbudget: 1e9\n"), 0);
}

static void test_options_list_choices_ignored_for_1_0(void **state)
{
    ctx *c = *state;
    const bk_node *root = NULL;
    bk_error perr;
    const char *yaml = "name: x\nstatuses: [anything]\n";
    assert_int_equal(bk__yaml_load_buffer(c->a, "tpl.yaml", yaml, strlen(yaml), NULL, &root, &perr),
                     0);
    assert_int_equal(
        bk__options_validate(c->a, schema_1_1, 0, root, &section_loc, SECTION, &c->opts, &c->err),
        0);
}

static void test_error_append_ends_at_a_whole_line(void **state)
{
    (void)state;
    bk_error all, one;
    bk__error_clear(&all);
    for (int i = 0; i < 40; i++) {
        bk__error_clear(&one);
        bk__error(&one, BK_ETYPE, NULL, "mistake number %d, described at some length here", i);
        bk__error_append(&all, &one);
    }
    assert_int_equal(all.code, BK_ETYPE);
    size_t len = strlen(all.msg);
    assert_true(len < sizeof all.msg);
    assert_string_equal(all.msg + len - strlen("\n(and more errors)"), "\n(and more errors)");
    assert_non_null(strstr(all.msg, "mistake number 0,"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_options_every_mistake_reported, setup, teardown),
        cmocka_unit_test_setup_teardown(test_options_list_choices, setup, teardown),
        cmocka_unit_test_setup_teardown(test_options_list_choices_ignored_for_1_0, setup, teardown),
        cmocka_unit_test(test_error_append_ends_at_a_whole_line),
        cmocka_unit_test_setup_teardown(test_options_unknown_option_suggests_close_name, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(
            test_options_unknown_option_without_close_name_lists_valid_ones, setup, teardown),
        cmocka_unit_test_setup_teardown(test_options_unknown_option_when_plugin_takes_none, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_options_int_rejects_text, setup, teardown),
        cmocka_unit_test_setup_teardown(test_options_int_rejects_fraction, setup, teardown),
        cmocka_unit_test_setup_teardown(test_options_int_out_of_range_names_the_range, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_options_number_rejects_nan, setup, teardown),
        cmocka_unit_test_setup_teardown(test_options_bool_rejects_maybe, setup, teardown),
        cmocka_unit_test_setup_teardown(test_options_enum_lists_choices_and_suggests, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_options_list_rejects_scalar, setup, teardown),
        cmocka_unit_test_setup_teardown(test_options_list_item_not_string_points_at_item, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_options_string_rejects_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_options_node_accepts_any_value, setup, teardown),
        cmocka_unit_test_setup_teardown(test_options_missing_required_points_at_section, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_options_not_a_map_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_options_defaults_applied, setup, teardown),
        cmocka_unit_test_setup_teardown(test_options_unset_without_default_reads_as_absent, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_options_given_value_beats_default, setup, teardown),
        cmocka_unit_test_setup_teardown(test_options_null_given_means_no_options, setup, teardown),
        cmocka_unit_test(test_schema_valid_passes),
        cmocka_unit_test(test_schema_enum_without_choices_refused),
        cmocka_unit_test(test_schema_bad_name_refused),
        cmocka_unit_test(test_schema_duplicate_name_refused),
        cmocka_unit_test(test_schema_unknown_type_refused),
        cmocka_unit_test(test_schema_min_above_max_refused),
        cmocka_unit_test(test_schema_default_of_wrong_type_refused),
        cmocka_unit_test(test_schema_default_out_of_range_refused),
        cmocka_unit_test(test_schema_default_not_a_choice_refused),
        cmocka_unit_test(test_schema_list_default_must_be_list),
        cmocka_unit_test(test_schema_missing_help_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
