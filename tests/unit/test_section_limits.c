/* Limits on what one section may produce: a plugin that keeps starting new
 * pages is stopped with a clear error at the page limit (500), whether it
 * stops at the first refusal or ignores it and keeps going. */
#include "section_harness.h"

const bk_host *bk__host;

static int pages_tried;

/* Starts a new page and draws on it until drawing is refused. */
static int render_pages_until_refused(bk_section *sec)
{
    for (pages_tried = 0; pages_tried < 100000; pages_tried++) {
        bk_new_page(sec);
        int rc = bk_heading(sec, 2, "again");
        if (rc)
            return rc;
    }
    return 0;
}

/* The same, ignoring every return value and claiming success. */
static int render_pages_ignoring_errors(bk_section *sec)
{
    for (int i = 0; i < 600; i++) {
        bk_new_page(sec);
        bk_heading(sec, 2, "again");
    }
    return 0;
}

static void test_section_page_limit_stops_a_looping_plugin(void **state)
{
    (void)state;
    harness *h = harness_new(BK_ENGINE_HARU, render_pages_until_refused);
    assert_int_equal(harness_run(h), BK_ELIMIT);
    assert_int_equal(pages_tried, 500);
    assert_non_null(strstr(h->err.msg, "section 'sec1' (fake): more than 500 pages"));
    assert_int_equal(h->err.line, 7);
    harness_free(h);
}

static void test_section_page_limit_holds_when_the_plugin_ignores_it(void **state)
{
    (void)state;
    harness *h = harness_new(BK_ENGINE_CAIRO, render_pages_ignoring_errors);
    assert_int_equal(harness_run(h), BK_ELIMIT);
    assert_non_null(strstr(h->err.msg, "a section may have at most 500"));
    harness_free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_section_page_limit_stops_a_looping_plugin),
        cmocka_unit_test(test_section_page_limit_holds_when_the_plugin_ignores_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
