/* Schedules: expansion over a data list, shards, and errors with locations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <briefkit/briefkit.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "schedule.h"

typedef struct fixture {
    char dir[64];
    char path[128];
    bk_arena *a;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    strcpy(f->dir, "/tmp/bk_batch_XXXXXX");
    if (!mkdtemp(f->dir) || !(f->a = bk__arena_new(0))) {
        free(f);
        return -1;
    }
    snprintf(f->path, sizeof f->path, "%s/schedule.yaml", f->dir);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    char p[128];
    snprintf(p, sizeof p, "%s/zones.yaml", f->dir);
    unlink(p);
    unlink(f->path);
    rmdir(f->dir);
    bk__arena_free(f->a);
    free(f);
    return 0;
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

static const char *zones = "zones:\n"
                           "  - {id: a, name: A}\n"
                           "  - {id: b, name: B}\n"
                           "  - {id: c, name: C}\n";

static const char *schedule = "briefkit_schedule: 1\n"
                              "jobs:\n"
                              "  - name: profile\n"
                              "    template: t.yaml\n"
                              "    params: {kind: full}\n"
                              "    for_each: {data: zones.yaml, list: zones, as: zone, key: id}\n"
                              "    overrides: {b: {kind: short}}\n"
                              "    output: out/{{ zone }}/p-{{ period }}.pdf\n"
                              "  - name: all\n"
                              "    template: /abs/t.yaml\n"
                              "    output: all-{{ period.previous }}.pdf\n";

static int load(fixture *f, const char *text, bk_schedule **s, bk_error *err)
{
    char p[128];
    snprintf(p, sizeof p, "%s/zones.yaml", f->dir);
    write_file(p, zones);
    write_file(f->path, text);
    return bk__schedule_load(f->a, f->path, "2025-01", s, err);
}

static int has_set(const bk_batch_job *j, const char *set)
{
    for (size_t i = 0; i < j->n_sets; i++)
        if (strcmp(j->sets[i], set) == 0)
            return 1;
    return 0;
}

static void test_schedule_expands_for_each_in_list_order(void **state)
{
    fixture *f = *state;
    bk_schedule *s;
    bk_error err;
    assert_int_equal(load(f, schedule, &s, &err), 0);
    assert_int_equal(s->n_jobs, 4);
    assert_string_equal(s->jobs[0].name, "profile[a]");
    assert_string_equal(s->jobs[1].name, "profile[b]");
    assert_string_equal(s->jobs[2].name, "profile[c]");
    assert_string_equal(s->jobs[3].name, "all");
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(s->jobs[i].index, i);
}

static void test_schedule_binds_item_key_and_expands_output(void **state)
{
    fixture *f = *state;
    bk_schedule *s;
    bk_error err;
    assert_int_equal(load(f, schedule, &s, &err), 0);
    char want[160];
    snprintf(want, sizeof want, "%s/out/c/p-2025-01.pdf", f->dir);
    assert_string_equal(s->jobs[2].output, want);
    assert_true(has_set(&s->jobs[2], "zone=c"));
    assert_true(has_set(&s->jobs[2], "kind=full"));
    snprintf(want, sizeof want, "%s/t.yaml", f->dir);
    assert_string_equal(s->jobs[0].template_path, want);
    assert_string_equal(s->jobs[3].template_path, "/abs/t.yaml");
    snprintf(want, sizeof want, "%s/all-2024-12.pdf", f->dir);
    assert_string_equal(s->jobs[3].output, want);
}

static void test_schedule_overrides_apply_to_one_item(void **state)
{
    fixture *f = *state;
    bk_schedule *s;
    bk_error err;
    assert_int_equal(load(f, schedule, &s, &err), 0);
    assert_true(has_set(&s->jobs[1], "kind=short"));
    assert_false(has_set(&s->jobs[1], "kind=full"));
    assert_true(has_set(&s->jobs[0], "kind=full"));
}

static void test_shards_partition_the_jobs_exactly(void **state)
{
    (void)state;
    const size_t total = 23;
    for (int n = 1; n <= 5; n++) {
        int owners[23] = {0};
        for (int k = 1; k <= n; k++)
            for (size_t i = 0; i < total; i++)
                owners[i] += bk__shard_has(i, k, n);
        for (size_t i = 0; i < total; i++)
            assert_int_equal(owners[i], 1); /* union is everything, no overlap */
    }
    assert_true(bk__shard_has(4, 0, 0));
    assert_true(bk__shard_has(0, 1, 3));
    assert_true(bk__shard_has(3, 1, 3));
    assert_false(bk__shard_has(4, 1, 3));
}

static void test_shard_parse_rejects_bad_text(void **state)
{
    (void)state;
    int k, n;
    bk_error err;
    assert_int_equal(bk_batch_parse_shard("2/5", &k, &n, &err), 0);
    assert_int_equal(k, 2);
    assert_int_equal(n, 5);
    assert_int_equal(bk_batch_parse_shard("0/3", &k, &n, &err), BK_EINVAL);
    assert_non_null(strstr(err.msg, "numbered from 1"));
    assert_int_equal(bk_batch_parse_shard("4/3", &k, &n, &err), BK_EINVAL);
    assert_int_equal(bk_batch_parse_shard("2", &k, &n, &err), BK_EINVAL);
    assert_non_null(strstr(err.msg, "expected K/N"));
    assert_int_equal(bk_batch_parse_shard("1/0", &k, &n, &err), BK_EINVAL);
    assert_int_equal(bk_batch_parse_shard("1/3x", &k, &n, &err), BK_EINVAL);
}

static void assert_error_at(fixture *f, const char *text, int code, int line, int col,
                            const char *fragment)
{
    bk_schedule *s;
    bk_error err;
    assert_int_equal(load(f, text, &s, &err), code);
    assert_string_equal(err.file, f->path);
    assert_int_equal(err.line, line);
    assert_int_equal(err.col, col);
    if (!strstr(err.msg, fragment))
        fail_msg("message \"%s\" lacks \"%s\"", err.msg, fragment);
}

static void test_schedule_missing_output_reports_job_location(void **state)
{
    assert_error_at(*state, "briefkit_schedule: 1\njobs:\n  - name: x\n    template: t.yaml\n",
                    BK_EMISSING, 3, 5, "x has no \"output\"");
}

static void test_schedule_unknown_field_reports_key_location(void **state)
{
    assert_error_at(*state,
                    "briefkit_schedule: 1\njobs:\n  - name: x\n    template: t.yaml\n"
                    "    output: o.pdf\n    outptu: p.pdf\n",
                    BK_EUNKNOWN, 6, 5, "unknown field \"outptu\"");
}

static void test_schedule_for_each_list_not_a_list(void **state)
{
    assert_error_at(*state,
                    "briefkit_schedule: 1\njobs:\n  - name: x\n    template: t.yaml\n"
                    "    output: \"{{ zone }}.pdf\"\n"
                    "    for_each: {data: zones.yaml, list: zones.0, as: zone}\n",
                    BK_ETYPE, 6, 40, "should be a list");
}

static void test_schedule_duplicate_outputs_rejected(void **state)
{
    assert_error_at(*state,
                    "briefkit_schedule: 1\njobs:\n  - name: x\n    template: t.yaml\n"
                    "    output: same.pdf\n  - name: y\n    template: t.yaml\n"
                    "    output: same.pdf\n",
                    BK_EINVAL, 8, 13, "x and y both write");
}

static void test_schedule_unknown_variable_in_output(void **state)
{
    assert_error_at(*state,
                    "briefkit_schedule: 1\njobs:\n  - name: x\n    template: t.yaml\n"
                    "    output: \"{{ zoen }}.pdf\"\n",
                    BK_EUNKNOWN, 5, 13, "zoen");
}

static void test_schedule_needs_version(void **state)
{
    assert_error_at(*state, "jobs: []\n", BK_EMISSING, 1, 1, "briefkit_schedule: 1");
}

static void test_schedule_override_for_unknown_item(void **state)
{
    assert_error_at(*state,
                    "briefkit_schedule: 1\njobs:\n  - name: x\n    template: t.yaml\n"
                    "    output: \"{{ zone }}.pdf\"\n"
                    "    for_each: {data: zones.yaml, list: zones, as: zone}\n"
                    "    overrides: {zz: {k: v}}\n",
                    BK_EUNKNOWN, 7, 17, "no item of \"zones\" has id \"zz\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_schedule_expands_for_each_in_list_order, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_schedule_binds_item_key_and_expands_output, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_schedule_overrides_apply_to_one_item, setup, teardown),
        cmocka_unit_test(test_shards_partition_the_jobs_exactly),
        cmocka_unit_test(test_shard_parse_rejects_bad_text),
        cmocka_unit_test_setup_teardown(test_schedule_missing_output_reports_job_location, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_schedule_unknown_field_reports_key_location, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_schedule_for_each_list_not_a_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schedule_duplicate_outputs_rejected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schedule_unknown_variable_in_output, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schedule_needs_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schedule_override_for_unknown_item, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
