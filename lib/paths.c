/* paths.c - the default index and corpus locations.
 *
 * The index follows the XDG base directory rules, so it lives with the
 * user's other application data and neither program needs --index in
 * everyday use.
 */
#include "paths.h"

#include <pwd.h>
#include <stdlib.h>
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

char *jf_default_corpus_dir(void)
{
    struct stat st;
    if (stat("corpus", &st) == 0 && S_ISDIR(st.st_mode))
        return jf_strdup("corpus");
    return jf_strdup(JF_PKGDATADIR "/corpus");
}
