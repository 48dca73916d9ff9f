/* bk__batch_summary_write and bk__batch_summary_path: the JSON a batch
 * leaves behind, and where. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch_summary.h"
#include "errors.h"

static char *slurp(const char *path)
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

static void test_batch_summary_path_names_period_and_shard(void **state)
{
    (void)state;
    bk_schedule s = {.path = "/srv/sched/monthly.yaml", .dir = "/srv/sched", .period = "2025-02"};
    char *p = bk__batch_summary_path(&s, 0, 0);
    assert_string_equal(p, "/srv/sched/monthly-summary-2025-02.json");
    free(p);
    p = bk__batch_summary_path(&s, 2, 5);
    assert_string_equal(p, "/srv/sched/monthly-summary-2025-02-shard-2-of-5.json");
    free(p);
}

static void test_batch_summary_escapes_and_totals(void **state)
{
    (void)state;
    char dir[] = "/tmp/bk_summary_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[64];
    snprintf(path, sizeof path, "%s/s.json", dir);
    bk_error why;
    bk__error(&why, BK_ECRASH, NULL, "the job's process was killed by signal 9 (Killed)");
    bk_batch_result jobs[] = {
        {"zone[\"a\"]", "out/a.pdf", BK_BATCH_OK, 3, 1000, 12.34, NULL, 0},
        {"tab\there", "out/b.pdf", BK_BATCH_FAILED, 0, 0, 5.0, &why, 0},
    };
    bk_schedule s = {.path = "sched.yaml", .dir = ".", .period = "2025-02"};
    bk_batch_summary sum = {.schedule = &s,
                            .started = "2025-03-01T00:00:00Z",
                            .jobs = jobs,
                            .n_jobs = 2,
                            .ok = 1,
                            .failed = 1,
                            .milliseconds = 20.0};
    bk_error err;
    assert_int_equal(bk__batch_summary_write(path, &sum, &err), 0);
    char *json = slurp(path);
    assert_non_null(json);
    assert_non_null(strstr(json, "{\"name\": \"zone[\\\"a\\\"]\", \"output\": \"out/a.pdf\", "
                                 "\"status\": \"ok\", \"pages\": 3, \"bytes\": 1000, "
                                 "\"milliseconds\": 12.3, \"error\": null}"));
    assert_non_null(strstr(json, "\"name\": \"tab\\there\""));
    assert_non_null(strstr(json, "\"status\": \"failed\""));
    assert_non_null(strstr(json, "killed by signal 9 (Killed)\"}"));
    assert_non_null(strstr(json, "\"totals\": {\"jobs\": 2, \"ok\": 1, \"failed\": 1, "
                                 "\"skipped\": 0, \"pages\": 3, \"bytes\": 1000, "
                                 "\"milliseconds\": 20.0}"));
    assert_null(strstr(json, "\"shard\""));
    free(json);
    unlink(path);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_batch_summary_path_names_period_and_shard),
        cmocka_unit_test(test_batch_summary_escapes_and_totals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
