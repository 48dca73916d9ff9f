/* The `briefkit batch` command (cli/batch.c). */
#ifndef BK_CLI_BATCH_CMD_H
#define BK_CLI_BATCH_CMD_H

/* argv[0] is "batch"; returns the process exit status. */
int bk_cli_batch(int argc, char **argv);

#endif
