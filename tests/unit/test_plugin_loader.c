/* The plugin loader: one test per refusal, each asserting the exact words and
 * code a user would see, plus the registry's scan order and "first one wins".
 * Fixture plugins are built into BK_TEST_FIXTURE_DIR by tests/fixtures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Before cmocka.h: its fail() macro would rewrite host.h's `->fail(...)`. */
#include "errors.h"
#include "plugin_registry.h"

#include <cmocka.h>

#define FIX BK_TEST_FIXTURE_DIR "/"

/* The loader only hands the table to the entry; the fixtures never call it. */
static const bk_host dummy_host = {
    .size = sizeof(bk_host), .abi_major = BK_ABI_MAJOR, .abi_minor = BK_ABI_MINOR};

typedef struct ctx {
    char dir[64];       /* a private temp folder, 0700 */
    bk_loaded_plugin p; /* the one file loaded */
    bk_error err;
} ctx;

static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[512];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(p);
        else
            unlink(p);
    }
    closedir(d);
    rmdir(dir);
}

static int setup(void **state)
{
    ctx *c = calloc(1, sizeof *c);
    if (!c)
        return -1;
    strcpy(c->dir, "/tmp/bk_loader_XXXXXX");
    if (!mkdtemp(c->dir)) {
        free(c);
        return -1;
    }
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    ctx *c = *state;
    chmod(c->dir, 0700);
    remove_tree(c->dir);
    free(c);
    return 0;
}

static int load(ctx *c, const char *path)
{
    bk__error_clear(&c->err);
    return bk__plugin_load_file(path, &dummy_host, &c->p, &c->err);
}

/* Asserts the refusal text, that err says the same, and the code. */
static void assert_refused(const ctx *c, int rc, int code, const char *msg)
{
    assert_int_equal(rc, code);
    assert_int_equal(c->err.code, code);
    assert_int_equal(c->p.ok, 0);
    assert_string_equal(c->p.refusal, msg);
    assert_string_equal(c->err.msg, msg);
}

static void copy_file(const char *from, const char *to, mode_t mode, size_t max)
{
    FILE *in = fopen(from, "rb");
    assert_non_null(in);
    FILE *out = fopen(to, "wb");
    assert_non_null(out);
    char buf[8192];
    size_t n, total = 0;
    while (total < max && (n = fread(buf, 1, sizeof buf, in)) > 0) {
        if (n > max - total)
            n = max - total;
        assert_int_equal(fwrite(buf, 1, n, out), n);
        total += n;
    }
    fclose(in);
    assert_int_equal(fclose(out), 0);
    assert_int_equal(chmod(to, mode), 0);
}

static void test_loader_valid_plugin_description_copied(void **state)
{
    ctx *c = *state;
    assert_int_equal(load(c, FIX "ok_plugin.so"), 0);
    assert_int_equal(c->p.ok, 1);
    assert_string_equal(c->p.refusal, "");
    assert_int_equal(c->p.desc.size, sizeof(bk_plugin));
    assert_int_equal(c->p.desc.abi_major, BK_ABI_MAJOR);
    assert_string_equal(c->p.desc.name, "ok");
    assert_string_equal(c->p.desc.version, "1.2.3");
    assert_string_equal(c->p.desc.summary, "A plugin that loads");
    assert_int_equal(c->p.desc.engines, BK_ENGINE_HARU | BK_ENGINE_CAIRO);
    assert_int_equal(c->p.desc.preferred_engine, BK_ENGINE_CAIRO);
    assert_non_null(c->p.desc.render);
    assert_non_null(c->p.desc.options);
    assert_string_equal(c->p.desc.options[1].name, "max_rows");
    assert_int_equal(c->p.desc.render(NULL), 0);
}

static void test_loader_other_major_says_which_side_to_upgrade(void **state)
{
    ctx *c = *state;
    assert_refused(c, load(c, FIX "abi_major2.so"), BK_EABI,
                   FIX "abi_major2.so: built for plugin ABI 2, this briefkit provides ABI 1: "
                       "rebuild the plugin against briefkit's SDK 1.x or upgrade briefkit");
}

static void test_loader_newer_minor_says_upgrade_briefkit(void **state)
{
    ctx *c = *state;
    assert_refused(c, load(c, FIX "abi_minor_newer.so"), BK_EABI,
                   FIX "abi_minor_newer.so: built for plugin ABI 1.2, this briefkit provides "
                       "1.1: upgrade briefkit");
}

static void test_loader_older_major_in_description_says_rebuild(void **state)
{
    ctx *c = *state;
    assert_refused(c, load(c, FIX "major_field.so"), BK_EABI,
                   FIX "major_field.so: built for plugin ABI 0.9, this briefkit provides 1.1: "
                       "rebuild the plugin against briefkit's SDK 1.x");
}

static void test_loader_entry_returning_null_refused(void **state)
{
    ctx *c = *state;
    assert_refused(c, load(c, FIX "null_entry.so"), BK_EPLUGIN,
                   FIX "null_entry.so: the plugin's entry returned no description");
}

static void test_loader_no_entry_symbol_refused(void **state)
{
    ctx *c = *state;
    assert_refused(c, load(c, FIX "no_entry.so"), BK_EPLUGIN,
                   FIX "no_entry.so: not a briefkit plugin: no briefkit_plugin_v1 symbol");
}

static void test_loader_short_description_refused(void **state)
{
    ctx *c = *state;
    char want[512];
    snprintf(want, sizeof want,
             FIX "short_size.so: description size 8 is below the ABI 1.0 minimum %zu",
             offsetof(bk_plugin, render) + sizeof(int (*)(bk_section *)));
    assert_refused(c, load(c, FIX "short_size.so"), BK_EABI, want);
}

static void test_loader_missing_render_refused(void **state)
{
    ctx *c = *state;
    assert_refused(c, load(c, FIX "no_render.so"), BK_EPLUGIN,
                   FIX "no_render.so: plugin 'no_render' is missing required callback 'render'");
}

static void test_loader_bad_option_schema_refused(void **state)
{
    ctx *c = *state;
    assert_refused(c, load(c, FIX "bad_schema.so"), BK_EPLUGIN,
                   FIX "bad_schema.so: plugin 'bad_schema': option 'style': an enum needs a "
                       "non-empty 'choices' list");
}

static void test_loader_text_file_is_not_elf(void **state)
{
    ctx *c = *state;
    assert_refused(c, load(c, FIX "not_elf.so"), BK_EPLUGIN,
                   FIX "not_elf.so: not a shared object (no ELF header)");
}

static void test_loader_broken_elf_reports_dlerror(void **state)
{
    ctx *c = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/cut.so", c->dir);
    copy_file(FIX "ok_plugin.so", path, 0755, 100);
    int rc = load(c, path);
    assert_int_equal(rc, BK_EPLUGIN);
    assert_int_equal(c->p.ok, 0);
    char prefix[160];
    snprintf(prefix, sizeof prefix, "%s: cannot load: ", path);
    assert_memory_equal(c->p.refusal, prefix, strlen(prefix));
    assert_true(strlen(c->p.refusal) > strlen(prefix));
}

static void test_loader_world_writable_folder_refused(void **state)
{
    ctx *c = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/ok.so", c->dir);
    assert_int_equal(symlink(FIX "ok_plugin.so", path), 0);
    assert_int_equal(chmod(c->dir, 0777), 0);
    char want[400];
    snprintf(want, sizeof want,
             "%s: refusing a plugin in a folder other users can write to: %s (owner uid 0, "
             "mode 0777)",
             path, c->dir);
    if (geteuid() != 0)
        skip(); /* the owner uid in the message is root's */
    assert_refused(c, load(c, path), BK_EPLUGIN, want);
}

/* As ssh does for keys: a folder another (non-root) user owns is refused,
 * whatever its mode, and so is one further up the path. */
static void test_loader_folder_owned_by_another_user_refused(void **state)
{
    ctx *c = *state;
    if (geteuid() != 0)
        skip(); /* only root can give a folder away */
    char sub[128], path[160];
    snprintf(sub, sizeof sub, "%s/sub", c->dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    snprintf(path, sizeof path, "%s/ok.so", sub);
    copy_file(FIX "ok_plugin.so", path, 0644, (size_t)-1);
    assert_int_equal(chown(c->dir, 65534, 65534), 0);
    char want[400];
    snprintf(want, sizeof want,
             "%s: refusing a plugin in a folder another user owns: %s (owner uid 65534, "
             "mode 0700)",
             path, c->dir);
    assert_refused(c, load(c, path), BK_EPLUGIN, want);
    assert_int_equal(chown(c->dir, 0, 0), 0);
}

static void test_loader_file_owned_by_another_user_refused(void **state)
{
    ctx *c = *state;
    if (geteuid() != 0)
        skip();
    char path[128];
    snprintf(path, sizeof path, "%s/ok.so", c->dir);
    copy_file(FIX "ok_plugin.so", path, 0644, (size_t)-1);
    assert_int_equal(chown(path, 65534, 65534), 0);
    char want[256];
    snprintf(want, sizeof want,
             "%s: refusing a plugin file another user owns (owner uid 65534, mode 0644)", path);
    assert_refused(c, load(c, path), BK_EPLUGIN, want);
}

static void test_loader_group_writable_file_refused(void **state)
{
    ctx *c = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/ok.so", c->dir);
    copy_file(FIX "ok_plugin.so", path, 0664, (size_t)-1);
    char want[256];
    snprintf(want, sizeof want,
             "%s: refusing a plugin file other users can write to (owner uid %u, mode 0664)", path,
             (unsigned)geteuid());
    assert_refused(c, load(c, path), BK_EPLUGIN, want);
}

/* A library for another CPU: dlopen would say "No such file or directory". */
static void test_loader_plugin_for_another_cpu_refused(void **state)
{
    ctx *c = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/arm.so", c->dir);
    copy_file(FIX "ok_plugin.so", path, 0644, (size_t)-1);
    FILE *fp = fopen(path, "r+b");
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 18, SEEK_SET), 0);
    assert_int_equal(fwrite("\xb7\x00", 1, 2, fp), 2); /* e_machine: AArch64 */
    assert_int_equal(fclose(fp), 0);
    assert_int_equal(load(c, path), BK_EPLUGIN);
    assert_non_null(strstr(c->p.refusal, ": built for another CPU (AArch64, 64-bit), this briefkit "
                                         "runs on "));
    assert_non_null(strstr(c->p.refusal, "rebuild the plugin on this machine"));
}

static void test_loader_directory_is_not_a_regular_file(void **state)
{
    ctx *c = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/folder.so", c->dir);
    assert_int_equal(mkdir(path, 0700), 0);
    char want[256];
    snprintf(want, sizeof want, "%s: not a regular file", path);
    assert_refused(c, load(c, path), BK_EPLUGIN, want);
}

static void test_loader_symlink_to_folder_is_not_a_regular_file(void **state)
{
    ctx *c = *state;
    char path[128];
    snprintf(path, sizeof path, "%s/link.so", c->dir);
    assert_int_equal(symlink("/", path), 0);
    char want[256];
    snprintf(want, sizeof want, "%s: not a regular file", path);
    assert_refused(c, load(c, path), BK_EPLUGIN, want);
}

/* Registry tests: two private folders of symlinks to fixtures; HOME and
 * BRIEFKIT_PLUGIN_PATH pointed away so only what the test sets is found
 * before the build's own plugin folder. */
static void make_link(const char *dir, const char *name, const char *target)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(symlink(target, path), 0);
}

static void make_folders(ctx *c, char *a, char *b, size_t size)
{
    snprintf(a, size, "%s/a", c->dir);
    snprintf(b, size, "%s/b", c->dir);
    assert_int_equal(mkdir(a, 0700), 0);
    assert_int_equal(mkdir(b, 0700), 0);
    make_link(a, "b_ok.so", FIX "ok_plugin.so");
    make_link(a, "a_bad.so", FIX "bad_schema.so");
    make_link(a, "notes.txt", FIX "not_elf.so");
    make_link(b, "dup.so", FIX "dup_name.so");
    assert_int_equal(setenv("HOME", c->dir, 1), 0);
    unsetenv("BRIEFKIT_PLUGIN_PATH");
}

static void test_registry_scans_folders_in_order_files_sorted(void **state)
{
    ctx *c = *state;
    char a[128], b[128], want[256];
    make_folders(c, a, b, sizeof a);
    const char *extra[] = {a, "/nonexistent/briefkit", b};
    bk_registry *r = NULL;
    assert_int_equal(bk__registry_scan(extra, 3, &dummy_host, &r, &c->err), 0);
    assert_true(bk__registry_count(r) >= 3);
    snprintf(want, sizeof want, "%s/a_bad.so", a);
    assert_string_equal(bk__registry_at(r, 0)->path, want);
    assert_int_equal(bk__registry_at(r, 0)->ok, 0);
    snprintf(want, sizeof want, "%s/b_ok.so", a);
    assert_string_equal(bk__registry_at(r, 1)->path, want);
    assert_int_equal(bk__registry_at(r, 1)->ok, 1);
    snprintf(want, sizeof want, "%s/dup.so", b);
    assert_string_equal(bk__registry_at(r, 2)->path, want);

    assert_true(bk__registry_dir_count(r) >= 4);
    assert_string_equal(bk__registry_dir_at(r, 0), a);
    assert_string_equal(bk__registry_dir_at(r, 1), "/nonexistent/briefkit");
    assert_string_equal(bk__registry_dir_at(r, 2), b);
    snprintf(want, sizeof want, "%s/.local/lib/briefkit/plugins", c->dir);
    assert_string_equal(bk__registry_dir_at(r, 3), want);
    bk__registry_free(r);
}

static void test_registry_first_of_a_name_wins(void **state)
{
    ctx *c = *state;
    char a[128], b[128], want[512];
    make_folders(c, a, b, sizeof a);
    const char *extra[] = {a, b};
    bk_registry *r = NULL;
    assert_int_equal(bk__registry_scan(extra, 2, &dummy_host, &r, &c->err), 0);
    const bk_loaded_plugin *ok = bk__registry_find(r, "ok");
    assert_non_null(ok);
    assert_ptr_equal(ok, bk__registry_at(r, 1));
    const bk_loaded_plugin *dup = bk__registry_at(r, 2);
    assert_int_equal(dup->ok, 0);
    snprintf(want, sizeof want, "%s/dup.so: plugin 'ok' is already provided by %s/b_ok.so", b, a);
    assert_string_equal(dup->refusal, want);
    assert_null(bk__registry_find(r, "bad_schema"));
    bk__registry_free(r);
}

static void test_registry_reads_plugin_path_variable(void **state)
{
    ctx *c = *state;
    char a[128], b[128], env[300];
    make_folders(c, a, b, sizeof a);
    snprintf(env, sizeof env, "%s::%s", b, a);
    assert_int_equal(setenv("BRIEFKIT_PLUGIN_PATH", env, 1), 0);
    bk_registry *r = NULL;
    assert_int_equal(bk__registry_scan(NULL, 0, &dummy_host, &r, &c->err), 0);
    unsetenv("BRIEFKIT_PLUGIN_PATH");
    assert_string_equal(bk__registry_dir_at(r, 0), b);
    assert_string_equal(bk__registry_dir_at(r, 1), a);
    /* b comes first now, so its "ok" wins and a's is the duplicate. */
    char want[256];
    snprintf(want, sizeof want, "%s/dup.so", b);
    assert_string_equal(bk__registry_find(r, "ok")->path, want);
    bk__registry_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_loader_valid_plugin_description_copied, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_loader_other_major_says_which_side_to_upgrade, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_loader_newer_minor_says_upgrade_briefkit, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_loader_older_major_in_description_says_rebuild, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_loader_entry_returning_null_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loader_no_entry_symbol_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loader_short_description_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loader_missing_render_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loader_bad_option_schema_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loader_text_file_is_not_elf, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loader_broken_elf_reports_dlerror, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loader_world_writable_folder_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loader_group_writable_file_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loader_plugin_for_another_cpu_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_loader_folder_owned_by_another_user_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_loader_file_owned_by_another_user_refused, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_loader_directory_is_not_a_regular_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_loader_symlink_to_folder_is_not_a_regular_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_registry_scans_folders_in_order_files_sorted, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_registry_first_of_a_name_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(test_registry_reads_plugin_path_variable, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
