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

static remembered cache[REMEMBERED];
static unsigned long clock_;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

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

int bk__deflate(const unsigned char *data, size_t len, unsigned char **out, size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (len < REMEMBER_FROM)
        return deflate_now(data, len, out, out_len);
    pthread_mutex_lock(&lock);
    remembered *slot = &cache[0];
    for (size_t i = 0; i < REMEMBERED; i++) {
        remembered *r = &cache[i];
        if (r->in && r->in_len == len && memcmp(r->in, data, len) == 0) {
            r->used = ++clock_;
            *out = copy(r->z, r->z_len);
            *out_len = r->z_len;
            pthread_mutex_unlock(&lock);
            return *out ? 0 : -1;
        }
        if (!r->in || r->used < slot->used)
            slot = r;
    }
    pthread_mutex_unlock(&lock);
    if (deflate_now(data, len, out, out_len) != 0)
        return -1;
    /* Failing to remember costs only the next deflate. */
    unsigned char *in = copy(data, len), *z = copy(*out, *out_len);
    if (!in || !z) {
        free(in);
        free(z);
        return 0;
    }
    pthread_mutex_lock(&lock);
    free(slot->in);
    free(slot->z);
    *slot = (remembered){in, z, len, *out_len, ++clock_};
    pthread_mutex_unlock(&lock);
    return 0;
}
