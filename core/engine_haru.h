/* Internal: what the files of the libharu engine share (engine_haru.c and
 * its siblings engine_haru_*.c); nothing outside the engine includes it.
 * The rest of the core reaches the engine through bk__engine_haru
 * (engine.h). */
#ifndef BK_ENGINE_HARU_H
#define BK_ENGINE_HARU_H

#include "engine.h"

/* The key that marks a Type0 font's CIDToGIDMap stream the engine stored
 * already deflated but without a /Filter (engine_haru.c says why); the
 * repair hook names the filter and drops the key at assembly. As libharu
 * writes dictionary keys, without the leading slash. */
#define BK_HARU_DEFLATED_KEY "BriefkitDeflated"

/* The assembly repair hooks of bk__engine_haru (engine_haru_repair.c). */
int bk__haru_repair(bk_engine_repair **r, qpdf_data out, const qpdf_oh *pages, size_t n,
                    bk_error *err);
void bk__haru_repair_free(bk_engine_repair *r);
void bk__haru_repair_prepare(void);

#endif
