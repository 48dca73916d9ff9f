/* Tests for the libharu engine (engine_haru*.c): a fragment with English
 * and Chinese text whose text poppler can extract and whose fonts are all
 * embedded, width measurement, UAX #14 line breaking, missing-character
 * reporting. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <briefkit/section.h>

#include "engine.h"

/* Debian's files as they are (links to fonts/ and the system's). */
#define FONT_DIR BK_TEST_DEBIAN_FONT_DIR

static const char english[] = "Liangjiang New Area output value";
static const char chinese[] = "两江新区工业总产值";
static const char long_zh[] =
    "两江新区是中国内陆第一个国家级开发开放新区，二〇二一年实现地区生产总值四千一百"
    "亿元，同比增长百分之十一点九，其中工业总产值超过六千亿元。新区聚焦汽车、电子信息、"
    "高端装备和生物医药等产业，持续扩大对外开放。";

struct fixture {
    bk_fonts *fonts;
    bk_theme theme;
    const bk_engine_ops *ops;
    bk_engine_ctx *ctx;
};

/* Every character of the given strings, as a caller would collect them. */
static int setup_with(void **state, const char *lang)
{
    struct fixture *fx = calloc(1, sizeof *fx);
    assert_non_null(fx);
    bk_error err;
    assert_int_equal(bk__fonts_open(FONT_DIR, &fx->fonts, &err), 0);
    bk__theme_default(&fx->theme);
    bk_engine_setup s = {595.0, 842.0, fx->fonts, &fx->theme, lang, NULL};
    assert_int_equal(bk__engine_haru_new(&s, &fx->ops, &fx->ctx, &err), 0);
    assert_string_equal(fx->ops->name, "haru");
    *state = fx;
    return 0;
}

static int setup_all(void **state)
{
    return setup_with(state, "zh");
}

static int setup_latin_only(void **state)
{
    return setup_with(state, "en");
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    fx->ops->destroy(fx->ctx);
    bk__fonts_free(fx->fonts);
    free(fx);
    return 0;
}

/* Runs a poppler tool on the PDF as `tool file args`; returns its malloc'd
 * stdout. */
static char *run_tool(const char *tool, const char *args, const unsigned char *pdf, size_t len)
{
    char path[] = "/tmp/bk_haru_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, pdf, len), (ssize_t)len);
    close(fd);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "%s %s %s 2>/dev/null", tool, path, args);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, n = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    size_t r;
    while ((r = fread(out + n, 1, cap - 1 - n, p)) > 0)
        n += r;
    out[n] = '\0';
    assert_int_equal(pclose(p), 0);
    unlink(path);
    return out;
}

static void draw_sample(struct fixture *fx)
{
    bk_engine_ctx *c = fx->ctx;
    bk_error err;
    assert_int_equal(fx->ops->page_begin(c, &err), 0);
    bk_rgb text = fx->theme.colors[BK_COLOR_TEXT];
    assert_int_equal(
        fx->ops->draw_text(c, 72, 72, BK_FONT_BODY, 12, text, english, strlen(english)), 0);
    assert_int_equal(
        fx->ops->draw_text(c, 72, 100, BK_FONT_BOLD, 14, text, chinese, strlen(chinese)), 0);
    fx->ops->fill_rect(c, 72, 130, 200, 20, fx->theme.colors[BK_COLOR_FILL]);
    fx->ops->stroke_line(c, 72, 160, 300, 160, 0.5, fx->theme.colors[BK_COLOR_RULE]);
}

static void test_haru_pdf_text_extracts_english_and_chinese(void **state)
{
    struct fixture *fx = *state;
    draw_sample(fx);
    unsigned char *pdf = NULL;
    size_t len = 0;
    bk_error err;
    assert_int_equal(fx->ops->finish(fx->ctx, &pdf, &len, &err), 0);
    assert_true(len > 1000);
    assert_memory_equal(pdf, "%PDF-", 5);
    char *text = run_tool("pdftotext", "-", pdf, len);
    assert_non_null(strstr(text, english));
    assert_non_null(strstr(text, "两江新区"));
    free(text);
    free(pdf);
}

static void test_haru_pdf_embeds_every_font(void **state)
{
    struct fixture *fx = *state;
    draw_sample(fx);
    unsigned char *pdf = NULL;
    size_t len = 0;
    bk_error err;
    assert_int_equal(fx->ops->finish(fx->ctx, &pdf, &len, &err), 0);
    char *fonts = run_tool("pdffonts", "", pdf, len);
    /* One Type0 font per face, its CIDs the face's glyph ids, embedded,
     * subset and with a ToUnicode map. */
    int dejavu = 0, wqy = 0;
    char *line = strtok(fonts, "\n");
    for (; line; line = strtok(NULL, "\n")) {
        if (!strstr(line, "TrueType"))
            continue;
        assert_non_null(strstr(line, "CID TrueType"));
        assert_non_null(strstr(line, " yes yes yes "));
        dejavu += strstr(line, "+DejaVuSans ") != NULL;
        wqy += strstr(line, "+WenQuanYiMicroHei ") != NULL;
    }
    assert_int_equal(dejavu, 1);
    assert_int_equal(wqy, 1);
    free(fonts);
    /* Subsetting keeps the CJK font small. */
    assert_true(len < 60 * 1024);
    free(pdf);
}

static const char punctuation[] = "It\u2019s \u201cup\u201d \u2191 3\u20134 \u2014 \u20ac5\u2026 "
                                  "caf\u00e9 \u2193";

static int setup_punctuation(void **state)
{
    return setup_with(state, "en");
}

/* Punctuation and arrows are drawn in the Latin face: the text extracts
 * unchanged and no CJK font is involved. */
static void test_haru_punctuation_and_arrows_extract_in_the_latin_face(void **state)
{
    struct fixture *fx = *state;
    bk_error err;
    assert_int_equal(fx->ops->page_begin(fx->ctx, &err), 0);
    assert_int_equal(fx->ops->draw_text(fx->ctx, 72, 72, BK_FONT_BODY, 12,
                                        fx->theme.colors[BK_COLOR_TEXT], punctuation,
                                        strlen(punctuation)),
                     0);
    unsigned char *pdf = NULL;
    size_t len = 0;
    assert_int_equal(fx->ops->finish(fx->ctx, &pdf, &len, &err), 0);
    char *text = run_tool("pdftotext", "-", pdf, len);
    assert_non_null(strstr(text, punctuation));
    free(text);
    char *fonts = run_tool("pdffonts", "", pdf, len);
    assert_null(strstr(fonts, "WenQuanYi"));
    assert_non_null(strstr(fonts, "+DejaVuSans "));
    free(fonts);
    free(pdf);
}

static void test_haru_latin_only_section_carries_no_cjk_font(void **state)
{
    struct fixture *fx = *state;
    bk_error err;
    assert_int_equal(fx->ops->page_begin(fx->ctx, &err), 0);
    assert_int_equal(fx->ops->draw_text(fx->ctx, 72, 72, BK_FONT_BODY, 12,
                                        fx->theme.colors[BK_COLOR_TEXT], english, strlen(english)),
                     0);
    unsigned char *pdf = NULL;
    size_t len = 0;
    assert_int_equal(fx->ops->finish(fx->ctx, &pdf, &len, &err), 0);
    char *fonts = run_tool("pdffonts", "", pdf, len);
    assert_non_null(strstr(fonts, "DejaVuSans"));
    assert_null(strstr(fonts, "WenQuanYi"));
    free(fonts);
    free(pdf);
}

static void test_haru_text_width_grows_with_text(void **state)
{
    struct fixture *fx = *state;
    double a = fx->ops->text_width(fx->ctx, BK_FONT_BODY, 12, "Area", 4);
    double b = fx->ops->text_width(fx->ctx, BK_FONT_BODY, 12, "Area output", 11);
    double z = fx->ops->text_width(fx->ctx, BK_FONT_BODY, 12, "两江", strlen("两江"));
    double big = fx->ops->text_width(fx->ctx, BK_FONT_BODY, 24, "Area", 4);
    assert_true(a > 10 && a < 40);
    assert_true(b > a + 20);
    /* Two ideographs are about two ems wide. */
    assert_true(z > 20 && z < 28);
    assert_true(big > 1.99 * a && big < 2.01 * a);
    assert_true(fx->ops->text_width(fx->ctx, BK_FONT_BOLD, 12, "Area", 4) > a);
}

static void test_haru_breaks_chinese_within_width_never_before_comma(void **state)
{
    struct fixture *fx = *state;
    bk_line *lines = NULL;
    size_t n = 0;
    bk_error err;
    const double width = 200;
    assert_int_equal(
        fx->ops->break_lines(fx->ctx, BK_FONT_BODY, 10.5, width, long_zh, &lines, &n, &err), 0);
    assert_true(n >= 4);
    size_t covered = 0;
    for (size_t i = 0; i < n; i++) {
        assert_true(lines[i].width <= width);
        assert_true(lines[i].width > width - 2 * 10.5 || i == n - 1);
        assert_true(lines[i].len > 0);
        const char *start = long_zh + lines[i].start;
        assert_memory_not_equal(start, "，", strlen("，"));
        assert_memory_not_equal(start, "。", strlen("。"));
        assert_memory_not_equal(start, "、", strlen("、"));
        double w = fx->ops->text_width(fx->ctx, BK_FONT_BODY, 10.5, start, lines[i].len);
        assert_true(w > lines[i].width - 0.01 && w < lines[i].width + 0.01);
        covered += lines[i].len;
    }
    assert_int_equal(covered, strlen(long_zh));
    free(lines);
}

static void test_haru_breaks_english_at_spaces(void **state)
{
    struct fixture *fx = *state;
    const char *text = "Output value rose by eleven point nine percent in the year";
    bk_line *lines = NULL;
    size_t n = 0;
    bk_error err;
    assert_int_equal(fx->ops->break_lines(fx->ctx, BK_FONT_BODY, 12, 120, text, &lines, &n, &err),
                     0);
    assert_true(n >= 3);
    for (size_t i = 0; i < n; i++) {
        const char *s = text + lines[i].start;
        assert_true(lines[i].width <= 120);
        assert_true(s[0] != ' ');
        assert_true(s[lines[i].len - 1] != ' ');
        char after = s[lines[i].len];
        assert_true(after == ' ' || after == '\0');
    }
    free(lines);
}

static void test_haru_breaks_at_newline_and_splits_long_word(void **state)
{
    struct fixture *fx = *state;
    const char *text = "ab\nSupercalifragilisticexpialidocious";
    bk_line *lines = NULL;
    size_t n = 0;
    bk_error err;
    assert_int_equal(fx->ops->break_lines(fx->ctx, BK_FONT_BODY, 12, 60, text, &lines, &n, &err),
                     0);
    assert_true(n >= 4);
    assert_int_equal(lines[0].start, 0);
    assert_int_equal(lines[0].len, 2);
    assert_int_equal(lines[1].start, 3);
    size_t covered = 0;
    for (size_t i = 1; i < n; i++) {
        assert_true(lines[i].width <= 60);
        covered += lines[i].len;
    }
    assert_int_equal(covered, strlen(text) - 3);
    free(lines);
}

static void test_haru_empty_text_is_one_empty_line(void **state)
{
    struct fixture *fx = *state;
    bk_line *lines = NULL;
    size_t n = 0;
    bk_error err;
    assert_int_equal(fx->ops->break_lines(fx->ctx, BK_FONT_BODY, 12, 60, "", &lines, &n, &err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(lines[0].len, 0);
    free(lines);
}

/* Text is drawn by glyph id with fonts made when the document finishes, so
 * the engine needs no characters announced: what the section was set up
 * for is only Latin, and Chinese, an accent and Tibetan draw all the same. */
static void test_haru_draws_characters_it_was_not_told_of(void **state)
{
    struct fixture *fx = *state;
    bk_error err;
    assert_int_equal(fx->ops->page_begin(fx->ctx, &err), 0);
    const char *text = "渝 café ཀ";
    assert_int_equal(fx->ops->draw_text(fx->ctx, 72, 72, BK_FONT_BODY, 12,
                                        fx->theme.colors[BK_COLOR_TEXT], text, strlen(text)),
                     0);
    unsigned char *pdf = NULL;
    size_t len = 0;
    assert_int_equal(fx->ops->finish(fx->ctx, &pdf, &len, &err), 0);
    char *out = run_tool("pdftotext", "-", pdf, len);
    assert_non_null(strstr(out, text));
    free(out);
    free(pdf);
}

static void test_haru_native_handles(void **state)
{
    struct fixture *fx = *state;
    bk_error err;
    assert_non_null(fx->ops->native(fx->ctx, BK_NATIVE_HARU_DOC));
    assert_null(fx->ops->native(fx->ctx, BK_NATIVE_HARU_PAGE));
    assert_int_equal(fx->ops->page_begin(fx->ctx, &err), 0);
    assert_non_null(fx->ops->native(fx->ctx, BK_NATIVE_HARU_PAGE));
    assert_null(fx->ops->native(fx->ctx, BK_NATIVE_CAIRO));
}

static void test_haru_refuses_absurd_page_size(void **state)
{
    (void)state;
    bk_fonts *fonts = NULL;
    bk_theme theme;
    bk_error err;
    assert_int_equal(bk__fonts_open(FONT_DIR, &fonts, &err), 0);
    bk__theme_default(&theme);
    bk_engine_setup s = {-10, 842, fonts, &theme, "en", NULL};
    const bk_engine_ops *ops = NULL;
    bk_engine_ctx *ctx = NULL;
    assert_int_equal(bk__engine_haru_new(&s, &ops, &ctx, &err), BK_EINVAL);
    assert_null(ctx);
    assert_non_null(strstr(err.msg, "page size"));
    bk__fonts_free(fonts);
}

/* Draws English in every Latin role and Chinese into a document made from
 * `s`; *pdf is malloc'd. No cmocka asserts: forked children call it. */
static int sample_pdf(const bk_engine_setup *s, unsigned char **pdf, size_t *len)
{
    const bk_engine_ops *ops = NULL;
    bk_engine_ctx *c = NULL;
    bk_error err;
    if (bk__engine_haru_new(s, &ops, &c, &err) != 0)
        return -1;
    bk_rgb text = s->theme->colors[BK_COLOR_TEXT];
    int rc = ops->page_begin(c, &err);
    if (!rc)
        rc = ops->draw_text(c, 72, 72, BK_FONT_BODY, 12, text, english, strlen(english));
    if (!rc)
        rc = ops->draw_text(c, 72, 100, BK_FONT_BOLD, 14, text, english, strlen(english));
    if (!rc)
        rc = ops->draw_text(c, 72, 130, BK_FONT_BODY, 14, text, chinese, strlen(chinese));
    if (!rc)
        rc = ops->finish(c, pdf, len, &err);
    ops->destroy(c);
    return rc;
}

static int same_bytes(const unsigned char *a, size_t na, const unsigned char *b, size_t nb)
{
    return na == nb && memcmp(a, b, na) == 0;
}

/* Fonts made at finish from the glyphs used: the same drawing gives the
 * same bytes. */
static void test_haru_same_drawing_gives_same_bytes(void **state)
{
    struct fixture *fx = *state;
    bk_engine_setup s = {595.0, 842.0, fx->fonts, &fx->theme, "en", NULL};
    unsigned char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    assert_int_equal(sample_pdf(&s, &a, &na), 0);
    assert_int_equal(sample_pdf(&s, &b, &nb), 0);
    assert_true(same_bytes(a, na, b, nb));
    free(a);
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_haru_pdf_text_extracts_english_and_chinese, setup_all,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_haru_pdf_embeds_every_font, setup_all, teardown),
        cmocka_unit_test_setup_teardown(test_haru_punctuation_and_arrows_extract_in_the_latin_face,
                                        setup_punctuation, teardown),
        cmocka_unit_test_setup_teardown(test_haru_latin_only_section_carries_no_cjk_font,
                                        setup_latin_only, teardown),
        cmocka_unit_test_setup_teardown(test_haru_text_width_grows_with_text, setup_all, teardown),
        cmocka_unit_test_setup_teardown(test_haru_same_drawing_gives_same_bytes, setup_all,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_haru_breaks_chinese_within_width_never_before_comma,
                                        setup_all, teardown),
        cmocka_unit_test_setup_teardown(test_haru_breaks_english_at_spaces, setup_all, teardown),
        cmocka_unit_test_setup_teardown(test_haru_breaks_at_newline_and_splits_long_word, setup_all,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_haru_empty_text_is_one_empty_line, setup_all,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_haru_draws_characters_it_was_not_told_of,
                                        setup_latin_only, teardown),
        cmocka_unit_test_setup_teardown(test_haru_native_handles, setup_all, teardown),
        cmocka_unit_test(test_haru_refuses_absurd_page_size),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
