/* Tests for coverage.c and font_chain.c: which characters the font chain
 * draws, which it cannot, and how a character is named in a message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <briefkit/blocks.h>

#include "coverage.h"
#include "font_chain.h"
#include "fonts.h"

static int setup(void **state)
{
    bk_fonts *f = NULL;
    bk_error err;
    if (bk__fonts_open(BK_TEST_BUILD_FONT_DIR, &f, &err) != 0)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    bk__fonts_free(*state);
    return 0;
}

static void test_coverage_latin_and_chinese_are_covered(void **state)
{
    uint32_t cp = 0;
    const char *s = "Liangjiang 两江新区 pīnyīn — 12 %";
    assert_int_equal(bk__coverage_first_missing(*state, BK_FONT_BODY, s, strlen(s), &cp), 0);
    assert_int_equal(bk__coverage_first_missing(*state, BK_FONT_BOLD, s, strlen(s), &cp), 0);
    assert_int_equal(bk__coverage_first_missing(*state, -1, s, strlen(s), &cp), 0);
}

static void test_coverage_emoji_is_missing(void **state)
{
    uint32_t cp = 0;
    const char *s = "两江🚀新区";
    assert_int_equal(bk__coverage_first_missing(*state, -1, s, strlen(s), &cp), 1);
    assert_int_equal(cp, 0x1F680);
}

static void test_coverage_joiners_and_controls_need_no_glyph(void **state)
{
    uint32_t cp = 0;
    const char *s = "a\xe2\x80\x8d"
                    "b\n\t\xef\xb8\x8f"; /* ZWJ, VS16 */
    assert_int_equal(bk__coverage_first_missing(*state, -1, s, strlen(s), &cp), 0);
}

static void test_coverage_mono_falls_back_on_body_face(void **state)
{
    bk_face faces[BK_FONT_CHAIN_MAX];
    size_t n = bk__font_chain(*state, BK_FONT_MONO, faces);
    assert_int_equal(n, BK_FACE_BASE_COUNT_ - 1);
    assert_int_equal(faces[0], BK_FACE_MONO);
    assert_int_equal(faces[1], BK_FACE_SANS);
    assert_int_equal(faces[2], BK_FACE_CJK);
    assert_int_equal(faces[n - 1], BK_FACE_CJK_EXT_B);
}

static void test_coverage_describe_names_code_and_character(void **state)
{
    (void)state;
    char buf[32];
    bk__coverage_describe(0x1F680, buf, sizeof buf);
    assert_string_equal(buf, "U+1F680 '\xf0\x9f\x9a\x80'");
    bk__coverage_describe(0xE000, buf, sizeof buf);
    assert_string_equal(buf, "U+E000");
}

static void test_coverage_font_names_list_the_chain(void **state)
{
    char buf[256];
    bk__font_chain_names(*state, buf, sizeof buf);
    assert_non_null(strstr(buf, "DejaVu Sans"));
    assert_non_null(strstr(buf, "WenQuanYi Micro Hei"));
}

/* Chinese text's quotes, ellipsis, dashes and middle dot come from the
 * Chinese face in every role; English text's, and any other character,
 * from the chain as it is. */
static void test_font_chain_chinese_punctuation_takes_the_chinese_face(void **state)
{
    static const uint32_t punct[] = {0x201C, 0x201D, 0x2018, 0x2019, 0x2026, 0x2014, 0x00B7};
    for (size_t i = 0; i < sizeof punct / sizeof *punct; i++) {
        assert_int_equal(bk__font_chain_face_in(*state, BK_FONT_BODY, "zh", punct[i]), BK_FACE_CJK);
        assert_int_equal(bk__font_chain_face_in(*state, BK_FONT_BOLD, "zh", punct[i]), BK_FACE_CJK);
        assert_int_equal(bk__font_chain_face_in(*state, BK_FONT_BODY, "en", punct[i]),
                         BK_FACE_SANS);
        assert_int_equal(bk__font_chain_face_in(*state, BK_FONT_BOLD, NULL, punct[i]),
                         BK_FACE_SANS_BOLD);
    }
    assert_int_equal(bk__font_chain_face_in(*state, BK_FONT_BODY, "zh", 'A'), BK_FACE_SANS);
    assert_int_equal(bk__font_chain_face_in(*state, BK_FONT_BODY, "zh", '%'), BK_FACE_SANS);
    assert_int_equal(bk__font_chain_face_in(*state, BK_FONT_MONO, "zh", '"'), BK_FACE_MONO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_coverage_latin_and_chinese_are_covered),
        cmocka_unit_test(test_coverage_emoji_is_missing),
        cmocka_unit_test(test_coverage_joiners_and_controls_need_no_glyph),
        cmocka_unit_test(test_coverage_mono_falls_back_on_body_face),
        cmocka_unit_test(test_coverage_describe_names_code_and_character),
        cmocka_unit_test(test_coverage_font_names_list_the_chain),
        cmocka_unit_test(test_font_chain_chinese_punctuation_takes_the_chinese_face),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
