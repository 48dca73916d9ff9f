/* The building blocks, drawn by a fake plugin through the SDK's own inline
 * wrappers, checked in the PDF with poppler: tables repeat their header on
 * every page, paragraphs flow over pages, cards show their figures, headings
 * keep with what follows them. Both engines. */
#include "section_harness.h"

const bk_host *bk__host;

static const char *const header[3] = {"Zone", "Output", "Growth"};
static const double widths[3] = {0.5, 0.25, 0.25};
static const int aligns[3] = {BK_ALIGN_LEFT, BK_ALIGN_RIGHT, BK_ALIGN_RIGHT};

#define TABLE_ROWS 60
static char cell_text[TABLE_ROWS][3][32];
static const char *cells[TABLE_ROWS * 3];

static int render_table(bk_section *sec)
{
    for (int r = 0; r < TABLE_ROWS; r++) {
        snprintf(cell_text[r][0], sizeof cell_text[r][0], "Zone number %d", r + 1);
        snprintf(cell_text[r][1], sizeof cell_text[r][1], "%d.5", 100 + r);
        snprintf(cell_text[r][2], sizeof cell_text[r][2], "+%d%%", r % 12);
        for (int c = 0; c < 3; c++)
            cells[r * 3 + c] = cell_text[r][c];
    }
    bk_table t = {.ncols = 3,
                  .header = header,
                  .widths = widths,
                  .align = aligns,
                  .nrows = TABLE_ROWS,
                  .cells = cells};
    int rc = bk_heading(sec, 1, "Zones");
    return rc ? rc : bk_table_draw(sec, &t);
}

static void check_table(int engine)
{
    harness *h = harness_new(engine, render_table);
    assert_int_equal(harness_run(h), 0);
    int pages = pdf_pages(h);
    assert_true(pages >= 2);
    assert_int_equal(h->frag.pages, pages);
    for (int p = 1; p <= pages; p++) {
        assert_true(on_page(h, p, "ZoneOutputGrowth"));
    }
    assert_true(on_page(h, 1, "Zone number 1"));
    assert_true(on_page(h, pages, "Zone number 60"));
    harness_free(h);
}

static void test_table_sixty_rows_repeat_header_on_every_page_cairo(void **state)
{
    (void)state;
    check_table(BK_ENGINE_CAIRO);
}

static void test_table_sixty_rows_repeat_header_on_every_page_haru(void **state)
{
    (void)state;
    check_table(BK_ENGINE_HARU);
}

/* A long Chinese paragraph: ideographs break anywhere, so it must flow. */
#define ZH_SENTENCE "两江新区坚持创新驱动发展，推动汽车、电子信息等产业集群提质增效。"
#define ZH_REPEAT 100
static char zh_text[ZH_REPEAT * sizeof ZH_SENTENCE];

static int render_zh_paragraph(bk_section *sec)
{
    zh_text[0] = '\0';
    for (int i = 0; i < ZH_REPEAT; i++)
        strcat(zh_text, ZH_SENTENCE);
    return bk_paragraph(sec, BK_PARA_BODY, zh_text);
}

static void check_zh_paragraph(int engine)
{
    harness *h = harness_new(engine, render_zh_paragraph);
    h->doc.lang = "zh";
    assert_int_equal(harness_run(h), 0);
    int pages = pdf_pages(h);
    assert_true(pages >= 2);
    assert_true(on_page(h, 1, "两江新区坚持创新驱动发展"));
    assert_true(on_page(h, pages, "产业集群提质增效。"));
    /* Every sentence made it, across all pages. */
    size_t count = 0;
    for (int p = 1; p <= pages; p++) {
        char *t = page_text(h, p);
        for (const char *s = t; (s = strstr(s, "两江新区")); s++)
            count++;
        free(t);
    }
    assert_int_equal(count, ZH_REPEAT);
    harness_free(h);
}

static void test_paragraph_long_chinese_flows_over_pages_cairo(void **state)
{
    (void)state;
    check_zh_paragraph(BK_ENGINE_CAIRO);
}

static void test_paragraph_long_chinese_flows_over_pages_haru(void **state)
{
    (void)state;
    check_zh_paragraph(BK_ENGINE_HARU);
}

static int render_cards(bk_section *sec)
{
    static const bk_card cards[5] = {
        {"2,000", "billion yuan", "Output value 2021", "+11.9%", 1, "Source: statistics bureau"},
        {"4,180", "firms", "Registered enterprises", "-2.1%", -1, NULL},
        {"98.6", "%", "Occupancy", NULL, 0, NULL},
        {"123,456,789.01", "billion yuan", "A value far too wide for its card", "+0.1%", 1, NULL},
        {"7", NULL, "Fifth card wraps to a second row", NULL, 0, NULL},
    };
    return bk_cards(sec, cards, 5);
}

static void check_cards(int engine)
{
    harness *h = harness_new(engine, render_cards);
    assert_int_equal(harness_run(h), 0);
    assert_int_equal(pdf_pages(h), 1);
    assert_true(on_page(h, 1, "2,000"));
    assert_true(on_page(h, 1, "Output value 2021"));
    assert_true(on_page(h, 1, "\xe2\x86\x91+11.9%"));
    assert_true(on_page(h, 1, "\xe2\x86\x93-2.1%"));
    assert_true(on_page(h, 1, "123,456,789.01"));
    assert_true(on_page(h, 1, "Fifth card wraps"));
    harness_free(h);
}

static void test_cards_show_values_and_trend_arrows_cairo(void **state)
{
    (void)state;
    check_cards(BK_ENGINE_CAIRO);
}

static void test_cards_show_values_and_trend_arrows_haru(void **state)
{
    (void)state;
    check_cards(BK_ENGINE_HARU);
}

static int render_heading_at_bottom(bk_section *sec)
{
    int rc = bk_paragraph(sec, BK_PARA_BODY, "First page text.");
    /* Leave room for the heading itself but not for three lines after it. */
    bk_advance(sec, bk_space_left(sec) - 2.5 * bk_size(sec, BK_SIZE_H2));
    if (rc == 0)
        rc = bk_heading(sec, 2, "Moved heading");
    if (rc == 0)
        rc = bk_paragraph(sec, BK_PARA_BODY, "Text under the heading.");
    return rc;
}

static void check_heading_moves(int engine)
{
    harness *h = harness_new(engine, render_heading_at_bottom);
    assert_int_equal(harness_run(h), 0);
    assert_int_equal(pdf_pages(h), 2);
    assert_true(on_page(h, 1, "First page text."));
    assert_false(on_page(h, 1, "Moved heading"));
    assert_true(on_page(h, 2, "Moved heading"));
    assert_int_equal(h->frag.n_outline, 1);
    assert_int_equal(h->frag.outline[0].page, 1);
    assert_string_equal(h->frag.outline[0].title, "Moved heading");
    harness_free(h);
}

static void test_heading_near_page_bottom_moves_to_next_page_cairo(void **state)
{
    (void)state;
    check_heading_moves(BK_ENGINE_CAIRO);
}

static void test_heading_near_page_bottom_moves_to_next_page_haru(void **state)
{
    (void)state;
    check_heading_moves(BK_ENGINE_HARU);
}

/* A paragraph of several lines that would leave one line at a page's foot
 * starts on the next page instead. */
static int render_orphan(bk_section *sec)
{
    double lh = bk_size(sec, BK_SIZE_BODY) * bk_size(sec, BK_SIZE_LEADING);
    int rc = bk_paragraph(sec, BK_PARA_BODY, "Before.");
    bk_advance(sec, bk_space_left(sec) - 1.5 * lh);
    return rc ? rc
              : bk_paragraph(sec, BK_PARA_BODY,
                             "Orphan start. The rest of this paragraph is long enough to need "
                             "several lines on an A4 page with twenty millimetre margins, so it "
                             "must not leave its first line alone at the foot of the page; it "
                             "carries on for a while longer to be sure it takes three lines or "
                             "more at the body size of the default theme.");
}

static void test_paragraph_does_not_leave_single_first_line(void **state)
{
    (void)state;
    harness *h = harness_new(BK_ENGINE_CAIRO, render_orphan);
    assert_int_equal(harness_run(h), 0);
    assert_int_equal(pdf_pages(h), 2);
    assert_false(on_page(h, 1, "Orphan start."));
    assert_true(on_page(h, 2, "Orphan start."));
    harness_free(h);
}

/* Three lines with room for two: two would leave the last alone on the
 * next page, one the first alone here, so all three go over. */
static int render_three_lines_room_for_two(bk_section *sec)
{
    double lh = bk_size(sec, BK_SIZE_BODY) * bk_size(sec, BK_SIZE_LEADING);
    int rc = bk_paragraph(sec, BK_PARA_BODY, "Before.");
    bk_advance(sec, bk_space_left(sec) - 2.5 * lh);
    return rc ? rc
              : bk_paragraph(sec, BK_PARA_BODY,
                             "Three lines start. This paragraph is long enough to need a second "
                             "line on an A4 page with twenty millimetre margins, and it goes on "
                             "a little further so that it takes a third line at the body size.");
}

static void test_paragraph_of_three_lines_with_room_for_two_goes_over_whole(void **state)
{
    (void)state;
    harness *h = harness_new(BK_ENGINE_CAIRO, render_three_lines_room_for_two);
    assert_int_equal(harness_run(h), 0);
    assert_int_equal(pdf_pages(h), 2);
    assert_false(on_page(h, 1, "Three lines start."));
    assert_true(on_page(h, 2, "Three lines start."));
    assert_true(on_page(h, 2, "third line at the body size."));
    harness_free(h);
}

/* Two rows of cards, then a one-line note. The page has room for both
 * rows but not the note: the last row goes over with it, the first stays. */
static const bk_card two_rows[5] = {
    {"1", NULL, "First card", NULL, 0, NULL}, {"2", NULL, "Second card", NULL, 0, NULL},
    {"3", NULL, "Third card", NULL, 0, NULL}, {"4", NULL, "Fourth card", NULL, 0, NULL},
    {"5", NULL, "Fifth card", NULL, 0, NULL},
};

static int render_cards_then_note(bk_section *sec)
{
    /* Measured on a page of their own first: the rows and the gap after. */
    double top = bk_cursor(sec);
    int rc = bk_cards(sec, two_rows, 5);
    double rows = bk_cursor(sec) - top - bk_size(sec, BK_SIZE_GAP);
    bk_new_page(sec);
    if (rc == 0)
        rc = bk_paragraph(sec, BK_PARA_BODY, "Before.");
    bk_advance(sec, bk_space_left(sec) - rows - 2);
    if (rc == 0)
        rc = bk_cards(sec, two_rows, 5);
    return rc ? rc : bk_paragraph(sec, BK_PARA_NOTE, "Sources: the note line.");
}

static void test_last_row_of_cards_goes_over_with_the_line_after_it(void **state)
{
    (void)state;
    harness *h = harness_new(BK_ENGINE_CAIRO, render_cards_then_note);
    assert_int_equal(harness_run(h), 0);
    assert_int_equal(pdf_pages(h), 3);
    assert_true(on_page(h, 2, "First card"));
    assert_true(on_page(h, 3, "Fifth card"));
    assert_true(on_page(h, 3, "Sources: the note line."));
    harness_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table_sixty_rows_repeat_header_on_every_page_cairo),
        cmocka_unit_test(test_table_sixty_rows_repeat_header_on_every_page_haru),
        cmocka_unit_test(test_paragraph_long_chinese_flows_over_pages_cairo),
        cmocka_unit_test(test_paragraph_long_chinese_flows_over_pages_haru),
        cmocka_unit_test(test_cards_show_values_and_trend_arrows_cairo),
        cmocka_unit_test(test_cards_show_values_and_trend_arrows_haru),
        cmocka_unit_test(test_heading_near_page_bottom_moves_to_next_page_cairo),
        cmocka_unit_test(test_heading_near_page_bottom_moves_to_next_page_haru),
        cmocka_unit_test(test_paragraph_does_not_leave_single_first_line),
        cmocka_unit_test(test_paragraph_of_three_lines_with_room_for_two_goes_over_whole),
        cmocka_unit_test(test_last_row_of_cards_goes_over_with_the_line_after_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
