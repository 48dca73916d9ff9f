/* bk_render_and_inputs, the render `briefkit watch` makes: it writes what
 * bk_render writes, names the files bk_render_inputs names, and when the
 * template does not load it still names what it read, the missing file
 * too, and writes nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <briefkit/briefkit.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TEMPLATE BK_TEST_DATA_DIR "/../templates/zone-profile.yaml"

typedef struct names {
    char *paths[64];
    size_t n;
} names;

static void note(void *ctx, const char *path)
{
    names *l = ctx;
    assert_true(l->n < 64);
    l->paths[l->n] = strdup(path);
    assert_non_null(l->paths[l->n]);
    l->n++;
}

static void names_free(names *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->paths[i]);
    l->n = 0;
}

static int named(const names *l, const char *suffix)
{
    size_t ls = strlen(suffix);
    for (size_t i = 0; i < l->n; i++) {
        size_t lp = strlen(l->paths[i]);
        if (lp >= ls && strcmp(l->paths[i] + lp - ls, suffix) == 0)
            return 1;
    }
    return 0;
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

static void test_writes_what_render_writes_and_names_what_inputs_names(void **state)
{
    (void)state;
    char plain[64], watched[64];
    snprintf(plain, sizeof plain, "/tmp/bk_render_inputs_plain_%ld.pdf", (long)getpid());
    snprintf(watched, sizeof watched, "/tmp/bk_render_inputs_watched_%ld.pdf", (long)getpid());
    setenv("SOURCE_DATE_EPOCH", "1740787200", 1);
    bk_render_opts o;
    bk_error err;
    zone_profile(&o, plain);
    assert_int_equal(bk_render(&o, NULL, &err), 0);
    names want = {0}, got = {0};
    assert_int_equal(bk_render_inputs(&o, note, &want, &err), 0);

    zone_profile(&o, watched);
    bk_render_stats st;
    assert_int_equal(bk_render_and_inputs(&o, note, &got, &st, &err), 0);
    assert_true(st.pages > 0);
    assert_int_equal(got.n, want.n);
    for (size_t i = 0; i < got.n; i++)
        assert_string_equal(got.paths[i], want.paths[i]);
    assert_string_equal(got.paths[0], TEMPLATE);
    assert_true(named(&got, ".yaml") && named(&got, ".so"));

    size_t n1, n2;
    unsigned char *a = read_all(plain, &n1), *b = read_all(watched, &n2);
    assert_int_equal(n1, n2);
    assert_memory_equal(a, b, n1);
    free(a);
    free(b);
    names_free(&want);
    names_free(&got);
    unlink(plain);
    unlink(watched);
}

static void test_a_template_that_fails_names_what_it_read(void **state)
{
    (void)state;
    char dir[] = "/tmp/bk_render_inputs_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char tpl[128], out[128];
    snprintf(tpl, sizeof tpl, "%s/t.yaml", dir);
    snprintf(out, sizeof out, "%s/out.pdf", dir);
    FILE *f = fopen(tpl, "w");
    assert_non_null(f);
    fputs("briefkit: 1\n"
          "document: {title: Broken, cover: false, contents: false}\n"
          "data:\n"
          "  - {csv: missing.csv, as: rows}\n"
          "sections:\n"
          "  - plugin: indicator_table\n"
          "    options: {data_key: rows}\n",
          f);
    fclose(f);
    bk_render_opts o;
    bk_render_opts_init(&o);
    o.template_path = tpl;
    o.output = out;
    o.isolate = 0;
    names got = {0};
    bk_error err;
    assert_int_not_equal(bk_render_and_inputs(&o, note, &got, NULL, &err), 0);
    char line[2048];
    bk_error_format(&err, line, sizeof line);
    assert_non_null(strstr(line, "missing.csv"));
    assert_true(got.n >= 2);
    assert_string_equal(got.paths[0], tpl);
    assert_true(named(&got, "/missing.csv"));
    assert_int_equal(access(out, F_OK), -1);
    names_free(&got);
    unlink(tpl);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writes_what_render_writes_and_names_what_inputs_names),
        cmocka_unit_test(test_a_template_that_fails_names_what_it_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
