/* The parsed-file cache a batch shares with its job processes: a hit for an
 * unchanged file, a fresh parse for a changed one, nothing cached when no
 * cache is passed; notes kept with cached trees only, and the characters a
 * section draws from cached data the same as without the cache. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Before cmocka.h, whose fail() macro would rename a host-table slot. */
#include "engine.h"
#include "section_run.h"

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

static int note_freed;
static void free_note(void *p)
{
    note_freed++;
    free(p);
}

static void test_yaml_cache_keeps_notes_on_cached_nodes_only(void **state)
{
    fixture *f = *state;
    static const char key = 0;
    note_freed = 0;
    const bk_node *zones = bk__node_get(load(f, f->cache), "zones");
    int *data = malloc(sizeof *data);
    assert_non_null(data);
    *data = 42;
    assert_true(bk__yaml_cache_holds(f->cache, zones));
    assert_int_equal(bk__yaml_cache_set_note(f->cache, zones, &key, data, free_note), 0);
    assert_ptr_equal(bk__yaml_cache_note(f->cache, zones, &key), data);
    assert_null(bk__yaml_cache_note(f->cache, zones, f));              /* another caller's key */
    assert_null(bk__yaml_cache_note(f->cache, zones->items[0], &key)); /* another node */

    /* A node of the caller's own arena is not the cache's to keep. */
    const bk_node *own = load(f, NULL);
    assert_false(bk__yaml_cache_holds(f->cache, own));
    int other = 0;
    assert_int_equal(bk__yaml_cache_set_note(f->cache, own, &key, &other, free_note), -1);

    /* Without a cache there are no notes. */
    assert_null(bk__yaml_cache_note(NULL, zones, &key));
    assert_false(bk__yaml_cache_holds(NULL, zones));
    bk__yaml_cache_free(f->cache);
    f->cache = NULL;
    assert_int_equal(note_freed, 1);
}

static void codepoints_of(const bk_node *data, bk_yaml_cache *cache, uint32_t **cps, size_t *n)
{
    bk_section_spec spec = {.title = "T", .id = "s", .data = data};
    bk_section_job job = {.spec = &spec, .engine = BK_ENGINE_HARU, .yaml = cache};
    bk_error err;
    assert_int_equal(bk__section_codepoints(&job, 1, cps, n, &err), 0);
}

static int has_cp(const uint32_t *cps, size_t n, uint32_t cp)
{
    for (size_t i = 0; i < n; i++)
        if (cps[i] == cp)
            return 1;
    return 0;
}

static void test_codepoints_from_cached_data_match_a_plain_walk(void **state)
{
    /* No engine announces its characters since the libharu engine draws
     * by glyph id with fonts made when a document finishes: the walk finds
     * no section to collect for, until the collection itself goes. */
    if (!bk__engine_haru.missing)
        skip();
    fixture *f = *state;
    uint32_t *plain, *first, *again;
    size_t n_plain, n_first, n_again;
    codepoints_of(load(f, NULL), NULL, &plain, &n_plain);
    const bk_node *cached = load(f, f->cache);
    codepoints_of(cached, f->cache, &first, &n_first); /* notes the zones */
    codepoints_of(cached, f->cache, &again, &n_again); /* from the note */
    assert_true(has_cp(plain, n_plain, 0x4e24));       /* 两 */
    assert_true(has_cp(plain, n_plain, 0xe9));         /* é */
    assert_int_equal(n_first, n_plain);
    assert_int_equal(n_again, n_plain);
    assert_memory_equal(first, plain, n_plain * sizeof *plain);
    assert_memory_equal(again, plain, n_plain * sizeof *plain);
    free(plain);
    free(first);
    free(again);
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
        cmocka_unit_test_setup_teardown(test_yaml_cache_keeps_notes_on_cached_nodes_only, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_codepoints_from_cached_data_match_a_plain_walk, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
