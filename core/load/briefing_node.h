/* Internal: the `briefing` node of the data tree, what the briefing itself
 * is made of, for any plugin to read beside the data files' keys.
 *
 *   briefing:
 *     sections:            every section of the template, in order
 *       - id: timeline     the section's id (template `id`, else <plugin>-<n>)
 *         plugin: policy_timeline
 *         title: "Policy events, March 2025"     as written, {{ }} expanded;
 *         title_zh: "2025年3月政策动态"           "" when the template has none
 *
 * Plugins reach it through the SDK's data calls (bk_node_lookup(sec->data,
 * "briefing.sections"), and bk_text_of(sec, item, "title") picks the title
 * in the document's language), so it needs no new host slot and plugins
 * built for ABI 1.0 see it too. A section whose `data:` path narrows its
 * data reads it only when that path is `briefing` or under it. It is not
 * part of the data `{{ }}` expands, `validate` lints or a batch digests:
 * those read the data files alone. The key is briefkit's: a data file or
 * an `as:` entry using it is an error. */
#ifndef BK_BRIEFING_NODE_H
#define BK_BRIEFING_NODE_H

#include <briefkit/error.h>

#include "arena.h"
#include "expand.h"
#include "node.h"

/* The top-level data key the node lives under. */
#define BK_BRIEFING_KEY "briefing"

/* The data the sections read: a map holding the pairs of the merged data
 * map `data`, then `briefing: {sections: []}`; *sections is that (empty)
 * list, which bk__briefing_add_section fills as the sections load. `data`
 * itself is left as the files made it. BK_EINVAL at the data's own
 * `briefing` key when it has one. */
int bk__briefing_view(bk_arena *a, const bk_node *data, const bk_node **view, bk_node **sections,
                      bk_error *err);

/* Appends one section: `sec` is its map in the template, whose `title` and
 * `title_zh` are expanded with `vars`; `id` and `plugin` as loaded. */
int bk__briefing_add_section(bk_arena *a, bk_node *sections, const bk_node *sec, const char *id,
                             const char *plugin, const bk_vars *vars, bk_error *err);

#endif
