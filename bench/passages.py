"""passages.py - the articles of a corpus, split into passages exactly as jfindex does.

Shared by the reference engines (ref_xapian.py, ref_fts5.py) and bench/run, so
that all engines index the same units: the first non-blank line is the headline
(passage 0); after it each paragraph (lines up to a blank line, joined with
single spaces) is one passage (indexer/article.c).
"""

import gzip
import os


def article_files(corpus):
    """The .txt and .txt.gz files under CORPUS, sorted, as paths joined to CORPUS."""
    found = []
    for root, dirs, files in os.walk(corpus):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".txt") or name.endswith(".txt.gz"):
                found.append(os.path.join(root, name))
    return found


def read_article(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        return f.read().decode("utf-8", errors="replace")


def split_passages(text):
    """[headline, paragraph, ...] of TEXT."""
    passages, paragraph = [], []
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            if paragraph:
                passages.append(" ".join(paragraph))
                paragraph = []
        elif not passages and not paragraph:
            passages.append(line)  # the headline is one line
        else:
            paragraph.append(line)
    if paragraph:
        passages.append(" ".join(paragraph))
    return passages


def corpus_passages(corpus):
    """Yields (path, passage number, text) for every passage; and counts raw bytes."""
    for path in article_files(corpus):
        for number, text in enumerate(split_passages(read_article(path))):
            yield path, number, text


def percentiles(samples):
    """(p50, p95) by nearest rank, the rule bench/jfbench.c uses too."""
    s = sorted(samples)
    n = len(s)
    return s[max(0, (n * 50 + 99) // 100 - 1)], s[max(0, (n * 95 + 99) // 100 - 1)]
