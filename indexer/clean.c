/* clean.c - the cleaner's driver: an article's lines into passages and
 * metadata (see clean.h).
 *
 * One pass over the lines applies the rule table (clean_rules.c) to each
 * line, takes the first line no rule drops as the headline, cuts a
 * dateline off the first line of article text, and gathers the other
 * kept lines into paragraphs.  Then broken paragraphs are re-joined
 * (clean_join.c) and repeats left out (clean_dedup.c); each paragraph
 * left is a passage, after the headline.  Notes for --explain name the
 * passage a join made or a repeat repeats, which is known only once all
 * the passages are numbered, so they are completed last.
 */
#include "clean_int.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

static const char block_reason[] = "follows a trading risk disclaimer in "
                                   "its paragraph";

jf_clean_note_t *jf_clean_note(jf_clean_log_t *log, jf_note_kind_t kind,
                               const char *rule, const char *reason,
                               unsigned lineno, const char *text, size_t len)
{
    if (!log)
        return NULL;
    JF_VEC_PUSH(log, ((jf_clean_note_t){ kind, rule, reason, lineno, -1,
                                         jf_strndup(text, len) }));
    return &log->items[log->n - 1];
}

void jf_clean_log_free(jf_clean_log_t *log)
{
    for (size_t i = 0; i < log->n; i++)
        free(log->items[i].text);
    JF_VEC_FREE(log);
}

/* The cleaner as it reads the lines. */
typedef struct {
    jf_cleaner_t c;
    unsigned where;          /* the part of the article reached */
    const jf_rule_t *block;  /* a DROP_BLOCK rule that matched, */
    unsigned block_paragraph; /* in this paragraph */
    jf_paras_t ps;
    jf_clean_log_t *log;
} reader_t;

/* Drops L when a rule matches it or it follows a block rule's line in
 * its paragraph.  Returns whether it did. */
static bool drop_line(reader_t *r, const jf_line_t *l, jf_span_t line)
{
    const jf_rule_t *rule = jf_clean_match(&r->c, line, r->where);

    if (!rule && r->block && r->block_paragraph == l->paragraph) {
        jf_clean_note(r->log, JF_NOTE_DROP, r->block->name, block_reason,
                      l->lineno, l->text, l->len);
        return true;
    }
    if (!rule)
        return false;
    jf_clean_note(r->log, JF_NOTE_DROP, rule->name, rule->reason, l->lineno,
                  l->text, l->len);
    if (rule->action == JF_DROP_BLOCK) {
        r->block = rule;
        r->block_paragraph = l->paragraph;
    }
    return true;
}

static void read_line(reader_t *r, const jf_line_t *l)
{
    jf_span_t line = { l->text, l->len };

    if (drop_line(r, l, line))
        return;
    if (r->where == JF_BEFORE_HEADLINE) {
        r->c.headline = line;
        r->c.have_headline = true;
        jf_metadata_detect(r->c.meta, JF_META_TITLE, l->text, l->len,
                           JF_CLUE_GOOD);
        r->where = JF_HEADER;
        return;
    }
    if (r->where == JF_HEADER) {
        size_t cut = jf_strip_dateline.match(&r->c, line);
        if (cut > 0) {
            jf_span_t prefix = jf_trim_span((jf_span_t){ l->text, cut });
            jf_clean_note(r->log, JF_NOTE_STRIP, jf_strip_dateline.name,
                          jf_strip_dateline.reason, l->lineno, prefix.s,
                          prefix.len);
            line = jf_trim_span((jf_span_t){ line.s + cut, line.len - cut });
        }
        r->where = JF_BODY;
    }
    jf_para_t *last = r->ps.n ? &r->ps.items[r->ps.n - 1] : NULL;
    if (last && last->paragraph == l->paragraph)
        jf_buf_putc(&last->text, ' ');
    else
        JF_VEC_PUSH(&r->ps, ((jf_para_t){ .first_line = l->lineno,
                                          .paragraph = l->paragraph }));
    jf_buf_append(&r->ps.items[r->ps.n - 1].text, line.s, line.len);
}

/* The headline and the paragraphs left, as passages; completes the notes
 * with the passages' numbers. */
static jf_passage_text_t *make_passages(reader_t *r, size_t kept,
                                        size_t *count)
{
    jf_passage_text_t *out = jf_malloc((kept + 1) * sizeof *out);
    size_t *number = jf_malloc((r->ps.n + 1) * sizeof *number);
    size_t n = 0;

    out[n].text = jf_strndup(r->c.headline.s, r->c.headline.len);
    out[n++].len = r->c.headline.len;
    for (size_t i = 0; i < r->ps.n; i++) {
        jf_para_t *p = &r->ps.items[i];
        number[i] = n;
        if (!p->gone) {
            out[n].len = p->text.len;
            out[n++].text = jf_buf_release(&p->text);
        }
    }
    for (size_t i = 0; r->log && i < r->ps.n; i++) {
        const jf_para_t *p = &r->ps.items[i];
        for (size_t k = 0; k < p->join_count; k++)
            r->log->items[p->join_first + k].passage = (int)number[i];
        if (p->dup_note)
            r->log->items[p->dup_note - 1].passage = (int)number[p->repeats];
    }
    free(number);
    *count = n;
    return out;
}

size_t jf_clean(const jf_line_t *lines, size_t count, jf_metadata_t *meta,
                jf_passage_text_t **passages, jf_clean_log_t *log)
{
    reader_t r = { { meta, { NULL, 0 }, false }, JF_BEFORE_HEADLINE, NULL, 0,
                   { NULL, 0, 0 }, log };
    size_t n = 0;

    *passages = NULL;
    for (size_t i = 0; i < count; i++)
        read_line(&r, &lines[i]);
    if (r.c.have_headline) {
        jf_clean_rejoin(&r.ps, log);
        size_t kept = jf_clean_dedup(&r.ps, log);
        *passages = make_passages(&r, kept, &n);
    }
    for (size_t i = 0; i < r.ps.n; i++) {
        jf_buf_free(&r.ps.items[i].text);
        jf_fingerprint_free(&r.ps.items[i].fp);
    }
    JF_VEC_FREE(&r.ps);
    return n;
}
