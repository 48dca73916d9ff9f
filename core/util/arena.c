/* A bump allocator for one render's nodes and strings.
 *
 * Everything the loader builds (nodes, their arrays, copied scalars, expanded
 * strings) lives until the render ends, so one free at the end is simpler and
 * faster than tracking owners. Memory comes from malloc'd chunks; requests
 * bigger than a chunk get a chunk of their own. The byte limit counts what
 * callers asked for (rounded to 16), so a hostile template or data file can
 * make us allocate at most `limit` bytes plus chunk slack. */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BK_ARENA_ALIGN 16
#define BK_ARENA_CHUNK (64 * 1024)
#define BK_ARENA_DEFAULT_LIMIT ((size_t)256 * 1024 * 1024)

typedef struct bk_chunk {
    struct bk_chunk *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    /* keeps the data after the header 16-byte aligned */
    _Alignas(BK_ARENA_ALIGN) unsigned char data[];
} bk_chunk;

struct bk_arena {
    bk_chunk *head; /* the chunk being filled is first */
    size_t limit;
    size_t used;
};

bk_arena *bk__arena_new(size_t limit)
{
    bk_arena *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->limit = limit ? limit : BK_ARENA_DEFAULT_LIMIT;
    return a;
}

void bk__arena_free(bk_arena *a)
{
    if (!a)
        return;
    bk_chunk *c = a->head;
    while (c) {
        bk_chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

static bk_chunk *chunk_new(size_t size)
{
    bk_chunk *c = malloc(sizeof *c + size);
    if (!c)
        return NULL;
    c->next = NULL;
    c->size = size;
    c->used = 0;
    return c;
}

void *bk__arena_alloc(bk_arena *a, size_t n)
{
    if (!a)
        return NULL;
    if (n == 0)
        n = 1;
    if (n > SIZE_MAX - BK_ARENA_ALIGN)
        return NULL;
    size_t need = (n + BK_ARENA_ALIGN - 1) & ~(size_t)(BK_ARENA_ALIGN - 1);
    if (need > a->limit - a->used)
        return NULL;

    bk_chunk *c = a->head;
    if (!c || c->size - c->used < need) {
        if (need > BK_ARENA_CHUNK / 4) {
            /* A big block gets its own chunk behind the current one, so the
             * space left in the current chunk is not wasted. */
            bk_chunk *big = chunk_new(need);
            if (!big)
                return NULL;
            if (c) {
                big->next = c->next;
                c->next = big;
            } else {
                a->head = big;
            }
            big->used = need;
            a->used += need;
            memset(big->data, 0, need);
            return big->data;
        }
        c = chunk_new(BK_ARENA_CHUNK);
        if (!c)
            return NULL;
        c->next = a->head;
        a->head = c;
    }
    void *p = c->data + c->used;
    c->used += need;
    a->used += need;
    memset(p, 0, need);
    return p;
}

char *bk__arena_strndup(bk_arena *a, const char *s, size_t n)
{
    if (!s || n == SIZE_MAX)
        return NULL;
    char *p = bk__arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *bk__arena_strdup(bk_arena *a, const char *s)
{
    if (!s)
        return NULL;
    return bk__arena_strndup(a, s, strlen(s));
}

char *bk__arena_printf(bk_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = bk__arena_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

size_t bk__arena_used(const bk_arena *a)
{
    return a ? a->used : 0;
}

int bk__arena_owns(const bk_arena *a, const void *p)
{
    /* Compared as integers: relational operators on pointers into different
     * objects are undefined. */
    uintptr_t x = (uintptr_t)p;
    for (const bk_chunk *c = a ? a->head : NULL; c; c = c->next)
        if (x >= (uintptr_t)c->data && x < (uintptr_t)(c->data + c->used))
            return 1;
    return 0;
}
