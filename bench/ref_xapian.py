#!/usr/bin/python3
"""ref_xapian.py - the raw-Xapian reference: what a Xapian user writes.

One document per passage, indexed by TermGenerator with the Snowball English
stemmer (STEM_SOME, positions), the passage text as document data and a unique
id term; searched with QueryParser (same stemmer, default operator AND, as
jfsearch) and BM25Weight, showing 10 results each with MSet::snippet.

  ref_xapian.py index CORPUS DB
  ref_xapian.py query DB QUERIES_TSV REPS WARMUP   # class, query, p50_ms, p95_ms, exact total
  ref_xapian.py count DB QUERY                     # exact number of matching passages

Latency is measured in-process around the Xapian calls (parse, match, fetch,
snippets) with the database opened once, like bench/jfbench.c does for jfsearch.
"""

import sys
import time

import xapian

from passages import corpus_passages, percentiles

SNIPPET_BYTES = 320  # jfsearch's JF_DEFAULT_SNIPPET_BYTES


def index(corpus, path):
    db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    tg.set_stemming_strategy(xapian.TermGenerator.STEM_SOME)
    for file, number, text in corpus_passages(corpus):
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(text)
        doc.set_data(text)
        doc.add_boolean_term("Q%s:%d" % (file, number))
        db.add_document(doc)
    db.commit()
    db.close()


def make_parser(db, stem):
    qp = xapian.QueryParser()
    qp.set_stemmer(stem)
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_default_op(xapian.Query.OP_AND)
    qp.set_database(db)
    return qp


def search(db, qp, stem, query):
    enquire = xapian.Enquire(db)
    enquire.set_weighting_scheme(xapian.BM25Weight())
    enquire.set_query(qp.parse_query(query))
    mset = enquire.get_mset(0, 10)
    snippets = [mset.snippet(m.document.get_data().decode("utf-8"), SNIPPET_BYTES, stem)
                for m in mset]
    return mset, snippets


def query(path, queries, reps, warmup):
    db = xapian.Database(path)
    stem = xapian.Stem("english")
    qp = make_parser(db, stem)
    with open(queries, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t", 1) for line in f if "\t" in line]
    for cls, q in rows:
        samples = []
        for i in range(warmup + reps):
            t0 = time.perf_counter()
            search(db, qp, stem, q)
            dt = (time.perf_counter() - t0) * 1e3
            if i >= warmup:
                samples.append(dt)
        p50, p95 = percentiles(samples)
        print("%s\t%s\t%.4f\t%.4f\t%d" % (cls, q, p50, p95, exact_count(db, qp, q)), flush=True)


def exact_count(db, qp, q):
    enquire = xapian.Enquire(db)
    enquire.set_query(qp.parse_query(q))
    return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated()


def count(path, q):
    db = xapian.Database(path)
    print(exact_count(db, make_parser(db, xapian.Stem("english")), q))


def main(argv):
    if len(argv) == 4 and argv[1] == "index":
        index(argv[2], argv[3])
    elif len(argv) == 6 and argv[1] == "query":
        query(argv[2], argv[3], int(argv[4]), int(argv[5]))
    elif len(argv) == 4 and argv[1] == "count":
        count(argv[2], argv[3])
    else:
        sys.exit(__doc__.split("\n\n")[2])


if __name__ == "__main__":
    main(sys.argv)
