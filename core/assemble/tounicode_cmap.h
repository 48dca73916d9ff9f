/* Internal: what each code of a font stands for, read from its ToUnicode
 * CMap (tounicode_cmap.c); util/cmap_write.h writes one. */
#ifndef BK_TOUNICODE_CMAP_H
#define BK_TOUNICODE_CMAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct bk_cmap_entry {
    uint32_t lo, hi;
    uint32_t *dst;   /* 0-terminated; for a range, the last character steps */
    uint32_t **each; /* a range written as an array: one string per code */
} bk_cmap_entry;

typedef struct bk_cmap {
    bk_cmap_entry *e;
    size_t n, cap;
} bk_cmap;

/* Adds the entries of the CMap s[0..len) to `m` (start zeroed). */
void bk__cmap_parse(bk_cmap *m, const char *s, size_t len);
/* What `code` stands for: a malloc'd 0-terminated UTF-32 string, or NULL. */
uint32_t *bk__cmap_lookup(const bk_cmap *m, uint32_t code);
void bk__cmap_free(bk_cmap *m);

#endif
