/* Internal: what `briefkit validate` says about a briefing's data beyond
 * whether it loads: texts a Chinese document would show in English, and
 * figures too old for the period the briefing covers. */
#ifndef BK_DATA_LINT_H
#define BK_DATA_LINT_H

#include <briefkit/error.h>

#include "node.h"
#include "period.h"

typedef void (*bk_lint_warn_fn)(void *ctx, const char *message);

typedef struct bk_lint_opts {
    bk_period period; /* the briefing's */
    int zh;           /* a Chinese briefing: list texts without their Chinese form */
    int strict;       /* and make them an error */
    /* A figure (a map with `value` and `year`) whose year is more than this
     * many years before the period's gets a warning (document.stale_after_years). */
    int stale_after_years;
    bk_lint_warn_fn warn;
    void *ctx;
} bk_lint_opts;

/* Warns once per finding, each line starting "file:line:col: ": with `zh`,
 * every text lacking its Chinese form (bilingual.h); always, every stale
 * figure. With `strict`, missing Chinese forms are an error (BK_EINVAL,
 * counting them) after all are listed. */
int bk__data_lint(const bk_node *data, const bk_lint_opts *o, bk_error *err);

#endif
