/* Number formatting shared by the built-in plugins: compiled into each of
 * them (a plugin links no libbriefkit), so not part of the SDK. */
#ifndef BKP_FORMAT_NUMBER_H
#define BKP_FORMAT_NUMBER_H

#include <stddef.h>

/* Writes v with thousands separators and at most two decimals, trailing zeros
 * dropped: 200000 -> "200,000", 40.25 -> "40.25", 11.90 -> "11.9". */
void bkp_format_number(double v, char *out, size_t size);

/* As bkp_format_number, with exactly `decimals` decimals (0..6), kept even
 * when they are zeros: for columns whose numbers line up at the point. */
void bkp_format_fixed(double v, int decimals, char *out, size_t size);

/* The unit step a figure of magnitude `max_abs` reads best in: for zh, 亿
 * (10^8) or 万 (10^4), the way Chinese statistics write large numbers; for
 * en, billion, million or thousand. Sets *divisor (1 when no step fits)
 * and returns the word to put before the unit ("亿", "million", or ""). */
const char *bkp_scale_for(double max_abs, int zh, double *divisor);

#endif
