/* Internal: the one bk_host table every plugin receives. */
#ifndef BK_HOST_TABLE_H
#define BK_HOST_TABLE_H

#include <briefkit/plugin.h>

const bk_host *bk__host_table(void);

#endif
