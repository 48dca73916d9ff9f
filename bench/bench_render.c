/* Renders a briefing N times in one process and prints the median and
 * spread of milliseconds per briefing, the peak RSS and the file size.
 * Figures only: nothing here passes or fails on time.
 *
 *   bench_render TEMPLATE OUT.pdf [N=20] [NAME=VALUE]...   */
#include <briefkit/briefkit.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_render TEMPLATE OUT.pdf [N] [NAME=VALUE]...\n");
        return 2;
    }
    int n = argc > 3 ? atoi(argv[3]) : 20;
    if (n < 1)
        n = 1;
    bk_render_opts o;
    bk_render_opts_init(&o);
    o.template_path = argv[1];
    o.output = argv[2];
    o.sets = (const char *const *)(argv + 4);
    o.n_sets = argc > 4 ? (size_t)(argc - 4) : 0;

    double *ms = calloc((size_t)n, sizeof *ms);
    if (!ms)
        return 1;
    bk_render_stats st = {0};
    for (int i = 0; i < n; i++) {
        bk_error err;
        if (bk_render(&o, &st, &err)) {
            char line[2048];
            bk_error_format(&err, line, sizeof line);
            fprintf(stderr, "bench_render: %s\n", line);
            free(ms);
            return 1;
        }
        ms[i] = st.milliseconds;
    }
    double first = ms[0];
    qsort(ms, (size_t)n, sizeof *ms, cmp_double);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("template:        %s\n", argv[1]);
    printf("renders:         %d\n", n);
    printf("first render:    %.1f ms\n", first);
    printf("median:          %.1f ms per briefing\n", ms[n / 2]);
    printf("min / max:       %.1f / %.1f ms\n", ms[0], ms[n - 1]);
    printf("peak RSS:        %.1f MB\n", ru.ru_maxrss / 1024.0);
    printf("pages:           %d\n", st.pages);
    printf("file size:       %.1f KB\n", st.bytes / 1024.0);
    free(ms);
    return 0;
}
