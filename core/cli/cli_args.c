/* Argument checks shared by the subcommands (cli_args.h). */
#include "cli_args.h"

#include <stdlib.h>

int bk_cli_number(const char *s, double lo, double hi, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !(v >= lo && v <= hi))
        return -1;
    *out = v;
    return 0;
}

const char *bk_cli_section_timeout(const char *arg, double *out)
{
    return bk_cli_number(arg, 0.1, 86400, out) ? "--section-timeout expects seconds, 0.1 to 86400"
                                               : NULL;
}

const char *bk_cli_section_memory(const char *arg, size_t *out)
{
    double mb;
    if (bk_cli_number(arg, 64, 1 << 20, &mb))
        return "--section-memory expects megabytes, 64 to 1048576";
    *out = (size_t)mb;
    return NULL;
}
