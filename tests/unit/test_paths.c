/* Where briefkit finds its files: a test binary runs from the build tree, so
 * it must get the build's folders, and BRIEFKIT_FONT_DIR must win. The
 * answer is computed once, so the variable is set before the first call. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"

static void test_paths_test_binary_counts_as_build_tree(void **state)
{
    (void)state;
    assert_int_equal(bk__paths_in_build_tree(), 1);
}

static void test_paths_plugin_dir_is_the_builds(void **state)
{
    (void)state;
    /* BK_TEST_FIXTURE_DIR is <build>/tests/fixtures. */
    char want[1024];
    const char *fix = BK_TEST_FIXTURE_DIR;
    size_t n = strlen(fix) - strlen("/tests/fixtures");
    snprintf(want, sizeof want, "%.*s/plugins", (int)n, fix);
    assert_string_equal(bk__paths_plugin_dir(), want);
}

static void test_paths_font_dir_env_overrides(void **state)
{
    (void)state;
    assert_string_equal(bk__paths_font_dir(), "/opt/fonts-from-env");
}

int main(void)
{
    if (setenv("BRIEFKIT_FONT_DIR", "/opt/fonts-from-env", 1) != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_paths_test_binary_counts_as_build_tree),
        cmocka_unit_test(test_paths_plugin_dir_is_the_builds),
        cmocka_unit_test(test_paths_font_dir_env_overrides),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
