/* Internal: zlib deflate for the streams briefkit writes itself, with the
 * last few large inputs remembered.
 *
 * Some large streams are the same in every briefing: the CIDToGIDMap of a
 * libharu Type0 font (128 KB, mostly zeros, and slow to deflate) and the
 * ToUnicode map the assembler puts in its place. A batch deflates them
 * once in its parent (engine_haru.c, assemble.c) and every job's child
 * finds them here. Inputs are compared byte for byte, so the output is
 * always the deflate of the input given; thread-safe. */
#ifndef BK_DEFLATE_CACHE_H
#define BK_DEFLATE_CACHE_H

#include <stddef.h>

/* zlib's default level over `data`; *out is malloc'd. 0, or -1 when out of
 * memory or zlib fails. */
int bk__deflate(const unsigned char *data, size_t len, unsigned char **out, size_t *out_len);

#endif
