/* The theme: the trend colours follow the reader's language (or the
 * template), while the core's alert colour stays red in every language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "theme.h"

static int is_red(bk_rgb c)
{
    return c.r > 0.6 && c.g < 0.3 && c.b < 0.3;
}

static int is_green(bk_rgb c)
{
    return c.g > c.r && c.g > c.b;
}

static void test_theme_trend_colours_follow_the_language(void **state)
{
    (void)state;
    bk_theme t;
    bk__theme_default(&t);
    assert_int_equal(bk__theme_trend_colors(&t, "en", NULL, NULL), 0);
    assert_true(is_green(t.colors[BK_COLOR_UP]));
    assert_true(is_red(t.colors[BK_COLOR_DOWN]));
    assert_int_equal(bk__theme_trend_colors(&t, "zh", NULL, NULL), 0);
    assert_true(is_red(t.colors[BK_COLOR_UP]));
    assert_true(is_green(t.colors[BK_COLOR_DOWN]));
}

/* A "section unavailable" page must not turn green in a Chinese briefing. */
static void test_theme_alert_stays_red_in_every_language(void **state)
{
    (void)state;
    bk_theme t;
    bk__theme_default(&t);
    assert_true(is_red(t.alert));
    assert_int_equal(bk__theme_trend_colors(&t, "zh", NULL, "#00ff00"), 0);
    assert_true(is_red(t.alert));
    assert_int_equal(bk__theme_trend_colors(&t, "zh", "nonsense", NULL), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_theme_trend_colours_follow_the_language),
        cmocka_unit_test(test_theme_alert_stays_red_in_every_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
