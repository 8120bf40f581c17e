"""Presenting results in the report language: text, headings, display tables, summaries in words.

These are what the report notebooks call to show text and tables: :func:`md`, :func:`heading`,
:func:`show_table`, :func:`key_figures` and the ``*_display_table`` and ``*_summary``
functions, which turn the tidy frames of the statistics modules into formatted tables and
sentences (decimal comma and true minus sign in Finnish).

Examples
--------
>>> p_phrase(0.0004)
'p < 0.001'
>>> p_phrase(0.0234, "fi")
'p = 0,023'
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pandas as pd

from .disclosure import is_small, suppress
from .i18n import fmt_num, fmt_pts, fmt_range, t
from .redact import redact

__all__ = [
    "md",
    "plain",
    "heading",
    "show_table",
    "key_figures",
    "nps_display_table",
    "nps_summary",
    "nps_tests_table",
    "driver_labels",
    "importance_display_table",
    "priorities_display_table",
    "coefficients_display_table",
    "comparison_display_table",
    "drivers_summary",
    "format_table",
    "p_phrase",
    "jn_sentence",
    "comment_sample",
    "KEY_FIGURES_MIME",
]

KEY_FIGURES_MIME = "application/vnd.cxresearch.keyfigures+json"


# --------------------------------------------------------------------------- presenting


def md(text: str) -> None:
    """Show markdown text as notebook output (it becomes report text)."""
    from IPython.display import Markdown, display

    display(Markdown(text))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$<>:-])")


def plain(text: Any) -> str:
    """Text from a codebook or the data, made safe to put into :func:`md` Markdown.

    HTML is escaped and every Markdown, link, math (``$``) and Mermaid (backtick) character is
    backslash-escaped, so the text shows exactly as typed and never becomes a link, an image,
    a script, a formula or a diagram.

    Examples
    --------
    >>> print(plain("[a](b) & $x$"))
    \\[a\\]\\(b\\) &amp; \\$x\\$
    """
    escaped = html.escape(str(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped).replace("\n", " ")


def heading(key_or_text: str, lang: str = "en", level: int = 2, **values: Any) -> None:
    """Show a translated heading (``key_or_text`` is an i18n key or literal text)."""
    from .i18n import has_text

    text = t(key_or_text, lang, **values) if has_text(key_or_text) else plain(key_or_text)
    md(f"{'#' * level} {text}")


def show_table(df: pd.DataFrame, *, caption: str | None = None) -> None:
    """Show a presentation table (already formatted as text) without its index."""
    from IPython.display import HTML, display

    # every cell is escaped: labels and answers come from data and may hold markup
    styler = df.style.format(escape="html").hide(axis="index").format_index(escape="html",
                                                                             axis=1)
    # text columns (names, labels) read better left-aligned; numbers stay right-aligned
    text_cols = [c for c in df.columns
                 if df[c].map(lambda v: isinstance(v, str)
                              and not re.match(r"^[+−\-–]?\d", v)).all() and len(df)]
    if text_cols:
        styler = styler.set_properties(subset=text_cols, **{"text-align": "left"})
    if caption:
        styler = styler.set_caption(html.escape(caption))
    display(HTML(styler.to_html()))


def key_figures(**figures: Any) -> None:
    """Record key figures (n, NPS, top priority, title) for a batch index page.

    They are stored in the notebook output under a private MIME type, which the HTML export
    does not show.
    """
    from IPython.display import display

    clean = {k: (None if isinstance(v, float) and v != v else v) for k, v in figures.items()}
    display({KEY_FIGURES_MIME: json.loads(json.dumps(clean, default=str))}, raw=True)


def nps_display_table(table: pd.DataFrame, *, by: str | None = None, label: str | None = None,
                      lang: str = "en", min_n: int = 30) -> pd.DataFrame:
    """Format an :func:`cxresearch.metrics.nps` table for reading (rounding happens here).

    Groups whose effective (Kish) base is under ``min_n`` keep their base but their NPS and
    CI are shown as suppressed; when only one group is small a second one is suppressed too
    (:func:`cxresearch.disclosure.suppress`), so it cannot be rebuilt from the total.
    ``label`` is the heading of the ``by`` column (default: its name).
    """
    rows = []
    if by is not None:
        table = suppress(table, min_n=min_n)
    else:
        table = table.assign(suppressed=[is_small(r, min_n) for _, r in table.iterrows()])
    for _, r in table.iterrows():
        small = bool(r["suppressed"])
        row = {} if by is None else {label or by: str(r[by])}
        row[t("col.base", lang)] = fmt_num(r["base"], lang)
        if small:
            row[t("col.nps", lang)] = t("suppressed", lang, min_n=min_n)
            row[t("col.ci", lang)] = "–"
            for c in ("pct_promoters", "pct_passives", "pct_detractors"):
                row[t(f"col.{c}", lang)] = "–"
        else:
            row[t("col.nps", lang)] = fmt_pts(r["nps"], lang)
            row[t("col.ci", lang)] = fmt_range(r["ci_low"], r["ci_high"], lang, points=True)
            for c in ("pct_promoters", "pct_passives", "pct_detractors"):
                row[t(f"col.{c}", lang)] = fmt_num(r[c], lang)
        if "n_eff" in r and abs(r["n_eff"] - r["base"]) > 0.5:
            row[t("col.n_eff", lang)] = fmt_num(r["n_eff"], lang)
        rows.append(row)
    return pd.DataFrame(rows)


def nps_summary(overall: pd.DataFrame, by_group: pd.DataFrame | None = None,
                tests: pd.DataFrame | None = None, *, segment: str | None = None,
                label: str | None = None, lang: str = "en", min_n: int = 30,
                level: float = 0.95) -> list[str]:
    """Sentences of the executive summary of an NPS overview, built from the results.

    ``segment`` is the group column of ``by_group``; ``label`` its name in the text
    (default: the column name).

    Returns
    -------
    list of str
        Markdown sentences: the headline NPS with its CI, the category mix, the best and worst
        groups with enough base, significant differences (or that none are), small bases.
    """
    o = overall.iloc[0]
    if is_small(o, min_n):  # the same rule as the tables: no figure from a small base
        return [t("disc.suppressed_all", lang, n=fmt_num(o["base"], lang), min_n=min_n)]
    lines = [t("nps.headline", lang, nps=fmt_pts(o["nps"], lang), low=fmt_pts(o["ci_low"], lang),
               high=fmt_pts(o["ci_high"], lang), n=fmt_num(o["base"], lang),
               level=fmt_num(100 * level, lang)),
             t("nps.mix", lang, pro=fmt_num(o["pct_promoters"], lang),
               pas=fmt_num(o["pct_passives"], lang), det=fmt_num(o["pct_detractors"], lang))]
    if by_group is not None and segment:
        name = label or segment
        by_group = suppress(by_group, min_n=min_n)
        ok = by_group[~by_group["suppressed"]].sort_values("nps")
        if len(ok) >= 2:
            best, worst = ok.iloc[-1], ok.iloc[0]
            lines.append(t("nps.best_worst", lang, segment=name, best=str(best[segment]),
                           best_nps=fmt_pts(best["nps"], lang), worst=str(worst[segment]),
                           worst_nps=fmt_pts(worst["nps"], lang)))
        if tests is not None and len(tests):
            hidden = set(by_group.loc[by_group["suppressed"], segment].astype(str))
            sig = tests[tests["significant"].fillna(False).astype(bool)
                        & ~tests["group_a"].astype(str).isin(hidden)
                        & ~tests["group_b"].astype(str).isin(hidden)]
            if len(sig):
                for _, r in sig.sort_values("p_adjusted").head(3).iterrows():
                    lines.append(t("nps.diff_sig", lang, a=str(r["group_a"]), b=str(r["group_b"]),
                                   diff=fmt_pts(r["diff"], lang, 1),
                                   p=p_phrase(r["p_adjusted"], lang)))
            elif len(ok) >= 2:
                lines.append(t("nps.no_diff", lang, segment=name))
        small = by_group[by_group["reason"] == "small base"]
        if len(small):
            lines.append(t("nps.small", lang, k=len(small), min_n=min_n,
                           groups=", ".join(str(v) for v in small[segment])))
        extra = by_group[by_group["reason"] == "complementary"]
        if len(extra):
            lines.append(t("disc.complementary", lang,
                           groups=", ".join(str(v) for v in extra[segment])))
    return lines


def jn_sentence(region: dict[str, Any], *, driver: str, moderator: str,
                lang: str = "en") -> str:
    """Where a driver's effect is significant across a continuous moderator, in words.

    Parameters
    ----------
    region : dict
        The result of :func:`cxresearch.moderation.jn_region`.
    driver, moderator : str
        Their names in the text.

    Examples
    --------
    >>> jn_sentence({"kind": "below", "bounds": [5.26], "low": 1, "high": 7},
    ...             driver="Atmosphere", moderator="time pressure")
    'The effect of Atmosphere is significant where time pressure is below 5.3 (observed 1 … 7).'
    """
    b = list(region["bounds"]) + [float("nan")] * 2
    return t(f"jn.{region['kind']}", lang, driver=driver, moderator=moderator,
             b1=fmt_num(b[0], lang, 1), b2=fmt_num(b[1], lang, 1),
             low=fmt_num(region["low"], lang, 0), high=fmt_num(region["high"], lang, 0))


def p_phrase(p: float, lang: str = "en") -> str:
    """A p-value for a sentence: ``p < 0.001`` or ``p = 0.023`` (decimal comma in Finnish)."""
    text = _fmt_p(p, lang)
    return f"p {text}" if text.startswith("<") else f"p = {text}"


def _fmt_p(p: float, lang: str) -> str:
    if p < 0.001:
        return "< 0" + (",001" if lang == "fi" else ".001")
    return fmt_num(p, lang, 3)


def comment_sample(data: Any, *, per_category: int = 3, min_length: int = 3,
                   seed: int = 0) -> pd.DataFrame:
    """A few open answers per NPS category, redacted, for a report that allows them.

    Only the codebook's ``text`` columns are used; PII columns never are. The text is returned
    as plain text: :func:`show_table` escapes it, so markup in an answer shows as typed.

    Returns
    -------
    DataFrame
        ``category, comment``.
    """
    from .metrics import nps_category

    df, cb = data.data, data.codebook
    if not cb.text:
        return pd.DataFrame({"category": [], "comment": []})
    cat = nps_category(df[cb.recommend.column], scale=cb.recommend.scale)
    rows = []
    for c in ("detractor", "passive", "promoter"):
        texts = df.loc[cat == c, cb.text[0]].dropna().astype(str)
        texts = texts[texts.str.strip().str.len() >= min_length]
        for text in texts.sample(min(per_category, len(texts)), random_state=seed):
            rows.append({"category": c, "comment": redact(text)})
    return pd.DataFrame(rows)


def nps_tests_table(tests: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """Format :func:`cxresearch.metrics.nps_test` results for reading (suppressed pairs out)."""
    rows = []
    for _, r in tests[~tests["suppressed"]].sort_values("p_adjusted").iterrows():
        rows.append({t("col.pair", lang): f"{r['group_a']} – {r['group_b']}",
                     t("col.diff", lang): fmt_pts(r["diff"], lang, 1),
                     t("col.ci", lang): fmt_range(r["ci_low"], r["ci_high"], lang, 1,
                                                  points=True),
                     t("col.p_adjusted", lang): _fmt_p(r["p_adjusted"], lang)})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- drivers


def driver_labels(codebook: Any, lang: str = "en") -> dict[str, str]:
    """Display names of the codebook's constructs in ``lang``."""
    return {name: c.title(lang) for name, c in codebook.constructs.items()}


def importance_display_table(table: pd.DataFrame, *, labels: dict[str, str] | None = None,
                             quadrants: pd.DataFrame | None = None,
                             lang: str = "en") -> pd.DataFrame:
    """Format :func:`cxresearch.importance.relative_importance` (and IPA quadrants) for reading."""
    labels = labels or {}
    quad = {} if quadrants is None else dict(zip(quadrants["driver"], quadrants["quadrant"],
                                                 strict=True))
    rows = []
    for _, r in table.iterrows():
        row = {t("col.rank", lang): int(r["rank"]),
               t("col.driver", lang): labels.get(r["driver"], r["driver"]),
               t("col.share", lang): fmt_num(r["share"], lang, 1)}
        if r["share_ci_low"] == r["share_ci_low"]:
            row[t("col.share_ci", lang)] = fmt_range(r["share_ci_low"], r["share_ci_high"], lang, 1)
            row[t("col.rank_ci", lang)] = (f"{int(r['rank_ci_low'])}–{int(r['rank_ci_high'])}"
                                           if r["rank_ci_low"] != r["rank_ci_high"]
                                           else str(int(r["rank_ci_low"])))
        row[t("col.performance", lang)] = fmt_num(r["performance"], lang, 2)
        if quad:
            row[t("col.quadrant", lang)] = t(f"quad.{quad[r['driver']]}", lang)
        rows.append(row)
    return pd.DataFrame(rows)


def priorities_display_table(table: pd.DataFrame, *, labels: dict[str, str] | None = None,
                             kano: pd.DataFrame | None = None, lang: str = "en",
                             top: int | None = None) -> pd.DataFrame:
    """Format :func:`cxresearch.actions.priorities` (with Kano classes) for reading."""
    labels = labels or {}
    kano_of = {} if kano is None else dict(zip(kano["driver"], kano["kano"], strict=True))
    nps_unit = table["unit"].iloc[0] == "NPS points" if len(table) else True
    rows = []
    for _, r in table.head(top or len(table)).iterrows():
        gain = fmt_pts(r["gain"], lang, 1) if nps_unit else fmt_num(r["gain"], lang, 2)
        row = {t("col.rank", lang): int(r["rank"]),
               t("col.driver", lang): labels.get(r["driver"], r["driver"]),
               t("col.gain", lang): gain}
        if r["ci_low"] == r["ci_low"]:
            row[t("col.ci", lang)] = fmt_range(r["ci_low"], r["ci_high"], lang,
                                               1 if nps_unit else 2, points=nps_unit)
        row[t("col.below", lang)] = fmt_num(r["share_below"], lang)
        row[t("col.performance", lang)] = fmt_num(r["performance"], lang, 2)
        if kano_of:
            row[t("col.kano", lang)] = t(f"kano.{kano_of[r['driver']]}", lang)
        rows.append(row)
    return pd.DataFrame(rows)


def coefficients_display_table(coef: pd.DataFrame, *, labels: dict[str, str] | None = None,
                               lang: str = "en") -> pd.DataFrame:
    """Format the OLS coefficient table of :func:`cxresearch.models.driver_models`."""
    labels = labels or {}
    return pd.DataFrame([{
        t("col.driver", lang): labels.get(r["driver"], r["driver"]),
        t("col.coef", lang): fmt_num(r["coef"], lang, 3),
        t("col.ci", lang): fmt_range(r["ci_low"], r["ci_high"], lang, 3),
        t("col.p", lang): _fmt_p(r["p_value"], lang),
        t("col.std_coef", lang): fmt_num(r["std_coef"], lang, 3),
        t("col.vif", lang): fmt_num(r["vif"], lang, 2)} for _, r in coef.iterrows()])


def comparison_display_table(comp: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """Format :func:`cxresearch.models.model_comparison` for reading."""
    return pd.DataFrame([{
        t("col.model", lang): t(f"model.{r['model']}", lang),
        t("col.base", lang): fmt_num(r["n"], lang),
        t("col.r2", lang): fmt_num(r["r2"], lang, 3),
        t("col.aic", lang): fmt_num(r["aic"], lang, 1)} for _, r in comp.iterrows()])


def drivers_summary(importance: pd.DataFrame, prio: pd.DataFrame, quadrants: pd.DataFrame, *,
                    labels: dict[str, str] | None = None, outcome_label: str = "",
                    lang: str = "en") -> list[str]:
    """Executive-summary sentences of a key-driver analysis, built from the results."""
    labels = labels or {}
    a = importance.attrs
    level = fmt_num(100 * a.get("level", 0.95), lang)
    name = lambda d: labels.get(d, d)  # noqa: E731
    lines = []
    lo, hi = a.get("r2_ci", (float("nan"), float("nan")))
    if lo == lo:
        lines.append(t("drv.headline", lang, k=len(importance), r2=fmt_num(100 * a["r2"], lang),
                       outcome=outcome_label, level=level, lo=fmt_num(100 * lo, lang),
                       hi=fmt_num(100 * hi, lang), n=fmt_num(a["n"], lang)))
    else:
        lines.append(t("drv.headline_nc", lang, k=len(importance), outcome=outcome_label,
                       r2=fmt_num(100 * a["r2"], lang), n=fmt_num(a["n"], lang)))
    top = importance.iloc[0]
    ci = ""
    if top["share_ci_low"] == top["share_ci_low"]:
        ci = t("drv.top_ci", lang, level=level, lo=fmt_num(top["share_ci_low"], lang),
               hi=fmt_num(top["share_ci_high"], lang))
    lines.append(t("drv.top", lang, driver=name(top["driver"]),
                   share=fmt_num(top["share"], lang), ci=ci))
    if "boot" in a and len(importance) > 1:
        from .importance import prob_more_important

        second = importance.iloc[1]["driver"]
        prob = prob_more_important(importance).loc[top["driver"], second]
        lines.append(t("drv.top_sure", lang, second=name(second),
                       prob=fmt_num(100 * prob, lang)))
    first = prio.iloc[0]
    gci = ""
    nps_unit = first["unit"] == "NPS points"
    f = (lambda v: fmt_pts(v, lang, 1)) if nps_unit else (lambda v: fmt_num(v, lang, 2))
    if first["ci_low"] == first["ci_low"]:
        gci = t("drv.gain_ci", lang, level=level, lo=f(first["ci_low"]), hi=f(first["ci_high"]))
    key = "drv.priority" if nps_unit else "drv.priority_mean"
    lines.append(t(key, lang, driver=name(first["driver"]), below=fmt_num(first["share_below"],
                                                                         lang),
                   gain=f(first["gain"]), ci=gci, outcome=outcome_label))
    if len(prio) > 2:
        lines.append(t("drv.next", lang, drivers=", ".join(name(d) for d in prio["driver"][1:3])))
    fix = quadrants[quadrants["quadrant"] == "fix first"]["driver"].tolist()
    if fix:
        key = "drv.fix_quadrant_one" if len(fix) == 1 else "drv.fix_quadrant"
        lines.append(t(key, lang, drivers=", ".join(name(d) for d in fix)))
    return lines


# --------------------------------------------------------------------------- generic tables


def _fmt(v: Any, kind: str, lang: str) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "–"
    if kind == "text":
        return str(v)
    if kind == "pts":
        return fmt_pts(float(v), lang, 1)
    if kind == "p":
        return _fmt_p(float(v), lang)
    if kind == "bool":
        return t("yes" if bool(v) else "no", lang)
    if kind.startswith("num"):
        return fmt_num(float(v), lang, int(kind[3:] or 0))
    if kind == "pct":
        return fmt_num(100 * float(v), lang, 1)
    raise ValueError(kind)


def format_table(df: pd.DataFrame, spec: list[tuple[str | tuple[str, str], str, str]], *,
                 lang: str = "en", labels: dict[str, str] | None = None) -> pd.DataFrame:
    """A presentation table: ``spec`` lists (column, heading i18n key, kind) in order.

    Kinds: ``text``, ``label`` (mapped through ``labels``), ``num0``…``num3``, ``pts`` (signed
    points), ``pct`` (a 0–1 share as %), ``p`` (p-value), ``bool`` (yes/no). A pair of columns
    ``(low, high)`` makes an interval column ``low … high``, each end formatted by ``kind``.
    Two columns under one heading are refused (the second would hide the first).

    Examples
    --------
    >>> format_table(pd.DataFrame({"a": [0.1234], "lo": [0.1], "hi": [0.15], "p": [0.0001]}),
    ...              [("a", "col.alpha", "num2"), (("lo", "hi"), "col.ci", "num2"),
    ...               ("p", "col.p", "p")], lang="fi")
      Alfa  95 %:n luottamusväli        p
    0 0,12           0,10 … 0,15  < 0,001
    """
    from .i18n import has_text

    labels = labels or {}
    out = {}
    for col, key, kind in spec:
        head = t(key, lang) if has_text(key) else key
        if head in out:
            raise ValueError(f"format_table: two columns would be headed {head!r}")
        if isinstance(col, tuple):
            low, high = col
            out[head] = [f"{_fmt(a, kind, lang)} … {_fmt(b, kind, lang)}"
                         for a, b in zip(df[low], df[high], strict=True)]
        elif kind == "label":
            out[head] = [labels.get(v, str(v)) for v in df[col]]
        else:
            out[head] = [_fmt(v, kind, lang) for v in df[col]]
    return pd.DataFrame(out)
