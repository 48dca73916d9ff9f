/* Internal: strict UTF-8 decoding for the code that walks text one
 * character at a time (shaping, drawing by glyph). Overlong forms,
 * surrogates and code points past U+10FFFF are malformed. */
#ifndef BK_UTF8_H
#define BK_UTF8_H

#include <stddef.h>

/* The character at s[*i] (len bytes in all), with *i moved past it; -1
 * for a malformed sequence, with *i moved past its first byte. */
long bk__utf8_next(const unsigned char *s, size_t len, size_t *i);

#endif
