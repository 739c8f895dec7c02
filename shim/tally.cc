/* tally.cc - counting the matches of a query by the value in a slot,
 * with the greatest weight per value (jfx_search_params_t.tally_slot).
 *
 * A match spy sees every match with its weight, so one pass of the
 * matcher gives both, in memory that grows with the distinct values and
 * not with the matches: no MSet of one item per value, no collapsing.
 * Values repeat in runs (documents added together have consecutive ids),
 * so the spy compares each value with the previous match's before it
 * looks it up.  The remote backend runs only the spies it knows, so over
 * a remote shard the tally comes from those instead: Xapian's value
 * counts, and the best weight per value from a match collapsed on the
 * slot.
 */
#include <algorithm>
#include <unordered_map>

#include "jfx-private.h"

using namespace jfx;

namespace {

class TallySpy : public Xapian::MatchSpy {
public:
    TallySpy(Xapian::valueno slot, std::vector<TallyEntry> &out)
        : slot_(slot), entries_(out)
    {
    }

    void operator()(const Xapian::Document &doc, double wt) override
    {
        std::string value = doc.get_value(slot_);
        if (value.empty())
            return;
        if (last_ >= entries_.size() || entries_[last_].value != value) {
            auto found = index_.emplace(value, entries_.size());
            if (found.second)
                entries_.push_back(TallyEntry{ value, 0, wt });
            last_ = found.first->second;
        }
        TallyEntry &e = entries_[last_];
        e.matches++;
        e.best = std::max(e.best, wt);
    }

private:
    Xapian::valueno slot_;
    std::vector<TallyEntry> &entries_;
    std::unordered_map<std::string, size_t> index_; /* value -> entry */
    size_t last_ = SIZE_MAX;  /* the previous match's entry */
};

/* The tally from what remote shards can run: every match counted per
 * value, and the best of each value kept by collapsing on the slot. */
void tally_remotely(const jfx_db_t *db, const jfx_query_t *q,
                    const jfx_search_params_t &p,
                    std::vector<TallyEntry> &out)
{
    jfx_search_params_t collapsed = p;
    collapsed.collapse_slot = p.tally_slot;
    collapsed.collapse_max = 1;
    Xapian::Enquire enquire = make_enquire(db, q, collapsed);
    Xapian::valueno slot = static_cast<Xapian::valueno>(p.tally_slot);
    Xapian::ValueCountMatchSpy counts(slot);
    enquire.add_matchspy(&counts);
    Xapian::doccount all = db->all.get_doccount();
    Xapian::MSet mset = enquire.get_mset(0, all, all);
    std::unordered_map<std::string, Xapian::doccount> matches;
    for (auto v = counts.values_begin(); v != counts.values_end(); ++v)
        matches[*v] = v.get_termfreq();
    out.clear();
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        const std::string &value = it.get_collapse_key();
        if (!value.empty())
            out.push_back(TallyEntry{ value, matches[value], it.get_weight() });
    }
}

}  // namespace

Xapian::MSet jfx::tally_search(const jfx_db_t *db, const jfx_query_t *q,
                               const jfx_search_params_t &p,
                               Xapian::Enquire &enquire,
                               std::vector<TallyEntry> &out)
{
    TallySpy spy(static_cast<Xapian::valueno>(p.tally_slot), out);
    enquire.add_matchspy(&spy);
    /* Every match, however small the page. */
    Xapian::doccount check = std::max<Xapian::doccount>(
        p.check_at_least, db->all.get_doccount());
    try {
        Xapian::MSet mset = enquire.get_mset(p.offset, p.limit, check);
        enquire.clear_matchspies();
        return mset;
    } catch (const Xapian::UnimplementedError &) {
        /* A remote shard: it cannot run the spy (it has no name() to be
         * sent by). */
        enquire.clear_matchspies();
    }
    tally_remotely(db, q, p, out);
    return enquire.get_mset(p.offset, p.limit, check);
}

JFX_API size_t jfx_results_tally_count(const jfx_results_t *r)
{
    return r ? r->tally.size() : 0;
}

JFX_API const char *jfx_results_tally_value(const jfx_results_t *r, size_t i,
                                            size_t *len)
{
    bool found = r && i < r->tally.size();
    if (len)
        *len = found ? r->tally[i].value.size() : 0;
    return found ? r->tally[i].value.c_str() : nullptr;
}

JFX_API uint64_t jfx_results_tally_matches(const jfx_results_t *r, size_t i)
{
    return r && i < r->tally.size() ? r->tally[i].matches : 0;
}

JFX_API double jfx_results_tally_best(const jfx_results_t *r, size_t i)
{
    return r && i < r->tally.size() ? r->tally[i].best : 0.0;
}
