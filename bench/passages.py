"""passages.py - the articles of a corpus, split into passages as jfindex does.

bench/run chooses its queries from these passages, and bench/ref.c is this file
ported to C, so that the reference engines index the same units: the first
non-blank line is the headline (passage 0); after it each paragraph (lines up
to a blank line, joined with single spaces) is one passage (indexer/article.c;
jfindex also drops boilerplate and repeated lines, which this does not).
Change one, change the other.
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
