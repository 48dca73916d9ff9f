/* Internal: the table building block (table_block.c), behind the host
 * table's `table` slot (host_table.c). */
#ifndef BK_TABLE_BLOCK_H
#define BK_TABLE_BLOCK_H

#include <briefkit/blocks.h>
#include <briefkit/section.h>

/* Draws `table` at the cursor, over as many pages as it takes. Returns 0
 * or the section's recorded error. */
int bk__block_table(bk_section *sec, const bk_table *table);

#endif
