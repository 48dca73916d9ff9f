/* Internal: reporting periods for scheduled monthly briefings.
 *
 * A period is a calendar month, written "YYYY-MM". The default is the month
 * before "now" (SOURCE_DATE_EPOCH when set, else the clock, in UTC), because
 * a report run on the 1st describes the month just ended. Templates see the
 * period through built-ins (see bk__period_builtins). */
#ifndef BK_PERIOD_H
#define BK_PERIOD_H

#include <stddef.h>

#include <briefkit/error.h>

#include "arena.h"
#include "node.h"

typedef struct bk_period {
    int year;  /* 1900..9999 when parsed; previous/year_ago may step below */
    int month; /* 1..12 */
} bk_period;

/* "YYYY-MM", exactly: four-digit year 1900-9999, two-digit month 01-12.
 * `loc` (may be NULL) is where the text came from, for the message. */
int bk__period_parse(const char *s, const bk_loc *loc, bk_period *out, bk_error *err);
/* The month before the UTC month that contains `epoch` (seconds). */
int bk__period_before_epoch(long long epoch, bk_period *out, bk_error *err);
/* `s` parsed, or when `s` is NULL or empty the month before now
 * (SOURCE_DATE_EPOCH when set and valid, else the clock). */
int bk__period_resolve(const char *s, bk_period *out, bk_error *err);

int bk__period_is_leap(int year);
int bk__period_days(bk_period p); /* 28..31 */
bk_period bk__period_previous(bk_period p);
bk_period bk__period_year_ago(bk_period p);

/* Text forms; each returns `buf`. */
#define BK_PERIOD_TEXT 8  /* "YYYY-MM" */
#define BK_PERIOD_DATE 11 /* "YYYY-MM-DD" */
#define BK_PERIOD_LABEL 32
const char *bk__period_format(bk_period p, char buf[BK_PERIOD_TEXT]);
const char *bk__period_start(bk_period p, char buf[BK_PERIOD_DATE]);
const char *bk__period_end(bk_period p, char buf[BK_PERIOD_DATE]);
/* "February 2025" for "en" (and anything that is not "zh"), "2025年2月" for "zh". */
const char *bk__period_label(bk_period p, const char *lang, char buf[BK_PERIOD_LABEL]);

/* Adds the period built-ins to `map` (a MAP node), as flat keys because
 * expansion looks a name up whole before walking dots: period ("2025-02"),
 * period.start, period.end, period.label (in `lang`), period.label_en,
 * period.label_zh, period.previous, period.year_ago, period.year,
 * period.month. */
int bk__period_builtins(bk_arena *a, bk_period p, const char *lang, bk_node *map, bk_error *err);

#endif
