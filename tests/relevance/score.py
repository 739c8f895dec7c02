#!/usr/bin/env python3
"""score.py - measures jfsearch's ranking against graded relevance judgments.

Runs `jfsearch --json --limit 10` on every query in judgments.json, maps each
result to a judged passage (same article number, and the result's text
contains the judged substring, whitespace normalised), and computes per query
and on average nDCG@10, P@5, Recall@10 and the reciprocal rank of the first
relevant result.  The judgments name passages by text, not by number, so they
survive changes to how articles are split into passages.

Before scoring it checks each judged substring against the corpus itself: it
must lie in exactly one paragraph of its article (two identical paragraphs
count as one), which catches typos in the judgments.

Usage: score.py --jfsearch PATH --index DIR [--judgments FILE] [--corpus DIR]
                [--report FILE] [--min-ndcg X] [--min-mrr X] [--tap]
Exit status: 0 when every check and floor passes, 1 when one fails, 2 on bad
arguments or an unreadable judgments file.
"""
import argparse
import glob
import json
import math
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEPTH = 10           # results scored per query
DEEP = 1000          # how far to look for the rank of a missed passage
MIN_PIECE = 25       # shortest judged substring: shorter ones recur too easily


def squeeze(text):
    """Collapses every run of white space (no-break spaces too) to one space."""
    return " ".join(text.split())


def article_number(path):
    return os.path.basename(path)[:3]


# ------------------------------------------------------------ judgments

def load_judgments(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    queries = doc["queries"]
    problems = []
    seen = set()
    for q in queries:
        if q["query"] in seen:
            problems.append(f"query {q['query']!r} is judged twice")
        seen.add(q["query"])
        if not q.get("kind"):
            problems.append(f"query {q['query']!r} has no kind")
        if not q["judgments"]:
            problems.append(f"query {q['query']!r} has no judgments")
        for j in q["judgments"]:
            if j.get("grade") not in (1, 2):
                problems.append(f"{q['query']!r}: grade {j.get('grade')!r} is not 1 or 2")
            if len(squeeze(j["contains"])) < MIN_PIECE:
                problems.append(f"{q['query']!r}: {j['contains']!r} is too short to name one passage")
    return queries, problems


def corpus_paragraphs(corpus):
    """{article number: [paragraph, ...]}: blank-line separated, lines joined."""
    paragraphs = {}
    for path in sorted(glob.glob(os.path.join(corpus, "*.txt"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        blocks = re.split(r"\n\s*\n", text)
        paragraphs[article_number(path)] = [squeeze(b) for b in blocks if b.strip()]
    return paragraphs


def unresolved(queries, paragraphs):
    """Judgments whose substring is not in exactly one paragraph of its
    article, and queries that judge one paragraph twice."""
    problems = []
    for q in queries:
        owners = {}
        for j in q["judgments"]:
            want = squeeze(j["contains"])
            found = {p for p in paragraphs.get(j["file"], []) if want in p}
            where = f"{q['query']!r}: {j['file']} {j['contains']!r}"
            if j["file"] not in paragraphs:
                problems.append(f"{where}: no article {j['file']} in the corpus")
            elif not found:
                problems.append(f"{where}: in no paragraph")
            elif len(found) > 1:
                problems.append(f"{where}: in {len(found)} different paragraphs")
            else:
                key = (j["file"], found.pop())
                if key in owners:
                    problems.append(f"{where}: same paragraph as {owners[key]!r}")
                owners[key] = j["contains"]
    return problems


# ------------------------------------------------------------ searching

def search(jfsearch, index, query, limit):
    """The result list, or a string saying why there is none."""
    cmd = [jfsearch, "--index", index, "--json", "--limit", str(limit), "--", query]
    try:
        p = subprocess.run(cmd, capture_output=True)
    except OSError as e:
        return f"cannot run {jfsearch}: {e.strerror}"
    if p.returncode not in (0, 1):
        return f"exit {p.returncode}: {p.stderr.decode('utf-8', 'replace').strip()[:200]}"
    try:
        return json.loads(p.stdout.decode("utf-8"))["results"]
    except (ValueError, KeyError) as e:
        return f"output is not jfsearch JSON ({e}): {p.stdout[:200]!r}"


def judge(results, judgments, merged=None):
    """For each result, the index of the judgment it matches (None when
    unjudged, or when that passage already appeared higher up, as the
    duplicated paragraph does).  A result holding two judged substrings (the
    engine joined two judged paragraphs) gets the higher grade, and the
    substrings are added to `merged` so the judgments can be fixed."""
    wanted = [(j["file"], squeeze(j["contains"])) for j in judgments]
    credited = set()
    matches = []
    for r in results:
        text = squeeze(r["text"])
        hits = [k for k, (number, piece) in enumerate(wanted)
                if article_number(r["path"]) == number and piece in text]
        hit = max(hits, key=lambda k: judgments[k]["grade"]) if hits else None
        if len(hits) > 1 and merged is not None:
            merged.add(" + ".join(label(judgments[k]) for k in hits))
        if hit in credited:
            hit = None
        if hit is not None:
            credited.add(hit)
        matches.append(hit)
    return matches


def label(judgment):
    """A short name for a judged passage: its article and first words."""
    return f"{judgment['file']}:\"{' '.join(judgment['contains'].split()[:4])}\""


def dcg(gains):
    return sum(g / math.log2(rank + 1) for rank, g in enumerate(gains, start=1))


def score(results, judgments):
    merged = set()
    matches = judge(results[:DEPTH], judgments, merged)
    grades = [judgments[k]["grade"] if k is not None else 0 for k in matches]
    ideal = dcg(sorted((2 ** j["grade"] - 1 for j in judgments), reverse=True)[:DEPTH])
    relevant = sum(1 for j in judgments if j["grade"] >= 1)
    first = next((rank for rank, g in enumerate(grades, start=1) if g >= 1), None)
    return {
        "ndcg": dcg([2 ** g - 1 for g in grades]) / ideal if ideal else 0.0,
        "p5": sum(1 for g in grades[:5] if g >= 1) / 5,
        "r10": sum(1 for g in grades if g >= 1) / relevant if relevant else 0.0,
        "rr": 1 / first if first else 0.0,
        "found": {k for k in matches if k is not None},
        "merged": sorted(merged),
    }


def missed_ranks(jfsearch, index, q, found):
    """'passage@rank' (or 'passage@-' when not retrieved at all) for each
    grade-2 passage that is not in the top ten."""
    missing = [k for k, j in enumerate(q["judgments"]) if j["grade"] == 2 and k not in found]
    if not missing:
        return []
    deep = search(jfsearch, index, q["query"], DEEP)
    deep = deep if isinstance(deep, list) else []
    matches = judge(deep, q["judgments"])
    out = []
    for k in missing:
        rank = matches.index(k) + 1 if k in matches else "-"
        out.append(f"{label(q['judgments'][k])}@{rank}")
    return out


# ------------------------------------------------------------ reporting

def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def table(rows):
    """Markdown table lines, columns padded so it also reads as plain text."""
    widths = [max(len(str(row[c])) for row in rows) for c in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("| " + " | ".join(str(v).ljust(w) for v, w in zip(row, widths)) + " |")
        if n == 0:
            lines.append("| " + " | ".join("-" * w for w in widths) + " |")
    return lines


def report(scored, jfsearch, index):
    f = "{:.3f}".format
    rows = [("query", "kind", "nDCG@10", "P@5", "R@10", "RR", "missed grade 2")]
    for q, s in scored:
        rows.append((q["query"], q["kind"], f(s["ndcg"]), f(s["p5"]), f(s["r10"]), f(s["rr"]),
                     " ".join(s["missed"])))
    kinds = sorted({q["kind"] for q, _ in scored})
    by_kind = [("kind", "queries", "nDCG@10", "P@5", "R@10", "MRR")]
    for kind in kinds + ["all"]:
        group = [s for q, s in scored if kind in ("all", q["kind"])]
        by_kind.append((kind, len(group), f(mean(s["ndcg"] for s in group)),
                        f(mean(s["p5"] for s in group)), f(mean(s["r10"] for s in group)),
                        f(mean(s["rr"] for s in group))))
    merged = [f"- {q['query']}: one result holds {m}" for q, s in scored for m in s["merged"]]
    worst = sorted(scored, key=lambda qs: (qs[1]["ndcg"], qs[1]["rr"]))[:10]
    lines = ["# jfsearch relevance", "",
             f"{len(scored)} queries; jfsearch `{jfsearch}`, index `{index}`. "
             "Missed grade 2 lists `article:\"first words\"@rank` of each grade-2 passage "
             "outside the top 10 (`-`: not retrieved).", "",
             "## Averages", ""] + table(by_kind) + \
            ["", "## Ten worst queries", ""] + \
            [f"- {q['query']} ({q['kind']}): nDCG@10 {f(s['ndcg'])}, RR {f(s['rr'])}" for q, s in worst] + \
            ["", "## Per query", ""] + table(rows)
    if merged:
        lines += ["", "## Judgments to merge", "",
                  "These judged passages came back as one passage; judge it once."] + merged
    return lines


# ------------------------------------------------------------ main

def main():
    ap = argparse.ArgumentParser(description="Score jfsearch against graded relevance judgments.")
    ap.add_argument("--jfsearch", required=True, help="the jfsearch program")
    ap.add_argument("--index", required=True, help="an index of the bundled corpus")
    ap.add_argument("--judgments", default=os.path.join(HERE, "judgments.json"))
    ap.add_argument("--corpus", default=os.path.join(HERE, "..", "..", "corpus"),
                    help="the articles the judgments were written from")
    ap.add_argument("--report", help="also write the report here, as Markdown")
    ap.add_argument("--min-ndcg", type=float, help="fail when mean nDCG@10 is below this")
    ap.add_argument("--min-mrr", type=float, help="fail when MRR is below this")
    ap.add_argument("--tap", action="store_true", help="print TAP, the report as comments")
    args = ap.parse_args()

    try:
        queries, problems = load_judgments(args.judgments)
    except (OSError, ValueError, KeyError, TypeError) as e:
        print(f"score.py: {args.judgments}: cannot read the judgments: {e}", file=sys.stderr)
        return 2
    problems += unresolved(queries, corpus_paragraphs(args.corpus))

    scored, failures = [], []
    for q in queries:
        results = search(args.jfsearch, args.index, q["query"], DEPTH)
        if isinstance(results, str):
            failures.append(f"{q['query']!r}: {results}")
            results = []
        s = score(results, q["judgments"])
        s["missed"] = missed_ranks(args.jfsearch, args.index, q, s["found"])
        scored.append((q, s))

    lines = report(scored, args.jfsearch, args.index)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")

    ndcg = mean(s["ndcg"] for _, s in scored)
    mrr = mean(s["rr"] for _, s in scored)
    checks = [(not problems, f"the judgments are well formed and each names one paragraph "
                             f"of its article ({len(problems)} problems)", problems),
              (not failures, f"jfsearch answered all {len(queries)} queries", failures)]
    if args.min_ndcg is not None:
        checks.append((ndcg >= args.min_ndcg, f"mean nDCG@10 {ndcg:.3f} >= {args.min_ndcg}", []))
    if args.min_mrr is not None:
        checks.append((mrr >= args.min_mrr, f"MRR {mrr:.3f} >= {args.min_mrr}", []))

    if args.tap:
        for line in lines:
            print(("# " + line).rstrip())
        for n, (passed, what, details) in enumerate(checks, start=1):
            print(("ok" if passed else "not ok") + f" {n} - {what}")
            for d in details:
                print("#   " + d)
        print(f"1..{len(checks)}")
    else:
        print("\n".join(lines))
        print()
        for passed, what, details in checks:
            print(("PASS " if passed else "FAIL ") + what)
            for d in details:
                print("    " + d)
    return 0 if all(passed for passed, _, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
