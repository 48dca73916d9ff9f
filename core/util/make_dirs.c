/* Making the folders above a file (make_dirs.h): each prefix of the path
 * that ends at a '/' in turn, an existing one being no error, so two jobs
 * making the same folder at once both succeed. */
#include "make_dirs.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "errors.h"

int bk__make_parents(const char *path, bk_error *err)
{
    char buf[4096];
    if (strlen(path) >= sizeof buf)
        return bk__error(err, BK_EPATH, NULL, "output path is too long: %s", path);
    strcpy(buf, path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return bk__error(err, BK_EIO, NULL, "cannot create folder %s: %s", buf,
                             strerror(errno));
        *p = '/';
    }
    return 0;
}
