/* stub.h - Xapian stub files: lists of databases searched as one.
 *
 * A stub file names one database a line, as Xapian's own tools read it:
 *
 *     auto PATH              a local database (also "glass PATH", "chert
 *                            PATH"); PATH relative to the stub's directory
 *     remote :HOST:PORT      a database served by xapian-tcpsrv
 *     remote PROGRAM ARGS    one served by xapian-progsrv over PROGRAM's
 *                            standard input and output (e.g. ssh)
 *
 * Blank lines and lines starting with '#' are ignored.  The format is
 * part of the index layout: jfindex writes one, named XAPIANDB, in a
 * sharded index's directory (indexer/shards.c), and the searcher and the
 * indexer read stubs here.  The shim opens database directories only, so
 * which lines are followed, and from where, is decided here and not by
 * Xapian, whose own stub support would run any program a stub names.
 */
#ifndef JF_STUB_H
#define JF_STUB_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "jfx.h"

/* A directory holding a stub file of this name opens as that stub. */
#define JF_STUB_NAME "XAPIANDB"
/* How deep stubs may list stubs (a stub listing itself must end). */
#define JF_STUB_MAX_DEPTH 8

typedef enum {
    JF_STUB_LOCAL,    /* auto|glass|chert PATH */
    JF_STUB_TCP,      /* remote :HOST:PORT */
    JF_STUB_PROGRAM   /* remote PROGRAM ARGS */
} jf_stub_kind_t;

typedef struct {
    jf_stub_kind_t kind;
    unsigned line;    /* where the stub lists it (from 1), for messages */
    char *path;       /* LOCAL: resolved against the stub's directory */
    char *host;       /* TCP */
    unsigned port;    /* TCP: 1 to 65535 */
    char *program;    /* PROGRAM */
    char *args;       /* PROGRAM: as written, "" when none */
} jf_stub_entry_t;

typedef struct {
    char *file;       /* the stub file read */
    jf_stub_entry_t *entries;
    size_t n;
} jf_stub_t;

/* The stub file PATH names: PATH itself when it is a regular file, or
 * PATH/XAPIANDB (*INSIDE set) when PATH is a directory holding one.
 * malloc'd; NULL when PATH is neither (a database directory, or
 * nothing). */
char *jf_stub_find(const char *path, bool *inside);

/* Reads the stub FILE into *STUB (which the caller frees with
 * jf_stub_free, whatever the outcome).  A line that is none of the forms
 * above fails with JFX_CORRUPT and "FILE:LINE: what was expected"; a
 * file that cannot be read with JFX_IO. */
int jf_stub_read(const char *file, jf_stub_t *stub, jf_error_t *err);

void jf_stub_free(jf_stub_t *stub);

typedef struct {
    /* Whether the stub file named directly (PATH of jf_stub_add, when it
     * is a file) may list remote databases.  A stub inside an index
     * directory, which a copied or downloaded index brings along, or one
     * that another stub lists, may list local databases only: a remote
     * line there fails with JFX_INVALID, naming its file and line. */
    bool remote;
    unsigned timeout_ms;  /* for each remote database (see jfx_db_add_remote) */
} jf_stub_options_t;

/* Adds to DB the databases at PATH: the database directory PATH is, or
 * every database the stub it names (see jf_stub_find) lists, stubs that
 * it lists read in turn, JF_STUB_MAX_DEPTH deep at most.  A failure of a
 * listed database is the shim's status with its message after
 * "FILE:LINE: "; PATH's own, the shim's unchanged. */
int jf_stub_add(jfx_db_t *db, const char *path, const jf_stub_options_t *o,
                jf_error_t *err);

/* Opens the index at PATH, local databases only, into *DB (caller frees
 * with jfx_db_close): a database directory, or a stub listing local
 * databases, such as a sharded index's directory.  A stub that lists
 * none fails with JFX_CORRUPT. */
int jf_stub_open_local(const char *path, jfx_db_t **db, jf_error_t *err);

#endif
