/* paths.h - where jfindex and jfsearch look when told nothing.
 *
 * Both programs share these defaults, so `jfindex` followed by `jfsearch`
 * meets the same index without either being given --index.
 */
#ifndef JF_PATHS_H
#define JF_PATHS_H

/* The index: $JFSEARCH_INDEX when set and not empty, else
 * $XDG_DATA_HOME/jfsearch/index, else $HOME/.local/share/jfsearch/index.
 * malloc'd, caller frees. */
char *jf_default_index_path(void);

/* Where a data file jfsearch installs (synonyms.txt, topics.txt) is for
 * this program: in the source tree when the program runs from its build
 * tree, so a build searches as an installation does; else in
 * JF_PKGDATADIR.  malloc'd, caller frees. */
char *jf_data_file(const char *name);

/* The corpus: ./corpus when it is a directory, else the bundled corpus
 * installed in JF_PKGDATADIR/corpus.  malloc'd, caller frees. */
char *jf_default_corpus_dir(void);

#endif
