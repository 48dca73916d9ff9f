/* Tests for fonts.c: the repo's fonts open, broken fonts are refused with the
 * file named before libharu can see them, glyph lookup, subsetting, and that
 * Pango sees only briefkit's fonts and falls back to the CJK face. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <briefkit/blocks.h>
#include <hb.h>
#include <pango/pangocairo.h>

#include "fonts.h"

/* Debian's files as they are (links to fonts/ and the system's). */
#define FONT_DIR BK_TEST_DEBIAN_FONT_DIR

static const char *const names[] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf",
                                    "wqy-microhei.ttc"};

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    long n = ftell(fp);
    assert_true(n > 0);
    rewind(fp);
    unsigned char *buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
    fclose(fp);
    *len = (size_t)n;
    return buf;
}

static void write_all(const char *path, const void *data, size_t len)
{
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    if (len)
        assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
}

/* A font folder with the good fonts linked in and DejaVuSans.ttf replaced by
 * `data`. */
static void make_dir_with_bad_sans(char *dir, const void *data, size_t len)
{
    strcpy(dir, "/tmp/bk_fonts_XXXXXX");
    assert_non_null(mkdtemp(dir));
    char src[1024], dst[1024];
    for (size_t i = 1; i < 4; i++) {
        char *real = realpath(FONT_DIR, NULL);
        assert_non_null(real);
        snprintf(src, sizeof src, "%s/%s", real, names[i]);
        free(real);
        snprintf(dst, sizeof dst, "%s/%s", dir, names[i]);
        assert_int_equal(symlink(src, dst), 0);
    }
    snprintf(dst, sizeof dst, "%s/%s", dir, names[0]);
    write_all(dst, data, len);
}

static void remove_dir(const char *dir)
{
    char p[1024];
    for (size_t i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, names[i]);
        unlink(p);
    }
    rmdir(dir);
}

static void expect_refused(const void *data, size_t len, const char *why)
{
    char dir[64];
    make_dir_with_bad_sans(dir, data, len);
    bk_fonts *f = (bk_fonts *)1;
    bk_error err;
    memset(&err, 0, sizeof err);
    assert_int_equal(bk__fonts_open(dir, &f, &err), BK_EFONT);
    assert_null(f);
    assert_int_equal(err.code, BK_EFONT);
    assert_non_null(strstr(err.file, "DejaVuSans.ttf"));
    assert_non_null(strstr(err.msg, "not a usable TrueType font"));
    assert_non_null(strstr(err.msg, why));
    remove_dir(dir);
}

static void test_fonts_open_repo_fonts(void **state)
{
    (void)state;
    bk_fonts *f = NULL;
    bk_error err;
    assert_int_equal(bk__fonts_open(FONT_DIR, &f, &err), 0);
    assert_non_null(f);
    int index = -1;
    const char *p = bk__fonts_file(f, BK_FACE_CJK, &index);
    assert_non_null(strstr(p, "wqy-microhei.ttc"));
    assert_int_equal(index, 0);
    bk__fonts_free(f);
}

/* A face's tables' tags and its characters, through HarfBuzz. */
static hb_face_t *face_at(const char *path)
{
    hb_blob_t *b = hb_blob_create_from_file_or_fail(path);
    assert_non_null(b);
    hb_face_t *face = hb_face_create(b, 0);
    hb_blob_destroy(b);
    return face;
}

static unsigned table_len(hb_face_t *face, const char *tag)
{
    hb_blob_t *t = hb_face_reference_table(face, hb_tag_from_string(tag, -1));
    unsigned n = hb_blob_get_length(t);
    hb_blob_destroy(t);
    return n;
}

/* The build's fonts (fonts/font_unhint.c) are Debian's without hinting:
 * every glyph and character kept, the hinting tables and instructions
 * gone, and briefkit opens them (the Chinese face as a .ttf). */
static void test_fonts_build_copies_keep_glyphs_and_drop_hinting(void **state)
{
    (void)state;
    static const char *const built[] = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                        "DejaVuSansMono.ttf", "wqy-microhei.ttf"};
    for (size_t i = 0; i < 4; i++) {
        char a[512], b[512];
        snprintf(a, sizeof a, "%s/%s", FONT_DIR, names[i]);
        snprintf(b, sizeof b, "%s/%s", BK_TEST_BUILD_FONT_DIR, built[i]);
        hb_face_t *orig = face_at(a), *copy = face_at(b);
        assert_int_equal(hb_face_get_glyph_count(copy), hb_face_get_glyph_count(orig));
        hb_set_t *u1 = hb_set_create(), *u2 = hb_set_create();
        hb_face_collect_unicodes(orig, u1);
        hb_face_collect_unicodes(copy, u2);
        assert_true(hb_set_get_population(u1) > 1000);
        assert_true(hb_set_is_equal(u1, u2));
        assert_int_equal(table_len(copy, "fpgm"), 0);
        assert_int_equal(table_len(copy, "prep"), 0);
        assert_int_equal(table_len(copy, "cvt "), 0);
        assert_true(table_len(copy, "glyf") > 0);
        assert_true(table_len(copy, "glyf") <= table_len(orig, "glyf"));
        assert_true(table_len(copy, "GSUB") > 0 || table_len(orig, "GSUB") == 0);
        hb_set_destroy(u1);
        hb_set_destroy(u2);
        hb_face_destroy(orig);
        hb_face_destroy(copy);
    }
    /* DejaVu's hinting is most of its glyph data. */
    hb_face_t *orig = face_at(FONT_DIR "/DejaVuSans.ttf");
    hb_face_t *copy = face_at(BK_TEST_BUILD_FONT_DIR "/DejaVuSans.ttf");
    assert_true(table_len(orig, "fpgm") > 0);
    assert_true(table_len(copy, "glyf") < table_len(orig, "glyf") * 9 / 10);
    hb_face_destroy(orig);
    hb_face_destroy(copy);

    bk_fonts *f = NULL;
    bk_error err;
    assert_int_equal(bk__fonts_open(BK_TEST_BUILD_FONT_DIR, &f, &err), 0);
    int index = -1;
    assert_non_null(strstr(bk__fonts_file(f, BK_FACE_CJK, &index), "wqy-microhei.ttf"));
    assert_true(bk__fonts_has_glyph(f, BK_FACE_CJK, 0x4E24)); /* 两 */
    bk__fonts_free(f);
}

static void test_fonts_refuses_empty_file(void **state)
{
    (void)state;
    expect_refused("", 0, "empty");
}

static void test_fonts_refuses_truncated_font(void **state)
{
    (void)state;
    size_t len;
    unsigned char *ttf = read_all(FONT_DIR "/DejaVuSans.ttf", &len);
    expect_refused(ttf, 100, "cut short");
    free(ttf);
}

static void test_fonts_refuses_font_missing_its_last_bytes(void **state)
{
    (void)state;
    size_t len;
    unsigned char *ttf = read_all(FONT_DIR "/DejaVuSans.ttf", &len);
    expect_refused(ttf, len - 8, "truncated");
    free(ttf);
}

static void test_fonts_refuses_text_file(void **state)
{
    (void)state;
    const char text[] = "This is not a font, just some words in a file.\n";
    expect_refused(text, sizeof text - 1, "not a TrueType");
}

static size_t table_offset(const unsigned char *ttf, const char *tag)
{
    size_t n = (size_t)ttf[4] << 8 | ttf[5];
    for (size_t i = 0; i < n; i++) {
        const unsigned char *rec = ttf + 12 + 16 * i;
        if (memcmp(rec, tag, 4) == 0)
            return (size_t)rec[8] << 24 | (size_t)rec[9] << 16 | (size_t)rec[10] << 8 | rec[11];
    }
    fail_msg("no %s table", tag);
    return 0;
}

static void test_fonts_refuses_units_per_em_zero(void **state)
{
    (void)state;
    size_t len;
    unsigned char *ttf = read_all(FONT_DIR "/DejaVuSans.ttf", &len);
    size_t head = table_offset(ttf, "head");
    assert_int_not_equal(ttf[head + 18] << 8 | ttf[head + 19], 0);
    ttf[head + 18] = ttf[head + 19] = 0;
    expect_refused(ttf, len, "unitsPerEm is 0");
    free(ttf);
}

/* fsType is not covered by the table checksum check: changing it is enough. */
static void test_fonts_refuses_font_whose_licence_forbids_embedding(void **state)
{
    (void)state;
    size_t len;
    unsigned char *ttf = read_all(FONT_DIR "/DejaVuSans.ttf", &len);
    size_t os2 = table_offset(ttf, "OS/2");
    ttf[os2 + 8] = 0x00;
    ttf[os2 + 9] = 0x02;
    expect_refused(ttf, len, "its licence forbids embedding it in a document");
    ttf[os2 + 8] = 0x02;
    ttf[os2 + 9] = 0x00;
    expect_refused(ttf, len, "bitmaps only");
    free(ttf);
}

static void test_fonts_missing_folder_names_file(void **state)
{
    (void)state;
    bk_fonts *f = NULL;
    bk_error err;
    assert_int_equal(bk__fonts_open("/nonexistent-bk-fonts", &f, &err), BK_EFONT);
    assert_non_null(strstr(err.file, "/nonexistent-bk-fonts/DejaVuSans.ttf"));
}

static void test_fonts_has_glyph_latin_and_cjk(void **state)
{
    (void)state;
    bk_fonts *f = NULL;
    bk_error err;
    assert_int_equal(bk__fonts_open(FONT_DIR, &f, &err), 0);
    assert_true(bk__fonts_has_glyph(f, BK_FACE_SANS, 'A'));
    assert_true(bk__fonts_has_glyph(f, BK_FACE_CJK, 0x4E24)); /* 两 */
    assert_false(bk__fonts_has_glyph(f, BK_FACE_SANS, 0x4E24));
    assert_false(bk__fonts_has_glyph(f, BK_FACE_MONO, 0x6C5F)); /* 江 */
    bk__fonts_free(f);
}

static void test_fonts_glyph_subset_is_much_smaller(void **state)
{
    (void)state;
    bk_fonts *f = NULL;
    bk_error err;
    assert_int_equal(bk__fonts_open(FONT_DIR, &f, &err), 0);
    /* Six glyphs marked, the rest left out. */
    unsigned char used[64] = {0};
    for (int g = 10; g < 16; g++)
        used[g] = 1;
    unsigned char *data = NULL;
    size_t len = 0;
    assert_int_equal(bk__fonts_subset_glyphs(f, BK_FACE_CJK, used, sizeof used, &data, &len, &err),
                     0);
    assert_non_null(data);
    struct stat st;
    assert_int_equal(stat(FONT_DIR "/wqy-microhei.ttc", &st), 0);
    assert_true(len > 1000);
    assert_true(len < (size_t)st.st_size / 50);
    /* Still a TrueType file. */
    assert_memory_equal(data, "\0\1\0\0", 4);
    free(data);
    bk__fonts_free(f);
}

static void test_fonts_pango_family_by_role(void **state)
{
    (void)state;
    bk_fonts *f = NULL;
    bk_error err;
    assert_int_equal(bk__fonts_open(FONT_DIR, &f, &err), 0);
#define REST                                                                                       \
    "WenQuanYi Micro Hei, Noto Sans Arabic, Noto Serif Tibetan, Noto Sans Mongolian, "             \
    "HanaMinA, HanaMinB"
    assert_string_equal(bk__fonts_pango_family(f, BK_FONT_BODY), "DejaVu Sans, " REST);
    assert_string_equal(bk__fonts_pango_family(f, BK_FONT_BOLD), "DejaVu Sans, " REST);
    assert_string_equal(bk__fonts_pango_family(f, BK_FONT_MONO),
                        "DejaVu Sans Mono, DejaVu Sans, " REST);
#undef REST
    bk__fonts_free(f);
}

static void test_fonts_pango_falls_back_to_wenquanyi_for_chinese(void **state)
{
    (void)state;
    bk_fonts *f = NULL;
    bk_error err;
    assert_int_equal(bk__fonts_open(FONT_DIR, &f, &err), 0);
    PangoFontMap *map = bk__fonts_pango_map(f);
    assert_non_null(map);
    assert_ptr_equal(bk__fonts_pango_map(f), map);
    PangoContext *ctx = pango_font_map_create_context(map);
    PangoLayout *layout = pango_layout_new(ctx);
    PangoFontDescription *desc =
        pango_font_description_from_string(bk__fonts_pango_family(f, BK_FONT_BODY));
    pango_font_description_set_size(desc, 12 * PANGO_SCALE);
    pango_layout_set_font_description(layout, desc);
    pango_layout_set_text(layout, "Zone 两江新区", -1);

    int saw_latin = 0, saw_cjk = 0;
    PangoLayoutLine *line = pango_layout_get_line_readonly(layout, 0);
    const char *text = pango_layout_get_text(layout);
    for (GSList *r = line->runs; r; r = r->next) {
        PangoGlyphItem *run = r->data;
        PangoFontDescription *used = pango_font_describe(run->item->analysis.font);
        const char *family = pango_font_description_get_family(used);
        if (strncmp(text + run->item->offset, "两", strlen("两")) == 0) {
            assert_string_equal(family, "WenQuanYi Micro Hei");
            saw_cjk = 1;
        } else if (text[run->item->offset] == 'Z') {
            assert_string_equal(family, "DejaVu Sans");
            saw_latin = 1;
        }
        pango_font_description_free(used);
    }
    assert_true(saw_latin);
    assert_true(saw_cjk);
    pango_font_description_free(desc);
    g_object_unref(layout);
    g_object_unref(ctx);
    bk__fonts_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fonts_open_repo_fonts),
        cmocka_unit_test(test_fonts_build_copies_keep_glyphs_and_drop_hinting),
        cmocka_unit_test(test_fonts_refuses_empty_file),
        cmocka_unit_test(test_fonts_refuses_truncated_font),
        cmocka_unit_test(test_fonts_refuses_font_missing_its_last_bytes),
        cmocka_unit_test(test_fonts_refuses_text_file),
        cmocka_unit_test(test_fonts_refuses_units_per_em_zero),
        cmocka_unit_test(test_fonts_refuses_font_whose_licence_forbids_embedding),
        cmocka_unit_test(test_fonts_missing_folder_names_file),
        cmocka_unit_test(test_fonts_has_glyph_latin_and_cjk),
        cmocka_unit_test(test_fonts_glyph_subset_is_much_smaller),
        cmocka_unit_test(test_fonts_pango_family_by_role),
        cmocka_unit_test(test_fonts_pango_falls_back_to_wenquanyi_for_chinese),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
