/* search.h - run a query over an index and return ranked passages.
 *
 * The one code path for matching: jfsearch and every other reader of the
 * index (the coverage report) go through jf_search_run, so what one finds,
 * the others find.  It parses the query (query.h), ranks passages by
 * BM25, fetches each passage's article record, makes its snippet, and
 * retries transparently when an index update lands under it (Xapian's
 * DatabaseModifiedError): search.c.  Around that, each in a file of its
 * own: the partial fill of an AND query's page (relax.c), did-you-mean
 * (suggest.c) and the per-term BM25 explanation of each hit (explain.c).
 */
#ifndef JF_SEARCH_H
#define JF_SEARCH_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "index_open.h"
#include "jfx.h"
#include "query.h"
#include "schema.h"
#include "snippet.h"
#include "synonyms.h"
#include "text.h"

/* The record of the article with id ID, as a hit's path, title and
 * metadata come from.  Returns 0, or -1 with ERR set when DB cannot be
 * read, or when the record is missing or does not decode (JFX_CORRUPT:
 * jfindex writes a record with every article, so the index is damaged,
 * and a result with a blank path would hide that).  Free REC with
 * jf_article_record_free. */
int jf_article_load(jfx_db_t *db, const char *id, jf_article_record_t *rec,
                    jf_error_t *err);

typedef struct {
    double k1, b;           /* BM25 (defaults JF_DEFAULT_K1, JF_DEFAULT_B) */
    double article_weight;  /* how much of its article's BM25 a passage's
                               score adds (JF_DEFAULT_ARTICLE_WEIGHT; 0:
                               none) */
    double exact_weight;    /* how much more a word weighs where it stands
                               as typed rather than only as its stem
                               (JF_DEFAULT_EXACT_WEIGHT; 0: no more) */
    double proximity_weight;/* how much more two words next to each other
                               in the query weigh where they stand close
                               together (JF_DEFAULT_PROXIMITY_WEIGHT; 0:
                               no more) */
    unsigned offset, limit; /* which ranks to return */
    bool per_article;       /* only the best passage of each article */
    size_t snippet_bytes;   /* about how long a snippet may be */
    jf_default_op_t op;     /* between words with no operator */
    const jf_synonyms_t *synonyms; /* expands query words; NULL: none */
    char since[9], until[9];/* "YYYYMMDD" bounds on the article's date,
                               "" for none; with either, an article with
                               no date is left out */
    bool explain;           /* fill each hit's per-term explanation */
    bool suggest;           /* did-you-mean (on by default) */
    bool partial;           /* a remote shard that stops answering is left
                               out (jfx_db_missing lists it) rather than
                               failing the search */
    bool complete_only;     /* only passages with every word: no partial
                               fill, so never relaxed (coverage counts) */
    bool article_counts;    /* one hit per article with a match, in no
                               particular order, holding only its
                               article_id, best score and collapsed count
                               (no passage, record or snippet; offset and
                               limit do not apply): tallied inside the
                               match, no document fetched, the fast way to
                               count matches per article */
    bool no_scores;         /* with article_counts: every score 0, the
                               matches counted without weighing them (no
                               BM25, article or proximity part): about
                               half the work, for counts alone */
} jf_search_options_t;

/* BM25 parameters tuned for passages (see README "Ranking"). */
#define JF_DEFAULT_K1 1.2
#define JF_DEFAULT_B 0.75
#define JF_DEFAULT_SNIPPET_BYTES 320
/* A passage's score is its BM25 plus this much of its article's: chosen
 * on data, see README "Ranking". */
#define JF_DEFAULT_ARTICLE_WEIGHT 1.0
#define JF_DEFAULT_EXACT_WEIGHT 0.25
/* Chosen on data too: 0.1 cost TIME 0.008 nDCG@10 (README "Ranking"). */
#define JF_DEFAULT_PROXIMITY_WEIGHT 0.05
/* Xapian's BM25 floor on a passage's length relative to the average. */
#define JF_MIN_NORMLEN 0.5

void jf_search_options_init(jf_search_options_t *o);

/* One weighted unit of the query in one passage (see README "Ranking"):
 * BM25's contribution of a term (or a synonym group) to the score. */
typedef struct {
    char *term;             /* the term, or a group's forms "a | \"b c\"" */
    uint64_t wdf;           /* its frequency in the passage */
    uint64_t df;            /* passages having it (Xapian's estimate for a
                               group) */
    double weight;          /* its share of the score */
    unsigned count;         /* times the query has it (each weighs) */
} jf_explain_t;

typedef struct {
    unsigned rank;          /* 1-based */
    double score;           /* BM25 weight */
    double context;         /* of which its article's part (--explain) */
    double proximity;       /* and the part its words' proximity adds
                               (--explain) */
    char article_id[JF_ARTICLE_ID_LEN + 1];
    char *path;             /* the article file (path to text: NULL with
                               article_counts) */
    char *title;            /* its headline */
    char *source, *byline, *dateline, *date; /* "" when unknown; date is
                               YYYY-MM-DD */
    unsigned passage;       /* 0 = headline, then paragraphs */
    char *text;             /* the whole passage */
    size_t text_len;
    jf_snippet_t snippet;
    uint64_t doc_length;    /* in terms, for --explain */
    jf_explain_t *explain;  /* with options->explain: one per distinct */
    size_t nexplain;        /*   weighted unit of the query, in order */
    bool partial;           /* has only some of the query's words */
    uint64_t collapsed;     /* with one hit per article (per_article,
                               article_counts, a query of only filters):
                               the article's other matching passages, left
                               out; exact when the page holds every
                               matching article */
} jf_hit_t;

typedef struct {
    jf_hit_t *hits;
    size_t n;
    uint64_t total;         /* matching passages (or articles), estimated
                               when large: those with every word, then
                               those with some */
    uint64_t complete;      /* of which have every word */
    bool estimated;         /* total is Xapian's estimate, not a count */
    bool relaxed;           /* no passage had every word */
    char *corrected;        /* the spelling-corrected query that ran, as
                               the original had no hits; else NULL */
    char *suggestion;       /* a corrected query that finds more than the
                               few hits shown; else NULL */
    char **missing;         /* shards left out, "NAME: why" (with
                               jf_index_options_t.partial or
                               jf_search_options_t.partial) */
    size_t nmissing;
    uint64_t doc_count;     /* passages in the index (BM25's N) */
    double avg_length;      /* their average length (for --explain) */
    unsigned offset;        /* the ranks skipped (the options' offset) */
    uint64_t outside_dates; /* when --since or --until left no passage:
                               those that match at other dates or none */
    uint64_t undated;       /* of which in articles with no known date */
} jf_results_t;

/* Parses QUERY_TEXT (into Q, which the caller frees with jf_query_free
 * whatever the outcome) and runs it over DB.  An AND query of several
 * clauses returns the passages with every word first; when they do not
 * fill the page, the passages with only some of the words follow (marked
 * partial; not with OPTIONS->complete_only), and RESULTS->relaxed says
 * there were none with every word.  When it matches nothing (or only
 * relaxed, or fewer than 3 passages) and a word of it is not in the index
 * but a close word is (Xapian's spelling dictionary; 1 edit for words of
 * 3 to 5 letters, 2 for longer ones), the corrected query is tried: when
 * the original found nothing it asked for (no hits, or only relaxed ones
 * where the correction has every word), the correction runs instead
 * (RESULTS->corrected); otherwise it is only suggested.  Q is always the
 * query that ran.  A query of only field filters (title:, source:,
 * byline:, date:) returns the headline passage (passage 0) of each
 * article it keeps, in index order.  Returns 0, or -1 with ERR set (a bad
 * query, or an index that fails).  Free RESULTS with jf_results_free
 * whatever the outcome. */
int jf_search_run(jfx_db_t *db, jf_analyzer_t *a, const char *query_text,
                  const jf_search_options_t *options, jf_query_t *q,
                  jf_results_t *results, jf_error_t *err);
void jf_results_free(jf_results_t *r);

#endif
