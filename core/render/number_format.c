/* Numbers, changes and dates in the document's language (number_format.h).
 *
 * Chinese readers count in 万 and 亿, not in thousands and millions: 40.25
 * billion yuan is 402.5亿元, and 200,000 enterprises are 20万家. Both
 * languages keep four significant digits (never rounding away an integer
 * digit) and at most two decimals, which is what a briefing quotes; the
 * magnitude is chosen after rounding, so 9,999.5万 becomes 1亿, never
 * 10000万. Qualifiers (超, 近, 约, 逾) are data, not text inside a label, so
 * each language puts its own word in its own place. */
#include "number_format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <briefkit/error.h>
#include <briefkit/host.h>

#define SIG_DIGITS 4
#define MAX_DECIMALS 2
#define NUM_MAX 64

typedef struct magnitude {
    double factor;
    const char *word;
} magnitude;

/* Largest first; each language's next step up is 1e4 (zh) or 1e3 (en). */
static const magnitude zh_mags[] = {{1e12, "万亿"}, {1e8, "亿"}, {1e4, "万"}, {1, ""}};
static const magnitude en_mags[] = {
    {1e12, "trillion"}, {1e9, "billion"}, {1e6, "million"}, {1, ""}};
#define N_MAGS 4

static const struct {
    const char *word;
    double factor;
} scales[] = {{"thousand", 1e3}, {"million", 1e6}, {"billion", 1e9}, {"trillion", 1e12},
              {"万", 1e4},       {"亿", 1e8},      {"万亿", 1e12}};

static const struct {
    const char *key, *zh, *en;
} qualifiers[] = {{"more_than", "超", "more than"},
                  {"over", "逾", "over"},
                  {"nearly", "近", "nearly"},
                  {"about", "约", "about"}};

static const char *const months_en[12] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};

double bk__num_scale_factor(const char *scale)
{
    if (!scale || !*scale)
        return 1;
    for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++)
        if (strcmp(scales[i].word, scale) == 0)
            return scales[i].factor;
    return 0;
}

/* Decimals for x >= 0: what four significant digits leave, at most two. */
static int decimals_for(double x)
{
    int int_digits = x < 1 ? 1 : (int)floor(log10(x)) + 1;
    int d = SIG_DIGITS - int_digits;
    return d < 0 ? 0 : (d > MAX_DECIMALS ? MAX_DECIMALS : d);
}

/* x >= 0 rounded half away from zero to `d` decimals; the nudge keeps a
 * decimal 0.5 that binary stores as 0.4999... rounding up. */
static double round_to(double x, int d)
{
    double p = pow(10, d);
    return floor(x * p + 0.5 + 1e-9) / p;
}

/* x >= 0 with `d` decimals, trailing zeros dropped, and commas between
 * thousands when `group`. */
static void digits(double x, int d, int group, char *out, size_t size)
{
    char raw[NUM_MAX];
    snprintf(raw, sizeof raw, "%.*f", d, x);
    char *dot = strchr(raw, '.');
    if (dot) {
        char *end = raw + strlen(raw) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    size_t int_len = dot ? (size_t)(dot - raw) : strlen(raw), o = 0;
    for (size_t i = 0; raw[i] && o + 2 < size; i++) {
        if (group && i > 0 && i < int_len && (int_len - i) % 3 == 0)
            out[o++] = ',';
        out[o++] = raw[i];
    }
    out[o] = '\0';
}

static const magnitude *mags_of(int zh)
{
    return zh ? zh_mags : en_mags;
}

static size_t mag_index(int zh, double abs_value)
{
    const magnitude *m = mags_of(zh);
    size_t i = 0;
    while (i + 1 < N_MAGS && abs_value < m[i].factor)
        i++;
    return i;
}

double bk__num_magnitude(int zh, double value, const char *scale)
{
    double f = bk__num_scale_factor(scale);
    if (!isfinite(value) || f == 0)
        return 0;
    double a = fabs(value * f);
    size_t i = mag_index(zh, a);
    /* Rounding may carry into the next magnitude: 9,999.5万 is 1亿. */
    if (i > 0) {
        double x = a / mags_of(zh)[i].factor;
        if (round_to(x, decimals_for(x)) >= mags_of(zh)[i - 1].factor / mags_of(zh)[i].factor)
            i--;
    }
    return mags_of(zh)[i].factor;
}

static const char *magnitude_word(int zh, double m)
{
    for (size_t i = 0; i < N_MAGS; i++)
        if (mags_of(zh)[i].factor == m)
            return mags_of(zh)[i].word;
    return "";
}

static int fail_out(char *out, size_t size)
{
    if (out && size)
        out[0] = '\0';
    return BK_EINVAL;
}

/* snprintf that reports truncation as BK_EINVAL. */
static int put(char *out, size_t size, int n)
{
    if (n < 0 || (size_t)n >= size)
        return fail_out(out, size);
    return 0;
}

int bk__num_format(int zh, double value, const char *scale, const char *unit, const char *qualifier,
                   double magnitude, int part, char *out, size_t size)
{
    if (!out || size == 0)
        return BK_EINVAL;
    double f = bk__num_scale_factor(scale);
    if (!isfinite(value) || f == 0 || !isfinite(magnitude) || magnitude < 0)
        return fail_out(out, size);
    const char *qual = "";
    if (qualifier && *qualifier) {
        size_t i = 0, n = sizeof qualifiers / sizeof qualifiers[0];
        while (i < n && strcmp(qualifiers[i].key, qualifier) != 0)
            i++;
        if (i == n)
            return fail_out(out, size);
        qual = zh ? qualifiers[i].zh : qualifiers[i].en;
    }
    double m = magnitude > 0 ? magnitude : bk__num_magnitude(zh, value, scale);
    double x = fabs(value * f) / m;
    int d = decimals_for(x);
    double r = round_to(x, d);
    char num[NUM_MAX];
    digits(r, d, zh ? r >= 1e4 : 1, num, sizeof num);
    const char *sign = value < 0 && r != 0 ? "-" : "";
    const char *word = magnitude_word(zh, m);
    unit = unit ? unit : "";

    char unit_part[NUM_MAX * 2];
    snprintf(unit_part, sizeof unit_part, "%s%s%s", word, !zh && *word && *unit ? " " : "", unit);
    char value_part[NUM_MAX * 2];
    snprintf(value_part, sizeof value_part, "%s%s%s%s", qual, !zh && *qual ? " " : "", sign, num);

    if (part == BK_NUM_VALUE)
        return put(out, size, snprintf(out, size, "%s", value_part));
    if (part == BK_NUM_UNIT)
        return put(out, size, snprintf(out, size, "%s", unit_part));
    /* "64.2%" and "20万家" have no space; "40.25 billion yuan" has. */
    int space = !zh && unit_part[0] && unit_part[0] != '%';
    return put(out, size, snprintf(out, size, "%s%s%s", value_part, space ? " " : "", unit_part));
}

int bk__num_change(int zh, double change, int kind, int basis, char *out, size_t size)
{
    if (!out || size == 0)
        return BK_EINVAL;
    if (!isfinite(change) || (kind != BK_CHANGE_PERCENT && kind != BK_CHANGE_POINTS) ||
        basis < BK_BASIS_NONE || basis > BK_BASIS_MOM)
        return fail_out(out, size);
    double r = round_to(fabs(change), 1);
    char num[NUM_MAX];
    snprintf(num, sizeof num, "%.1f", r);
    int points = kind == BK_CHANGE_POINTS;
    if (zh) {
        static const char *const basis_zh[3] = {"", "同比", "环比"};
        const char *verb = r == 0 ? "持平" : change > 0 ? (points ? "提高" : "增长") : "下降";
        if (r == 0)
            return put(out, size, snprintf(out, size, "%s%s", basis_zh[basis], verb));
        return put(
            out, size,
            snprintf(out, size, "%s%s%s%s", basis_zh[basis], verb, num, points ? "个百分点" : "%"));
    }
    static const char *const basis_en[3] = {"", " year on year", " month on month"};
    if (r == 0)
        return put(out, size, snprintf(out, size, "unchanged%s", basis_en[basis]));
    return put(out, size,
               snprintf(out, size, "%s %s%s%s", change > 0 ? "up" : "down", num,
                        points ? " percentage points" : "%", basis_en[basis]));
}

static int days_in(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* Reads exactly `n` digits. */
static int read_digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int bk__num_date(int zh, const char *iso, char *out, size_t size)
{
    if (!out || size == 0)
        return BK_EINVAL;
    int y = 0, m = 0, d = 0;
    size_t len = iso ? strlen(iso) : 0;
    if ((len != 4 && len != 7 && len != 10) || read_digits(iso, 4, &y) < 0)
        return fail_out(out, size);
    if (len >= 7 && (iso[4] != '-' || read_digits(iso + 5, 2, &m) < 0 || m < 1 || m > 12))
        return fail_out(out, size);
    if (len == 10 &&
        (iso[7] != '-' || read_digits(iso + 8, 2, &d) < 0 || d < 1 || d > days_in(y, m)))
        return fail_out(out, size);
    if (zh) {
        if (d)
            return put(out, size, snprintf(out, size, "%d年%d月%d日", y, m, d));
        if (m)
            return put(out, size, snprintf(out, size, "%d年%d月", y, m));
        return put(out, size, snprintf(out, size, "%d年", y));
    }
    if (d)
        return put(out, size, snprintf(out, size, "%d %s %d", d, months_en[m - 1], y));
    if (m)
        return put(out, size, snprintf(out, size, "%s %d", months_en[m - 1], y));
    return put(out, size, snprintf(out, size, "%d", y));
}
