/* Text in two languages in briefing data (bilingual.h).
 *
 * The convention is a suffix, not a nested map, so the sample data that
 * had `name_en` and `name_zh` keeps them, a plugin reads an untranslated
 * field exactly as before, and a data file stays flat enough to edit by
 * hand. */
#include "bilingual.h"

#include <stdio.h>
#include <string.h>

#define KEY_MAX 128
#define MAX_TEXT_KEYS 64 /* distinct translated keys a data tree may have */

static const bk_node *get_suffixed(const bk_node *map, const char *key, const char *suffix)
{
    char k[KEY_MAX];
    int n = snprintf(k, sizeof k, "%s%s", key, suffix);
    if (n < 0 || (size_t)n >= sizeof k)
        return NULL;
    return bk__node_get(map, k);
}

static int has_text(const bk_node *n)
{
    return n && (n->type == BK_NODE_STRING ? n->len > 0 : n->type == BK_NODE_LIST && n->count > 0);
}

const bk_node *bk__text_node(const bk_node *map, const char *key, int zh)
{
    if (!map || map->type != BK_NODE_MAP || !key)
        return NULL;
    const bk_node *n = zh ? get_suffixed(map, key, "_zh") : NULL;
    if (has_text(n))
        return n;
    n = bk__node_get(map, key);
    if (has_text(n))
        return n;
    n = get_suffixed(map, key, "_en");
    return has_text(n) ? n : NULL;
}

/* A text a Chinese reader would need translated: a string with a Latin
 * letter in it ("%" and "2025" read the same in both languages), or a
 * list holding one. */
static int needs_translation(const bk_node *n)
{
    if (!n)
        return 0;
    if (n->type == BK_NODE_LIST) {
        for (size_t i = 0; i < n->count; i++)
            if (needs_translation(n->items[i]))
                return 1;
        return 0;
    }
    if (n->type != BK_NODE_STRING)
        return 0;
    for (const char *p = n->str; *p; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
            return 1;
    return 0;
}

typedef struct text_keys {
    const char *base[MAX_TEXT_KEYS];
    size_t len[MAX_TEXT_KEYS];
    size_t n;
} text_keys;

static int ends_with(const char *s, size_t len, const char *suffix)
{
    size_t k = strlen(suffix);
    return len > k && memcmp(s + len - k, suffix, k) == 0;
}

static int known(const text_keys *t, const char *base, size_t len)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->len[i] == len && memcmp(t->base[i], base, len) == 0)
            return 1;
    return 0;
}

static void collect(const bk_node *n, text_keys *t)
{
    if (!n || (n->type != BK_NODE_MAP && n->type != BK_NODE_LIST))
        return;
    for (size_t i = 0; i < n->count; i++) {
        if (n->type == BK_NODE_MAP) {
            const char *k = n->keys[i]->str;
            size_t len = n->keys[i]->len;
            if (ends_with(k, len, "_zh") && !known(t, k, len - 3) && t->n < MAX_TEXT_KEYS) {
                t->base[t->n] = k;
                t->len[t->n++] = len - 3;
            }
        }
        collect(n->items[i], t);
    }
}

static size_t report(const bk_node *n, const text_keys *t, bk_missing_zh_fn fn, void *ctx)
{
    if (!n || (n->type != BK_NODE_MAP && n->type != BK_NODE_LIST))
        return 0;
    size_t found = 0;
    for (size_t i = 0; i < n->count; i++) {
        if (n->type == BK_NODE_MAP) {
            const char *k = n->keys[i]->str;
            size_t len = n->keys[i]->len;
            size_t base = ends_with(k, len, "_en") ? len - 3 : len;
            char key[KEY_MAX];
            if ((base < len || known(t, k, len)) && !ends_with(k, len, "_zh") &&
                needs_translation(n->items[i]) && base < sizeof key) {
                memcpy(key, k, base);
                key[base] = '\0';
                /* A bare key beside a `key_en` is the same text: one report. */
                int dup = base == len && get_suffixed(n, key, "_en");
                if (!dup && !has_text(get_suffixed(n, key, "_zh"))) {
                    if (fn)
                        fn(ctx, n->items[i], key);
                    found++;
                }
            }
        }
        found += report(n->items[i], t, fn, ctx);
    }
    return found;
}

size_t bk__missing_zh(const bk_node *data, bk_missing_zh_fn fn, void *ctx)
{
    text_keys t = {.n = 0};
    collect(data, &t);
    return report(data, &t, fn, ctx);
}
