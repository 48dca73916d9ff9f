/* A batch's JSON summary (batch_summary.h): built in memory in a bk_buf,
 * whose first failed allocation sticks (checked once at the end), then
 * written atomically. */
#include "batch_summary.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atomic_write.h"
#include "byte_buf.h"
#include "copies.h"
#include "errors.h"

/* A JSON string (RFC 8259): quotes, backslash and control characters
 * escaped; other bytes, UTF-8 included, pass through. */
static void jb_str(bk_buf *b, const char *s)
{
    bk__buf_put(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\') {
            char e[2] = {'\\', (char)*p};
            bk__buf_put(b, e, 2);
        } else if (*p == '\n') {
            bk__buf_put(b, "\\n", 2);
        } else if (*p == '\t') {
            bk__buf_put(b, "\\t", 2);
        } else if (*p == '\r') {
            bk__buf_put(b, "\\r", 2);
        } else if (*p < 0x20 || *p == 0x7f) {
            bk__buf_printf(b, "\\u%04x", *p);
        } else {
            bk__buf_put(b, (const char *)p, 1);
        }
    }
    bk__buf_put(b, "\"", 1);
}

static const char *status_name(bk_batch_status s)
{
    return s == BK_BATCH_OK ? "ok" : s == BK_BATCH_SKIPPED ? "skipped" : "failed";
}

int bk__batch_summary_write(const char *path, const bk_batch_summary *s, bk_error *err)
{
    bk_buf b = {0};
    bk__buf_puts(&b, "{\n  \"schedule\": ");
    jb_str(&b, s->schedule->path);
    bk__buf_puts(&b, ",\n  \"period\": ");
    jb_str(&b, s->schedule->period);
    bk__buf_puts(&b, ",\n  \"started\": ");
    jb_str(&b, s->started);
    if (s->shard_index > 0)
        bk__buf_printf(&b, ",\n  \"shard\": \"%d/%d\"", s->shard_index, s->shard_count);
    bk__buf_puts(&b, ",\n  \"jobs\": [");
    size_t pages = 0, bytes = 0;
    for (size_t j = 0; j < s->n_jobs; j++) {
        const bk_batch_result *w = &s->jobs[j];
        bk__buf_puts(&b, j ? ",\n    {\"name\": " : "\n    {\"name\": ");
        jb_str(&b, w->name);
        bk__buf_puts(&b, ", \"output\": ");
        jb_str(&b, w->output);
        bk__buf_printf(
            &b, ", \"status\": \"%s\", \"pages\": %d, \"bytes\": %zu, \"milliseconds\": %.1f",
            status_name(w->status), w->pages, w->bytes, w->milliseconds);
        /* Numbered copies: each file, so a run's log says which exist. */
        for (int k = 1; k <= w->copies; k++) {
            char *path = bk__copy_path(w->output, k);
            bk__buf_puts(&b, k == 1 ? ", \"copies\": [" : ", ");
            jb_str(&b, path ? path : "");
            free(path);
            if (k == w->copies)
                bk__buf_puts(&b, "]");
        }
        if (w->status == BK_BATCH_FAILED && w->error) {
            char line[2048];
            bk_error_format(w->error, line, sizeof line);
            bk__buf_puts(&b, ", \"error\": ");
            jb_str(&b, line);
        } else {
            bk__buf_puts(&b, ", \"error\": null");
        }
        bk__buf_puts(&b, "}");
        pages += (size_t)(w->pages > 0 ? w->pages : 0);
        bytes += w->bytes;
    }
    bk__buf_printf(
        &b,
        "\n  ],\n  \"totals\": {\"jobs\": %zu, \"ok\": %zu, \"failed\": %zu, \"skipped\": %zu, "
        "\"pages\": %zu, \"bytes\": %zu, \"milliseconds\": %.1f}\n}\n",
        s->n_jobs, s->ok, s->failed, s->skipped, pages, bytes, s->milliseconds);
    int rc = b.failed ? bk__error(err, BK_ENOMEM, NULL, "out of memory writing the summary")
                      : bk__write_atomic(path, b.p, b.n, err);
    free(b.p);
    return rc;
}

char *bk__batch_summary_path(const bk_schedule *s, int shard_index, int shard_count)
{
    const char *base = strrchr(s->path, '/');
    base = base ? base + 1 : s->path;
    size_t stem = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot && dot != base)
        stem = (size_t)(dot - base);
    size_t n = strlen(s->dir) + stem + strlen(s->period) + 64;
    char *p = malloc(n);
    if (!p)
        return NULL;
    int k = snprintf(p, n, "%s/%.*s-summary-%s", s->dir, (int)stem, base, s->period);
    if (shard_index > 0)
        k += snprintf(p + k, n - (size_t)k, "-shard-%d-of-%d", shard_index, shard_count);
    snprintf(p + k, n - (size_t)k, ".json");
    return p;
}
