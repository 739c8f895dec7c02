/* test_stub.c - stub files (lib/stub.c): reading them, and which of the
 * databases they list are opened from where.
 *
 * Builds two tiny databases through the shim in a scratch directory and
 * writes stubs around them: what each line becomes, the file and line a
 * bad one is reported at, nesting, and the safety rule that only a stub
 * named directly may list remote databases (a "remote PROGRAM" line in a
 * stub inside an index directory must never run PROGRAM).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ftw.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "stub.h"
#include "tap.h"

static char scratch[] = "/tmp/jf-test-stub.XXXXXX";

static char *path_in(const char *name)
{
    static char paths[8][512];
    static int next;
    char *p = paths[next++ % 8];
    snprintf(p, sizeof paths[0], "%s/%s", scratch, name);
    return p;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static int exists(const char *path)
{
    return access(path, F_OK) == 0;
}

static int contains(const char *haystack, const char *needle)
{
    return haystack && strstr(haystack, needle) != NULL;
}

/* A database of N one-word documents at PATH; 1 on success. */
static int build(const char *path, int n)
{
    jfx_writer_t *w = NULL;
    if (jfx_writer_open(path, JFX_WRITER_CREATE, 0, &w, NULL) != JFX_OK)
        return 0;
    int good = 1;
    for (int i = 0; i < n && good; i++) {
        char unique[32];
        jfx_doc_t *doc = jfx_doc_new();
        snprintf(unique, sizeof unique, "Q%s%d", path, i);
        good = jfx_doc_add_posting(doc, "word", 1, 1) == JFX_OK &&
               jfx_writer_replace(w, unique, doc) == JFX_OK;
        jfx_doc_destroy(doc);
    }
    good = good && jfx_writer_commit(w) == JFX_OK;
    jfx_writer_close(w);
    return good;
}

/* A port nothing listens on (just released by the kernel). */
static unsigned free_port(void)
{
    struct sockaddr_in addr = {.sin_family = AF_INET};
    socklen_t len = sizeof addr;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &len) != 0) {
        if (fd >= 0)
            close(fd);
        return 0;
    }
    close(fd);
    return ntohs(addr.sin_port);
}

/* ------------------------------------------------------------------ */

static void test_read(void)
{
    jf_stub_t stub;
    jf_error_t err = JF_ERROR_INIT;
    const char *file = path_in("all.stub");
    write_file(file, "# every form\n\n  auto shard-a  \nglass /abs/db\n"
               "chert\tsub/db\nremote :db.example:7001\n"
               "remote ssh  host xapian-progsrv /srv/db\nremote xapian-progsrv\n");
    is_int(jf_stub_read(file, &stub, &err), 0, "a stub of every form reads");
    is_int(stub.n, 6, "one entry per line that lists a database");
    ok(stub.n == 6 && stub.entries[0].kind == JF_STUB_LOCAL &&
           strcmp(stub.entries[0].path, path_in("shard-a")) == 0 &&
           stub.entries[0].line == 3,
       "auto: a path relative to the stub's directory, at its line");
    ok(stub.n == 6 && strcmp(stub.entries[1].path, "/abs/db") == 0,
       "glass: an absolute path stays");
    ok(stub.n == 6 && strcmp(stub.entries[2].path, path_in("sub/db")) == 0,
       "chert, after a tab");
    ok(stub.n == 6 && stub.entries[3].kind == JF_STUB_TCP &&
           strcmp(stub.entries[3].host, "db.example") == 0 &&
           stub.entries[3].port == 7001,
       "remote :HOST:PORT");
    ok(stub.n == 6 && stub.entries[4].kind == JF_STUB_PROGRAM &&
           strcmp(stub.entries[4].program, "ssh") == 0 &&
           strcmp(stub.entries[4].args, "host xapian-progsrv /srv/db") == 0,
       "remote PROGRAM ARGS, the arguments as written");
    ok(stub.n == 6 && strcmp(stub.entries[5].args, "") == 0,
       "remote PROGRAM without arguments");
    jf_stub_free(&stub);

    write_file(path_in("rel.stub"), "auto db\n");
    char cwd[512];
    if (getcwd(cwd, sizeof cwd) && chdir(scratch) == 0) {
        jf_stub_read("rel.stub", &stub, &err);
        ok(stub.n == 1 && strcmp(stub.entries[0].path, "db") == 0,
           "a stub named without a directory lists paths as written");
        jf_stub_free(&stub);
        ok(chdir(cwd) == 0, "back in %s", cwd);
    }

    static const struct {
        const char *text, *message;
    } bad[] = {
        { "auto a\nflint b\n", "bad.stub:2: expected 'auto PATH', 'remote "
          ":HOST:PORT' or 'remote PROGRAM ARGS' in a stub file, not 'flint b'" },
        { "auto\n", "bad.stub:1: no path given" },
        { "remote\n", "bad.stub:1: expected 'auto PATH'" },
        { "remote :nohost\n", "bad.stub:1: expected remote :HOST:PORT" },
        { "remote ::7001\n", "bad.stub:1: expected remote :HOST:PORT" },
        { "remote :h:0\n", "bad.stub:1: expected remote :HOST:PORT" },
        { "remote :h:70000\n", "bad.stub:1: expected remote :HOST:PORT" },
        { "remote :h:12x\n", "bad.stub:1: expected remote :HOST:PORT" },
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        write_file(path_in("bad.stub"), bad[i].text);
        jf_error_clear(&err);
        jf_stub_read(path_in("bad.stub"), &stub, &err);
        ok(err.status == JFX_CORRUPT &&
               contains(jf_error_message(&err), bad[i].message),
           "refused: '%.*s' (%s)", (int)strcspn(bad[i].text + 5, "\n"),
           bad[i].text + 5, jf_error_message(&err));
        jf_stub_free(&stub);
    }
    jf_error_clear(&err);
    jf_stub_read(path_in("absent.stub"), &stub, &err);
    ok(err.status == JFX_IO && contains(jf_error_message(&err), "absent.stub"),
       "a stub that cannot be read (%s)", jf_error_message(&err));
    jf_stub_free(&stub);
    jf_error_clear(&err);
}

static void test_find(void)
{
    bool inside = true;
    char *found = jf_stub_find(path_in("all.stub"), &inside);
    ok(found && strcmp(found, path_in("all.stub")) == 0 && !inside,
       "a file is a stub of its own");
    free(found);
    mkdir(path_in("stubdir"), 0777);
    write_file(path_in("stubdir/XAPIANDB"), "auto ../shard-a\nauto ../shard-b\n");
    found = jf_stub_find(path_in("stubdir"), &inside);
    ok(found && strcmp(found, path_in("stubdir/XAPIANDB")) == 0 && inside,
       "a directory holding XAPIANDB is that stub, inside a directory");
    free(found);
    ok(jf_stub_find(path_in("shard-a"), &inside) == NULL,
       "a database directory is no stub");
    ok(jf_stub_find(path_in("nothing"), &inside) == NULL, "nor is nothing");
}

/* jf_stub_add over a new set of shards; the number of shards, or -1. */
static int add(const char *path, bool remote, bool skip, jf_error_t *err,
               size_t *missing)
{
    jfx_db_t *db = jfx_db_new(skip);
    const jf_stub_options_t o = { remote, 500 };
    int shards = jf_stub_add(db, path, &o, err) == 0
        ? (int)jfx_db_shard_count(db) : -1;
    if (missing)
        *missing = jfx_db_missing_count(db);
    jfx_db_close(db);
    return shards;
}

static void test_add(unsigned dead_port)
{
    jf_error_t err = JF_ERROR_INIT;
    char text[256];

    write_file(path_in("two.stub"), "# the two halves\nauto shard-a\n\n"
               "  auto shard-b  \n");
    is_int(add(path_in("two.stub"), true, false, &err, NULL), 2,
           "a stub's databases are shards of their own");
    is_int(add(path_in("stubdir"), true, false, &err, NULL), 2,
           "and a directory holding XAPIANDB opens as its stub");
    is_int(add(path_in("shard-a"), true, false, &err, NULL), 1,
           "a database directory is one shard");
    write_file(path_in("nest.stub"), "auto stubdir\nauto two.stub\n");
    is_int(add(path_in("nest.stub"), true, false, &err, NULL), 4,
           "stubs list stubs");

    write_file(path_in("missing.stub"), "auto shard-a\nauto shard-z\n");
    is_int(add(path_in("missing.stub"), true, false, &err, NULL), -1,
           "a stub listing a database that does not exist fails");
    snprintf(text, sizeof text, "missing.stub:2: %s: ", path_in("shard-z"));
    ok(err.status == JFX_NOT_FOUND && contains(jf_error_message(&err), text),
       "naming the stub's line and the path (%s)", jf_error_message(&err));
    jf_error_clear(&err);

    write_file(path_in("loop.stub"), "auto loop.stub\n");
    is_int(add(path_in("loop.stub"), true, false, &err, NULL), -1,
           "a stub listing itself fails");
    ok(contains(jf_error_message(&err), "loop.stub:1: stub files nest more "
                "than 8 deep"), "saying so (%s)", jf_error_message(&err));
    jf_error_clear(&err);

    snprintf(text, sizeof text, "auto shard-a\nremote :127.0.0.1:%u\n",
             dead_port);
    write_file(path_in("dead.stub"), text);
    is_int(add(path_in("dead.stub"), true, false, &err, NULL), -1,
           "a stub whose remote shard is down fails");
    snprintf(text, sizeof text, "dead.stub:2: 127.0.0.1:%u: ", dead_port);
    ok(err.status == JFX_NETWORK && contains(jf_error_message(&err), text),
       "naming the line and the shard (%s)", jf_error_message(&err));
    jf_error_clear(&err);
    size_t missing = 0;
    is_int(add(path_in("dead.stub"), true, true, &err, &missing), 1,
           "skipping unreachable shards, the stub opens with the other");
    is_int(missing, 1, "and the unreachable one listed as missing");
}

/* The rule of the reliability issue: a remote line is followed only in a
 * stub file named directly.  /usr/bin/touch stands for any program. */
static void test_remote_rule(void)
{
    jf_error_t err = JF_ERROR_INIT;
    char text[512];
    const char *mark = path_in("touched");

    mkdir(path_in("evil"), 0777);
    snprintf(text, sizeof text, "auto ../shard-a\nremote /usr/bin/touch %s\n",
             mark);
    write_file(path_in("evil/XAPIANDB"), text);
    is_int(add(path_in("evil"), true, false, &err, NULL), -1,
           "a remote line in a stub inside an index directory is refused");
    ok(err.status == JFX_INVALID &&
           contains(jf_error_message(&err), "evil/XAPIANDB:2: remote database "
                    "refused: a stub inside an index directory"),
       "naming the file and line (%s)", jf_error_message(&err));
    ok(!exists(mark), "and the program it names never runs");
    jf_error_clear(&err);

    snprintf(text, sizeof text, "auto shard-a\nremote /usr/bin/touch %s\n",
             mark);
    write_file(path_in("prog.stub"), text);
    write_file(path_in("outer.stub"), "auto prog.stub\n");
    is_int(add(path_in("outer.stub"), true, false, &err, NULL), -1,
           "so is one in a stub that another stub lists");
    ok(contains(jf_error_message(&err), "prog.stub:2: remote database "
                "refused: a stub listed by another stub"),
       "saying so (%s)", jf_error_message(&err));
    ok(!exists(mark), "without running it");
    jf_error_clear(&err);

    is_int(add(path_in("prog.stub"), false, false, &err, NULL), -1,
           "and one anywhere when only local databases are read");
    ok(contains(jf_error_message(&err), "prog.stub:2: remote database "
                "refused: only local databases"),
       "saying so (%s)", jf_error_message(&err));
    ok(!exists(mark), "without running it");
    jf_error_clear(&err);

    /* Named directly, the line is followed: touch is no xapian-progsrv,
     * so the shard fails, but the program did run. */
    is_int(add(path_in("prog.stub"), true, false, &err, NULL), -1,
           "a stub named directly follows its remote lines");
    ok(err.status == JFX_NETWORK && exists(mark),
       "running the program (%s)", jf_error_message(&err));
    jf_error_clear(&err);
}

static void test_open_local(void)
{
    jf_error_t err = JF_ERROR_INIT;
    jfx_db_t *db = NULL;
    uint64_t n = 0;

    is_int(jf_stub_open_local(path_in("stubdir"), &db, &err), 0,
           "open_local opens a directory holding a stub");
    jfx_db_doc_count(db, &n);
    is_int(n, 5, "searched as one index");
    jfx_db_close(db);
    is_int(jf_stub_open_local(path_in("shard-b"), &db, &err), 0,
           "and a database directory");
    jfx_db_close(db);

    write_file(path_in("empty.stub"), "# nothing here\n");
    is_int(jf_stub_open_local(path_in("empty.stub"), &db, &err), -1,
           "a stub listing nothing is no index");
    ok(db == NULL && err.status == JFX_CORRUPT &&
           contains(jf_error_message(&err), "empty.stub: the stub file lists "
                    "no database"),
       "saying so (%s)", jf_error_message(&err));
    jf_error_clear(&err);
    is_int(jf_stub_open_local(path_in("nowhere"), &db, &err), -1,
           "a missing path fails");
    ok(err.status == JFX_NOT_FOUND &&
           contains(jf_error_message(&err), path_in("nowhere")),
       "as not found, naming it (%s)", jf_error_message(&err));
    jf_error_clear(&err);
}

static int remove_entry(const char *path, const struct stat *st, int flag,
                        struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int main(void)
{
    if (!mkdtemp(scratch)) {
        perror(scratch);
        return 1;
    }
    ok(build(path_in("shard-a"), 2) && build(path_in("shard-b"), 3),
       "built two databases");
    test_read();
    test_find();
    test_add(free_port());
    test_remote_rule();
    test_open_local();
    nftw(scratch, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    return done_testing();
}
