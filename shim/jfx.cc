/* jfx.cc - the C face of Xapian for jfsearch (see jfx.h).
 *
 * The only C++ in the tree.  Every entry point runs its body inside guard(),
 * which catches whatever Xapian or the C++ runtime throws, classifies it into
 * a jfx_status_t and turns it into a one-line message naming the index path,
 * so no exception ever reaches C.  Only the functions of jfx.h are exported
 * (built with -fvisibility=hidden; JFX_API marks the exports); everything
 * else lives in an anonymous namespace.
 *
 * Three Xapian behaviours shape this file:
 *   - Database::get_metadata on several shards only consults the first, so a
 *     jfx_db_t also keeps each shard on its own and asks them in turn;
 *   - a stub file opened by Xapian becomes one opaque database, with remote
 *     shards on Xapian's default timeouts, so stub files are read here,
 *     each line becoming a shard of its own;
 *   - a WritableDatabase commits pending changes when closed or destroyed,
 *     so a writer lives inside an unflushed transaction that only
 *     jfx_writer_commit ends, and jfx_writer_close cancels it.
 */
#include <xapian.h>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <new>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "jfx.h"

#define JFX_API extern "C" __attribute__((visibility("default")))

struct jfx_db {
    Xapian::Database all;                /* every shard, searched as one */
    std::vector<Xapian::Database> shards;
    std::vector<std::string> names;      /* each shard's path or host:port */
    std::vector<std::string> missing;    /* shards skipped as unreachable */
    std::string label;                   /* the shards' names, for messages */
    std::string error;
    unsigned remote_timeout_ms = 10000;
    bool skip_unreachable = false;
};

struct jfx_writer {
    Xapian::WritableDatabase db;
    std::string path;
    std::string error;
    bool in_transaction = false;
    bool scratch = false;  /* JFX_WRITER_SCRATCH: never in a transaction */
};

struct jfx_doc {
    Xapian::Document doc;
};

struct jfx_query {
    Xapian::Query query;
};

namespace {

/* One result, copied out of the MSet so that it survives a reopen. */
struct Hit {
    Xapian::docid docid;
    double weight;
    Xapian::doccount collapsed;
    Xapian::termcount length;
    std::string data;
    /* Read on the first jfx_results_value call (most searches need none,
     * and each value costs index reads); with ids_only, only the collapse
     * key, which the matcher read anyway. */
    std::map<Xapian::valueno, std::string> values;
    bool values_read;
};

}  // namespace

struct jfx_results {
    Xapian::Database db;  /* jfx_results_term_wdf and values read the index */
    std::vector<Hit> hits;
    uint64_t total, lower, upper;
};

namespace {

/* Where a failure is reported: SUBJECT names what failed (an index path,
 * "HOST:PORT", or NULL); the message goes to ERROR (a handle's last error)
 * and/or *MESSAGE (malloc'd for the caller); DETAIL is extra words an entry
 * point adds, such as how long it waited. */
struct Failure {
    const char *subject = nullptr;
    std::string *error = nullptr;
    char **message = nullptr;
    std::string detail;
};

bool path_exists(const char *path)
{
    struct stat st;
    return path && stat(path, &st) == 0;
}

/* Classifies the exception being handled (call only inside a handler):
 * Xapian's error classes have no virtual functions, so rethrowing is the
 * way to ask for their type. */
jfx_status_t classify_current(const char *subject)
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &) {
        return JFX_LOCKED;
    } catch (const Xapian::DatabaseNotFoundError &) {
        return JFX_NOT_FOUND;
    } catch (const Xapian::DocNotFoundError &) {
        return JFX_NOT_FOUND;
    } catch (const Xapian::DatabaseVersionError &) {
        return JFX_CORRUPT;
    } catch (const Xapian::DatabaseCorruptError &) {
        return JFX_CORRUPT;
    } catch (const Xapian::DatabaseOpeningError &e) {
        /* Xapian says "opening" both for a missing path and for a file
         * that is not an index (e.g. a bad stub file). */
        if (!path_exists(subject))
            return JFX_NOT_FOUND;
        return e.get_error_string() ? JFX_IO : JFX_CORRUPT;
    } catch (const Xapian::DatabaseModifiedError &) {
        return JFX_MODIFIED;
    } catch (const Xapian::QueryParserError &) {
        return JFX_BAD_QUERY;
    } catch (const Xapian::NetworkError &) {
        return JFX_NETWORK;
    } catch (const Xapian::InvalidArgumentError &) {
        return JFX_INVALID;
    } catch (const Xapian::InvalidOperationError &) {
        return JFX_INVALID;
    } catch (const Xapian::DatabaseError &e) {
        return e.get_error_string() ? JFX_IO : JFX_INTERNAL;
    } catch (const std::bad_alloc &) {
        return JFX_NO_MEMORY;
    } catch (...) {
        return JFX_INTERNAL;
    }
}

bool is_a(const Xapian::Error *e, const char *type)
{
    return e && strcmp(e->get_type(), type) == 0;
}

/* Xapian's own words, without a leading "SUBJECT: " (it often names the
 * path itself) and with the system error when there is one. */
std::string xapian_words(const Xapian::Error &e, const char *subject)
{
    std::string words = e.get_msg();
    if (subject) {
        std::string lead = std::string(subject) + ": ";
        if (words.compare(0, lead.size(), lead) == 0)
            words.erase(0, lead.size());
    }
    if (!e.get_context().empty())
        words += " [" + e.get_context() + "]";
    if (e.get_error_string())
        words += std::string(" (") + e.get_error_string() + ")";
    return words;
}

std::string explain(jfx_status_t status, const Failure &f,
                    const Xapian::Error *e)
{
    std::string where = f.subject ? std::string(f.subject) + ": " : "";
    std::string words = e ? xapian_words(*e, f.subject) : "";
    std::string text;
    switch (status) {
    case JFX_LOCKED:
        text = where + "index is being updated by another writer";
        break;
    case JFX_NOT_FOUND:
        if (is_a(e, "DocNotFoundError"))
            text = where + "no such document: " + words;
        else
            text = where + "no index here (jfindex creates one)";
        break;
    case JFX_CORRUPT:
        if (is_a(e, "DatabaseVersionError"))
            text = where + "index format not supported: " + words;
        else if (e && !is_a(e, "DatabaseCorruptError"))
            text = where + "not an index: " + words;
        else
            text = where + "index is damaged: " + words;
        break;
    case JFX_MODIFIED:
        text = where + "index changed while being read (reopen and retry)";
        break;
    case JFX_BAD_QUERY:
        text = "bad query: " + words;
        break;
    case JFX_NETWORK:
        text = where + "remote index unreachable: " + words;
        break;
    case JFX_NO_MEMORY:
        text = where + "out of memory";
        break;
    case JFX_INTERNAL:
        text = where + (e ? std::string(e->get_type()) + ": " + words
                          : std::string("unexpected C++ exception"));
        break;
    default: /* JFX_IO, JFX_INVALID: Xapian's words say it best */
        text = where + words;
        break;
    }
    if (!f.detail.empty())
        text += " (" + f.detail + ")";
    return text;
}

/* Records STATUS's message where F says.  Never throws: if the message
 * cannot be built, a short literal (which fits std::string's small buffer,
 * so assigning it does not allocate) is stored instead. */
jfx_status_t report(const Failure &f, jfx_status_t status,
                    const Xapian::Error *e) noexcept
{
    try {
        std::string text = explain(status, f, e);
        if (f.error)
            *f.error = text;
        if (f.message)
            *f.message = strdup(text.c_str());
    } catch (...) {
        if (f.error)
            f.error->assign("out of memory");
        if (f.message)
            *f.message = strdup("out of memory");
    }
    return status;
}

/* Runs BODY, turning anything it throws into a status and a message. */
template <typename Body>
jfx_status_t guard(Failure &f, Body &&body) noexcept
{
    try {
        body();
        return JFX_OK;
    } catch (const Xapian::Error &e) {
        return report(f, classify_current(f.subject), &e);
    } catch (const std::bad_alloc &) {
        return report(f, JFX_NO_MEMORY, nullptr);
    } catch (...) {
        return report(f, JFX_INTERNAL, nullptr);
    }
}

/* For calls whose failures have nowhere to go but their return value. */
template <typename Body>
jfx_status_t guard_quietly(Body &&body) noexcept
{
    Failure nowhere;
    return guard(nowhere, std::forward<Body>(body));
}

void require(bool condition, const char *what)
{
    if (!condition)
        throw Xapian::InvalidArgumentError(what);
}

/* A malloc'd, NUL-terminated copy of S, for the caller to free(). */
char *malloc_copy(const std::string &s)
{
    char *copy = static_cast<char *>(malloc(s.size() + 1));
    if (!copy)
        throw std::bad_alloc();
    memcpy(copy, s.data(), s.size());
    copy[s.size()] = '\0';
    return copy;
}

Failure on_db(jfx_db_t *db)
{
    Failure f;
    f.subject = db->label.c_str();
    f.error = &db->error;
    return f;
}

Failure on_writer(jfx_writer_t *w)
{
    Failure f;
    f.subject = w->path.c_str();
    f.error = &w->error;
    return f;
}

void add_shard(jfx_db_t *db, const Xapian::Database &shard,
               const std::string &name)
{
    db->shards.push_back(shard);
    db->names.push_back(name);
    db->all.add_database(shard);
    if (!db->label.empty())
        db->label += " + ";
    db->label += name;
}

/* Connects to xapian-tcpsrv at HOST:PORT.  With skip_unreachable, a
 * shard that cannot be reached is noted as missing instead. */
void add_remote(jfx_db_t *db, const std::string &host, unsigned port,
                unsigned timeout_ms)
{
    std::string name = host + ":" + std::to_string(port);
    require(!host.empty(), "no host given for the remote shard");
    require(port > 0 && port <= 65535, "remote shard port out of range");
    try {
        add_shard(db, Xapian::Remote::open(host, port, timeout_ms, timeout_ms),
                  name);
    } catch (const Xapian::NetworkError &e) {
        if (!db->skip_unreachable)
            throw Xapian::NetworkError(name + ": " + e.get_msg(),
                                       e.get_context());
        db->missing.push_back(name + ": " + e.get_msg());
    }
}

/* Runs PROGRAM ARGS and talks to the xapian-progsrv it starts. */
void add_program(jfx_db_t *db, const std::string &program,
                 const std::string &args, unsigned timeout_ms)
{
    std::string name = program + " " + args;
    try {
        add_shard(db, Xapian::Remote::open(program, args, timeout_ms), name);
    } catch (const Xapian::NetworkError &e) {
        if (!db->skip_unreachable)
            throw Xapian::NetworkError(name + ": " + e.get_msg(),
                                       e.get_context());
        db->missing.push_back(name + ": " + e.get_msg());
    }
}

/* A directory holding a file of this name is a stub database. */
const char stub_in_directory[] = "/XAPIANDB";

/* The stub file PATH names, or "" when PATH is a database directory. */
std::string stub_file(const std::string &path)
{
    struct stat st;
    if (stat(path.c_str(), &st) != 0)
        return "";
    if (S_ISREG(st.st_mode))
        return path;
    std::string inside = path + stub_in_directory;
    if (S_ISDIR(st.st_mode) && stat(inside.c_str(), &st) == 0 &&
        S_ISREG(st.st_mode))
        return inside;
    return "";
}

void add_path(jfx_db_t *db, const std::string &path, int depth);

/* Reads a stub file as Xapian does (lines "auto|glass|chert PATH", PATH
 * relative to the stub's directory, "remote :HOST:PORT" and "remote
 * PROGRAM ARGS"; blank lines and # comments ignored), adding each
 * database it lists. */
void add_stub(jfx_db_t *db, const std::string &stub, int depth)
{
    FILE *f = fopen(stub.c_str(), "r");
    if (!f)
        throw Xapian::DatabaseOpeningError(stub + ": cannot read the stub file",
                                           errno);
    std::string dir = stub.substr(0, stub.find_last_of('/') + 1);
    std::vector<std::string> lines;
    char buffer[4096];
    while (fgets(buffer, sizeof buffer, f))
        lines.emplace_back(buffer);
    fclose(f);
    unsigned number = 0;
    for (std::string line : lines) {
        number++;
        while (!line.empty() && isspace(static_cast<unsigned char>(line.back())))
            line.pop_back();
        size_t start = line.find_first_not_of(" \t");
        if (start == std::string::npos || line[start] == '#')
            continue;
        line.erase(0, start);
        size_t space = line.find_first_of(" \t");
        std::string type = line.substr(0, space);
        std::string arg = space == std::string::npos
            ? "" : line.substr(line.find_first_not_of(" \t", space));
        std::string where = stub + ":" + std::to_string(number) + ": ";
        if (type == "auto" || type == "glass" || type == "chert") {
            if (arg.empty())
                throw Xapian::DatabaseOpeningError(where + "no path given");
            std::string listed = arg[0] == '/' ? arg : dir + arg;
            if (!path_exists(listed.c_str()))
                throw Xapian::InvalidArgumentError(
                    "line " + std::to_string(number) + " lists " + listed +
                    ", which does not exist");
            add_path(db, listed, depth + 1);
        } else if (type == "remote" && arg.size() > 1 && arg[0] == ':') {
            size_t colon = arg.rfind(':');
            char *end;
            unsigned long port = strtoul(arg.c_str() + colon + 1, &end, 10);
            if (colon == 0 || *end != '\0' || port == 0 || port > 65535)
                throw Xapian::DatabaseOpeningError(
                    where + "expected remote :HOST:PORT");
            add_remote(db, arg.substr(1, colon - 1), static_cast<unsigned>(port),
                       db->remote_timeout_ms);
        } else if (type == "remote" && !arg.empty()) {
            /* "remote PROGRAM ARGS": a shard served over the program's
             * stdin and stdout, e.g. ssh HOST xapian-progsrv DB. */
            size_t gap = arg.find_first_of(" \t");
            std::string program = arg.substr(0, gap);
            std::string args = gap == std::string::npos
                ? "" : arg.substr(arg.find_first_not_of(" \t", gap));
            add_program(db, program, args, db->remote_timeout_ms);
        } else {
            throw Xapian::DatabaseOpeningError(
                where + "expected 'auto PATH' or 'remote :HOST:PORT' or "
                "'remote PROGRAM ARGS', not '" +
                line + "'");
        }
    }
}

/* Adds the database at PATH, or every database of the stub file it is. */
void add_path(jfx_db_t *db, const std::string &path, int depth)
{
    if (depth > 8)
        throw Xapian::DatabaseOpeningError(path + ": stub files nest too deep");
    std::string stub = stub_file(path);
    if (stub.empty())
        add_shard(db, Xapian::Database(path), path);
    else
        add_stub(db, stub, depth);
}

/* Starts the transaction that keeps a writer's changes uncommitted until
 * jfx_writer_commit.  Unflushed: beginning it does not commit. */
void begin_discardable(jfx_writer_t *w)
{
    if (!w->in_transaction && !w->scratch) {
        w->db.begin_transaction(false);
        w->in_transaction = true;
    }
}

Xapian::WritableDatabase open_writable(const char *path, int action,
                                       unsigned lock_timeout_ms,
                                       Failure &f)
{
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    const auto retry_every = std::chrono::milliseconds(50);
    /* Xapian's DB_RETRY_LOCK waits forever, so the waiting is done here. */
    for (;;) {
        try {
            return Xapian::WritableDatabase(path, action);
        } catch (const Xapian::DatabaseLockError &) {
            auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
                clock::now() - start);
            if (waited.count() >= static_cast<long long>(lock_timeout_ms)) {
                if (lock_timeout_ms > 0)
                    f.detail = "waited " + std::to_string(waited.count()) + " ms";
                throw;
            }
            auto left = std::chrono::milliseconds(lock_timeout_ms) - waited;
            std::this_thread::sleep_for(left < retry_every ? left : retry_every);
        }
    }
}

Xapian::Query::op xapian_op(jfx_op_t op)
{
    switch (op) {
    case JFX_OP_AND: return Xapian::Query::OP_AND;
    case JFX_OP_OR: return Xapian::Query::OP_OR;
    case JFX_OP_AND_NOT: return Xapian::Query::OP_AND_NOT;
    case JFX_OP_AND_MAYBE: return Xapian::Query::OP_AND_MAYBE;
    case JFX_OP_FILTER: return Xapian::Query::OP_FILTER;
    case JFX_OP_PHRASE: return Xapian::Query::OP_PHRASE;
    case JFX_OP_NEAR: return Xapian::Query::OP_NEAR;
    case JFX_OP_SYNONYM: return Xapian::Query::OP_SYNONYM;
    }
    throw Xapian::InvalidArgumentError("unknown query operator");
}

/* A new handle around Q, or NULL when that fails. */
jfx_query_t *wrap_query(const Xapian::Query &q) noexcept
{
    return new (std::nothrow) jfx_query_t{q};
}

const Hit *hit_at(const jfx_results_t *r, size_t i)
{
    return r && i < r->hits.size() ? &r->hits[i] : nullptr;
}

}  // namespace

/* ------------------------------------------------------------------ */

JFX_API const char *jfx_status_to_string(jfx_status_t status)
{
    switch (status) {
    case JFX_OK: return "success";
    case JFX_LOCKED: return "index locked";
    case JFX_NOT_FOUND: return "not found";
    case JFX_CORRUPT: return "index damaged";
    case JFX_MODIFIED: return "index modified";
    case JFX_BAD_QUERY: return "bad query";
    case JFX_IO: return "input/output error";
    case JFX_NO_MEMORY: return "out of memory";
    case JFX_INVALID: return "invalid argument";
    case JFX_NETWORK: return "network error";
    case JFX_INTERNAL: return "internal error";
    }
    return "unknown status";
}

JFX_API const char *jfx_library_version(void)
{
    return Xapian::version_string();
}

/* ------------------------------------------------------------------ */

JFX_API jfx_status_t jfx_db_open(const char *path, jfx_db_t **db,
                                 char **message)
{
    if (message)
        *message = nullptr;
    if (!db)
        return JFX_INVALID;
    *db = nullptr;
    Failure f;
    f.subject = path;
    f.message = message;
    jfx_db_t *opened = nullptr;
    jfx_status_t status = guard(f, [&] {
        require(path, "no index path given");
        opened = new jfx_db_t;
        add_path(opened, path, 0);
        if (opened->shards.empty())
            throw Xapian::DatabaseOpeningError(std::string(path) +
                                               ": the stub file lists no "
                                               "database");
    });
    if (status == JFX_OK)
        *db = opened;
    else
        delete opened;
    return status;
}

JFX_API jfx_status_t jfx_db_add_shard(jfx_db_t *db, const char *path)
{
    if (!db)
        return JFX_INVALID;
    Failure f = on_db(db);
    f.subject = path;
    return guard(f, [&] {
        require(path, "no shard path given");
        add_path(db, path, 0);
    });
}

JFX_API jfx_status_t jfx_db_add_remote(jfx_db_t *db, const char *host,
                                       unsigned port, unsigned timeout_ms)
{
    if (!db)
        return JFX_INVALID;
    Failure f = on_db(db);
    std::string name;
    return guard(f, [&] {
        require(host, "no host given for the remote shard");
        name = std::string(host) + ":" + std::to_string(port);
        f.subject = name.c_str();
        /* Xapian's "0 = default" differs (0 there means no timeout). */
        add_remote(db, host, port, timeout_ms ? timeout_ms : 10000);
    });
}

JFX_API jfx_db_t *jfx_db_new(unsigned remote_timeout_ms,
                             bool skip_unreachable)
{
    jfx_db_t *db = new (std::nothrow) jfx_db_t;
    if (db) {
        if (remote_timeout_ms)
            db->remote_timeout_ms = remote_timeout_ms;
        db->skip_unreachable = skip_unreachable;
    }
    return db;
}

JFX_API const char *jfx_db_shard_name(const jfx_db_t *db, size_t i)
{
    return db && i < db->names.size() ? db->names[i].c_str() : "";
}

JFX_API size_t jfx_db_missing_count(const jfx_db_t *db)
{
    return db ? db->missing.size() : 0;
}

JFX_API const char *jfx_db_missing(const jfx_db_t *db, size_t i)
{
    return db && i < db->missing.size() ? db->missing[i].c_str() : "";
}

JFX_API jfx_status_t jfx_db_probe_shard(jfx_db_t *db, size_t i)
{
    if (!db || i >= db->shards.size())
        return JFX_INVALID;
    Failure f = on_db(db);
    f.subject = db->names[i].c_str();
    /* A round trip to a remote shard; nothing for a local one. */
    return guard(f, [&] { db->shards[i].keep_alive(); });
}

JFX_API jfx_status_t jfx_db_drop_shard(jfx_db_t *db, size_t i)
{
    if (!db || i >= db->shards.size())
        return JFX_INVALID;
    Failure f = on_db(db);
    return guard(f, [&] {
        db->missing.push_back(db->names[i] + ": " + db->error);
        db->shards.erase(db->shards.begin() + static_cast<long>(i));
        db->names.erase(db->names.begin() + static_cast<long>(i));
        db->all = Xapian::Database();
        db->label.clear();
        for (size_t k = 0; k < db->shards.size(); k++) {
            db->all.add_database(db->shards[k]);
            db->label += (k ? " + " : "") + db->names[k];
        }
    });
}

JFX_API jfx_status_t jfx_db_reopen(jfx_db_t *db)
{
    if (!db)
        return JFX_INVALID;
    Failure f = on_db(db);
    /* The shard handles share their internals with the union, so this
     * moves them too. */
    return guard(f, [&] { db->all.reopen(); });
}

JFX_API const char *jfx_db_last_error(const jfx_db_t *db)
{
    return db ? db->error.c_str() : "no database";
}

JFX_API void jfx_db_close(jfx_db_t *db)
{
    delete db;
}

JFX_API jfx_status_t jfx_db_doc_count(jfx_db_t *db, uint64_t *count)
{
    if (!db || !count)
        return JFX_INVALID;
    Failure f = on_db(db);
    return guard(f, [&] { *count = db->all.get_doccount(); });
}

JFX_API size_t jfx_db_shard_count(const jfx_db_t *db)
{
    return db ? db->shards.size() : 0;
}

JFX_API jfx_status_t jfx_db_average_length(jfx_db_t *db, double *avg)
{
    if (!db || !avg)
        return JFX_INVALID;
    Failure f = on_db(db);
    return guard(f, [&] { *avg = db->all.get_avlength(); });
}

JFX_API jfx_status_t jfx_db_term_freq(jfx_db_t *db, const char *term,
                                      uint64_t *freq)
{
    if (!db || !freq)
        return JFX_INVALID;
    Failure f = on_db(db);
    return guard(f, [&] {
        require(term, "no term given");
        *freq = db->all.get_termfreq(term);
    });
}

JFX_API jfx_status_t jfx_db_get_metadata(jfx_db_t *db, const char *key,
                                         char **value, size_t *len)
{
    if (!db || !value)
        return JFX_INVALID;
    *value = nullptr;
    Failure f = on_db(db);
    return guard(f, [&] {
        require(key, "no metadata key given");
        std::string found;
        for (const Xapian::Database &shard : db->shards) {
            found = shard.get_metadata(key);
            if (!found.empty())
                break;
        }
        *value = malloc_copy(found);
        if (len)
            *len = found.size();
    });
}

JFX_API jfx_status_t jfx_db_each_metadata(jfx_db_t *db, const char *prefix,
                                          jfx_metadata_fn fn, void *ctx)
{
    if (!db || !fn)
        return JFX_INVALID;
    Failure f = on_db(db);
    return guard(f, [&] {
        std::string start = prefix ? prefix : "";
        for (const Xapian::Database &shard : db->shards) {
            for (auto k = shard.metadata_keys_begin(start);
                 k != shard.metadata_keys_end(start); ++k) {
                std::string value = shard.get_metadata(*k);
                if (fn((*k).c_str(), value.data(), value.size(), ctx))
                    return;
            }
        }
    });
}

JFX_API jfx_status_t jfx_db_each_term(jfx_db_t *db, const char *prefix,
                                      jfx_term_fn fn, void *ctx)
{
    if (!db || !fn)
        return JFX_INVALID;
    Failure f = on_db(db);
    return guard(f, [&] {
        std::string start = prefix ? prefix : "";
        for (auto t = db->all.allterms_begin(start);
             t != db->all.allterms_end(start); ++t) {
            std::string term = *t;
            if (fn(term.c_str(), t.get_termfreq(), ctx))
                break;
        }
    });
}

JFX_API jfx_status_t jfx_db_each_spelling(jfx_db_t *db, jfx_term_fn fn,
                                          void *ctx)
{
    if (!db || !fn)
        return JFX_INVALID;
    Failure f = on_db(db);
    return guard(f, [&] {
        for (auto w = db->all.spellings_begin(); w != db->all.spellings_end();
             ++w) {
            if (fn((*w).c_str(), w.get_termfreq(), ctx))
                break;
        }
    });
}

JFX_API jfx_status_t jfx_db_spelling_suggestion(jfx_db_t *db, const char *word,
                                                unsigned max_edits,
                                                char **suggestion)
{
    if (!db || !suggestion)
        return JFX_INVALID;
    *suggestion = nullptr;
    Failure f = on_db(db);
    return guard(f, [&] {
        require(word, "no word given");
        *suggestion = malloc_copy(db->all.get_spelling_suggestion(word, max_edits));
    });
}

/* ------------------------------------------------------------------ */

JFX_API jfx_doc_t *jfx_doc_new(void)
{
    return new (std::nothrow) jfx_doc_t;
}

JFX_API void jfx_doc_destroy(jfx_doc_t *doc)
{
    delete doc;
}

JFX_API jfx_status_t jfx_doc_add_posting(jfx_doc_t *doc, const char *term,
                                         unsigned pos, unsigned wdf_inc)
{
    if (!doc || !term)
        return JFX_INVALID;
    return guard_quietly([&] { doc->doc.add_posting(term, pos, wdf_inc); });
}

JFX_API jfx_status_t jfx_doc_add_term(jfx_doc_t *doc, const char *term,
                                      unsigned wdf_inc)
{
    if (!doc || !term)
        return JFX_INVALID;
    return guard_quietly([&] { doc->doc.add_term(term, wdf_inc); });
}

JFX_API jfx_status_t jfx_doc_add_boolean_term(jfx_doc_t *doc, const char *term)
{
    if (!doc || !term)
        return JFX_INVALID;
    return guard_quietly([&] { doc->doc.add_boolean_term(term); });
}

JFX_API jfx_status_t jfx_doc_set_data(jfx_doc_t *doc, const void *data,
                                      size_t len)
{
    if (!doc || (!data && len))
        return JFX_INVALID;
    return guard_quietly([&] {
        doc->doc.set_data(std::string(static_cast<const char *>(data), len));
    });
}

JFX_API jfx_status_t jfx_doc_set_value(jfx_doc_t *doc, unsigned slot,
                                       const void *value, size_t len)
{
    if (!doc || (!value && len))
        return JFX_INVALID;
    return guard_quietly([&] {
        doc->doc.add_value(slot,
                           std::string(static_cast<const char *>(value), len));
    });
}

/* ------------------------------------------------------------------ */

JFX_API jfx_status_t jfx_writer_open(const char *path, int flags,
                                     unsigned lock_timeout_ms,
                                     jfx_writer_t **writer, char **message)
{
    if (message)
        *message = nullptr;
    if (!writer)
        return JFX_INVALID;
    *writer = nullptr;
    Failure f;
    f.subject = path;
    f.message = message;
    jfx_writer_t *opened = nullptr;
    jfx_status_t status = guard(f, [&] {
        require(path, "no index path given");
        int action = Xapian::DB_OPEN;
        if (flags & JFX_WRITER_OVERWRITE)
            action = Xapian::DB_CREATE_OR_OVERWRITE;
        else if (flags & JFX_WRITER_CREATE)
            action = Xapian::DB_CREATE_OR_OPEN;
        if (flags & (JFX_WRITER_NO_SYNC | JFX_WRITER_SCRATCH))
            action |= Xapian::DB_NO_SYNC;
        opened = new jfx_writer_t;
        opened->path = path;
        opened->scratch = (flags & JFX_WRITER_SCRATCH) != 0;
        opened->db = open_writable(path, action, lock_timeout_ms, f);
        begin_discardable(opened);
    });
    /* On failure nothing was written, so destroying cannot commit anything. */
    if (status == JFX_OK)
        *writer = opened;
    else
        delete opened;
    return status;
}

JFX_API jfx_status_t jfx_writer_replace(jfx_writer_t *w, const char *unique_term,
                                        const jfx_doc_t *doc)
{
    if (!w)
        return JFX_INVALID;
    Failure f = on_writer(w);
    return guard(f, [&] {
        require(unique_term && *unique_term, "no unique term given");
        require(doc, "no document given");
        w->db.replace_document(unique_term, doc->doc);
    });
}

JFX_API jfx_status_t jfx_writer_delete(jfx_writer_t *w, const char *term)
{
    if (!w)
        return JFX_INVALID;
    Failure f = on_writer(w);
    return guard(f, [&] {
        require(term && *term, "no term given");
        w->db.delete_document(term);
    });
}

JFX_API jfx_status_t jfx_writer_set_metadata(jfx_writer_t *w, const char *key,
                                             const void *value, size_t len)
{
    if (!w)
        return JFX_INVALID;
    Failure f = on_writer(w);
    return guard(f, [&] {
        require(key && *key, "no metadata key given");
        require(value || !len, "no metadata value given");
        w->db.set_metadata(key,
                           std::string(static_cast<const char *>(value), len));
    });
}

JFX_API jfx_status_t jfx_writer_get_metadata(jfx_writer_t *w, const char *key,
                                             char **value, size_t *len)
{
    if (!w || !value)
        return JFX_INVALID;
    *value = nullptr;
    Failure f = on_writer(w);
    return guard(f, [&] {
        require(key, "no metadata key given");
        std::string found = w->db.get_metadata(key);
        *value = malloc_copy(found);
        if (len)
            *len = found.size();
    });
}

JFX_API jfx_status_t jfx_writer_add_spelling(jfx_writer_t *w, const char *word,
                                             int freq_inc)
{
    if (!w)
        return JFX_INVALID;
    Failure f = on_writer(w);
    return guard(f, [&] {
        require(word && *word, "no word given");
        if (freq_inc > 0)
            w->db.add_spelling(word, static_cast<Xapian::termcount>(freq_inc));
        else if (freq_inc < 0)
            w->db.remove_spelling(word,
                                  -static_cast<Xapian::termcount>(freq_inc));
    });
}

JFX_API jfx_status_t jfx_writer_commit(jfx_writer_t *w)
{
    if (!w)
        return JFX_INVALID;
    Failure f = on_writer(w);
    return guard(f, [&] {
        /* Ending an unflushed transaction writes nothing; commit() does. */
        if (w->in_transaction) {
            w->in_transaction = false;
            w->db.commit_transaction();
        }
        w->db.commit();
        begin_discardable(w);
    });
}

JFX_API const char *jfx_writer_last_error(const jfx_writer_t *w)
{
    return w ? w->error.c_str() : "no writer";
}

JFX_API void jfx_writer_close(jfx_writer_t *w)
{
    if (!w)
        return;
    /* close() commits unless a transaction is active, so cancel one, first
     * starting it if a failed commit left none.  A scratch writer has
     * none: what it wrote is discarded with its files. */
    guard_quietly([&] {
        begin_discardable(w);
        if (w->in_transaction)
            w->db.cancel_transaction();
        w->db.close();
    });
    delete w;
}

JFX_API jfx_status_t jfx_compact(const char *const *sources, size_t n,
                                 const char *destination, char **message)
{
    if (message)
        *message = nullptr;
    Failure f;
    f.subject = destination;
    f.message = message;
    return guard(f, [&] {
        require(destination, "no destination given for compacting");
        require(sources && n > 0, "nothing to compact");
        if (path_exists(destination)) {
            f.detail = "compacting writes a new index";
            throw Xapian::InvalidArgumentError("already exists");
        }
        Xapian::Database merged;
        for (size_t i = 0; i < n; i++) {
            f.subject = sources[i];
            require(sources[i], "a source to compact is missing");
            merged.add_database(Xapian::Database(sources[i]));
        }
        f.subject = destination;
        /* FULL, as xapian-compact does by default: blocks filled up. */
        merged.compact(destination, Xapian::Compactor::FULL);
    });
}

/* ------------------------------------------------------------------ */

JFX_API jfx_query_t *jfx_query_term(const char *term, unsigned wqf,
                                    unsigned pos)
{
    if (!term)
        return nullptr;
    jfx_query_t *q = nullptr;
    guard_quietly([&] { q = wrap_query(Xapian::Query(term, wqf, pos)); });
    return q;
}

JFX_API jfx_query_t *jfx_query_combine(jfx_op_t op,
                                       const jfx_query_t *const *children,
                                       size_t n, unsigned window)
{
    if (n > 0 && !children)
        return nullptr;
    jfx_query_t *q = nullptr;
    guard_quietly([&] {
        Xapian::Query::op xop = xapian_op(op);
        if (n == 0) {
            q = wrap_query(Xapian::Query::MatchNothing);
            return;
        }
        std::vector<Xapian::Query> subqueries;
        subqueries.reserve(n);
        for (size_t i = 0; i < n; i++) {
            require(children[i], "a subquery is missing");
            subqueries.push_back(children[i]->query);
        }
        q = wrap_query(Xapian::Query(xop, subqueries.begin(), subqueries.end(),
                                     window));
    });
    return q;
}

JFX_API jfx_query_t *jfx_query_value_range(unsigned slot, const char *lo,
                                           const char *hi)
{
    jfx_query_t *q = nullptr;
    guard_quietly([&] {
        if (lo && hi)
            q = wrap_query(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot,
                                         lo, hi));
        else if (hi)
            q = wrap_query(Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi));
        else
            q = wrap_query(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot,
                                         lo ? lo : ""));
    });
    return q;
}

JFX_API jfx_query_t *jfx_query_scale(const jfx_query_t *q, double factor)
{
    if (!q)
        return nullptr;
    jfx_query_t *scaled = nullptr;
    guard_quietly([&] {
        scaled = wrap_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                          q->query, factor));
    });
    return scaled;
}

JFX_API jfx_query_t *jfx_query_value_weights(unsigned slot,
                                             const char *const *keys,
                                             const size_t *lens,
                                             const double *weights, size_t n)
{
    if (n > 0 && (!keys || !lens || !weights))
        return nullptr;
    jfx_query_t *q = nullptr;
    guard_quietly([&] {
        auto *source = new Xapian::ValueMapPostingSource(slot);
        /* The query owns it from here (reference counted). */
        Xapian::Query query(source->release());
        for (size_t i = 0; i < n; i++) {
            require(keys[i] && weights[i] >= 0, "a bad value weight");
            source->add_mapping(std::string(keys[i], lens[i]), weights[i]);
        }
        q = wrap_query(query);
    });
    return q;
}

JFX_API jfx_query_t *jfx_query_match_all(void)
{
    return wrap_query(Xapian::Query::MatchAll);
}

JFX_API jfx_query_t *jfx_query_match_nothing(void)
{
    return wrap_query(Xapian::Query::MatchNothing);
}

JFX_API char *jfx_query_describe(const jfx_query_t *q)
{
    if (!q)
        return nullptr;
    char *text = nullptr;
    guard_quietly([&] { text = malloc_copy(q->query.get_description()); });
    return text;
}

JFX_API void jfx_query_destroy(jfx_query_t *q)
{
    delete q;
}

/* ------------------------------------------------------------------ */

JFX_API void jfx_search_params_init(jfx_search_params_t *params)
{
    if (!params)
        return;
    params->k1 = 1;
    params->k2 = 0;
    params->k3 = 1;
    params->b = 0.5;
    params->min_normlen = 0.5;
    params->offset = 0;
    params->limit = 10;
    params->collapse_slot = -1;
    params->tiebreak_slot = -1;
    params->collapse_max = 1;
    params->check_at_least = 0;
    params->ids_only = 0;
}

JFX_API jfx_status_t jfx_search(jfx_db_t *db, const jfx_query_t *q,
                                const jfx_search_params_t *params,
                                jfx_results_t **results)
{
    if (!db || !results)
        return JFX_INVALID;
    *results = nullptr;
    Failure f = on_db(db);
    jfx_results_t *r = nullptr;
    jfx_status_t status = guard(f, [&] {
        require(q, "no query given");
        jfx_search_params_t defaults;
        jfx_search_params_init(&defaults);
        const jfx_search_params_t &p = params ? *params : defaults;

        Xapian::Enquire enquire(db->all);
        enquire.set_query(q->query);
        enquire.set_weighting_scheme(
            Xapian::BM25Weight(p.k1, p.k2, p.k3, p.b, p.min_normlen));
        if (p.tiebreak_slot >= 0)
            enquire.set_sort_by_relevance_then_value(
                static_cast<Xapian::valueno>(p.tiebreak_slot), false);
        if (p.collapse_slot >= 0)
            enquire.set_collapse_key(static_cast<Xapian::valueno>(p.collapse_slot),
                                     p.collapse_max ? p.collapse_max : 1);
        /* Counting: Xapian 1.4's remote backend does not carry collapse
         * counts (they come back 0), but it does merge match spies, so
         * the documents per key are counted by one, over every match. */
        bool counting = p.ids_only && p.collapse_slot >= 0;
        Xapian::ValueCountMatchSpy per_key(
            static_cast<Xapian::valueno>(counting ? p.collapse_slot : 0));
        Xapian::doccount check = p.check_at_least;
        if (counting) {
            enquire.add_matchspy(&per_key);
            check = std::max(check, db->all.get_doccount());
        }
        Xapian::MSet mset = enquire.get_mset(p.offset, p.limit, check);
        std::map<std::string, Xapian::doccount> counts;
        if (counting)
            for (auto v = per_key.values_begin(); v != per_key.values_end(); ++v)
                counts[*v] = v.get_termfreq();
        /* Not mset.fetch(): in Xapian 1.4.22 it crashes when the offset is
         * not 0; the range form works. */
        if (!p.ids_only)
            mset.fetch(mset.begin(), mset.end());

        r = new jfx_results_t;
        r->db = db->all;
        r->total = mset.get_matches_estimated();
        r->lower = mset.get_matches_lower_bound();
        r->upper = mset.get_matches_upper_bound();
        r->hits.reserve(mset.size());
        /* Copy now: a Document loads lazily, from whatever revision the
         * database is at by then. */
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            Hit hit;
            hit.docid = *it;
            hit.weight = it.get_weight();
            hit.collapsed = it.get_collapse_count();
            hit.length = 0;
            if (counting) {
                auto c = counts.find(it.get_collapse_key());
                hit.collapsed = c != counts.end() && c->second > 0 ? c->second - 1
                                                                   : 0;
            }
            if (p.ids_only) {
                /* The matcher read the key already: no document lookup. */
                hit.values_read = true;
                if (p.collapse_slot >= 0)
                    hit.values.emplace(
                        static_cast<Xapian::valueno>(p.collapse_slot),
                        it.get_collapse_key());
                r->hits.push_back(std::move(hit));
                continue;
            }
            hit.length = db->all.get_doclength(*it);
            hit.data = it.get_document().get_data();
            hit.values_read = false;
            r->hits.push_back(std::move(hit));
        }
    });
    if (status == JFX_OK)
        *results = r;
    else
        delete r;
    return status;
}

JFX_API size_t jfx_results_count(const jfx_results_t *r)
{
    return r ? r->hits.size() : 0;
}

JFX_API uint64_t jfx_results_total(const jfx_results_t *r)
{
    return r ? r->total : 0;
}

JFX_API uint64_t jfx_results_total_lower(const jfx_results_t *r)
{
    return r ? r->lower : 0;
}

JFX_API uint64_t jfx_results_total_upper(const jfx_results_t *r)
{
    return r ? r->upper : 0;
}

JFX_API unsigned jfx_results_docid(const jfx_results_t *r, size_t i)
{
    const Hit *hit = hit_at(r, i);
    return hit ? hit->docid : 0;
}

JFX_API double jfx_results_weight(const jfx_results_t *r, size_t i)
{
    const Hit *hit = hit_at(r, i);
    return hit ? hit->weight : 0.0;
}

JFX_API const char *jfx_results_data(const jfx_results_t *r, size_t i,
                                     size_t *len)
{
    const Hit *hit = hit_at(r, i);
    if (len)
        *len = hit ? hit->data.size() : 0;
    return hit ? hit->data.c_str() : nullptr;
}

JFX_API const char *jfx_results_value(const jfx_results_t *r, size_t i,
                                      unsigned slot, size_t *len)
{
    Hit *hit = const_cast<Hit *>(hit_at(r, i));
    if (len)
        *len = 0;
    if (!hit)
        return nullptr;
    if (!hit->values_read) {
        hit->values_read = true;
        guard_quietly([&] {
            Xapian::Document doc = r->db.get_document(hit->docid);
            for (auto v = doc.values_begin(); v != doc.values_end(); ++v)
                hit->values.emplace(v.get_valueno(), *v);
        });
    }
    auto v = hit->values.find(slot);
    if (v == hit->values.end())
        return "";
    if (len)
        *len = v->second.size();
    return v->second.c_str();
}

JFX_API uint64_t jfx_results_collapsed(const jfx_results_t *r, size_t i)
{
    const Hit *hit = hit_at(r, i);
    return hit ? hit->collapsed : 0;
}

JFX_API uint64_t jfx_results_doc_length(const jfx_results_t *r, size_t i)
{
    const Hit *hit = hit_at(r, i);
    return hit ? hit->length : 0;
}

JFX_API uint64_t jfx_results_term_wdf(const jfx_results_t *r, size_t i,
                                      const char *term)
{
    const Hit *hit = hit_at(r, i);
    if (!hit || !term)
        return 0;
    uint64_t wdf = 0;
    /* Read from the index (terms are not copied at search time): after a
     * reopen this sees the current revision of the document. */
    guard_quietly([&] {
        Xapian::TermIterator t = r->db.termlist_begin(hit->docid);
        t.skip_to(term);
        if (t != r->db.termlist_end(hit->docid) && *t == term)
            wdf = t.get_wdf();
    });
    return wdf;
}

JFX_API void jfx_results_destroy(jfx_results_t *r)
{
    delete r;
}
