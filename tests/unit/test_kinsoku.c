/* Chinese line-breaking prohibitions: no 。，、；：？！）」 at a line start,
 * no （「“ at a line end (spaces hanging past it), and breaks between
 * ideographs left alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "kinsoku.h"

static void test_closing_punctuation_never_starts_a_line(void **state)
{
    (void)state;
    static const uint32_t closing[] = {0x3002, 0xFF0C, 0x3001, 0xFF1B, 0xFF1A,
                                       0xFF1F, 0xFF01, 0xFF09, 0x300D};
    for (size_t i = 0; i < sizeof closing / sizeof closing[0]; i++) {
        assert_true(bk__kinsoku_no_start(closing[i]));
        assert_false(bk__kinsoku_may_break(0x533A /* 区 */, closing[i]));
    }
}

static void test_opening_punctuation_never_ends_a_line(void **state)
{
    (void)state;
    static const uint32_t opening[] = {0xFF08, 0x300C, 0x201C};
    for (size_t i = 0; i < sizeof opening / sizeof opening[0]; i++) {
        assert_true(bk__kinsoku_no_end(opening[i]));
        assert_false(bk__kinsoku_may_break(opening[i], 0x91CD /* 重 */));
    }
}

static void test_ideographs_break_freely(void **state)
{
    (void)state;
    assert_true(bk__kinsoku_may_break(0x4E24 /* 两 */, 0x6C5F /* 江 */));
    assert_true(bk__kinsoku_may_break(0x3002 /* 。 */, 0x91CD /* 重 */));
    assert_true(bk__kinsoku_may_break(0x533A /* 区 */, 0xFF08 /* （ */));
}

static void test_apply_clears_only_forbidden_breaks(void **state)
{
    (void)state;
    /* 新区（重庆）。 with UAX #14 allowing a break after every character. */
    const uint32_t cps[] = {0x65B0, 0x533A, 0xFF08, 0x91CD, 0x5E86, 0xFF09, 0x3002};
    unsigned char allow[7];
    memset(allow, 1, sizeof allow);
    assert_int_equal(bk__kinsoku_apply(cps, 7, allow), 3);
    const unsigned char want[7] = {1, 1, 0, 1, 0, 0, 1};
    assert_memory_equal(allow, want, sizeof want);
}

static void test_apply_looks_past_spaces_that_hang(void **state)
{
    (void)state;
    /* 区“ 江 and 区 ：江: breaks after the spaces would end a line with
     * "“" and begin one with "："; 区 江 breaks freely. */
    const uint32_t open[] = {0x533A, 0x201C, ' ', 0x6C5F};
    unsigned char allow[4] = {1, 1, 1, 1};
    assert_int_equal(bk__kinsoku_apply(open, 4, allow), 2);
    const unsigned char want_open[4] = {1, 0, 0, 1};
    assert_memory_equal(allow, want_open, sizeof want_open);

    const uint32_t colon[] = {0x533A, ' ', 0xFF1A, 0x6C5F};
    memset(allow, 1, sizeof allow);
    assert_int_equal(bk__kinsoku_apply(colon, 4, allow), 1);
    const unsigned char want_colon[4] = {1, 0, 1, 1};
    assert_memory_equal(allow, want_colon, sizeof want_colon);

    const uint32_t plain[] = {0x533A, 0x3000, 0x6C5F};
    memset(allow, 1, sizeof allow);
    assert_int_equal(bk__kinsoku_apply(plain, 3, allow), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_closing_punctuation_never_starts_a_line),
        cmocka_unit_test(test_opening_punctuation_never_ends_a_line),
        cmocka_unit_test(test_ideographs_break_freely),
        cmocka_unit_test(test_apply_clears_only_forbidden_breaks),
        cmocka_unit_test(test_apply_looks_past_spaces_that_hang),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
