/* Number formatting shared by the built-in plugins: compiled into each of
 * them (a plugin links no libbriefkit), so not part of the SDK. */
#ifndef BKP_FORMAT_NUMBER_H
#define BKP_FORMAT_NUMBER_H

#include <stddef.h>

/* Writes v with thousands separators and at most two decimals, trailing zeros
 * dropped: 200000 -> "200,000", 40.25 -> "40.25", 11.90 -> "11.9". */
void bkp_format_number(double v, char *out, size_t size);

#endif
