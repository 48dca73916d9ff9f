/* bk__assemble: fragments drawn here with cairo (and one with libharu, in
 * Chinese) are assembled with cover and contents, written to disk and
 * checked with the real tools: pdfinfo, pdftotext, pdffonts, qpdf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <hpdf.h>
#include <pango/pangocairo.h>

#include <briefkit/section.h>

#include "assemble.h"
#include "atomic_write.h"

/* Debian's files as they are (links to fonts/ and the system's). */
#define FONT_DIR BK_TEST_DEBIAN_FONT_DIR
#define PAGE_W 595.276
#define PAGE_H 841.89

typedef struct fixture {
    bk_fonts *fonts;
    bk_theme theme;
    bk_doc_settings doc;
    bk_fragment frags[3];
    bk_assembly_part parts[3];
    bk_assembly in;
    unsigned char *pdf;
    size_t len;
    int pages;
    char dir[64];
    char path[128];
} fixture;

typedef struct membuf {
    unsigned char *p;
    size_t len;
} membuf;

static cairo_status_t membuf_write(void *closure, const unsigned char *data, unsigned int n)
{
    membuf *b = closure;
    unsigned char *p = realloc(b->p, b->len + n);
    if (!p)
        return CAIRO_STATUS_NO_MEMORY;
    memcpy(p + b->len, data, n);
    b->p = p;
    b->len += n;
    return CAIRO_STATUS_SUCCESS;
}

/* `pages` pages saying "Section <name> page <n>", bookmark on the last. */
static void cairo_fragment(fixture *f, bk_fragment *frag, const char *name, int pages)
{
    membuf b = {0};
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(membuf_write, &b, PAGE_W, PAGE_H);
    cairo_t *cr = cairo_create(s);
    PangoContext *pc = pango_font_map_create_context(bk__fonts_pango_map(f->fonts));
    pango_cairo_update_context(cr, pc);
    PangoLayout *l = pango_layout_new(pc);
    PangoFontDescription *fd = pango_font_description_from_string("DejaVu Sans 14");
    pango_layout_set_font_description(l, fd);
    for (int p = 1; p <= pages; p++) {
        char text[64];
        snprintf(text, sizeof text, "Section %s page %d", name, p);
        pango_layout_set_text(l, text, -1);
        cairo_move_to(cr, 72, 120);
        pango_cairo_show_layout(cr, l);
        cairo_show_page(cr);
    }
    pango_font_description_free(fd);
    g_object_unref(l);
    g_object_unref(pc);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    frag->pdf = b.p;
    frag->len = b.len;
    frag->pages = pages;
    frag->outline = calloc(1, sizeof *frag->outline);
    assert_non_null(frag->outline);
    char title[64];
    snprintf(title, sizeof title, "%s detail", name);
    frag->outline[0] = (bk_outline_entry){1, strdup(title), pages - 1, 120};
    frag->n_outline = 1;
}

static void haru_error(HPDF_STATUS e, HPDF_STATUS d, void *u)
{
    (void)u;
    fail_msg("libharu error %04X/%u", (unsigned)e, (unsigned)d);
}

/* One page of Chinese through libharu's UTF-8 encoder, as engine_haru does. */
static void haru_fragment(bk_fragment *frag)
{
    HPDF_Doc d = HPDF_New(haru_error, NULL);
    assert_non_null(d);
    HPDF_UseUTFEncodings(d);
    HPDF_SetCurrentEncoder(d, "UTF-8");
    const char *name = HPDF_LoadTTFontFromFile2(d, FONT_DIR "/wqy-microhei.ttc", 0, HPDF_TRUE);
    assert_non_null(name);
    HPDF_Font font = HPDF_GetFont(d, name, "UTF-8");
    HPDF_Page page = HPDF_AddPage(d);
    HPDF_Page_SetWidth(page, PAGE_W);
    HPDF_Page_SetHeight(page, PAGE_H);
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font, 16);
    HPDF_Page_TextOut(page, 72, PAGE_H - 130, "两江新区 经济概况");
    HPDF_Page_EndText(page);
    assert_int_equal(HPDF_SaveToStream(d), HPDF_OK);
    HPDF_UINT32 size = HPDF_GetStreamSize(d);
    frag->pdf = malloc(size);
    assert_non_null(frag->pdf);
    HPDF_UINT32 got = size;
    assert_int_equal(HPDF_ReadFromStream(d, frag->pdf, &got), HPDF_OK);
    assert_int_equal(got, size);
    frag->len = size;
    frag->pages = 1;
    frag->engine = BK_ENGINE_HARU;
    HPDF_Free(d);
}

static void fill_input(fixture *f)
{
    f->doc = (bk_doc_settings){
        .title = "Monthly briefing",
        .subtitle = "Economic development zones, March",
        .author = "Policy Research Office",
        .subject = "Zones",
        .keywords = "zones, economy",
        .lang = "en",
        .date = "2025-03-01",
        .page_w = PAGE_W,
        .page_h = PAGE_H,
        .margin_top = 71,
        .margin_right = 57,
        .margin_bottom = 71,
        .margin_left = 57,
        .header = "Running head text",
        .footer = "Footer words",
        .classification = "INTERNAL",
        .cover = 1,
        .contents = 1,
    };
    f->parts[0] = (bk_assembly_part){"Alpha overview", &f->frags[0]};
    f->parts[1] = (bk_assembly_part){"Beta figures", &f->frags[1]};
    f->parts[2] = (bk_assembly_part){"两江新区概况", &f->frags[2]};
    f->in = (bk_assembly){
        .doc = &f->doc,
        .theme = &f->theme,
        .fonts = f->fonts,
        .parts = f->parts,
        .n_parts = 3,
        .epoch = 1740787200,
        .creator = "briefkit test",
    };
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    bk_error err = {0};
    assert_int_equal(bk__fonts_open(FONT_DIR, &f->fonts, &err), 0);
    bk__theme_default(&f->theme);
    cairo_fragment(f, &f->frags[0], "A", 2);
    cairo_fragment(f, &f->frags[1], "B", 3);
    haru_fragment(&f->frags[2]);
    fill_input(f);
    int rc = bk__assemble(&f->in, &f->pdf, &f->len, &f->pages, &err);
    if (rc != 0)
        fail_msg("assemble: %s", err.msg);
    strcpy(f->dir, "/tmp/bk_assemble_XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/out.pdf", f->dir);
    assert_int_equal(bk__write_atomic(f->path, f->pdf, f->len, &err), 0);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    if (!getenv("BK_KEEP_PDF"))
        unlink(f->path);
    rmdir(f->dir);
    free(f->pdf);
    for (int i = 0; i < 3; i++)
        bk__fragment_free(&f->frags[i]);
    bk__fonts_free(f->fonts);
    free(f);
    return 0;
}

/* Runs a shell command; returns its stdout+stderr (static) and exit code. */
static const char *run(const char *fmt, const char *path, int *status)
{
    static char out[65536];
    char cmd[512];
    snprintf(cmd, sizeof cmd, fmt, path);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    int st = pclose(p);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    return out;
}

static void test_assemble_page_count_is_cover_contents_and_fragments(void **state)
{
    fixture *f = *state;
    int st;
    const char *out = run("pdfinfo %s 2>&1", f->path, &st);
    assert_int_equal(st, 0);
    assert_non_null(strstr(out, "Pages:           8\n"));
    assert_int_equal(f->pages, 8);
    assert_null(strstr(out, "Error"));
}

static void test_assemble_footer_page_number_matches_physical_page(void **state)
{
    fixture *f = *state;
    int st;
    const char *out = run("pdftotext -f 3 -l 3 %s - 2>&1", f->path, &st);
    assert_int_equal(st, 0);
    assert_non_null(strstr(out, "Page 3 of 8"));
    assert_non_null(strstr(out, "Section A page 1"));
    out = run("pdftotext -f 8 -l 8 %s - 2>&1", f->path, &st);
    assert_non_null(strstr(out, "Page 8 of 8"));
}

static void test_assemble_running_header_on_body_pages_not_cover(void **state)
{
    fixture *f = *state;
    int st;
    const char *out = run("pdftotext -f 1 -l 1 %s - 2>&1", f->path, &st);
    assert_non_null(strstr(out, "Monthly briefing"));
    assert_non_null(strstr(out, "Policy Research Office"));
    assert_null(strstr(out, "Running head text"));
    assert_null(strstr(out, "Page 1"));
    out = run("pdftotext -f 5 -l 5 %s - 2>&1", f->path, &st);
    assert_non_null(strstr(out, "Running head text"));
    assert_non_null(strstr(out, "Footer words"));
    assert_non_null(strstr(out, "INTERNAL"));
}

static void test_assemble_contents_lists_sections_with_page_numbers(void **state)
{
    fixture *f = *state;
    int st;
    const char *out = run("pdftotext -layout -f 2 -l 2 %s - 2>&1", f->path, &st);
    assert_int_equal(st, 0);
    assert_non_null(strstr(out, "Contents"));
    assert_non_null(strstr(out, "Alpha overview"));
    assert_non_null(strstr(out, "Beta figures"));
    assert_non_null(strstr(out, "两江新区概况"));
    /* section A starts on 3, its bookmark is on its page 2 (4), B on 5, the
     * Chinese section on 8 */
    const char *want[][2] = {
        {"Alpha overview", "3"}, {"A detail", "4"}, {"Beta figures", "5"}, {"两江新区概况", "8"}};
    for (size_t i = 0; i < 4; i++) {
        const char *line = strstr(out, want[i][0]);
        assert_non_null(line);
        const char *eol = strchr(line, '\n');
        assert_non_null(eol);
        const char *num = eol;
        while (num > line && num[-1] == ' ')
            num--;
        while (num > line && num[-1] >= '0' && num[-1] <= '9')
            num--;
        char got[16] = {0};
        memcpy(got, num, (size_t)(eol - num) < 15 ? (size_t)(eol - num) : 15);
        for (char *p = got; *p; p++)
            if (*p == ' ')
                *p = '\0';
        assert_string_equal(got, want[i][1]);
    }
}

static void test_assemble_passes_qpdf_check_without_warnings(void **state)
{
    fixture *f = *state;
    int st;
    const char *out = run("qpdf --check %s 2>&1", f->path, &st);
    assert_int_equal(st, 0);
    assert_null(strstr(out, "WARNING"));
    assert_non_null(strstr(out, "No syntax or stream encoding errors"));
}

static void test_assemble_embeds_every_font(void **state)
{
    fixture *f = *state;
    int st;
    const char *out = run("pdffonts %s 2>&1", f->path, &st);
    assert_int_equal(st, 0);
    int fonts = 0;
    const char *line = strstr(out, "-----");
    assert_non_null(line);
    for (line = strchr(line, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
        fonts++;
        /* columns: name type encoding emb sub uni object ID */
        char name[128], type[64], t2[64], enc[64], emb[8];
        int k = sscanf(line + 1, "%127s %63s %63s %63s %7s", name, type, t2, enc, emb);
        assert_true(k >= 4);
        assert_non_null(strstr(line + 1, " yes "));
        (void)emb;
    }
    assert_true(fonts >= 3);
}

/* The CIDToGIDMaps of the PDF at `path` and their filters: "1 /FlateDecode\n". */
static const char *cid_map_filters(const char *path)
{
    int st;
    const char *out =
        run("qpdf --json=2 %s | python3 -c \"import json, sys; "
            "o = json.load(sys.stdin)['qpdf'][1]; "
            "m = [v['value']['/CIDToGIDMap'] for v in o.values() "
            "if isinstance(v.get('value'), dict) and '/CIDToGIDMap' in v['value'] "
            "and v['value']['/CIDToGIDMap'] != '/Identity']; "
            "print(len(m), *[o['obj:' + r]['stream']['dict'].get('/Filter') for r in m])\"",
            path, &st);
    assert_int_equal(st, 0);
    return out;
}

/* Every font of one of briefkit's faces, from any fragment, becomes one
 * font per face, embedded, subset and mapped to Unicode; the cairo
 * fragments here each had their own DejaVu Sans. */
static void test_assemble_embeds_each_face_once(void **state)
{
    fixture *f = *state;
    int st;
    const char *out =
        run("pdffonts %s 2>&1 | grep -c '^[A-Z]*+DejaVuSans .* yes yes yes'", f->path, &st);
    assert_string_equal(out, "1\n");
}

/* The haru fragment here is uncompressed, as a plugin's own libharu font
 * would leave its CIDToGIDMap (the engine deflates its own): the libharu
 * engine's repair at assembly deflates the map. libharu 2.3.0 itself empties
 * the components of composite glyphs in what it embeds (the engine hands it
 * a subset that needs none), so this font matches no face of briefkit's and
 * is kept as it is. */
static void test_assemble_deflates_a_raw_cid_to_gid_map(void **state)
{
    fixture *f = *state;
    assert_string_equal(cid_map_filters(f->path), "1 /FlateDecode\n");
}

/* The assembler repairs a fragment through the hook of the engine the
 * fragment names, and knows no engine itself: the same libharu PDF said to
 * be cairo's keeps its raw map. */
static void test_assemble_repairs_through_the_fragments_engine_only(void **state)
{
    fixture *f = *state;
    f->frags[2].engine = BK_ENGINE_CAIRO;
    unsigned char *pdf = NULL;
    size_t len = 0;
    bk_error err = {0};
    int rc = bk__assemble(&f->in, &pdf, &len, NULL, &err);
    f->frags[2].engine = BK_ENGINE_HARU;
    assert_int_equal(rc, 0);
    char path[160];
    snprintf(path, sizeof path, "%s/unrepaired.pdf", f->dir);
    assert_int_equal(bk__write_atomic(path, pdf, len, &err), 0);
    free(pdf);
    const char *out = cid_map_filters(path);
    unlink(path);
    assert_string_equal(out, "1 None\n");
}

static void test_assemble_same_epoch_gives_same_bytes(void **state)
{
    fixture *f = *state;
    unsigned char *again = NULL;
    size_t len = 0;
    bk_error err = {0};
    assert_int_equal(bk__assemble(&f->in, &again, &len, NULL, &err), 0);
    assert_int_equal(len, f->len);
    assert_memory_equal(again, f->pdf, len);
    free(again);
}

static void test_assemble_outline_holds_section_titles(void **state)
{
    fixture *f = *state;
    int st;
    const char *out = run("qpdf --json --json-key=outlines %s 2>&1", f->path, &st);
    assert_int_equal(st, 0);
    assert_non_null(strstr(out, "\"title\": \"Contents\""));
    assert_non_null(strstr(out, "\"title\": \"Alpha overview\""));
    assert_non_null(strstr(out, "\"title\": \"A detail\""));
    assert_non_null(strstr(out, "\"title\": \"Beta figures\""));
    assert_non_null(strstr(out, "\"title\": \"两江新区概况\""));
}

static void test_assemble_chinese_extracts_without_warnings(void **state)
{
    fixture *f = *state;
    int st;
    const char *out = run("pdftotext -f 8 -l 8 %s - 2>&1", f->path, &st);
    assert_int_equal(st, 0);
    assert_non_null(strstr(out, "两江新区 经济概况"));
    assert_null(strstr(out, "Warning"));
    assert_null(strstr(out, "Error"));
}

static void test_assemble_metadata_and_labels(void **state)
{
    fixture *f = *state;
    int st;
    const char *out = run("pdfinfo %s 2>&1", f->path, &st);
    assert_non_null(strstr(out, "Title:           Monthly briefing"));
    assert_non_null(strstr(out, "Author:          Policy Research Office"));
    assert_non_null(strstr(out, "Creator:         briefkit test"));
    assert_non_null(strstr(out, "CreationDate:    Sat Mar  1 00:00:00 2025 UTC"));
    out = run("qpdf --json --json-key=pagelabels %s 2>&1", f->path, &st);
    assert_non_null(strstr(out, "\"/P\": \"u:Cover\""));
    assert_non_null(strstr(out, "\"/St\": 2"));
}

static void test_assemble_links_every_contents_line(void **state)
{
    fixture *f = *state;
    int st;
    const char *out =
        run("qpdf --qdf --object-streams=disable %s - | grep -ac '/Subtype /Link'", f->path, &st);
    /* three sections and two plugin sub-entries */
    assert_int_equal(atoi(out), 5);
}

static void test_assemble_chinese_document_numbers_pages_in_chinese(void **state)
{
    fixture *f = *state;
    bk_doc_settings doc = f->doc;
    doc.lang = "zh";
    bk_assembly in = f->in;
    in.doc = &doc;
    unsigned char *pdf = NULL;
    size_t len = 0;
    bk_error err = {0};
    assert_int_equal(bk__assemble(&in, &pdf, &len, NULL, &err), 0);
    char path[160];
    snprintf(path, sizeof path, "%s/zh.pdf", f->dir);
    assert_int_equal(bk__write_atomic(path, pdf, len, &err), 0);
    free(pdf);
    int st;
    /* pdftotext drops some spaces between Chinese and digits: compare
     * without spaces */
    char *page3 = strdup(run("pdftotext -f 3 -l 3 %s - 2>&1", path, &st));
    assert_non_null(page3);
    char *w = page3;
    for (const char *r = page3; *r; r++)
        if (*r != ' ')
            *w++ = *r;
    *w = '\0';
    assert_non_null(strstr(page3, "第3页/共8页"));
    free(page3);
    const char *out;
    out = run("pdftotext -f 2 -l 2 %s - 2>&1", path, &st);
    assert_non_null(strstr(out, "目录"));
    out = run("pdftotext -f 1 -l 1 %s - 2>&1", path, &st);
    assert_non_null(strstr(out, "编制单位"));
    assert_non_null(strstr(out, "2025年3月1日"));
    unlink(path);
}

static void test_assemble_section_without_pages_is_an_error(void **state)
{
    fixture *f = *state;
    bk_fragment empty = {0};
    bk_assembly_part part = {"Empty", &empty};
    bk_assembly in = f->in;
    in.parts = &part;
    in.n_parts = 1;
    unsigned char *pdf = NULL;
    size_t len = 0;
    bk_error err = {0};
    assert_int_equal(bk__assemble(&in, &pdf, &len, NULL, &err), BK_EPDF);
    assert_null(pdf);
    assert_non_null(strstr(err.msg, "\"Empty\""));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_assemble_page_count_is_cover_contents_and_fragments),
        cmocka_unit_test(test_assemble_footer_page_number_matches_physical_page),
        cmocka_unit_test(test_assemble_running_header_on_body_pages_not_cover),
        cmocka_unit_test(test_assemble_contents_lists_sections_with_page_numbers),
        cmocka_unit_test(test_assemble_passes_qpdf_check_without_warnings),
        cmocka_unit_test(test_assemble_embeds_every_font),
        cmocka_unit_test(test_assemble_embeds_each_face_once),
        cmocka_unit_test(test_assemble_deflates_a_raw_cid_to_gid_map),
        cmocka_unit_test(test_assemble_repairs_through_the_fragments_engine_only),
        cmocka_unit_test(test_assemble_same_epoch_gives_same_bytes),
        cmocka_unit_test(test_assemble_outline_holds_section_titles),
        cmocka_unit_test(test_assemble_chinese_extracts_without_warnings),
        cmocka_unit_test(test_assemble_metadata_and_labels),
        cmocka_unit_test(test_assemble_links_every_contents_line),
        cmocka_unit_test(test_assemble_chinese_document_numbers_pages_in_chinese),
        cmocka_unit_test(test_assemble_section_without_pages_is_an_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
