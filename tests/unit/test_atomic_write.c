/* bk__write_atomic: whole file or nothing, and no temp files left behind. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_write.h"

typedef struct fixture {
    char dir[64];
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/bk_atomic_XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    DIR *d = opendir(f->dir);
    if (d) {
        struct dirent *e;
        char p[512];
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            snprintf(p, sizeof p, "%s/%s", f->dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    static char buf[4096];
    *len = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    return buf;
}

static void test_atomic_write_creates_file_with_content(void **state)
{
    fixture *f = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/out.pdf", f->dir);
    bk_error err = {0};
    assert_int_equal(bk__write_atomic(path, "hello", 5, &err), 0);
    size_t len;
    char *data = slurp(path, &len);
    assert_int_equal(len, 5);
    assert_memory_equal(data, "hello", 5);
}

static void test_atomic_write_replaces_existing_file(void **state)
{
    fixture *f = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/out.pdf", f->dir);
    bk_error err = {0};
    assert_int_equal(bk__write_atomic(path, "old contents, longer", 20, &err), 0);
    assert_int_equal(bk__write_atomic(path, "new", 3, &err), 0);
    size_t len;
    char *data = slurp(path, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(data, "new", 3);
}

static void test_atomic_write_leaves_no_temp_files(void **state)
{
    fixture *f = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/out.pdf", f->dir);
    bk_error err = {0};
    for (int i = 0; i < 3; i++)
        assert_int_equal(bk__write_atomic(path, "x", 1, &err), 0);
    assert_int_equal(count_entries(f->dir), 1);
}

static void touch(const char *dir, const char *name)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *fp = fopen(p, "wb");
    assert_non_null(fp);
    fclose(fp);
}

static int exists(const char *dir, const char *name)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return access(p, F_OK) == 0;
}

/* A temp file a killed writer left (nobody holds its lock) is removed by
 * the next write of the same target; other targets' and other names are
 * left alone. */
static void test_atomic_write_removes_stale_temp_files(void **state)
{
    fixture *f = *state;
    touch(f->dir, ".out.pdf.Ab12Cd");
    touch(f->dir, ".other.pdf.Ab12Cd");
    touch(f->dir, ".out.pdf.keep-me-longer");
    char path[128];
    snprintf(path, sizeof path, "%s/out.pdf", f->dir);
    bk_error err = {0};
    assert_int_equal(bk__write_atomic(path, "x", 1, &err), 0);
    assert_false(exists(f->dir, ".out.pdf.Ab12Cd"));
    assert_true(exists(f->dir, ".other.pdf.Ab12Cd"));
    assert_true(exists(f->dir, ".out.pdf.keep-me-longer"));
    assert_int_equal(count_entries(f->dir), 3);
}

/* A temp file whose writer is alive (it holds the lock) is not touched. */
static void test_atomic_write_keeps_a_live_writers_temp_file(void **state)
{
    fixture *f = *state;
    touch(f->dir, ".out.pdf.Zz9Yy8");
    char tmp[128];
    snprintf(tmp, sizeof tmp, "%s/.out.pdf.Zz9Yy8", f->dir);
    int fd = open(tmp, O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(flock(fd, LOCK_EX), 0);
    char path[128];
    snprintf(path, sizeof path, "%s/out.pdf", f->dir);
    bk_error err = {0};
    assert_int_equal(bk__write_atomic(path, "x", 1, &err), 0);
    assert_true(exists(f->dir, ".out.pdf.Zz9Yy8"));
    close(fd);
}

static void test_atomic_write_mode_follows_umask(void **state)
{
    fixture *f = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/out.pdf", f->dir);
    bk_error err = {0};
    mode_t old = umask(027);
    int rc = bk__write_atomic(path, "x", 1, &err);
    umask(old);
    assert_int_equal(rc, 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
}

static void test_atomic_write_missing_folder_is_an_error(void **state)
{
    fixture *f = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/nope/out.pdf", f->dir);
    bk_error err = {0};
    assert_int_equal(bk__write_atomic(path, "x", 1, &err), BK_EIO);
    assert_int_equal(err.code, BK_EIO);
    assert_non_null(strstr(err.msg, path));
    assert_non_null(strstr(err.msg, "does not exist"));
    assert_int_equal(count_entries(f->dir), 0);
}

/* Running as root, a read-only folder would not stop us; a parent that is
 * a regular file does. */
static void test_atomic_write_failure_leaves_existing_file_untouched(void **state)
{
    fixture *f = *state;
    char parent[128], path[160];
    snprintf(parent, sizeof parent, "%s/plain", f->dir);
    bk_error err = {0};
    assert_int_equal(bk__write_atomic(parent, "keep", 4, &err), 0);
    snprintf(path, sizeof path, "%s/out.pdf", parent);
    assert_int_equal(bk__write_atomic(path, "lost", 4, &err), BK_EIO);
    assert_non_null(strstr(err.msg, "Not a directory"));
    size_t len;
    char *data = slurp(parent, &len);
    assert_int_equal(len, 4);
    assert_memory_equal(data, "keep", 4);
    assert_int_equal(count_entries(f->dir), 1);
}

static void test_atomic_write_rename_failure_removes_temp_file(void **state)
{
    fixture *f = *state;
    char path[128], inner[160];
    /* The target is a non-empty folder: rename over it fails after the temp
     * file was written. */
    snprintf(path, sizeof path, "%s/taken", f->dir);
    assert_int_equal(mkdir(path, 0755), 0);
    snprintf(inner, sizeof inner, "%s/inner", path);
    bk_error err = {0};
    assert_int_equal(bk__write_atomic(inner, "x", 1, &err), 0);
    assert_int_equal(bk__write_atomic(path, "data", 4, &err), BK_EIO);
    assert_non_null(strstr(err.msg, "a folder of that name is in the way"));
    assert_int_equal(count_entries(f->dir), 1);
    unlink(inner);
    rmdir(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_atomic_write_creates_file_with_content, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_atomic_write_replaces_existing_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_atomic_write_leaves_no_temp_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_atomic_write_removes_stale_temp_files, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_atomic_write_keeps_a_live_writers_temp_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_atomic_write_mode_follows_umask, setup, teardown),
        cmocka_unit_test_setup_teardown(test_atomic_write_missing_folder_is_an_error, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_atomic_write_failure_leaves_existing_file_untouched,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_atomic_write_rename_failure_removes_temp_file, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
