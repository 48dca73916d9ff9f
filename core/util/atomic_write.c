/* Writing the finished PDF so that a reader (or a crash, or a full disk)
 * sees either the old file or the whole new one, never a half-written one.
 *
 * The temp file lives in the target's own folder because rename() is only
 * atomic within one file system. Its name starts with a dot so a folder
 * watcher that picks up "*.pdf" does not see it. The folder must exist:
 * creating it would hide a mistyped output path.
 *
 * A writer killed outright (SIGKILL, power loss) cannot remove its temp
 * file, so each write first removes the stale ones of its own target: a
 * writer holds an flock on its temp file until the rename, and the kernel
 * drops the lock when the process dies, so a temp file of our naming
 * pattern that can be locked belongs to nobody. */
#include "atomic_write.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "errors.h"
#include "write_all.h"

/* The process umask, read without changing it for long: umask() is the only
 * way to read it and always sets it, so it is put straight back. */
static mode_t current_umask(void)
{
    mode_t m = umask(022);
    umask(m);
    return m;
}

/* Removes the ".<name>.XXXXXX" files in `dir` that this user owns and no
 * live writer holds (see above). Best effort: a file it cannot open or
 * remove is left for the next run. */
static void remove_stale_temps(const char *dir, const char *name)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    size_t name_len = strlen(name);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *n = e->d_name;
        if (strlen(n) != name_len + 8 || n[0] != '.' || strncmp(n + 1, name, name_len) != 0 ||
            n[name_len + 1] != '.')
            continue;
        int fd = openat(dirfd(d), n, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        if (fd < 0)
            continue;
        struct stat st;
        if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == geteuid() &&
            flock(fd, LOCK_EX | LOCK_NB) == 0)
            (void)unlinkat(dirfd(d), n, 0);
        close(fd);
    }
    closedir(d);
}

int bk__write_atomic(const char *path, const void *data, size_t len, bk_error *err)
{
    if (!path || !path[0])
        return bk__error(err, BK_EINVAL, NULL, "no output path given");
    if (len > 0 && !data)
        return bk__error(err, BK_EINVAL, NULL, "no data to write to \"%s\"", path);

    const char *slash = strrchr(path, '/');
    const char *name = slash ? slash + 1 : path;
    if (!name[0])
        return bk__error(err, BK_EINVAL, NULL, "output path \"%s\" names a folder, not a file",
                         path);
    size_t dir_len = slash ? (size_t)(slash - path) : 0;
    /* "<dir>/.<name>.XXXXXX", or ".<name>.XXXXXX" in the current folder */
    size_t tmp_size = dir_len + strlen(name) + 16;
    char *tmp = malloc(tmp_size);
    char *dir = malloc(dir_len + 2);
    if (!tmp || !dir) {
        free(tmp);
        free(dir);
        return bk__error(err, BK_ENOMEM, NULL, "out of memory writing \"%s\"", path);
    }
    if (slash) {
        memcpy(dir, path, dir_len);
        dir[dir_len] = '\0';
        if (dir_len == 0)
            strcpy(dir, "/");
        snprintf(tmp, tmp_size, "%.*s/.%s.XXXXXX", (int)dir_len, path, name);
    } else {
        strcpy(dir, ".");
        snprintf(tmp, tmp_size, ".%s.XXXXXX", name);
    }

    remove_stale_temps(dir, name);
    int rc = 0;
    const char *const create_step = "cannot create a temporary file beside";
    const char *step;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        step = create_step;
        goto fail_nofile;
    }
    /* Held until this process closes the file or dies: while it is, no
     * other run takes the file for stale. */
    (void)flock(fd, LOCK_EX | LOCK_NB);
    step = "cannot write";
    if (bk__write_all(fd, data, len) < 0)
        goto fail;
    step = "cannot flush";
    if (fsync(fd) < 0)
        goto fail;
    /* mkstemp makes 0600; the output should get what any new file would. */
    step = "cannot set permissions on";
    if (fchmod(fd, 0666 & ~current_umask()) < 0)
        goto fail;
    /* Renamed while still open, so the lock holds until the name is gone. */
    step = "cannot replace";
    if (rename(tmp, path) < 0)
        goto fail;
    step = "cannot close";
    int cfd = fd;
    fd = -1;
    if (close(cfd) < 0) {
        rc = bk__error(err, BK_EIO, NULL, "cannot close \"%s\": %s", path, strerror(errno));
        free(tmp);
        free(dir);
        return rc;
    }

    /* The rename is only durable once the folder's entry is on disk. */
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0 || fsync(dfd) < 0) {
        int e = errno;
        if (dfd >= 0)
            close(dfd);
        rc = bk__error(err, BK_EIO, NULL, "wrote \"%s\" but cannot flush its folder: %s", path,
                       strerror(e));
    } else if (close(dfd) < 0) {
        rc = bk__error(err, BK_EIO, NULL, "wrote \"%s\" but cannot flush its folder: %s", path,
                       strerror(errno));
    }
    free(tmp);
    free(dir);
    return rc;

fail : {
    int e = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    errno = e;
}
fail_nofile:
    /* The two an operator meets most often get words instead of errno. */
    if (step == create_step && errno == ENOENT)
        rc = bk__error(err, BK_EIO, NULL,
                       "cannot write \"%s\": the folder \"%s\" does not exist (briefkit does "
                       "not create it; check the path or create the folder)",
                       path, dir);
    else if (errno == EISDIR)
        rc = bk__error(err, BK_EIO, NULL,
                       "cannot write \"%s\": a folder of that name is in the way "
                       "(expected a file path ending in .pdf)",
                       path);
    else
        rc = bk__error(err, BK_EIO, NULL, "%s \"%s\": %s", step, path, strerror(errno));
    free(tmp);
    free(dir);
    return rc;
}
