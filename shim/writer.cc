/* writer.cc - documents, the writer, and compacting.
 *
 * A WritableDatabase commits pending changes when closed or destroyed, so
 * a writer lives inside an unflushed transaction that only
 * jfx_writer_commit ends, and jfx_writer_close cancels it.
 */
#include <chrono>
#include <string>
#include <thread>

#include "jfx-private.h"

using namespace jfx;

namespace {

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

}  // namespace

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
    if (!doc || !term || !*term)
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
        require(key && *key, "no metadata key given");
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
                                 const char *destination, unsigned block_size,
                                 char **message)
{
    if (message)
        *message = nullptr;
    Failure f;
    f.subject = destination;
    f.message = message;
    return guard(f, [&] {
        require(destination, "no destination given for compacting");
        require(sources && n > 0, "nothing to compact");
        require(block_size == 0 ||
                    (block_size >= 2048 && block_size <= 65536 &&
                     (block_size & (block_size - 1)) == 0),
                "the block size must be a power of two from 2048 to 65536");
        if (path_exists(destination)) {
            f.detail = "compacting writes a new index";
            throw Xapian::InvalidArgumentError("already exists");
        }
        Xapian::Database merged;
        for (size_t i = 0; i < n; i++) {
            f.subject = sources[i];
            require(sources[i], "a source to compact is missing");
            merged.add_database(
                Xapian::Database(sources[i], Xapian::DB_BACKEND_GLASS));
        }
        f.subject = destination;
        /* FULL, as xapian-compact does by default: blocks filled up. */
        merged.compact(destination, Xapian::Compactor::FULL,
                       static_cast<int>(block_size));
    });
}
