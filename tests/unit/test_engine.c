/* The engine table (engine.c): lookup by flag and by name, and every
 * registered class holding the hooks its other hooks depend on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <briefkit/section.h>

#include "engine.h"

static void test_engine_found_by_flag(void **state)
{
    (void)state;
    assert_ptr_equal(bk__engine_by_flag(BK_ENGINE_HARU), &bk__engine_haru);
    assert_ptr_equal(bk__engine_by_flag(BK_ENGINE_CAIRO), &bk__engine_cairo);
}

static void test_engine_unknown_flag_is_null(void **state)
{
    (void)state;
    assert_null(bk__engine_by_flag(0));
    assert_null(bk__engine_by_flag(1u << 30));
}

static void test_engine_every_class_is_complete(void **state)
{
    (void)state;
    size_t n = 0;
    uint32_t flags = 0;
    for (const bk_engine_class *c; (c = bk__engine_at(n)) != NULL; n++) {
        assert_non_null(c->name);
        assert_non_null(c->create);
        assert_int_equal(flags & c->flag, 0); /* one engine per flag */
        flags |= c->flag;
        if (c->shares_document)
            assert_non_null(c->pages);
        assert_int_equal(!c->repair, !c->repair_free);
    }
    assert_int_equal(n, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_engine_found_by_flag),
        cmocka_unit_test(test_engine_unknown_flag_is_null),
        cmocka_unit_test(test_engine_every_class_is_complete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
