/* Number formatting for the built-in plugins (format_number.h). */
#include "format_number.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void bkp_format_number(double v, char *out, size_t size)
{
    char raw[64];
    snprintf(raw, sizeof raw, "%.2f", fabs(v));
    char *dot = strchr(raw, '.');
    size_t int_len = dot ? (size_t)(dot - raw) : strlen(raw);
    if (dot) {
        char *end = raw + strlen(raw) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    size_t o = 0;
    if (v < 0 && strcmp(raw, "0") != 0 && o + 1 < size)
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
