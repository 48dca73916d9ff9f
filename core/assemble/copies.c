/* Numbered copies (copies.h): one assembly and one atomic write per copy. */
#include "copies.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_write.h"
#include "doc_style.h"
#include "errors.h"
#include "template.h"

char *bk__copy_path(const char *output, int k)
{
    char num[16];
    snprintf(num, sizeof num, "%06d", k);
    size_t len = strlen(output);
    char *out = malloc(len + sizeof num + 2);
    if (!out)
        return NULL;
    const char *mark = strstr(output, "{copy}");
    if (mark) {
        sprintf(out, "%.*s%s%s", (int)(mark - output), output, num, mark + strlen("{copy}"));
        return out;
    }
    size_t stem = len;
    if (len >= 4 && strcmp(output + len - 4, ".pdf") == 0)
        stem = len - 4;
    sprintf(out, "%.*s-%s%s", (int)stem, output, num, output + stem);
    return out;
}

int bk__copies_write(const bk_assembly *in, const char *output, int *pages, size_t *bytes,
                     bk_error *err)
{
    bk_doc_style *s = in->doc->style;
    int rc = 0, written = 0;
    for (int k = 1; k <= s->copies && rc == 0; k++) {
        s->copy_number = k;
        s->recipient = (size_t)k <= s->n_recipients ? s->recipients[k - 1] : NULL;
        char *path = bk__copy_path(output, k);
        if (!path) {
            rc = bk__error(err, BK_ENOMEM, NULL, "out of memory naming copy %d", k);
            break;
        }
        unsigned char *pdf = NULL;
        size_t len = 0;
        rc = bk__assemble(in, &pdf, &len, pages, err);
        if (rc == 0)
            rc = bk__write_atomic(path, pdf, len, err);
        if (rc == 0) {
            written = k;
            *bytes = len;
        }
        free(pdf);
        free(path);
    }
    /* Half a set of numbered copies is worse than none: a reader could not
     * tell which numbers exist. */
    for (int k = 1; rc != 0 && k <= written; k++) {
        char *path = bk__copy_path(output, k);
        if (path)
            unlink(path);
        free(path);
    }
    s->copy_number = 0;
    s->recipient = NULL;
    return rc;
}
