/* PDF's lexical rules (pdf_lex.h; PDF 32000-1 7.2) as content streams use
 * them (strings with their escapes, hex strings, names, numbers, arrays,
 * comments), and an inline image's data, which no token rule covers,
 * skipped whole. */
#include "pdf_lex.h"

static int is_ws(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\0';
}

static int is_delim(char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' ||
           c == '}' || c == '/' || c == '%';
}

bk_lex_token bk__lex_next(const char *s, size_t n, size_t *i, int depth)
{
    size_t p = *i;
    for (;;) {
        while (p < n && is_ws(s[p]))
            p++;
        if (p < n && s[p] == '%') {
            while (p < n && s[p] != '\n' && s[p] != '\r')
                p++;
            continue;
        }
        break;
    }
    bk_lex_token t = {BK_LEX_NONE, p, p, depth};
    if (p >= n) {
        *i = p;
        return t;
    }
    char c = s[p];
    if (c == '(') {
        int level = 0;
        for (; p < n; p++) {
            if (s[p] == '\\') {
                p++;
                continue;
            }
            if (s[p] == '(')
                level++;
            else if (s[p] == ')' && --level == 0) {
                p++;
                break;
            }
        }
        t.type = BK_LEX_STRING;
    } else if (c == '<' && p + 1 < n && s[p + 1] == '<') {
        p += 2;
        t.type = BK_LEX_OTHER;
    } else if (c == '>' && p + 1 < n && s[p + 1] == '>') {
        p += 2;
        t.type = BK_LEX_OTHER;
    } else if (c == '<') {
        while (p < n && s[p] != '>')
            p++;
        p = p < n ? p + 1 : p;
        t.type = BK_LEX_HEX;
    } else if (c == '[' || c == ']') {
        p++;
        t.type = c == '[' ? BK_LEX_ARRAY_OPEN : BK_LEX_ARRAY_CLOSE;
    } else if (c == '/') {
        p++;
        while (p < n && !is_ws(s[p]) && !is_delim(s[p]))
            p++;
        t.type = BK_LEX_NAME;
    } else if (is_delim(c)) {
        p++;
        t.type = BK_LEX_OTHER;
    } else {
        while (p < n && !is_ws(s[p]) && !is_delim(s[p]))
            p++;
        t.type =
            (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' ? BK_LEX_NUMBER : BK_LEX_OP;
    }
    t.end = p;
    *i = p;
    return t;
}

size_t bk__lex_hex_bytes(const char *s, size_t from, size_t to, unsigned char *out, size_t cap)
{
    size_t k = 0;
    int half = -1;
    for (size_t p = from; p < to; p++) {
        char c = s[p];
        int v = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (v < 0)
            continue;
        if (half < 0)
            half = v;
        else {
            if (k < cap)
                out[k++] = (unsigned char)(half << 4 | v);
            half = -1;
        }
    }
    if (half >= 0 && k < cap)
        out[k++] = (unsigned char)(half << 4);
    return k;
}

size_t bk__lex_string_bytes(const char *s, const bk_lex_token *t, unsigned char *out)
{
    if (t->type == BK_LEX_HEX)
        return bk__lex_hex_bytes(s, t->start + 1, t->end - 1, out, t->end - t->start);
    size_t k = 0;
    for (size_t p = t->start + 1; p + 1 < t->end; p++) {
        char c = s[p];
        if (c != '\\') {
            if (c == '\r') { /* an end of line in a string reads as \n */
                if (p + 2 < t->end && s[p + 1] == '\n')
                    p++;
                c = '\n';
            }
            out[k++] = (unsigned char)c;
            continue;
        }
        c = s[++p];
        switch (c) {
        case 'n':
            out[k++] = '\n';
            break;
        case 'r':
            out[k++] = '\r';
            break;
        case 't':
            out[k++] = '\t';
            break;
        case 'b':
            out[k++] = '\b';
            break;
        case 'f':
            out[k++] = '\f';
            break;
        case '\r':
            if (p + 2 < t->end && s[p + 1] == '\n')
                p++;
            break;
        case '\n':
            break;
        default:
            if (c >= '0' && c <= '7') {
                int v = 0;
                for (int d = 0; d < 3 && p + 1 < t->end && s[p] >= '0' && s[p] <= '7'; d++, p++)
                    v = v * 8 + (s[p] - '0');
                p--;
                out[k++] = (unsigned char)v;
            } else {
                out[k++] = (unsigned char)c;
            }
        }
    }
    return k;
}

void bk__lex_skip_inline_image(const char *s, size_t n, size_t *i)
{
    /* The data runs to "EI" after white space. */
    size_t p = *i + 1;
    while (p + 2 < n &&
           !(is_ws(s[p]) && s[p + 1] == 'E' && s[p + 2] == 'I' && (p + 3 >= n || is_ws(s[p + 3]))))
        p++;
    *i = p + 3 < n ? p + 3 : n;
}
