/* Template loading: format version, keys, params and --set, built-ins,
 * data files, document settings and sections, each error at its node. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "template_fixture.h"

static int setup(void **state)
{
    return fixture_setup(state, NULL);
}

static int teardown(void **state)
{
    return fixture_teardown(state);
}

#define MINIMAL "briefkit: 1\nsections:\n  - plugin: text\n"

static void test_template_minimal_gets_defaults(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, MINIMAL), 0);
    const bk_doc_settings *d = &f->t->doc;
    assert_true(fabs(d->page_w - 595.276) < 0.001);
    assert_true(fabs(d->page_h - 841.89) < 0.001);
    assert_true(fabs(d->margin_top - 25 * 72 / 25.4) < 0.001);
    assert_string_equal(d->lang, "en");
    assert_string_equal(d->date, "2025-03-01");
    assert_string_equal(d->title, "");
    assert_null(d->header);
    assert_int_equal(d->cover, 1);
    assert_int_equal(d->contents, 1);
    assert_int_equal(f->t->n_sections, 1);
    const bk_section_spec *s = &f->t->sections[0];
    assert_string_equal(s->plugin, "text");
    assert_string_equal(s->id, "text-1");
    assert_string_equal(s->title, "");
    assert_null(s->engine);
    assert_int_equal(s->on_error, BK_ON_ERROR_FAIL);
    assert_null(s->options);
    assert_ptr_equal(s->data, f->t->section_data);
    assert_int_equal(bk__node_type(f->t->data), BK_NODE_MAP);
    assert_int_equal(d->stale_after_years, 3);
    assert_string_equal(f->t->dir, f->dir);
    assert_int_equal(s->node->loc.line, 3);
}

static void test_template_missing_version_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "sections:\n  - plugin: text\n"), BK_EMISSING);
    assert_non_null(strstr(f->err.msg, "briefkit: 1"));
    assert_string_equal(f->err.file, f->path);
}

static void test_template_other_version_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 2\nsections:\n  - plugin: text\n"), BK_EINVAL);
    assert_int_equal(f->err.line, 1);
    assert_int_equal(f->err.col, 11);
    assert_non_null(strstr(f->err.msg, "reads format 1"));
}

static void test_template_unknown_top_level_key_suggests(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\nsectons:\n  - plugin: text\n"), BK_EUNKNOWN);
    assert_int_equal(f->err.line, 2);
    assert_string_equal(f->err.msg,
                        "top level: unknown key \"sectons\"; did you mean \"sections\"? "
                        "(expected one of briefkit, document, params, data, sections)");
}

static void test_template_unknown_document_key_suggests(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\ndocument:\n  titel: X\n"
                             "sections:\n  - plugin: text\n"),
                     BK_EUNKNOWN);
    assert_int_equal(f->err.line, 3);
    assert_int_equal(f->err.col, 3);
    assert_string_equal(
        f->err.msg,
        "document: unknown key \"titel\"; did you mean \"title\"? (expected one "
        "of title, subtitle, author, subject, keywords, lang, page, margins, "
        "header, footer, classification, cover, contents, date, title_zh, "
        "subtitle_zh, author_zh, subject_zh, keywords_zh, header_zh, footer_zh, "
        "classification_zh, colors, break, stale_after_years, style, masthead, secrecy, "
        "handling, urgency, "
        "copies, recipients, banji, fonts, numbering, page_numbers)");
}

static void test_template_section_without_plugin_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\nsections:\n  - plugin: a\n  - title: x\n"), BK_EMISSING);
    assert_int_equal(f->err.line, 4);
    assert_int_equal(f->err.col, 5);
    assert_string_equal(f->err.msg,
                        "section 2 has no \"plugin\" (the name of the plugin that draws it)");
}

static void test_template_unknown_section_key_suggests(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\nsections:\n  - plugin: a\n    optoins: {}\n"),
                     BK_EUNKNOWN);
    assert_int_equal(f->err.line, 4);
    assert_int_equal(f->err.col, 5);
    assert_string_equal(
        f->err.msg,
        "section 1: unknown key \"optoins\"; did you mean \"options\"? "
        "(expected one of plugin, id, title, title_zh, engine, data, on_error, options, break)");
}

static void test_template_bad_page_size_lists_choices(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\ndocument:\n  page: {size: B5}\n"
                             "sections:\n  - plugin: a\n"),
                     BK_EINVAL);
    assert_int_equal(f->err.line, 3);
    assert_int_equal(f->err.col, 16);
    assert_string_equal(f->err.msg, "unknown page size \"B5\" (expected A4, A5, Letter or Legal)");
}

static void test_template_landscape_letter_swaps_sides(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\ndocument:\n  page: {size: Letter, orientation: "
                             "landscape}\nsections:\n  - plugin: a\n"),
                     0);
    assert_true(f->t->doc.page_w == 792);
    assert_true(f->t->doc.page_h == 612);
}

static void test_template_margins_must_leave_room_for_content(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\ndocument:\n  margins: {left: 80, right: 80}\n"
                             "sections:\n  - plugin: a\n"),
                     BK_EINVAL);
    assert_int_equal(f->err.line, 3);
    assert_non_null(strstr(f->err.msg, "at least 30%"));
}

static void test_template_negative_margin_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\ndocument:\n  margins: {top: -5}\n"
                             "sections:\n  - plugin: a\n"),
                     BK_EINVAL);
    assert_string_equal(f->err.msg, "margin top: expected 0 mm or more, got -5");
}

static void test_template_bad_lang_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\ndocument: {lang: fr}\nsections:\n  - plugin: a\n"),
                     BK_EINVAL);
    assert_string_equal(f->err.msg, "lang: expected en or zh, got \"fr\"");
}

#define PARAMS                                                                                     \
    "briefkit: 1\n"                                                                                \
    "params:\n"                                                                                    \
    "  zone: {type: enum, choices: [liangjiang, xixian], default: liangjiang}\n"                   \
    "  months: {type: number, default: 12}\n"                                                      \
    "document:\n"                                                                                  \
    "  title: \"Zone {{ zone }} over {{ months }} months, {{ year }}\"\n"                          \
    "sections:\n"                                                                                  \
    "  - plugin: a\n"                                                                              \
    "    options: {zone: \"{{ zone }}\", fixed: 3}\n"

static void test_template_params_defaults_expand(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, PARAMS), 0);
    assert_string_equal(f->t->doc.title, "Zone liangjiang over 12 months, 2025");
    assert_string_equal(bk__node_str(bk__node_get(f->t->sections[0].options, "zone")),
                        "liangjiang");
    assert_string_equal(bk__node_str(bk__node_get(f->t->params, "months")), "12");
}

static void test_template_set_overrides_default(void **state)
{
    fixture *f = *state;
    const char *sets[] = {"zone=xixian", "months=6"};
    f->in.sets = sets;
    f->in.n_sets = 2;
    assert_int_equal(load(f, PARAMS), 0);
    assert_string_equal(f->t->doc.title, "Zone xixian over 6 months, 2025");
}

static void test_template_unknown_set_names_it_with_suggestion(void **state)
{
    fixture *f = *state;
    const char *sets[] = {"zoen=xixian"};
    f->in.sets = sets;
    f->in.n_sets = 1;
    assert_int_equal(load(f, PARAMS), BK_EUNKNOWN);
    assert_string_equal(f->err.file, "");
    assert_string_equal(f->err.msg, "--set zoen=xixian: the template has no param \"zoen\" "
                                    "(did you mean \"zone\"?)");
}

static void test_template_set_value_checked_against_type(void **state)
{
    fixture *f = *state;
    const char *sets[] = {"months=12 %"};
    f->in.sets = sets;
    f->in.n_sets = 1;
    assert_int_equal(load(f, PARAMS), BK_EINVAL);
    assert_string_equal(f->err.msg, "--set months=12 %: expected a number, got \"12 %\"");
}

static void test_template_set_value_checked_against_choices(void **state)
{
    fixture *f = *state;
    const char *sets[] = {"zone=mars"};
    f->in.sets = sets;
    f->in.n_sets = 1;
    assert_int_equal(load(f, PARAMS), BK_EINVAL);
    assert_string_equal(f->err.msg,
                        "--set zone=mars: expected one of liangjiang, xixian; got \"mars\"");
}

static void test_template_required_param_missing_points_at_declaration(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\nparams:\n  zone: {required: true}\n"
                             "sections:\n  - plugin: a\n"),
                     BK_EMISSING);
    assert_int_equal(f->err.line, 3);
    assert_int_equal(f->err.col, 3);
    assert_string_equal(f->err.msg, "param \"zone\" is required: give it with --set zone=VALUE");
}

static void test_template_builtin_date_from_source_date_epoch(void **state)
{
    fixture *f = *state;
    f->in.date = NULL;
    setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
    int rc = load(f, "briefkit: 1\ndocument: {title: '{{ year }}/{{ month }}'}\n"
                     "sections:\n  - plugin: a\n");
    unsetenv("SOURCE_DATE_EPOCH");
    assert_int_equal(rc, 0);
    assert_string_equal(f->t->doc.date, "2023-11-14");
    assert_string_equal(f->t->doc.title, "2023/11");
}

#define ZONES                                                                                      \
    "zones:\n  - {id: lj, name_en: Liangjiang}\n  - {id: xx, name_en: Xixian}\nunit: CNY\n"

static void test_template_data_files_merge_and_resolve(void **state)
{
    fixture *f = *state;
    put(f, "zones.yaml", ZONES);
    put(f, "more.yaml", "unit: USD\nextra: 1\n");
    assert_int_equal(load(f, "briefkit: 1\ndata: [zones.yaml, more.yaml]\n"
                             "sections:\n  - plugin: a\n    data: zones.1\n"
                             "    title: '{{ zones.0.name_en }} in {{ unit }}'\n"),
                     0);
    assert_string_equal(bk__node_str(bk__node_get(f->t->sections[0].data, "id")), "xx");
    assert_string_equal(f->t->sections[0].title, "Liangjiang in USD");
    assert_int_equal(bk__node_len(f->t->data), 3);
    assert_string_equal(bk__node_key_at(f->t->data, 1), "unit");
}

static void test_template_extra_data_files_replace_keys(void **state)
{
    fixture *f = *state;
    put(f, "zones.yaml", ZONES);
    char extra[256];
    snprintf(extra, sizeof extra, "%s/extra.yaml", f->dir);
    put(f, "extra.yaml", "unit: EUR\n");
    const char *files[] = {extra};
    f->in.data_files = files;
    f->in.n_data_files = 1;
    assert_int_equal(load(f, "briefkit: 1\ndata: [zones.yaml]\nsections:\n  - plugin: a\n"), 0);
    assert_string_equal(bk__node_str(bk__node_get(f->t->data, "unit")), "EUR");
}

static void test_template_data_path_uses_params(void **state)
{
    fixture *f = *state;
    put(f, "zones.yaml", ZONES);
    assert_int_equal(load(f, "briefkit: 1\nparams:\n  file: {default: zones}\n"
                             "data: ['{{ file }}.yaml']\nsections:\n  - plugin: a\n"),
                     0);
    assert_non_null(bk__node_get(f->t->data, "zones"));
}

static void test_template_data_file_must_be_a_map(void **state)
{
    fixture *f = *state;
    put(f, "zones.yaml", "- a\n- b\n");
    assert_int_equal(load(f, "briefkit: 1\ndata: [zones.yaml]\nsections:\n  - plugin: a\n"),
                     BK_EDATA);
    assert_non_null(strstr(f->err.file, "zones.yaml"));
    assert_int_equal(f->err.line, 1);
}

static void test_template_unknown_data_path_points_at_value(void **state)
{
    fixture *f = *state;
    put(f, "zones.yaml", ZONES);
    assert_int_equal(load(f, "briefkit: 1\ndata: [zones.yaml]\n"
                             "sections:\n  - plugin: a\n    data: zoens\n"),
                     BK_EUNKNOWN);
    assert_int_equal(f->err.line, 5);
    assert_int_equal(f->err.col, 11);
    assert_string_equal(f->err.msg, "data: no \"zoens\" in the data (did you mean \"zones\"?)");
}

static void test_template_duplicate_section_ids_point_at_second(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\nsections:\n  - plugin: a\n    id: x\n"
                             "  - plugin: b\n    id: x\n"),
                     BK_EINVAL);
    assert_int_equal(f->err.line, 6);
    assert_int_equal(f->err.col, 9);
    assert_string_equal(f->err.msg, "duplicate section id \"x\" (first at line 3)");
}

static void test_template_default_ids_count_positions(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\nsections:\n  - plugin: a\n  - plugin: b\n"
                             "  - plugin: a\n    engine: cairo\n    on_error: placeholder\n"),
                     0);
    assert_string_equal(f->t->sections[2].id, "a-3");
    assert_string_equal(f->t->sections[2].engine, "cairo");
    assert_int_equal(f->t->sections[2].on_error, BK_ON_ERROR_PLACEHOLDER);
}

static void test_template_empty_sections_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\nsections: []\n"), BK_ETYPE);
    assert_string_equal(f->err.msg, "sections: expected a non-empty list, got an empty list");
}

static void test_template_too_many_sections_hits_limit(void **state)
{
    fixture *f = *state;
    size_t cap = 16 + 201 * 14;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t n = (size_t)snprintf(buf, cap, "briefkit: 1\nsections:\n");
    for (int i = 0; i < 201; i++)
        n += (size_t)snprintf(buf + n, cap - n, "  - plugin: a\n");
    int rc = load(f, buf);
    free(buf);
    assert_int_equal(rc, BK_ELIMIT);
}

static void test_template_stale_after_years_is_read(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\ndocument: {stale_after_years: 1}\n"
                             "sections:\n  - plugin: a\n"),
                     0);
    assert_int_equal(f->t->doc.stale_after_years, 1);
}

static void test_template_stale_after_years_not_a_whole_number_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\ndocument:\n  stale_after_years: 2.5\n"
                             "sections:\n  - plugin: a\n"),
                     BK_EINVAL);
    assert_int_equal(f->err.line, 3);
    assert_int_equal(f->err.col, 22);
    assert_string_equal(f->err.msg,
                        "stale_after_years: expected a whole number from 0 to 100, got \"2.5\"");
}

static void test_template_stale_after_years_out_of_range_is_an_error(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\ndocument: {stale_after_years: -1}\n"
                             "sections:\n  - plugin: a\n"),
                     BK_EINVAL);
    assert_string_equal(f->err.msg,
                        "stale_after_years: expected a whole number from 0 to 100, got \"-1\"");
}

static void test_template_bad_engine_lists_choices(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "briefkit: 1\nsections:\n  - {plugin: a, engine: skia}\n"), BK_EINVAL);
    assert_string_equal(f->err.msg, "engine: expected haru or cairo, got \"skia\"");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_template_minimal_gets_defaults),
        T(test_template_missing_version_is_an_error),
        T(test_template_other_version_is_an_error),
        T(test_template_unknown_top_level_key_suggests),
        T(test_template_unknown_document_key_suggests),
        T(test_template_section_without_plugin_is_an_error),
        T(test_template_unknown_section_key_suggests),
        T(test_template_bad_page_size_lists_choices),
        T(test_template_landscape_letter_swaps_sides),
        T(test_template_margins_must_leave_room_for_content),
        T(test_template_negative_margin_is_an_error),
        T(test_template_bad_lang_is_an_error),
        T(test_template_params_defaults_expand),
        T(test_template_set_overrides_default),
        T(test_template_unknown_set_names_it_with_suggestion),
        T(test_template_set_value_checked_against_type),
        T(test_template_set_value_checked_against_choices),
        T(test_template_required_param_missing_points_at_declaration),
        T(test_template_builtin_date_from_source_date_epoch),
        T(test_template_data_files_merge_and_resolve),
        T(test_template_extra_data_files_replace_keys),
        T(test_template_data_path_uses_params),
        T(test_template_data_file_must_be_a_map),
        T(test_template_unknown_data_path_points_at_value),
        T(test_template_duplicate_section_ids_point_at_second),
        T(test_template_default_ids_count_positions),
        T(test_template_empty_sections_is_an_error),
        T(test_template_too_many_sections_hits_limit),
        T(test_template_bad_engine_lists_choices),
        T(test_template_stale_after_years_is_read),
        T(test_template_stale_after_years_not_a_whole_number_is_an_error),
        T(test_template_stale_after_years_out_of_range_is_an_error),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
