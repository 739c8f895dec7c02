/* update.c - one index brought up to date in place (see update.h).
 *
 * A file's state is compared before it is read: the same as when it was
 * indexed means not reading it at all.  The state is git's blob ids when
 * git vouches for the file (git_index.h), else its stat data.  It is
 * taken before reading, so a write during the read shows as a difference
 * next time.  It is taken even when none has matched so far (after a
 * fresh checkout or a copy of the corpus): a file read and found
 * unchanged has its new state recorded (states.h), so the next run need
 * not read it.  The states of a chunk of files are taken at once, on
 * every processor: one stat(2) a file is most of what a run that changes
 * nothing does without git.
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

/* Files whose states are taken at once, and the threads that take them
 * (this one included). */
enum { STATE_CHUNK = 4096, STATE_THREADS_MAX = 4 };

/* A file's state, and where it came from. */
typedef struct {
    char text[JF_CORPUS_STAT_MAX];
    bool from_git;   /* git's blob ids */
    bool have;       /* git's, or stat data */
} state_t;

/* One thread's share of a chunk: the states of LIST's files FROM..TO-1
 * into STATES[i - BASE]. */
typedef struct {
    const jf_run_t *run;
    const jf_corpus_list_t *list;
    size_t from, to, base;
    state_t *states;
} state_job_t;

static void *take_states(void *arg)
{
    const state_job_t *j = arg;
    for (size_t i = j->from; i < j->to; i++) {
        state_t *s = &j->states[i - j->base];
        const char *path = j->list->items[i].path;
        s->from_git = j->run->git && jf_git_index_state(j->run->git, path,
                                                        j->run->sidecars,
                                                        s->text);
        s->have = s->from_git ||
                  jf_corpus_stat(path, j->run->sidecars, s->text);
    }
    return NULL;
}

/* The states of LIST's files FROM..TO-1 into STATES, on up to THREADS
 * threads. */
static void take_chunk(const jf_run_t *run, const jf_corpus_list_t *list,
                       size_t from, size_t to, unsigned threads,
                       state_t *states)
{
    state_job_t jobs[STATE_THREADS_MAX];
    pthread_t ids[STATE_THREADS_MAX];
    bool started[STATE_THREADS_MAX] = { false };
    size_t share = (to - from + threads - 1) / threads;

    for (unsigned k = 0; k < threads; k++) {
        size_t a = from + k * share < to ? from + k * share : to;
        size_t b = a + share < to ? a + share : to;
        jobs[k] = (state_job_t){ run, list, a, b, from, states };
        if (k > 0)
            started[k] = pthread_create(&ids[k], NULL, take_states,
                                        &jobs[k]) == 0;
    }
    take_states(&jobs[0]);
    for (unsigned k = 1; k < threads; k++) {
        if (started[k])
            pthread_join(ids[k], NULL);
        else
            take_states(&jobs[k]);
    }
}

/* The threads to take a run's states on: one per processor, when there
 * are files enough to share. */
static unsigned state_threads(size_t files)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (files < STATE_CHUNK / 4 || cpus < 2)
        return 1;
    return cpus > STATE_THREADS_MAX ? STATE_THREADS_MAX : (unsigned)cpus;
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

/* Reads and indexes every listed file, counting in ARTICLES[R] (unless
 * ARTICLES is NULL) the articles found under each corpus directory R. */
static int index_files(jf_run_t *run, jf_indexer_t *ix,
                       const jf_corpus_list_t *list, unsigned long *articles,
                       jf_error_t *err)
{
    jf_buf_t reason = JF_BUF_INIT;
    jf_corpus_file_t file;
    jf_add_result_t added;
    const char *phase = run->o->check ? "checking" : "indexing";

    state_t *states = jf_malloc(STATE_CHUNK * sizeof *states);
    unsigned threads = state_threads(list->n);

    for (size_t i = 0; i < list->n && !jf_failed(err); i++) {
        const char *path = list->items[i].path;
        if (i % STATE_CHUNK == 0)
            take_chunk(run, list, i, i + STATE_CHUNK < list->n
                                         ? i + STATE_CHUNK : list->n,
                       threads, states);
        const state_t *state = &states[i % STATE_CHUNK];
        const char *stat = state->text;
        jf_run_progress(run, phase, i, list->n);
        if (run->done)
            __atomic_add_fetch(run->done, 1, __ATOMIC_RELAXED);
        bool from_git = state->from_git;
        bool have_stat = state->have;
        jf_stat_match_t known = have_stat
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
        file.stat = have_stat ? stat : NULL;
        if (jf_indexer_add(ix, path, &file, &added, err) == 0) {
            report(run, path, &added, &reason);
            if (articles)
                articles[list->items[i].dir] += is_article(added.change);
        }
        jf_corpus_file_free(&file);
    }
    if (!jf_failed(err))
        jf_run_progress(run, phase, list->n, list->n);
    free(states);
    jf_buf_free(&reason);
    return jf_failed(err) ? -1 : 0;
}

int jf_update_index(jf_run_t *run, const char *index, bool scratch,
                    const jf_corpus_list_t *list, jf_error_t *err)
{
    const jf_build_options_t *o = run->o;
    jf_indexer_t *ix = NULL;

    if (!o->check)
        jf_make_parents(index, err);
    if (o->check)
        jf_indexer_open_check(index, &ix, err);
    else if (scratch)
        jf_indexer_open_scratch(index, &ix, err);
    else
        jf_indexer_open(index, o->rebuild, o->lock_timeout_ms, run->preload,
                        &ix, err);
    if (jf_failed(err))
        return -1;
    jf_indexer_set_origin(ix, run->origin);
    /* Only a process with the whole corpus has its directories. */
    unsigned long *articles = run->whole_corpus
        ? jf_calloc(list->roots.n + 1, sizeof *articles) : NULL;
    index_files(run, ix, list, articles, err);
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
