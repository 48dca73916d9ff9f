/* Reporting periods: one calendar month, its bounds, its neighbours for
 * month-on-month (环比) and year-on-year (同比) comparisons, and its name in
 * English or Chinese.
 *
 * A period is two ints rather than a struct tm: month arithmetic on
 * (year, month) needs no time zone, no mktime() normalisation and cannot
 * land on the wrong day at a DST change. Only the default period touches
 * wall-clock time, through gmtime_r, so it is the same on every host. The
 * epoch rule is render.c's (SOURCE_DATE_EPOCH when set and valid), so the
 * default period and the cover date of one run agree. */
#include "period.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "errors.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int bk__period_parse(const char *s, const bk_loc *loc, bk_period *out, bk_error *err)
{
    if (!s || !*s)
        return bk__error(err, BK_EINVAL, loc, "no period given (expected YYYY-MM, e.g. 2025-02)");
    int shape = strlen(s) == 7 && s[4] == '-';
    for (int i = 0; shape && i < 7; i++)
        if (i != 4 && !is_digit(s[i]))
            shape = 0;
    if (!shape)
        return bk__error(err, BK_EINVAL, loc,
                         "period \"%s\" is not YYYY-MM (expected e.g. 2025-02, month with two "
                         "digits)",
                         s);
    int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int month = (s[5] - '0') * 10 + (s[6] - '0');
    if (month < 1 || month > 12)
        return bk__error(err, BK_EINVAL, loc, "period \"%s\": month %02d is not 01 to 12", s,
                         month);
    if (year < 1900)
        return bk__error(err, BK_EINVAL, loc, "period \"%s\": year %d is before 1900", s, year);
    out->year = year;
    out->month = month;
    return 0;
}

int bk__period_before_epoch(long long epoch, bk_period *out, bk_error *err)
{
    time_t t = (time_t)epoch;
    struct tm tm;
    if ((long long)t != epoch || !gmtime_r(&t, &tm))
        return bk__error(err, BK_EINVAL, NULL, "time %lld is out of range for a date", epoch);
    bk_period now = {tm.tm_year + 1900, tm.tm_mon + 1};
    if (now.year < 1900 || now.year > 9999)
        return bk__error(err, BK_EINVAL, NULL, "year %d is outside 1900 to 9999", now.year);
    *out = bk__period_previous(now);
    return 0;
}

int bk__period_resolve(const char *s, bk_period *out, bk_error *err)
{
    if (s && *s)
        return bk__period_parse(s, NULL, out, err);
    long long epoch = (long long)time(NULL);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) {
        char *end;
        errno = 0;
        long long v = strtoll(sde, &end, 10);
        if (!errno && !*end && v >= 0)
            epoch = v;
    }
    return bk__period_before_epoch(epoch, out, err);
}

int bk__period_is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int bk__period_days(bk_period p)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (p.month == 2 && bk__period_is_leap(p.year))
        return 29;
    return days[(p.month - 1) % 12];
}

bk_period bk__period_previous(bk_period p)
{
    if (p.month == 1)
        return (bk_period){p.year - 1, 12};
    return (bk_period){p.year, p.month - 1};
}

bk_period bk__period_year_ago(bk_period p)
{
    return (bk_period){p.year - 1, p.month};
}

/* Years are 1899..9999 here, so "%04d" always fills exactly four places;
 * the casts keep GCC's -Wformat-truncation from assuming any int. */
const char *bk__period_format(bk_period p, char buf[BK_PERIOD_TEXT])
{
    snprintf(buf, BK_PERIOD_TEXT, "%04u-%02u", (unsigned)p.year % 10000u, (unsigned)p.month % 100u);
    return buf;
}

const char *bk__period_start(bk_period p, char buf[BK_PERIOD_DATE])
{
    snprintf(buf, BK_PERIOD_DATE, "%04u-%02u-01", (unsigned)p.year % 10000u,
             (unsigned)p.month % 100u);
    return buf;
}

const char *bk__period_end(bk_period p, char buf[BK_PERIOD_DATE])
{
    snprintf(buf, BK_PERIOD_DATE, "%04u-%02u-%02u", (unsigned)p.year % 10000u,
             (unsigned)p.month % 100u, (unsigned)bk__period_days(p) % 100u);
    return buf;
}

const char *bk__period_label(bk_period p, const char *lang, char buf[BK_PERIOD_LABEL])
{
    static const char *const names[12] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};
    if (lang && strcmp(lang, "zh") == 0)
        snprintf(buf, BK_PERIOD_LABEL, "%u年%u月", (unsigned)p.year % 10000u,
                 (unsigned)p.month % 100u);
    else
        snprintf(buf, BK_PERIOD_LABEL, "%s %u", names[(p.month - 1) % 12],
                 (unsigned)p.year % 10000u);
    return buf;
}

static int add(bk_arena *a, bk_node *map, const char *key, const char *value, bk_error *err)
{
    bk_loc none = {NULL, 0, 0};
    bk_node *k = bk__node_string(a, key, none);
    bk_node *v = bk__node_string(a, value, none);
    if (!k || !v || bk__node_append(a, map, k, v))
        return bk__error(err, BK_ENOMEM, NULL, "out of memory adding built-in %s", key);
    return 0;
}

int bk__period_builtins(bk_arena *a, bk_period p, const char *lang, bk_node *map, bk_error *err)
{
    char text[BK_PERIOD_TEXT], prev[BK_PERIOD_TEXT], ago[BK_PERIOD_TEXT];
    char start[BK_PERIOD_DATE], end[BK_PERIOD_DATE];
    char label[BK_PERIOD_LABEL], en[BK_PERIOD_LABEL], zh[BK_PERIOD_LABEL];
    char year[8], month[4];
    snprintf(year, sizeof year, "%04u", (unsigned)p.year % 10000u);
    snprintf(month, sizeof month, "%02u", (unsigned)p.month % 100u);
    const char *pairs[][2] = {
        {"period", bk__period_format(p, text)},
        {"period.start", bk__period_start(p, start)},
        {"period.end", bk__period_end(p, end)},
        {"period.label", bk__period_label(p, lang, label)},
        {"period.label_en", bk__period_label(p, "en", en)},
        {"period.label_zh", bk__period_label(p, "zh", zh)},
        {"period.previous", bk__period_format(bk__period_previous(p), prev)},
        {"period.year_ago", bk__period_format(bk__period_year_ago(p), ago)},
        {"period.year", year},
        {"period.month", month},
    };
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        int rc = add(a, map, pairs[i][0], pairs[i][1], err);
        if (rc)
            return rc;
    }
    return 0;
}
