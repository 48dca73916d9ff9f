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
struct bk_engine_protos {
    bk_engine_proto *proto[N_ENGINES];
};

int bk__engine_protos_prepare(bk_engine_protos **set, uint32_t used, bk_fonts *fonts,
                              const uint32_t *cps, size_t n_cps, bk_deflate_cache *deflated,
                              bk_error *err)
{
    if (!*set && !(*set = calloc(1, sizeof **set)))
        return bk__error(err, BK_ENOMEM, NULL, "out of memory preparing documents");
    for (size_t i = 0; i < N_ENGINES; i++) {
        if (!(used & engines[i]->flag) || !engines[i]->proto_new)
            continue;
        bk_engine_proto **slot = &(*set)->proto[i];
        if (*slot)
            engines[i]->proto_free(*slot);
        *slot = NULL;
        int rc = engines[i]->proto_new(fonts, cps, n_cps, deflated, slot, err);
        if (rc)
            return rc;
    }
    return 0;
}

bk_engine_proto *bk__engine_protos_get(bk_engine_protos *set, const bk_engine_class *cls)
{
    for (size_t i = 0; set && i < N_ENGINES; i++)
        if (engines[i] == cls)
            return set->proto[i];
    return NULL;
}

void bk__engine_protos_free(bk_engine_protos *set)
{
    if (!set)
        return;
    for (size_t i = 0; i < N_ENGINES; i++)
        if (set->proto[i])
            engines[i]->proto_free(set->proto[i]);
    free(set);
}
