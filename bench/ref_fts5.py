#!/usr/bin/python3
"""ref_fts5.py - the SQLite FTS5 reference: what an FTS5 user writes.

One row per passage in an FTS5 table with the porter tokenizer (over unicode61),
the passage text stored in the table; searched with MATCH, ranked by bm25(),
showing 10 results each with snippet().

  ref_fts5.py index CORPUS DB          # builds DB, prints its size as built
  ref_fts5.py compact DB               # FTS5 'optimize' + VACUUM, prints the size
  ref_fts5.py query DB QUERIES_TSV REPS WARMUP   # class, query, p50_ms, p95_ms, total
  ref_fts5.py count DB QUERY

FTS5 has no stopword list and ANDs bare words, like jfsearch's default.
"""

import os
import sqlite3
import sys
import time

from passages import corpus_passages, percentiles

SEARCH = ("SELECT path, passage, snippet(passages, 2, '<b>', '</b>', '...', 48) "
          "FROM passages WHERE passages MATCH ? ORDER BY bm25(passages) LIMIT 10")


def index(corpus, path):
    if os.path.exists(path):
        os.remove(path)
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE passages USING fts5("
               "path UNINDEXED, passage UNINDEXED, body, tokenize='porter unicode61')")
    with db:
        db.executemany("INSERT INTO passages(path, passage, body) VALUES (?, ?, ?)",
                       corpus_passages(corpus))
    db.close()
    print(os.path.getsize(path))


def compact(path):
    db = sqlite3.connect(path)
    with db:
        db.execute("INSERT INTO passages(passages) VALUES ('optimize')")
    db.execute("VACUUM")
    db.close()
    print(os.path.getsize(path))


def query(path, queries, reps, warmup):
    db = sqlite3.connect(path)
    with open(queries, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t", 1) for line in f if "\t" in line]
    for cls, q in rows:
        samples = []
        for i in range(warmup + reps):
            t0 = time.perf_counter()
            db.execute(SEARCH, (q,)).fetchall()
            dt = (time.perf_counter() - t0) * 1e3
            if i >= warmup:
                samples.append(dt)
        p50, p95 = percentiles(samples)
        total = db.execute("SELECT count(*) FROM passages WHERE passages MATCH ?", (q,)).fetchone()[0]
        print("%s\t%s\t%.4f\t%.4f\t%d" % (cls, q, p50, p95, total), flush=True)


def count(path, q):
    db = sqlite3.connect(path)
    print(db.execute("SELECT count(*) FROM passages WHERE passages MATCH ?", (q,)).fetchone()[0])


def main(argv):
    if len(argv) == 4 and argv[1] == "index":
        index(argv[2], argv[3])
    elif len(argv) == 3 and argv[1] == "compact":
        compact(argv[2])
    elif len(argv) == 6 and argv[1] == "query":
        query(argv[2], argv[3], int(argv[4]), int(argv[5]))
    elif len(argv) == 4 and argv[1] == "count":
        count(argv[2], argv[3])
    else:
        sys.exit(__doc__.split("\n\n")[2])


if __name__ == "__main__":
    main(sys.argv)
