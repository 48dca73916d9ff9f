/* scaffold: plugin names, refusing existing folders, what a skeleton holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <briefkit/briefkit.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scaffold.h"

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = calloc(1, 65536);
    size_t n = buf ? fread(buf, 1, 65535, f) : 0;
    (void)n;
    fclose(f);
    return buf;
}

static void remove_skeleton(const char *dir, const char *name)
{
    const char *files[] = {"%s/%s.c", "%s/CMakeLists.txt", "%s/README.md", "%s/%s.yaml"};
    char path[512];
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, files[i], dir, name);
        unlink(path);
    }
    rmdir(dir);
}

static void test_scaffold_name_accepts_lower_snake_case(void **state)
{
    (void)state;
    bk_error err;
    assert_int_equal(bk_cli_scaffold_check_name("key_numbers2", &err), 0);
    assert_int_equal(bk_cli_scaffold_check_name("a", &err), 0);
}

static void test_scaffold_name_refuses_leading_digit_upper_case_and_dash(void **state)
{
    (void)state;
    bk_error err;
    assert_int_equal(bk_cli_scaffold_check_name("9lives", &err), BK_EINVAL);
    assert_non_null(strstr(err.msg, "must start with a lower-case letter"));
    assert_int_equal(bk_cli_scaffold_check_name("keyNumbers", &err), BK_EINVAL);
    assert_non_null(strstr(err.msg, "'N' at position 4"));
    assert_int_equal(bk_cli_scaffold_check_name("key-numbers", &err), BK_EINVAL);
    assert_int_equal(bk_cli_scaffold_check_name("", &err), BK_EINVAL);
}

static void test_scaffold_writes_four_files_with_the_name(void **state)
{
    (void)state;
    char dir[] = "/tmp/bk_scaffold_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char target[600];
    snprintf(target, sizeof target, "%s/skel", dir);
    bk_error err;
    assert_int_equal(bk_cli_plugin_new("key_numbers", "haru", target, NULL, &err), 0);
    char path[700];
    snprintf(path, sizeof path, "%s/key_numbers.c", target);
    char *src = read_all(path);
    assert_non_null(src);
    assert_non_null(strstr(src, ".name = \"key_numbers\""));
    assert_non_null(strstr(src, "BK_NATIVE_HARU_PAGE"));
    assert_non_null(strstr(src, "sec->page_h - y - height"));
    assert_null(strstr(src, "@NAME@"));
    free(src);
    snprintf(path, sizeof path, "%s/CMakeLists.txt", target);
    char *cm = read_all(path);
    assert_non_null(cm);
    assert_non_null(strstr(cm, "find_package(briefkit REQUIRED)"));
    assert_non_null(
        strstr(cm, "briefkit_add_plugin(key_numbers SOURCES key_numbers.c ENGINES haru)"));
    free(cm);
    snprintf(path, sizeof path, "%s/key_numbers.yaml", target);
    char *tpl = read_all(path);
    assert_non_null(tpl);
    assert_non_null(strstr(tpl, "plugin: key_numbers"));
    free(tpl);
    remove_skeleton(target, "key_numbers");
    assert_int_equal(rmdir(dir), 0);
}

static void test_scaffold_refuses_an_existing_folder_and_writes_nothing(void **state)
{
    (void)state;
    char dir[] = "/tmp/bk_scaffold_XXXXXX";
    assert_non_null(mkdtemp(dir));
    bk_error err;
    assert_int_equal(bk_cli_plugin_new("demo", NULL, dir, NULL, &err), BK_EINVAL);
    assert_non_null(strstr(err.msg, "already exists"));
    char path[600];
    snprintf(path, sizeof path, "%s/demo.c", dir);
    assert_int_equal(access(path, F_OK), -1);
    assert_int_equal(rmdir(dir), 0);
}

static void test_scaffold_unknown_engine_makes_no_folder(void **state)
{
    (void)state;
    char dir[] = "/tmp/bk_scaffold_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char target[600];
    snprintf(target, sizeof target, "%s/skel", dir);
    bk_error err;
    assert_int_equal(bk_cli_plugin_new("demo", "opengl", target, NULL, &err), BK_EINVAL);
    assert_non_null(strstr(err.msg, "expected cairo or haru"));
    assert_int_equal(access(target, F_OK), -1);
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scaffold_name_accepts_lower_snake_case),
        cmocka_unit_test(test_scaffold_name_refuses_leading_digit_upper_case_and_dash),
        cmocka_unit_test(test_scaffold_writes_four_files_with_the_name),
        cmocka_unit_test(test_scaffold_refuses_an_existing_folder_and_writes_nothing),
        cmocka_unit_test(test_scaffold_unknown_engine_makes_no_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
