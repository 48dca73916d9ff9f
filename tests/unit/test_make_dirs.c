/* bk__make_parents: mkdir -p of the folders above a file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.h"
#include "make_dirs.h"

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static void test_make_parents_creates_missing_and_accepts_existing(void **state)
{
    (void)state;
    char dir[] = "/tmp/bk_dirs_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char file[128], a[128], b[128];
    snprintf(file, sizeof file, "%s/a/b/out.pdf", dir);
    snprintf(a, sizeof a, "%s/a", dir);
    snprintf(b, sizeof b, "%s/a/b", dir);
    bk_error err;
    assert_int_equal(bk__make_parents(file, &err), 0);
    assert_true(is_dir(b));
    assert_false(is_dir(file));
    assert_int_equal(bk__make_parents(file, &err), 0);
    rmdir(b);
    rmdir(a);
    rmdir(dir);
}

static void test_make_parents_says_which_folder_failed(void **state)
{
    (void)state;
    char dir[] = "/tmp/bk_dirs_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char plain[128], file[160];
    snprintf(plain, sizeof plain, "%s/plain", dir);
    FILE *f = fopen(plain, "w");
    assert_non_null(f);
    fclose(f);
    snprintf(file, sizeof file, "%s/sub/out.pdf", plain);
    bk_error err;
    assert_int_equal(bk__make_parents(file, &err), BK_EIO);
    assert_non_null(strstr(err.msg, "cannot create folder"));
    assert_non_null(strstr(err.msg, "/plain/sub"));
    unlink(plain);
    rmdir(dir);
}

static void test_make_parents_refuses_overlong_path(void **state)
{
    (void)state;
    char path[5000];
    memset(path, 'a', sizeof path - 1);
    path[sizeof path - 1] = '\0';
    bk_error err;
    assert_int_equal(bk__make_parents(path, &err), BK_EPATH);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_make_parents_creates_missing_and_accepts_existing),
        cmocka_unit_test(test_make_parents_says_which_folder_failed),
        cmocka_unit_test(test_make_parents_refuses_overlong_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
