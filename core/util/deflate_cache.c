/* zlib deflate with the last few large inputs remembered (deflate_cache.h). */
#include "deflate_cache.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#define REMEMBERED 4
#define REMEMBER_FROM 4096 /* smaller inputs deflate faster than a lookup pays */

typedef struct remembered {
    unsigned char *in, *z; /* NULL: a free slot */
    size_t in_len, z_len;
    unsigned long used;
} remembered;

struct bk_deflate_cache {
    remembered slots[REMEMBERED];
    unsigned long clock;
    pthread_mutex_t lock;
};

bk_deflate_cache *bk__deflate_cache_new(void)
{
    bk_deflate_cache *c = calloc(1, sizeof *c);
    if (c && pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        c = NULL;
    }
    return c;
}

void bk__deflate_cache_free(bk_deflate_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < REMEMBERED; i++) {
        free(c->slots[i].in);
        free(c->slots[i].z);
    }
    pthread_mutex_destroy(&c->lock);
    free(c);
}

static int deflate_now(const unsigned char *data, size_t len, unsigned char **out, size_t *out_len)
{
    uLongf zlen = compressBound((uLong)len);
    unsigned char *z = malloc(zlen ? zlen : 1);
    if (!z)
        return -1;
    if (compress2(z, &zlen, data, (uLong)len, Z_DEFAULT_COMPRESSION) != Z_OK) {
        free(z);
        return -1;
    }
    *out = z;
    *out_len = zlen;
    return 0;
}

static unsigned char *copy(const unsigned char *p, size_t n)
{
    unsigned char *c = malloc(n ? n : 1);
    if (c)
        memcpy(c, p, n);
    return c;
}

int bk__deflate(bk_deflate_cache *c, const unsigned char *data, size_t len, unsigned char **out,
                size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (!c || len < REMEMBER_FROM)
        return deflate_now(data, len, out, out_len);
    pthread_mutex_lock(&c->lock);
    remembered *slot = &c->slots[0];
    for (size_t i = 0; i < REMEMBERED; i++) {
        remembered *r = &c->slots[i];
        if (r->in && r->in_len == len && memcmp(r->in, data, len) == 0) {
            r->used = ++c->clock;
            *out = copy(r->z, r->z_len);
            *out_len = r->z_len;
            pthread_mutex_unlock(&c->lock);
            return *out ? 0 : -1;
        }
        if (!r->in || r->used < slot->used)
            slot = r;
    }
    pthread_mutex_unlock(&c->lock);
    if (deflate_now(data, len, out, out_len) != 0)
        return -1;
    /* Failing to remember costs only the next deflate. */
    unsigned char *in = copy(data, len), *z = copy(*out, *out_len);
    if (!in || !z) {
        free(in);
        free(z);
        return 0;
    }
    pthread_mutex_lock(&c->lock);
    free(slot->in);
    free(slot->z);
    *slot = (remembered){in, z, len, *out_len, ++c->clock};
    pthread_mutex_unlock(&c->lock);
    return 0;
}
