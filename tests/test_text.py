"""Open answers: theme matching, impact, coverage, tone and suggestions (cxresearch.text).

Checked against independent implementations (statsmodels formula OLS with HC3, cx.nps on
subsets, Wilson's published formula, a two-proportion z-test, the afinn package's own scorer)
and against the known truth of simulated comments (cxresearch.simulate.simulate_comments).
"""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from helpers import RAW

import cxresearch as cx
from cxresearch.errors import CXInputError
from cxresearch.simulate import COMMENT_THEMES, simulate_comments
from cxresearch.text import answer_tone, code_themes, suggest_themes, theme_impact
from cxresearch.themebook import parse_themes
from cxresearch.yamlfile import load_yaml

THEMES = {k: {"label": v["label"], "match": v["match"]} for k, v in COMMENT_THEMES.items()}
LTR = {"detractor": 3, "passive": 7, "promoter": 10}


def coded(texts, themes=None, **kw):
    df = pd.DataFrame({"c": texts})
    return code_themes(df, text="c", themes=themes or THEMES, **kw)


# --------------------------------------------------------------------------- matching


@pytest.mark.parametrize("text", ["Hinnat ovat korkeat", "Hintoja pitäisi laskea",
                                  "Hinnoissa on vikaa", "Hintataso nousi",
                                  "Kilpailukykyiset hinnat", "Liian kallista"])
def test_finnish_inflection_and_compounds_of_price(text):
    assert coded([text], lang="fi")["price"].iloc[0]


@pytest.mark.parametrize("text,theme", [
    ("Asiakaspalvelussa autettiin", "service"), ("Palvelusta jäi hyvä mieli", "service"),
    ("Kassajonossa meni tunti", "queue"), ("Jouduin jonottamaan", "queue"),
    ("Toimituksessa kesti", "delivery"), ("Priserna är höga", "price"),
    ("Köerna var långa", "queue"), ("Kundtjänsten svarade", "service"),
    ("The prices went up", "price"), ("We waited ages", "queue"),
    ("Waiting was long", "queue"), ("Two deliveries were late", "delivery")])
def test_inflection_in_three_languages(text, theme):
    got = coded([text])
    assert got[theme].iloc[0]
    assert got.drop(columns=theme).sum(axis=1).iloc[0] == 0   # and nothing else


def test_negation_near_a_term_is_not_a_mention():
    texts = ["Ei jonoa, kiva.", "No queue at all", "Inga köer idag", "There wasn't a queue",
             "No problems, but the queue was long", "Ei ongelmia. Jono oli pitkä."]
    got = coded(texts, negated="separate")
    assert got["queue"].tolist() == [False, False, False, False, True, True]
    assert got["queue_negated"].tolist() == [True, True, True, True, False, False]
    assert coded(texts, negated="count")["queue"].all()


def test_phrase_terms_and_language_fallback():
    th = {"wait": {"label": {"en": "Waiting"}, "match": {"en": ["long wait"]}}}
    got = coded(["a long wait again", "wait, it was long", "pitkä odotus"], th, lang="en")
    assert got["wait"].tolist() == [True, False, False]
    # a theme without Finnish terms: its English terms are used for Finnish answers, and said so
    fi = coded(["Kassalla long wait taas"], th, lang="fi")
    assert fi["wait"].iloc[0] and any("no fi terms" in note for note in fi.attrs["notes"])


def test_language_without_lemma_data_is_a_stated_fallback():
    th = {"price": {"match": {"ja": ["kakaku"]}}}
    got = coded(["kakaku takai", "kakakus", "yasui"], th, lang="ja")
    assert got["price"].tolist() == [True, True, False]
    assert any("no lemma data" in note for note in got.attrs["notes"])


@pytest.mark.parametrize("lang", ["fi", "en", "sv"])
def test_recovery_of_known_themes(lang):
    cat = np.random.default_rng(3).choice(list(LTR), 1500, p=[0.2, 0.3, 0.5])
    sim = simulate_comments(cat, lang=lang, seed=5)
    got = coded(sim["comment"].tolist())           # language told per answer
    for k in COMMENT_THEMES:
        truth, pred = sim[k].to_numpy(), got[k].to_numpy()
        tp = (truth & pred).sum()
        assert tp / pred.sum() >= 0.98, (lang, k, "precision")
        assert tp / truth.sum() >= 0.98, (lang, k, "recall")


def test_mixed_languages_are_told_apart():
    cat = np.random.default_rng(4).choice(list(LTR), 800)
    sim = simulate_comments(cat, lang="mixed", seed=2)
    got = coded(sim["comment"].tolist())
    told = pd.Series(got.attrs["lang"])
    assert (told.to_numpy() == sim["lang"].to_numpy()).mean() >= 0.97
    assert any("several languages" in note for note in got.attrs["notes"])


# --------------------------------------------------------------------------- impact


@pytest.fixture(scope="module")
def themed():
    cat = np.random.default_rng(11).choice(list(LTR), 4000, p=[0.25, 0.3, 0.45])
    sim = simulate_comments(cat, lang="en", seed=12)
    return sim.assign(ltr=[LTR[c] for c in cat]), sim.attrs["truth"]


def test_impact_equals_ols_with_hc3(themed):
    df, _ = themed
    res = theme_impact(df, text="comment", outcome="ltr", themes=THEMES).set_index("theme")
    codes = code_themes(df, text="comment", themes=THEMES).astype(int)
    y = np.where(df["ltr"] >= 9, 100, np.where(df["ltr"] <= 6, -100, 0))
    fit = smf.ols("y ~ " + " + ".join(codes.columns), data=codes.assign(y=y)).fit(cov_type="HC3")
    ci = fit.conf_int(0.05)
    for k in codes.columns:
        assert res.loc[k, "impact"] == pytest.approx(fit.params[k], abs=1e-9)
        assert res.loc[k, "ci_low"] == pytest.approx(ci.loc[k, 0], abs=1e-6)
        assert res.loc[k, "ci_high"] == pytest.approx(ci.loc[k, 1], abs=1e-6)
    from statsmodels.stats.multitest import multipletests
    order = list(codes.columns)
    expect = multipletests(fit.pvalues[order], method="fdr_bh")[1]
    assert res.loc[order, "p_adjusted"].to_numpy() == pytest.approx(expect, rel=1e-9)


def test_nps_impact_is_overall_minus_nps_without_the_theme(themed):
    df, _ = themed
    res = theme_impact(df, text="comment", outcome="ltr", themes=THEMES).set_index("theme")
    codes = code_themes(df, text="comment", themes=THEMES)
    overall = cx.nps(df, outcome="ltr")["nps"].iloc[0]
    for k in ["price", "service", "queue"]:
        without = cx.nps(df[~codes[k]], outcome="ltr")["nps"].iloc[0]
        assert res.loc[k, "nps_impact"] == pytest.approx(overall - without, abs=1e-9)
        assert res.loc[k, "share"] == pytest.approx(100 * codes[k].mean())


def test_impact_intervals_cover_the_known_effects(themed):
    df, truth = themed
    res = theme_impact(df, text="comment", outcome="ltr", themes=THEMES).set_index("theme")
    for k, tr in truth["themes"].items():
        assert res.loc[k, "ci_low"] <= tr["effect"] <= res.loc[k, "ci_high"], k
        # the unadjusted formula is close to its population value at n = 4000
        assert res.loc[k, "nps_impact"] == pytest.approx(tr["nps_impact"], abs=3)
    # the null theme (same mention rate in every group) is not significant; price is
    assert res.loc["app", "p_adjusted"] > 0.05 and res.loc["price", "p_adjusted"] < 0.001


def test_interval_coverage_over_replicates():
    """95 % intervals of 6 themes × 25 samples: coverage of the exact truth near 95 %."""
    hits = total = 0
    for r in range(25):
        cat = np.random.default_rng(100 + r).choice(list(LTR), 1200, p=[0.25, 0.3, 0.45])
        sim = simulate_comments(cat, lang="en", seed=200 + r)
        df = sim.assign(ltr=[LTR[c] for c in cat])
        res = theme_impact(df, text="comment", outcome="ltr", themes=THEMES).set_index("theme")
        for k, tr in sim.attrs["truth"]["themes"].items():
            hits += res.loc[k, "ci_low"] <= tr["effect"] <= res.loc[k, "ci_high"]
            total += 1
    # binomial(150, .95): 5th–95th percentile is about 138–146
    assert 0.90 <= hits / total <= 0.99


def test_binary_and_rating_outcomes_are_in_their_units():
    df = pd.DataFrame({"c": ["too expensive", "fine", "expensive again", "good"] * 25,
                       "ok": [0, 1, 0, 1] * 25, "stars": [2, 5, 1, 4] * 25})
    th = {"price": {"match": {"en": ["expensive"]}}}
    b = theme_impact(df, text="c", outcome="ok", themes=th)
    assert b.attrs["kind"] == "binary" and b["impact"].iloc[0] == pytest.approx(-100)
    r = theme_impact(df, text="c", outcome="stars", themes=th)
    assert r.attrs["kind"] == "rating" and r["impact"].iloc[0] == pytest.approx(1.5 - 4.5)


# --------------------------------------------------------------------------- coverage, mix, groups


def test_coverage_with_wilson_interval():
    df = pd.DataFrame({"c": ["expensive"] * 30 + ["nice day"] * 70 + ["no queue"] * 10})
    th = {"price": {"match": {"en": ["expensive"]}}, "queue": {"match": {"en": ["queue"]}}}
    cov = cx.theme_coverage(df, text="c", themes=th).iloc[0]
    n, p, z = 110, 30 / 110, 1.959963984540054
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)      # Wilson (1927)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert cov["covered"] == 30 and cov["negated_only"] == 10
    assert cov["ci_low"] == pytest.approx(100 * (centre - half), abs=1e-9)
    assert cov["ci_high"] == pytest.approx(100 * (centre + half), abs=1e-9)


def test_theme_mix_matches_a_crosstab(themed):
    df, _ = themed
    mix = cx.theme_mix(df, text="comment", outcome="ltr", themes=THEMES)
    codes = code_themes(df, text="comment", themes=THEMES)
    grp = pd.Series(np.where(df["ltr"] >= 9, "promoter",
                             np.where(df["ltr"] <= 6, "detractor", "passive")), index=df.index)
    tab = pd.crosstab(grp, codes["queue"])
    q = mix[mix["theme"] == "queue"].set_index("group")
    assert q.loc["detractor", "mentions"] == tab.loc["detractor", True]
    assert q["share_of_mentions"].sum() == pytest.approx(100)
    assert q.loc["promoter", "share_of_group"] == pytest.approx(
        100 * tab.loc["promoter", True] / tab.loc["promoter"].sum())


def test_themes_by_group_test_equals_two_proportion_z_test():
    from statsmodels.stats.proportion import proportions_ztest

    rng = np.random.default_rng(8)
    wave = np.repeat([1, 2], 300)
    price = rng.random(600) < np.where(wave == 1, 0.2, 0.3)
    df = pd.DataFrame({"c": np.where(price, "too expensive", "fine"), "wave": wave,
                       "tiny": np.where(np.arange(600) < 10, "a", "b")})
    th = {"price": {"match": {"en": ["expensive"]}}, "other": {"match": {"en": ["fine"]}}}
    res = cx.themes_by(df, by="wave", text="c", themes=th)
    k = [price[wave == 1].sum(), price[wave == 2].sum()]
    _, p = proportions_ztest(k, [300, 300])
    assert res[res["theme"] == "price"]["p"].iloc[0] == pytest.approx(p, rel=1e-9)
    small = cx.themes_by(df, by="tiny", text="c", themes=th, min_n=30)
    assert small.loc[small["group"] == "a", "share"].isna().all()
    assert small["p"].isna().all()        # one group left: nothing to test


# --------------------------------------------------------------------------- tone


def test_tone_against_the_afinn_scorer():
    from afinn import Afinn

    af = Afinn(language="en")
    texts = ["The staff were great", "Terrible service", "Hinnat ovat hyvät", "ok"]
    tone = answer_tone(pd.DataFrame({"c": texts}), text="c")
    assert tone["tone"].iloc[0] * 5 == pytest.approx(af.score(texts[0]))
    assert tone["tone"].iloc[1] * 5 == pytest.approx(af.score(texts[1]))
    assert math.isnan(tone["tone"].iloc[2]) and pd.isna(tone["lexicon"].iloc[2])
    assert answer_tone(pd.DataFrame({"c": ["not good"]}), text="c")["tone"].iloc[0] < 0


def test_own_score_is_the_language_independent_tone():
    df = pd.DataFrame({"c": ["Hyvä", "Huono", "Ok"], "ltr": [10, 2, 7]})
    tone = answer_tone(df, text="c", outcome="ltr")
    assert tone["own_tone"].tolist() == [1.0, -1.0, 0.0]


# --------------------------------------------------------------------------- suggestions


def test_suggested_themes_are_deterministic_and_find_the_known_themes():
    cat = np.random.default_rng(1).choice(list(LTR), 1500)
    df = simulate_comments(cat, lang="en", seed=9)
    a = suggest_themes(df, text="comment", n=8, seed=3)
    b = suggest_themes(df, text="comment", n=8, seed=3)
    assert a["terms"].tolist() == b["terms"].tolist() and a.attrs["lang"] == "en"
    top = {w for terms in a["terms"] for w in terms[:5]}
    found = [k for k, spec in COMMENT_THEMES.items()
             if any(t in top for t in spec["match"]["en"])]
    assert len(found) >= 5, found


def test_suggested_examples_are_redacted():
    df = pd.DataFrame({"c": ["prices too high, mail anna@example.com",
                             "high prices, call +358 40 123 4567", "friendly staff", "kind staff"]
                       * 5})
    out = suggest_themes(df, text="c", lang="en", n=2)
    joined = " ".join(e for ex in out["examples"] for e in ex)
    assert "anna@example.com" not in joined and "123 4567" not in joined


# --------------------------------------------------------------------------- codebook, CLI, bad input


def test_bundled_codebook_carries_themes():
    survey = cx.load(RAW / "retail_cx.yaml", cache_dir=False)
    themes = survey.codebook.themes
    assert list(themes) == list(COMMENT_THEMES)
    assert themes["price"].title("sv") == "Pris" and "hinta" in themes["price"].terms("fi")
    res = theme_impact(survey)          # everything from the codebook
    assert set(res["theme"]) == set(COMMENT_THEMES) and res.attrs["kind"] == "nps"


def test_bad_theme_specs_are_all_reported():
    with pytest.raises(CXInputError) as err:
        parse_themes({"bad-name": {"match": {"en": ["x"]}}, "price": {"match": {"en": "x",
                      "finnish": ["hinta"]}}, "q": {"match": {"en": []}}})
    text = str(err.value)
    assert "bad-name" in text and "'finnish'" in text and "themes.q.match.en" in text


def test_bad_input_messages_hold_no_answers():
    secret = "my secret complaint about prices"
    df = pd.DataFrame({"c": [secret] * 5, "empty": [""] * 5, "ltr": ["x"] * 5})
    th = {"price": {"match": {"en": ["price"]}}}
    problems = [
        lambda: code_themes(df, text="empty", themes=th),
        lambda: code_themes(df, text="nope", themes=th),
        lambda: code_themes(df, text="c", themes={}),
        lambda: code_themes(df, text="c", themes=th, lang="1x"),
        lambda: code_themes(df, themes=th),
        lambda: theme_impact(df, text="c", outcome="ltr", themes=th),
        lambda: suggest_themes(df, text="c", n=5),
    ]
    for call in problems:
        with pytest.raises(CXInputError) as err:
            call()
        assert secret not in str(err.value) and "secret" not in str(err.value)


def _cli(*args):
    return subprocess.run([sys.executable, "-c", "import sys; from cxresearch.cli import main; "
                           "sys.exit(main())", *map(str, args)], capture_output=True, text=True,
                          timeout=300)


def test_cli_themes_suggest(tmp_path):
    r = _cli("themes", "suggest", "--codebook", RAW / "retail_cx.yaml", "--lang", "en",
             "--n", "5", "--seed", "1")
    assert r.returncode == 0, r.stderr
    block = load_yaml(r.stdout, where="stdout")
    themes = parse_themes(block["themes"])
    assert len(themes) == 5 and all(t.terms("en") for t in themes.values())
    assert "# top terms:" in r.stdout
    bad = _cli("themes", "suggest", "--codebook", RAW / "retail_cx.yaml", "--n", "0")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_simulated_comments_leave_every_other_column_unchanged():
    a = cx.simulate_survey(400, seed=5)
    b = cx.simulate_survey(400, seed=5, comment_lang="sv")
    assert a.data.drop(columns="comment").equals(b.data.drop(columns="comment"))
    assert (a.data["comment"] != "").equals(b.data["comment"] != "")
    assert not a.data["comment"].equals(b.data["comment"])


@pytest.mark.slow
@pytest.mark.parametrize("lang,heading", [("en", "Themes by frequency and effect"),
                                          ("fi", "Teemojen yleisyys ja vaikutus")])
def test_open_text_report(tmp_path, lang, heading):
    from cxresearch.run import run_report

    survey = cx.load(RAW / "retail_cx.yaml", cache_dir=False)
    res = run_report("open_text", codebook=RAW / "retail_cx.yaml", out_dir=tmp_path, lang=lang)
    page = res.path.read_text(encoding="utf-8")
    assert heading in page
    top = theme_impact(survey).iloc[-1]          # the most negative theme, as computed
    low = round(top["ci_low"])
    assert ("−" if low < 0 else "+") + str(abs(low)) in page
    # quotes are off by default: no answer appears, and no e-mail (PII) ever does
    answers = [c for c in survey.data["comment"].dropna().unique() if len(c) > 25]
    assert not any(a in page for a in answers) and "@example.com" not in page


@pytest.mark.slow
def test_open_text_report_without_text_column(tmp_path):
    import shutil

    from cxresearch.run import run_report

    cb = load_yaml((RAW / "retail_cx.yaml").read_text(encoding="utf-8"), where="cb")
    shutil.copy(RAW / "retail_cx.csv", tmp_path / "retail_cx.csv")
    cb.pop("text")
    cb.pop("themes")
    from cxresearch.simulate import dump_yaml
    (tmp_path / "cb.yaml").write_text(dump_yaml(cb), encoding="utf-8")
    res = run_report("open_text", codebook=tmp_path / "cb.yaml", out_dir=tmp_path / "out")
    page = res.path.read_text(encoding="utf-8")
    assert "has no open-answer column" in page


def test_themes_enter_the_driver_analysis_beside_rated_drivers():
    survey = cx.load(RAW / "retail_cx.yaml", cache_dir=False)
    df = cx.text.theme_columns(survey)
    answered = df["comment"].fillna("").str.strip() != ""
    assert df.loc[~answered, "theme_price"].isna().all()
    assert df.loc[answered, "theme_price"].isin([0.0, 1.0]).all()
    sub = df[answered]
    imp = cx.relative_importance(sub, outcome="ltr",
                                 drivers=["service", "price", "theme_price", "theme_app"])
    imp = imp.set_index("driver")["importance"]
    # price complaints carry a large known effect, app mentions none (simulation truth)
    assert imp["theme_price"] > 5 * imp["theme_app"]


def test_quotes_never_come_from_small_groups():
    df = pd.DataFrame({"c": ["too expensive, call 0401234567"] * 40 + ["expensive"] * 5,
                       "g": ["big"] * 40 + ["small"] * 5})
    th = {"price": {"match": {"en": ["expensive"]}}}
    q = cx.text.quotes(df, theme="price", text="c", themes=th, by="g", min_n=30, k=3)
    assert set(q["group"]) == {"big"} and len(q) == 3
    assert not q["quote"].str.contains("0401234567").any()
    assert cx.text.quotes(df.head(10), theme="price", text="c", themes=th, min_n=30).empty
