/* `briefkit plugin test`: a plugin's pages against reference images (part
 * of the CLI: cli/plugin_test.c). */
#ifndef BK_CLI_PLUGIN_TEST_H
#define BK_CLI_PLUGIN_TEST_H

/* argv[0] is "test". Returns the process exit code: 0 when every page of
 * every template matches, 1 when one does not (or a render fails), 2 on a
 * usage error. */
int bk_cli_plugin_test(int argc, char **argv);

#endif
