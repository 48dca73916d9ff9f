/* Numbers, changes and dates in both languages: one table of cases each,
 * with the rounding edges (9,999.5万), negatives, zero and NaN refused. */
/* host.h before cmocka.h, whose fail() macro would hit the host's slot. */
#include <briefkit/error.h>
#include <briefkit/host.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "number_format.h"

typedef struct num_case {
    int zh;
    double value;
    const char *scale, *unit, *qualifier;
    int part;
    const char *want;
} num_case;

static const num_case num_cases[] = {
    /* 万 and 亿, four significant digits, at most two decimals */
    {1, 402500, "万", "元", NULL, BK_NUM_ALL, "40.25亿元"},
    {1, 40.25, "billion", "元", NULL, BK_NUM_ALL, "402.5亿元"},
    {1, 200000, NULL, "家", "nearly", BK_NUM_ALL, "近20万家"},
    {1, 1500, NULL, "家", "more_than", BK_NUM_ALL, "超1500家"},
    {1, 7, "trillion", "元", "nearly", BK_NUM_ALL, "近7万亿元"},
    {1, 200, "billion", "元", NULL, BK_NUM_ALL, "2000亿元"},
    {1, 150, "billion", "元", "over", BK_NUM_ALL, "逾1500亿元"},
    {1, 64.2, NULL, "%", "about", BK_NUM_ALL, "约64.2%"},
    {1, 11.9, NULL, "%", NULL, BK_NUM_ALL, "11.9%"},
    {1, 12345678, NULL, NULL, NULL, BK_NUM_ALL, "1235万"},
    {1, 123456789012345.0, NULL, "元", NULL, BK_NUM_ALL, "123.5万亿元"},
    {1, 40.25, "billion", "元", NULL, BK_NUM_VALUE, "402.5"},
    {1, 40.25, "billion", "元", NULL, BK_NUM_UNIT, "亿元"},
    /* the rounding edges: 9,999.5万 carries into 亿; 9,999.4万 does not */
    {1, 9999.5, "万", "元", NULL, BK_NUM_ALL, "1亿元"},
    {1, 9999.4, "万", "元", NULL, BK_NUM_ALL, "9999万元"},
    {1, 9999.5, NULL, NULL, NULL, BK_NUM_ALL, "1万"},
    {1, 1.005, NULL, NULL, NULL, BK_NUM_ALL, "1.01"},
    /* negatives and zero */
    {1, -402500, "万", "元", NULL, BK_NUM_ALL, "-40.25亿元"},
    {1, 0, "亿", "元", NULL, BK_NUM_ALL, "0元"},
    {1, -0.001, NULL, "%", NULL, BK_NUM_ALL, "0%"},
    /* English: thousands separators, million/billion/trillion */
    {0, 40250, NULL, NULL, NULL, BK_NUM_ALL, "40,250"},
    {0, 402500, "万", "yuan", NULL, BK_NUM_ALL, "4.03 billion yuan"},
    {0, 40.25, "billion", "yuan", NULL, BK_NUM_ALL, "40.25 billion yuan"},
    {0, 200000, NULL, "enterprises", "nearly", BK_NUM_ALL, "nearly 200,000 enterprises"},
    {0, 1500, NULL, "companies", "more_than", BK_NUM_ALL, "more than 1,500 companies"},
    {0, 90, NULL, "%", "about", BK_NUM_ALL, "about 90%"},
    {0, 999999, NULL, NULL, NULL, BK_NUM_ALL, "999,999"},
    {0, 999999999, NULL, "yuan", NULL, BK_NUM_ALL, "1 billion yuan"},
    {0, -1234.5, NULL, NULL, NULL, BK_NUM_ALL, "-1,235"},
    {0, 0, NULL, "yuan", NULL, BK_NUM_ALL, "0 yuan"},
    {0, 7, "trillion", "yuan", NULL, BK_NUM_UNIT, "trillion yuan"},
    {0, 1500, NULL, NULL, "more_than", BK_NUM_VALUE, "more than 1,500"},
};

static void test_numbers_in_both_languages(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof num_cases / sizeof num_cases[0]; i++) {
        const num_case *c = &num_cases[i];
        char out[64];
        int rc = bk__num_format(c->zh, c->value, c->scale, c->unit, c->qualifier, 0, c->part, out,
                                sizeof out);
        if (rc != 0 || strcmp(out, c->want) != 0)
            fail_msg("case %zu (%g %s): got \"%s\" (rc %d), want \"%s\"", i, c->value,
                     c->scale ? c->scale : "", out, rc, c->want);
    }
}

static void test_numbers_refuse_what_is_not_a_number(void **state)
{
    (void)state;
    char out[64] = "x";
    assert_int_equal(bk__num_format(1, NAN, NULL, "元", NULL, 0, BK_NUM_ALL, out, sizeof out),
                     BK_EINVAL);
    assert_string_equal(out, "");
    assert_int_equal(bk__num_format(0, INFINITY, NULL, NULL, NULL, 0, BK_NUM_ALL, out, sizeof out),
                     BK_EINVAL);
    assert_int_equal(bk__num_format(0, 1, "gazillion", NULL, NULL, 0, BK_NUM_ALL, out, sizeof out),
                     BK_EINVAL);
    assert_int_equal(bk__num_format(0, 1, NULL, NULL, "roughly", 0, BK_NUM_ALL, out, sizeof out),
                     BK_EINVAL);
    assert_int_equal(bk__num_format(1, 402500, "万", "元", NULL, 0, BK_NUM_ALL, out, 4), BK_EINVAL);
    assert_int_equal(bk__num_change(1, NAN, BK_CHANGE_PERCENT, BK_BASIS_YOY, out, sizeof out),
                     BK_EINVAL);
    assert_true(bk__num_magnitude(1, NAN, NULL) == 0);
}

static void test_one_magnitude_for_an_axis(void **state)
{
    (void)state;
    double m = bk__num_magnitude(1, 200, "billion");
    assert_true(m == 1e8);
    char out[64];
    assert_int_equal(
        bk__num_format(1, 40.25, "billion", NULL, NULL, m, BK_NUM_ALL, out, sizeof out), 0);
    assert_string_equal(out, "402.5亿");
    assert_int_equal(bk__num_format(1, 5, NULL, NULL, NULL, 1, BK_NUM_ALL, out, sizeof out), 0);
    assert_string_equal(out, "5");
    assert_true(bk__num_magnitude(0, 9999.5, "万") == 1e6);
}

typedef struct change_case {
    int zh;
    double change;
    int kind, basis;
    const char *want;
} change_case;

static const change_case change_cases[] = {
    {1, 6.1, BK_CHANGE_PERCENT, BK_BASIS_YOY, "同比增长6.1%"},
    {1, -0.5, BK_CHANGE_POINTS, BK_BASIS_NONE, "下降0.5个百分点"},
    {1, 0.5, BK_CHANGE_POINTS, BK_BASIS_MOM, "环比提高0.5个百分点"},
    {1, 0.04, BK_CHANGE_PERCENT, BK_BASIS_NONE, "持平"},
    {1, -0.04, BK_CHANGE_PERCENT, BK_BASIS_YOY, "同比持平"},
    {1, -12.25, BK_CHANGE_PERCENT, BK_BASIS_MOM, "环比下降12.3%"},
    {0, 6.1, BK_CHANGE_PERCENT, BK_BASIS_YOY, "up 6.1% year on year"},
    {0, -0.5, BK_CHANGE_POINTS, BK_BASIS_NONE, "down 0.5 percentage points"},
    {0, 0, BK_CHANGE_PERCENT, BK_BASIS_MOM, "unchanged month on month"},
    {0, 150, BK_CHANGE_PERCENT, BK_BASIS_NONE, "up 150.0%"},
};

static void test_changes_as_phrases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof change_cases / sizeof change_cases[0]; i++) {
        const change_case *c = &change_cases[i];
        char out[64];
        int rc = bk__num_change(c->zh, c->change, c->kind, c->basis, out, sizeof out);
        if (rc != 0 || strcmp(out, c->want) != 0)
            fail_msg("change case %zu: got \"%s\" (rc %d), want \"%s\"", i, out, rc, c->want);
    }
}

static void test_dates_and_periods(void **state)
{
    (void)state;
    static const struct {
        int zh;
        const char *iso, *want;
    } cases[] = {{1, "2025-03-01", "2025年3月1日"},
                 {0, "2025-03-01", "1 March 2025"},
                 {1, "2025-03", "2025年3月"},
                 {0, "2025-03", "March 2025"},
                 {1, "2020", "2020年"},
                 {0, "2020", "2020"},
                 {0, "2024-02-29", "29 February 2024"}};
    char out[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(bk__num_date(cases[i].zh, cases[i].iso, out, sizeof out), 0);
        assert_string_equal(out, cases[i].want);
    }
    static const char *const bad[] = {"2025-13", "2025-02-29", "25-03", "2025/03", "", NULL};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(bk__num_date(1, bad[i], out, sizeof out), BK_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers_in_both_languages),
        cmocka_unit_test(test_numbers_refuse_what_is_not_a_number),
        cmocka_unit_test(test_one_magnitude_for_an_axis),
        cmocka_unit_test(test_changes_as_phrases),
        cmocka_unit_test(test_dates_and_periods),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
