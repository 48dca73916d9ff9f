/* "Did you mean" for unknown names: the candidate with the smallest edit
 * distance (Levenshtein, plus transpositions), if it is close enough to be
 * a plausible typo. Names are short (keys, params, plugin names), so the
 * three-row dynamic programme is plenty; long words are not compared. */
#include "suggest.h"

#include <stdlib.h>
#include <string.h>

#define BK_SUGGEST_MAX_LEN 128

/* Edit distance where swapping two neighbours counts as one edit (optimal
 * string alignment), since transposed letters are the commonest typo; or
 * SIZE_MAX when either word is too long to be worth comparing. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > BK_SUGGEST_MAX_LEN || lb > BK_SUGGEST_MAX_LEN)
        return (size_t)-1;
    size_t rows[3][BK_SUGGEST_MAX_LEN + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = prev[j] + 1;
            size_t ins = cur[j - 1] + 1;
            size_t m = sub < del ? sub : del;
            m = m < ins ? m : ins;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < m)
                m = prev2[j - 2] + 1;
            cur[j] = m;
        }
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
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
        size_t d = edit_distance(word, candidates[i]);
        if (d <= limit && d < best_d) {
            best = candidates[i];
            best_d = d;
        }
    }
    return best;
}
