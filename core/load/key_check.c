/* Unknown keys in a map the user wrote (a template, a section's options, a
 * schedule). A misspelt key is the commonest mistake in YAML that a person
 * types, and the YAML itself is fine, so the message has to do the work:
 * it points at the key, suggests the closest valid one when there is one,
 * and lists them all, since a key can be wrong by more than a typo. Every
 * loader refuses keys here, so the wording is the same everywhere. */
#include "key_check.h"

#include <stdio.h>
#include <string.h>

#include "errors.h"
#include "suggest.h"

/* "a, b, c" into buf; when they do not all fit, the list ends in ", ...". */
static void join_names(char *buf, size_t size, const char *const *names)
{
    static const char more[] = ", ...";
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; names[i]; i++) {
        const char *sep = i ? ", " : "";
        size_t need = strlen(sep) + strlen(names[i]);
        if (used + need + sizeof more > size) {
            snprintf(buf + used, size - used, "%s", more);
            return;
        }
        used += (size_t)snprintf(buf + used, size - used, "%s%s", sep, names[i]);
    }
}

int bk__key_unknown(const bk_node *key, const char *const *allowed, const char *context,
                    const char *noun, bk_error *err)
{
    const char *name = key->str ? key->str : "";
    const char *sep = context && *context ? ": " : "";
    char expected[640] = "expected none";
    if (allowed[0]) {
        size_t used = (size_t)snprintf(expected, sizeof expected, "expected one of ");
        join_names(expected + used, sizeof expected - used, allowed);
    }
    const char *near = bk__did_you_mean(name, allowed);
    if (near)
        return bk__error(err, BK_EUNKNOWN, &key->loc,
                         "%s%sunknown %s \"%s\"; did you mean \"%s\"? (%s)", context ? context : "",
                         sep, noun, name, near, expected);
    return bk__error(err, BK_EUNKNOWN, &key->loc, "%s%sunknown %s \"%s\" (%s)",
                     context ? context : "", sep, noun, name, expected);
}

int bk__key_check(const bk_node *map, const char *const *allowed, const char *context,
                  const char *noun, bk_error *err)
{
    for (size_t i = 0; i < map->count; i++) {
        const char *name = map->keys[i]->str ? map->keys[i]->str : "";
        size_t j = 0;
        while (allowed[j] && strcmp(allowed[j], name) != 0)
            j++;
        if (!allowed[j])
            return bk__key_unknown(map->keys[i], allowed, context, noun, err);
    }
    return 0;
}
