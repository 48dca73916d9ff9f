/* Section options, checked against the schema a plugin declares.
 *
 * A plugin's options are pure data (a static bk_option_spec array), so the
 * core can check a template's options before any plugin code runs: `briefkit
 * validate` catches a misspelt option or a wrong type without rendering, and
 * the error points at the YAML that caused it. The same per-type check is
 * used twice: once on each schema's defaults when the plugin loads (a plugin
 * whose own default is invalid is refused), and once on every section's
 * options. The validated result keeps, per schema entry, the node that was
 * given or the default, so the getters the host table exposes are plain
 * lookups by name. */
#include "options.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "errors.h"
#include "key_check.h"
#include "suggest.h"
#include "yaml_field.h"
#include "yaml_load.h"

struct bk_options {
    const bk_option_spec *schema;
    size_t n;
    const bk_node **values; /* per schema entry: given, default, or NULL */
};

static size_t schema_len(const bk_option_spec *schema)
{
    size_t n = 0;
    while (schema && schema[n].name)
        n++;
    return n;
}

int bk__valid_name(const char *s)
{
    if (!s || !*s)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

/* Appends `"a", "b", "c"` to buf. */
static void quote_list(char *buf, size_t size, const char *const *names, size_t n)
{
    size_t used = strlen(buf);
    for (size_t i = 0; i < n && used < size; i++) {
        int w = snprintf(buf + used, size - used, "%s\"%s\"", i ? ", " : "", names[i]);
        if (w < 0)
            return;
        used += (size_t)w;
    }
}

/* "from 0 to 10", "0 or more", "at most 10": a range with an open end
 * (BK_UNBOUNDED, since 1.1) reads as what it means. */
static void describe_range(const bk_option_spec *o, char *buf, size_t size)
{
    if (isinf(o->max) && isinf(o->min))
        snprintf(buf, size, "any value");
    else if (isinf(o->max))
        snprintf(buf, size, "%g or more", o->min);
    else if (isinf(o->min))
        snprintf(buf, size, "at most %g", o->max);
    else
        snprintf(buf, size, "from %g to %g", o->min, o->max);
}

/* Writes `, got X; did you mean "Y"?` after `expects one of "a", "b"`. */
static void choice_error(const char *const *choices, const bk_node *v, const char *got,
                         const char *head, char *why, size_t size)
{
    size_t n = 0;
    while (choices && choices[n])
        n++;
    snprintf(why, size, "%s", head);
    quote_list(why, size, choices, n);
    size_t used = strlen(why);
    snprintf(why + used, size - used, ", got %s", got);
    const char *near = v && v->type == BK_NODE_STRING ? bk__did_you_mean(v->str, choices) : NULL;
    if (near) {
        used = strlen(why);
        snprintf(why + used, size - used, "; did you mean \"%s\"?", near);
    }
}

static int is_choice(const char *const *choices, const bk_node *v)
{
    if (!v || v->type != BK_NODE_STRING)
        return 0;
    for (size_t i = 0; choices && choices[i]; i++)
        if (strcmp(v->str, choices[i]) == 0)
            return 1;
    return 0;
}

/* Checks one value against one spec of a plugin built for ABI 1.`minor`.
 * On failure writes "expects ..., got ..." into why, sets *where to the node
 * at fault (a list item, or v itself) and returns BK_ETYPE. */
static int check_value(const bk_option_spec *o, unsigned minor, const bk_node *v, char *why,
                       size_t size, const bk_node **where)
{
    char got[96];
    *where = v;
    bk__field_describe(v, got, sizeof got);
    switch (o->type) {
    case BK_OPT_NODE:
        return 0;
    case BK_OPT_STRING:
        if (v && v->type == BK_NODE_STRING)
            return 0;
        snprintf(why, size, "expects text, got %s", got);
        return BK_ETYPE;
    case BK_OPT_INT:
    case BK_OPT_NUMBER: {
        const char *kind = o->type == BK_OPT_INT ? "a whole number" : "a number";
        double d;
        if (bk__node_num(v, &d) != 0 || (o->type == BK_OPT_INT && d != floor(d))) {
            snprintf(why, size, "expects %s, got %s", kind, got);
            return BK_ETYPE;
        }
        if (o->min < o->max && (d < o->min || d > o->max)) {
            char range[96];
            describe_range(o, range, sizeof range);
            snprintf(why, size, "expects %s %s, got %s", kind, range, v->str ? v->str : "");
            return BK_ETYPE;
        }
        return 0;
    }
    case BK_OPT_BOOL: {
        int b;
        if (bk__node_bool(v, &b) == 0)
            return 0;
        snprintf(why, size, "expects true or false, got %s", got);
        return BK_ETYPE;
    }
    case BK_OPT_ENUM:
        if (is_choice(o->choices, v))
            return 0;
        choice_error(o->choices, v, got, "expects one of ", why, size);
        return BK_ETYPE;
    case BK_OPT_LIST:
        if (!v || v->type != BK_NODE_LIST) {
            snprintf(why, size, "expects a list of strings, got %s", got);
            return BK_ETYPE;
        }
        for (size_t i = 0; i < v->count; i++) {
            if (v->items[i] && v->items[i]->type == BK_NODE_STRING)
                continue;
            *where = v->items[i] ? v->items[i] : v;
            bk__field_describe(v->items[i], got, sizeof got);
            snprintf(why, size, "expects a list of strings, but item %zu is %s", i + 1, got);
            return BK_ETYPE;
        }
        /* A 1.0 plugin's `choices` on a LIST meant nothing; it still does. */
        if (minor < 1 || !o->choices)
            return 0;
        for (size_t i = 0; i < v->count; i++) {
            if (is_choice(o->choices, v->items[i]))
                continue;
            char head[64];
            *where = v->items[i];
            bk__field_describe(v->items[i], got, sizeof got);
            snprintf(head, sizeof head, "expects items from ");
            choice_error(o->choices, v->items[i], got, head, why, size);
            size_t used = strlen(why);
            snprintf(why + used, size - used, " (item %zu)", i + 1);
            return BK_ETYPE;
        }
        return 0;
    }
    snprintf(why, size, "has an unknown type %d", (int)o->type);
    return BK_ETYPE;
}

/* A default is YAML text. Scalar types read it as one string, exactly as a
 * plain scalar in a template would arrive; LIST and NODE defaults are parsed
 * as YAML so "[a, b]" becomes a list. Returns NULL with err filled. */
static const bk_node *parse_default(bk_arena *a, const bk_option_spec *o, const bk_loc *loc,
                                    bk_error *err)
{
    if (o->type == BK_OPT_LIST || o->type == BK_OPT_NODE) {
        char name[160];
        snprintf(name, sizeof name, "<default of option '%.100s'>", o->name);
        const bk_node *root = NULL;
        if (bk__yaml_load_buffer(a, name, o->default_value, strlen(o->default_value), NULL, &root,
                                 err) != 0)
            return NULL;
        return root;
    }
    bk_node *n = bk__node_string(a, o->default_value, loc ? *loc : (bk_loc){0});
    if (!n)
        bk__error(err, BK_ENOMEM, NULL, "out of memory");
    return n;
}

int bk__schema_check(const bk_option_spec *schema, unsigned minor, char *why, size_t why_size)
{
    size_t n = schema_len(schema);
    for (size_t i = 0; i < n; i++) {
        const bk_option_spec *o = &schema[i];
        if (!*o->name) {
            snprintf(why, why_size, "option #%zu: the name is empty", i + 1);
            return BK_EPLUGIN;
        }
        if (!bk__valid_name(o->name)) {
            snprintf(why, why_size, "option '%s': a name may use only a-z, 0-9 and _", o->name);
            return BK_EPLUGIN;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(schema[j].name, o->name) == 0) {
                snprintf(why, why_size, "option '%s': declared twice (entries %zu and %zu)",
                         o->name, j + 1, i + 1);
                return BK_EPLUGIN;
            }
        if (o->type < BK_OPT_STRING || o->type > BK_OPT_NODE) {
            snprintf(why, why_size, "option '%s': unknown type %d", o->name, (int)o->type);
            return BK_EPLUGIN;
        }
        if (o->type == BK_OPT_ENUM && (!o->choices || !o->choices[0])) {
            snprintf(why, why_size, "option '%s': an enum needs a non-empty 'choices' list",
                     o->name);
            return BK_EPLUGIN;
        }
        if (minor >= 1 && o->type == BK_OPT_LIST && o->choices && !o->choices[0]) {
            snprintf(why, why_size,
                     "option '%s': a list's 'choices' must be NULL (any text) or non-empty",
                     o->name);
            return BK_EPLUGIN;
        }
        if (!(o->min <= o->max)) {
            snprintf(why, why_size, "option '%s': min %g is above max %g", o->name, o->min, o->max);
            return BK_EPLUGIN;
        }
        if (!o->help || !*o->help) {
            snprintf(why, why_size, "option '%s': missing help text", o->name);
            return BK_EPLUGIN;
        }
        if (!o->default_value)
            continue;
        bk_arena *a = bk__arena_new(1u << 20);
        if (!a) {
            snprintf(why, why_size, "out of memory");
            return BK_ENOMEM;
        }
        bk_error perr;
        bk__error_clear(&perr);
        const bk_node *v = parse_default(a, o, NULL, &perr);
        char body[512];
        const bk_node *where;
        int rc = 0;
        if (!v) {
            snprintf(why, why_size, "option '%s': default_value is not valid YAML: %s", o->name,
                     perr.msg);
            rc = perr.code == BK_ENOMEM ? BK_ENOMEM : BK_EPLUGIN;
        } else if (check_value(o, minor, v, body, sizeof body, &where) != 0) {
            snprintf(why, why_size, "option '%s': invalid default_value: %s", o->name, body);
            rc = BK_EPLUGIN;
        }
        bk__arena_free(a);
        if (rc)
            return rc;
    }
    return 0;
}

static int find_spec(const bk_option_spec *schema, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(schema[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* `prefix` is "SECTION: " for the one message key_check.c does not word. */
static int unknown_option(bk_arena *a, const bk_option_spec *schema, size_t n, const bk_node *key,
                          const char *section, const char *prefix, bk_error *err)
{
    if (n == 0)
        return bk__error(err, BK_EUNKNOWN, &key->loc,
                         "%sunknown option \"%s\"; this plugin takes no options", prefix,
                         key->str ? key->str : "");
    const char **names = bk__arena_alloc(a, (n + 1) * sizeof *names);
    if (!names)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    for (size_t i = 0; i < n; i++)
        names[i] = schema[i].name;
    names[n] = NULL;
    return bk__key_unknown(key, names, section, "option", err);
}

int bk__options_validate(bk_arena *a, const bk_option_spec *schema, unsigned minor,
                         const bk_node *given, const bk_loc *section_loc, const char *section,
                         bk_options **out, bk_error *err)
{
    *out = NULL;
    char prefix[256] = "";
    if (section && *section)
        snprintf(prefix, sizeof prefix, "%s: ", section);
    if (given && given->type == BK_NODE_NULL)
        given = NULL;
    if (given && given->type != BK_NODE_MAP)
        return bk__error(err, BK_ETYPE, &given->loc,
                         "%soptions must be a map of name: value, got %s", prefix,
                         bk__node_kind_name(given));

    size_t n = schema_len(schema);
    bk_options *o = bk__arena_alloc(a, sizeof *o);
    const bk_node **values = bk__arena_alloc(a, (n ? n : 1) * sizeof *values);
    if (!o || !values)
        return bk__error(err, BK_ENOMEM, NULL, "out of memory");
    memset(values, 0, (n ? n : 1) * sizeof *values);
    o->schema = schema;
    o->n = n;
    o->values = values;

    /* Every mistake in the section is reported, not only the first: an
     * author fixing options one run at a time is the cost this avoids. */
    bk_error all, one;
    bk__error_clear(&all);
    for (size_t k = 0; given && k < given->count; k++) {
        const bk_node *key = given->keys[k];
        const bk_node *val = given->items[k];
        const char *name = key->str ? key->str : "";
        int i = find_spec(schema, n, name);
        bk__error_clear(&one);
        if (i < 0) {
            if (unknown_option(a, schema, n, key, section, prefix, &one) == BK_ENOMEM)
                return bk__error(err, BK_ENOMEM, NULL, "out of memory");
            bk__error_append(&all, &one);
            continue;
        }
        char why[768];
        const bk_node *where;
        if (check_value(&schema[i], minor, val, why, sizeof why, &where) != 0) {
            const bk_loc *loc = where ? &where->loc : &key->loc;
            bk__error(&one, BK_ETYPE, loc, "%soption \"%s\" %s", prefix, name, why);
            bk__error_append(&all, &one);
        }
        values[i] = val; /* given, though perhaps wrong: not "missing" as well */
    }

    for (size_t i = 0; i < n; i++) {
        if (values[i])
            continue;
        if (schema[i].required) {
            bk__error_clear(&one);
            bk__error(&one, BK_EMISSING, section_loc, "%smissing required option \"%s\" (%s)",
                      prefix, schema[i].name, schema[i].help ? schema[i].help : "");
            bk__error_append(&all, &one);
            continue;
        }
        if (!schema[i].default_value)
            continue;
        const bk_node *v = parse_default(a, &schema[i], section_loc, err);
        if (!v)
            return err ? err->code : BK_ENOMEM;
        char why[768];
        const bk_node *where;
        if (check_value(&schema[i], minor, v, why, sizeof why, &where) != 0)
            return bk__error(err, BK_EPLUGIN, section_loc,
                             "%sthe plugin's default for option \"%s\" %s", prefix, schema[i].name,
                             why);
        values[i] = v;
    }
    if (all.code) {
        if (err)
            *err = all;
        return all.code;
    }
    *out = o;
    return 0;
}

static const bk_node *value_of(const bk_options *o, const char *name)
{
    if (!o || !name)
        return NULL;
    int i = find_spec(o->schema, o->n, name);
    return i < 0 ? NULL : o->values[i];
}

int bk__opt_has(const bk_options *o, const char *name)
{
    return value_of(o, name) != NULL;
}

const char *bk__opt_str(const bk_options *o, const char *name)
{
    return bk__node_str(value_of(o, name));
}

double bk__opt_num(const bk_options *o, const char *name)
{
    double d;
    if (bk__node_num(value_of(o, name), &d) != 0)
        return NAN;
    return d;
}

int bk__opt_bool(const bk_options *o, const char *name)
{
    int b;
    if (bk__node_bool(value_of(o, name), &b) != 0)
        return 0;
    return b;
}

const bk_node *bk__opt_node(const bk_options *o, const char *name)
{
    return value_of(o, name);
}
