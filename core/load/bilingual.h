/* Internal: the one convention for text in two languages in briefing data.
 *
 * A text field `key` holds its English form under `key` (or `key_en`) and
 * its Chinese form under `key_zh`, side by side in the same map; a list of
 * strings (a cluster's focus areas) works the same. The host's node_text
 * service (SDK 1.1) picks a form by the document's language, and
 * `briefkit validate` lists every Chinese form a zh briefing would miss. */
#ifndef BK_BILINGUAL_H
#define BK_BILINGUAL_H

#include <stddef.h>

#include "node.h"

/* The form of `key` in `map` for a Chinese (zh != 0) or English document;
 * the English form when the Chinese is missing; NULL when neither exists. */
const bk_node *bk__text_node(const bk_node *map, const char *key, int zh);

/* Called once per text that has an English form and no Chinese one: the
 * English node (for its location) and its key. */
typedef void (*bk_missing_zh_fn)(void *ctx, const bk_node *english, const char *key);

/* Walks `data` and reports every text field that a Chinese document would
 * show in English. A field counts as text when it is `key_en`, or when
 * some map anywhere in `data` has `key_zh` beside `key` (so once one
 * `label_zh` exists, every `label` needs one). Returns how many it found. */
size_t bk__missing_zh(const bk_node *data, bk_missing_zh_fn fn, void *ctx);

#endif
