/* git_index.c - blob ids from git's index (see git_index.h).
 *
 * `git -C DIR ls-files -c -m -s -v -z` lists every tracked file under DIR
 * once with its tag, mode, blob id and stage, and then once more, tagged
 * C, each one whose work tree copy differs from git's index; git decides
 * that by stat data, and hashes the file only where the stat data does
 * not settle it (a racily clean entry), so the answer is exact.  Only a
 * file listed once, tagged H (tracked, no assume-unchanged or
 * skip-worktree bit, which would make git ignore changes), as a regular
 * file at stage 0 (not a conflict), is vouched for.  -z gives paths
 * verbatim, NUL-terminated, relative to DIR.
 *
 * git is started with posix_spawnp and an argument vector (no shell), its
 * output going to an unlinked temporary file rather than a pipe, so it
 * runs to the end while jfindex lists the corpus, and its errors to
 * /dev/null: a corpus that is not in a work tree is the common case, not
 * a problem to report.
 */
#include "git_index.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "hash.h"
#include "metadata.h"

extern char **environ;

typedef struct {
    const char *path; /* relative to the directory (into the output);
                         NULL: a free slot */
    const char *oid;  /* the blob id, in hex (likewise) */
    bool clean;       /* git vouches that the work tree file is this blob */
} entry_t;

/* One git process, answering for one directory, and its answer.  The
 * table points into git's output, kept whole, rather than copying 200,000
 * paths out of it. */
typedef struct {
    char *prefix;   /* the directory as listed, with a trailing '/' */
    size_t prefix_len;
    pid_t pid;      /* 0: not started, or waited for */
    FILE *out;      /* its output */
    jf_buf_t text;  /* the output, each field NUL-terminated in place */
    entry_t *table; /* open addressing; capacity a power of two */
    size_t cap;
} asker_t;

struct jf_git_index {
    asker_t *askers;
    size_t naskers;
};

/* The directory DIR as jf_corpus_list starts its paths: trailing slashes
 * dropped, then one '/'. */
static char *listed_prefix(const char *dir)
{
    size_t len = strlen(dir);
    while (len > 1 && dir[len - 1] == '/')
        len--;
    return jf_strprintf("%.*s%s", (int)len, dir,
                        len > 0 && dir[len - 1] == '/' ? "" : "/");
}

static void start_one(asker_t *a, const char *dir)
{
    char *const argv[] = { "git", "-C", (char *)dir, "ls-files", "-c", "-m",
                           "-s", "-v", "-z", NULL };
    posix_spawn_file_actions_t actions;

    a->prefix = listed_prefix(dir);
    a->prefix_len = strlen(a->prefix);
    if (!(a->out = tmpfile()))
        return;
    if (posix_spawn_file_actions_init(&actions) != 0)
        return;
    if (posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null",
                                         O_RDONLY, 0) == 0 &&
        posix_spawn_file_actions_adddup2(&actions, fileno(a->out),
                                         STDOUT_FILENO) == 0 &&
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO,
                                         "/dev/null", O_WRONLY, 0) == 0 &&
        posix_spawnp(&a->pid, "git", &actions, NULL, argv, environ) != 0)
        a->pid = 0; /* no git: no answer */
    posix_spawn_file_actions_destroy(&actions);
}

jf_git_index_t *jf_git_index_start(char *const *dirs, size_t ndirs)
{
    jf_git_index_t *g = jf_calloc(1, sizeof *g);
    g->askers = jf_calloc(ndirs, sizeof *g->askers);
    g->naskers = ndirs;
    for (size_t i = 0; i < ndirs; i++)
        start_one(&g->askers[i], dirs[i]);
    return g;
}

static entry_t *find_slot(const asker_t *a, const char *path)
{
    size_t i = (size_t)jf_hash_string(path) & (a->cap - 1);
    while (a->table[i].path && strcmp(a->table[i].path, path) != 0)
        i = (i + 1) & (a->cap - 1);
    return &a->table[i];
}

/* An entry as parsed from one line of git's output. */
typedef struct {
    char tag;
    unsigned long mode;
    char *oid;
    size_t oid_len;
    unsigned long stage;
    char *path;
} line_t;

/* Parses "T MODE OID STAGE\tPATH" (NUL-terminated) into L; false when the
 * line is not in that form. */
static bool parse_line(char *s, line_t *l)
{
    char *end;

    if (!s[0] || s[1] != ' ')
        return false;
    l->tag = s[0];
    s += 2;
    l->mode = strtoul(s, &end, 8);
    if (end - s != 6 || *end != ' ')
        return false;
    l->oid = s = end + 1;
    while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))
        s++;
    l->oid_len = (size_t)(s - l->oid);
    if ((l->oid_len != 40 && l->oid_len != 64) || *s != ' ')
        return false;
    s++;
    l->stage = strtoul(s, &end, 10);
    if (end == s || *end != '\t' || end[1] == '\0')
        return false;
    l->path = end + 1;
    return true;
}

/* Adds the file of line L to A's table; a file listed again (modified,
 * or a conflict's other stages) is not clean. */
static void add_line(asker_t *a, line_t *l)
{
    entry_t *e = find_slot(a, l->path);
    if (e->path) {
        e->clean = false;
        return;
    }
    l->oid[l->oid_len] = '\0'; /* the space after it */
    e->path = l->path;
    e->oid = l->oid;
    e->clean = l->tag == 'H' && l->stage == 0 &&
               (l->mode == 0100644 || l->mode == 0100755);
}

/* Reads all of A's output into OUT; false if it cannot. */
static bool read_output(asker_t *a, jf_buf_t *out)
{
    char chunk[65536];
    size_t n;

    rewind(a->out);
    while ((n = fread(chunk, 1, sizeof chunk, a->out)) > 0)
        jf_buf_append(out, chunk, n);
    return !ferror(a->out);
}

/* Waits for A and takes in its answer; false when there is none.  Lines
 * are checked before any is added, so a garbled answer adds nothing. */
static bool finish_one(asker_t *a)
{
    jf_buf_t *out = &a->text;
    int status = 0;
    pid_t waited;
    size_t lines = 0;
    line_t l;
    bool ok;

    if (a->pid == 0)
        return false;
    while ((waited = waitpid(a->pid, &status, 0)) < 0 && errno == EINTR)
        ;
    a->pid = 0;
    ok = waited > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
         read_output(a, out) && (out->len == 0 ||
                                 out->data[out->len - 1] == '\0');
    for (size_t at = 0; ok && at < out->len;
         at += strlen(out->data + at) + 1, lines++)
        ok = parse_line(out->data + at, &l);
    if (!ok || lines == 0)
        return ok;
    for (a->cap = 1024; a->cap < 2 * lines; a->cap *= 2)
        ;
    a->table = jf_calloc(a->cap, sizeof *a->table);
    for (size_t at = 0; at < out->len;) {
        size_t len = strlen(out->data + at); /* before add_line cuts it */
        parse_line(out->data + at, &l);
        add_line(a, &l);
        at += len + 1;
    }
    return true;
}

size_t jf_git_index_finish(jf_git_index_t *g)
{
    size_t answered = 0;
    for (size_t i = 0; i < g->naskers; i++)
        answered += finish_one(&g->askers[i]);
    return answered;
}

/* The entry of PATH (as listed), or NULL. */
static const entry_t *lookup(const jf_git_index_t *g, const char *path)
{
    for (size_t i = 0; i < g->naskers; i++) {
        const asker_t *a = &g->askers[i];
        if (a->cap == 0 || strncmp(path, a->prefix, a->prefix_len) != 0)
            continue;
        const entry_t *e = find_slot(a, path + a->prefix_len);
        if (e->path)
            return e;
    }
    return NULL;
}

bool jf_git_index_state(const jf_git_index_t *g, const char *path,
                        const jf_corpus_list_t *sidecars,
                        char out[JF_CORPUS_STAT_MAX])
{
    const entry_t *file = lookup(g, path), *side;
    struct stat st;
    bool vouched = false;

    if (!file || !file->clean)
        return false;
    char *meta = jf_metadata_sidecar_path(path);
    if (meta && (side = lookup(g, meta)) != NULL) {
        vouched = side->clean;
        snprintf(out, JF_CORPUS_STAT_MAX, JF_GIT_STATE_PREFIX "%s+%s",
                 file->oid, side->oid);
    } else if (!meta || (sidecars && !jf_corpus_listed(sidecars, meta)) ||
               (!sidecars && stat(meta, &st) != 0 && errno == ENOENT)) {
        vouched = true; /* if a sidecar appears, the article changes */
        snprintf(out, JF_CORPUS_STAT_MAX, JF_GIT_STATE_PREFIX "%s+-",
                 file->oid);
    }
    free(meta);
    return vouched;
}

void jf_git_index_free(jf_git_index_t *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->naskers; i++) {
        asker_t *a = &g->askers[i];
        if (a->pid != 0) /* never finished: leave no zombie */
            while (waitpid(a->pid, NULL, 0) < 0 && errno == EINTR)
                ;
        if (a->out)
            fclose(a->out);
        free(a->prefix);
        jf_buf_free(&a->text);
        free(a->table);
    }
    free(g->askers);
    free(g);
}
