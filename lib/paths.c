/* paths.c - the default index and corpus locations.
 *
 * The index follows the XDG base directory rules, so it lives with the
 * user's other application data and neither program needs --index in
 * everyday use.
 */
#include "paths.h"

#include <limits.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"

#ifndef JF_PKGDATADIR
#define JF_PKGDATADIR "/usr/local/share/jfsearch"
#endif

static const char *nonempty_env(const char *name)
{
    const char *value = getenv(name);
    return value && *value ? value : NULL;
}

/* $HOME, or the password database's idea of it when HOME is unset (as
 * under some service managers). */
static const char *home_dir(void)
{
    const char *home = nonempty_env("HOME");
    if (!home) {
        const struct passwd *pw = getpwuid(getuid());
        home = pw && pw->pw_dir && *pw->pw_dir ? pw->pw_dir : ".";
    }
    return home;
}

char *jf_default_index_path(void)
{
    jf_buf_t path = JF_BUF_INIT;
    const char *explicit = nonempty_env("JFSEARCH_INDEX");
    const char *data_home = nonempty_env("XDG_DATA_HOME");

    if (explicit)
        return jf_strdup(explicit);
    /* The XDG spec says a relative XDG_DATA_HOME is invalid and ignored. */
    if (data_home && data_home[0] == '/')
        jf_buf_printf(&path, "%s/jfsearch/index", data_home);
    else
        jf_buf_printf(&path, "%s/.local/share/jfsearch/index", home_dir());
    return jf_buf_release(&path);
}

/* Whether this program is the one built in JF_BUILDDIR (run from its
 * build tree rather than installed). */
static bool in_build_tree(void)
{
#ifdef JF_BUILDDIR
    char exe[PATH_MAX + 1];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    size_t dir = slash ? (size_t)(slash - exe) : 0;
    return dir == strlen(JF_BUILDDIR) &&
           strncmp(exe, JF_BUILDDIR, dir) == 0;
#else
    return false;
#endif
}

char *jf_data_file(const char *name)
{
#ifdef JF_SRCDIR
    if (in_build_tree())
        return jf_strprintf("%s/%s", JF_SRCDIR, name);
#endif
    return jf_strprintf("%s/%s", JF_PKGDATADIR, name);
}

char *jf_default_corpus_dir(void)
{
    struct stat st;
    if (stat("corpus", &st) == 0 && S_ISDIR(st.st_mode))
        return jf_strdup("corpus");
    return jf_strdup(JF_PKGDATADIR "/corpus");
}
