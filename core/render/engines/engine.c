/* The registered drawing engines (engine.h) and the documents they prepare
 * before a fork.
 *
 * The table below is the one place that lists the engines: the section
 * runner, the process pool, the render and the assembler find an engine
 * here by the flag a plugin declares or the name a template gives, and
 * reach it only through its bk_engine_class. */
#include "engine.h"

#include <stdlib.h>
#include <string.h>

#include "errors.h"

static const bk_engine_class *const engines[] = {&bk__engine_haru, &bk__engine_cairo};

#define N_ENGINES (sizeof engines / sizeof engines[0])

const bk_engine_class *bk__engine_at(size_t i)
{
    return i < N_ENGINES ? engines[i] : NULL;
}

const bk_engine_class *bk__engine_by_flag(uint32_t flag)
{
    for (size_t i = 0; i < N_ENGINES; i++)
        if (engines[i]->flag == flag)
            return engines[i];
    return NULL;
}

int bk__engine_warm(uint32_t used, bk_fonts *fonts, const uint32_t *cps, size_t n_cps,
                    bk_error *err)
{
    int first = 0;
    for (size_t i = 0; i < N_ENGINES; i++) {
        bk_error e;
        if ((used & engines[i]->flag) && engines[i]->warm &&
            engines[i]->warm(fonts, cps, n_cps, &e) != 0 && !first)
            first = (*err = e).code;
    }
    return first;
}

/* One slot per registered engine, in the table's order. */
