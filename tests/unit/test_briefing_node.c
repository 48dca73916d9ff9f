/* The built-in `briefing` node: every section reads the briefing's own
 * section list (id, plugin, title, title_zh, in order) beside the data,
 * while the data files' tree stays as they made it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "template_fixture.h"

static int setup(void **state)
{
    return fixture_setup(state, "2025-03");
}

static int teardown(void **state)
{
    return fixture_teardown(state);
}

#define THREE                                                                                      \
    "briefkit: 1\n"                                                                                \
    "data: [zones.yaml]\n"                                                                         \
    "sections:\n"                                                                                  \
    "  - {plugin: issue_contents, id: toc, title: In this issue}\n"                                \
    "  - plugin: policy_timeline\n"                                                                \
    "    title: 'Policy events, {{ period.label }}'\n"                                             \
    "    title_zh: '{{ period.label_zh }}政策动态'\n"                                          \
    "  - {plugin: zone_overview, id: lj, title: '{{ zones.0.name }}'}\n"

#define ZONES "zones:\n  - {id: lj, name: Liangjiang}\n"

static const char *field(const bk_node *sections, size_t i, const char *key)
{
    return bk__node_str(bk__node_get(bk__node_at(sections, i), key));
}

static void test_briefing_sections_list_every_section_in_order(void **state)
{
    fixture *f = *state;
    put(f, "zones.yaml", ZONES);
    assert_int_equal(load(f, THREE), 0);
    const bk_node *list = bk__node_lookup(f->t->sections[0].data, "briefing.sections");
    assert_int_equal(bk__node_type(list), BK_NODE_LIST);
    assert_int_equal(bk__node_len(list), 3);
    assert_string_equal(field(list, 0, "id"), "toc");
    assert_string_equal(field(list, 0, "plugin"), "issue_contents");
    assert_string_equal(field(list, 1, "id"), "policy_timeline-2");
    assert_string_equal(field(list, 2, "id"), "lj");
    assert_string_equal(field(list, 2, "plugin"), "zone_overview");
}

static void test_briefing_titles_are_expanded_in_both_languages(void **state)
{
    fixture *f = *state;
    put(f, "zones.yaml", ZONES);
    assert_int_equal(load(f, THREE), 0);
    const bk_node *list = bk__node_lookup(f->t->section_data, "briefing.sections");
    assert_string_equal(field(list, 1, "title"), "Policy events, March 2025");
    assert_string_equal(field(list, 1, "title_zh"), "2025年3月政策动态");
    assert_string_equal(field(list, 2, "title"), "Liangjiang");
    /* no title_zh in the template: empty, so a reader falls back to title */
    assert_string_equal(field(list, 2, "title_zh"), "");
}

static void test_briefing_title_points_at_the_template(void **state)
{
    fixture *f = *state;
    put(f, "zones.yaml", ZONES);
    assert_int_equal(load(f, THREE), 0);
    const bk_node *title = bk__node_lookup(f->t->section_data, "briefing.sections.1.title");
    assert_non_null(title);
    assert_int_equal(title->loc.line, 6);
}

static void test_briefing_node_is_not_in_the_data_files_tree(void **state)
{
    fixture *f = *state;
    put(f, "zones.yaml", ZONES);
    assert_int_equal(load(f, THREE), 0);
    assert_int_equal(bk__node_len(f->t->data), 1);
    assert_null(bk__node_get(f->t->data, "briefing"));
    assert_int_equal(bk__node_len(f->t->section_data), 2);
    assert_non_null(bk__node_lookup(f->t->section_data, "zones.0.name"));
}

static void test_briefing_can_be_a_sections_data_path(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\nsections:\n"
                             "  - {plugin: a, data: briefing.sections}\n"
                             "  - {plugin: b, id: two, title: Two}\n"),
                     0);
    const bk_node *list = f->t->sections[0].data;
    assert_int_equal(bk__node_len(list), 2);
    assert_string_equal(field(list, 1, "title"), "Two");
}

static void test_briefing_key_in_a_data_file_is_refused_at_the_key(void **state)
{
    fixture *f = *state;
    put(f, "zones.yaml", "zones: []\nbriefing: {sections: []}\n");
    assert_int_equal(load(f, "briefkit: 1\ndata: [zones.yaml]\nsections:\n  - plugin: a\n"),
                     BK_EINVAL);
    assert_non_null(strstr(f->err.file, "zones.yaml"));
    assert_int_equal(f->err.line, 2);
    assert_int_equal(f->err.col, 1);
    assert_string_equal(f->err.msg, "the data key \"briefing\" is briefkit's own (the briefing's "
                                    "sections, for plugins to read); give this data another name");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_briefing_sections_list_every_section_in_order),
        T(test_briefing_titles_are_expanded_in_both_languages),
        T(test_briefing_title_points_at_the_template),
        T(test_briefing_node_is_not_in_the_data_files_tree),
        T(test_briefing_can_be_a_sections_data_path),
        T(test_briefing_key_in_a_data_file_is_refused_at_the_key),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
