/* "Did you mean" for unknown names: the candidate with the smallest
 * Levenshtein distance, if it is close enough to be a plausible typo.
 * Names are short (keys, params, plugin names), so the two-row dynamic
 * programme is plenty; longer words are not compared at all. */
#include "suggest.h"

#include <stdlib.h>
#include <string.h>

#define BK_SUGGEST_MAX_LEN 128

/* Edit distance between a and b, or SIZE_MAX when either is too long to be
 * worth comparing. */
static size_t levenshtein(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > BK_SUGGEST_MAX_LEN || lb > BK_SUGGEST_MAX_LEN)
        return (size_t)-1;
    size_t prev[BK_SUGGEST_MAX_LEN + 1], cur[BK_SUGGEST_MAX_LEN + 1];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1;
            size_t ins = cur[j - 1] + 1;
            size_t m = sub < del ? sub : del;
            cur[j] = m < ins ? m : ins;
        }
        memcpy(prev, cur, (lb + 1) * sizeof prev[0]);
    }
    return prev[lb];
}

const char *bk__did_you_mean(const char *word, const char *const *candidates)
{
    if (!word || !candidates)
        return NULL;
    size_t limit = strlen(word) / 3;
    if (limit < 1)
        limit = 1;
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; candidates[i]; i++) {
        size_t d = levenshtein(word, candidates[i]);
        if (d <= limit && d < best_d) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}
