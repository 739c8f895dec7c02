/* ref_xapian.cc - the raw-Xapian reference: what a Xapian user writes, in
 * C++, so that no interpreter's per-call cost is counted as Xapian's time.
 *
 * One document per passage (split as bench/passages.py does: the headline,
 * then each paragraph, as jfindex splits them, without its cleaning),
 * indexed by TermGenerator with the Snowball English stemmer (STEM_SOME,
 * positions), the passage text as document data and a unique id term;
 * searched with QueryParser (same stemmer, default operator AND, as
 * jfsearch; no stopper) and BM25Weight with jfsearch's parameters, showing
 * 10 results each with MSet::snippet.
 *
 *   ref_xapian index CORPUS DB
 *   ref_xapian query DB QUERIES_TSV REPS WARMUP
 *       a "#" line stating the engine and its settings, then per query:
 *       class <TAB> query <TAB> p50_ms <TAB> p95_ms <TAB> exact total
 *   ref_xapian count DB QUERY     # exact number of matching passages
 *   ref_xapian top DB QUERY       # the 10 results a timed search shows
 *
 * Latency is measured in-process around parse, match, fetch and snippets,
 * with the database opened once, as bench/jfbench does for jfsearch.  `top`
 * prints what the timed search computes (rank, document id, weight, id
 * term, snippet), so that it can be compared with another Xapian client's.
 */
#include <xapian.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <vector>

#include "ref.h"

namespace {

/* jfsearch's JF_DEFAULT_K1, JF_DEFAULT_B, JF_MIN_NORMLEN and
 * JF_DEFAULT_SNIPPET_BYTES (searcher/search.h); k2 and k3 as jfsearch
 * passes them (Xapian's defaults).  Xapian's own default BM25 (k1 1, b 0.5)
 * would rank differently from jfsearch. */
const double K1 = 1.2, K2 = 0, K3 = 1, B = 0.75, MIN_NORMLEN = 0.5;
const size_t SNIPPET_BYTES = 320;
const Xapian::doccount RESULTS = 10;

struct Indexer {
    Xapian::WritableDatabase db;
    Xapian::TermGenerator tg;
};

/* Runs FN; false after printing what it threw, with WHAT it was about.
 * For the callbacks ref.c calls: no exception may cross C code. */
template <class F> bool guard(const char *what, F fn)
{
    try {
        fn();
        return true;
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "%s: %s: %s\n", ref_program, what,
                     e.get_description().c_str());
    } catch (const std::exception &e) {
        std::fprintf(stderr, "%s: %s: %s\n", ref_program, what, e.what());
    }
    return false;
}

int add_passage(const char *path, unsigned number, const char *text,
                size_t len, void *ctx)
{
    Indexer *ix = static_cast<Indexer *>(ctx);
    return guard(path, [&] {
        std::string body(text, len);
        Xapian::Document doc;
        ix->tg.set_document(doc);
        ix->tg.index_text(body);
        doc.set_data(body);
        doc.add_boolean_term("Q" + std::string(path) + ":" + std::to_string(number));
        ix->db.add_document(doc);
    }) ? 0 : -1;
}

int index(const char *corpus, const char *path)
{
    Indexer ix{ Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OVERWRITE),
                Xapian::TermGenerator() };
    ix.tg.set_stemmer(Xapian::Stem("english"));
    ix.tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    if (ref_corpus_passages(corpus, add_passage, &ix) != 0)
        return 2;
    ix.db.commit();
    ix.db.close();
    return 0;
}

struct Searcher {
    Xapian::Database db;
    Xapian::Stem stem{ "english" };
    Xapian::QueryParser qp;

    explicit Searcher(const char *path) : db(path)
    {
        qp.set_stemmer(stem);
        qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        qp.set_default_op(Xapian::Query::OP_AND);
        qp.set_database(db);
    }

    /* What a reader waits for: parse, match, fetch the 10 passages and
     * make their snippets. */
    Xapian::MSet search(const std::string &query, std::vector<std::string> &snippets)
    {
        Xapian::Enquire enquire(db);
        enquire.set_weighting_scheme(Xapian::BM25Weight(K1, K2, K3, B, MIN_NORMLEN));
        enquire.set_query(qp.parse_query(query));
        Xapian::MSet mset = enquire.get_mset(0, RESULTS);
        snippets.clear();
        for (auto it = mset.begin(); it != mset.end(); ++it)
            snippets.push_back(mset.snippet(it.get_document().get_data(),
                                            SNIPPET_BYTES, stem));
        return mset;
    }

    /* Every match counted: check_at_least is the whole database. */
    long long exact_count(const std::string &query)
    {
        Xapian::Enquire enquire(db);
        enquire.set_query(qp.parse_query(query));
        return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
    }
};

int timed_search(const char *query, void *ctx)
{
    Searcher *s = static_cast<Searcher *>(ctx);
    std::vector<std::string> snippets;
    return guard(query, [&] { s->search(query, snippets); }) ? 0 : -1;
}

long long count_matches(const char *query, void *ctx)
{
    Searcher *s = static_cast<Searcher *>(ctx);
    long long n = -1;
    guard(query, [&] { n = s->exact_count(query); });
    return n;
}

int query(const char *path, const char *queries, const char *reps,
          const char *warmup)
{
    Searcher s(path);
    std::printf("# raw Xapian %s, C++ (bench/ref_xapian): TermGenerator and "
                "QueryParser with Stem(english), STEM_SOME, no stopper, default "
                "operator AND; BM25Weight(k1 %g, k2 %g, k3 %g, b %g, min_normlen "
                "%g); top %u, each with MSet::snippet of %zu bytes\n",
                Xapian::version_string(), K1, K2, K3, B, MIN_NORMLEN,
                unsigned(RESULTS), SNIPPET_BYTES);
    return ref_bench_queries(queries, reps, warmup, timed_search, count_matches, &s);
}

int top(const char *path, const char *query)
{
    Searcher s(path);
    std::vector<std::string> snippets;
    Xapian::MSet mset = s.search(query, snippets);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Xapian::TermIterator id = it.get_document().termlist_begin();
        id.skip_to("Q");
        std::printf("%u\t%u\t%.9g\t%s\t%s\n", it.get_rank() + 1, *it,
                    it.get_weight(), (*id).c_str(),
                    snippets[it.get_rank()].c_str());
    }
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    ref_program = "ref_xapian";
    const char *cmd = argc > 1 ? argv[1] : "";
    try {
        if (argc == 4 && std::strcmp(cmd, "index") == 0)
            return index(argv[2], argv[3]);
        if (argc == 6 && std::strcmp(cmd, "query") == 0)
            return query(argv[2], argv[3], argv[4], argv[5]);
        if (argc == 4 && std::strcmp(cmd, "count") == 0) {
            Searcher s(argv[2]);
            long long n = count_matches(argv[3], &s);
            if (n >= 0)
                std::printf("%lld\n", n);
            return n >= 0 ? 0 : 2;
        }
        if (argc == 4 && std::strcmp(cmd, "top") == 0)
            return top(argv[2], argv[3]);
    } catch (const Xapian::Error &e) {
        std::fprintf(stderr, "%s: %s\n", ref_program, e.get_description().c_str());
        return 2;
    }
    std::fprintf(stderr,
                 "usage: ref_xapian index CORPUS DB\n"
                 "       ref_xapian query DB QUERIES_TSV REPS WARMUP\n"
                 "       ref_xapian count DB QUERY\n"
                 "       ref_xapian top DB QUERY\n");
    return 2;
}
