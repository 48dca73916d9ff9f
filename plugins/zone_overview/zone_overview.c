/* zone_overview: one development zone on a page or two — its names, what kind
 * of zone it is, a row of key-figure cards, a summary and a table of facts.
 *
 * It draws only through the host's building blocks (heading, paragraph,
 * cards, table), so all page breaking, header repetition and CJK fallback is
 * the host's; the plugin's job is to read the zone's data strictly and say
 * exactly which data path is wrong. It is declared for libharu alone, which
 * is what the building blocks render with here, so briefings show both
 * engines at work.
 *
 * Month-on-month (环比) and year-on-year (同比) changes come from an earlier
 * period's data tree that the template loads under a key of its own
 * (`data: [{file: data/{{ period.previous }}/zones.yaml, as: previous}]`);
 * compare_mom / compare_yoy name those keys. The plugin matches zone and
 * figure by id, so the earlier file needs no particular order, and a figure
 * or file missing there simply shows no comparison: new figures appear and
 * old ones go as the series grows.
 *
 * Every text it shows comes in the document's language through the host's
 * node_text (`label` / `label_zh`, SDK 1.1), and every number, change and
 * year through the host's formatting services, so a Chinese briefing reads
 * 40.25亿元 and 同比增长6.1% rather than English words around Arabic
 * figures. */
#include <briefkit/plugin.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cite.h"
#include "fields.h"
#include "section_lang.h"

/* Room for a formatted value or a "label, year" line on a card. */
#define ZO_VALUE_MAX 48
#define ZO_LABEL_MAX 256
/* How many zone or figure ids an error message lists before "...". */
#define ZO_LIST_MAX 400
/* Room for the distinct sources of a row of cards. */
#define ZO_SOURCES_MAX 1024

static const bk_option_spec options[] = {
    {"zone", BK_OPT_STRING, 1, NULL, 0, 0, NULL, "id of the zone in the data, e.g. liangjiang"},
    {"figures", BK_OPT_LIST, 0, NULL, 0, 0, NULL,
     "ids of the key figures to show, in this order (default: all)"},
    {"show_sources", BK_OPT_BOOL, 0, "true", 0, 0, NULL,
     "add a source column to the facts table and sources to the cards"},
    {"data_key", BK_OPT_STRING, 0, "zones", 0, 0, NULL,
     "dotted path in the data to the list of zones"},
    {"compare_mom", BK_OPT_STRING, 0, NULL, 0, 0, NULL,
     "data key holding the previous period's tree (e.g. previous): cards show 环比/MoM"},
    {"compare_yoy", BK_OPT_STRING, 0, NULL, 0, 0, NULL,
     "data key holding the same period a year earlier (e.g. year_ago): cards show 同比/YoY"},
    {NULL, 0, 0, NULL, 0, 0, NULL, NULL}};

/* A comma-separated list of the `key` of each map in `list`, for messages. */
static void list_ids(const bk_node *list, const char *key, char *out, size_t size)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < bk_node_len(list); i++) {
        const char *id = bk_node_str(bk_node_get(bk_node_at(list, i), key));
        if (!id)
            continue;
        int n = snprintf(out + o, size - o, "%s%s", o ? ", " : "", id);
        if (n < 0 || (size_t)n >= size - o) {
            snprintf(out + (o < size - 4 ? o : size - 4), 4, "...");
            return;
        }
        o += (size_t)n;
    }
    if (o == 0)
        snprintf(out, size, "none");
}

/* A required text field of a map in the document's language, or a failure
 * naming its path. */
static int need_str(bk_section *sec, const bk_node *map, const char *path, const char *key,
                    const char **out)
{
    const bk_node *n = bk_text_node(sec, map, key);
    *out = bk_node_str(n);
    if (!*out || !**out)
        return bk_fail(sec, n ? n : map, "%s.%s: expected a text, got %s", path, key,
                       n ? "a list or map" : "nothing");
    return 0;
}

/* An optional scalar field as it is in the data; "" when absent. */
static const char *opt_str(const bk_node *map, const char *key)
{
    const char *s = bk_node_str(bk_node_get(map, key));
    return s ? s : "";
}

/* An optional text field in the document's language; "" when absent. */
static const char *opt_text(bk_section *sec, const bk_node *map, const char *key)
{
    const char *s = bk_text_of(sec, map, key);
    return s ? s : "";
}

typedef struct zo_card_text {
    char value[ZO_VALUE_MAX];
    char unit[ZO_VALUE_MAX];
    char label[ZO_LABEL_MAX];
    char change[ZO_VALUE_MAX];
    char note[ZO_LABEL_MAX];
} zo_card_text;

/* One earlier period the cards compare with. */
typedef struct zo_compare {
    int basis;                /* BK_BASIS_MOM or BK_BASIS_YOY */
    const bk_node *zone;      /* the same zone in the earlier tree, or NULL: no comparison */
    char zpath[ZO_LABEL_MAX]; /* its data path, for messages */
} zo_compare;

#define ZO_N_COMPARE 2
#define ZO_UP_ARROW "\xe2\x86\x91 "   /* U+2191, as the host draws on the change line */
#define ZO_DOWN_ARROW "\xe2\x86\x93 " /* U+2193 */

/* Finds the figure with `id` in `figs`; its index or -1. */
static long find_by_id(const bk_node *list, const char *id)
{
    for (size_t i = 0; i < bk_node_len(list); i++) {
        const char *fid = bk_node_str(bk_node_get(bk_node_at(list, i), "id"));
        if (fid && strcmp(fid, id) == 0)
            return (long)i;
    }
    return -1;
}

/* Finds zone `want` in the earlier tree named by option `opt`. A missing
 * tree, list or zone leaves c->zone NULL (no comparison); a list of the
 * wrong kind is an error naming its path. */
static int find_compare_zone(bk_section *sec, const char *opt, const char *data_key,
                             const char *want, zo_compare *c)
{
    c->zone = NULL;
    if (!bk_opt_has(sec, opt))
        return 0;
    const char *key = bk_opt_str(sec, opt);
    const bk_node *tree = bk_node_lookup(sec->data, key);
    /* Not an error: an optional earlier month may be missing. Logged at
     * info level (BRIEFKIT_LOG=info) to find a misspelt key. */
    if (!tree)
        bk_log(sec, BK_LOG_INFO, "%s: no \"%s\" in the data, so no %s is shown", opt, key,
               strcmp(opt, "compare_mom") == 0 ? "MoM" : "YoY");
    const bk_node *zones = tree ? bk_node_lookup(tree, data_key) : NULL;
    if (!zones)
        return 0;
    if (bk_node_kind(zones) != BK_NODE_LIST)
        return bk_fail(sec, zones, "%s.%s: expected a list of zones (the earlier period's data)",
                       key, data_key);
    long idx = find_by_id(zones, want);
    if (idx < 0)
        return 0;
    c->zone = bk_node_at(zones, (size_t)idx);
    snprintf(c->zpath, sizeof c->zpath, "%s.%s.%ld", key, data_key, idx);
    return 0;
}

/* +1 when `value` rose from `previous`, -1 when it fell, 0 when level. */
static int trend_of(double value, double previous)
{
    return value > previous ? 1 : (value < previous ? -1 : 0);
}

/* The change from `previous` to `value` as the host phrases it: percentage
 * points for a figure in "%" (a rate growing from 8% to 9% rose by 1
 * point, not by 12.5%), otherwise percent. */
static int format_change(bk_section *sec, double value, double previous, int is_pct, int basis,
                         char *out, size_t size)
{
    if (is_pct)
        return bk_format_change(sec, value - previous, BK_CHANGE_POINTS, basis, out, size);
    if (previous == 0 && value != 0) {
        snprintf(out, size, "%s", bkp_tr(sec, "new", "新增"));
        return 0;
    }
    double pct = previous != 0 ? (value - previous) / fabs(previous) * 100.0 : 0.0;
    return bk_format_change(sec, pct, BK_CHANGE_PERCENT, basis, out, size);
}

/* The earlier value of figure `id`, from c's zone: 1 when found, 0 when the
 * zone, figure or value is not there, or the bk_fail code. */
static int earlier_value(bk_section *sec, const zo_compare *c, const char *id, const char *unit,
                         const char *scale, double *out)
{
    if (!c->zone || !id)
        return 0;
    const bk_node *figs = bk_node_get(c->zone, "figures");
    if (!figs)
        return 0;
    if (bk_node_kind(figs) != BK_NODE_LIST)
        return bk_fail(sec, figs, "%s.figures: expected a list of figures", c->zpath);
    long idx = find_by_id(figs, id);
    if (idx < 0)
        return 0;
    const bk_node *fig = bk_node_at(figs, (size_t)idx);
    char path[ZO_LABEL_MAX + 32];
    snprintf(path, sizeof path, "%s.figures.%ld", c->zpath, idx);
    const char *old_unit = bk_node_str(bk_node_get(fig, "unit"));
    /* 2 billion yuan against 2,000 million yuan would read as a fall. */
    if (old_unit && *old_unit && *unit && strcmp(old_unit, unit) != 0)
        return bk_fail(sec, bk_node_get(fig, "unit"),
                       "%s.unit: \"%s\", but this period's figure is in \"%s\"; a comparison "
                       "needs the same unit",
                       path, old_unit, unit);
    if (strcmp(opt_str(fig, "scale"), scale) != 0)
        return bk_fail(sec, fig,
                       "%s.scale: \"%s\", but this period's figure is in \"%s\"; a comparison "
                       "needs the same scale",
                       path, opt_str(fig, "scale"), scale);
    return bkp_read_num(sec, fig, path, "value", out);
}

/* Adds the comparisons with earlier periods to a card: the first one
 * shown takes the change line (arrow and colour from the host) unless the
 * figure's own data filled it; the rest go on the note, one line each, arrows
 * written out, since a card has one coloured line. */
static int add_comparisons(bk_section *sec, const bk_node *fig, double value, const zo_compare *cmp,
                           bk_card *card, zo_card_text *t)
{
    const char *unit = opt_str(fig, "unit");
    const char *scale = opt_str(fig, "scale");
    const char *id = bk_node_str(bk_node_get(fig, "id"));
    for (size_t i = 0; i < ZO_N_COMPARE; i++) {
        double previous;
        int rc = earlier_value(sec, &cmp[i], id, unit, scale, &previous);
        if (rc <= 0) {
            if (rc < 0)
                return rc;
            continue;
        }
        char delta[ZO_VALUE_MAX];
        if ((rc = format_change(sec, value, previous, strcmp(unit, "%") == 0, cmp[i].basis, delta,
                                sizeof delta)) < 0)
            return bk_fail(sec, fig, "the change in figure \"%s\" cannot be written", id);
        int trend = trend_of(value, previous);
        if (!t->change[0]) {
            snprintf(t->change, sizeof t->change, "%s", delta);
            card->trend = trend;
            continue;
        }
        size_t used = strlen(t->note);
        snprintf(t->note + used, sizeof t->note - used, "%s%s%s", used ? "\n" : "",
                 trend > 0   ? ZO_UP_ARROW
                 : trend < 0 ? ZO_DOWN_ARROW
                             : "",
                 delta);
    }
    card->change = t->change[0] ? t->change : NULL;
    card->note = t->note[0] ? t->note : NULL;
    return 0;
}

/* Fills one card from a figure map, checking every field it reads. */
static int build_card(bk_section *sec, const bk_node *fig, const char *path, const zo_compare *cmp,
                      bk_card *card, zo_card_text *t)
{
    if (bk_node_kind(fig) != BK_NODE_MAP)
        return bk_fail(sec, fig, "%s: expected a figure (a map with label, value, unit, year)",
                       path);
    const char *label;
    int rc = need_str(sec, fig, path, "label", &label);
    if (rc < 0)
        return rc;
    double value, previous = 0, year = 0, change_num = 0;
    rc = bkp_read_num(sec, fig, path, "value", &value);
    if (rc < 0)
        return rc;
    if (rc == 0)
        return bk_fail(sec, fig, "%s.value: expected a number, got nothing", path);
    int has_prev = bkp_read_num(sec, fig, path, "previous", &previous);
    if (has_prev < 0)
        return has_prev;
    int has_year = bkp_read_num(sec, fig, path, "year", &year);
    if (has_year < 0)
        return has_year;

    const char *unit = opt_text(sec, fig, "unit");
    const char *scale = opt_str(fig, "scale");
    const char *qualifier = bk_node_str(bk_node_get(fig, "qualifier"));
    if (bk_format_number(sec, value, scale, unit, qualifier, 0, BK_NUM_VALUE, t->value,
                         sizeof t->value) < 0 ||
        bk_format_number(sec, value, scale, unit, qualifier, 0, BK_NUM_UNIT, t->unit,
                         sizeof t->unit) < 0)
        return bk_fail(sec, fig,
                       "%s: the figure cannot be written (scale: thousand, million, billion, "
                       "trillion, 万, 亿 or 万亿; qualifier: more_than, over, nearly or about)",
                       path);
    char year_text[ZO_VALUE_MAX];
    if (has_year &&
        bk_format_date(sec, bk_node_str(bk_node_get(fig, "year")), year_text, sizeof year_text) < 0)
        return bk_fail(sec, bk_node_get(fig, "year"), "%s.year: expected a year such as 2025",
                       path);
    if (has_year)
        snprintf(t->label, sizeof t->label, bkp_tr(sec, "%s, %s", "%s（%s）"), label, year_text);
    else
        snprintf(t->label, sizeof t->label, "%s", label);

    /* A change is a number (percent, or points for a figure in "%"), with
     * `change_basis` yoy or mom; else it follows from `previous`. */
    const char *raw_unit = opt_str(fig, "unit");
    int is_pct = strcmp(raw_unit, "%") == 0;
    const char *basis = opt_str(fig, "change_basis");
    int basis_id = strcmp(basis, "yoy") == 0   ? BK_BASIS_YOY
                   : strcmp(basis, "mom") == 0 ? BK_BASIS_MOM
                                               : BK_BASIS_NONE;
    int has_change = bkp_read_num(sec, fig, path, "change", &change_num);
    if (has_change < 0)
        return has_change;
    card->trend = 0;
    t->change[0] = '\0';
    if (has_change) {
        if (bk_format_change(sec, change_num, is_pct ? BK_CHANGE_POINTS : BK_CHANGE_PERCENT,
                             basis_id, t->change, sizeof t->change) < 0)
            return bk_fail(sec, bk_node_get(fig, "change"), "%s.change: cannot be written", path);
        card->trend = change_num > 0 ? 1 : change_num < 0 ? -1 : 0;
    } else if (has_prev) {
        if (format_change(sec, value, previous, is_pct, basis_id, t->change, sizeof t->change) < 0)
            return bk_fail(sec, fig, "%s.previous: the change cannot be written", path);
        card->trend = trend_of(value, previous);
    }

    card->value = t->value;
    card->unit = t->unit[0] ? t->unit : NULL;
    card->label = t->label;
    card->change = t->change[0] ? t->change : NULL;
    card->note = NULL;
    return add_comparisons(sec, fig, value, cmp, card, t);
}

static int draw_cards(bk_section *sec, const bk_node *figs, const char *zpath,
                      const zo_compare *cmp, int show_sources)
{
    const bk_node *filter = bk_opt_node(sec, "figures");
    int filtered = bk_opt_has(sec, "figures") && bk_node_kind(filter) == BK_NODE_LIST;
    size_t n = filtered ? bk_node_len(filter) : bk_node_len(figs);
    if (figs && bk_node_kind(figs) != BK_NODE_LIST)
        return bk_fail(sec, figs, "%s.figures: expected a list of figures", zpath);
    if (n == 0)
        return bk_paragraph(sec, BK_PARA_NOTE,
                            bkp_tr(sec, "No data for this period.", "本期无数据。"));

    char sources[ZO_SOURCES_MAX] = "";
    bk_card *cards = calloc(n, sizeof *cards);
    zo_card_text *texts = calloc(n, sizeof *texts);
    int rc = 0;
    if (!cards || !texts) {
        rc = bk_fail(sec, NULL, "out of memory for %zu figure cards", n);
        goto out;
    }
    for (size_t i = 0; i < n && rc == 0; i++) {
        size_t idx = i;
        if (filtered) {
            const bk_node *want = bk_node_at(filter, i);
            const char *id = bk_node_str(want);
            long found = id ? find_by_id(figs, id) : -1;
            if (found < 0) {
                char have[ZO_LIST_MAX];
                list_ids(figs, "id", have, sizeof have);
                rc = bk_fail(sec, want, "figure \"%s\" not found in %s.figures (have: %s)",
                             id ? id : "", zpath, have);
                break;
            }
            idx = (size_t)found;
        }
        char path[128];
        snprintf(path, sizeof path, "%s.figures.%zu", zpath, idx);
        rc = build_card(sec, bk_node_at(figs, idx), path, cmp, &cards[i], &texts[i]);
        if (rc == 0 && show_sources)
            bkp_cite_add(sec->data, bk_node_str(bk_node_get(bk_node_at(figs, idx), "source")),
                         sources, sizeof sources);
    }
    if (rc == 0)
        rc = bk_cards(sec, cards, n);
    /* One line of citations under the row, numbered as in the source list
     * at the end of the briefing. */
    if (rc == 0 && sources[0]) {
        char line[ZO_SOURCES_MAX + 32];
        snprintf(line, sizeof line, "%s%s", bkp_tr(sec, "Sources: ", "来源："), sources);
        rc = bk_paragraph(sec, BK_PARA_NOTE, line);
    }
out:
    free(cards);
    free(texts);
    return rc;
}

static int draw_facts(bk_section *sec, const bk_node *facts, const char *zpath, int show_sources)
{
    int rc = bk_heading(sec, 2, bkp_tr(sec, "Key facts", "要点"));
    if (rc < 0)
        return rc;
    if (facts && bk_node_kind(facts) != BK_NODE_LIST)
        return bk_fail(sec, facts, "%s.facts: expected a list of facts", zpath);
    size_t nrows = bk_node_len(facts);
    if (nrows == 0)
        return bk_paragraph(sec, BK_PARA_NOTE,
                            bkp_tr(sec, "No data for this period.", "本期无数据。"));

    size_t ncols = show_sources ? 3 : 2;
    const char **cells = calloc(nrows * ncols, sizeof *cells);
    char(*cites)[ZO_VALUE_MAX] = calloc(nrows, sizeof *cites);
    if (!cells || !cites) {
        free(cells);
        free(cites);
        return bk_fail(sec, NULL, "out of memory for a %zu-row facts table", nrows);
    }
    for (size_t i = 0; i < nrows && rc == 0; i++) {
        const bk_node *fact = bk_node_at(facts, i);
        char path[128];
        snprintf(path, sizeof path, "%s.facts.%zu", zpath, i);
        if (bk_node_kind(fact) != BK_NODE_MAP) {
            rc = bk_fail(sec, fact, "%s: expected a fact (a map with label, value, source)", path);
            break;
        }
        rc = need_str(sec, fact, path, "label", &cells[i * ncols]);
        if (rc == 0)
            rc = need_str(sec, fact, path, "value", &cells[i * ncols + 1]);
        if (rc == 0 && show_sources) {
            bkp_cite(sec->data, bk_node_str(bk_node_get(fact, "source")), cites[i],
                     sizeof cites[i]);
            cells[i * ncols + 2] = cites[i];
        }
    }
    if (rc == 0) {
        const char *header[3] = {bkp_tr(sec, "Fact", "项目"), bkp_tr(sec, "Detail", "内容"),
                                 bkp_tr(sec, "Source", "来源")};
        static const double widths_src[3] = {0.22, 0.68, 0.10};
        static const double widths_nosrc[2] = {0.28, 0.72};
        bk_table table = {.ncols = ncols,
                          .header = header,
                          .widths = show_sources ? widths_src : widths_nosrc,
                          .align = NULL,
                          .nrows = nrows,
                          .cells = cells};
        rc = bk_table_draw(sec, &table);
    }
    free(cells);
    free(cites);
    return rc;
}

static int render(bk_section *sec)
{
    const char *key = bk_opt_str(sec, "data_key");
    const char *want = bk_opt_str(sec, "zone");
    int show_sources = bk_opt_bool(sec, "show_sources");
    const bk_node *zones = bk_node_lookup(sec->data, key);
    if (!zones)
        return bk_fail(sec, NULL,
                       "no \"%s\" in the section's data: expected a list of zones there (add a "
                       "data file with a top-level \"%s:\" list, or set data_key)",
                       key, key);
    if (bk_node_kind(zones) != BK_NODE_LIST)
        return bk_fail(sec, zones, "%s: expected a list of zones", key);

    long idx = find_by_id(zones, want);
    if (idx < 0) {
        char have[ZO_LIST_MAX];
        list_ids(zones, "id", have, sizeof have);
        return bk_fail(sec, bk_opt_node(sec, "zone"),
                       "zone \"%s\" not found in data \"%s\" (have: %s)", want, key, have);
    }
    const bk_node *zone = bk_node_at(zones, (size_t)idx);
    char zpath[96];
    snprintf(zpath, sizeof zpath, "%s.%ld", key, idx);

    const char *name_en;
    int rc = need_str(sec, zone, zpath, "name_en", &name_en);
    if (rc < 0)
        return rc;
    const char *name_zh = opt_str(zone, "name_zh");
    char title[ZO_LABEL_MAX];
    /* An English reader gets the Chinese name too, to match documents;
     * a Chinese reader needs no English one. */
    if (*name_zh && !bkp_is_zh(sec))
        snprintf(title, sizeof title, "%s %s", name_en, name_zh);
    else
        snprintf(title, sizeof title, "%s", bkp_is_zh(sec) && *name_zh ? name_zh : name_en);
    if ((rc = bk_heading(sec, 1, title)) < 0)
        return rc;

    const char *kind = opt_text(sec, zone, "kind");
    const char *city = opt_text(sec, zone, "city");
    if (*kind || *city) {
        char line[ZO_LABEL_MAX];
        snprintf(line, sizeof line, "%s%s%s", kind, *kind && *city ? " · " : "", city);
        if ((rc = bk_paragraph(sec, BK_PARA_SMALL, line)) < 0)
            return rc;
    }

    zo_compare cmp[ZO_N_COMPARE] = {{.basis = BK_BASIS_MOM}, {.basis = BK_BASIS_YOY}};
    if ((rc = find_compare_zone(sec, "compare_mom", key, want, &cmp[0])) < 0 ||
        (rc = find_compare_zone(sec, "compare_yoy", key, want, &cmp[1])) < 0)
        return rc;
    if ((rc = draw_cards(sec, bk_node_get(zone, "figures"), zpath, cmp, show_sources)) < 0)
        return rc;

    const char *summary = opt_text(sec, zone, "summary");
    if (*summary && (rc = bk_paragraph(sec, BK_PARA_BODY, summary)) < 0)
        return rc;

    return draw_facts(sec, bk_node_get(zone, "facts"), zpath, show_sources);
}

static const bk_plugin plugin = {BK_PLUGIN_HEADER,
                                 .engines = BK_ENGINE_HARU,
                                 .preferred_engine = BK_ENGINE_HARU,
                                 .name = "zone_overview",
                                 .version = "1.1.0",
                                 .summary = "One zone: names, key-figure cards, summary, facts",
                                 .license = "MIT",
                                 .options = options,
                                 .render = render};
BK_PLUGIN(plugin)
