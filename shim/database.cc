/* database.cc - reading: a jfx_db_t is one database or several shards
 * searched as one, local or remote.
 *
 * A local shard is opened with its backend named, so Xapian reads a
 * database directory and nothing else: given a stub file, its own stub
 * support would follow the file's lines, running any "remote PROGRAM"
 * it lists.  Stub files are read above the shim (lib/stub.c).
 */
#include <sstream>

#include "jfx-private.h"

using namespace jfx;

namespace {

/* Xapian's "0 = default" for remote timeouts differs (0 there means no
 * timeout at all). */
const unsigned default_timeout_ms = 10000;

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

/* The database directory PATH (glass: Xapian 1.4's default backend). */
Xapian::Database open_directory(const char *path)
{
    require(path, "no database path given");
    return Xapian::Database(path, Xapian::DB_BACKEND_GLASS);
}

/* Adds the remote shard NAME that OPEN connects to.  With
 * skip_unreachable, a shard that cannot be reached is noted as missing
 * instead. */
template <typename Open>
void add_remote(jfx_db_t *db, const std::string &name, Open &&open)
{
    try {
        add_shard(db, open(), name);
    } catch (const Xapian::NetworkError &e) {
        if (!db->skip_unreachable)
            throw Xapian::NetworkError(name + ": " + e.get_msg(),
                                       e.get_context());
        db->missing.push_back(name + ": " + e.get_msg());
    }
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
        Xapian::Database shard = open_directory(path);
        opened = new jfx_db_t;
        add_shard(opened, shard, path);
    });
    if (status == JFX_OK)
        *db = opened;
    else
        delete opened;
    return status;
}

JFX_API jfx_db_t *jfx_db_new(bool skip_unreachable)
{
    jfx_db_t *db = new (std::nothrow) jfx_db_t;
    if (db)
        db->skip_unreachable = skip_unreachable;
    return db;
}

JFX_API jfx_status_t jfx_db_add_shard(jfx_db_t *db, const char *path)
{
    if (!db)
        return JFX_INVALID;
    Failure f = on_db(db);
    f.subject = path;
    return guard(f, [&] {
        Xapian::Database shard = open_directory(path);
        add_shard(db, shard, path);
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
        require(host && *host, "no host given for the remote shard");
        require(port > 0 && port <= 65535, "remote shard port out of range");
        name = std::string(host) + ":" + std::to_string(port);
        f.subject = name.c_str();
        unsigned timeout = timeout_ms ? timeout_ms : default_timeout_ms;
        add_remote(db, name, [&] {
            return Xapian::Remote::open(host, port, timeout, timeout);
        });
    });
}

JFX_API jfx_status_t jfx_db_add_program(jfx_db_t *db, const char *program,
                                        const char *args, unsigned timeout_ms)
{
    if (!db)
        return JFX_INVALID;
    Failure f = on_db(db);
    std::string name;
    return guard(f, [&] {
        require(program && *program, "no program given for the remote shard");
        std::string arguments = args ? args : "";
        name = program + (arguments.empty() ? "" : " " + arguments);
        f.subject = name.c_str();
        unsigned timeout = timeout_ms ? timeout_ms : default_timeout_ms;
        add_remote(db, name, [&] {
            return Xapian::Remote::open(program, arguments, timeout);
        });
    });
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

JFX_API jfx_status_t jfx_db_revision(jfx_db_t *db, uint64_t *rev)
{
    if (!db || !rev)
        return JFX_INVALID;
    Failure f = on_db(db);
    return guard(f, [&] { *rev = db->all.get_revision(); });
}

JFX_API size_t jfx_db_shard_count(const jfx_db_t *db)
{
    return db ? db->shards.size() : 0;
}

JFX_API const char *jfx_db_shard_name(const jfx_db_t *db, size_t i)
{
    return db && i < db->names.size() ? db->names[i].c_str() : "";
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

JFX_API jfx_status_t jfx_db_each_spelling(jfx_db_t *db, const char *from,
                                          jfx_term_fn fn, void *ctx)
{
    if (!db || !fn)
        return JFX_INVALID;
    Failure f = on_db(db);
    return guard(f, [&] {
        auto w = db->all.spellings_begin();
        if (from && *from)
            w.skip_to(from);
        for (; w != db->all.spellings_end(); ++w) {
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

JFX_API jfx_status_t jfx_db_check(const char *path, char **report)
{
    if (report)
        *report = nullptr;
    if (!path)
        return JFX_INVALID;
    Failure f;
    f.subject = path;
    f.message = report;
    std::ostringstream out;
    size_t errors = 0;
    jfx_status_t status = guard(f, [&] {
        errors = Xapian::Database::check(path, 0, &out);
    });
    if (status != JFX_OK || errors == 0)
        return status;
    if (report)
        *report = malloc_copy(std::to_string(errors) + " error(s): " +
                              out.str());
    return JFX_CORRUPT;
}
