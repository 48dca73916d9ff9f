/* YAML loading: locations, scalars, and every libyaml hazard from DESIGN.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "node.h"
#include "yaml_file.h"

typedef struct fixture {
    bk_arena *a;
    bk_error err;
    const bk_node *root;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    f->a = bk__arena_new(0);
    *state = f;
    return f->a ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    bk__arena_free(f->a);
    free(f);
    return 0;
}

static int load_n(fixture *f, const char *buf, size_t len, const bk_yaml_limits *lim)
{
    return bk__yaml_load_buffer(f->a, "t.yaml", buf, len, lim, &f->root, &f->err);
}

static int load(fixture *f, const char *text)
{
    return load_n(f, text, strlen(text), NULL);
}

static void test_yaml_nodes_carry_line_and_column(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "title: Monthly\nzones:\n  - name: a\n    size: 12\n"), 0);
    const bk_node *size = bk__node_lookup(f->root, "zones.0.size");
    assert_non_null(size);
    assert_string_equal(size->str, "12");
    assert_string_equal(size->loc.file, "t.yaml");
    assert_int_equal(size->loc.line, 4);
    assert_int_equal(size->loc.col, 11);
    const bk_node *zones = bk__node_get(f->root, "zones");
    assert_int_equal(zones->loc.line, 3);
    assert_int_equal(zones->loc.col, 3);
    const bk_node *key = bk__node_key_node(f->root, "zones");
    assert_int_equal(key->type, BK_NODE_STRING);
    assert_int_equal(key->loc.line, 2);
    assert_int_equal(key->loc.col, 1);
}

static void test_yaml_plain_null_words_become_null(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: nil\n"), 0);
    const char *nulls[] = {"a", "b", "c", "d", "e"};
    for (size_t i = 0; i < 5; i++)
        assert_int_equal(bk__node_type(bk__node_get(f->root, nulls[i])), BK_NODE_NULL);
    assert_string_equal(bk__node_str(bk__node_get(f->root, "f")), "nil");
}

static void test_yaml_quoted_scalars_are_never_null(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "a: \"~\"\nb: 'null'\nc: \"\"\n"), 0);
    const bk_node *a = bk__node_get(f->root, "a");
    assert_int_equal(a->type, BK_NODE_STRING);
    assert_int_equal(a->quoted, 1);
    assert_string_equal(bk__node_str(bk__node_get(f->root, "b")), "null");
    assert_string_equal(bk__node_str(bk__node_get(f->root, "c")), "");
}

static void test_yaml_keys_are_strings_even_when_null_words(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "null: 1\n"), 0);
    assert_string_equal(bk__node_key_at(f->root, 0), "null");
}

static void test_yaml_core_schema_tags_are_accepted(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "a: !!int 12\nb: !!str null\nc: ! x\nd: !!seq [1]\n"), 0);
    assert_string_equal(bk__node_str(bk__node_get(f->root, "a")), "12");
    assert_int_equal(bk__node_type(bk__node_get(f->root, "b")), BK_NODE_STRING);
    assert_string_equal(bk__node_str(bk__node_get(f->root, "b")), "null");
    assert_string_equal(bk__node_str(bk__node_get(f->root, "c")), "x");
}

static void test_yaml_unknown_tags_are_refused_at_their_place(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "a: 1\nb: !!python/object:os.system x\n"), BK_ESYNTAX);
    assert_int_equal(f->err.line, 2);
    assert_int_equal(f->err.col, 4);
    assert_non_null(strstr(f->err.msg, "unknown YAML tag !!python/object:os.system"));
    assert_int_equal(load(f, "a: !include other.yaml\n"), BK_ESYNTAX);
    assert_non_null(strstr(f->err.msg, "unknown YAML tag !include"));
    assert_int_equal(load(f, "a: !zone {id: x}\n"), BK_ESYNTAX);
    assert_non_null(strstr(f->err.msg, "unknown YAML tag !zone"));
    assert_int_equal(load(f, "- !!binary aGk=\n"), BK_ESYNTAX);
}

static void test_yaml_duplicate_key_reports_second_location(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "a: 1\nb: 2\nsub:\n  x: 1\n  a: 2\na: 3\n"), BK_ESYNTAX);
    assert_string_equal(f->err.msg, "duplicate key \"a\" (first at line 1)");
    assert_string_equal(f->err.file, "t.yaml");
    assert_int_equal(f->err.line, 6);
    assert_int_equal(f->err.col, 1);
}

static void test_yaml_same_key_in_different_maps_is_fine(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "- {a: 1}\n- {a: 2}\n"), 0);
    assert_int_equal(bk__node_len(f->root), 2);
}

static void test_yaml_non_scalar_key_is_refused(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "? [a, b]\n: 1\n"), BK_ESYNTAX);
    assert_string_equal(f->err.msg, "a map key must be text, not a list");
    assert_int_equal(f->err.line, 1);
    assert_int_equal(f->err.col, 3);
}

static void test_yaml_depth_limit_fails_fast_on_100000_brackets(void **state)
{
    fixture *f = *state;
    size_t n = 100000;
    char *buf = malloc(n);
    assert_non_null(buf);
    memset(buf, '[', n);
    clock_t t0 = clock();
    int rc = load_n(f, buf, n, NULL);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    free(buf);
    assert_int_equal(rc, BK_ELIMIT);
    assert_string_equal(f->err.msg, "nesting deeper than 64 levels");
    assert_int_equal(f->err.line, 1);
    assert_int_equal(f->err.col, 65);
    assert_true(secs < 1.0);
}

static void test_yaml_depth_at_limit_is_accepted(void **state)
{
    fixture *f = *state;
    bk_yaml_limits lim;
    bk__yaml_limits_default(&lim);
    lim.max_depth = 3;
    assert_int_equal(load_n(f, "[[[1]]]", 7, &lim), 0);
    assert_int_equal(load_n(f, "[[[[1]]]]", 9, &lim), BK_ELIMIT);
    assert_int_equal(f->err.col, 4);
}

static void test_yaml_alias_shares_anchored_node(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "base: &b {x: 1}\nother: *b\n"), 0);
    assert_ptr_equal(bk__node_get(f->root, "base"), bk__node_get(f->root, "other"));
}

static void test_yaml_billion_laughs_hits_node_limit(void **state)
{
    fixture *f = *state;
    char buf[4096];
    size_t off = (size_t)snprintf(buf, sizeof buf, "a0: &a0 [lol]\n");
    for (int i = 1; i <= 9; i++) {
        off += (size_t)snprintf(buf + off, sizeof buf - off, "a%d: &a%d [", i, i);
        for (int j = 0; j < 9; j++)
            off += (size_t)snprintf(buf + off, sizeof buf - off, "%s*a%d", j ? ", " : "", i - 1);
        off += (size_t)snprintf(buf + off, sizeof buf - off, "]\n");
    }
    clock_t t0 = clock();
    int rc = load_n(f, buf, off, NULL);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_int_equal(rc, BK_ELIMIT);
    assert_string_equal(f->err.msg, "aliases expand to more than 1000000 nodes");
    assert_true(f->err.line >= 7 && f->err.line <= 10);
    assert_true(secs < 1.0);
}

static void test_yaml_alias_cycle_is_refused(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "a: &x\n  b: *x\n"), BK_ESYNTAX);
    assert_string_equal(f->err.msg, "alias *x is inside the node it refers to (a cycle)");
    assert_int_equal(f->err.line, 2);
    assert_int_equal(f->err.col, 6);
}

static void test_yaml_unknown_alias_is_refused(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "a: *nope\n"), BK_ESYNTAX);
    assert_string_equal(f->err.msg, "alias *nope has no anchor &nope before it");
}

static void test_yaml_invalid_utf8_reports_real_line(void **state)
{
    fixture *f = *state;
    const char text[] = "a: 1\nb: 2\nc: x\xff\n";
    assert_int_equal(load_n(f, text, sizeof text - 1, NULL), BK_ESYNTAX);
    assert_int_equal(f->err.line, 3);
    assert_int_equal(f->err.col, 5);
    assert_non_null(strstr(f->err.msg, "not valid UTF-8"));
    assert_non_null(strstr(f->err.msg, "0xFF"));
}

/* libyaml hands over the decoded character here, not a byte: the message
 * names it (it used to say "byte 0x00"). */
static void test_yaml_utf8_surrogate_names_the_character(void **state)
{
    fixture *f = *state;
    const char text[] = "a: 1\nb: x\xed\xa0\x80y\nc: \xef\xbf\xbe\n";
    assert_int_equal(load_n(f, text, sizeof text - 1, NULL), BK_ESYNTAX);
    assert_int_equal(f->err.line, 2);
    assert_int_equal(f->err.col, 5);
    assert_non_null(strstr(f->err.msg, "U+D800 is a UTF-16 surrogate"));
    const char text2[] = "a: \xef\xbf\xbe\n";
    assert_int_equal(load_n(f, text2, sizeof text2 - 1, NULL), BK_ESYNTAX);
    assert_non_null(strstr(f->err.msg, "character U+FFFE is not allowed"));
}

static void test_yaml_raw_nul_byte_reports_real_line(void **state)
{
    fixture *f = *state;
    const char text[] = "a: 1\nb: x\0y\n";
    assert_int_equal(load_n(f, text, sizeof text - 1, NULL), BK_ESYNTAX);
    assert_int_equal(f->err.line, 2);
    assert_int_equal(f->err.col, 5);
    assert_string_equal(f->err.msg, "control character 0x00 is not allowed in YAML text");
}

static void test_yaml_escaped_nul_is_refused(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "a: ok\nb: \"a\\0b\"\n"), BK_ESYNTAX);
    assert_int_equal(f->err.line, 2);
    assert_int_equal(f->err.col, 4);
    assert_non_null(strstr(f->err.msg, "NUL"));
}

static void test_yaml_long_scalar_hits_string_limit(void **state)
{
    fixture *f = *state;
    bk_yaml_limits lim;
    bk__yaml_limits_default(&lim);
    lim.max_string = 8;
    assert_int_equal(load_n(f, "a: 12345678\n", 12, &lim), 0);
    assert_int_equal(load_n(f, "a: 123456789\n", 13, &lim), BK_ELIMIT);
    assert_string_equal(f->err.msg, "text longer than 8 bytes");
}

static void test_yaml_second_document_is_refused(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "a: 1\n---\nb: 2\n"), BK_ESYNTAX);
    assert_int_equal(f->err.line, 2);
    assert_int_equal(f->err.col, 1);
    assert_non_null(strstr(f->err.msg, "more than one YAML document"));
}

static void test_yaml_empty_file_is_refused(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, ""), BK_ESYNTAX);
    assert_non_null(strstr(f->err.msg, "file is empty"));
    assert_string_equal(f->err.file, "t.yaml");
    assert_int_equal(load(f, "# only a comment\n"), BK_ESYNTAX);
    assert_non_null(strstr(f->err.msg, "file is empty"));
}

static void test_yaml_syntax_error_uses_problem_mark(void **state)
{
    fixture *f = *state;
    assert_int_equal(load(f, "a: [1, 2\nb: 3\n"), BK_ESYNTAX);
    assert_int_equal(f->err.line, 2);
    assert_non_null(strstr(f->err.msg, "while parsing a flow sequence at line 1"));
}

static void test_yaml_buffer_over_byte_limit_is_refused(void **state)
{
    fixture *f = *state;
    bk_yaml_limits lim;
    bk__yaml_limits_default(&lim);
    lim.max_bytes = 4;
    assert_int_equal(load_n(f, "a: 12", 5, &lim), BK_ELIMIT);
    assert_string_equal(f->err.file, "t.yaml");
    assert_string_equal(f->err.msg, "file is larger than the limit of 4 bytes");
}

static char *write_temp(const char *content, size_t len)
{
    char tmpl[] = "/tmp/bk_yaml_XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return NULL;
    if (write(fd, content, len) != (ssize_t)len) {
        close(fd);
        return NULL;
    }
    close(fd);
    return strdup(tmpl);
}

static void test_yaml_file_over_byte_limit_names_file_and_limit(void **state)
{
    fixture *f = *state;
    char *path = write_temp("a: 123456\n", 10);
    assert_non_null(path);
    bk_yaml_limits lim;
    bk__yaml_limits_default(&lim);
    lim.max_bytes = 9;
    int rc = bk__yaml_load_file(f->a, path, &lim, &f->root, &f->err);
    lim.max_bytes = 10;
    bk_error err2;
    int rc2 = bk__yaml_load_file(f->a, path, &lim, &f->root, &err2);
    unlink(path);
    assert_int_equal(rc, BK_ELIMIT);
    assert_string_equal(f->err.file, path);
    assert_string_equal(f->err.msg, "file is larger than the limit of 9 bytes");
    assert_int_equal(rc2, 0);
    assert_string_equal(f->root->loc.file, path);
    assert_ptr_not_equal(f->root->loc.file, path);
    free(path);
}

static void test_yaml_missing_file_names_it(void **state)
{
    fixture *f = *state;
    int rc = bk__yaml_load_file(f->a, "/nonexistent/x.yaml", NULL, &f->root, &f->err);
    assert_true(rc < 0);
    assert_string_equal(f->err.file, "/nonexistent/x.yaml");
    assert_string_equal(f->err.msg, "cannot open: No such file or directory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_yaml_nodes_carry_line_and_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_plain_null_words_become_null, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_quoted_scalars_are_never_null, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_keys_are_strings_even_when_null_words, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_yaml_core_schema_tags_are_accepted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_unknown_tags_are_refused_at_their_place, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_yaml_duplicate_key_reports_second_location, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_yaml_same_key_in_different_maps_is_fine, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_yaml_non_scalar_key_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_depth_limit_fails_fast_on_100000_brackets, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_yaml_depth_at_limit_is_accepted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_alias_shares_anchored_node, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_billion_laughs_hits_node_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_alias_cycle_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_unknown_alias_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_invalid_utf8_reports_real_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_utf8_surrogate_names_the_character, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_yaml_raw_nul_byte_reports_real_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_escaped_nul_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_long_scalar_hits_string_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_second_document_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_empty_file_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_syntax_error_uses_problem_mark, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yaml_buffer_over_byte_limit_is_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_yaml_file_over_byte_limit_names_file_and_limit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_yaml_missing_file_names_it, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
