/* stub.c - reading Xapian stub files, and opening what they list (see
 * stub.h).
 *
 * A line is read as Xapian's own stub reader reads it: a type word,
 * blanks, and the rest of the line as its argument, so a stub that
 * Xapian's tools open opens here the same.
 */
#define _GNU_SOURCE  /* getline */
#include "stub.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "alloc.h"
#include "buf.h"
#include "vec.h"

char *jf_stub_find(const char *path, bool *inside)
{
    struct stat st;
    *inside = false;
    if (stat(path, &st) != 0)
        return NULL;
    if (S_ISREG(st.st_mode))
        return jf_strdup(path);
    if (!S_ISDIR(st.st_mode))
        return NULL;
    char *file = jf_strprintf("%s/%s", path, JF_STUB_NAME);
    if (stat(file, &st) == 0 && S_ISREG(st.st_mode)) {
        *inside = true;
        return file;
    }
    free(file);
    return NULL;
}

void jf_stub_free(jf_stub_t *stub)
{
    for (size_t i = 0; i < stub->n; i++) {
        jf_stub_entry_t *e = &stub->entries[i];
        free(e->path);
        free(e->host);
        free(e->program);
        free(e->args);
    }
    free(stub->entries);
    free(stub->file);
    memset(stub, 0, sizeof *stub);
}

/* The argument ARG of "remote :HOST:PORT" into E; false when malformed. */
static bool parse_tcp(const char *arg, jf_stub_entry_t *e)
{
    const char *colon = strrchr(arg, ':');
    if (colon == arg || colon == arg + 1)
        return false;
    char *end;
    errno = 0;
    unsigned long port = strtoul(colon + 1, &end, 10);
    if (end == colon + 1 || *end != '\0' || errno || port == 0 ||
        port > 65535)
        return false;
    e->kind = JF_STUB_TCP;
    e->host = jf_strndup(arg + 1, (size_t)(colon - arg - 1));
    e->port = (unsigned)port;
    return true;
}

/* The argument ARG of "remote PROGRAM ARGS" into E. */
static void parse_program(const char *arg, jf_stub_entry_t *e)
{
    size_t gap = strcspn(arg, " \t");
    e->kind = JF_STUB_PROGRAM;
    e->program = jf_strndup(arg, gap);
    e->args = jf_strdup(arg + gap + strspn(arg + gap, " \t"));
}

/* One non-blank, non-comment LINE (trimmed) of STUB, listed at NUMBER,
 * into E; DIR is the stub's directory with its '/' ("" for the current
 * one). */
static int parse_line(const jf_stub_t *stub, unsigned number, const char *dir,
                      const char *line, jf_stub_entry_t *e, jf_error_t *err)
{
    size_t type_len = strcspn(line, " \t");
    const char *arg = line + type_len + strspn(line + type_len, " \t");
    e->line = number;
    if ((type_len == 4 && strncmp(line, "auto", 4) == 0) ||
        (type_len == 5 && strncmp(line, "glass", 5) == 0) ||
        (type_len == 5 && strncmp(line, "chert", 5) == 0)) {
        if (*arg == '\0')
            return jf_fail(err, JFX_CORRUPT, "%s:%u: no path given",
                           stub->file, number);
        e->kind = JF_STUB_LOCAL;
        e->path = *arg == '/' ? jf_strdup(arg) : jf_strprintf("%s%s", dir, arg);
        return 0;
    }
    if (type_len == 6 && strncmp(line, "remote", 6) == 0 && *arg == ':') {
        if (!parse_tcp(arg, e))
            return jf_fail(err, JFX_CORRUPT, "%s:%u: expected remote "
                           ":HOST:PORT, not '%.80s'", stub->file, number, line);
        return 0;
    }
    if (type_len == 6 && strncmp(line, "remote", 6) == 0 && *arg != '\0') {
        parse_program(arg, e);
        return 0;
    }
    return jf_fail(err, JFX_CORRUPT, "%s:%u: expected 'auto PATH', 'remote "
                   ":HOST:PORT' or 'remote PROGRAM ARGS' in a stub file, not "
                   "'%.80s'", stub->file, number, line);
}

int jf_stub_read(const char *file, jf_stub_t *stub, jf_error_t *err)
{
    memset(stub, 0, sizeof *stub);
    if (jf_failed(err))
        return -1;
    stub->file = jf_strdup(file);
    FILE *f = fopen(file, "r");
    if (!f)
        return jf_fail(err, JFX_IO, "%s: cannot read the stub file: %s",
                       file, strerror(errno));
    const char *slash = strrchr(file, '/');
    char *dir = jf_strndup(file, slash ? (size_t)(slash - file) + 1 : 0);
    JF_VEC(jf_stub_entry_t) entries = { NULL, 0, 0 };
    char *line = NULL;
    size_t size = 0;
    ssize_t len;
    for (unsigned number = 1; !jf_failed(err) &&
                              (len = getline(&line, &size, f)) >= 0; number++) {
        while (len > 0 && isspace((unsigned char)line[len - 1]))
            line[--len] = '\0';
        const char *text = line + strspn(line, " \t");
        if (*text == '\0' || *text == '#')
            continue;
        parse_line(stub, number, dir, text, JF_VEC_GROW(&entries), err);
    }
    if (!jf_failed(err) && ferror(f))
        jf_fail(err, JFX_IO, "%s: cannot read the stub file: %s", file,
                strerror(errno));
    fclose(f);
    free(line);
    free(dir);
    stub->entries = entries.items;
    stub->n = entries.n;
    return jf_failed(err) ? -1 : 0;
}

/* ------------------------------------------------------------------ */

static int add_path(jfx_db_t *db, const char *path, const jf_stub_options_t *o,
                    unsigned depth, const char *from, unsigned line,
                    jf_error_t *err);

/* Why a remote line is refused in a stub found DEPTH stubs deep (INSIDE
 * an index directory or not), when it is (see jf_stub_options_t); NULL
 * when it is followed. */
static const char *refusal(const jf_stub_options_t *o, bool inside,
                           unsigned depth)
{
    if (!o->remote)
        return "only local databases are read here";
    if (inside)
        return "a stub inside an index directory may list only local "
               "databases; list remote shards in a stub file of your own "
               "and name that file with --index";
    if (depth > 0)
        return "a stub listed by another stub may list only local "
               "databases; list remote shards in the stub named with "
               "--index";
    return NULL;
}

/* Adds entry E of STUB (found DEPTH stubs deep) to DB. */
static int add_entry(jfx_db_t *db, const jf_stub_t *stub,
                     const jf_stub_entry_t *e, const jf_stub_options_t *o,
                     bool inside, unsigned depth, jf_error_t *err)
{
    if (e->kind == JF_STUB_LOCAL)
        return add_path(db, e->path, o, depth + 1, stub->file, e->line, err);
    const char *why = refusal(o, inside, depth);
    if (why)
        return jf_fail(err, JFX_INVALID, "%s:%u: remote database refused: %s",
                       stub->file, e->line, why);
    jfx_status_t st;
    if (e->kind == JF_STUB_TCP)
        st = jfx_db_add_remote(db, e->host, e->port, o->timeout_ms);
    else
        st = jfx_db_add_program(db, e->program, e->args, o->timeout_ms);
    if (st != JFX_OK)
        return jf_fail(err, st, "%s:%u: %s", stub->file, e->line,
                       jfx_db_last_error(db));
    return 0;
}

/* Adds the databases at PATH, listed at FROM:LINE (NULL when named
 * directly), DEPTH stubs deep, to DB. */
static int add_path(jfx_db_t *db, const char *path, const jf_stub_options_t *o,
                    unsigned depth, const char *from, unsigned line,
                    jf_error_t *err)
{
    if (depth > JF_STUB_MAX_DEPTH)
        return jf_fail(err, JFX_CORRUPT, "%s:%u: stub files nest more than "
                       "%d deep", from, line, JF_STUB_MAX_DEPTH);
    bool inside;
    char *file = jf_stub_find(path, &inside);
    if (!file) {
        jfx_status_t st = jfx_db_add_shard(db, path);
        if (st == JFX_OK)
            return 0;
        if (from)
            return jf_fail(err, st, "%s:%u: %s", from, line,
                           jfx_db_last_error(db));
        return jf_fail(err, st, "%s", jfx_db_last_error(db));
    }
    jf_stub_t stub;
    jf_stub_read(file, &stub, err);
    for (size_t i = 0; i < stub.n && !jf_failed(err); i++)
        add_entry(db, &stub, &stub.entries[i], o, inside, depth, err);
    jf_stub_free(&stub);
    free(file);
    return jf_failed(err) ? -1 : 0;
}

int jf_stub_add(jfx_db_t *db, const char *path, const jf_stub_options_t *o,
                jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    return add_path(db, path, o, 0, NULL, 0, err);
}

int jf_stub_open_local(const char *path, jfx_db_t **db, jf_error_t *err)
{
    *db = NULL;
    if (jf_failed(err))
        return -1;
    bool inside;
    char *file = jf_stub_find(path, &inside);
    if (!file) {
        char *message = NULL;
        jfx_status_t st = jfx_db_open(path, db, &message);
        if (st != JFX_OK)
            return jf_fail_take(err, st, message ? message
                                : jf_strdup(jfx_status_to_string(st)));
        return 0;
    }
    free(file);
    jfx_db_t *shards = jfx_db_new(false);
    if (!shards)
        jf_oom();
    const jf_stub_options_t local = { false, 0 };
    if (jf_stub_add(shards, path, &local, err) == 0 &&
        jfx_db_shard_count(shards) == 0)
        jf_fail(err, JFX_CORRUPT, "%s: the stub file lists no database",
                path);
    if (jf_failed(err)) {
        jfx_db_close(shards);
        return -1;
    }
    *db = shards;
    return 0;
}
