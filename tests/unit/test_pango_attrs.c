/* Tests for pango_attrs.c: a Pango layout of briefkit's text keeps "·"
 * off a line start where Pango alone puts it there, leaves the text as it
 * was, and draws Chinese text's quotes with the Chinese face, English
 * text's with DejaVu Sans. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <briefkit/blocks.h>
#include <pango/pangocairo.h>

#include "fonts.h"
#include "pango_attrs.h"

#define SIZE 10.0

/* Eight ideographs, then "·": a line eight ems wide has no room for it. */
static const char names[] = "一二三四五六七八·九十";

struct fixture {
    bk_fonts *fonts;
    PangoContext *ctx;
    PangoLayout *layout;
};

static int setup_lang(void **state, const char *pango_lang)
{
    static struct fixture fx;
    bk_error err;
    if (bk__fonts_open(BK_TEST_BUILD_FONT_DIR, &fx.fonts, &err) != 0)
        return -1;
    fx.ctx = pango_font_map_create_context(bk__fonts_pango_map(fx.fonts));
    pango_context_set_language(fx.ctx, pango_language_from_string(pango_lang));
    fx.layout = pango_layout_new(fx.ctx);
    PangoFontDescription *desc =
        pango_font_description_from_string(bk__fonts_pango_family(fx.fonts, BK_FONT_BODY));
    pango_font_description_set_absolute_size(desc, SIZE * PANGO_SCALE);
    pango_layout_set_font_description(fx.layout, desc);
    pango_font_description_free(desc);
    *state = &fx;
    return 0;
}

static int setup_zh(void **state)
{
    return setup_lang(state, "zh-cn");
}

static int setup_en(void **state)
{
    return setup_lang(state, "en");
}

static int teardown(void **state)
{
    struct fixture *fx = *state;
    g_object_unref(fx->layout);
    g_object_unref(fx->ctx);
    bk__fonts_free(fx->fonts);
    return 0;
}

/* Lays `text` out `width` points wide with the attributes of `lang`
 * (breaking), or with none; returns where its second line starts. */
static const char *second_line(struct fixture *fx, const char *text, double width, const char *lang)
{
    PangoAttrList *attrs =
        lang ? bk__pango_attrs(fx->fonts, BK_FONT_BODY, lang, pango_context_get_language(fx->ctx),
                               1, text, strlen(text))
             : NULL;
    pango_layout_set_attributes(fx->layout, attrs);
    if (attrs)
        pango_attr_list_unref(attrs);
    pango_layout_set_wrap(fx->layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_width(fx->layout, (int)(width * PANGO_SCALE));
    pango_layout_set_text(fx->layout, text, -1);
    assert_int_equal(pango_layout_get_line_count(fx->layout), 2);
    assert_string_equal(pango_layout_get_text(fx->layout), text);
    return text + pango_layout_get_line_readonly(fx->layout, 1)->start_index;
}

static void test_middle_dot_alone_starts_a_line_in_pango(void **state)
{
    /* What the attributes are for: Pango's UAX #14 breaks before "·". */
    assert_string_equal(second_line(*state, names, 8.1 * SIZE, NULL), "·九十");
}

static void test_middle_dot_takes_its_ideograph_along(void **state)
{
    assert_string_equal(second_line(*state, names, 8.1 * SIZE, "zh"), "八·九十");
    assert_string_equal(second_line(*state, names, 8.1 * SIZE, "en"), "八·九十");
}

static void test_opening_quote_never_ends_a_line(void **state)
{
    /* Pango would break after the space and leave "“" last on line one. */
    static const char quote[] = "一二三四五六七“ 八九十";
    assert_string_equal(second_line(*state, quote, 8.5 * SIZE, NULL), "八九十");
    assert_string_equal(second_line(*state, quote, 8.5 * SIZE, "zh"), "七“ 八九十");
}

static void test_breaks_the_rules_allow_are_kept(void **state)
{
    static const char plain[] = "一二三四五六七八九十";
    assert_null(bk__pango_attrs(((struct fixture *)*state)->fonts, BK_FONT_BODY, "en",
                                pango_language_from_string("en"), 1, plain, strlen(plain)));
    assert_string_equal(second_line(*state, plain, 8.1 * SIZE, "zh"), "九十");
}

/* The family of the face Pango drew the first "“" of `text` with. */
static char *quote_family(struct fixture *fx, const char *text, const char *lang)
{
    PangoAttrList *attrs = bk__pango_attrs(
        fx->fonts, BK_FONT_BODY, lang, pango_context_get_language(fx->ctx), 0, text, strlen(text));
    pango_layout_set_attributes(fx->layout, attrs);
    if (attrs)
        pango_attr_list_unref(attrs);
    pango_layout_set_width(fx->layout, -1);
    pango_layout_set_text(fx->layout, text, -1);
    size_t at = (size_t)(strstr(text, "“") - text);
    PangoLayoutLine *line = pango_layout_get_line_readonly(fx->layout, 0);
    for (GSList *r = line->runs; r; r = r->next) {
        PangoGlyphItem *run = r->data;
        if ((size_t)run->item->offset <= at &&
            at < (size_t)(run->item->offset + run->item->length)) {
            PangoFontDescription *d = pango_font_describe(run->item->analysis.font);
            char *family = g_strdup(pango_font_description_get_family(d));
            pango_font_description_free(d);
            return family;
        }
    }
    fail_msg("no run holds the quote");
    return NULL;
}

static void test_chinese_quotes_come_from_the_chinese_face(void **state)
{
    char *family = quote_family(*state, "发布的“十四五”规划", "zh");
    assert_string_equal(family, "WenQuanYi Micro Hei");
    g_free(family);
}

static void test_english_quotes_stay_latin(void **state)
{
    char *family = quote_family(*state, "the “14th Five-Year Plan”", "en");
    assert_string_equal(family, "DejaVu Sans");
    g_free(family);
    /* Chinese words quoted in an English briefing keep Latin quotes too. */
    family = quote_family(*state, "发布的“十四五”规划", "en");
    assert_string_equal(family, "DejaVu Sans");
    g_free(family);
}

int main(void)
{
    const struct CMUnitTest zh[] = {
        cmocka_unit_test(test_middle_dot_alone_starts_a_line_in_pango),
        cmocka_unit_test(test_middle_dot_takes_its_ideograph_along),
        cmocka_unit_test(test_opening_quote_never_ends_a_line),
        cmocka_unit_test(test_breaks_the_rules_allow_are_kept),
        cmocka_unit_test(test_chinese_quotes_come_from_the_chinese_face),
    };
    const struct CMUnitTest en[] = {
        cmocka_unit_test(test_english_quotes_stay_latin),
    };
    return cmocka_run_group_tests_name("zh", zh, setup_zh, teardown) |
           cmocka_run_group_tests_name("en", en, setup_en, teardown);
}
