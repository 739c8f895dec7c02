/* query_synonyms.c - which synonym group a run of query words stands for
 * (see query_synonyms.h). */
#include "query_synonyms.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "wordnet.h"

/* WordNet names of up to this many words are looked up ("north atlantic
 * treaty organization"). */
enum { WORDNET_MAX_WORDS = 4 };

const jf_token_t *jf_joined_of(const jf_token_t *toks, size_t n)
{
    const jf_token_t *last = &toks[n - 1];
    return (last->flags & JF_TOKEN_JOINED) && last->start == toks[0].start
               ? last : NULL;
}

size_t jf_synonym_run_max(const jf_synonym_lookup_t *l)
{
    size_t max = jf_synonyms_max_terms(l->table);
    return l->table && max < WORDNET_MAX_WORDS ? WORDNET_MAX_WORDS : max;
}

/* Whether TOKS[0..N), joined tokens aside, are all typed in capitals. */
static bool in_capitals(const jf_token_t *toks, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(toks[i].flags & (JF_TOKEN_CAPS | JF_TOKEN_JOINED)))
            return false;
    return true;
}

/* Whether the words TOKS[0..N) may stand for expression EXPR of group G.
 * A stopword typed in lower case is the word, never an abbreviation ("of"
 * is not osteitis fibrosa, "us" not the United States); and an acronym
 * jfindex mined from the articles stands for its long form only where the
 * query writes it as one (in capitals: RAA), or as a word that is no
 * English word of its own. */
static bool may_expand(const jf_token_t *toks, size_t n,
                       const jf_synonym_group_t *g, size_t expr)
{
    bool stop = false;
    for (size_t i = 0; i < n; i++)
        if (!(toks[i].flags & JF_TOKEN_JOINED))
            stop = stop || (toks[i].flags & JF_TOKEN_STOP);
    if (in_capitals(toks, n))
        return true;
    if (stop && n == 1)
        return false;
    return !g->items[expr].acronym || !jf_wordnet_is_word(toks[0].word);
}

/* Whether expression EXPR of G stands for any other: a name of an
 * ambiguous acronym may stand for none, and is then only its words. */
static bool reaches_other(const jf_synonym_group_t *g, size_t expr)
{
    for (size_t i = 0; i < g->n; i++)
        if (i != expr && jf_synonym_reaches(g, expr, i))
            return true;
    return false;
}

/* TERMS[0..K)'s group among WordNet's variants of the words of
 * TOKS[0..N).  An acronym stands for its name only when typed in
 * capitals: WordNet lists "US" but not the pronoun "us". */
static const jf_synonym_group_t *wordnet_group(jf_synonym_lookup_t *l,
                                               const jf_token_t *toks,
                                               size_t n, const char **terms,
                                               size_t k, size_t *expr)
{
    if (!l->wordnet)
        l->wordnet = jf_synonyms_new();
    const jf_synonym_group_t *g = jf_synonyms_find(l->wordnet, terms, k, expr);
    if (!g) {
        jf_buf_t lemma = JF_BUF_INIT;
        for (size_t i = 0; i < n; i++)
            if (!(toks[i].flags & JF_TOKEN_JOINED))
                jf_buf_printf(&lemma, "%s%s", lemma.len ? " " : "",
                              toks[i].word);
        if (lemma.len && jf_synonyms_add_wordnet(l->wordnet, l->analyzer,
                                                 lemma.data))
            g = jf_synonyms_find(l->wordnet, terms, k, expr);
        jf_buf_free(&lemma);
    }
    return g && g->items[*expr].acronym && !in_capitals(toks, n) ? NULL : g;
}

const jf_synonym_group_t *jf_synonym_group_of(jf_synonym_lookup_t *l,
                                              const jf_token_t *toks,
                                              size_t n, bool one_piece,
                                              size_t *expr)
{
    size_t max = jf_synonym_run_max(l), k = 0;
    if (max == 0 || n == 0)
        return NULL;
    const char **terms = jf_malloc(max * sizeof *terms);
    const jf_synonym_group_t *g = NULL;
    for (size_t i = 0; i < n && k <= max; i++)
        if (!(toks[i].flags & JF_TOKEN_JOINED) && k++ < max)
            terms[k - 1] = toks[i].term;
    if (k <= max)
        g = jf_synonyms_find(l->table, terms, k, expr);
    if (!g && one_piece && jf_joined_of(toks, n)) {
        const char *joined = toks[n - 1].term;
        g = jf_synonyms_find(l->table, &joined, 1, expr);
    }
    if (!g && k <= max && l->table)
        g = wordnet_group(l, toks, n, terms, k, expr);
    free(terms);
    return g && may_expand(toks, n, g, *expr) && reaches_other(g, *expr)
               ? g : NULL;
}

void jf_synonym_lookup_free(jf_synonym_lookup_t *l)
{
    jf_synonyms_free(l->wordnet);
    l->wordnet = NULL;
}
