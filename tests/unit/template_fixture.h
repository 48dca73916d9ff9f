/* Shared by the tests that load templates from files (test_template.c,
 * test_template_data_as.c, test_briefing_node.c): a temp folder the
 * template and its data files are written into, the arena and input
 * bk__template_load takes, and the folder removed whole afterwards. The
 * including test includes cmocka first. */
#ifndef BK_TEST_TEMPLATE_FIXTURE_H
#define BK_TEST_TEMPLATE_FIXTURE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "node.h"
#include "template.h"

typedef struct fixture {
    char dir[64];
    char path[128];
    bk_arena *a;
    bk_template *t;
    bk_error err;
    bk_template_input in;
} fixture;

/* A fixture for the template t.yaml in a new temp folder, for `period`
 * (NULL: none) on 2025-03-01. */
static inline int fixture_setup(void **state, const char *period)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    *state = f;
    snprintf(f->dir, sizeof f->dir, "/tmp/bk_tpl_XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    snprintf(f->path, sizeof f->path, "%s/t.yaml", f->dir);
    f->in.path = f->path;
    f->in.date = "2025-03-01";
    f->in.period = period;
    f->a = bk__arena_new(0);
    return f->a ? 0 : -1;
}

/* Removes `path` and, when it is a folder, everything in it. */
static inline void fixture_remove(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char p[512];
            if (snprintf(p, sizeof p, "%s/%s", path, e->d_name) < (int)sizeof p)
                fixture_remove(p);
        }
        closedir(d);
    }
    remove(path);
}

static inline int fixture_teardown(void **state)
{
    fixture *f = *state;
    fixture_remove(f->dir);
    bk__arena_free(f->a);
    free(f);
    return 0;
}

/* Writes `text` to `name` under the fixture's folder, making the folders
 * on its way. */
static inline void put(fixture *f, const char *name, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", f->dir, name);
    for (char *s = strchr(p + strlen(f->dir) + 1, '/'); s; s = strchr(s + 1, '/')) {
        *s = '\0';
        mkdir(p, 0700);
        *s = '/';
    }
    FILE *fp = fopen(p, "w");
    assert_non_null(fp);
    assert_int_equal(fputs(text, fp) >= 0, 1);
    assert_int_equal(fclose(fp), 0);
}

/* Writes the template and loads it into f->t (f->err on failure). */
static inline int load(fixture *f, const char *tpl)
{
    put(f, "t.yaml", tpl);
    return bk__template_load(f->a, &f->in, &f->t, &f->err);
}

#endif
