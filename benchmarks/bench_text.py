"""Open answers at scale: 100,000 answers themed and analysed, against TfidfVectorizer.

Times, in interleaved rounds on the same texts, (a) fitting scikit-learn's ``TfidfVectorizer``
(default settings) and (b) ``cx.theme_impact`` (tokenising, lemmatising, theme matching with
negation, language told per answer, and the HC3 regression) plus ``cx.theme_coverage``.
Every round draws fresh answers (theme_coverage reuses theme_impact's coding of the same
answers, as it does in a report). Reports the median ratio b / a (target <= 3). The one-off
loading of simplemma's dictionaries
(a few seconds for Finnish) is timed separately: it is paid once per process, before round 1.

Usage: ``.venv/bin/python benchmarks/bench_text.py [--n 100000] [--repeat 3] [--lang mixed]``
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

import cxresearch as cx
from cxresearch.simulate import COMMENT_THEMES, simulate_comments

LTR = {"detractor": 3, "passive": 7, "promoter": 10}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--lang", default="mixed")
    args = ap.parse_args()

    themes = {k: {"label": v["label"], "match": v["match"]} for k, v in COMMENT_THEMES.items()}

    def sample(seed: int):
        cat = np.random.default_rng(seed).choice(list(LTR), args.n, p=[0.2, 0.3, 0.5])
        return simulate_comments(cat, lang=args.lang, seed=seed + 1).assign(
            ltr=[LTR[c] for c in cat])

    t0 = time.perf_counter()
    cx.code_themes(sample(0).head(200), text="comment", themes=themes)   # loads dictionaries
    load = time.perf_counter() - t0

    ours, peer, ratios = [], [], []
    for r in range(args.repeat):
        # fresh answers every round, so that no round reuses an earlier round's coding
        df = sample(10 * (r + 1))
        texts = df["comment"].tolist()
        t0 = time.perf_counter()
        TfidfVectorizer().fit(texts)
        a = time.perf_counter() - t0
        t0 = time.perf_counter()
        res = cx.theme_impact(df, text="comment", outcome="ltr", themes=themes)
        cx.theme_coverage(df, text="comment", themes=themes)
        b = time.perf_counter() - t0
        peer.append(a)
        ours.append(b)
        ratios.append(b / a)
    print(f"n = {args.n:,} answers ({args.lang}), {res.attrs['n']:,} analysed")
    print(f"dictionary loading (once): {load:.2f} s")
    print(f"TfidfVectorizer.fit: median {statistics.median(peer):.2f} s")
    print(f"theme_impact + theme_coverage: median {statistics.median(ours):.2f} s")
    print(f"ratio: median {statistics.median(ratios):.2f} (rounds: "
          + ", ".join(f"{r:.2f}" for r in ratios) + ")")


if __name__ == "__main__":
    main()
