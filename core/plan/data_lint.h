/* Internal: what `briefkit validate` says about a briefing's data beyond
 * whether it loads: texts a Chinese document would show in English, and
 * figures too old for the period the briefing covers. */
#ifndef BK_DATA_LINT_H
#define BK_DATA_LINT_H

#include <briefkit/error.h>

#include "node.h"
#include "period.h"

/* A figure (a map with `value` and `year`) more than this many years
 * before the period's year gets a warning. */
#define BK_STALE_FIGURE_YEARS 3

typedef void (*bk_lint_warn_fn)(void *ctx, const char *message);

/* Warns once per finding, each line starting "file:line:col: ". With
 * `zh`, every text lacking its Chinese form (bilingual.h); always, every
 * stale figure. With `strict`, missing Chinese forms are an error
 * (BK_EINVAL, counting them) after all are listed. */
int bk__data_lint(const bk_node *data, bk_period period, int zh, int strict, bk_lint_warn_fn warn,
                  void *ctx, bk_error *err);

#endif
