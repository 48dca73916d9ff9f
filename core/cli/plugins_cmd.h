/* The `briefkit plugins` command (cli/plugins.c). */
#ifndef BK_CLI_PLUGINS_CMD_H
#define BK_CLI_PLUGINS_CMD_H

/* argv[0] is "plugins"; returns the process exit status. */
int bk_cli_plugins(int argc, char **argv);

#endif
