/* Tests for text_shape.c: the libharu engine sets Arabic-script (Uyghur)
 * and Tibetan text into the same glyphs, in the same order, as Pango does
 * in the Cairo engine, and lays a right-to-left run out right to left. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <briefkit/blocks.h>
#include <pango/pangocairo.h>

#include "fonts.h"
#include "text_shape.h"

typedef struct glyph_seq {
    char family[32][64];
    unsigned gid[32];
    size_t n;
} glyph_seq;

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

static void ours(bk_fonts *f, const char *text, glyph_seq *out)
{
    bk_shaped sh = {0};
    bk_error err;
    assert_int_equal(bk__shape(f, BK_FONT_BODY, "en", BK_DIR_AUTO, text, strlen(text), &sh, &err),
                     0);
    assert_true(sh.n <= 32);
    out->n = sh.n;
    for (size_t i = 0; i < sh.n; i++) {
        snprintf(out->family[i], sizeof out->family[i], "%s",
                 bk__fonts_family(f, (bk_face)sh.g[i].face));
        out->gid[i] = sh.g[i].gid;
    }
    bk__shaped_free(&sh);
}

/* What Pango sets `text` in, on one line, as the Cairo engine asks it. */
static void pangos(bk_fonts *f, const char *text, glyph_seq *out)
{
    /* As a render does for the text it is about to draw. */
    bk__fonts_pango_need(f, (1u << BK_FACE_COUNT_) - 1);
    PangoFontMap *map = bk__fonts_pango_map(f);
    assert_non_null(map);
    PangoContext *ctx = pango_font_map_create_context(map);
    PangoLayout *layout = pango_layout_new(ctx);
    PangoFontDescription *desc = pango_font_description_new();
    pango_font_description_set_family(desc, bk__fonts_pango_family(f, BK_FONT_BODY));
    pango_font_description_set_absolute_size(desc, 12 * PANGO_SCALE);
    pango_layout_set_font_description(layout, desc);
    pango_layout_set_text(layout, text, -1);
    assert_int_equal(pango_layout_get_line_count(layout), 1);
    out->n = 0;
    for (GSList *r = pango_layout_get_line_readonly(layout, 0)->runs; r; r = r->next) {
        PangoGlyphItem *run = r->data;
        PangoFontDescription *fd = pango_font_describe(run->item->analysis.font);
        for (int i = 0; i < run->glyphs->num_glyphs; i++) {
            assert_true(out->n < 32);
            snprintf(out->family[out->n], sizeof out->family[0], "%s",
                     pango_font_description_get_family(fd));
            out->gid[out->n++] = run->glyphs->glyphs[i].glyph;
        }
        pango_font_description_free(fd);
    }
    pango_font_description_free(desc);
    g_object_unref(layout);
    g_object_unref(ctx);
}

static void same_as_pango(bk_fonts *f, const char *text)
{
    glyph_seq a, b;
    ours(f, text, &a);
    pangos(f, text, &b);
    assert_int_equal(a.n, b.n);
    for (size_t i = 0; i < a.n; i++) {
        assert_string_equal(a.family[i], b.family[i]);
        assert_int_equal(a.gid[i], b.gid[i]);
    }
}

static void test_shape_uyghur_same_glyphs_as_pango(void **state)
{
    same_as_pango(*state, "ئۈرۈمچى يۇقىرى تېخنىكا");
}

static void test_shape_tibetan_same_glyphs_as_pango(void **state)
{
    same_as_pango(*state, "ལྷ་ས་གྲོང་ཁྱེར།");
}

static void test_shape_mixed_line_same_glyphs_as_pango(void **state)
{
    same_as_pango(*state, "Ürümqi ئۈرۈمچى, Lhasa ལྷ་ས།");
}

/* An Arabic-script word joins: its letters take other glyphs than alone,
 * and come out right to left (the last letter's glyph first). */
static void test_shape_uyghur_joins_and_reads_right_to_left(void **state)
{
    bk_fonts *f = *state;
    bk_shaped word = {0}, alone = {0};
    bk_error err;
    const char *text = "ئۈرۈمچى";
    assert_int_equal(bk__shape(f, BK_FONT_BODY, NULL, BK_DIR_AUTO, text, strlen(text), &word, &err),
                     0);
    assert_true(word.rtl);
    assert_true(word.g[0].cluster > word.g[word.n - 1].cluster);
    /* م alone and in the middle of the word are different glyphs. */
    assert_int_equal(bk__shape(f, BK_FONT_BODY, NULL, BK_DIR_AUTO, "م", strlen("م"), &alone, &err),
                     0);
    size_t m = strstr(text, "م") - text;
    for (size_t i = 0; i < word.n; i++)
        if (word.g[i].cluster == m)
            assert_int_not_equal(word.g[i].gid, alone.g[0].gid);
    bk__shaped_free(&word);
    bk__shaped_free(&alone);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shape_uyghur_same_glyphs_as_pango),
        cmocka_unit_test(test_shape_tibetan_same_glyphs_as_pango),
        cmocka_unit_test(test_shape_mixed_line_same_glyphs_as_pango),
        cmocka_unit_test(test_shape_uyghur_joins_and_reads_right_to_left),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
