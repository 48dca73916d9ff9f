/* bk__child_*: results, progress, deaths, deadlines and the one wording for
 * how a child ended; and the pool reaps only the children it started. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "child_pool.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* The one event a pool with one child gives (after any progress). */
static bk_child_event wait_end(bk_child_pool *p)
{
    bk_child_event ev;
    bk_error err;
    do
        assert_int_equal(bk__child_pool_wait(p, &ev, &err), 0);
    while (ev.kind == BK_CHILD_PROGRESS);
    return ev;
}

static void say_hello(void *arg, bk_child *self)
{
    (void)arg;
    bk__child_send(self, "hello", 5);
}

static void test_child_pool_result_received(void **state)
{
    (void)state;
    bk_child_pool *p = bk__child_pool_new(2);
    bk_error err;
    assert_non_null(p);
    assert_int_equal(bk__child_start(p, 7, NULL, say_hello, NULL, &err), 0);
    assert_int_equal(bk__child_running(p), 1);
    bk_child_event ev = wait_end(p);
    assert_int_equal(ev.kind, BK_CHILD_RESULT);
    assert_int_equal(ev.id, 7);
    assert_int_equal(ev.len, 5);
    assert_memory_equal(ev.result, "hello", 5);
    assert_int_equal(bk__child_running(p), 0);
    assert_int_equal(bk__child_pool_wait(p, &ev, &err), BK_EINVAL);
    bk__child_pool_free(p);
}

#define BIG (3u * 1024 * 1024 + 17)

static void progress_then_big(void *arg, bk_child *self)
{
    (void)arg;
    unsigned char *b = malloc(BIG);
    if (!b)
        return;
    for (size_t i = 0; i < BIG; i++)
        b[i] = (unsigned char)(i * 31);
    bk__child_progress(self, 'A');
    bk__child_send(self, b, BIG);
    free(b);
}

static void test_child_pool_progress_then_large_result(void **state)
{
    (void)state;
    bk_child_pool *p = bk__child_pool_new(1);
    bk_error err;
    bk_child_event ev;
    assert_int_equal(bk__child_start(p, 1, NULL, progress_then_big, NULL, &err), 0);
    assert_int_equal(bk__child_pool_wait(p, &ev, &err), 0);
    assert_int_equal(ev.kind, BK_CHILD_PROGRESS);
    assert_int_equal(ev.tag, 'A');
    assert_int_equal(bk__child_running(p), 1);
    assert_int_equal(bk__child_pool_wait(p, &ev, &err), 0);
    assert_int_equal(ev.kind, BK_CHILD_RESULT);
    assert_int_equal(ev.len, BIG);
    const unsigned char *b = ev.result;
    size_t bad = 0;
    for (size_t i = 0; i < BIG; i++)
        bad += b[i] != (unsigned char)(i * 31);
    assert_int_equal(bad, 0);
    bk__child_pool_free(p);
}

static void segfault(void *arg, bk_child *self)
{
    (void)arg;
    (void)self;
    signal(SIGSEGV, SIG_DFL); /* not the test runner's handler */
    raise(SIGSEGV);
}

static void test_child_pool_death_by_signal_is_worded(void **state)
{
    (void)state;
    bk_child_pool *p = bk__child_pool_new(1);
    bk_error err;
    char how[256];
    bk_child_opts o = {.no_core_dump = 1};
    assert_int_equal(bk__child_start(p, 1, &o, segfault, NULL, &err), 0);
    bk_child_event ev = wait_end(p);
    assert_int_equal(ev.kind, BK_CHILD_DIED);
    assert_true(WIFSIGNALED(ev.status));
    assert_false(ev.out_of_memory);
    bk__child_describe(&ev, how, sizeof how);
    assert_string_equal(how, "was killed by signal 11 (Segmentation fault)");
    bk__child_pool_free(p);
}

static void exit3(void *arg, bk_child *self)
{
    (void)arg;
    (void)self;
    _exit(3);
}

static void test_child_pool_exit_without_result_is_worded(void **state)
{
    (void)state;
    bk_child_pool *p = bk__child_pool_new(1);
    bk_error err;
    char how[256];
    assert_int_equal(bk__child_start(p, 1, NULL, exit3, NULL, &err), 0);
    bk_child_event ev = wait_end(p);
    assert_int_equal(ev.kind, BK_CHILD_DIED);
    bk__child_describe(&ev, how, sizeof how);
    assert_string_equal(how, "exited (status 3) without a result");
    bk__child_pool_free(p);
}

static void hang(void *arg, bk_child *self)
{
    (void)arg;
    (void)self;
    for (;;)
        pause();
}

static void test_child_pool_deadline_kills(void **state)
{
    (void)state;
    bk_child_pool *p = bk__child_pool_new(2);
    bk_error err;
    char how[256];
    bk_child_opts o = {.deadline_ms = 200};
    double t0 = bk__now_ms();
    assert_int_equal(bk__child_start(p, 1, &o, hang, NULL, &err), 0);
    assert_int_equal(bk__child_start(p, 2, NULL, say_hello, NULL, &err), 0);
    bk_child_event ev = wait_end(p);
    assert_int_equal(ev.kind, BK_CHILD_RESULT);
    assert_int_equal(ev.id, 2);
    ev = wait_end(p);
    double ms = bk__now_ms() - t0;
    assert_int_equal(ev.kind, BK_CHILD_LATE);
    assert_int_equal(ev.id, 1);
    assert_true(ms >= 200 && ms < 5000);
    assert_true(WIFSIGNALED(ev.status) && WTERMSIG(ev.status) == SIGKILL);
    bk__child_describe(&ev, how, sizeof how);
    assert_string_equal(how, "did not finish within 0.2 s");
    bk__child_pool_free(p);
}

static void test_child_pool_result_over_limit_is_refused(void **state)
{
    (void)state;
    bk_child_pool *p = bk__child_pool_new(1);
    bk_error err;
    char how[256];
    bk_child_opts o = {.max_result = 4};
    assert_int_equal(bk__child_start(p, 1, &o, say_hello, NULL, &err), 0);
    bk_child_event ev = wait_end(p);
    assert_int_equal(ev.kind, BK_CHILD_TOO_BIG);
    bk__child_describe(&ev, how, sizeof how);
    assert_string_equal(how, "sent a result larger than 4 bytes");
    bk__child_pool_free(p);
}

static void slow_hello(void *arg, bk_child *self)
{
    usleep(300 * 1000);
    say_hello(arg, self);
}

/* A child the caller started exits while the pool waits on its own. */
static void test_child_pool_leaves_other_children_alone(void **state)
{
    (void)state;
    pid_t other = fork();
    assert_true(other >= 0);
    if (other == 0) {
        usleep(50 * 1000);
        _exit(7);
    }
    bk_child_pool *p = bk__child_pool_new(1);
    bk_error err;
    assert_int_equal(bk__child_start(p, 1, NULL, slow_hello, NULL, &err), 0);
    bk_child_event ev = wait_end(p);
    assert_int_equal(ev.kind, BK_CHILD_RESULT);
    bk__child_pool_free(p);
    int status = 0;
    assert_int_equal(waitpid(other, &status, 0), other);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 7);
}

static size_t address_space_mb(void)
{
    unsigned long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%lu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    return (size_t)(pages * (unsigned long)sysconf(_SC_PAGESIZE) / (1024 * 1024));
}

static void exhaust_memory(void *arg, bk_child *self)
{
    (void)arg;
    (void)self;
    while (malloc(1024 * 1024))
        ;
    raise(SIGSEGV); /* as a plugin that does not check malloc would crash */
}

static void test_child_pool_out_of_memory_is_worded(void **state)
{
    (void)state;
#ifdef UNDER_ASAN
    skip(); /* no address-space limit under AddressSanitizer */
#endif
    bk_child_pool *p = bk__child_pool_new(1);
    bk_error err;
    char how[256], want[256];
    bk_child_opts o = {.memory_mb = address_space_mb() + 64, .no_core_dump = 1};
    assert_int_equal(bk__child_start(p, 1, &o, exhaust_memory, NULL, &err), 0);
    bk_child_event ev = wait_end(p);
    assert_int_equal(ev.kind, BK_CHILD_DIED);
    assert_true(ev.out_of_memory);
    bk__child_describe(&ev, how, sizeof how);
    snprintf(want, sizeof want,
             "ran out of memory (limit %zu MB) and was killed by signal 11 (Segmentation fault)",
             o.memory_mb);
    assert_string_equal(how, want);
    bk__child_pool_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_child_pool_result_received),
        cmocka_unit_test(test_child_pool_progress_then_large_result),
        cmocka_unit_test(test_child_pool_death_by_signal_is_worded),
        cmocka_unit_test(test_child_pool_exit_without_result_is_worded),
        cmocka_unit_test(test_child_pool_deadline_kills),
        cmocka_unit_test(test_child_pool_result_over_limit_is_refused),
        cmocka_unit_test(test_child_pool_leaves_other_children_alone),
        cmocka_unit_test(test_child_pool_out_of_memory_is_worded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
