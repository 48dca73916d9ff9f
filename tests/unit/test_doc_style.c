/* Tests for the 简报 / 公文 styles: Chinese heading numbers, the 版记's
 * lines, and the shipped faces by role, each of which (with the CJK face
 * behind it, as both engines fall back) covers every character of GB2312. */
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <briefkit/blocks.h>

#include "banji.h"
#include "doc_style.h"
#include "fonts.h"

static void test_heading_numbers_follow_gbt9704(void **state)
{
    (void)state;
    char buf[32];
    assert_string_equal(bk__heading_number(0, 1, buf, sizeof buf), "一、");
    assert_string_equal(bk__heading_number(0, 10, buf, sizeof buf), "十、");
    assert_string_equal(bk__heading_number(0, 12, buf, sizeof buf), "十二、");
    assert_string_equal(bk__heading_number(0, 20, buf, sizeof buf), "二十、");
    assert_string_equal(bk__heading_number(0, 35, buf, sizeof buf), "三十五、");
    assert_string_equal(bk__heading_number(1, 3, buf, sizeof buf), "（三）");
    assert_string_equal(bk__heading_number(2, 4, buf, sizeof buf), "4.");
    assert_string_equal(bk__heading_number(3, 2, buf, sizeof buf), "（2）");
}

static void test_banji_lines_break_under_the_first_name(void **state)
{
    (void)state;
    const char *names[] = {"市发展和改革委员会", "市经济和信息化委员会",
                           "市商务委员会",       "市科学技术局",
                           "市财政局",           "市规划和自然资源局"};
    bk_doc_style s = {.has_banji = 1,
                      .song = names,
                      .n_song = 6,
                      .banji_issuer = "研究室",
                      .banji_date = "2025年3月5日",
                      .printed = 30};
    bk_banji_line *lines;
    size_t n;
    /* 156 mm type area */
    assert_int_equal(bk__banji_layout(&s, 442.2, &lines, &n), 0);
    assert_int_equal(n, 5); /* two 送 lines, issuer, date, copies */
    assert_true(strncmp(lines[0].text, "送：市发展和改革委员会，",
                        strlen("送：市发展和改革委员会，")) == 0);
    assert_true(lines[1].indent > lines[0].indent); /* under the first name */
    assert_string_equal(lines[2].text, "研究室");
    assert_string_equal(lines[3].text, "2025年3月5日印发");
    assert_true(lines[3].right);
    assert_string_equal(lines[4].text, "（共印30份）");
    assert_int_equal(lines[4].rule_after, 2);
    bk__banji_free(lines, n);
    /* issuer and date share a row: 2 + 1 + 1 rows */
    assert_true(bk__banji_height(&s, 442.2) > 3.9 * BK_BANJI_PITCH);
    assert_true(bk__banji_height(&s, 442.2) < 4.5 * BK_BANJI_PITCH);
}

/* Every GB2312 character, as glibc's iconv maps it; A1A4 and A1AA have a
 * second mapping in common use (GB18030's), either counts. */
static void test_shipped_role_fonts_cover_gb2312(void **state)
{
    (void)state;
    bk_fonts *f = NULL;
    bk_error err;
    assert_int_equal(bk__fonts_open(BK_TEST_BUILD_FONT_DIR, &f, &err), 0);
    bk_font_choice none[BK_ROLE_COUNT_];
    memset(none, 0, sizeof none);
    assert_int_equal(bk__fonts_use_roles(f, none, NULL, NULL, &err), 0);
    iconv_t cd = iconv_open("UTF-32LE", "GB2312");
    assert_true(cd != (iconv_t)-1);
    static const int fonts[] = {BK_FONT_BODY, BK_FONT_BOLD, BK__FONT_KAI};
    size_t total = 0, missing = 0;
    for (int hi = 0xA1; hi <= 0xF7; hi++)
        for (int lo = 0xA1; lo <= 0xFE; lo++) {
            char in[2] = {(char)hi, (char)lo}, *ip = in;
            uint32_t cp;
            char *op = (char *)&cp;
            size_t il = 2, ol = 4;
            if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1)
                continue;
            uint32_t alt = cp == 0x30FB ? 0x00B7 : cp == 0x2015 ? 0x2014 : cp;
            total++;
            for (size_t k = 0; k < sizeof fonts / sizeof fonts[0]; k++) {
                bk_face latin, cjk;
                bk__fonts_faces_for(f, fonts[k], &latin, &cjk);
                int have = 0;
                bk_face chain[] = {latin, cjk, BK_FACE_CJK};
                for (int c = 0; c < 3; c++)
                    have |= bk__fonts_has_glyph(f, chain[c], cp) ||
                            bk__fonts_has_glyph(f, chain[c], alt);
                if (!have) {
                    if (missing < 5)
                        print_message("font %d lacks U+%04X\n", fonts[k], cp);
                    missing++;
                }
            }
        }
    iconv_close(cd);
    assert_int_equal(total, 7445);
    assert_int_equal(missing, 0);
    /* the role faces themselves carry the text, not the fallback */
    bk_face latin, cjk;
    bk__fonts_faces_for(f, BK_FONT_BODY, &latin, &cjk);
    assert_int_not_equal(cjk, BK_FACE_CJK);
    assert_true(bk__fonts_has_glyph(f, cjk, 0x4EFF)); /* 仿 */
    bk__fonts_free(f);
}

static void test_role_font_refusal_names_role_and_file(void **state)
{
    (void)state;
    bk_fonts *f = NULL;
    bk_error err;
    assert_int_equal(bk__fonts_open(BK_TEST_BUILD_FONT_DIR, &f, &err), 0);
    bk_font_choice c[BK_ROLE_COUNT_];
    memset(c, 0, sizeof c);
    c[BK_ROLE_KAI].file = "/nonexistent/KaiTi_GB2312.ttf";
    assert_int_equal(bk__fonts_use_roles(f, c, NULL, NULL, &err), BK_EFONT);
    assert_non_null(strstr(err.msg, "font for role kai: /nonexistent/KaiTi_GB2312.ttf"));
    bk__fonts_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heading_numbers_follow_gbt9704),
        cmocka_unit_test(test_banji_lines_break_under_the_first_name),
        cmocka_unit_test(test_shipped_role_fonts_cover_gb2312),
        cmocka_unit_test(test_role_font_refusal_names_role_and_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
