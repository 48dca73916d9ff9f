/* Strict UTF-8 decoding, one character at a time (utf8.h). */
#include "utf8.h"

#include <stdint.h>

long bk__utf8_next(const unsigned char *s, size_t len, size_t *i)
{
    size_t p = *i;
    unsigned char b = s[p];
    size_t n = b < 0x80 ? 0 : b >= 0xF0 && b <= 0xF4 ? 3 : b >= 0xE0 ? 2 : b >= 0xC2 ? 1 : 9;
    if (n == 9 || (b >= 0x80 && b < 0xC2) || len - p <= n) {
        *i = p + 1;
        return -1;
    }
    uint32_t cp = n == 0 ? b : (uint32_t)(b & (0x3F >> n));
    for (size_t k = 1; k <= n; k++) {
        if ((s[p + k] & 0xC0) != 0x80) {
            *i = p + 1;
            return -1;
        }
        cp = cp << 6 | (s[p + k] & 0x3F);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
        *i = p + 1;
        return -1;
    }
    *i = p + 1 + n;
    return (long)cp;
}
