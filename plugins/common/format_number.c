/* Number formatting for the built-in plugins (format_number.h). */
#include "format_number.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Groups the digits of `raw` (unsigned, "1234.5") in threes into out. */
static void group(const char *raw, int negative, char *out, size_t size)
{
    const char *dot = strchr(raw, '.');
    size_t int_len = dot ? (size_t)(dot - raw) : strlen(raw);
    size_t o = 0;
    if (negative && o + 1 < size)
        out[o++] = '-';
    for (size_t i = 0; raw[i] && o + 1 < size; i++) {
        if (i > 0 && i < int_len && (int_len - i) % 3 == 0) {
            out[o++] = ',';
            if (o + 1 >= size)
                break;
        }
        out[o++] = raw[i];
    }
    out[o] = '\0';
}

void bkp_format_fixed(double v, int decimals, char *out, size_t size)
{
    char raw[64];
    int d = decimals < 0 ? 0 : decimals > 6 ? 6 : decimals;
    snprintf(raw, sizeof raw, "%.*f", d, fabs(v));
    /* -0.0 rounds to zero: no sign. */
    int nonzero = strspn(raw, "0.") != strlen(raw);
    group(raw, v < 0 && nonzero, out, size);
}

const char *bkp_scale_for(double max_abs, int zh, double *divisor)
{
    static const struct {
        double at;
        const char *zh, *en;
    } steps[] = {{1e9, NULL, "billion"},
                 {1e8, "\xe4\xba\xbf", NULL}, /* 亿 */
                 {1e6, NULL, "million"},
                 {1e4, "\xe4\xb8\x87", NULL}, /* 万 */
                 {1e3, NULL, "thousand"}};
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        const char *word = zh ? steps[i].zh : steps[i].en;
        if (word && max_abs >= steps[i].at) {
            *divisor = steps[i].at;
            return word;
        }
    }
    *divisor = 1;
    return "";
}

void bkp_format_number(double v, char *out, size_t size)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.2f", fabs(v));
    char *dot = strchr(raw, '.');
    if (dot) {
        char *end = raw + strlen(raw) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    group(raw, v < 0 && strcmp(raw, "0") != 0, out, size);
}
