/* Data checks for `briefkit validate` (data_lint.h).
 *
 * Both walk the merged data tree, so they find what a plugin would show
 * without running it: a Chinese briefing would fall back to English for a
 * text with no `_zh` form (a silent half-translation is what a reader
 * notices first), and a monthly briefing quoting a figure from years ago
 * reads as current unless someone says so. */
#include "data_lint.h"

#include <stdio.h>
#include <string.h>

#include "bilingual.h"
#include "errors.h"

#define LINT_LINE_MAX 1024

static void say(const bk_lint_opts *o, const bk_loc *loc, const char *msg)
{
    if (!o->warn)
        return;
    char line[LINT_LINE_MAX];
    snprintf(line, sizeof line, "%s:%d:%d: %s", loc->file ? loc->file : "?", loc->line, loc->col,
             msg);
    o->warn(o->ctx, line);
}

static void missing_zh(void *ctx, const bk_node *english, const char *key)
{
    char msg[LINT_LINE_MAX / 2];
    snprintf(msg, sizeof msg, "%s has no Chinese form (%s_zh): a zh briefing shows it in English",
             key, key);
    say(ctx, &english->loc, msg);
}

static void stale(const bk_lint_opts *o, const bk_node *n)
{
    if (!n || (n->type != BK_NODE_MAP && n->type != BK_NODE_LIST))
        return;
    if (n->type == BK_NODE_MAP && bk__node_get(n, "value")) {
        const bk_node *y = bk__node_get(n, "year");
        double year;
        if (y && bk__node_num(y, &year) == 0 && o->period.year - year > o->stale_after_years) {
            char msg[200], p[BK_PERIOD_TEXT];
            snprintf(msg, sizeof msg,
                     "%.0f figure in a %s briefing (more than %d year%s old; "
                     "document.stale_after_years)",
                     year, bk__period_format(o->period, p), o->stale_after_years,
                     o->stale_after_years == 1 ? "" : "s");
            say(o, &y->loc, msg);
        }
    }
    for (size_t i = 0; i < n->count; i++)
        stale(o, n->items[i]);
}

int bk__data_lint(const bk_node *data, const bk_lint_opts *o, bk_error *err)
{
    size_t missing = o->zh ? bk__missing_zh(data, missing_zh, (void *)o) : 0;
    stale(o, data);
    if (o->strict && missing)
        return bk__error(err, BK_EINVAL, NULL,
                         "%zu text%s without a Chinese form in a zh briefing (--strict)", missing,
                         missing == 1 ? "" : "s");
    return 0;
}
