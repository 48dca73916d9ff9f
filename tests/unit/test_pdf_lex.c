/* PDF's lexical rules: each kind of token found with its bytes and array
 * depth, comments skipped, strings decoded with their escapes, hex digits
 * decoded no further than the room given, and an inline image's data
 * skipped to its EI whatever bytes it holds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "pdf_lex.h"

static void test_tokens_have_their_kind_bytes_and_depth(void **state)
{
    (void)state;
    const char *s = "BT /F1 12 Tf % a comment (not a string)\n[(a\\)b) -20 <4849>] TJ << >>ET";
    size_t n = strlen(s), i = 0;
    static const struct {
        bk_lex_type type;
        const char *text;
        int depth;
    } want[] = {
        {BK_LEX_OP, "BT", 0},      {BK_LEX_NAME, "/F1", 0},     {BK_LEX_NUMBER, "12", 0},
        {BK_LEX_OP, "Tf", 0},      {BK_LEX_ARRAY_OPEN, "[", 0}, {BK_LEX_STRING, "(a\\)b)", 1},
        {BK_LEX_NUMBER, "-20", 1}, {BK_LEX_HEX, "<4849>", 1},   {BK_LEX_ARRAY_CLOSE, "]", 1},
        {BK_LEX_OP, "TJ", 0},      {BK_LEX_OTHER, "<<", 0},     {BK_LEX_OTHER, ">>", 0},
        {BK_LEX_OP, "ET", 0},
    };
    int depth = 0;
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        bk_lex_token t = bk__lex_next(s, n, &i, depth);
        assert_int_equal(t.type, want[k].type);
        assert_int_equal(t.end - t.start, strlen(want[k].text));
        assert_memory_equal(s + t.start, want[k].text, t.end - t.start);
        assert_int_equal(t.depth, want[k].depth);
        depth += t.type == BK_LEX_ARRAY_OPEN ? 1 : t.type == BK_LEX_ARRAY_CLOSE ? -1 : 0;
    }
    assert_int_equal(bk__lex_next(s, n, &i, 0).type, BK_LEX_NONE);
    assert_int_equal(i, n);
}

static void test_strings_decode_their_escapes(void **state)
{
    (void)state;
    const char *s = "(a\\(b\\)\\n\\101\\7x\\\\\\\nc\r\nd) <41 4a7>";
    size_t n = strlen(s), i = 0;
    unsigned char out[64];
    bk_lex_token t = bk__lex_next(s, n, &i, 0);
    assert_int_equal(t.type, BK_LEX_STRING);
    size_t k = bk__lex_string_bytes(s, &t, out);
    /* \101 is 'A'; \7 one octal digit; a backslash before a newline joins
     * the lines; a CR LF inside the string reads as one LF. */
    static const unsigned char want[] = "a(b)\nA\7x\\c\nd";
    assert_int_equal(k, sizeof want - 1);
    assert_memory_equal(out, want, k);

    t = bk__lex_next(s, n, &i, 0);
    assert_int_equal(t.type, BK_LEX_HEX);
    k = bk__lex_string_bytes(s, &t, out);
    /* White space ignored; an odd last digit is followed by a 0. */
    static const unsigned char want_hex[] = {0x41, 0x4A, 0x70};
    assert_int_equal(k, sizeof want_hex);
    assert_memory_equal(out, want_hex, k);
}

static void test_hex_bytes_stop_at_the_room_given(void **state)
{
    (void)state;
    const char *s = "<00 4E2d D834DD1E>";
    unsigned char out[8];
    static const unsigned char want[] = {0x00, 0x4E, 0x2D, 0xD8, 0x34};
    assert_int_equal(bk__lex_hex_bytes(s, 1, strlen(s) - 1, out, 5), 5);
    assert_memory_equal(out, want, 5);
    assert_int_equal(bk__lex_hex_bytes(s, 1, strlen(s) - 1, out, sizeof out), 7);
}

static void test_inline_image_data_is_skipped_to_its_ei(void **state)
{
    (void)state;
    /* The data holds "EI " not after white space, and bytes that would
     * read as a string's start and a comment. */
    static const char s[] = "BI /W 2 /H 1 ID \x01(EI %\x00\xff EI Q";
    size_t n = sizeof s - 1, i = 0;
    bk_lex_token t;
    do
        t = bk__lex_next(s, n, &i, 0);
    while (t.type != BK_LEX_NONE &&
           !(t.type == BK_LEX_OP && t.end - t.start == 2 && memcmp(s + t.start, "ID", 2) == 0));
    assert_int_equal(t.type, BK_LEX_OP);
    bk__lex_skip_inline_image(s, n, &i);
    t = bk__lex_next(s, n, &i, 0);
    assert_int_equal(t.type, BK_LEX_OP);
    assert_int_equal(t.end - t.start, 1);
    assert_int_equal(s[t.start], 'Q');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens_have_their_kind_bytes_and_depth),
        cmocka_unit_test(test_strings_decode_their_escapes),
        cmocka_unit_test(test_hex_bytes_stop_at_the_room_given),
        cmocka_unit_test(test_inline_image_data_is_skipped_to_its_ei),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
