/* search.cc - running a query, and the results copied out of it. */
#include "jfx-private.h"

#include <algorithm>
#include <vector>

using namespace jfx;

namespace {

const Hit *hit_at(const jfx_results_t *r, size_t i)
{
    return r && i < r->hits.size() ? &r->hits[i] : nullptr;
}

/* Reads SLOT for every hit of R that lacks it, in document order: the
 * value streams keep neighbouring documents' values in the same blocks,
 * which a walk in rank order would read again for each hit.  An
 * unreadable value is "". */
void read_values(const jfx_results_t *r, unsigned slot)
{
    auto &hits = const_cast<jfx_results_t *>(r)->hits;
    std::vector<Hit *> missing;
    for (Hit &hit : hits)
        if (hit.values.find(slot) == hit.values.end())
            missing.push_back(&hit);
    std::sort(missing.begin(), missing.end(),
              [](const Hit *a, const Hit *b) { return a->docid < b->docid; });
    for (Hit *hit : missing) {
        std::string value;
        guard_quietly([&] {
            value = r->db.get_document(hit->docid, Xapian::DOC_ASSUME_VALID)
                        .get_value(slot);
        });
        hit->values.emplace(slot, std::move(value));
    }
}

}  // namespace

Xapian::Enquire jfx::make_enquire(const jfx_db_t *db, const jfx_query_t *q,
                                  const jfx_search_params_t &p)
{
    Xapian::Enquire enquire(db->all);
    enquire.set_query(q->query);
    if (p.unweighted)
        enquire.set_weighting_scheme(Xapian::BoolWeight());
    else
        enquire.set_weighting_scheme(
            Xapian::BM25Weight(p.k1, p.k2, p.k3, p.b, p.min_normlen));
    if (p.tiebreak_slot >= 0)
        enquire.set_sort_by_relevance_then_value(
            static_cast<Xapian::valueno>(p.tiebreak_slot), false);
    if (p.collapse_slot >= 0)
        enquire.set_collapse_key(static_cast<Xapian::valueno>(p.collapse_slot),
                                 p.collapse_max ? p.collapse_max : 1);
    return enquire;
}

namespace {

/* Copies MSET's hits into R now: a Document loads lazily, from whatever
 * revision the database is at by then. */
void copy_hits(const jfx_db_t *db, Xapian::MSet &mset,
               const jfx_search_params_t &p, jfx_results_t *r)
{
    /* Not mset.fetch(): in Xapian 1.4.22 it crashes when the offset is
     * not 0; the range form works. */
    if (!p.ids_only)
        mset.fetch(mset.begin(), mset.end());
    r->hits.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Hit hit;
        hit.docid = *it;
        hit.weight = it.get_weight();
        hit.collapsed = it.get_collapse_count();
        hit.length = 0;
        /* The matcher read the key already: no document lookup. */
        if (p.collapse_slot >= 0)
            hit.values.emplace(static_cast<Xapian::valueno>(p.collapse_slot),
                               it.get_collapse_key());
        if (!p.ids_only) {
            hit.length = db->all.get_doclength(*it);
            hit.data = it.get_document().get_data();
        }
        r->hits.push_back(std::move(hit));
    }
}

}  // namespace

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
    params->unweighted = 0;
    params->tally_slot = -1;
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

        Xapian::Enquire enquire = make_enquire(db, q, p);
        std::vector<TallyEntry> tally;
        Xapian::MSet mset =
            p.tally_slot >= 0
                ? tally_search(db, q, p, enquire, tally)
                : enquire.get_mset(p.offset, p.limit, p.check_at_least);

        r = new jfx_results_t;
        r->db = db->all;
        r->total = mset.get_matches_estimated();
        r->lower = mset.get_matches_lower_bound();
        r->upper = mset.get_matches_upper_bound();
        r->tally = std::move(tally);
        copy_hits(db, mset, p, r);
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
    auto v = hit->values.find(slot);
    if (v == hit->values.end()) {
        read_values(r, slot);
        v = hit->values.find(slot);
    }
    if (v->second.empty())
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
