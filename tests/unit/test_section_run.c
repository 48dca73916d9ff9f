/* Running a section: errors a plugin reports (with the node it names),
 * failures it does not explain, the fragment's pages and bookmarks, lazily
 * begun pages, native handles, options, and byte-identical output. */
#include <math.h>

#include <cairo.h>

#include "section_harness.h"

const bk_host *bk__host;

static const bk_node *bad_node;

static int render_fail_at_node(bk_section *sec)
{
    return bk_fail(sec, bad_node, "expected a number, got \"%s\"", bk_node_str(bad_node));
}

static void test_fail_with_node_reports_that_nodes_line(void **state)
{
    (void)state;
    harness *h = harness_new(BK_ENGINE_CAIRO, render_fail_at_node);
    bad_node = str_node(h, "12 %", 42);
    assert_int_equal(harness_run(h), BK_ERENDER);
    assert_int_equal(h->err.code, BK_ERENDER);
    assert_string_equal(h->err.file, "data.yaml");
    assert_int_equal(h->err.line, 42);
    assert_string_equal(h->err.msg, "section 'sec1' (fake): expected a number, got \"12 %\"");
    harness_free(h);
}

static int render_fail_without_node(bk_section *sec)
{
    int rc = bk_fail(sec, NULL, "first");
    bk_fail(sec, NULL, "second");
    return rc;
}

static void test_fail_without_node_uses_section_location_and_first_error(void **state)
{
    (void)state;
    harness *h = harness_new(BK_ENGINE_CAIRO, render_fail_without_node);
    assert_int_equal(harness_run(h), BK_ERENDER);
    assert_string_equal(h->err.file, "brief.yaml");
    assert_int_equal(h->err.line, 7);
    assert_string_equal(h->err.msg, "section 'sec1' (fake): first");
    harness_free(h);
}

static int render_return_code(bk_section *sec)
{
    (void)sec;
    return 7;
}

static void test_nonzero_return_without_fail_gives_generic_error(void **state)
{
    (void)state;
    harness *h = harness_new(BK_ENGINE_CAIRO, render_return_code);
    assert_int_equal(harness_run(h), BK_ERENDER);
    assert_int_equal(h->err.line, 7);
    assert_string_equal(h->err.msg, "section 'sec1' (fake): render failed with code 7");
    assert_null(h->frag.pdf);
    harness_free(h);
}

static int render_nothing(bk_section *sec)
{
    (void)sec;
    return 0;
}

static void test_section_that_draws_nothing_has_one_page(void **state)
{
    (void)state;
    harness *h = harness_new(BK_ENGINE_CAIRO, render_nothing);
    assert_int_equal(harness_run(h), 0);
    assert_int_equal(h->frag.pages, 1);
    assert_int_equal(pdf_pages(h), 1);
    harness_free(h);
}

static int render_new_pages(bk_section *sec)
{
    int rc = bk_heading(sec, 1, sec->title);
    bk_new_page(sec);
    bk_new_page(sec); /* nothing drawn since the last break: no blank page */
    if (rc == 0)
        rc = bk_heading(sec, 2, "Second page");
    bk_new_page(sec); /* trailing break: no blank page either */
    return rc;
}

static void test_new_page_never_leaves_blank_pages_and_outline_has_pages(void **state)
{
    (void)state;
    harness *h = harness_new(BK_ENGINE_CAIRO, render_new_pages);
    assert_int_equal(harness_run(h), 0);
    assert_int_equal(h->frag.pages, 2);
    assert_int_equal(pdf_pages(h), 2);
    /* The opening heading is the section's title: the section's own
     * bookmark covers it, so only the later heading is reported. */
    assert_int_equal(h->frag.n_outline, 1);
    assert_int_equal(h->frag.outline[0].level, 2);
    assert_string_equal(h->frag.outline[0].title, "Second page");
    assert_int_equal(h->frag.outline[0].page, 1);
    assert_float_equal(h->frag.outline[0].y, 20 * MM, 0.01);
    assert_true(on_page(h, 2, "Second page"));
    harness_free(h);
}

static int native_ok;

static int render_native_cairo(bk_section *sec)
{
    cairo_t *cr = bk_native(sec, BK_NATIVE_CAIRO);
    native_ok = cr != NULL && bk_native(sec, BK_NATIVE_PANGO) != NULL &&
                bk_native(sec, BK_NATIVE_HARU_DOC) == NULL;
    if (!cr)
        return bk_fail(sec, NULL, "no cairo_t");
    cairo_set_source_rgb(cr, 1, 0, 0);
    cairo_rectangle(cr, sec->box_x, sec->box_y, 100, 50);
    cairo_fill(cr);
    return 0;
}

static void test_native_cairo_hands_out_cairo_and_pango(void **state)
{
    (void)state;
    harness *h = harness_new(BK_ENGINE_CAIRO, render_native_cairo);
    native_ok = 0;
    assert_int_equal(harness_run(h), 0);
    assert_true(native_ok);
    assert_int_equal(h->frag.pages, 1);
    harness_free(h);
}

static int render_layout_cursor(bk_section *sec)
{
    double top = bk_cursor(sec);
    if (top != sec->box_y)
        return bk_fail(sec, NULL, "cursor starts at %g, not the box top %g", top, sec->box_y);
    if (bk_need(sec, 10) != 0)
        return bk_fail(sec, NULL, "need(10) broke an empty page");
    bk_advance(sec, 100);
    if (fabs(bk_space_left(sec) - (sec->box_h - 100)) > 1e-9)
        return bk_fail(sec, NULL, "space_left is %g", bk_space_left(sec));
    int rc = bk_text(sec, sec->box_x, bk_cursor(sec), BK_FONT_BODY, 12,
                     bk_color(sec, BK_COLOR_TEXT), "Cursor text");
    if (rc == 0 && bk_need(sec, sec->box_h) != 1)
        return bk_fail(sec, NULL, "need(box height) did not break");
    if (bk_cursor(sec) != sec->box_y)
        return bk_fail(sec, NULL, "a break did not reset the cursor");
    return rc;
}

static void test_cursor_need_and_space_left_follow_the_box(void **state)
{
    (void)state;
    harness *h = harness_new(BK_ENGINE_CAIRO, render_layout_cursor);
    int rc = harness_run(h);
    if (rc != 0)
        print_error("%s\n", h->err.msg);
    assert_int_equal(rc, 0);
    assert_true(on_page(h, 1, "Cursor text"));
    harness_free(h);
}

static int render_theme_fallbacks(bk_section *sec)
{
    bk_rgb text = bk_color(sec, BK_COLOR_TEXT), odd = bk_color(sec, 99);
    if (odd.r != text.r || odd.g != text.g || odd.b != text.b)
        return bk_fail(sec, NULL, "unknown colour role is not the text colour");
    if (bk_size(sec, -1) != bk_size(sec, BK_SIZE_BODY))
        return bk_fail(sec, NULL, "unknown size role is not the body size");
    double w = bk_text_width(sec, BK_FONT_BODY, 10, "Hello");
    double w2 = bk_text_width(sec, BK_FONT_BODY, 20, "Hello");
    if (!(w > 10 && w < 40 && w2 > 1.9 * w && w2 < 2.1 * w))
        return bk_fail(sec, NULL, "text widths %g and %g do not scale with size", w, w2);
    double lh = 10 * bk_size(sec, BK_SIZE_LEADING);
    if (bk_text_height(sec, BK_FONT_BODY, 10, w * 1.5, "Hello Hello Hello") != 3 * lh &&
        bk_text_height(sec, BK_FONT_BODY, 10, w * 1.5, "Hello Hello Hello") != 2 * lh)
        return bk_fail(sec, NULL, "text_height did not wrap");
    return 0;
}

static void test_theme_roles_out_of_range_fall_back_and_widths_scale(void **state)
{
    (void)state;
    harness *h = harness_new(BK_ENGINE_CAIRO, render_theme_fallbacks);
    int rc = harness_run(h);
    if (rc != 0)
        print_error("%s\n", h->err.msg);
    assert_int_equal(rc, 0);
    harness_free(h);
}

static int render_mixed(bk_section *sec)
{
    static const char *const head[2] = {"指标", "Value"};
    static const char *const cells[4] = {"地区生产总值", "2,000", "Exports", "1,234"};
    static const bk_card card = {"2,000", "亿元", "工业总产值", "+11.9%", 1, "来源：统计局"};
    bk_table t = {.ncols = 2, .header = head, .nrows = 2, .cells = cells};
    int rc = bk_heading(sec, 1, sec->title);
    if (rc == 0)
        rc = bk_paragraph(sec, BK_PARA_LEAD, "两江新区 is a national development zone.");
    if (rc == 0)
        rc = bk_cards(sec, &card, 1);
    if (rc == 0)
        rc = bk_table_draw(sec, &t);
    /* A character found nowhere in the data: the haru engine must retry. */
    if (rc == 0)
        rc = bk_paragraph(sec, BK_PARA_NOTE, "鹦鹉");
    return rc;
}

static void check_identical(int engine)
{
    harness *h = harness_new(engine, render_mixed);
    h->spec.title = "重庆两江新区 Overview";
    assert_int_equal(harness_run(h), 0);
    unsigned char *first = malloc(h->frag.len);
    assert_non_null(first);
    size_t len = h->frag.len;
    memcpy(first, h->frag.pdf, len);
    assert_int_equal(harness_run(h), 0);
    assert_int_equal(h->frag.len, len);
    assert_memory_equal(h->frag.pdf, first, len);
    free(first);
    assert_true(on_page(h, 1, "重庆两江新区Overview"));
    assert_true(on_page(h, 1, "地区生产总值"));
    assert_true(on_page(h, 1, "鹦鹉"));
    harness_free(h);
}

static void test_two_renders_are_byte_identical_cairo(void **state)
{
    (void)state;
    check_identical(BK_ENGINE_CAIRO);
}

static void test_two_renders_are_byte_identical_haru(void **state)
{
    (void)state;
    check_identical(BK_ENGINE_HARU);
}

static int render_haru_native(bk_section *sec)
{
    native_ok = bk_native(sec, BK_NATIVE_HARU_DOC) != NULL &&
                bk_native(sec, BK_NATIVE_HARU_PAGE) != NULL &&
                bk_native(sec, BK_NATIVE_CAIRO) == NULL;
    return 0;
}

static void test_native_haru_hands_out_doc_and_page(void **state)
{
    (void)state;
    harness *h = harness_new(BK_ENGINE_HARU, render_haru_native);
    native_ok = 0;
    assert_int_equal(harness_run(h), 0);
    assert_true(native_ok);
    harness_free(h);
}

static int render_options(bk_section *sec)
{
    const char *zone = bk_opt_str(sec, "zone");
    if (!zone || strcmp(zone, "liangjiang") != 0)
        return bk_fail(sec, NULL, "zone is %s", zone ? zone : "(null)");
    if (bk_opt_num(sec, "limit") != 5 || !bk_opt_has(sec, "limit"))
        return bk_fail(sec, NULL, "limit default not applied");
    if (bk_opt_str(sec, "nonexistent") != NULL)
        return bk_fail(sec, NULL, "an unknown option has a value");
    return 0;
}

static void test_options_reach_the_plugin_with_defaults(void **state)
{
    (void)state;
    static const bk_option_spec schema[] = {{"zone", BK_OPT_STRING, 1, NULL, 0, 0, NULL, "zone id"},
                                            {"limit", BK_OPT_INT, 0, "5", 1, 10, NULL, "how many"},
                                            {NULL, 0, 0, NULL, 0, 0, NULL, NULL}};
    harness *h = harness_new(BK_ENGINE_CAIRO, render_options);
    bk_loc loc = {"brief.yaml", 9, 5};
    bk_node *given = bk__node_new(h->arena, BK_NODE_MAP, loc);
    assert_int_equal(
        bk__node_append(h->arena, given, str_node(h, "zone", 9), str_node(h, "liangjiang", 9)), 0);
    bk_options *opts = NULL;
    assert_int_equal(
        bk__options_validate(h->arena, schema, BK_ABI_MINOR, given, &loc, "sec1", &opts, &h->err),
        0);
    h->job.options = opts;
    int rc = harness_run(h);
    if (rc != 0)
        print_error("%s\n", h->err.msg);
    assert_int_equal(rc, 0);
    harness_free(h);
}

static void test_margins_that_leave_no_room_are_refused(void **state)
{
    (void)state;
    harness *h = harness_new(BK_ENGINE_CAIRO, render_nothing);
    h->doc.margin_left = h->doc.margin_right = 400;
    assert_int_equal(harness_run(h), BK_EINVAL);
    assert_non_null(strstr(h->err.msg, "margins leave no room"));
    harness_free(h);
}

static void test_fragment_names_the_engine_that_drew_it(void **state)
{
    (void)state;
    const int engines[] = {BK_ENGINE_CAIRO, BK_ENGINE_HARU};
    for (size_t i = 0; i < 2; i++) {
        harness *h = harness_new(engines[i], render_nothing);
        assert_int_equal(harness_run(h), 0);
        assert_int_equal(h->frag.engine, engines[i]);
        assert_false(h->frag.grouped);
        harness_free(h);
    }
}

/* Four sections of one briefing: specs[] in order, so break: auto links
 * each to the one before it. */
typedef struct four {
    bk_section_spec specs[4];
    bk_section_job jobs[4];
} four;

static void four_of(harness *h, four *f, const int engines[4], const int auto_[4])
{
    for (int i = 0; i < 4; i++) {
        f->specs[i] = h->spec;
        f->specs[i].break_auto = auto_[i];
        f->jobs[i] = h->job;
        f->jobs[i].spec = &f->specs[i];
        f->jobs[i].engine = engines[i];
    }
}

static void test_group_holds_sharing_sections_and_those_break_auto_links(void **state)
{
    (void)state;
    harness *h = harness_new(BK_ENGINE_HARU, render_nothing);
    const int H = BK_ENGINE_HARU, C = BK_ENGINE_CAIRO;
    four f;
    size_t idx[4];

    /* break: page everywhere: the libharu sections only. */
    four_of(h, &f, (const int[]){H, C, H, C}, (const int[]){0, 0, 0, 0});
    assert_int_equal(bk__section_group(f.jobs, 4, idx), 2);
    assert_int_equal(idx[0], 0);
    assert_int_equal(idx[1], 2);

    /* The third goes on after the second: both join, in order. */
    four_of(h, &f, (const int[]){H, C, C, C}, (const int[]){0, 0, 1, 0});
    assert_int_equal(bk__section_group(f.jobs, 4, idx), 3);
    assert_int_equal(idx[0], 0);
    assert_int_equal(idx[1], 1);
    assert_int_equal(idx[2], 2);

    /* Cairo sections alone, linked: a group without any sharing engine. */
    four_of(h, &f, (const int[]){C, C, C, C}, (const int[]){1, 0, 0, 1});
    assert_int_equal(bk__section_group(f.jobs, 4, idx), 2);
    assert_int_equal(idx[0], 2);
    assert_int_equal(idx[1], 3);

    /* One sharing section alone gains nothing; another document's never
     * joins, break: auto or not. */
    four_of(h, &f, (const int[]){H, C, C, C}, (const int[]){0, 0, 0, 0});
    assert_int_equal(bk__section_group(f.jobs, 4, idx), 0);
    bk_doc_settings doc2 = h->doc;
    four_of(h, &f, (const int[]){H, H, C, C}, (const int[]){0, 1, 0, 0});
    f.jobs[1].doc = &doc2;
    assert_int_equal(bk__section_group(f.jobs, 4, idx), 0);
    harness_free(h);
}

static int render_short_paragraph(bk_section *sec)
{
    int rc = bk_heading(sec, 1, sec->title);
    return rc ? rc : bk_paragraph(sec, BK_PARA_BODY, "A short paragraph.");
}

/* A Cairo section after a libharu one, break: auto: it cannot draw into the
 * libharu document, so it begins a page of its own, below where the first
 * ended, for the assembler to lay over that page. The libharu section after
 * it does the same in the libharu document. */
static void test_break_auto_across_engines_begins_an_overlay_page(void **state)
{
    (void)state;
    harness *h = harness_new(BK_ENGINE_HARU, render_short_paragraph);
    const int H = BK_ENGINE_HARU, C = BK_ENGINE_CAIRO;
    four f;
    four_of(h, &f, (const int[]){H, C, H, H}, (const int[]){0, 1, 1, 1});
    size_t idx[4];
    assert_int_equal(bk__section_group(f.jobs, 4, idx), 4);
    bk_fragment frags[4];
    bk_error err;
    assert_int_equal(bk__section_render_group(f.jobs, 4, frags, &err), 0);

    assert_true(frags[0].grouped);
    assert_false(frags[0].continues);
    assert_int_equal(frags[0].first_page, 0);

    assert_false(frags[1].grouped); /* its own Cairo PDF */
    assert_true(frags[1].continues);
    assert_true(frags[1].overlay);
    assert_int_equal(frags[1].pages, 1);
    assert_true(frags[1].start_y > h->doc.margin_top + 20);
    assert_true(frags[1].start_y < h->doc.page_h / 3);

    /* Back in the libharu document: a new page there, laid over the Cairo
     * one; the last section then shares that page as it is. */
    assert_true(frags[2].grouped && frags[2].continues && frags[2].overlay);
    assert_int_equal(frags[2].first_page, 1);
    assert_true(frags[2].start_y > frags[1].start_y);
    assert_true(frags[3].grouped && frags[3].continues && !frags[3].overlay);
    assert_int_equal(frags[3].first_page, 1);
    assert_true(frags[3].start_y > frags[2].start_y);
    assert_true(frags[3].shares_pdf && frags[3].pdf == frags[0].pdf);
    assert_false(frags[1].shares_pdf);
    for (int i = 3; i >= 0; i--)
        bk__fragment_free(&frags[i]);
    harness_free(h);
}

/* The first section leaves a quarter of its page: enough to go on there.
 * The second's heading is kept with a block that does not fit in it. */
static int render_leaving_a_quarter(bk_section *sec)
{
    int rc = bk_paragraph(sec, BK_PARA_BODY, "First section text.");
    bk_advance(sec, bk_space_left(sec) - 0.25 * sec->box_h);
    return rc;
}

static int render_heading_kept_with_a_tall_block(bk_section *sec)
{
    int rc = bk_heading(sec, 1, sec->title);
    bk_need(sec, 0.5 * sec->box_h);
    return rc ? rc : bk_paragraph(sec, BK_PARA_BODY, "Second section text.");
}

/* break: auto, but what the section begins with does not fit in what the
 * previous one left: it begins on a page of its own (not continued), in
 * the shared document and across engines alike. */
static void check_section_that_does_not_fit_begins_a_page(int second_engine)
{
    harness *h = harness_new(BK_ENGINE_HARU, render_leaving_a_quarter);
    bk_loaded_plugin second = h->plugin;
    second.desc.render = render_heading_kept_with_a_tall_block;
    four f;
    four_of(h, &f, (const int[]){BK_ENGINE_HARU, second_engine, 0, 0}, (const int[]){0, 1, 0, 0});
    f.jobs[1].plugin = &second;
    bk_fragment frags[2];
    bk_error err;
    assert_int_equal(bk__section_render_group(f.jobs, 2, frags, &err), 0);
    assert_false(frags[1].continues);
    assert_false(frags[1].overlay);
    assert_int_equal(frags[1].pages, 1);
    if (second_engine == BK_ENGINE_HARU)
        assert_int_equal(frags[1].first_page, 1);
    for (int i = 1; i >= 0; i--)
        bk__fragment_free(&frags[i]);
    harness_free(h);
}

static void test_break_auto_section_that_does_not_fit_begins_a_page_haru(void **state)
{
    (void)state;
    check_section_that_does_not_fit_begins_a_page(BK_ENGINE_HARU);
}

static void test_break_auto_section_that_does_not_fit_begins_a_page_cairo(void **state)
{
    (void)state;
    check_section_that_does_not_fit_begins_a_page(BK_ENGINE_CAIRO);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fail_with_node_reports_that_nodes_line),
        cmocka_unit_test(test_fail_without_node_uses_section_location_and_first_error),
        cmocka_unit_test(test_nonzero_return_without_fail_gives_generic_error),
        cmocka_unit_test(test_section_that_draws_nothing_has_one_page),
        cmocka_unit_test(test_new_page_never_leaves_blank_pages_and_outline_has_pages),
        cmocka_unit_test(test_native_cairo_hands_out_cairo_and_pango),
        cmocka_unit_test(test_cursor_need_and_space_left_follow_the_box),
        cmocka_unit_test(test_theme_roles_out_of_range_fall_back_and_widths_scale),
        cmocka_unit_test(test_two_renders_are_byte_identical_cairo),
        cmocka_unit_test(test_two_renders_are_byte_identical_haru),
        cmocka_unit_test(test_native_haru_hands_out_doc_and_page),
        cmocka_unit_test(test_options_reach_the_plugin_with_defaults),
        cmocka_unit_test(test_margins_that_leave_no_room_are_refused),
        cmocka_unit_test(test_fragment_names_the_engine_that_drew_it),
        cmocka_unit_test(test_group_holds_sharing_sections_and_those_break_auto_links),
        cmocka_unit_test(test_break_auto_across_engines_begins_an_overlay_page),
        cmocka_unit_test(test_break_auto_section_that_does_not_fit_begins_a_page_haru),
        cmocka_unit_test(test_break_auto_section_that_does_not_fit_begins_a_page_cairo),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
