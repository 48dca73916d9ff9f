/* Fuzz target: section options (bk__options_validate) against a fixed
 * schema with every option type, a range, choices, a required option and
 * YAML defaults, given a fuzzed YAML map; then every getter is read back. */
#include "arena.h"
#include "fuzz.h"
#include "node.h"
#include "options.h"
#include "yaml_load.h"

static const char *const colours[] = {"red", "green", "blue", NULL};

static const bk_option_spec schema[] = {
    {"zone", BK_OPT_STRING, 1, NULL, 0, 0, NULL, "zone id"},
    {"count", BK_OPT_INT, 0, "5", 1, 100, NULL, "how many"},
    {"scale", BK_OPT_NUMBER, 0, "1.5", 0, 0, NULL, "any number"},
    {"show", BK_OPT_BOOL, 0, "true", 0, 0, NULL, "show it"},
    {"colour", BK_OPT_ENUM, 0, "red", 0, 0, colours, "a colour"},
    {"tags", BK_OPT_LIST, 0, "[a, b]", 0, 0, NULL, "tags"},
    {"extra", BK_OPT_NODE, 0, "{k: v}", 0, 0, NULL, "anything"},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    bk_arena *a = bk__arena_new(BK_FUZZ_ARENA_LIMIT);
    if (!a)
        return 0;
    const bk_node *root = NULL;
    bk_error err;
    if (bk__yaml_load_buffer(a, "fuzz.yaml", (const char *)data, size, NULL, &root, &err) == 0) {
        bk_loc loc = {"fuzz.yaml", 1, 1};
        bk_options *o = NULL;
        if (bk__options_validate(a, schema, BK_ABI_MINOR, root, &loc, "section 'fuzz' (fuzz)", &o,
                                 &err) == 0) {
            for (const bk_option_spec *s = schema; s->name; s++) {
                if (!bk__opt_has(o, s->name))
                    __builtin_trap(); /* required or defaulted: always present */
                (void)bk__opt_str(o, s->name);
                (void)bk__opt_num(o, s->name);
                (void)bk__opt_bool(o, s->name);
                (void)bk__opt_node(o, s->name);
            }
        } else if (!err.msg[0]) {
            __builtin_trap();
        }
    }
    bk__arena_free(a);
    return 0;
}
