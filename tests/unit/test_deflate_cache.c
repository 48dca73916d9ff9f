/* deflate_cache: what comes out inflates to what went in, a repeated large
 * input gives the same bytes from the cache, and more inputs than it keeps
 * still deflate correctly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "deflate_cache.h"

/* A sparse map like libharu's CIDToGIDMap: zeros and a few glyph ids. */
static unsigned char *sparse(size_t n, unsigned seed)
{
    unsigned char *p = calloc(n, 1);
    assert_non_null(p);
    for (size_t i = seed % 7; i + 1 < n; i += 97 + seed) {
        p[i] = (unsigned char)(i >> 8);
        p[i + 1] = (unsigned char)(i + seed);
    }
    return p;
}

static void assert_inflates_to(const unsigned char *z, size_t zlen, const unsigned char *want,
                               size_t n)
{
    unsigned char *back = malloc(n + 1);
    assert_non_null(back);
    uLongf got = (uLongf)n + 1;
    assert_int_equal(uncompress(back, &got, z, (uLong)zlen), Z_OK);
    assert_int_equal(got, n);
    assert_memory_equal(back, want, n);
    free(back);
}

static void test_deflate_round_trips_small_and_large(void **state)
{
    bk_deflate_cache *c = *state;
    static const unsigned char small[] = "q 1 0 0 1 0 0 cm /X0 Do Q";
    unsigned char *z = NULL;
    size_t zlen = 0;
    assert_int_equal(bk__deflate(c, small, sizeof small - 1, &z, &zlen), 0);
    assert_inflates_to(z, zlen, small, sizeof small - 1);
    free(z);

    unsigned char *big = sparse(131070, 3);
    assert_int_equal(bk__deflate(c, big, 131070, &z, &zlen), 0);
    assert_true(zlen < 131070 / 10);
    assert_inflates_to(z, zlen, big, 131070);
    free(z);
    free(big);
}

static void test_deflate_repeated_input_gives_the_same_bytes(void **state)
{
    bk_deflate_cache *c = *state;
    unsigned char *a = sparse(65536, 5), *b = sparse(65536, 5);
    unsigned char *z1 = NULL, *z2 = NULL;
    size_t n1 = 0, n2 = 0;
    assert_int_equal(bk__deflate(c, a, 65536, &z1, &n1), 0);
    assert_int_equal(bk__deflate(c, b, 65536, &z2, &n2), 0); /* equal bytes, other buffer */
    assert_int_equal(n1, n2);
    assert_memory_equal(z1, z2, n1);
    assert_ptr_not_equal(z1, z2); /* each caller owns its copy */
    /* One byte changed is another input. */
    b[40000] ^= 1;
    free(z2);
    assert_int_equal(bk__deflate(c, b, 65536, &z2, &n2), 0);
    assert_inflates_to(z2, n2, b, 65536);
    free(z1);
    free(z2);
    free(a);
    free(b);
}

static void test_deflate_more_inputs_than_it_keeps(void **state)
{
    bk_deflate_cache *c = *state;
    for (unsigned round = 0; round < 2; round++)
        for (unsigned seed = 10; seed < 20; seed++) {
            unsigned char *in = sparse(20000 + seed, seed);
            unsigned char *z = NULL;
            size_t zlen = 0;
            assert_int_equal(bk__deflate(c, in, 20000 + seed, &z, &zlen), 0);
            assert_inflates_to(z, zlen, in, 20000 + seed);
            free(z);
            free(in);
        }
}

static void test_deflate_without_a_cache_round_trips(void **state)
{
    (void)state;
    unsigned char *big = sparse(65536, 7);
    unsigned char *z = NULL;
    size_t zlen = 0;
    assert_int_equal(bk__deflate(NULL, big, 65536, &z, &zlen), 0);
    assert_inflates_to(z, zlen, big, 65536);
    free(z);
    free(big);
}

static int setup(void **state)
{
    *state = bk__deflate_cache_new();
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    bk__deflate_cache_free(*state);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_deflate_round_trips_small_and_large, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deflate_repeated_input_gives_the_same_bytes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_deflate_more_inputs_than_it_keeps, setup, teardown),
        cmocka_unit_test(test_deflate_without_a_cache_round_trips),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
