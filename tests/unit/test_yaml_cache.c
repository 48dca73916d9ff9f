/* The parsed-file cache a batch shares with its job processes: a hit for an
 * unchanged file, a fresh parse for a changed one, nothing cached when no
 * cache is passed, and a file that fails kept out of it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Before cmocka.h, whose fail() macro would rename a host-table slot. */

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "node.h"
#include "yaml_file.h"

typedef struct fixture {
    char path[64];
    bk_arena *a;
    bk_yaml_cache *cache;
} fixture;

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    snprintf(f->path, sizeof f->path, "/tmp/bk_yaml_cache_%ld.yaml", (long)getpid());
    write_file(f->path,
               "zones:\n  - id: a\n    name: 两江新区\n  - id: b\n    note: \"\u00e9t\u00e9\"\n");
    f->a = bk__arena_new(0);
    f->cache = bk__yaml_cache_new();
    assert_non_null(f->a);
    assert_non_null(f->cache);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bk__yaml_cache_free(f->cache);
    bk__arena_free(f->a);
    unlink(f->path);
    free(f);
    return 0;
}

/* The file, through `cache` (NULL: parsed into the fixture's arena). */
static const bk_node *load(fixture *f, bk_yaml_cache *cache)
{
    const bk_node *root = NULL;
    bk_error err;
    assert_int_equal(bk__yaml_cache_load(cache, f->a, f->path, NULL, &root, &err), 0);
    assert_non_null(root);
    return root;
}

static void test_yaml_cache_returns_the_same_tree_for_an_unchanged_file(void **state)
{
    fixture *f = *state;
    const bk_node *first = load(f, f->cache);
    const bk_node *second = load(f, f->cache);
    assert_ptr_equal(first, second);
    assert_int_equal(bk__node_len(bk__node_get(second, "zones")), 2);
}

static void test_yaml_cache_parses_a_changed_file_again(void **state)
{
    fixture *f = *state;
    const bk_node *first = load(f, f->cache);
    write_file(f->path, "zones:\n  - id: a\n  - id: b\n  - id: c\n");
    const bk_node *second = load(f, f->cache);
    assert_ptr_not_equal(first, second);
    assert_int_equal(bk__node_len(bk__node_get(second, "zones")), 3);
}

static void test_yaml_load_without_a_cache_parses_every_time(void **state)
{
    fixture *f = *state;
    (void)load(f, f->cache);
    const bk_node *first = load(f, NULL);
    const bk_node *second = load(f, NULL);
    assert_ptr_not_equal(first, second);
    assert_false(bk__yaml_cache_holds(f->cache, first));
}

static void test_yaml_cache_does_not_keep_a_file_that_fails(void **state)
{
    fixture *f = *state;
    write_file(f->path, "a: [1, 2\n");
    const bk_node *root = NULL;
    bk_error err;
    assert_int_not_equal(bk__yaml_cache_load(f->cache, f->a, f->path, NULL, &root, &err), 0);
    assert_int_not_equal(bk__yaml_cache_load(f->cache, f->a, f->path, NULL, &root, &err), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_yaml_cache_returns_the_same_tree_for_an_unchanged_file,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_cache_parses_a_changed_file_again, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_yaml_load_without_a_cache_parses_every_time, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_yaml_cache_does_not_keep_a_file_that_fails, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
