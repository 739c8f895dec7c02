/* jfx-private.h - what the shim's C++ files share (see jfx.h).
 *
 * The handle structs, and the machinery every entry point runs its body
 * in: guard() catches whatever Xapian or the C++ runtime throws, error.cc
 * classifies it into a jfx_status_t and words a one-line message naming
 * the path or host that failed, so no exception ever reaches C.
 *
 * C++ only, not installed, never included by C.  Only the functions of
 * jfx.h are exported (the shim is built with -fvisibility=hidden; JFX_API
 * marks the exports); the helpers here stay hidden in namespace jfx.
 */
#ifndef JFX_PRIVATE_H
#define JFX_PRIVATE_H

#ifndef __cplusplus
#error "jfx-private.h is the shim's C++ inside; C code includes jfx.h"
#endif

#include <xapian.h>

#include <map>
#include <new>
#include <string>
#include <utility>
#include <vector>

#include "jfx.h"

#define JFX_API extern "C" __attribute__((visibility("default")))

struct jfx_db {
    Xapian::Database all;                /* every shard, searched as one */
    /* Each shard on its own too: Database::get_metadata on several
     * shards only consults the first, so metadata is asked shard by
     * shard. */
    std::vector<Xapian::Database> shards;
    std::vector<std::string> names;      /* each shard's path or host:port */
    std::vector<std::string> missing;    /* shards skipped as unreachable */
    std::string label;                   /* the shards' names, for messages */
    std::string error;
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

namespace jfx {

/* One result, copied out of the MSet so that it survives a reopen. */
struct Hit {
    Xapian::docid docid;
    double weight;
    Xapian::doccount collapsed;
    Xapian::termcount length;
    std::string data;
    /* Each read on its first jfx_results_value call, one slot at a time
     * (most searches need none or one, and each costs an index read); the
     * collapse key comes with the hit, as the matcher read it anyway. */
    std::map<Xapian::valueno, std::string> values;
};

/* One value of a tally (jfx_search_params_t.tally_slot). */
struct TallyEntry {
    std::string value;
    Xapian::doccount matches;
    double best;
};

}  // namespace jfx

struct jfx_results {
    Xapian::Database db;  /* jfx_results_term_wdf and values read the index */
    std::vector<jfx::Hit> hits;
    uint64_t total, lower, upper;
    /* With jfx_search_params_t.tally_slot (tally.cc). */
    std::vector<jfx::TallyEntry> tally;
};

namespace jfx {

/* Where a failure is reported: SUBJECT names what failed (a database
 * path, "HOST:PORT", or NULL); the message goes to ERROR (a handle's last
 * error) and/or *MESSAGE (malloc'd for the caller); DETAIL is extra words
 * an entry point adds, such as how long it waited. */
struct Failure {
    const char *subject = nullptr;
    std::string *error = nullptr;
    char **message = nullptr;
    std::string detail;
};

/* Classifies the exception being handled (call only inside a handler). */
jfx_status_t classify_current(const char *subject);

/* Records STATUS's message (E: the Xapian error, if that was the cause)
 * where F says.  Never throws. */
jfx_status_t report(const Failure &f, jfx_status_t status,
                    const Xapian::Error *e) noexcept;

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

/* An Enquire running Q over DB as P says (weights, ties, collapsing;
 * search.cc). */
Xapian::Enquire make_enquire(const jfx_db_t *db, const jfx_query_t *q,
                             const jfx_search_params_t &p);

/* Runs ENQUIRE (made by make_enquire from DB, Q and P) for P's page,
 * examining every match, and tallies the matches by P.tally_slot into
 * OUT (tally.cc). */
Xapian::MSet tally_search(const jfx_db_t *db, const jfx_query_t *q,
                          const jfx_search_params_t &p,
                          Xapian::Enquire &enquire,
                          std::vector<TallyEntry> &out);

/* Throws InvalidArgumentError(WHAT) unless CONDITION holds. */
void require(bool condition, const char *what);

bool path_exists(const char *path);

/* A malloc'd, NUL-terminated copy of S, for the caller to free(). */
char *malloc_copy(const std::string &s);

inline Failure on_db(jfx_db_t *db)
{
    Failure f;
    f.subject = db->label.c_str();
    f.error = &db->error;
    return f;
}

inline Failure on_writer(jfx_writer_t *w)
{
    Failure f;
    f.subject = w->path.c_str();
    f.error = &w->error;
    return f;
}

}  // namespace jfx

#endif /* JFX_PRIVATE_H */
