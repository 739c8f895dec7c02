/* query.h - what the user typed, as a tree, and what each use makes of it.
 *
 * Syntax (documented in jfsearch(1) and README):
 *   word            any case, any inflection (stemmed through text.h)
 *   "a phrase"      the words in order; inflected forms match too
 *   -word, NOT word passages without it
 *   a OR b          either; binds tighter than the implicit AND
 *   a AND b         both (the default between words)
 *   ( ... )         grouping
 *   title:word, title:"a phrase", source:word
 *                   only articles whose headline (source) has the words;
 *                   values of one field OR together, fields AND, and a
 *                   filter applies to the whole query
 * Words are analysed by text.h exactly as the indexer analysed passages;
 * stopwords are dropped outside phrases unless the query has nothing else.
 * A hyphenated word matches its parts as a phrase or its joined form.
 * With a synonyms table, the longest run of words (or a quoted phrase)
 * equal to an expression of a group matches any expression of the group.
 *
 * The parser (query.c) only builds the tree.  Each use of a query is a
 * pass over it, in a file of its own, as SQLite FTS5 feeds one parsed
 * expression to matching, highlighting and ranking:
 *   query_compile.c    the Xapian query (with the default operator, so the
 *                      AND query and its OR relaxation are one tree)
 *   query_highlight.c  the patterns a matching passage highlights
 *   query_units.c      the units BM25 weighs, for --explain
 *   query_words.c      the words did-you-mean may correct
 *   query_notes.c      the synonym expansions the output reports
 *   query_print.c      the tree as an S-expression (--debug-query)
 * A new query feature is a node kind here and one case in each pass.
 */
#ifndef JF_QUERY_H
#define JF_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "document.h"
#include "error.h"
#include "jfx.h"
#include "pattern.h"
#include "synonyms.h"
#include "text.h"

typedef enum {
    JF_DEFAULT_AND, /* every word must match (the default) */
    JF_DEFAULT_OR   /* any word may match */
} jf_default_op_t;

typedef enum {
    JF_FIELD_TITLE, JF_FIELD_SOURCE, JF_FIELD_BYLINE,
    JF_FIELD_DATE,  /* the article's date, in a range: date:2024-12 */
    JF_NFIELDS
} jf_field_t;

/* The field's name as typed, without its colon ("title"), and the prefix
 * of its filter terms (schema.h; NULL for date:, a range of the
 * article's date). */
const char *jf_field_name(jf_field_t f);
const char *jf_field_prefix(jf_field_t f);

typedef enum {
    /* What matches words; the passes below have a case for each. */
    JF_QN_WORD,     /* one word of the query */
    JF_QN_PHRASE,   /* kids: its WORDs, at consecutive positions (a quoted
                       phrase, or words written together: "U.S.") */
    JF_QN_COMPOUND, /* a hyphenated word: its parts (kid: a PHRASE) or its
                       joined form (term) */
    JF_QN_SYNONYM,  /* words equal to an expression of a synonym group:
                       any of the group's forms, weighed as one term */
    JF_QN_FIELD,    /* title:/source:/byline: value: a filter on the
                       article's headline, source or byline terms;
                       date: value: a filter on the article's date */
    JF_QN_DATE,     /* a date written in the query ("3 December 2024"):
                       the article's date and the dates in passages */
    JF_QN_ALL,      /* every passage: a query of only filters */
    /* How clauses combine. */
    JF_QN_AND,      /* the clauses of the query or of a (group), joined by
                       the default operator; NOT kids are left out */
    JF_QN_OR,       /* alternatives: a OR b (two or more kids) */
    JF_QN_NOT,      /* an excluded clause (one kid), inside an AND */
    JF_QN_FILTER    /* the root when the query has filters: kid 0 is the
                       query's AND, the others its FIELD values */
} jf_qkind_t;

typedef struct jf_qnode jf_qnode_t;

/* A list of nodes (vec.h). */
typedef struct {
    jf_qnode_t **items;
    size_t n, cap;
} jf_qnode_list_t;

struct jf_qnode {
    jf_qkind_t kind;
    size_t start, end;       /* its bytes in the query text */
    jf_qnode_list_t kids;    /* in query order */
    /* WORD: the token (text.h).  COMPOUND, FIELD: term is the joined form
     * ("" for a FIELD value that is not one compound). */
    char word[JF_TERM_MAX + 1];  /* normalised, unstemmed */
    char term[JF_TERM_MAX + 1];
    unsigned flags;          /* JF_TOKEN_* */
    unsigned pos;            /* its position in its piece of query: where
                                a phrase needs it */
    /* SYNONYM: every expression's terms and joined form, each once, in
     * the group's order; the expressions as written, and which one the
     * query's words are, and its terms: the form as typed, which weighs
     * more than the others (the exact weight, as a word's exact form). */
    jf_patterns_t forms;
    struct {
        char **items;
        size_t n, cap;
    } exprs;
    size_t matched;
    jf_pattern_t typed;
    /* FIELD: which one, and the value's terms (unprefixed); a date: value
     * is the days from FIRST to LAST, "YYYYMMDD".  A DATE node's term is
     * its date term (document.h). */
    jf_field_t field;
    jf_pattern_t terms;
    char first[9], last[9];
};

typedef struct {
    char *text;              /* the query as typed */
    jf_qnode_t *root;        /* FILTER or AND; NULL after a failed parse */
    jf_qnode_list_t nodes;   /* every node, owned here */
    size_t clauses;          /* the top-level clauses that match something
                                (not exclusions): with 2 or more, an AND
                                query can be relaxed to OR */
    bool only_filters;       /* field filters and nothing to rank by: the
                                root's AND holds an ALL */
} jf_query_t;

/* The most words a query may have.  A query is a question or a
 * description, a few dozen words; thousands are a paste gone wrong or an
 * attack, and Xapian's matcher takes time quadratic in the terms of an
 * OR (10,000 distinct words: seconds).  Refused at this cap, a query of
 * any length costs one linear pass over its text. */
#define JF_QUERY_MAX_WORDS 1000

/* Parses TEXT, expanding words through SYNONYMS (NULL: no expansion).
 * Returns 0 and fills OUT, or -1 with ERR set (JFX_BAD_QUERY: not UTF-8,
 * empty, only exclusions, more than JF_QUERY_MAX_WORDS words, ...) and
 * OUT left empty.  Free OUT with jf_query_free in both cases. */
int jf_query_parse(jf_analyzer_t *a, const char *text,
                   const jf_synonyms_t *synonyms, jf_query_t *out,
                   jf_error_t *err);
void jf_query_free(jf_query_t *q);

/* When the WORD node N's form as typed is not its stem, the term of that
 * exact form ("E<word>", the indexer's own rule: lib/document.h) into
 * OUT, and true. */
bool jf_qnode_exact(const jf_qnode_t *n, char out[JF_EXACT_TERM_MAX]);

/* Whether N matches nothing, as an AND whose every clause is excluded or
 * itself empty does: it then takes no part in the Xapian query. */
bool jf_qnode_empty(const jf_qnode_t *n);

/* Calls FN, in query order, with every node of Q that is neither
 * structural (AND, OR, NOT, FILTER) nor excluded: the words the query
 * looks for, highlights, weighs and may correct.  A node is excluded when
 * a NOT stands above it within its own group: the words of a group inside
 * an exclusion, -(a b), count as looked for, as they always have. */
typedef void (*jf_qnode_fn)(const jf_query_t *q, const jf_qnode_t *n,
                            void *ctx);
void jf_query_each_wanted(const jf_query_t *q, jf_qnode_fn fn, void *ctx);

/* ------------------------------------------------------------ passes */

/* Which documents a compiled query is for (schema.h). */
typedef enum {
    JF_LEVEL_PASSAGE, /* passages: their terms, with positions */
    JF_LEVEL_ARTICLE  /* article documents: "W" terms without positions,
                         so a phrase asks for all its words, and a synonym
                         group's phrase stands for its rarest word (all its
                         words would count each; a group weighs the sum);
                         exclusions are left out, as an article's other
                         passages say what they like; filters and ALL as
                         for passages */
} jf_level_t;

/* How to compile: the default operator, the level, and how to weigh.
 * TERM_SCALE (when not NULL) gives the factor each term's weight is
 * scaled by, from the term as indexed (prefix included); GROUP_SCALE the
 * factor of a synonym group, from its forms (unprefixed).  A phrase's
 * words are scaled one by one and matched as a phrase by a filter, which
 * weighs them exactly as Xapian's phrase does. */
typedef struct {
    jf_default_op_t op;
    jf_level_t level;
    double (*term_scale)(const char *term, void *ctx);
    double (*group_scale)(const jf_patterns_t *forms, void *ctx);
    /* How many documents have TERM (as indexed): at the article level,
     * which word of a group's phrase is the rarest.  NULL: the first. */
    double (*term_df)(const char *term, void *ctx);
    void *ctx;
    /* A word's exact form (jf_qnode_exact) matches too, weighing this much
     * of what it would weigh alone; 0: stems only. */
    double exact_weight;
} jf_compile_t;

/* The Xapian query of Q as HOW says.  Caller frees with
 * jfx_query_destroy; NULL when Q matches nothing at that level. */
jfx_query_t *jf_query_compile_as(const jf_query_t *q, const jf_compile_t *how);

/* How close two query words must stand for the proximity part. */
#define JF_NEAR_WINDOW 8

/* The pairs of plain words next to each other in the query, neither of
 * them an alternative of an OR (query_near.c), as consecutive items of
 * OUT: 0 and 1, 2 and 3, ... */
void jf_query_pairs(const jf_query_t *q, jf_qnode_list_t *out);

/* The proximity part of Q's passage scores: each pair's words' weight,
 * times WEIGHT, where they stand within JF_NEAR_WINDOW positions (to add
 * with OP_AND_MAYBE); NULL when there is no pair, WEIGHT is 0 or HOW is
 * not for passages. */
jfx_query_t *jf_query_near(const jf_query_t *q, const jf_compile_t *how,
                           double weight);

/* The passage-level query of Q, clauses joined by OP, unscaled. */
jfx_query_t *jf_query_compile(const jf_query_t *q, jf_default_op_t op);

/* A longer phrase still matches whole, but highlighting and --explain
 * follow only its first JF_PHRASE_FOLLOWED words. */
#define JF_PHRASE_FOLLOWED JF_TERM_MAX

/* What a matching passage highlights: every word, phrase, compound part
 * run and joined form, and every form of a synonym group, not excluded. */
void jf_query_highlight(const jf_query_t *q, jf_patterns_t *out);

/* What BM25 weighs as one term, for --explain: a word, or a synonym group
 * (Xapian's OP_SYNONYM) of several forms, each a term or a phrase.  A
 * phrase weighs as its words, so it gives one unit per word, each weighing
 * only where the whole phrase stands. */
typedef struct {
    char *label;             /* the term, or the forms joined by " | " */
    jf_patterns_t forms;     /* one form of one term for a plain word */
    jf_pattern_t phrase;     /* the phrase the word is part of (n 0: none) */
    bool exact;              /* the exact form of a word (jf_qnode_exact),
                                weighed times the exact weight */
} jf_unit_t;

typedef struct {
    jf_unit_t *items;
    size_t n, cap;
} jf_units_t;

/* Every weighted unit of Q, in query order (a word given twice is there
 * twice).  Free OUT with jf_units_free. */
void jf_query_units(const jf_query_t *q, jf_units_t *out);
void jf_units_free(jf_units_t *u);

/* The WORD nodes did-you-mean may correct, in query order: not excluded,
 * not stopwords, and not part of a synonym run.  OUT points into Q; free
 * it with JF_VEC_FREE. */
void jf_query_words(const jf_query_t *q, jf_qnode_list_t *out);

/* Words of the query replaced by a synonym group ("raa" -> "reciprocal
 * access agreement"), each said once. */
typedef struct {
    char *from;              /* the query words, as typed */
    char **to;               /* the group's other expressions */
    size_t nto;
} jf_expansion_t;

typedef struct {
    jf_expansion_t *items;
    size_t n, cap;
} jf_expansions_t;

void jf_query_expansions(const jf_query_t *q, jf_expansions_t *out);
void jf_expansions_free(jf_expansions_t *e);

/* Appends Q's tree to OUT as one line of S-expression (see jfsearch(1),
 * --debug-query): (and (word "Talks" talk) (not (word "US" US))). */
void jf_query_print(const jf_query_t *q, jf_buf_t *out);

#endif
