/* update.c - one index brought up to date in place (see update.h).
 *
 * A file's state is compared before it is read: the same as when it was
 * indexed means not reading it at all.  The state is git's blob ids when
 * git vouches for the file (git_index.h), else its stat data.  It is
 * taken before reading, so a write during the read shows as a difference
 * next time.  It is taken even when none has matched so far (after a
 * fresh checkout or a copy of the corpus): a file read and found
 * unchanged has its new state recorded (states.h), so the next run need
 * not read it.  Every file's state is taken at once, on every processor,
 * while the index is opened, which waits for its records to be read
 * (preload.h): one stat(2) a file is most of what a run that changes
 * nothing does without git, and at L the records take longer to read
 * than the corpus to list.
 */
#include "update.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"
#include "files.h"
#include "metadata.h"
#include "removal.h"
#include "writer.h"

/* The most threads that take states (this one not included). */
enum { STATE_THREADS_MAX = 4 };

/* One thread's share of the files' states: LIST's files FROM..TO-1,
 * their states one after another in TEXT, file I's at AT[I] (NO_STATE
 * when it has none), and whether git's. */
typedef struct {
    const jf_run_t *run;
    const jf_corpus_list_t *list;
    size_t from, to;
    jf_buf_t text;
    size_t *at;
    bool *from_git;
} state_job_t;

#define NO_STATE ((size_t)-1)

static void *take_states(void *arg)
{
    state_job_t *j = arg;
    char state[JF_CORPUS_STAT_MAX];
    for (size_t i = j->from; i < j->to; i++) {
        const char *path = j->list->items[i].path;
        j->from_git[i] = j->run->git &&
                         jf_git_index_state(j->run->git, path,
                                            j->run->sidecars, state);
        if (j->from_git[i] ||
            jf_corpus_stat(path, j->run->sidecars, state)) {
            j->at[i] = j->text.len;
            jf_buf_append(&j->text, state, strlen(state) + 1);
        } else {
            j->at[i] = NO_STATE;
        }
    }
    return NULL;
}

/* Every listed file's state, taken by threads of their own while the
 * index is opened (which waits for its records: preload.h). */
typedef struct {
    state_job_t jobs[STATE_THREADS_MAX];
    pthread_t ids[STATE_THREADS_MAX];
    bool started[STATE_THREADS_MAX];
    unsigned threads;
    size_t share;
    size_t *at;
    bool *from_git;
} states_t;

/* Starts taking the states of LIST's files: one thread per processor,
 * up to STATE_THREADS_MAX, when there are files enough to share. */
static void states_start(const jf_run_t *run, const jf_corpus_list_t *list,
                         states_t *s)
{
    memset(s, 0, sizeof *s);
    size_t n = list->n;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    s->threads = n < 1024 || cpus < 2 ? 1
               : cpus > STATE_THREADS_MAX ? STATE_THREADS_MAX
                                          : (unsigned)cpus;
    s->at = jf_malloc((n ? n : 1) * sizeof *s->at);
    s->from_git = jf_malloc((n ? n : 1) * sizeof *s->from_git);
    s->share = (n + s->threads - 1) / s->threads;
    for (unsigned k = 0; k < s->threads; k++) {
        size_t a = k * s->share < n ? k * s->share : n;
        size_t b = a + s->share < n ? a + s->share : n;
        s->jobs[k] = (state_job_t){ run, list, a, b, JF_BUF_INIT, s->at,
                                    s->from_git };
        s->started[k] = pthread_create(&s->ids[k], NULL, take_states,
                                       &s->jobs[k]) == 0;
    }
}

/* Waits for S's threads (and takes the share of any that did not
 * start). */
static void states_finish(states_t *s)
{
    for (unsigned k = 0; k < s->threads; k++) {
        if (s->started[k])
            pthread_join(s->ids[k], NULL);
        else
            take_states(&s->jobs[k]);
        s->started[k] = false;
    }
}

/* File I's state, or NULL; *FROM_GIT says whether it is git's. */
static const char *state_of(const states_t *s, size_t i, bool *from_git)
{
    *from_git = s->from_git[i];
    if (s->at[i] == NO_STATE)
        return NULL;
    return s->jobs[i / s->share].text.data + s->at[i];
}

static void states_free(states_t *s)
{
    for (unsigned k = 0; k < s->threads; k++)
        jf_buf_free(&s->jobs[k].text);
    free(s->at);
    free(s->from_git);
}

/* Reports what jf_indexer_add did with the file at PATH. */
static void report(jf_run_t *run, const char *path,
                   const jf_add_result_t *added, jf_buf_t *reason)
{
    jf_buf_reset(reason);
    switch (added->change) {
    case JF_ARTICLE_EMPTY:
        jf_run_skipped(run, path, JF_SKIP_EMPTY, "empty");
        break;
    case JF_ARTICLE_BAD_META: {
        char *meta = jf_metadata_sidecar_path(path);
        jf_buf_printf(reason, "%s: %s", meta, added->reason);
        jf_run_skipped(run, path, JF_SKIP_BAD_META, reason->data);
        free(meta);
        break;
    }
    case JF_ARTICLE_DUPLICATE:
        if (strcmp(added->other_path, path) == 0)
            jf_buf_puts(reason, "given twice");
        else
            jf_buf_printf(reason, "same text as %s, indexed once under "
                          "that name", added->other_path);
        jf_run_skipped(run, path, JF_SKIP_DUPLICATE, reason->data);
        break;
    case JF_ARTICLE_ADDED:
    case JF_ARTICLE_UPDATED:
    case JF_ARTICLE_RENAMED:
        jf_run_changed(run, path, added);
        break;
    case JF_ARTICLE_UNCHANGED:
        break;
    }
}

/* Whether what jf_indexer_add did means the file's text is an article of
 * the index (a copy included: its text is indexed under another path). */
static bool is_article(jf_article_change_t change)
{
    return change != JF_ARTICLE_EMPTY && change != JF_ARTICLE_BAD_META;
}

/* Reads and indexes every listed file whose state (in STATES) is not
 * what its record holds, counting in ARTICLES[R] (unless ARTICLES is
 * NULL) the articles found under each corpus directory R. */
static int index_files(jf_run_t *run, jf_indexer_t *ix,
                       const jf_corpus_list_t *list, const states_t *states,
                       unsigned long *articles, jf_error_t *err)
{
    jf_buf_t reason = JF_BUF_INIT;
    jf_corpus_file_t file;
    jf_add_result_t added;
    const char *phase = run->o->check ? "checking" : "indexing";

    for (size_t i = 0; i < list->n && !jf_failed(err); i++) {
        const char *path = list->items[i].path;
        bool from_git;
        const char *stat = state_of(states, i, &from_git);
        jf_run_progress(run, phase, i, list->n);
        if (run->done)
            __atomic_add_fetch(run->done, 1, __ATOMIC_RELAXED);
        jf_stat_match_t known = stat
            ? jf_indexer_match_stat(ix, path, stat) : JF_STAT_UNKNOWN;
        if (known == JF_STAT_SAME) {
            if (articles)
                articles[list->items[i].dir]++;
            if (from_git)
                run->tally->known_by_git++;
            else
                run->tally->known_by_stat++;
            continue;
        }
        run->tally->files_read++;
        jf_skip_t kind = jf_corpus_read(path, list->items[i].root,
                                        &run->o->rules, &file, &reason);
        if (kind != JF_SKIP_NONE) {
            jf_run_skipped(run, path, kind, reason.data);
            continue;
        }
        file.stat = stat;
        if (jf_indexer_add(ix, path, &file, &added, err) == 0) {
            report(run, path, &added, &reason);
            if (articles)
                articles[list->items[i].dir] += is_article(added.change);
        }
        jf_corpus_file_free(&file);
    }
    if (!jf_failed(err))
        jf_run_progress(run, phase, list->n, list->n);
    jf_buf_free(&reason);
    return jf_failed(err) ? -1 : 0;
}

int jf_update_index(jf_run_t *run, const char *index, jf_update_mode_t mode,
                    const jf_corpus_list_t *list, jf_error_t *err)
{
    const jf_build_options_t *o = run->o;
    jf_indexer_t *ix = NULL;

    if (!o->check)
        jf_make_parents(index, err);
    states_t states;
    states_start(run, list, &states);
    if (o->check)
        jf_indexer_open_check(index, &ix, err);
    else if (mode != JF_UPDATE_IN_PLACE) {
        char *articles = mode == JF_UPDATE_PART ? jf_part_articles_path(index)
                                                : NULL;
        jf_indexer_open_scratch(index, articles, &ix, err);
        free(articles);
    }
    else
        jf_indexer_open(index, o->rebuild, o->lock_timeout_ms, run->preload,
                        &ix, err);
    states_finish(&states);
    if (jf_failed(err)) {
        states_free(&states);
        return -1;
    }
    jf_indexer_set_origin(ix, run->origin);
    /* Only a process with the whole corpus has its directories. */
    unsigned long *articles = run->whole_corpus
        ? jf_calloc(list->roots.n + 1, sizeof *articles) : NULL;
    index_files(run, ix, list, &states, articles, err);
    states_free(&states);
    if (run->whole_corpus)
        jf_removal_check_found(list, articles, err);
    free(articles);
    if (!run->o->check)
        jf_run_progress(run, "committing", 0, 0);
    jf_indexer_finish(ix, jf_run_removed, run, err);
    jf_run_progress_end(run);
    run->tally->stats = *jf_indexer_stats(ix);
    jf_indexer_close(ix);
    return jf_failed(err) ? -1 : 0;
}
