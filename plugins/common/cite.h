/* Citations for the built-in plugins: a figure, fact or event names its
 * source by id, and the briefing numbers the sources in the order of the
 * data's source registry (`sources:`, a list of maps with id, title,
 * publisher, date, address), so "[3]" on a card and the third entry of the
 * source_list section at the end are the same article. Compiled into each
 * plugin (a plugin links no libbriefkit), so not part of the SDK. */
#ifndef BKP_CITE_H
#define BKP_CITE_H

#include <stddef.h>

#include <briefkit/plugin.h>

/* The key of the source registry in the data. */
#define BKP_SOURCES_KEY "sources"

/* The 1-based number of source `id` in the registry under `data`; 0 when
 * the registry or the id is not there. */
size_t bkp_source_number(const bk_node *data, const char *id);

/* Writes "[3]" for a registered id, or the id itself (a file name in data
 * written before the registry) when it is not registered. */
void bkp_cite(const bk_node *data, const char *id, char *out, size_t size);

/* Appends the citation of `id` to a list of citations ("[1][3]"), unless it
 * is already there. */
void bkp_cite_add(const bk_node *data, const char *id, char *list, size_t size);

#endif
