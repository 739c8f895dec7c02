/* clean_join.c - re-joins paragraphs broken mid-sentence.
 *
 * Text copied from web pages is often cut into paragraphs where the page
 * had a line break, an advertisement or a picture: "...to accelerate
 * progress on" | "talks for a permanent framework...".  A paragraph that
 * does not end a sentence, followed by one that starts in lower case, is
 * one paragraph; a heading ("A heading" followed by a capital) is not
 * joined.  Each join is noted for --explain with the two pieces' ends.
 */
#include "clean_int.h"

static const char join_rule[] = "broken-paragraph";
static const char join_reason[] = "a sentence split over paragraphs";

/* Ends with what ends a sentence: . ! ? : ; a closing quote or bracket, or
 * an ellipsis. */
static bool ends_sentence(const jf_buf_t *b)
{
    static const char *const ends[] = {
        ".", "!", "?", ":", "\"", "'", ")", "\xe2\x80\x9d", "\xe2\x80\x99",
        "\xe2\x80\xa6", NULL
    };
    jf_span_t t = { b->data, b->len };
    for (const char *const *e = ends; *e; e++)
        if (jf_ends_ci(t, *e))
            return true;
    return false;
}

static bool starts_lower(const jf_buf_t *b)
{
    return jf_is_lower_char(jf_first_char((jf_span_t){ b->data, b->len }));
}

/* "...to accelerate progress on" | "talks ...": the last and first few
 * words of two pieces, for the log. */
static void join_excerpt(jf_buf_t *out, const jf_buf_t *a, const jf_buf_t *b)
{
    size_t start = a->len > 40 ? a->len - 40 : 0;
    size_t end = b->len > 40 ? 40 : b->len;
    while (start > 0 && ((unsigned char)a->data[start] & 0xC0) == 0x80)
        start--;
    while (end < b->len && ((unsigned char)b->data[end] & 0xC0) == 0x80)
        end++;
    jf_buf_reset(out);
    jf_buf_printf(out, "%s%.*s | %.*s%s", start > 0 ? "..." : "",
                  (int)(a->len - start), a->data + start, (int)end, b->data,
                  end < b->len ? "..." : "");
}

void jf_clean_rejoin(jf_paras_t *ps, jf_clean_log_t *log)
{
    jf_buf_t excerpt = JF_BUF_INIT;
    for (size_t i = 0; i < ps->n; i++) {
        jf_para_t *p = &ps->items[i];
        size_t j = i + 1;
        while (j < ps->n && !ends_sentence(&p->text) &&
               starts_lower(&ps->items[j].text)) {
            jf_para_t *q = &ps->items[j];
            if (log) {
                join_excerpt(&excerpt, &p->text, &q->text);
                if (p->join_count++ == 0)
                    p->join_first = log->n;
                jf_clean_note(log, JF_NOTE_JOIN, join_rule, join_reason,
                              q->first_line, excerpt.data, excerpt.len);
            }
            jf_buf_putc(&p->text, ' ');
            jf_buf_append(&p->text, q->text.data, q->text.len);
            q->gone = true;
            j++;
        }
        i = j - 1;
    }
    jf_buf_free(&excerpt);
}
