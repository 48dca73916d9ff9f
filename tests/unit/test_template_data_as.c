/* Template data entries written as maps ({file, as, optional}): a file's
 * whole tree under a key of its own, beside the merged data, so a template
 * can read this month's and an earlier month's zones.yaml at once. Every
 * mistake is reported at its node. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "template_fixture.h"

static int setup(void **state)
{
    return fixture_setup(state, "2025-02");
}

static int teardown(void **state)
{
    return fixture_teardown(state);
}

#define NOW "zones:\n  - {id: lj, value: 12}\n"
#define PREV "zones:\n  - {id: lj, value: 10}\n"
#define AGO "zones:\n  - {id: lj, value: 8}\n"
#define SECTIONS "sections:\n  - plugin: a\n"

static void test_data_as_puts_the_file_under_its_name_beside_merged_keys(void **state)
{
    fixture *f = *state;
    put(f, "data/2025-02/zones.yaml", NOW);
    put(f, "data/2025-01/zones.yaml", PREV);
    put(f, "data/2024-02/zones.yaml", AGO);
    assert_int_equal(
        load(f, "briefkit: 1\n"
                "data:\n"
                "  - data/{{ period }}/zones.yaml\n"
                "  - {file: 'data/{{ period.previous }}/zones.yaml', as: previous}\n"
                "  - {file: 'data/{{ period.year_ago }}/zones.yaml', as: year_ago}\n" SECTIONS),
        0);
    const bk_node *d = f->t->data;
    assert_int_equal(bk__node_len(d), 3);
    assert_string_equal(bk__node_key_at(d, 0), "zones");
    assert_string_equal(bk__node_key_at(d, 1), "previous");
    assert_string_equal(bk__node_key_at(d, 2), "year_ago");
    assert_string_equal(bk__node_str(bk__node_lookup(d, "zones.0.value")), "12");
    assert_string_equal(bk__node_str(bk__node_lookup(d, "previous.zones.0.value")), "10");
    assert_string_equal(bk__node_str(bk__node_lookup(d, "year_ago.zones.0.value")), "8");
}

static void test_data_as_tree_is_usable_in_expansions(void **state)
{
    fixture *f = *state;
    put(f, "data/2025-01/zones.yaml", PREV);
    assert_int_equal(load(f, "briefkit: 1\n"
                             "data: [{file: data/2025-01/zones.yaml, as: previous}]\n"
                             "document: {title: 'was {{ previous.zones.0.value }}'}\n" SECTIONS),
                     0);
    assert_string_equal(f->t->doc.title, "was 10");
}

static void test_data_map_entry_without_as_merges_like_a_path(void **state)
{
    fixture *f = *state;
    put(f, "data/2025-02/zones.yaml", NOW);
    assert_int_equal(load(f, "briefkit: 1\ndata: [{file: data/2025-02/zones.yaml}]\n" SECTIONS), 0);
    assert_string_equal(bk__node_str(bk__node_lookup(f->t->data, "zones.0.value")), "12");
}

static void test_data_optional_missing_file_leaves_the_key_absent(void **state)
{
    fixture *f = *state;
    put(f, "data/2025-02/zones.yaml", NOW);
    assert_int_equal(load(f, "briefkit: 1\n"
                             "data:\n"
                             "  - data/{{ period }}/zones.yaml\n"
                             "  - {file: 'data/{{ period.previous }}/zones.yaml', as: previous,\n"
                             "     optional: true}\n" SECTIONS),
                     0);
    assert_int_equal(bk__node_len(f->t->data), 1);
    assert_null(bk__node_get(f->t->data, "previous"));
}

static void test_data_missing_file_without_optional_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_not_equal(
        load(f, "briefkit: 1\ndata: [{file: data/2025-01/zones.yaml, as: previous}]\n" SECTIONS),
        0);
    /* Reported where the template names the file, with the path tried. */
    assert_int_equal(f->err.line, 2);
    assert_non_null(strstr(f->err.msg, "data file \"data/2025-01/zones.yaml\""));
    assert_non_null(strstr(f->err.msg, "cannot open"));
}

static void test_data_optional_file_that_is_malformed_is_still_an_error(void **state)
{
    fixture *f = *state;
    put(f, "data/2025-01/zones.yaml", "zones: [unclosed\n");
    assert_int_not_equal(
        load(f, "briefkit: 1\ndata:\n"
                "  - {file: data/2025-01/zones.yaml, as: previous, optional: true}\n" SECTIONS),
        0);
    assert_non_null(strstr(f->err.file, "zones.yaml"));
}

static void test_data_as_clashing_with_an_earlier_file_key_points_at_the_entry(void **state)
{
    fixture *f = *state;
    put(f, "data/2025-02/zones.yaml", "previous: 1\n" NOW);
    put(f, "data/2025-01/zones.yaml", PREV);
    assert_int_equal(load(f, "briefkit: 1\n"
                             "data:\n"
                             "  - data/2025-02/zones.yaml\n"
                             "  - {file: data/2025-01/zones.yaml, as: previous}\n" SECTIONS),
                     BK_EINVAL);
    assert_int_equal(f->err.line, 4);
    assert_int_equal(f->err.col, 41);
    assert_non_null(strstr(f->err.msg, "as: \"previous\" clashes with the top-level key"));
}

static void test_data_as_clashing_with_a_later_file_key_points_at_the_entry(void **state)
{
    fixture *f = *state;
    put(f, "data/2025-02/zones.yaml", NOW);
    put(f, "data/2025-01/zones.yaml", PREV);
    assert_int_equal(load(f, "briefkit: 1\n"
                             "data:\n"
                             "  - {file: data/2025-01/zones.yaml, as: zones, optional: true}\n"
                             "  - data/2025-02/zones.yaml\n" SECTIONS),
                     BK_EINVAL);
    assert_int_equal(f->err.line, 3);
    assert_non_null(strstr(f->err.msg, "as: \"zones\" clashes"));
    assert_non_null(strstr(f->err.msg, "2025-02/zones.yaml (line 1)"));
}

static void test_data_as_clash_counts_even_when_the_optional_file_is_missing(void **state)
{
    fixture *f = *state;
    put(f, "data/2025-02/zones.yaml", NOW);
    assert_int_equal(load(f, "briefkit: 1\n"
                             "data:\n"
                             "  - {file: data/2025-01/zones.yaml, as: zones, optional: true}\n"
                             "  - data/2025-02/zones.yaml\n" SECTIONS),
                     BK_EINVAL);
    assert_int_equal(f->err.line, 3);
}

static void test_data_two_entries_with_one_as_name_is_an_error(void **state)
{
    fixture *f = *state;
    put(f, "data/2025-01/zones.yaml", PREV);
    put(f, "data/2024-02/zones.yaml", AGO);
    assert_int_equal(load(f, "briefkit: 1\n"
                             "data:\n"
                             "  - {file: data/2025-01/zones.yaml, as: earlier}\n"
                             "  - {file: data/2024-02/zones.yaml, as: earlier}\n" SECTIONS),
                     BK_EINVAL);
    assert_int_equal(f->err.line, 4);
    assert_non_null(strstr(f->err.msg, "already the name of the data entry at line 3"));
}

static void test_data_as_clashing_with_an_extra_data_file_is_an_error(void **state)
{
    fixture *f = *state;
    put(f, "data/2025-01/zones.yaml", PREV);
    put(f, "extra.yaml", "previous: {}\n");
    char extra[256];
    snprintf(extra, sizeof extra, "%s/extra.yaml", f->dir);
    const char *files[] = {extra};
    f->in.data_files = files;
    f->in.n_data_files = 1;
    assert_int_equal(
        load(f, "briefkit: 1\ndata: [{file: data/2025-01/zones.yaml, as: previous}]\n" SECTIONS),
        BK_EINVAL);
    assert_int_equal(f->err.line, 2);
    assert_non_null(strstr(f->err.msg, "extra.yaml"));
}

static void test_data_entry_unknown_key_suggests(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\ndata:\n  - {fiel: zones.yaml, as: previous}\n" SECTIONS),
                     BK_EUNKNOWN);
    assert_int_equal(f->err.line, 3);
    assert_int_equal(f->err.col, 6);
    assert_string_equal(f->err.msg, "data entry: unknown key \"fiel\"; did you mean \"file\"? "
                                    "(expected one of file, as, optional)");
}

static void test_data_entry_without_file_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\ndata:\n  - {as: previous, optional: true}\n" SECTIONS),
                     BK_EMISSING);
    assert_int_equal(f->err.line, 3);
    assert_non_null(strstr(f->err.msg, "no \"file\""));
}

static void test_data_entry_file_must_be_text(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\ndata:\n  - {file: [a.yaml], as: previous}\n" SECTIONS),
                     BK_ETYPE);
    assert_int_equal(f->err.line, 3);
    assert_int_equal(f->err.col, 12);
    assert_non_null(strstr(f->err.msg, "file: expected a file path, got a list"));
}

static void test_data_entry_as_must_be_a_name(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\ndata:\n  - {file: a.yaml, as: {x: 1}}\n" SECTIONS),
                     BK_ETYPE);
    assert_non_null(strstr(f->err.msg, "as: expected a name"));
}

static void test_data_entry_as_with_a_dot_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\ndata:\n  - {file: a.yaml, as: last.month}\n" SECTIONS),
                     BK_EINVAL);
    assert_non_null(strstr(f->err.msg, "without dots"));
}

static void test_data_entry_optional_must_be_a_bool(void **state)
{
    fixture *f = *state;
    assert_int_equal(
        load(f, "briefkit: 1\ndata:\n  - {file: a.yaml, as: p, optional: maybe}\n" SECTIONS),
        BK_ETYPE);
    assert_int_equal(f->err.line, 3);
    assert_non_null(strstr(f->err.msg, "optional: expected true or false, got \"maybe\""));
}

static void test_data_entry_of_another_type_names_both_forms(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\ndata:\n  - [a.yaml]\n" SECTIONS), BK_ETYPE);
    assert_non_null(
        strstr(f->err.msg, "expected a file path or a map like {file: PATH, as: NAME}"));
}

static void test_data_entry_file_outside_the_allowed_folders_is_refused(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\ndata:\n"
                             "  - {file: /etc/hostname, as: host, optional: true}\n" SECTIONS),
                     BK_EPATH);
    assert_int_equal(f->err.line, 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_data_as_puts_the_file_under_its_name_beside_merged_keys),
        T(test_data_as_tree_is_usable_in_expansions),
        T(test_data_map_entry_without_as_merges_like_a_path),
        T(test_data_optional_missing_file_leaves_the_key_absent),
        T(test_data_missing_file_without_optional_is_an_error),
        T(test_data_optional_file_that_is_malformed_is_still_an_error),
        T(test_data_as_clashing_with_an_earlier_file_key_points_at_the_entry),
        T(test_data_as_clashing_with_a_later_file_key_points_at_the_entry),
        T(test_data_as_clash_counts_even_when_the_optional_file_is_missing),
        T(test_data_two_entries_with_one_as_name_is_an_error),
        T(test_data_as_clashing_with_an_extra_data_file_is_an_error),
        T(test_data_entry_unknown_key_suggests),
        T(test_data_entry_without_file_is_an_error),
        T(test_data_entry_file_must_be_text),
        T(test_data_entry_as_must_be_a_name),
        T(test_data_entry_as_with_a_dot_is_an_error),
        T(test_data_entry_optional_must_be_a_bool),
        T(test_data_entry_of_another_type_names_both_forms),
        T(test_data_entry_file_outside_the_allowed_folders_is_refused),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
