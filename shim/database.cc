/* database.cc - reading: a jfx_db_t is one database or several shards
 * searched as one, local or remote.
 *
 * Stub files opened by Xapian become one opaque database, with remote
 * shards on Xapian's default timeouts, so stub files are read here, each
 * line becoming a shard of its own.
 */
#include <sys/stat.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "jfx-private.h"

using namespace jfx;

namespace {

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

}  // namespace

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
