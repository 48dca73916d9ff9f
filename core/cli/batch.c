/* `briefkit batch`: run a schedule (bk_batch_run) and show its progress.
 *
 * On a terminal the progress is one bar redrawn in place (counts and the
 * time left, estimated from the average job so far); anywhere else (cron,
 * systemd, CI) it is one plain line per job, so logs stay readable and
 * grep-able. Failures are printed as lines in both cases: a bar that
 * redraws over an error would hide it. */
#include "batch_cmd.h"
#include "cli_args.h"

#include <briefkit/briefkit.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_USAGE 2

typedef struct view {
    int tty;
    int bar_shown;
} view;

static void usage_batch(FILE *out)
{
    fprintf(out,
            "Usage: briefkit batch SCHEDULE.yaml [--jobs N] [--period YYYY-MM] [--shard K/N]\n"
            "                      [--skip-unchanged] [--summary FILE] [--allow-path DIR]...\n"
            "                      [--section-timeout S] [--section-memory MB]\n\n"
            "Renders every job of a schedule (see docs/scheduling.md), several at once,\n"
            "each in its own process: a failing job does not stop the others. Writes a\n"
            "JSON summary of every job. Exit status 0 when every job succeeded or was\n"
            "skipped, 1 when any failed or the schedule is wrong, 2 on a usage error.\n\n"
            "  -j, --jobs N             briefings rendered at once (default: one per core)\n"
            "  -p, --period YYYY-MM     the reporting month (default: the month before today,\n"
            "                           or before SOURCE_DATE_EPOCH when set)\n"
            "      --shard K/N          run only jobs whose index %% N is K-1 (K from 1), to\n"
            "                           split one schedule over N machines\n"
            "      --skip-unchanged     skip a job whose PDF exists and whose inputs (template,\n"
            "                           data, params, period, plugins, fonts, version) have\n"
            "                           not changed since it was written (OUT.pdf.inputs)\n"
            "      --summary FILE       where to write the JSON summary (default: beside the\n"
            "                           schedule, NAME-summary-PERIOD[-shard-K-of-N].json)\n"
            "  -P, --plugin-path DIR    look for plugins in DIR first (repeatable)\n"
            "  -A, --allow-path DIR     let the templates read data files in DIR, as for\n"
            "                           render (repeatable; also BRIEFKIT_ALLOW_PATH)\n"
            "      --section-timeout S  stop a section after S seconds, as for render\n"
            "                           (default 60; a job's first, in-process run gets as\n"
            "                           long for the whole briefing)\n"
            "      --section-memory MB  address-space limit of a section's process, and of a\n"
            "                           job's first run (default 2048)\n"
            "  -h, --help               this help\n");
}

static void clear_bar(view *v)
{
    if (v->bar_shown) {
        fputs("\r\033[K", stderr);
        v->bar_shown = 0;
    }
}

static void draw_bar(view *v, const bk_batch_progress *p)
{
    enum { WIDTH = 30 };
    size_t fill = p->total ? p->done * WIDTH / p->total : WIDTH;
    char bar[WIDTH + 1];
    for (size_t i = 0; i < WIDTH; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[WIDTH] = '\0';
    char eta[32] = "--:--";
    if (p->done) {
        double left = p->elapsed_ms / (double)p->done * (double)(p->total - p->done) / 1000.0;
        unsigned s = (unsigned)(left + 0.5);
        snprintf(eta, sizeof eta, "%u:%02u", s / 60, s % 60);
    }
    fprintf(stderr, "\r\033[K[%s] %zu/%zu done, %zu failed, %zu skipped, %s left", bar, p->done,
            p->total, p->failed, p->skipped, eta);
    fflush(stderr);
    v->bar_shown = 1;
}

static void on_warning(void *ctx, const char *message)
{
    (void)ctx;
    fprintf(stderr, "briefkit: warning: %s\n", message);
}

static void on_progress(const bk_batch_progress *p, void *user)
{
    view *v = user;
    const bk_batch_result *r = p->last;
    if (r && r->status == BK_BATCH_FAILED) {
        char line[2048];
        bk_error_format(r->error, line, sizeof line);
        clear_bar(v);
        fprintf(stderr, "[%zu/%zu] FAILED %s -> %s: %s\n", p->done, p->total, r->name, r->output,
                line);
    } else if (r && !v->tty) {
        if (r->status == BK_BATCH_SKIPPED)
            fprintf(stderr, "[%zu/%zu] skipped %s (unchanged)\n", p->done, p->total, r->output);
        else
            fprintf(stderr, "[%zu/%zu] ok %s (%d pages, %.0f ms)\n", p->done, p->total, r->output,
                    r->pages, r->milliseconds);
    } else if (!r && !v->tty) {
        fprintf(stderr, "briefkit batch: period %s, %zu jobs\n", p->period, p->total);
    }
    if (v->tty)
        draw_bar(v, p);
}

int bk_cli_batch(int argc, char **argv)
{
    enum { OPT_SHARD = 1000, OPT_SKIP, OPT_SUMMARY, OPT_TIMEOUT, OPT_MEMORY };
    static const struct option longopts[] = {
        {"jobs", required_argument, NULL, 'j'},
        {"period", required_argument, NULL, 'p'},
        {"shard", required_argument, NULL, OPT_SHARD},
        {"skip-unchanged", no_argument, NULL, OPT_SKIP},
        {"summary", required_argument, NULL, OPT_SUMMARY},
        {"plugin-path", required_argument, NULL, 'P'},
        {"allow-path", required_argument, NULL, 'A'},
        {"section-timeout", required_argument, NULL, OPT_TIMEOUT},
        {"section-memory", required_argument, NULL, OPT_MEMORY},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char **paths = calloc((size_t)argc + 1, sizeof *paths);
    const char **allow = calloc((size_t)argc + 1, sizeof *allow);
    if (!paths || !allow) {
        free(paths);
        free(allow);
        fprintf(stderr, "briefkit: out of memory\n");
        return EXIT_FAILURE;
    }
    bk_batch_opts o;
    bk_batch_opts_init(&o);
    bk_error err;
    int c, rc = EXIT_SUCCESS;
    optind = 1;
    while ((c = getopt_long(argc, argv, "j:p:P:A:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'j': {
            char *end;
            long n = strtol(optarg, &end, 10);
            if (end == optarg || *end || n < 1 || n > 256) {
                fprintf(stderr, "briefkit batch: --jobs expects a whole number from 1 to 256\n");
                rc = EXIT_USAGE;
                goto out;
            }
            o.jobs = (int)n;
            break;
        }
        case 'p':
            o.period = optarg;
            break;
        case OPT_SHARD:
            if (bk_batch_parse_shard(optarg, &o.shard_index, &o.shard_count, &err)) {
                fprintf(stderr, "briefkit batch: %s\n", err.msg);
                rc = EXIT_USAGE;
                goto out;
            }
            break;
        case OPT_SKIP:
            o.skip_unchanged = 1;
            break;
        case OPT_SUMMARY:
            o.summary_path = optarg;
            break;
        case 'P':
            paths[o.n_plugin_paths++] = optarg;
            break;
        case 'A':
            allow[o.n_allow_paths++] = optarg;
            break;
        case OPT_TIMEOUT:
        case OPT_MEMORY: {
            const char *bad = c == OPT_TIMEOUT
                                  ? bk_cli_section_timeout(optarg, &o.section_timeout)
                                  : bk_cli_section_memory(optarg, &o.section_memory_mb);
            if (bad) {
                fprintf(stderr, "briefkit batch: %s\n", bad);
                rc = EXIT_USAGE;
                goto out;
            }
            break;
        }
        case 'h':
            usage_batch(stdout);
            goto out;
        default:
            fprintf(stderr, "Try 'briefkit batch --help'.\n");
            rc = EXIT_USAGE;
            goto out;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, "briefkit batch: %s\nTry 'briefkit batch --help'.\n",
                optind >= argc ? "no SCHEDULE given" : "expected one SCHEDULE");
        rc = EXIT_USAGE;
        goto out;
    }
    o.schedule_path = argv[optind];
    o.plugin_paths = paths;
    o.allow_paths = allow;
    view v = {isatty(STDERR_FILENO), 0};
    o.progress = on_progress;
    o.warn = on_warning;
    o.user = &v;
    bk_batch_totals t;
    int brc = bk_batch_run(&o, &t, &err);
    clear_bar(&v);
    if (brc && brc != BK_ERENDER) {
        char line[2048];
        bk_error_format(&err, line, sizeof line);
        fprintf(stderr, "briefkit: %s\n", line);
        rc = EXIT_FAILURE;
        goto out;
    }
    printf("%zu jobs: %zu ok, %zu failed, %zu skipped in %.1f s; summary: %s\n", t.jobs, t.ok,
           t.failed, t.skipped, t.milliseconds / 1000.0, t.summary_path);
    if (brc) {
        fprintf(stderr, "briefkit: %s\n", err.msg);
        rc = EXIT_FAILURE;
    }
out:
    free(paths);
    free(allow);
    return rc;
}
