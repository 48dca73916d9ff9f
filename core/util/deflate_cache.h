/* Internal: zlib deflate for the streams briefkit writes itself, with the
 * last few large inputs remembered in a cache object its owner passes in.
 *
 * Some large streams are the same in every briefing: the CIDToGIDMap of a
 * libharu Type0 font (128 KB, mostly zeros, and slow to deflate) and the
 * ToUnicode map the assembler puts in its place. A render environment owns
 * one cache (render_env.h) and hands it to the engine and the assembler
 * through their setup structs; a batch's parent fills it once before it
 * forks (engine_haru.c, assemble.c) and every job's child finds them
 * there. Inputs are compared byte for byte, so the output is always the
 * deflate of the input given; a cache is thread-safe. */
#ifndef BK_DEFLATE_CACHE_H
#define BK_DEFLATE_CACHE_H

#include <stddef.h>

typedef struct bk_deflate_cache bk_deflate_cache;

/* NULL when out of memory. */
bk_deflate_cache *bk__deflate_cache_new(void);
void bk__deflate_cache_free(bk_deflate_cache *c);

/* zlib's default level over `data`, remembered in `c` (NULL: no cache);
 * *out is malloc'd. 0, or -1 when out of memory or zlib fails. */
int bk__deflate(bk_deflate_cache *c, const unsigned char *data, size_t len, unsigned char **out,
                size_t *out_len);

#endif
