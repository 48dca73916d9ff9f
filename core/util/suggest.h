/* Internal: "did you mean" for unknown names. */
#ifndef BK_SUGGEST_H
#define BK_SUGGEST_H

/* The closest of `candidates` (NULL-terminated) to `word` by edit distance,
 * or NULL when none is within a third of the word's length (at least 1). */
const char *bk__did_you_mean(const char *word, const char *const *candidates);

#endif
