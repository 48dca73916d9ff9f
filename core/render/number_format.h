/* Internal: numbers, changes and dates written the way a reader of the
 * document's language reads them (the host services of SDK 1.1 forward
 * here; host.h says what each call means to a plugin).
 *
 * Pure functions of their arguments, so the unit tests can go through a
 * table of cases in both languages. `zh` is non-zero for Chinese. Every
 * function returns 0, or BK_EINVAL for a value that is not a number (NaN,
 * infinity), a scale, qualifier or date it does not know, or no room in
 * `out` (then `out` holds ""). */
#ifndef BK_NUMBER_FORMAT_H
#define BK_NUMBER_FORMAT_H

#include <stddef.h>

/* The factor a scale word stands for ("billion" 1e9, "亿" 1e8, NULL or "" 1);
 * 0 when the word is unknown. */
double bk__num_scale_factor(const char *scale);

/* The power of ten the number value × scale is written in: 1e4 (万), 1e8
 * (亿), 1e12 (万亿) in Chinese; 1e6, 1e9, 1e12 in English; 1 below them. 0
 * for NaN or an unknown scale. */
double bk__num_magnitude(int zh, double value, const char *scale);

/* Writes value × scale in `magnitude` (0: bk__num_magnitude's choice), with
 * four significant digits and at most two decimals, thousands separators
 * (in Chinese only from 10,000 up) and the qualifier ("more_than", "over",
 * "nearly", "about", or NULL). `part` is one of bk_number_part (host.h):
 * everything, the qualified number only, or the magnitude word and unit. */
int bk__num_format(int zh, double value, const char *scale, const char *unit, const char *qualifier,
                   double magnitude, int part, char *out, size_t size);

/* "同比增长6.1%", "下降0.5个百分点", "持平"; "up 6.1% year on year", "down 0.5
 * percentage points", "unchanged". `kind` and `basis` as in host.h. */
int bk__num_change(int zh, double change, int kind, int basis, char *out, size_t size);

/* "2025", "2025-03" or "2025-03-01" as 2025年, 2025年3月, 2025年3月1日 or
 * 2025, March 2025, 1 March 2025. */
int bk__num_date(int zh, const char *iso, char *out, size_t size);

#endif
