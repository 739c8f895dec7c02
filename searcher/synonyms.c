/* synonyms.c - the table of equivalent expressions (see synonyms.h).
 *
 * Each expression is kept as the terms text.h gives it, and looked up by
 * a key of those terms joined by spaces (plus its joined form, so "G7"
 * finds the expression "G-7").  The keys live in one sorted array: a
 * query of any length costs one binary search per run of words tried.
 */
#include "synonyms.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "paths.h"
#include "schema.h"
#include "vec.h"
#include "wordnet.h"

#ifndef JF_PKGDATADIR
#define JF_PKGDATADIR "/usr/local/share/jfsearch"
#endif

typedef struct {
    char *key;
    size_t group, expr;
} entry_t;

struct jf_synonyms {
    JF_VEC(jf_synonym_group_t) groups;
    JF_VEC(entry_t) entries;   /* sorted by key */
    size_t max_terms;
};

jf_synonyms_t *jf_synonyms_new(void)
{
    return jf_calloc(1, sizeof(jf_synonyms_t));
}

static void expression_free(jf_expression_t *e)
{
    free(e->text);
    for (size_t i = 0; i < e->nterms; i++)
        free(e->terms[i]);
    free(e->terms);
    free(e->joined);
}

void jf_synonyms_free(jf_synonyms_t *s)
{
    if (!s)
        return;
    for (size_t g = 0; g < s->groups.n; g++) {
        jf_synonym_group_t *group = &s->groups.items[g];
        for (size_t i = 0; i < group->n; i++)
            expression_free(&group->items[i]);
        JF_VEC_FREE(group);
    }
    JF_VEC_FREE(&s->groups);
    for (size_t i = 0; i < s->entries.n; i++)
        free(s->entries.items[i].key);
    JF_VEC_FREE(&s->entries);
    free(s);
}

static char *terms_key(const char *const *terms, size_t n)
{
    jf_buf_t b = JF_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        if (i)
            jf_buf_putc(&b, ' ');
        jf_buf_puts(&b, terms[i]);
    }
    return jf_buf_release(&b);
}

/* The position of KEY in the sorted entries, or where it would go. */
static size_t entry_search(const jf_synonyms_t *s, const char *key,
                           int *found)
{
    size_t lo = 0, hi = s->entries.n;
    *found = 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(s->entries.items[mid].key, key);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const entry_t *entry_find(const jf_synonyms_t *s, const char *key)
{
    int found;
    size_t at = entry_search(s, key, &found);
    return found ? &s->entries.items[at] : NULL;
}

/* Registers KEY for expression EXPR of GROUP unless the key is taken. */
static void entry_add(jf_synonyms_t *s, const char *key, size_t group,
                      size_t expr)
{
    int found;
    size_t at = entry_search(s, key, &found);
    if (found)
        return;
    JF_VEC_RESERVE(&s->entries, 1);
    memmove(&s->entries.items[at + 1], &s->entries.items[at],
            (s->entries.n - at) * sizeof *s->entries.items);
    s->entries.items[at] = (entry_t){ jf_strdup(key), group, expr };
    s->entries.n++;
}

typedef struct {
    JF_VEC(char *) terms;
    char *joined;
    size_t first_start;
} analysis_t;

static int collect_term(const jf_token_t *t, void *ctx)
{
    analysis_t *an = ctx;
    if (t->flags & JF_TOKEN_JOINED) {
        /* A joined form names the expression only when the expression is
         * one compound (its last token, spanning from the first). */
        free(an->joined);
        an->joined = t->start == an->first_start ? jf_strdup(t->term) : NULL;
        return 0;
    }
    if (an->terms.n == 0)
        an->first_start = t->start;
    free(an->joined);   /* a word after a compound: not one compound */
    an->joined = NULL;
    JF_VEC_PUSH(&an->terms, jf_strdup(t->term));
    return 0;
}

/* E as TEXT analysed; -1 with ERR set when it has no words. */
static int expression_make(jf_analyzer_t *a, const char *text,
                           jf_expression_t *e, jf_error_t *err)
{
    analysis_t an = { { NULL, 0, 0 }, NULL, 0 };
    jf_analyze(a, text, strlen(text), 1, collect_term, &an);
    *e = (jf_expression_t){ NULL, an.terms.items, an.terms.n, an.joined,
                            false, false };
    if (e->nterms == 0) {
        expression_free(e);
        return jf_fail(err, JFX_INVALID, "'%s' has no words", text);
    }
    e->text = jf_strdup(text);
    return 0;
}

/* Moves E into group G (number GI), registering its keys; an expression
 * whose key another group already has is left out (the first group to
 * name an expression keeps it, and how it was named). */
static void group_take(jf_synonyms_t *s, size_t gi, jf_expression_t *e,
                       bool curated)
{
    char *key = terms_key((const char *const *)e->terms, e->nterms);
    if (entry_find(s, key)) {
        free(key);
        expression_free(e);
        return;
    }
    jf_synonym_group_t *g = &s->groups.items[gi];
    e->curated = curated;
    entry_add(s, key, gi, g->n);
    if (e->joined)
        entry_add(s, e->joined, gi, g->n);
    JF_VEC_PUSH(g, *e);
    if (e->nterms > s->max_terms)
        s->max_terms = e->nterms;
    free(key);
}

/* jf_synonyms_add, the new expressions CURATED or mined. */
static int add_group(jf_synonyms_t *s, jf_analyzer_t *a,
                     const char *const *texts, size_t n, bool curated,
                     jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    jf_expression_t *exprs = jf_calloc(n ? n : 1, sizeof *exprs);
    for (size_t i = 0; i < n; i++) {
        if (expression_make(a, texts[i], &exprs[i], err) != 0) {
            for (size_t k = 0; k < i; k++)
                expression_free(&exprs[k]);
            free(exprs);
            return -1;
        }
    }
    /* Merge into the group that already has one of these expressions. */
    size_t target = s->groups.n;
    for (size_t i = 0; i < n && target == s->groups.n; i++) {
        char *key = terms_key((const char *const *)exprs[i].terms,
                              exprs[i].nterms);
        const entry_t *hit = entry_find(s, key);
        if (!hit && exprs[i].joined)
            hit = entry_find(s, exprs[i].joined);
        if (hit)
            target = hit->group;
        free(key);
    }
    if (target == s->groups.n)
        JF_VEC_PUSH(&s->groups, ((jf_synonym_group_t){ NULL, 0, 0 }));
    for (size_t i = 0; i < n; i++)
        group_take(s, target, &exprs[i], curated);
    free(exprs);
    return 0;
}

int jf_synonyms_add(jf_synonyms_t *s, jf_analyzer_t *a,
                    const char *const *texts, size_t n, jf_error_t *err)
{
    return add_group(s, a, texts, n, true, err);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

/* One line: expressions separated by '='. */
static int load_line(jf_synonyms_t *s, jf_analyzer_t *a, char *text,
                     const char *path, unsigned lineno, jf_error_t *err)
{
    char *hash = strchr(text, '#');
    if (hash)
        *hash = '\0';
    if (*trim(text) == '\0')
        return 0;
    if (!jf_utf8_valid(text, strlen(text)))
        return jf_fail(err, JFX_INVALID, "%s:%u: not valid UTF-8", path,
                       lineno);

    JF_VEC(const char *) exprs = { 0 };
    for (char *part = text, *eq; part; part = eq) {
        eq = strchr(part, '=');
        if (eq)
            *eq++ = '\0';
        part = trim(part);
        if (*part == '\0') {
            JF_VEC_FREE(&exprs);
            return jf_fail(err, JFX_INVALID, "%s:%u: an empty expression "
                           "(two '=' in a row, or one at an end)", path,
                           lineno);
        }
        JF_VEC_PUSH(&exprs, part);
    }
    jf_error_t why = JF_ERROR_INIT;
    if (exprs.n < 2)
        jf_fail(err, JFX_INVALID, "%s:%u: '%s': a group needs two or more "
                "expressions separated by '='", path, lineno, exprs.items[0]);
    else if (jf_synonyms_add(s, a, exprs.items, exprs.n, &why) != 0)
        jf_fail(err, why.status, "%s:%u: %s", path, lineno,
                jf_error_message(&why));
    jf_error_clear(&why);
    JF_VEC_FREE(&exprs);
    return jf_failed(err) ? -1 : 0;
}

int jf_synonyms_load_file(jf_synonyms_t *s, jf_analyzer_t *a,
                          const char *path, jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    FILE *f = fopen(path, "r");
    if (!f)
        return jf_fail(err, JFX_IO, "%s: cannot read the synonyms file: %s",
                       path, strerror(errno));
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    while (!jf_failed(err) && getline(&line, &cap, f) != -1)
        load_line(s, a, line, path, ++lineno, err);
    if (ferror(f))
        jf_fail(err, JFX_IO, "%s: cannot read the synonyms file: %s", path,
                strerror(errno));
    free(line);
    fclose(f);
    return jf_failed(err) ? -1 : 0;
}

typedef struct {
    jf_synonyms_t *s;
    jf_analyzer_t *a;
} mined_ctx_t;

/* Flags the expression that is ACRONYM as a mined acronym. */
static void mark_acronym(jf_synonyms_t *s, jf_analyzer_t *a,
                         const char *acronym)
{
    jf_expression_t e;
    jf_error_t none = JF_ERROR_INIT;
    size_t expr;
    if (expression_make(a, acronym, &e, &none) != 0) {
        jf_error_clear(&none);
        return;
    }
    const jf_synonym_group_t *g = jf_synonyms_find(
        s, (const char *const *)e.terms, e.nterms, &expr);
    if (g)
        ((jf_synonym_group_t *)g)->items[expr].acronym = true;
    expression_free(&e);
}

/* "syn:raa" -> "reciprocal access agreement\n...": the acronym (in
 * capitals, as a reader writes it, so "US" keeps its own term) and its
 * long forms make one group. */
static int add_mined(const char *key, const char *value, size_t len,
                     void *ctx)
{
    mined_ctx_t *m = ctx;
    char *acronym = jf_strdup(key + strlen(JF_METADATA_SYNONYM));
    for (char *c = acronym; *c; c++)
        *c = (char)toupper((unsigned char)*c);
    char *forms = jf_strndup(value, len);
    const char **texts = jf_malloc((len + 2) * sizeof *texts);
    size_t n = 0;
    texts[n++] = acronym;
    for (char *line = forms, *nl; line; line = nl) {
        nl = strchr(line, '\n');
        if (nl)
            *nl++ = '\0';
        if (*trim(line))
            texts[n++] = trim(line);
    }
    /* Index data a reader cannot edit: an unusable entry (a long form
     * with no words) is skipped, and the others still expand. */
    jf_error_t unusable = JF_ERROR_INIT;
    if (n > 1 && jf_utf8_valid(value, len) &&
        add_group(m->s, m->a, texts, n, false, &unusable) == 0)
        mark_acronym(m->s, m->a, acronym);
    jf_error_clear(&unusable);
    free(texts);
    free(forms);
    free(acronym);
    return 0;
}

int jf_synonyms_load_index(jf_synonyms_t *s, jf_analyzer_t *a, jfx_db_t *db,
                           jf_error_t *err)
{
    if (jf_failed(err))
        return -1;
    mined_ctx_t m = { s, a };
    jfx_status_t st = jfx_db_each_metadata(db, JF_METADATA_SYNONYM,
                                           add_mined, &m);
    if (st != JFX_OK)
        return jf_fail(err, st, "%s", jfx_db_last_error(db));
    return 0;
}

const jf_synonym_group_t *jf_synonyms_find(const jf_synonyms_t *s,
                                           const char *const *terms, size_t n,
                                           size_t *expr)
{
    if (!s || n == 0 || n > s->max_terms)
        return NULL;
    char *key = terms_key(terms, n);
    const entry_t *e = entry_find(s, key);
    free(key);
    if (!e)
        return NULL;
    *expr = e->expr;
    return &s->groups.items[e->group];
}

bool jf_synonym_reaches(const jf_synonym_group_t *g, size_t from, size_t to)
{
    const jf_expression_t *f = &g->items[from], *t = &g->items[to];
    if (from == to || f->acronym)
        return true;
    if (!t->acronym)
        return f->curated && t->curated;
    if (f->curated && t->curated)
        return true;
    size_t names = 0;
    for (size_t i = 0; i < g->n; i++)
        names += !g->items[i].acronym;
    return names == 1;
}

size_t jf_synonyms_max_terms(const jf_synonyms_t *s)
{
    return s ? s->max_terms : 0;
}

char *jf_default_synonyms_path(int *explicit_path)
{
    const char *env = getenv("JFSEARCH_SYNONYMS");
    *explicit_path = env && *env;
    return *explicit_path ? jf_strdup(env) : jf_data_file("synonyms.txt");
}

typedef struct {
    const char **items;    /* the lemma first, then each variant once */
    size_t n, cap;
    const char *acronym;   /* the form that is an acronym, if any */
} variants_t;

static void add_variant(const char *lemma, jf_wordnet_kind_t kind, void *ctx)
{
    variants_t *v = ctx;
    for (size_t i = 0; i < v->n; i++)
        if (strcmp(v->items[i], lemma) == 0)
            return;
    char *text = jf_strdup(lemma);
    JF_VEC_PUSH(v, text);
    if (kind == JF_WORDNET_ACRONYM && !v->acronym)
        v->acronym = text;
    if (kind == JF_WORDNET_FULL_NAME)
        v->acronym = v->items[0];
}

bool jf_synonyms_add_wordnet(jf_synonyms_t *s, jf_analyzer_t *a,
                             const char *lemma)
{
    variants_t v = { NULL, 0, 0, NULL };
    char *self = jf_strdup(lemma);
    JF_VEC_PUSH(&v, self);
    jf_wordnet_variants(lemma, add_variant, &v);
    /* A variant without words (WordNet's "'hood") is not worth a
     * failed search: the query word then stands alone. */
    jf_error_t unusable = JF_ERROR_INIT;
    bool added = v.n > 1 && jf_synonyms_add(s, a, v.items, v.n,
                                            &unusable) == 0;
    if (added && v.acronym)
        mark_acronym(s, a, v.acronym);
    jf_error_clear(&unusable);
    for (size_t i = 0; i < v.n; i++)
        free((char *)v.items[i]);
    JF_VEC_FREE(&v);
    return added;
}
