/* clean_int.h - the cleaner's internal interface: what its parts share.
 *
 * jf_clean (clean.c) drives five parts, each in its own file:
 *   clean_span.c   matching on byte ranges of a line (the rules' words);
 *   clean_rules.c  the rule table and the boilerplate rules;
 *   clean_header.c the rules that read metadata from the header lines;
 *   clean_join.c   re-joining paragraphs broken mid-sentence;
 *   clean_dedup.c  leaving out paragraphs that repeat earlier ones.
 * Nothing here is for use outside the cleaner (clean.h is its API).
 */
#ifndef JF_CLEAN_INT_H
#define JF_CLEAN_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <utf8proc.h>

#include "buf.h"
#include "clean.h"
#include "metadata.h"
#include "vec.h"

/* ------------------------------------------------------------------ */
/* Spans (clean_span.c): ASCII case-insensitive matching on byte ranges,
 * words separated by spaces, Unicode categories for letters. */

typedef struct {
    const char *s;
    size_t len;
} jf_span_t;

static inline char jf_lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static inline bool jf_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline bool jf_is_ascii_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* PREFIX, SUFFIX and NEEDLE are lower case. */
bool jf_starts_ci(jf_span_t t, const char *prefix);
bool jf_ends_ci(jf_span_t t, const char *suffix);
/* Offset of NEEDLE in T, or -1. */
long jf_find_ci(jf_span_t t, const char *needle);
bool jf_equal_ci(jf_span_t a, jf_span_t b);
size_t jf_count_words(jf_span_t t);
/* Splits off the next space-separated word of *T into *WORD. */
bool jf_next_word(jf_span_t *t, jf_span_t *word);
jf_span_t jf_trim_span(jf_span_t t);
/* The first character of T, or -1 when T is empty. */
utf8proc_int32_t jf_first_char(jf_span_t t);
bool jf_is_upper_char(utf8proc_int32_t c);
bool jf_is_lower_char(utf8proc_int32_t c);
/* A letter or a digit (categories L and N). */
bool jf_is_word_char(utf8proc_int32_t c);
/* True when WORD is one of LIST (NULL-terminated), in any case. */
bool jf_is_in(jf_span_t word, const char *const *list);
/* A word that could be part of a name: a capital, then letters, hyphens,
 * apostrophes or an initial's dot (Aldgra, O'Neil, Jean-Yves, J.). */
bool jf_is_name_word(jf_span_t w);

/* ------------------------------------------------------------------ */
/* Rules (clean_rules.c, clean_header.c) */

/* Ranks of competing metadata clues (see jf_metadata_detect). */
enum { JF_CLUE_WEAK = 1, JF_CLUE_GOOD = 2, JF_CLUE_STRONG = 3 };

/* The cleaner's state while it reads one article. */
typedef struct {
    jf_metadata_t *meta;
    jf_span_t headline;
    bool have_headline;
} jf_cleaner_t;

/* A match returns 0 for no match; a strip rule returns the length of the
 * prefix to cut. */
typedef size_t (*jf_match_fn)(jf_cleaner_t *c, jf_span_t line);

/* The parts of an article a rule applies in. */
enum {
    JF_BEFORE_HEADLINE = 1, /* may come before the headline */
    JF_HEADER = 2,          /* between headline and article text */
    JF_BODY = 4,            /* among article text */
    JF_ANYWHERE = JF_BEFORE_HEADLINE | JF_HEADER | JF_BODY
};

typedef enum {
    JF_DROP_LINE,
    JF_DROP_BLOCK /* the line and the rest of its paragraph */
} jf_action_t;

typedef struct {
    const char *name;
    const char *reason;
    unsigned where;
    jf_action_t action;
    jf_match_fn match;
} jf_rule_t;

/* The first rule of the table that applies in WHERE and matches LINE, or
 * NULL. */
const jf_rule_t *jf_clean_match(jf_cleaner_t *c, jf_span_t line,
                                unsigned where);

/* Cuts the dateline off the first line of article text. */
extern const jf_rule_t jf_strip_dateline;

/* The header rules, which record metadata as they match. */
size_t jf_rule_timestamp(jf_cleaner_t *c, jf_span_t line);
size_t jf_rule_byline(jf_cleaner_t *c, jf_span_t line);
size_t jf_rule_byline_name(jf_cleaner_t *c, jf_span_t line);
size_t jf_rule_dateline(jf_cleaner_t *c, jf_span_t line);
size_t jf_rule_dateline_prefix(jf_cleaner_t *c, jf_span_t line);

/* ------------------------------------------------------------------ */
/* Paragraphs of kept lines, and the passes over them */

/* What near-duplicate detection compares (clean_dedup.c). */
typedef struct {
    JF_VEC(uint64_t) shingles; /* word triples' hashes, sorted, unique */
    uint64_t words_hash;       /* of all the normalised words */
    size_t nwords;
} jf_fingerprint_t;

typedef struct {
    jf_buf_t text;
    unsigned first_line;
    unsigned paragraph;
    bool gone;          /* joined into the one before, or a duplicate */
    size_t join_first;  /* log index of the first join note it made */
    size_t join_count;  /* and how many it made */
    size_t repeats;     /* a duplicate: index of the paragraph it repeats */
    size_t dup_note;    /* and its log index, +1 */
    jf_fingerprint_t fp;
} jf_para_t;

typedef JF_VEC(jf_para_t) jf_paras_t;

/* Adds a note to LOG (unless it is NULL) and returns it (else NULL). */
jf_clean_note_t *jf_clean_note(jf_clean_log_t *log, jf_note_kind_t kind,
                               const char *rule, const char *reason,
                               unsigned lineno, const char *text, size_t len);

/* Joins each paragraph that does not end a sentence with the ones after
 * it that start in lower case; they are marked gone. */
void jf_clean_rejoin(jf_paras_t *ps, jf_clean_log_t *log);

/* Marks gone each paragraph that repeats an earlier one, and returns how
 * many are left. */
size_t jf_clean_dedup(jf_paras_t *ps, jf_clean_log_t *log);

void jf_fingerprint_free(jf_fingerprint_t *fp);

#endif
