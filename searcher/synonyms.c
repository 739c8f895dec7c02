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
#include "schema.h"

#ifndef JF_PKGDATADIR
#define JF_PKGDATADIR "/usr/local/share/jfsearch"
#endif

typedef struct {
    char *key;
    size_t group, expr;
} entry_t;

struct jf_synonyms {
    jf_synonym_group_t *groups;
    size_t ngroups, groups_cap;
    entry_t *entries;          /* sorted by key */
    size_t nentries, entries_cap;
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
    for (size_t g = 0; g < s->ngroups; g++) {
        for (size_t i = 0; i < s->groups[g].n; i++)
            expression_free(&s->groups[g].exprs[i]);
        free(s->groups[g].exprs);
    }
    free(s->groups);
    for (size_t i = 0; i < s->nentries; i++)
        free(s->entries[i].key);
    free(s->entries);
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
    size_t lo = 0, hi = s->nentries;
    *found = 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(s->entries[mid].key, key);
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
    return found ? &s->entries[at] : NULL;
}

/* Registers KEY for expression EXPR of GROUP unless the key is taken. */
static void entry_add(jf_synonyms_t *s, const char *key, size_t group,
                      size_t expr)
{
    int found;
    size_t at = entry_search(s, key, &found);
    if (found)
        return;
    if (s->nentries == s->entries_cap) {
        s->entries_cap = s->entries_cap ? s->entries_cap * 2 : 32;
        s->entries = jf_realloc(s->entries,
                                s->entries_cap * sizeof *s->entries);
    }
    memmove(&s->entries[at + 1], &s->entries[at],
            (s->nentries - at) * sizeof *s->entries);
    s->entries[at] = (entry_t){ jf_strdup(key), group, expr };
    s->nentries++;
}

typedef struct {
    jf_expression_t *e;
    size_t cap;
    size_t first_start;
} analysis_t;

static int collect_term(const jf_token_t *t, void *ctx)
{
    analysis_t *an = ctx;
    jf_expression_t *e = an->e;
    if (t->flags & JF_TOKEN_JOINED) {
        /* A joined form names the expression only when the expression is
         * one compound (its last token, spanning from the first). */
        free(e->joined);
        e->joined = t->start == an->first_start ? jf_strdup(t->term) : NULL;
        return 0;
    }
    if (e->nterms == 0)
        an->first_start = t->start;
    free(e->joined);   /* a word after a compound: not one compound */
    e->joined = NULL;
    if (e->nterms == an->cap) {
        an->cap = an->cap ? an->cap * 2 : 4;
        e->terms = jf_realloc(e->terms, an->cap * sizeof *e->terms);
    }
    e->terms[e->nterms++] = jf_strdup(t->term);
    return 0;
}

static int expression_make(jf_analyzer_t *a, const char *text,
                           jf_expression_t *e)
{
    memset(e, 0, sizeof *e);
    analysis_t an = { e, 0, 0 };
    jf_analyze(a, text, strlen(text), 1, collect_term, &an);
    if (e->nterms == 0) {
        expression_free(e);
        return -1;
    }
    e->text = jf_strdup(text);
    return 0;
}

static jf_synonym_group_t *group_new(jf_synonyms_t *s)
{
    if (s->ngroups == s->groups_cap) {
        s->groups_cap = s->groups_cap ? s->groups_cap * 2 : 16;
        s->groups = jf_realloc(s->groups, s->groups_cap * sizeof *s->groups);
    }
    jf_synonym_group_t *g = &s->groups[s->ngroups++];
    memset(g, 0, sizeof *g);
    return g;
}

/* Moves E into group G (number GI), registering its keys; an expression
 * whose key another group already has is left out (the first group to
 * name an expression keeps it). */
static void group_take(jf_synonyms_t *s, size_t gi, jf_expression_t *e)
{
    char *key = terms_key((const char *const *)e->terms, e->nterms);
    if (entry_find(s, key)) {
        free(key);
        expression_free(e);
        return;
    }
    jf_synonym_group_t *g = &s->groups[gi];
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 4;
        g->exprs = jf_realloc(g->exprs, g->cap * sizeof *g->exprs);
    }
    g->exprs[g->n] = *e;
    entry_add(s, key, gi, g->n);
    if (e->joined)
        entry_add(s, e->joined, gi, g->n);
    g->n++;
    if (e->nterms > s->max_terms)
        s->max_terms = e->nterms;
    free(key);
}

int jf_synonyms_add(jf_synonyms_t *s, jf_analyzer_t *a,
                    const char *const *texts, size_t n)
{
    jf_expression_t *exprs = jf_calloc(n ? n : 1, sizeof *exprs);
    for (size_t i = 0; i < n; i++) {
        if (expression_make(a, texts[i], &exprs[i]) != 0) {
            for (size_t k = 0; k < i; k++)
                expression_free(&exprs[k]);
            free(exprs);
            return -1;
        }
    }
    /* Merge into the group that already has one of these expressions. */
    size_t target = s->ngroups;
    for (size_t i = 0; i < n && target == s->ngroups; i++) {
        char *key = terms_key((const char *const *)exprs[i].terms,
                              exprs[i].nterms);
        const entry_t *hit = entry_find(s, key);
        if (!hit && exprs[i].joined)
            hit = entry_find(s, exprs[i].joined);
        if (hit)
            target = hit->group;
        free(key);
    }
    if (target == s->ngroups)
        group_new(s);
    for (size_t i = 0; i < n; i++)
        group_take(s, target, &exprs[i]);
    free(exprs);
    return 0;
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

static char *file_error(const char *path, unsigned line, const char *what,
                        const char *expr)
{
    jf_buf_t b = JF_BUF_INIT;
    jf_buf_printf(&b, "%s:%u: ", path, line);
    jf_buf_printf(&b, what, expr);
    return jf_buf_release(&b);
}

/* One line: expressions separated by '='.  Returns NULL or an error. */
static char *load_line(jf_synonyms_t *s, jf_analyzer_t *a, char *text,
                       const char *path, unsigned lineno)
{
    char *hash = strchr(text, '#');
    if (hash)
        *hash = '\0';
    if (*trim(text) == '\0')
        return NULL;
    if (!jf_utf8_valid(text, strlen(text)))
        return file_error(path, lineno, "%snot valid UTF-8", "");

    const char **exprs = NULL;
    size_t n = 0, cap = 0;
    char *error = NULL;
    for (char *part = text, *eq; part && !error; part = eq) {
        eq = strchr(part, '=');
        if (eq)
            *eq++ = '\0';
        part = trim(part);
        if (*part == '\0') {
            error = file_error(path, lineno, "%san empty expression (two "
                               "'=' in a row, or one at an end)", "");
            break;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 4;
            exprs = jf_realloc(exprs, cap * sizeof *exprs);
        }
        exprs[n++] = part;
    }
    if (!error && n < 2)
        error = file_error(path, lineno, "'%s': a group needs two or more "
                           "expressions separated by '='", exprs[0]);
    if (!error && jf_synonyms_add(s, a, exprs, n) != 0) {
        for (size_t i = 0; i < n && !error; i++) {
            jf_synonyms_t *probe = jf_synonyms_new();
            if (jf_synonyms_add(probe, a, &exprs[i], 1) != 0)
                error = file_error(path, lineno, "'%s' has no words",
                                   exprs[i]);
            jf_synonyms_free(probe);
        }
    }
    free(exprs);
    return error;
}

int jf_synonyms_load_file(jf_synonyms_t *s, jf_analyzer_t *a,
                          const char *path, char **error)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        jf_buf_t b = JF_BUF_INIT;
        jf_buf_printf(&b, "%s: cannot read the synonyms file: %s", path,
                      strerror(errno));
        *error = jf_buf_release(&b);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    unsigned lineno = 0;
    *error = NULL;
    while (!*error && getline(&line, &cap, f) != -1)
        *error = load_line(s, a, line, path, ++lineno);
    if (!*error && ferror(f)) {
        jf_buf_t b = JF_BUF_INIT;
        jf_buf_printf(&b, "%s: cannot read the synonyms file: %s", path,
                      strerror(errno));
        *error = jf_buf_release(&b);
    }
    free(line);
    fclose(f);
    return *error ? -1 : 0;
}

typedef struct {
    jf_synonyms_t *s;
    jf_analyzer_t *a;
} mined_ctx_t;

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
    /* Index data a reader cannot edit: an unusable entry is skipped. */
    if (n > 1 && jf_utf8_valid(value, len))
        jf_synonyms_add(m->s, m->a, texts, n);
    free(texts);
    free(forms);
    free(acronym);
    return 0;
}

int jf_synonyms_load_index(jf_synonyms_t *s, jf_analyzer_t *a, jfx_db_t *db,
                           char **error)
{
    mined_ctx_t m = { s, a };
    if (jfx_db_each_metadata(db, JF_METADATA_SYNONYM, add_mined, &m) !=
        JFX_OK) {
        *error = jf_strdup(jfx_db_last_error(db));
        return -1;
    }
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
    return &s->groups[e->group];
}

size_t jf_synonyms_max_terms(const jf_synonyms_t *s)
{
    return s ? s->max_terms : 0;
}

char *jf_default_synonyms_path(int *explicit_path)
{
    const char *env = getenv("JFSEARCH_SYNONYMS");
    *explicit_path = env && *env;
    return jf_strdup(*explicit_path ? env : JF_PKGDATADIR "/synonyms.txt");
}
