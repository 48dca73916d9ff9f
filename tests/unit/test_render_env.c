/* render_env: preparing an environment fills its caches, a preparation
 * that fails says why (for the caller's warning) and leaves the env usable,
 * and a render with a prepared env writes what a render of its own does. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Before cmocka.h, whose fail() macro would rename a host-table slot. */
#include "render_env.h"

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEMPLATE BK_TEST_DATA_DIR "/../templates/zone-profile.yaml"

static void zone_profile(bk_render_opts *o, const char *output)
{
    static const char *const sets[] = {"zone=binhai", "clusters=binhai"};
    bk_render_opts_init(o);
    o->template_path = TEMPLATE;
    o->sets = sets;
    o->n_sets = 2;
    o->period = "2025-02";
    o->output = output;
    o->isolate = 0;
}

static unsigned char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fseek(f, 0, SEEK_END), 0);
    long n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    unsigned char *buf = malloc((size_t)n);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return buf;
}

/* The libharu engine prepares no document ahead any more (it draws by
 * glyph id with fonts made when a document finishes), so the preparation
 * leaves no prototype for it. */
static void test_prepare_fills_the_parsed_file_cache(void **state)
{
    (void)state;
    bk_render_env *env;
    bk_error err;
    assert_int_equal(bk__render_env_new(NULL, 0, &env, &err), 0);
    assert_null(env->yaml);
    bk_render_opts o;
    zone_profile(&o, NULL);
    assert_int_equal(bk__render_env_prepare(env, &o, 1, &err), 0);
    assert_non_null(env->registry);
    assert_non_null(env->fonts);
    bk_arena *a = bk__arena_new(0);
    const bk_node *root = NULL;
    assert_int_equal(bk__yaml_cache_load(env->yaml, a, TEMPLATE, NULL, &root, &err), 0);
    assert_true(bk__yaml_cache_holds(env->yaml, root)); /* parsed once, by the preparation */
    bk__arena_free(a);
    bk__render_env_free(env);
}

static void test_prepare_reports_a_template_that_fails_and_keeps_the_env(void **state)
{
    (void)state;
    bk_render_env *env;
    bk_error err;
    assert_int_equal(bk__render_env_new(NULL, 0, &env, &err), 0);
    bk_render_opts o[2];
    zone_profile(&o[0], NULL);
    o[0].template_path = "/nonexistent/briefing.yaml";
    zone_profile(&o[1], NULL);
    assert_int_not_equal(bk__render_env_prepare(env, o, 2, &err), 0);
    char line[2048];
    bk_error_format(&err, line, sizeof line);
    assert_non_null(strstr(line, "/nonexistent/briefing.yaml"));
    /* The second template was still loaded into the cache. */
    bk_arena *a = bk__arena_new(0);
    const bk_node *root = NULL;
    assert_int_equal(bk__yaml_cache_load(env->yaml, a, TEMPLATE, NULL, &root, &err), 0);
    assert_true(bk__yaml_cache_holds(env->yaml, root));
    bk__arena_free(a);
    bk__render_env_free(env);
}

static void test_render_with_a_prepared_env_writes_the_same_bytes(void **state)
{
    (void)state;
    char own[64], shared[64];
    snprintf(own, sizeof own, "/tmp/bk_render_env_own_%ld.pdf", (long)getpid());
    snprintf(shared, sizeof shared, "/tmp/bk_render_env_shared_%ld.pdf", (long)getpid());
    setenv("SOURCE_DATE_EPOCH", "1740787200", 1);
    bk_render_opts o;
    bk_error err;
    zone_profile(&o, own);
    assert_int_equal(bk_render(&o, NULL, &err), 0);

    bk_render_env *env;
    assert_int_equal(bk__render_env_new(NULL, 0, &env, &err), 0);
    zone_profile(&o, shared);
    assert_int_equal(bk__render_env_prepare(env, &o, 1, &err), 0);
    assert_int_equal(bk__render_with(env, &o, NULL, &err), 0);
    bk__render_env_free(env);

    size_t n1, n2;
    unsigned char *a = read_all(own, &n1), *b = read_all(shared, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(a, b, n1);
    free(a);
    free(b);
    unlink(own);
    unlink(shared);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prepare_fills_the_parsed_file_cache),
        cmocka_unit_test(test_prepare_reports_a_template_that_fails_and_keeps_the_env),
        cmocka_unit_test(test_render_with_a_prepared_env_writes_the_same_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
