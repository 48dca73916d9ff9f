/* Reporting periods: parsing, month arithmetic, bounds, labels, default. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "period.h"

static bk_period parse_ok(const char *s)
{
    bk_period p = {0, 0};
    bk_error err;
    assert_int_equal(bk__period_parse(s, NULL, &p, &err), 0);
    return p;
}

static void assert_rejected(const char *s, const char *fragment)
{
    bk_period p = {0, 0};
    bk_error err;
    assert_int_equal(bk__period_parse(s, NULL, &p, &err), BK_EINVAL);
    assert_non_null(strstr(err.msg, fragment));
}

static void test_period_parse_reads_year_and_month(void **state)
{
    (void)state;
    bk_period p = parse_ok("2025-02");
    assert_int_equal(p.year, 2025);
    assert_int_equal(p.month, 2);
}

static void test_period_parse_rejects_month_13(void **state)
{
    (void)state;
    assert_rejected("2025-13", "month 13 is not 01 to 12");
    assert_rejected("2025-00", "month 00 is not 01 to 12");
}

static void test_period_parse_rejects_one_digit_month(void **state)
{
    (void)state;
    assert_rejected("2025-2", "is not YYYY-MM");
}

static void test_period_parse_rejects_letters(void **state)
{
    (void)state;
    assert_rejected("abcd-01", "\"abcd-01\" is not YYYY-MM");
    assert_rejected("2025-02x", "is not YYYY-MM");
    assert_rejected("", "no period given");
}

static void test_period_parse_rejects_year_before_1900(void **state)
{
    (void)state;
    assert_rejected("1899-12", "year 1899 is before 1900");
    parse_ok("1900-01");
    parse_ok("9999-12");
}

static void test_period_parse_error_carries_location(void **state)
{
    (void)state;
    bk_loc loc = {"schedule.yaml", 3, 9};
    bk_period p;
    bk_error err;
    assert_int_equal(bk__period_parse("2025-13", &loc, &p, &err), BK_EINVAL);
    assert_string_equal(err.file, "schedule.yaml");
    assert_int_equal(err.line, 3);
    assert_int_equal(err.col, 9);
}

static void test_period_previous_crosses_year_boundary(void **state)
{
    (void)state;
    char buf[BK_PERIOD_TEXT];
    assert_string_equal(bk__period_format(bk__period_previous(parse_ok("2025-01")), buf),
                        "2024-12");
    assert_string_equal(bk__period_format(bk__period_previous(parse_ok("2025-03")), buf),
                        "2025-02");
}

static void test_period_year_ago_keeps_month(void **state)
{
    (void)state;
    char buf[BK_PERIOD_TEXT];
    assert_string_equal(bk__period_format(bk__period_year_ago(parse_ok("2025-01")), buf),
                        "2024-01");
}

static void test_period_end_february_follows_leap_years(void **state)
{
    (void)state;
    char buf[BK_PERIOD_DATE];
    assert_string_equal(bk__period_end(parse_ok("2024-02"), buf), "2024-02-29");
    assert_string_equal(bk__period_end(parse_ok("2025-02"), buf), "2025-02-28");
    assert_string_equal(bk__period_end(parse_ok("1900-02"), buf), "1900-02-28");
    assert_string_equal(bk__period_end(parse_ok("2000-02"), buf), "2000-02-29");
}

static void test_period_end_other_months(void **state)
{
    (void)state;
    char buf[BK_PERIOD_DATE];
    assert_string_equal(bk__period_end(parse_ok("2025-04"), buf), "2025-04-30");
    assert_string_equal(bk__period_end(parse_ok("2025-12"), buf), "2025-12-31");
    assert_string_equal(bk__period_start(parse_ok("2025-12"), buf), "2025-12-01");
}

static void test_period_labels_in_english_and_chinese(void **state)
{
    (void)state;
    char buf[BK_PERIOD_LABEL];
    assert_string_equal(bk__period_label(parse_ok("2025-02"), "en", buf), "February 2025");
    assert_string_equal(bk__period_label(parse_ok("2025-02"), "zh", buf), "2025年2月");
    assert_string_equal(bk__period_label(parse_ok("2024-12"), NULL, buf), "December 2024");
}

static void test_period_default_is_month_before_source_date_epoch(void **state)
{
    (void)state;
    bk_period p;
    bk_error err;
    /* 2025-03-01T00:00:00Z */
    assert_int_equal(setenv("SOURCE_DATE_EPOCH", "1740787200", 1), 0);
    assert_int_equal(bk__period_resolve(NULL, &p, &err), 0);
    assert_int_equal(p.year, 2025);
    assert_int_equal(p.month, 2);
    /* 2025-01-15: the default crosses into the previous year. */
    assert_int_equal(setenv("SOURCE_DATE_EPOCH", "1736899200", 1), 0);
    assert_int_equal(bk__period_resolve("", &p, &err), 0);
    assert_int_equal(p.year, 2024);
    assert_int_equal(p.month, 12);
    unsetenv("SOURCE_DATE_EPOCH");
}

static void test_period_resolve_prefers_given_text(void **state)
{
    (void)state;
    bk_period p;
    bk_error err;
    assert_int_equal(setenv("SOURCE_DATE_EPOCH", "1740787200", 1), 0);
    assert_int_equal(bk__period_resolve("2023-07", &p, &err), 0);
    assert_int_equal(p.year, 2023);
    assert_int_equal(p.month, 7);
    unsetenv("SOURCE_DATE_EPOCH");
}

static void test_period_builtins_are_flat_keys(void **state)
{
    (void)state;
    bk_arena *a = bk__arena_new(0);
    assert_non_null(a);
    bk_loc none = {NULL, 0, 0};
    bk_node *map = bk__node_new(a, BK_NODE_MAP, none);
    bk_error err;
    assert_int_equal(bk__period_builtins(a, parse_ok("2025-01"), "zh", map, &err), 0);
    assert_string_equal(bk__node_str(bk__node_get(map, "period")), "2025-01");
    assert_string_equal(bk__node_str(bk__node_get(map, "period.start")), "2025-01-01");
    assert_string_equal(bk__node_str(bk__node_get(map, "period.end")), "2025-01-31");
    assert_string_equal(bk__node_str(bk__node_get(map, "period.label")), "2025年1月");
    assert_string_equal(bk__node_str(bk__node_get(map, "period.label_en")), "January 2025");
    assert_string_equal(bk__node_str(bk__node_get(map, "period.previous")), "2024-12");
    assert_string_equal(bk__node_str(bk__node_get(map, "period.year_ago")), "2024-01");
    bk__arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_period_parse_reads_year_and_month),
        cmocka_unit_test(test_period_parse_rejects_month_13),
        cmocka_unit_test(test_period_parse_rejects_one_digit_month),
        cmocka_unit_test(test_period_parse_rejects_letters),
        cmocka_unit_test(test_period_parse_rejects_year_before_1900),
        cmocka_unit_test(test_period_parse_error_carries_location),
        cmocka_unit_test(test_period_previous_crosses_year_boundary),
        cmocka_unit_test(test_period_year_ago_keeps_month),
        cmocka_unit_test(test_period_end_february_follows_leap_years),
        cmocka_unit_test(test_period_end_other_months),
        cmocka_unit_test(test_period_labels_in_english_and_chinese),
        cmocka_unit_test(test_period_default_is_month_before_source_date_epoch),
        cmocka_unit_test(test_period_resolve_prefers_given_text),
        cmocka_unit_test(test_period_builtins_are_flat_keys),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
