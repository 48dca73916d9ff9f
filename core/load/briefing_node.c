/* The `briefing` node of the data tree (briefing_node.h).
 *
 * What a briefing covers is in its template, which plugins never see; an
 * "in this issue" block that had to repeat the section titles by hand went
 * stale whenever a section was added or renamed. Putting the section list
 * into the data tree, in the data's own `key` / `key_zh` convention, gives
 * every plugin (third-party ones too, of any 1.x) the same facts through
 * the calls it already has, without a new host slot. */
#include "briefing_node.h"

#include "errors.h"

static int oom(bk_error *err, const bk_loc *loc)
{
    return bk__error(err, BK_ENOMEM, loc, "out of memory while loading the template");
}

int bk__briefing_view(bk_arena *a, const bk_node *data, const bk_node **view, bk_node **sections,
                      bk_error *err)
{
    const bk_node *taken = bk__node_key_node(data, BK_BRIEFING_KEY);
    if (taken)
        return bk__error(err, BK_EINVAL, &taken->loc,
                         "the data key \"%s\" is briefkit's own (the briefing's sections, for "
                         "plugins to read); give this data another name",
                         BK_BRIEFING_KEY);
    bk_loc none = {NULL, 0, 0};
    bk_node *all = bk__node_new(a, BK_NODE_MAP, data ? data->loc : none);
    bk_node *briefing = bk__node_new(a, BK_NODE_MAP, none);
    bk_node *list = bk__node_new(a, BK_NODE_LIST, none);
    bk_node *key = bk__node_string(a, BK_BRIEFING_KEY, none);
    bk_node *list_key = bk__node_string(a, "sections", none);
    if (!all || !briefing || !list || !key || !list_key)
        return oom(err, NULL);
    for (size_t i = 0; i < bk__node_len(data); i++)
        if (bk__node_append(a, all, data->keys[i], data->items[i]) != 0)
            return oom(err, NULL);
    if (bk__node_append(a, briefing, list_key, list) != 0 ||
        bk__node_append(a, all, key, briefing) != 0)
        return oom(err, NULL);
    *view = all;
    *sections = list;
    return 0;
}

/* `key` of `sec` expanded, located where the template writes it; "" when absent. */
static int title_node(bk_arena *a, const bk_node *sec, const char *key, const bk_vars *vars,
                      bk_node **out, bk_error *err)
{
    const bk_node *n = bk__node_get(sec, key);
    const char *text = "";
    if (n && n->type == BK_NODE_STRING) {
        int rc = bk__expand_string(a, n->str, &n->loc, vars, &text, err);
        if (rc)
            return rc;
    }
    *out = bk__node_string(a, text, n ? n->loc : sec->loc);
    return *out ? 0 : oom(err, &sec->loc);
}

int bk__briefing_add_section(bk_arena *a, bk_node *sections, const bk_node *sec, const char *id,
                             const char *plugin, const bk_vars *vars, bk_error *err)
{
    static const char *const keys[] = {"id", "plugin", "title", "title_zh"};
    bk_node *values[4] = {
        bk__node_string(a, id, sec->loc),
        bk__node_string(a, plugin, sec->loc),
        NULL,
        NULL,
    };
    int rc = title_node(a, sec, "title", vars, &values[2], err);
    if (!rc)
        rc = title_node(a, sec, "title_zh", vars, &values[3], err);
    if (rc)
        return rc;
    bk_node *entry = bk__node_new(a, BK_NODE_MAP, sec->loc);
    if (!entry || !values[0] || !values[1])
        return oom(err, &sec->loc);
    for (int i = 0; i < 4; i++) {
        bk_node *k = bk__node_string(a, keys[i], sec->loc);
        if (!k || bk__node_append(a, entry, k, values[i]) != 0)
            return oom(err, &sec->loc);
    }
    return bk__node_append(a, sections, NULL, entry) != 0 ? oom(err, &sec->loc) : 0;
}
