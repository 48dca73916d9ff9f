/* issue_contents: the 本期要目 / "In this issue" block that opens a periodic
 * briefing: a short numbered list of what this issue covers.
 *
 * By default the list is the briefing itself: the titles of the sections
 * that follow this one, read from the data's built-in `briefing.sections`
 * (id, plugin, title, title_zh, in order), so adding, removing or renaming a
 * section changes the block with it; `skip` leaves some out (the sources
 * list, an appendix). A template may instead write the `items` by hand.
 * Either way each text is read in the document's language through the
 * host's node_text (`title` / `title_zh`, `text` / `text_zh`; SDK 1.1). */
#include <briefkit/plugin.h>

#include <stdio.h>
#include <string.h>

#include "section_lang.h"

#define IC_LINE_MAX 512
#define IC_IDS_MAX 400

static const bk_option_spec options[] = {
    {"items", BK_OPT_NODE, 0, NULL, 0, 0, NULL,
     "what the issue covers, by hand: texts, or maps with text and text_zh "
     "(default: the titles of the sections after this one)"},
    {"skip", BK_OPT_LIST, 0, NULL, 0, 0, NULL,
     "ids of sections to leave out of the list, e.g. [sources]"},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL}};

/* 一、二、... up to 十; Arabic numbers past it. */
static void number(const bk_section *sec, size_t n, char *out, size_t size)
{
    static const char *const zh[10] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    if (bkp_is_zh(sec) && n >= 1 && n <= 10)
        snprintf(out, size, "%s、", zh[n - 1]);
    else
        snprintf(out, size, "%zu. ", n);
}

static int item_line(bk_section *sec, size_t n, const char *text)
{
    char line[IC_LINE_MAX], num[32];
    number(sec, n, num, sizeof num);
    snprintf(line, sizeof line, "%s%s", num, text);
    return bk_paragraph(sec, BK_PARA_LEAD, line);
}

/* The briefing's sections (briefing_node in the core), or NULL after
 * bk_fail when the section cannot see them. */
static const bk_node *briefing_sections(bk_section *sec, int *rc)
{
    const bk_node *list = bk_node_lookup(sec->data, "briefing.sections");
    *rc = 0;
    if (bk_node_kind(list) != BK_NODE_LIST)
        *rc = bk_fail(sec, NULL,
                      "no items, and no briefing.sections in the section's data to list: "
                      "give items, or leave out the section's data: path");
    return list;
}

static int skipped(bk_section *sec, const char *id)
{
    const bk_node *skip = bk_opt_node(sec, "skip");
    for (size_t i = 0; id && i < bk_node_len(skip); i++) {
        const char *s = bk_node_str(bk_node_at(skip, i));
        if (s && strcmp(s, id) == 0)
            return 1;
    }
    return 0;
}

static int hand_written(bk_section *sec, const bk_node *items)
{
    int rc = 0;
    for (size_t i = 0; i < bk_node_len(items) && rc == 0; i++) {
        const bk_node *item = bk_node_at(items, i);
        const char *text =
            bk_node_kind(item) == BK_NODE_MAP ? bk_text_of(sec, item, "text") : bk_node_str(item);
        if (!text || !*text)
            return bk_fail(sec, item, "items.%zu: expected a text, or a map with text and text_zh",
                           i);
        rc = item_line(sec, i + 1, text);
    }
    return rc;
}

/* The titled sections after this one, less the skipped ones. */
static int derived(bk_section *sec)
{
    int rc;
    const bk_node *list = briefing_sections(sec, &rc);
    if (rc)
        return rc;
    size_t first = 0, n = 0;
    for (size_t i = 0; i < bk_node_len(list); i++) {
        const char *id = bk_node_str(bk_node_get(bk_node_at(list, i), "id"));
        if (id && sec->id && strcmp(id, sec->id) == 0)
            first = i + 1;
    }
    for (size_t i = first; i < bk_node_len(list) && rc == 0; i++) {
        const bk_node *s = bk_node_at(list, i);
        const char *title = bk_text_of(sec, s, "title");
        if (skipped(sec, bk_node_str(bk_node_get(s, "id"))) || !title || !*title)
            continue;
        rc = item_line(sec, ++n, title);
    }
    if (rc == 0 && n == 0)
        return bk_fail(sec, NULL,
                       "nothing to list: no section with a title follows this one (or skip "
                       "leaves them all out); give items, or move this section up");
    return rc;
}

static int render(bk_section *sec)
{
    const char *heading =
        sec->title && *sec->title ? sec->title : (bkp_is_zh(sec) ? "本期要目" : "In this issue");
    int rc = bk_heading(sec, 1, heading);
    if (rc == 0)
        rc = bk_opt_has(sec, "items") ? hand_written(sec, bk_opt_node(sec, "items")) : derived(sec);
    return rc;
}

/* `skip` names sections of this briefing: a misspelt id would otherwise
 * leave the section in the list without a word. */
static int validate(bk_section *sec)
{
    const bk_node *skip = bk_opt_node(sec, "skip");
    if (bk_opt_has(sec, "items") && bk_node_len(skip))
        return bk_fail(sec, skip,
                       "skip: only for the list made from the sections; with items "
                       "written by hand, leave the item out instead");
    if (!bk_node_len(skip))
        return 0;
    int rc;
    const bk_node *list = briefing_sections(sec, &rc);
    if (rc)
        return rc;
    for (size_t k = 0; k < bk_node_len(skip); k++) {
        const bk_node *want = bk_node_at(skip, k);
        const char *name = bk_node_str(want);
        char ids[IC_IDS_MAX] = "";
        size_t used = 0;
        int found = 0;
        for (size_t i = 0; i < bk_node_len(list); i++) {
            const char *id = bk_node_str(bk_node_get(bk_node_at(list, i), "id"));
            if (!id)
                continue;
            found |= name && strcmp(id, name) == 0;
            if (used < sizeof ids)
                used +=
                    (size_t)snprintf(ids + used, sizeof ids - used, "%s%s", used ? ", " : "", id);
        }
        if (!found)
            return bk_fail(sec, want, "skip: no section \"%s\" in this briefing (its ids: %s)",
                           name ? name : "", ids);
    }
    return 0;
}

static const bk_plugin plugin = {BK_PLUGIN_HEADER,
                                 .engines = BK_ENGINE_HARU | BK_ENGINE_CAIRO,
                                 .preferred_engine = BK_ENGINE_HARU,
                                 .name = "issue_contents",
                                 .version = "1.2.0",
                                 .summary =
                                     "本期要目 / In this issue: what a periodic briefing covers",
                                 .license = "MIT",
                                 .options = options,
                                 .render = render,
                                 .validate = validate};
BK_PLUGIN(plugin)
