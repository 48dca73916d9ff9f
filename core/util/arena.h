/* Internal: a bump allocator. One render's nodes and strings live in one
 * arena and are freed at once. Allocation fails (NULL) past `limit` bytes,
 * which bounds what a hostile input can make us allocate. */
#ifndef BK_ARENA_H
#define BK_ARENA_H

#include <stddef.h>

#include <briefkit/version.h>

typedef struct bk_arena bk_arena;

bk_arena *bk__arena_new(size_t limit); /* limit 0: 256 MiB */
void bk__arena_free(bk_arena *a);
void *bk__arena_alloc(bk_arena *a, size_t n); /* zeroed, 16-byte aligned */
char *bk__arena_strdup(bk_arena *a, const char *s);
char *bk__arena_strndup(bk_arena *a, const char *s, size_t n);
char *bk__arena_printf(bk_arena *a, const char *fmt, ...) BK_PRINTF(2, 3);
size_t bk__arena_used(const bk_arena *a);
/* 1 when `p` points into memory `a` handed out. */
int bk__arena_owns(const bk_arena *a, const void *p);

#endif
