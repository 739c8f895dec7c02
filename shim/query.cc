/* query.cc - query trees, built bottom-up from C. */
#include <cfloat>
#include <cmath>
#include <string>
#include <vector>

#include "jfx-private.h"

using namespace jfx;

namespace {

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

}  // namespace

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
    if (!q || !(factor >= 0) || factor > DBL_MAX)
        return nullptr;
    jfx_query_t *scaled = nullptr;
    guard_quietly([&] {
        scaled = wrap_query(Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                          q->query, factor));
    });
    return scaled;
}

JFX_API jfx_query_t *jfx_query_constant(double weight)
{
    if (!(weight >= 0) || !std::isfinite(weight))
        return nullptr;
    jfx_query_t *q = nullptr;
    guard_quietly([&] {
        auto *source = new Xapian::FixedWeightPostingSource(weight);
        /* The query owns it from here (reference counted). */
        q = wrap_query(Xapian::Query(source->release()));
    });
    return q;
}

JFX_API jfx_query_t *jfx_query_match_all(void)
{
    /* Not a copy of Xapian::Query::MatchAll: that is one object shared by
     * every thread, and a copy changes its reference count, which Xapian
     * 1.4 does not update atomically, so threads copying it at once could
     * free it under another (jfserve died so).  The empty term is what
     * MatchAll is, and this one is the caller's own. */
    jfx_query_t *q = nullptr;
    guard_quietly([&] { q = wrap_query(Xapian::Query(std::string())); });
    return q;
}

JFX_API void jfx_query_destroy(jfx_query_t *q)
{
    delete q;
}
