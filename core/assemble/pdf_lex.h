/* Internal: PDF's lexical rules (pdf_lex.c), for the code that reads a
 * content stream as tokens, rewrites some operators' operands and copies
 * every other byte as it was (font_unify.c), and for hex strings wherever
 * they are read (tounicode_cmap.c).
 *
 * A token is a span of the stream's bytes, so the caller can copy what lies
 * between the tokens it changes untouched; strings are decoded only when
 * asked (bk__lex_string_bytes). */
#ifndef BK_PDF_LEX_H
#define BK_PDF_LEX_H

#include <stddef.h>

typedef enum bk_lex_type {
    BK_LEX_NONE, /* the end of the stream */
    BK_LEX_STRING,
    BK_LEX_HEX,
    BK_LEX_NAME,
    BK_LEX_NUMBER,
    BK_LEX_OP,
    BK_LEX_ARRAY_OPEN,
    BK_LEX_ARRAY_CLOSE,
    BK_LEX_OTHER /* << >> { } and stray delimiters */
} bk_lex_type;

typedef struct bk_lex_token {
    bk_lex_type type;
    size_t start, end; /* its bytes: s[start..end) */
    int depth;         /* inside how many [ ] */
} bk_lex_token;

/* The next token of s[*i..n), skipping white space and comments, with *i
 * moved past it; `depth` is copied into the token. BK_LEX_NONE at the end. */
bk_lex_token bk__lex_next(const char *s, size_t n, size_t *i, int depth);
/* The bytes a BK_LEX_STRING or BK_LEX_HEX token stands for, escapes
 * decoded, into `out` (room for t->end - t->start bytes); returns their
 * count. */
size_t bk__lex_string_bytes(const char *s, const bk_lex_token *t, unsigned char *out);
/* The bytes the hex digits of s[from..to) stand for (other bytes, such as
 * white space, are passed over; an odd last digit is followed by a 0),
 * into `out`, at most `cap` of them; returns their count. */
size_t bk__lex_hex_bytes(const char *s, size_t from, size_t to, unsigned char *out, size_t cap);
/* After an ID operator at *i: moves *i past the inline image's data, to
 * the end of its EI. */
void bk__lex_skip_inline_image(const char *s, size_t n, size_t *i);

#endif
