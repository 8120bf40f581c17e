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
import warnings
from collections.abc import Callable
from typing import Any

import pandas as pd

from .disclosure import is_small, suppress
from .i18n import (
    capitalize_first,
    fmt_num,
    fmt_p,
    fmt_pct,
    fmt_pts,
    fmt_range,
    in_sentence,
    p_phrase,
    t,
)
from .redact import redact, safe_to_show

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
    "model_check_sentences",
    "drivers_summary",
    "format_table",
    "p_phrase",
    "jn_sentence",
    "comment_sample",
    "KEY_FIGURES_MIME",
    "TABLE_MIME",
    "CHART_MIME",
    "table_bundle",
    "chart_bundle",
    "parse_number",
    "key_outcome",
    "label_values",
    "show_chart",
    "nps_actions",
    "trend_records",
    "action_plan",
    "plan_reasons",
    "plan_display_table",
    "plan_unit",
    "alt_distribution",
    "alt_groups",
    "alt_importance",
    "alt_ipa",
    "alt_penalty_reward",
    "alt_waves",
    "alt_slopes",
    "alt_group_waves",
    "alt_jn",
    "alt_htmt",
    "alt_themes",
    "alt_theme_trend",
    "segment_profile_display_table",
    "split_columns",
    "outcome_tests",
    "outcome_sentences",
    "outcome_display_table",
    "outcome_tests_table",
    "outcome_distribution_table",
]

KEY_FIGURES_MIME = "application/vnd.cxresearch.keyfigures+json"
#: structured copies of tables and charts for the pptx/xlsx deck (cxresearch.deck)
TABLE_MIME = "application/vnd.cxresearch.table+json"
CHART_MIME = "application/vnd.cxresearch.chart+json"


# --------------------------------------------------------------------------- presenting


def md(text: str) -> None:
    """Show markdown text as notebook output (it becomes report text).

    Parameters
    ----------
    text : str
        Markdown; text from data must go through :func:`plain` first.

    Examples
    --------
    >>> md("**NPS** rose.")
    <IPython.core.display.Markdown object>
    """
    from IPython.display import Markdown, display

    display(Markdown(text))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$<>:-])")


def plain(text: Any) -> str:
    """Text from a codebook or the data, made safe to put into :func:`md` Markdown.

    HTML is escaped and every Markdown, link, math (``$``) and Mermaid (backtick) character is
    backslash-escaped, so the text shows exactly as typed and never becomes a link, an image,
    a script, a formula or a diagram. Line breaks become spaces.

    Parameters
    ----------
    text : object
        A label or answer (anything else is converted with ``str``).

    Returns
    -------
    str
        The escaped text, to put into a Markdown string.

    Examples
    --------
    >>> print(plain("*Best* shop <3 #1"))
    \\*Best\\* shop &lt;3 \\#1
    >>> print(plain("[a](b) & $x$"))
    \\[a\\]\\(b\\) &amp; \\$x\\$
    """
    escaped = html.escape(str(text), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped).replace("\n", " ")


def heading(key_or_text: str, lang: str = "en", level: int = 2, **values: Any) -> None:
    """Show a translated heading (``key_or_text`` is an i18n key or literal text).

    Literal text (not a catalog key) is escaped with :func:`plain`.

    Parameters
    ----------
    key_or_text : str
        A message-catalog key, or the heading's text.
    lang : str
        Report language.
    level : int
        Markdown heading level (2: ``##``).
    **values
        Values of the message's placeholders.

    Examples
    --------
    >>> heading("method", "en")
    <IPython.core.display.Markdown object>
    """
    from .i18n import has_text

    text = t(key_or_text, lang, **values) if has_text(key_or_text) else plain(key_or_text)
    md(f"{'#' * level} {text}")


def show_table(df: pd.DataFrame, *, caption: str | None = None) -> None:
    """Show a presentation table (already formatted as text) without its index.

    Every cell and heading is HTML-escaped; columns of text (not numbers) are left-aligned
    and short figures kept on one line. Beside the HTML, the table's cells and the numbers
    they show go out as a :data:`TABLE_MIME` bundle (:func:`table_bundle`), from which the
    pptx/xlsx deck builds native tables; the HTML report does not show it.

    Parameters
    ----------
    df : DataFrame
        The table to show, e.g. from a ``*_display_table`` function.
    caption : str, optional
        A caption above the table.

    Examples
    --------
    Outside a notebook the two outputs are printed:

    >>> show_table(pd.DataFrame({"Region": ["North"], "NPS": ["+33"]}), caption="NPS")
    <IPython.core.display.HTML object>
    {'application/vnd.cxresearch.table+json': {'caption': 'NPS', 'columns': ['Region', 'NPS'],
     'rows': [[{'text': 'North', 'value': None, 'decimals': 0, 'percent': False},
     {'text': '+33', 'value': 33.0, 'decimals': 0, 'percent': False}]]}}
    """
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
    # short figures ("< 0,001", "+12,5") stay on one line; long text cells may wrap
    short = [c for c in df.columns if c not in text_cols and len(df)
             and df[c].map(lambda v: len(str(v)) <= 12).all()]
    if short:
        styler = styler.set_properties(subset=short, **{"white-space": "nowrap"})
    if caption:
        styler = styler.set_caption(html.escape(caption))
    display(HTML(styler.to_html()))
    display({TABLE_MIME: table_bundle(df, caption=caption)}, raw=True)


def key_figures(**figures: Any) -> None:
    """Record key figures (n, NPS, top priority, title) for a batch index page.

    They are stored in the notebook output under a private MIME type
    (:data:`KEY_FIGURES_MIME`), which the HTML export does not show; the batch run reads
    them back from the executed notebook. NaN becomes ``null``, other values that JSON has
    no type for become text.

    Parameters
    ----------
    **figures
        The figures by name, e.g. ``n=2965, nps=27.1, top_priority="Service"``.

    Examples
    --------
    Outside a notebook the output is printed:

    >>> key_figures(n=120, nps=-8.3, top_priority="Service", change=float("nan"))
    {'application/vnd.cxresearch.keyfigures+json': {'n': 120, 'nps': -8.3,
     'top_priority': 'Service', 'change': None}}
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

    Parameters
    ----------
    table : DataFrame
        :func:`cxresearch.metrics.nps` overall or with ``by`` (``base, nps, ci_low, ci_high,
        pct_promoters, pct_passives, pct_detractors, n_eff``).
    by : str, optional
        The group column of ``table`` (values already labelled, see :func:`label_values`).
    label : str, optional
        Heading of the group column.
    lang : str
        Report language of the headings and numbers.
    min_n : int
        The smallest effective base whose figures are shown.

    Returns
    -------
    DataFrame
        Text cells, headings in ``lang``: the group (with ``by``), base, NPS (signed), its
        CI, the shares of promoters, passives and detractors (%), and the effective base
        where weighting makes it differ from the base.

    Examples
    --------
    >>> from cxresearch.metrics import nps
    >>> df = pd.DataFrame({"ltr": [10, 9, 9, 8, 7, 3] * 10 + [10, 8, 6, 5, 2, 0] * 10,
    ...                    "region": ["North"] * 60 + ["South"] * 60})
    >>> nps_display_table(nps(df, outcome="ltr"))
         n NPS   95 % CI Promoters % Passives % Detractors %
    0  120  −8  −23 … +7          33         25           42
    >>> by_region = nps(df, outcome="ltr", by="region")
    >>> nps_display_table(by_region, by="region", label="Alue", lang="fi").iloc[:, :4]
        Alue   n  NPS 95 %:n luottamusväli
    0  North  60  +33            +13 … +50
    1  South  60  −50            −67 … −29
    >>> nps_display_table(by_region, by="region", min_n=100).iloc[0, 2]
    'suppressed (n < 100)'
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
    (default: the column name). When the overall base is under ``min_n`` the only sentence
    says the figures are suppressed. The highest and lowest groups are named only when the
    test between them is significant.

    Parameters
    ----------
    overall : DataFrame
        :func:`cxresearch.metrics.nps` of all respondents (one row).
    by_group : DataFrame, optional
        :func:`cxresearch.metrics.nps` by ``segment`` (values already labelled).
    tests : DataFrame, optional
        :func:`cxresearch.metrics.nps_test` between the groups (labelled the same way).
    segment : str, optional
        The group column of ``by_group`` and the tests.
    label : str, optional
        The groups' name in a sentence (lowered by :func:`cxresearch.i18n.in_sentence`).
    lang : str
        Report language.
    min_n : int
        The smallest effective base whose figures are named.
    level : float
        Confidence level of the intervals, named in the headline.

    Returns
    -------
    list of str
        Markdown sentences: the headline NPS with its CI, the category mix, the best and worst
        groups with enough base, significant differences (or that none are), small bases.

    Examples
    --------
    >>> from cxresearch.metrics import nps, nps_test
    >>> df = pd.DataFrame({"ltr": [10, 9, 9, 8, 7, 3] * 10 + [10, 8, 6, 5, 2, 0] * 10,
    ...                    "region": ["North"] * 60 + ["South"] * 60})
    >>> for line in nps_summary(nps(df, outcome="ltr"), nps(df, outcome="ltr", by="region"),
    ...                         nps_test(df, outcome="ltr", by="region"), segment="region",
    ...                         label="Region")[:3]:
    ...     print(line)
    The NPS is **−8** (95 % CI −23 … +7; n = 120).
    33 % of respondents are promoters (9–10), 25 % passives and 42 % detractors.
    By region, the NPS is highest for **North** (+33) and lowest for **South** (−50).
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
        name = in_sentence(label or segment, lang)
        by_group = suppress(by_group, min_n=min_n)
        ok = by_group[~by_group["suppressed"]].sort_values("nps")
        if len(ok) >= 2 and _pair_significant(tests, ok.iloc[-1][segment], ok.iloc[0][segment]):
            # highest and lowest are named only when their difference survives the FDR test
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
    return [capitalize_first(line) for line in lines]


def _pair_significant(tests: pd.DataFrame | None, a: Any, b: Any) -> bool:
    if tests is None or not len(tests):
        return False
    pair = tests[((tests["group_a"] == a) & (tests["group_b"] == b))
                 | ((tests["group_a"] == b) & (tests["group_b"] == a))]
    return bool(len(pair)) and bool(pair["significant"].fillna(False).astype(bool).iloc[0])


def jn_sentence(region: dict[str, Any], *, driver: str, moderator: str,
                lang: str = "en") -> str:
    """Where a driver's effect is significant across a continuous moderator, in words.

    Parameters
    ----------
    region : dict
        The result of :func:`cxresearch.moderation.jn_region`.
    driver, moderator : str
        Their labels (written mid-sentence by :func:`cxresearch.i18n.in_sentence`).
    lang : str
        Report language.

    Returns
    -------
    str
        One sentence.

    Examples
    --------
    >>> jn_sentence({"kind": "below", "bounds": [5.26], "low": 1, "high": 7},
    ...             driver="Atmosphere", moderator="Time pressure")
    'The effect of atmosphere is significant where time pressure is below 5.3 (observed 1 … 7).'
    """
    b = list(region["bounds"]) + [float("nan")] * 2
    # the Finnish sentence opens with the driver's label, lower-cased for mid-sentence use
    return capitalize_first(t(f"jn.{region['kind']}", lang, driver=in_sentence(driver, lang),
                              moderator=in_sentence(moderator, lang),
                              b1=fmt_num(b[0], lang, 1), b2=fmt_num(b[1], lang, 1),
                              low=fmt_num(region["low"], lang, 0),
                              high=fmt_num(region["high"], lang, 0)))


def _fmt_p(p: float, lang: str) -> str:
    # one place for every language's decimal mark (Swedish wrote "< 0.001" before)
    return fmt_p(p, lang)


def comment_sample(data: Any, *, per_category: int = 3, min_length: int = 3,
                   seed: int = 0) -> pd.DataFrame:
    """A few open answers per NPS category, redacted, for a report that allows them.

    Only the codebook's ``text`` columns are used; PII columns never are. Each answer is
    redacted (:func:`cxresearch.redact.redact`) and shown only when
    :func:`cxresearch.redact.safe_to_show` allows it. The text is returned as plain text:
    :func:`show_table` escapes it, so markup in an answer shows as typed.

    Parameters
    ----------
    data : Survey
        A loaded survey (:func:`cxresearch.load`); its codebook's recommendation question
        gives the NPS categories and its first ``text`` column the answers.
    per_category : int
        The most answers shown per category (drawn at random).
    min_length : int
        Shorter answers (in characters, spaces stripped) are not shown.
    seed : int
        Seed of the random draw.

    Returns
    -------
    DataFrame
        ``category, comment``: detractors first, then passives and promoters; empty when
        the codebook has no text column.

    Examples
    --------
    >>> import cxresearch as cx
    >>> from cxresearch.io import Survey
    >>> cb = cx.read_codebook(cx.bundled_codebook())
    >>> df = pd.DataFrame({"ltr": [2, 5, 8, 10, 9],
    ...                    "comment": ["Rude staff, call me 040 123 4567", "Long queue", "ok",
    ...                                "Great service, thanks Liisa!", "anna@example.com"]})
    >>> comment_sample(Survey(df, cb, source=None, sha256=""), per_category=2)
        category                        comment
    0  detractor                     Long queue
    1  detractor    Rude staff, call me [phone]
    2   promoter                       [e-mail]
    3   promoter  Great service, thanks [name]!
    """
    from .metrics import nps_category

    df, cb = data.data, data.codebook
    if not cb.text:
        return pd.DataFrame({"category": [], "comment": []})
    cat = nps_category(df[cb.recommend.column], scale=cb.recommend.scale)
    rows = []
    for c in ("detractor", "passive", "promoter"):
        texts = df.loc[cat == c, cb.text[0]].dropna().astype(str)
        texts = texts[texts.str.strip().str.len() >= min_length].map(redact)
        texts = texts[texts.map(safe_to_show)]  # when in doubt an answer is not shown
        for text in texts.sample(min(per_category, len(texts)), random_state=seed):
            rows.append({"category": c, "comment": text})
    return pd.DataFrame(rows)


def nps_tests_table(tests: pd.DataFrame, *, lang: str = "en") -> pd.DataFrame:
    """Format :func:`cxresearch.metrics.nps_test` results for reading (suppressed pairs out).

    Parameters
    ----------
    tests : DataFrame
        :func:`cxresearch.metrics.nps_test` (``group_a, group_b, diff, ci_low, ci_high,
        p_adjusted, suppressed``).
    lang : str
        Report language of the headings and numbers.

    Returns
    -------
    DataFrame
        One row per pair not suppressed, smallest p first: the pair, the difference in NPS
        points (``group_a`` minus ``group_b``, one decimal), its CI and the FDR-adjusted p.

    Examples
    --------
    >>> from cxresearch.metrics import nps_test
    >>> df = pd.DataFrame({"ltr": [10, 9, 9, 8, 7, 3] * 10 + [10, 8, 6, 5, 2, 0] * 10,
    ...                    "region": ["North"] * 60 + ["South"] * 60})
    >>> nps_tests_table(nps_test(df, outcome="ltr", by="region"), lang="fi")
            Vertailu    Ero 95 %:n luottamusväli p (FDR-korjattu)
    0  North – South  +83,3       +56,9 … +109,8          < 0,001
    """
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
    """Display names of the codebook's constructs in ``lang``.

    Parameters
    ----------
    codebook : Codebook
        The survey's codebook.
    lang : str
        Report language.

    Returns
    -------
    dict
        Construct name → its title in ``lang``.

    Examples
    --------
    >>> import cxresearch as cx
    >>> driver_labels(cx.read_codebook(cx.bundled_codebook()), "fi")["service"]
    'Palvelukohtaaminen'
    """
    return {name: c.title(lang) for name, c in codebook.constructs.items()}


def importance_display_table(table: pd.DataFrame, *, labels: dict[str, str] | None = None,
                             quadrants: pd.DataFrame | None = None,
                             lang: str = "en") -> pd.DataFrame:
    """Format :func:`cxresearch.importance.relative_importance` (and IPA quadrants) for reading.

    Parameters
    ----------
    table : DataFrame
        :func:`cxresearch.importance.relative_importance`.
    labels : dict, optional
        Display names of the drivers.
    quadrants : DataFrame, optional
        :func:`cxresearch.actions.ipa` of ``table``: adds the quadrant column.
    lang : str
        Report language.

    Returns
    -------
    DataFrame
        Text cells: rank, driver, share (%), its interval and the rank range (with the
        bootstrap), performance, quadrant; headers in ``lang``.

    Examples
    --------
    >>> imp = pd.DataFrame({"driver": ["a", "b"], "share": [60.0, 40.0], "rank": [1, 2],
    ...                     "share_ci_low": [50.0, 30.0], "share_ci_high": [70.0, 50.0],
    ...                     "rank_ci_low": [1, 1], "rank_ci_high": [1, 2],
    ...                     "performance": [3.9, 4.2]})
    >>> [str(v) for v in importance_display_table(imp, labels={"a": "Service",
    ...                                                          "b": "Price"}).iloc[1]]
    ['2', 'Price', '40.0', '30.0 … 50.0', '1–2', '4.20']
    """
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
    """Format :func:`cxresearch.actions.priorities` (with Kano classes) for reading.

    Parameters
    ----------
    table : DataFrame
        :func:`cxresearch.actions.priorities` (``rank, driver, gain, ci_low, ci_high,
        share_below, performance, unit``).
    labels : dict, optional
        Display names of the drivers.
    kano : DataFrame, optional
        :func:`cxresearch.actions.penalty_reward` (``driver, kano`` and, when the bootstrap
        ran, ``kano_shown``): adds the Kano class column.
    lang : str
        Report language of the headings and numbers.
    top : int, optional
        Show only the first ``top`` drivers.

    Returns
    -------
    DataFrame
        Rank, driver, expected gain with its interval in one cell (NPS points signed with one
        decimal, other units two decimals), the share rating below average (%), performance
        and the Kano class.

    Examples
    --------
    >>> prio = pd.DataFrame({"rank": [1, 2], "driver": ["service", "price"],
    ...                      "gain": [4.25, 1.5], "ci_low": [2.0, None], "ci_high": [6.5, None],
    ...                      "share_below": [38.0, 22.0], "performance": [3.41, 3.9],
    ...                      "unit": ["NPS points"] * 2})
    >>> kano = pd.DataFrame({"driver": ["service", "price"], "kano": ["basic", "performance"]})
    >>> table = priorities_display_table(prio, labels={"service": "Service"}, kano=kano)
    >>> print(table.to_string())
       Rank   Driver Expected gain (95 % CI) Below average % Performance   Kano class
    0     1  Service      +4.2 (+2.0 … +6.5)              38        3.41        basic
    1     2    price                    +1.5              22        3.90  performance
    """
    labels = labels or {}
    col = "kano_shown" if kano is not None and "kano_shown" in kano else "kano"
    kano_of = {} if kano is None else dict(zip(kano["driver"], kano[col], strict=True))
    nps_unit = table["unit"].iloc[0] == "NPS points" if len(table) else True
    rows = []
    for _, r in table.head(top or len(table)).iterrows():
        gain = fmt_pts(r["gain"], lang, 1) if nps_unit else fmt_num(r["gain"], lang, 2)
        if r["ci_low"] == r["ci_low"]:  # the gain and its interval in one cell: fits 1280 px
            gain += " (" + fmt_range(r["ci_low"], r["ci_high"], lang, 1 if nps_unit else 2,
                                     points=nps_unit) + ")"
        row = {t("col.rank", lang): int(r["rank"]),
               t("col.driver", lang): labels.get(r["driver"], r["driver"]),
               t("col.gain_ci", lang): gain}
        row[t("col.below", lang)] = fmt_num(r["share_below"], lang)
        row[t("col.performance", lang)] = fmt_num(r["performance"], lang, 2)
        if kano_of:
            row[t("col.kano", lang)] = t(f"kano.{kano_of[r['driver']]}", lang)
        rows.append(row)
    return pd.DataFrame(rows)


def coefficients_display_table(coef: pd.DataFrame, *, labels: dict[str, str] | None = None,
                               lang: str = "en") -> pd.DataFrame:
    """Format the OLS coefficient table of :func:`cxresearch.models.driver_models`.

    For a yes/no outcome the logit's odds ratios and their interval stand beside the linear
    probability model's coefficients (``–`` where the logit failed its checks).

    Parameters
    ----------
    coef : DataFrame
        The coefficient table (``driver, coef, ci_low, ci_high, p_value, std_coef, vif``,
        and ``odds_ratio, or_ci_low, or_ci_high`` for a yes/no outcome).
    labels : dict, optional
        Display names of the drivers.
    lang : str
        Report language of the headings and numbers.

    Returns
    -------
    DataFrame
        Driver, coefficient with its CI (three decimals), p, standardised coefficient and
        VIF (two decimals), and the odds-ratio columns when given.

    Examples
    --------
    >>> coef = pd.DataFrame({"driver": ["service", "price"], "coef": [0.412, -0.05],
    ...                      "ci_low": [0.3, -0.15], "ci_high": [0.52, 0.05],
    ...                      "p_value": [1e-6, 0.31], "std_coef": [0.35, -0.04], "vif": [1.4, 1.4]})
    >>> coefficients_display_table(coef, labels={"service": "Service"})
        Driver Coefficient         95 % CI        p Standardised   VIF
    0  Service       0.412   0.300 … 0.520  < 0.001        0.350  1.40
    1    price      −0.050  −0.150 … 0.050    0.310       −0.040  1.40
    """
    labels = labels or {}
    odds = "odds_ratio" in coef.columns
    rows = []
    for _, r in coef.iterrows():
        row = {t("col.driver", lang): labels.get(r["driver"], r["driver"]),
               t("col.coef", lang): fmt_num(r["coef"], lang, 3),
               t("col.ci", lang): fmt_range(r["ci_low"], r["ci_high"], lang, 3),
               t("col.p", lang): _fmt_p(r["p_value"], lang),
               t("col.std_coef", lang): fmt_num(r["std_coef"], lang, 3),
               t("col.vif", lang): fmt_num(r["vif"], lang, 2)}
        if odds:
            ok = r["odds_ratio"] == r["odds_ratio"]
            row[t("chk.col.odds_ratio", lang)] = fmt_num(r["odds_ratio"], lang, 2) if ok else "–"
            row[t("chk.col.or_ci", lang)] = (fmt_range(r["or_ci_low"], r["or_ci_high"], lang, 2)
                                             if ok else "–")
        rows.append(row)
    return pd.DataFrame(rows)


def comparison_display_table(comp: pd.DataFrame, *, lang: str = "en",
                             outcome_type: str = "") -> pd.DataFrame:
    """Format :func:`cxresearch.models.model_comparison` for reading.

    ``outcome_type`` binary or rating names the OLS row for that outcome (no 0–10 scale). A
    model that failed a check says so in a last column.

    Parameters
    ----------
    comp : DataFrame
        :func:`cxresearch.models.model_comparison` (``model, n, r2, aic``, and ``flagged,
        checks`` when checks ran).
    lang : str
        Report language of the headings, model names and numbers.
    outcome_type : {"", "binary", "rating"}
        The key outcome's type; empty for the 0–10 recommendation question.

    Returns
    -------
    DataFrame
        Model (its name in ``lang``), base, R² (three decimals), AIC (one decimal), and,
        when a model is flagged, which checks it failed.

    Examples
    --------
    >>> comp = pd.DataFrame({"model": ["ols", "ordered_logit"], "n": [500, 500],
    ...                      "r2": [0.412, 0.398], "aic": [2100.35, 1650.0]})
    >>> comparison_display_table(comp)
                      Model    n     R²      AIC
    0            OLS (0–10)  500  0.412  2,100.3
    1  Ordered logit (0–10)  500  0.398  1,650.0
    >>> comparison_display_table(comp, outcome_type="rating", lang="fi").iloc[:, 0].tolist()
    ['OLS (arvioasteikko)', 'Järjestysasteikollinen logit (arvioasteikko)']
    """
    names = ({m: f"out.model.{m}_{outcome_type}" for m in ("ols", "ordered_logit")}
             if outcome_type in ("binary", "rating") else {})
    flagged = "flagged" in comp.columns and bool(comp["flagged"].any())
    rows = []
    for _, r in comp.iterrows():
        row = {t("col.model", lang): t(names.get(r["model"], f"model.{r['model']}"), lang),
               t("col.base", lang): fmt_num(r["n"], lang),
               t("col.r2", lang): fmt_num(r["r2"], lang, 3),
               t("col.aic", lang): fmt_num(r["aic"], lang, 1)}
        if flagged:
            row[t("chk.col.check", lang)] = (", ".join(
                t(f"chk.short.{c}", lang) for c in r["checks"].split(", ")) if r["flagged"]
                else t("chk.short.ok", lang))
        rows.append(row)
    return pd.DataFrame(rows)


def model_check_sentences(checks: pd.DataFrame, *, labels: dict[str, str] | None = None,
                          lang: str = "en") -> list[str]:
    """One sentence per failed model check, saying what failed and that it is no finding.

    Parameters
    ----------
    checks : DataFrame
        A check table (:func:`cxresearch.models.check_table`): the ``"checks"`` of
        :func:`cxresearch.models.driver_models` or :func:`cxresearch.measurement.
        structural_model`, or ``CFAResult.checks``.
    labels : dict, optional
        Display names of drivers, constructs and items (``term``).
    lang : str
        Report language.

    Returns
    -------
    list of str
        Empty when every check passed. The share of linear-probability fits outside 0–1 is
        said whenever it is above 0 (flagged or not).

    Examples
    --------
    >>> from cxresearch.models import check_table
    >>> checks = check_table([{"model": "ols", "check": "std_effect", "term": "price",
    ...                        "value": 2.4, "flagged": True}])
    >>> model_check_sentences(checks, labels={"price": "Price"})[0][:38]
    'The standardised effect of price is 2.'
    """
    labels = labels or {}

    def name(term: str) -> str:
        return " → ".join(in_sentence(labels.get(x, x), lang) for x in str(term).split(" → "))

    out = []
    for _, r in checks.iterrows():
        outside = r["check"] == "lpm_outside" and r["value"] > 0
        if not (r["flagged"] or outside):
            continue
        key = f"chk.{r['check']}" + ("_few" if outside and not r["flagged"] else "")
        out.append(t(key, lang, model=t(f"chk.model.{r['model']}", lang), term=name(r["term"]),
                     value=fmt_num(r["value"], lang, 2),
                     share=fmt_pct(r["value"], lang, 1)))
    return out


def drivers_summary(importance: pd.DataFrame, prio: pd.DataFrame, quadrants: pd.DataFrame, *,
                    draws: pd.DataFrame | None = None, labels: dict[str, str] | None = None,
                    outcome_label: str = "", lang: str = "en",
                    outcome_type: str = "") -> list[str]:
    """Executive-summary sentences of a key-driver analysis, built from the results.

    With a plan, the "fix first" sentence names the plan's first fix-first driver (none
    when no gain is clearly positive) and the importance–performance quadrant is not
    repeated as a second ranking: the plan's reasons (:func:`plan_reasons`) say where the
    grid differs.

    Parameters
    ----------
    importance : DataFrame
        :func:`cxresearch.importance.relative_importance`.
    prio : DataFrame
        :func:`cxresearch.actions.action_plan` (or the older
        :func:`cxresearch.actions.priorities`).
    quadrants : DataFrame
        :func:`cxresearch.actions.ipa` of ``importance``.
    draws : DataFrame, optional
        The bootstrap draws of ``relative_importance(..., return_draws=True)``: with them a
        sentence says how sure it is that the first driver matters more than the second.
    labels : dict, optional
        Display names of the drivers.
    outcome_label : str
        The outcome's name in the report language.
    lang : str
        Report language.
    outcome_type : str
        ``binary`` gives the gain in percentage points of the yes share, ``rating`` in scale
        points of the mean (as :func:`action_plan` words them); NPS gains are in NPS points.

    Returns
    -------
    list of str
        The sentences, in order: explained share, top driver, (its lead), first fix.

    Examples
    --------
    >>> import numpy as np
    >>> from cxresearch.actions import action_plan, ipa
    >>> from cxresearch.importance import relative_importance
    >>> rng = np.random.default_rng(0)
    >>> df = pd.DataFrame(rng.integers(1, 6, size=(300, 2)), columns=["a", "b"])
    >>> df["y"] = (2 * df["a"] + df["b"] + rng.normal(size=300)).round().clip(0, 10)
    >>> imp, draws = relative_importance(df, outcome="y", drivers=["a", "b"], n_boot=50,
    ...                                  return_draws=True)
    >>> plan = action_plan(df, outcome="y", drivers=["a", "b"], scale=(1, 5), n_boot=0,
    ...                    importance=imp)
    >>> lines = drivers_summary(imp, plan, ipa(imp), draws=draws, outcome_label="LTR")
    >>> len(lines) >= 3 and "A" in lines[1]
    True
    """
    labels = labels or {}
    is_plan = "status" in prio.columns
    a = importance.attrs
    level = fmt_num(100 * a.get("level", 0.95), lang)
    name = lambda d: in_sentence(labels.get(d, d), lang)  # noqa: E731
    outcome_label = in_sentence(outcome_label, lang)
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
    if draws is None and "boot" in a:  # the old call: the draws in attrs (one release)
        warnings.warn("drivers_summary reading attrs['boot'] is deprecated: pass "
                      "draws= (relative_importance(..., return_draws=True))",
                      DeprecationWarning, stacklevel=2)
        draws = getattr(a["boot"], "wrapped", a["boot"])
    if draws is not None and len(draws) and len(importance) > 1:
        from .importance import prob_more_important

        second = importance.iloc[1]["driver"]
        prob = prob_more_important(draws).loc[top["driver"], second]
        if prob >= 1:
            lines.append(t("drv.top_always", lang, second=name(second)))
        else:
            lines.append(t("drv.top_sure", lang, second=name(second),
                           prob=fmt_num(100 * prob, lang)))
    if is_plan:
        fix = prio[prio["status"] == "fix first"]
        if not len(fix):
            return [capitalize_first(line) for line in lines]
        first = fix.iloc[0]
    else:
        first = prio.iloc[0]
    gci = ""
    # after "would lift" / "nousisi" / "skulle stiga" the gain is a magnitude: no plus sign
    # (a fall keeps its minus); the tables of changes keep their signs
    kind, f = _gain_unit(prio, outcome_type, lang, signed=False)
    if first["ci_low"] == first["ci_low"]:
        gci = t("drv.gain_ci", lang, level=level, lo=f(first["ci_low"]), hi=f(first["ci_high"]))
    key = {"nps": "drv.priority", "binary": "drv.priority_binary",
           "rating": "drv.priority_rating"}.get(kind, "drv.priority_mean")
    lines.append(t(key, lang, driver=name(first["driver"]), below=fmt_num(first["share_below"],
                                                                         lang),
                   gain=f(first["gain"]), ci=gci, outcome=outcome_label))
    fix = [] if is_plan else quadrants[quadrants["quadrant"] == "fix first"]["driver"].tolist()
    if fix:
        key = "drv.fix_quadrant_one" if len(fix) == 1 else "drv.fix_quadrant"
        lines.append(t(key, lang, drivers=_and([name(d) for d in fix], lang)))
    return [capitalize_first(line) for line in lines]


# --------------------------------------------------------------------------- generic tables


def _fmt(v: Any, kind: str, lang: str) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "–"
    if kind == "text":
        return str(v)
    if kind == "pts":
        return fmt_pts(float(v), lang, 1)
    if kind == "pp":  # a difference of 0–1 shares (R² parts) in signed percentage points
        return fmt_pts(100 * float(v), lang, 1)
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
    points), ``pp`` (a difference of 0–1 shares, e.g. of R² parts, in signed percentage
    points: 0.043 → +4.3), ``pct`` (a 0–1 share as %), ``p`` (p-value), ``bool`` (yes/no). A
    pair of columns ``(low, high)`` makes an interval column ``low … high``, each end
    formatted by ``kind``. Two columns under one heading are refused (the second would hide
    the first).

    Parameters
    ----------
    df : DataFrame
        The result table.
    spec : list of (column or (low, high), heading key, kind)
        The columns to show, in order.
    lang : str
        Report language.
    labels : dict, optional
        Display names for ``label`` columns.

    Returns
    -------
    DataFrame
        Text cells under translated headings, in ``spec`` order.

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


# --------------------------------------------------------------------------- front matter


def key_outcome(codebook: Any, name: str = "") -> Any:
    """The outcome a report leads with: ``name`` (an outcome name or column) if given, else the
    codebook's ``key_outcome``, else ``recommend``, else its first outcome.

    Parameters
    ----------
    codebook : Codebook
        The survey's codebook.
    name : str
        An outcome name or column (empty: the codebook's choice).

    Returns
    -------
    Outcome
        With ``name``, ``column``, ``scale`` and ``is_nps_scale``.

    Raises
    ------
    CXInputError
        If ``name`` is neither an outcome nor an outcome's column.

    Examples
    --------
    >>> from cxresearch.io import bundled_codebook
    >>> from cxresearch.codebook import read_codebook
    >>> cb = read_codebook(bundled_codebook())
    >>> key_outcome(cb).column, key_outcome(cb, "csat").name
    ('ltr', 'satisfaction')
    """
    from .errors import CXInputError, Problem

    outcomes = codebook.outcomes
    if name:
        for o in outcomes.values():
            if name in (o.name, o.column):
                return o
        raise CXInputError(Problem("parameters", f"outcome {name!r} is not in the codebook",
                                   f"use one of {sorted(outcomes)} or leave it empty",
                                   column="outcome", value=name))
    return codebook.key_outcome


def label_values(table: pd.DataFrame, columns: str | list[str], codebook: Any, lang: str = "en",
                 *, of: str | None = None, capitalize: bool = False) -> pd.DataFrame:
    """A copy of ``table`` with the values of ``columns`` replaced by their codebook labels.

    ``of`` names the data column whose labels apply when the table's columns are named
    otherwise (``group_a``, ``group_b`` of a test table). ``capitalize=True`` gives the form
    for table cells and chart ticks ("Myymälä"); the default is the form for the middle of a
    sentence ("myymälä"), as the codebook writes it.

    Parameters
    ----------
    table : DataFrame
        The table to label (not changed).
    columns : str or list of str
        The columns whose values to replace.
    codebook : Codebook
        The survey's codebook (its value labels).
    lang : str
        Report language.
    of : str, optional
        The data column whose value labels apply (default: each column's own).
    capitalize : bool
        Capitalise the first letter (table cells, chart ticks).

    Returns
    -------
    DataFrame
        A copy with the labels in place of the values.

    Examples
    --------
    >>> from cxresearch.io import bundled_codebook
    >>> from cxresearch.codebook import read_codebook
    >>> cb = read_codebook(bundled_codebook())
    >>> t = pd.DataFrame({"channel": ["store", "web"], "nps": [30, 28]})
    >>> label_values(t, "channel", cb, "fi")["channel"].tolist()
    ['myymälä', 'verkkokauppa']
    >>> label_values(t, "channel", cb, "sv", capitalize=True)["channel"].tolist()
    ['Butik', 'Webbutik']
    """
    out = table.copy()
    for col in [columns] if isinstance(columns, str) else columns:
        if col in out:
            values = [codebook.value_label(of or col, v, lang) for v in out[col]]
            out[col] = [capitalize_first(v) for v in values] if capitalize else values
    return out


def show_chart(ax: Any, alt: str | None = None, *, data: pd.DataFrame | None = None,
               kind: str | None = None, title: str | None = None, x: str | None = None,
               y: str | list[str] | None = None, unit: str | None = None) -> None:
    """Show a matplotlib chart as a PNG whose alt text says what it shows, then close it.

    With ``data``, ``kind``, ``x`` and ``y`` the chart's numbers are also emitted as a
    :data:`CHART_MIME` bundle (see :func:`chart_bundle`) from which the pptx deck draws a
    native chart; the HTML report ignores it. Without them the deck shows the PNG.

    Parameters
    ----------
    ax : matplotlib Axes or Figure
        The chart; its figure is saved as PNG (100 dpi) and closed.
    alt : str, optional
        The alt text: what the chart shows, with its numbers (see the ``alt_*`` functions);
        default ``title``.
    data : DataFrame, optional
        The numbers drawn, for the deck's native chart.
    kind : {"bar", "dot", "line", "scatter"}, optional
        The deck chart's kind.
    title : str, optional
        The deck chart's title.
    x : str, optional
        The column of the categories (or x values for ``scatter``).
    y : str or list of str, optional
        The column(s) of the values, one series each.
    unit : str, optional
        The values' unit, for the deck chart's axis.

    Examples
    --------
    Outside a notebook the two outputs are printed:

    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> d = pd.DataFrame({"region": ["North", "South"], "nps": [33.0, -50.0]})
    >>> _ = ax.bar(d["region"], d["nps"])
    >>> show_chart(ax, "NPS by region: North +33, South −50", data=d, kind="bar",
    ...            title="NPS by region", x="region", y="nps")
    <IPython.core.display.Image object>
    {'application/vnd.cxresearch.chart+json': {'kind': 'bar', 'title': 'NPS by region',
     'x': 'region', 'categories': ['North', 'South'],
     'series': [{'name': 'nps', 'values': [33.0, -50.0]}], 'unit': None,
     'alt': 'NPS by region: North +33, South −50', 'png': 'iVBOR...'}}
    >>> plt.fignum_exists(fig.number)   # shown, then closed
    False
    """
    import io

    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    fig = ax.figure if hasattr(ax, "figure") else ax
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", dpi=100)
    plt.close(fig)
    alt = alt or title or ""
    display(Image(data=buf.getvalue(), format="png"),
            metadata={"image/png": {"alt": " ".join(str(alt).split())}})
    if data is not None and kind and x and y:
        bundle = chart_bundle(data, kind=kind, title=title or alt, x=x, y=y, unit=unit)
    else:  # no numbers given: the deck shows the PNG
        bundle = {"kind": "image", "title": title or "", "categories": [], "series": []}
    bundle["alt"] = " ".join(str(alt).split())
    bundle["png"] = __import__("base64").b64encode(buf.getvalue()).decode("ascii")
    display({CHART_MIME: bundle}, raw=True)


_NUM = re.compile(r"^\s*([+−\-–]?)\s*(\d[\d\u00a0\u202f ]*(?:[.,]\d+)?)\s*(%?)\s*$")


def parse_number(text: Any) -> float | None:
    """The number a formatted cell shows (``"−12,5"`` → -12.5, ``"45 %"`` → 45.0), else None.

    Accepted: an optional sign (``+``, ``-``, true minus ``−`` or dash ``–``), digits with
    space or no-break-space groups, a decimal point or comma, an optional ``%``. A comma
    followed by groups of three digits (``2,965``) is an English thousands separator, any
    other comma a decimal comma.

    Parameters
    ----------
    text : object
        A table cell: text, or a number (returned as float; NaN gives None).

    Returns
    -------
    float or None
        The number, or None for a label, an interval, a ``< 0,001`` or a bool.

    Examples
    --------
    >>> parse_number("−12,5"), parse_number("1 234"), parse_number("2,965"), parse_number("n/a")
    (-12.5, 1234.0, 2965.0, None)
    >>> parse_number("+27"), parse_number("45 %"), parse_number("< 0,001"), parse_number(3)
    (27.0, 45.0, None, 3.0)
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return None if text != text else float(text)
    m = _NUM.match(str(text))
    if not m:
        return None
    digits = re.sub(r"[\u00a0\u202f ]", "", m.group(2))
    # "2,965" is an English thousands separator, "0,034" or "12,5" a Finnish decimal comma
    digits = (digits.replace(",", "") if re.fullmatch(r"[1-9]\d{0,2}(,\d{3})+", digits)
              else digits.replace(",", "."))
    value = float(digits)
    return -value if m.group(1) in ("−", "-", "–") else value


def table_bundle(df: pd.DataFrame, *, caption: str | None = None) -> dict[str, Any]:
    """A display table as JSON: caption, column heads, rows of ``{"text", "value"}`` cells.

    ``value`` is the number the text shows (None for labels); ``decimals`` and ``percent``
    let a spreadsheet give the number the same format.

    Parameters
    ----------
    df : DataFrame
        A display table (text cells), as given to :func:`show_table`.
    caption : str, optional
        The table's caption.

    Returns
    -------
    dict
        ``caption`` (str), ``columns`` (the headings as text) and ``rows``: per row a list of
        cells ``{"text", "value", "decimals", "percent"}`` (:func:`parse_number` gives
        ``value``).

    Examples
    --------
    >>> b = table_bundle(pd.DataFrame({"group": ["a"], "NPS": ["−12,5"]}), caption="NPS")
    >>> b["columns"], b["rows"][0][1]["value"], b["rows"][0][1]["decimals"]
    (['group', 'NPS'], -12.5, 1)
    >>> table_bundle(pd.DataFrame({"Share": ["45,5 %"]}))["rows"][0][0]
    {'text': '45,5 %', 'value': 45.5, 'decimals': 1, 'percent': True}
    """
    rows = []
    for rec in df.itertuples(index=False):
        cells = []
        for v in rec:
            text = "" if v is None or (isinstance(v, float) and v != v) else str(v)
            value = parse_number(v)
            plain = re.sub(r"[^\d.,]", "", text)
            m = (re.search(r"[.,](\d+)", plain) if value is not None
                 and not re.fullmatch(r"[1-9]\d{0,2}(,\d{3})+", plain) else None)
            cells.append({"text": text, "value": value,
                          "decimals": len(m.group(1)) if m else 0,
                          "percent": text.strip().endswith("%")})
        rows.append(cells)
    return {"caption": caption or "", "columns": [str(c) for c in df.columns], "rows": rows}


def chart_bundle(data: pd.DataFrame, *, kind: str, title: str, x: str,
                 y: str | list[str], unit: str | None = None,
                 low: str | None = None, high: str | None = None) -> dict[str, Any]:
    """A chart's numbers as JSON: kind (bar/dot/line/scatter), categories, series, unit, title.

    For ``kind="dot"`` the columns ``low``/``high`` (default ``ci_low``/``ci_high`` when
    present) give each point's interval.

    Parameters
    ----------
    data : DataFrame
        The numbers drawn.
    kind : {"bar", "dot", "line", "scatter"}
        The chart kind.
    title : str
        The chart's title.
    x : str
        The column of the categories (numbers for ``scatter``).
    y : str or list of str
        The column(s) of the values, one series each.
    unit : str, optional
        The values' unit.
    low, high : str, optional
        The interval columns of a ``dot`` chart with one series.

    Returns
    -------
    dict
        ``kind, title, x, categories, series, unit``; each series is ``{"name", "values"}``
        (and ``"low"``, ``"high"`` for a dot chart), missing values as None.

    Raises
    ------
    ValueError
        For another ``kind``.

    Examples
    --------
    >>> d = pd.DataFrame({"g": ["a", "b"], "nps": [10.0, -5.0]})
    >>> b = chart_bundle(d, kind="bar", title="NPS", x="g", y="nps")
    >>> b["categories"], b["series"][0]["values"]
    (['a', 'b'], [10.0, -5.0])
    >>> d = d.assign(ci_low=[2.0, -12.0], ci_high=[18.0, 2.0])
    >>> chart_bundle(d, kind="dot", title="NPS", x="g", y="nps", unit="NPS points")["series"]
    [{'name': 'nps', 'values': [10.0, -5.0], 'low': [2.0, -12.0], 'high': [18.0, 2.0]}]
    """
    if kind not in ("bar", "dot", "line", "scatter"):
        raise ValueError(f"chart kind {kind!r}: use bar, dot, line or scatter")
    ys = [y] if isinstance(y, str) else list(y)

    def _num(col: str) -> list[float | None]:
        return [None if v != v else float(v) for v in pd.to_numeric(data[col], errors="coerce")]

    series = []
    for col in ys:
        s: dict[str, Any] = {"name": str(col), "values": _num(col)}
        lo = low or ("ci_low" if "ci_low" in data.columns else None)
        hi = high or ("ci_high" if "ci_high" in data.columns else None)
        if kind == "dot" and lo and hi and len(ys) == 1:
            s["low"], s["high"] = _num(lo), _num(hi)
        series.append(s)
    cats = _num(x) if kind == "scatter" else [str(v) for v in data[x]]
    return {"kind": kind, "title": title, "x": str(x), "categories": cats, "series": series,
            "unit": unit}


def trend_records(waves: pd.DataFrame, wave: str) -> list[dict[str, Any]]:
    """NPS per wave as plain records for the index page (``wave, value, ci_low, ci_high, n``).

    Parameters
    ----------
    waves : DataFrame
        :func:`cxresearch.metrics.nps` by wave (``nps, ci_low, ci_high, base`` and the wave
        column).
    wave : str
        The wave column; the records follow its sort order.

    Returns
    -------
    list of dict
        One dict per wave: ``wave`` (text), ``value`` (the NPS), ``ci_low``, ``ci_high`` and
        ``n`` (the base), as floats ready for JSON.

    Examples
    --------
    >>> waves = pd.DataFrame({"wave": ["2026Q1", "2025Q4"], "nps": [12.0, 8.5],
    ...                       "ci_low": [4.0, 0.5], "ci_high": [20.0, 16.5],
    ...                       "base": [400, 380]})
    >>> trend_records(waves, "wave")[0]
    {'wave': '2025Q4', 'value': 8.5, 'ci_low': 0.5, 'ci_high': 16.5, 'n': 380.0}
    """
    return [{"wave": str(r[wave]), "value": float(r["nps"]), "ci_low": float(r["ci_low"]),
             "ci_high": float(r["ci_high"]), "n": float(r["base"])}
            for _, r in waves.sort_values(wave).iterrows()]


def nps_actions(overall: pd.DataFrame, by_group: pd.DataFrame | None = None,
                tests: pd.DataFrame | None = None, *, segment: str | None = None,
                label: str | None = None, change: pd.Series | None = None,
                first_wave: Any = None, last_wave: Any = None, lang: str = "en",
                min_n: int = 30, level: float = 0.95,
                mde: float | None = None) -> list[str]:
    """What the NPS results mean for action, in plain words (the opening of the NPS report).

    Parameters
    ----------
    overall, by_group, tests : DataFrame
        :func:`cxresearch.metrics.nps` overall and by ``segment`` (values already labelled,
        see :func:`label_values`), and :func:`cxresearch.metrics.nps_test` between the groups.
    segment : str, optional
        The group column of ``by_group`` and the tests.
    label : str, optional
        The groups' name in a sentence (default ``segment``).
    change : Series, optional
        One row of :func:`cxresearch.metrics.nps_test` between the last and the first wave
        (``diff, p_adjusted or p_value, significant``), with ``first_wave`` and ``last_wave``.
    first_wave, last_wave : object, optional
        The names of the first and the last wave, for the trend sentence.
    lang : str
        Report language.
    min_n : int
        "One plan serves every group" is said only when two groups or more have this base.
    level : float
        Confidence level of the intervals (and of the trend test without ``significant``).
    mde : float, optional
        The smallest difference between two groups the tests could have detected
        (:func:`cxresearch.summaries.min_detectable` of their median SE), said when no
        difference is found so that "no difference" does not read as "the same".

    Returns
    -------
    list of str
        The headline (how many in a hundred recommend and warn), the one group difference to
        act on if the test supports one (else that one plan serves every group, with ``mde``
        when given), the trend if
        there are waves (named as a rise or fall only when significant), and where to read on.

    Examples
    --------
    >>> from cxresearch.metrics import nps, nps_test
    >>> df = pd.DataFrame({"ltr": [10, 9, 9, 8, 7, 3] * 10 + [10, 8, 6, 5, 2, 0] * 10,
    ...                    "region": ["North"] * 60 + ["South"] * 60})
    >>> for line in nps_actions(nps(df, outcome="ltr"), nps(df, outcome="ltr", by="region"),
    ...                         nps_test(df, outcome="ltr", by="region"), segment="region"):
    ...     print(line)
    Of every 100 customers, about 33 would recommend us and 42 would speak against us:
    the NPS is **−8** (95 % CI −23 … +7).
    Look first at **South** (region): its NPS, −50, is 83 points below that of **North**
    (+33), a difference larger than sampling error.
    The driver report shows which parts of the experience to improve first.
    """
    o = overall.iloc[0]
    lv = fmt_num(100 * level, lang)
    lines = [t("do.nps_headline", lang, pro=fmt_num(o["pct_promoters"], lang),
               det=fmt_num(o["pct_detractors"], lang), nps=fmt_pts(o["nps"], lang),
               low=fmt_pts(o["ci_low"], lang), high=fmt_pts(o["ci_high"], lang), level=lv)]
    if by_group is not None and segment:
        name = in_sentence(label or segment, lang)
        sig = pd.DataFrame()
        if tests is not None and len(tests):
            sig = tests[tests["significant"].fillna(False).astype(bool)]
        if len(sig):
            r = sig.assign(size=sig["diff"].abs()).sort_values("size").iloc[-1]
            hi, lo = (r["group_a"], r["group_b"]) if r["diff"] > 0 else (r["group_b"],
                                                                           r["group_a"])
            nps_of = dict(zip(by_group[segment], by_group["nps"], strict=False))
            lines.append(t("do.nps_gap", lang, segment=name, worst=str(lo), best=str(hi),
                           worst_nps=fmt_pts(nps_of.get(lo, float("nan")), lang),
                           best_nps=fmt_pts(nps_of.get(hi, float("nan")), lang),
                           gap=fmt_num(abs(r["diff"]), lang)))
        elif (by_group["base"] >= min_n).sum() >= 2:
            lines.append(t("do.nps_no_gap", lang, segment=name))
            if mde is not None and mde == mde:
                lines.append(t("do.nps_no_gap_mde", lang, mde=fmt_num(mde, lang)))
    if change is not None and first_wave is not None:
        p = change.get("p_adjusted", change.get("p_value"))
        key = ("do.trend_flat" if not bool(change.get("significant", p < 1 - level)) else
               "do.trend_up" if change["diff"] > 0 else "do.trend_down")
        lines.append(t(key, lang, w0=str(first_wave), w1=str(last_wave),
                       a=fmt_pts(change["nps_b"], lang), b=fmt_pts(change["nps_a"], lang),
                       diff=fmt_pts(change["diff"], lang), p=p_phrase(p, lang)))
    lines.append(t("do.nps_next", lang))
    return [capitalize_first(line) for line in lines]


def action_plan(plan: pd.DataFrame, *, labels: dict[str, str] | None = None,
                outcome_label: str = "", lang: str = "en", level: float = 0.95,
                top: int = 3, outcome_type: str = "") -> tuple[list[dict[str, Any]], str]:
    """The actions of a driver report, in words, from :func:`cxresearch.actions.action_plan`.

    The plan decides (in the statistics layer) which drivers are actions: only those whose
    whole interval of expected gain lies above zero ("fix first", then "next"); a driver
    with a negative or uncertain effect never is. Without bootstrap the positive gains are
    listed as untested. An action is *tied* with the one above it when both are in the same
    tie group (a paired bootstrap test cannot order them).

    Parameters
    ----------
    plan : DataFrame
        :func:`cxresearch.actions.action_plan` (``rank, tie_group, driver, gain, ci_low,
        ci_high, share_below, unit, status``).
    labels : dict, optional
        Display names of the drivers.
    outcome_label : str
        The outcome's label (used on non-NPS scales).
    lang : str
    level : float
        Confidence level of the intervals (for the wording).
    top : int
        At most this many actions.
    outcome_type : str
        ``binary`` or ``rating`` words a non-NPS gain for that outcome.

    Returns
    -------
    (actions, note)
        ``actions``: up to ``top`` dicts ``driver, text, tied, fix_first, gain, ci_low,
        ci_high``; ``note``: a sentence on ties, untested order or no action ("" if none).

    Examples
    --------
    >>> plan = pd.DataFrame({"rank": [1, 1, 3, 4], "tie_group": [1, 1, 2, 3],
    ...     "driver": ["a", "b", "c", "d"], "gain": [4.0, 3.5, 1.0, -0.5],
    ...     "ci_low": [3.0, 2.0, 0.2, -1.5], "ci_high": [5.0, 4.5, 1.8, -0.1],
    ...     "share_below": [30, 25, 20, 40], "unit": "NPS points",
    ...     "status": ["fix first", "fix first", "next", "negative"]})
    >>> acts, note = action_plan(plan, labels={"a": "Service"})
    >>> [(a["driver"], a["tied"], a["fix_first"]) for a in acts]
    [('a', False, True), ('b', True, True), ('c', False, False)]
    """
    labels = labels or {}
    lv = fmt_num(100 * level, lang)
    has_ci = bool(len(plan)) and plan["ci_low"].notna().all()
    ok = plan[plan["status"].isin(["fix first", "next", "untested"])]
    ok = ok.sort_values(["rank", "gain"], ascending=[True, False]).head(top)
    # the sentences say "would lift the NPS by": the gain and its interval without a plus sign
    kind, f = _gain_unit(plan, outcome_type, lang, signed=False)
    template = {"nps": "do.action", "binary": "out.action_binary",
                "rating": "out.action_rating"}.get(kind, "do.action_mean")
    actions: list[dict[str, Any]] = []
    prev = None
    for _, r in ok.iterrows():
        tied = bool(has_ci and prev is not None and r["tie_group"] == prev["tie_group"])
        prev = r
        ci = (t("drv.gain_ci", lang, level=lv, lo=f(r["ci_low"]), hi=f(r["ci_high"]))
              if has_ci else "")
        text = t(template, lang,
                 driver=capitalize_first(labels.get(r["driver"], r["driver"])),
                 below=fmt_num(r["share_below"], lang), gain=f(r["gain"]), ci=ci,
                 outcome=in_sentence(outcome_label, lang))
        actions.append({"driver": str(r["driver"]), "text": text, "tied": tied,
                        "fix_first": r["status"] == "fix first", "gain": float(r["gain"]),
                        "ci_low": float(r["ci_low"]) if has_ci else None,
                        "ci_high": float(r["ci_high"]) if has_ci else None})
    if not actions:
        note = t("do.no_action", lang)
    elif not has_ci:
        note = t("do.untested", lang)
    elif any(a["tied"] for a in actions):
        note = t("do.tied", lang)
    else:
        note = ""
    return actions, note


def plan_reasons(plan: pd.DataFrame, *, labels: dict[str, str] | None = None,
                 outcome_label: str = "", lang: str = "en") -> list[str]:
    """Why the other views disagree with the action plan, one sentence per reason code.

    Parameters
    ----------
    plan : DataFrame
        :func:`cxresearch.actions.action_plan` (its reason-code columns,
        ``rank, share_rank``).
    labels : dict, optional
        Display names of the drivers.
    outcome_label : str
    lang : str

    Returns
    -------
    list of str
        For each code in :data:`cxresearch.actions.REASONS` that applies to a driver, the
        drivers it applies to and the explanation (``plan.why.<code>``); one sentence that
        the views agree when no code applies.

    Examples
    --------
    >>> plan = pd.DataFrame({"driver": ["a", "b"], "rank": [1, 2], "share_rank": [2, 1],
    ...     "negative_effect": [False, True], "uncertain": [False, False],
    ...     "correlated_with_others": [False, False], "share_differs": [False, False],
    ...     "grid_fix_first": [False, False], "already_high_performance": [False, False],
    ...     "kano_indifferent": [False, False]})
    >>> plan_reasons(plan, labels={"b": "Price"}, outcome_label="NPS")[0][:25]
    'Price: a higher rating go'
    """
    from .actions import COLLINEAR_R2, REASONS

    labels = labels or {}
    outcome = in_sentence(outcome_label, lang)
    lines = []
    for code in REASONS:
        rows = plan[plan[code].astype(bool)]
        if code == "uncertain":  # a negative one is explained by its own sentence
            rows = rows[~rows["negative_effect"].astype(bool)]
        if not len(rows):
            continue
        names = [in_sentence(labels.get(d, d), lang) for d in rows["driver"]]
        ranks = "; ".join(f"{in_sentence(labels.get(r['driver'], r['driver']), lang)}: "
                          + t("plan.ranks", lang, share_rank=int(r["share_rank"]),
                              rank=int(r["rank"])) for _, r in rows.iterrows())
        lines.append(capitalize_first(t(f"plan.why.{code}", lang, drivers=_and(names, lang),
                                        outcome=outcome, ranks=ranks,
                                        r2=fmt_num(100 * COLLINEAR_R2, lang))))
    return lines or [t("plan.why.none", lang)]


def _gain_unit(plan: pd.DataFrame, outcome_type: str, lang: str, *,
               signed: bool = True) -> tuple[str, Callable[[float], str]]:
    """The unit of a plan's gains (``nps``, ``binary``, ``rating`` or ``mean``) and how one
    gain is written in it: NPS and percentage points with one decimal (a 0/1 outcome's mean
    is its yes share, so its gain is shown × 100), signed in tables and as a magnitude after
    a verb of rising (``signed=False``; a fall keeps its minus), scale points with two."""
    num = fmt_pts if signed else fmt_num
    if not len(plan) or plan["unit"].iloc[0] == "NPS points":
        return "nps", lambda v: num(v, lang, 1)
    if outcome_type == "binary":
        return "binary", lambda v: num(100 * v, lang, 1)
    return ("rating" if outcome_type == "rating" else "mean"), lambda v: fmt_num(v, lang, 2)


def plan_unit(plan: pd.DataFrame, *, outcome_type: str = "", outcome_label: str = "",
              lang: str = "en") -> str:
    """The unit of a plan's gains in words, for the caption of :func:`plan_display_table`.

    Parameters
    ----------
    plan : DataFrame
        :func:`cxresearch.actions.action_plan`.
    outcome_type : str
        The key outcome's type (``nps``, ``binary``, ``rating``; empty: a mean of the outcome).
    outcome_label : str
        The outcome's label (named with a plain mean).
    lang : str

    Returns
    -------
    str
        NPS points, percentage points of the yes share, scale points of the mean, or units
        of the outcome.

    Examples
    --------
    >>> plan = pd.DataFrame({"unit": ["outcome mean"]})
    >>> plan_unit(plan, outcome_type="binary")
    'percentage points of the share answering yes'
    """
    kind = _gain_unit(plan, outcome_type, lang)[0]
    if kind == "mean":
        return t("plan.unit_mean", lang, outcome=in_sentence(outcome_label, lang))
    return t(f"plan.unit_{kind}", lang)


def plan_display_table(plan: pd.DataFrame, *, labels: dict[str, str] | None = None,
                       lang: str = "en", outcome_type: str = "") -> pd.DataFrame:
    """Format :func:`cxresearch.actions.action_plan` for reading: one row per driver.

    Parameters
    ----------
    plan : DataFrame
        :func:`cxresearch.actions.action_plan`.
    labels : dict, optional
        Display names of the drivers.
    lang : str
    outcome_type : str
        ``binary`` shows the gains in percentage points of the yes share (the plan holds
        them as shares), as :func:`action_plan` words them; :func:`plan_unit` names the unit.

    Returns
    -------
    DataFrame
        Rank (tied drivers share it), driver, expected gain with its interval in one cell,
        the effect's sign (or "unclear" when the interval includes zero), the plan's status,
        the Shapley share, the grid quadrant, the Kano class ("unclear" when unstable) and the
        views that differ, with headers in ``lang``.

    Examples
    --------
    >>> plan = pd.DataFrame({"rank": [1], "driver": ["a"], "gain": [2.0], "ci_low": [1.0],
    ...     "ci_high": [3.0], "unit": "NPS points", "effect_sign": [1],
    ...     "status": ["fix first"], "share": [40.0], "quadrant": ["keep up"],
    ...     "kano": ["unclear"], "reasons": ["already_high_performance"]})
    >>> plan_display_table(plan).iloc[0].tolist()[-3:]
    ['keep up', 'unclear', 'already rated high']
    """
    labels = labels or {}
    f = _gain_unit(plan, outcome_type, lang)[1]
    sign = {1: "positive", -1: "negative", 0: "none"}
    rows = []
    for _, r in plan.iterrows():
        gain = f(r["gain"])
        if r["ci_low"] == r["ci_low"]:  # the gain and its interval in one cell: fits 1280 px
            gain += f" ({f(r['ci_low'])} … {f(r['ci_high'])})"
        row = {t("col.rank", lang): int(r["rank"]),
               t("col.driver", lang): labels.get(r["driver"], r["driver"]),
               t("col.gain_ci", lang): gain}
        clear = "uncertain" not in r or not r["uncertain"]
        row[t("col.effect", lang)] = t(f"plan.effect.{sign[int(r['effect_sign'])]}"
                                       if clear else "plan.effect.unclear", lang)
        row[t("col.status", lang)] = t(f"plan.status.{r['status']}", lang)
        row[t("col.share", lang)] = fmt_num(r["share"], lang, 1)
        row[t("col.quadrant", lang)] = t(f"quad.{r['quadrant']}", lang)
        row[t("col.kano", lang)] = t(f"kano.{r['kano']}", lang)
        row[t("col.why", lang)] = ", ".join(t(f"plan.code.{c}", lang)
                                            for c in str(r["reasons"]).split(", ") if c)
        rows.append(row)
    return pd.DataFrame(rows)


def _and(names: list[str], lang: str) -> str:
    """``a, b and c`` in the report language."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {t('word.and', lang)} {names[-1]}"


def _listing(pairs: list[tuple[str, str]], lang: str) -> str:
    return "; ".join(f"{name} {value}" for name, value in pairs)


def alt_distribution(overall: pd.DataFrame, *, question: str, lang: str = "en") -> str:
    """Alt text of the 0–10 answer chart: what it shows, with its three shares.

    Parameters
    ----------
    overall : DataFrame
        :func:`cxresearch.metrics.nps` of all respondents (``pct_promoters, pct_passives,
        pct_detractors``).
    question : str
        The recommendation question as asked.
    lang : str
        Report language.

    Returns
    -------
    str
        One sentence for the chart's alt text (see :func:`show_chart`).

    Examples
    --------
    >>> o = pd.DataFrame({"pct_promoters": [33.3], "pct_passives": [25.0],
    ...                   "pct_detractors": [41.7]})
    >>> alt_distribution(o, question="How likely are you to recommend us?")
    'Bar chart of the answers to “How likely are you to recommend us?” on the 0–10 scale:
    33 % promoters (9–10), 25 % passives (7–8) and 42 % detractors (0–6).'
    """
    o = overall.iloc[0]
    return t("alt.dist", lang, question=question, pro=fmt_num(o["pct_promoters"], lang),
             pas=fmt_num(o["pct_passives"], lang), det=fmt_num(o["pct_detractors"], lang))


def alt_groups(table: pd.DataFrame, *, by: str, label: str, lang: str = "en",
               level: float = 0.95) -> str:
    """Alt text of an NPS-by-group chart: each shown group with its NPS and interval.

    Groups flagged ``small_base`` are left out, as in :func:`cxresearch.plots.nps_intervals`.

    Parameters
    ----------
    table : DataFrame
        :func:`cxresearch.metrics.nps` by ``by`` (``nps, ci_low, ci_high``, ``small_base``).
    by : str
        The group column.
    label : str
        The groups' name in the sentence (lowered by :func:`cxresearch.i18n.in_sentence`).
    lang : str
        Report language.
    level : float
        Confidence level of the intervals, named in the text.

    Returns
    -------
    str
        One sentence listing the groups from the highest NPS to the lowest.

    Examples
    --------
    >>> g = pd.DataFrame({"region": ["North", "South", "East"], "nps": [33.3, -50.0, 10.0],
    ...                   "ci_low": [13.3, -66.6, -40.0], "ci_high": [50.2, -28.6, 60.0],
    ...                   "small_base": [False, False, True]})
    >>> alt_groups(g, by="region", label="Alue", lang="fi")
    'Kuvio NPS:stä ryhmittäin (alue) 95 %:n luottamusväleineen: North +33 (+13 … +50);
    South −50 (−67 … −29).'
    """
    data = table[~table["small_base"].astype(bool)] if "small_base" in table else table
    values = _listing([(str(r[by]), f"{fmt_pts(r['nps'], lang)} "
                       f"({fmt_range(r['ci_low'], r['ci_high'], lang, points=True)})")
                       for _, r in data.sort_values("nps", ascending=False).iterrows()], lang)
    return t("alt.groups", lang, segment=in_sentence(label, lang),
             level=fmt_num(100 * level, lang), values=values)


def alt_waves(table: pd.DataFrame, *, wave: str, lang: str = "en", level: float = 0.95) -> str:
    """Alt text of the NPS-over-waves chart.

    Parameters
    ----------
    table : DataFrame
        :func:`cxresearch.metrics.nps` by wave (``nps`` and the wave column).
    wave : str
        The wave column; the waves are listed in its sort order.
    lang : str
        Report language.
    level : float
        Confidence level of the band, named in the text.

    Returns
    -------
    str
        One sentence with each wave's NPS.

    Examples
    --------
    >>> w = pd.DataFrame({"wave": ["2026", "2025"], "nps": [-31.2, 37.5]})
    >>> alt_waves(w, wave="wave")
    'Line chart of the NPS per wave with its 95 % confidence band: 2025 +38; 2026 −31.'
    """
    values = _listing([(str(r[wave]), fmt_pts(r["nps"], lang))
                       for _, r in table.sort_values(wave).iterrows()], lang)
    return t("alt.waves", lang, level=fmt_num(100 * level, lang), values=values)


def alt_importance(importance: pd.DataFrame, *, labels: dict[str, str] | None = None,
                   lang: str = "en") -> str:
    """Alt text of the importance chart: each driver's share of the explained variation.

    Parameters
    ----------
    importance : DataFrame
        :func:`cxresearch.importance.relative_importance` (``driver, share``).
    labels : dict, optional
        Display names of the drivers.
    lang : str
        Report language.

    Returns
    -------
    str
        One sentence listing the drivers, largest share first.

    Examples
    --------
    >>> imp = pd.DataFrame({"driver": ["a", "b"], "share": [60.0, 40.0], "rank": [1, 2],
    ...                     "share_ci_low": [50.0, 30.0], "share_ci_high": [70.0, 50.0],
    ...                     "rank_ci_low": [1, 1], "rank_ci_high": [1, 2],
    ...                     "performance": [3.9, 4.2]})
    >>> alt_importance(imp, labels={"a": "Service", "b": "Price"})
    "Bar chart of each driver's share of the explained variation: service 60%; price 40%."
    """
    labels = labels or {}
    values = _listing([(in_sentence(labels.get(r["driver"], r["driver"]), lang),
                        fmt_pct(r["share"] / 100, lang))
                       for _, r in importance.sort_values("share", ascending=False).iterrows()],
                      lang)
    return t("alt.importance", lang, values=values)


def alt_ipa(quadrants: pd.DataFrame, *, labels: dict[str, str] | None = None,
            lang: str = "en") -> str:
    """Alt text of the importance–performance grid: the drivers in each quadrant.

    Parameters
    ----------
    quadrants : DataFrame
        :func:`cxresearch.actions.ipa` (``driver, quadrant``).
    labels : dict, optional
        Display names of the drivers.
    lang : str
        Report language.

    Returns
    -------
    str
        One sentence, quadrant by quadrant.

    Examples
    --------
    >>> q = pd.DataFrame({"driver": ["a", "b"], "quadrant": ["fix first", "keep up"]})
    >>> alt_ipa(q, labels={"a": "Service", "b": "Price"})
    'Importance–performance grid of the drivers: fix first: service; keep up: price.'
    """
    labels = labels or {}
    parts = []
    for q in ("fix first", "keep up", "low priority", "possible overkill"):
        names = [in_sentence(labels.get(d, d), lang)
                 for d in quadrants.loc[quadrants["quadrant"] == q, "driver"]]
        if names:
            parts.append(f"{t('quad.' + q, lang)}: {', '.join(names)}")
    return t("alt.ipa", lang, values="; ".join(parts))


def alt_penalty_reward(pr: pd.DataFrame, *, labels: dict[str, str] | None = None,
                       outcome_label: str = "", lang: str = "en") -> str:
    """Alt text of the penalty–reward chart: each driver's penalty and reward.

    Parameters
    ----------
    pr : DataFrame
        :func:`cxresearch.actions.penalty_reward` (``driver, penalty, reward``).
    labels : dict, optional
        Display names of the drivers.
    outcome_label : str
        The outcome's name, mid-sentence.
    lang : str
        Report language.

    Returns
    -------
    str
        One sentence with each driver's penalty / reward.

    Examples
    --------
    >>> pr = pd.DataFrame({"driver": ["a"], "penalty": [-0.8], "reward": [0.3]})
    >>> alt_penalty_reward(pr, labels={"a": "Service"}, outcome_label="Recommendation")[-21:]
    'service −0.80 / 0.30.'
    """
    labels = labels or {}
    values = _listing([(in_sentence(labels.get(r["driver"], r["driver"]), lang),
                        f"{fmt_num(r['penalty'], lang, 2)} / {fmt_num(r['reward'], lang, 2)}")
                       for _, r in pr.iterrows()], lang)
    return t("alt.pr", lang, outcome=in_sentence(outcome_label, lang), values=values)


def alt_group_waves(table: pd.DataFrame, *, wave: str, by: str, group_label: str,
                    lang: str = "en", names: dict[str, str] | None = None) -> str:
    """Alt text of a per-wave chart with one line per group: each group's first and last
    NPS (or share answering yes, or mean rating).

    Parameters
    ----------
    table : DataFrame
        NPS per wave and group (:func:`cxresearch.tracking.wave_nps` with ``by``, or
        :func:`cxresearch.tracking.wave_groups`), with ``nps``; or a yes/no or rating
        outcome's ``estimate`` with ``attrs["type"]`` (:func:`cxresearch.tracking.wave_groups`).
    wave, by : str
        The wave and group columns.
    group_label : str
        What the groups are (a segment's label), mid-sentence; empty for plain "groups".
    lang : str
        Report language.
    names : dict, optional
        Group value → its name (default: the value).

    Returns
    -------
    str
        One sentence from the ``alt.group_waves`` message.

    Examples
    --------
    >>> tb = pd.DataFrame({"channel": ["Store", "Store", "Web", "Web"], "wave": [1, 4, 1, 4],
    ...                    "nps": [20.0, 34.0, 25.0, 24.0]})
    >>> alt_group_waves(tb, wave="wave", by="channel", group_label="Channel").split(": ", 1)[1]
    'Store +20 → +34; Web +25 → +24.'
    """
    names = names or {}
    figure = "nps" if "nps" in table else "estimate"
    kind = "" if figure == "nps" else "_" + table.attrs.get("type", "rating")
    f = {"": lambda v: fmt_pts(v, lang), "_binary": lambda v: fmt_pct(v / 100, lang, 1)
         }.get(kind, lambda v: fmt_num(v, lang, 2))
    data = table.dropna(subset=[figure]).sort_values(wave)
    if data.empty:
        return t("chart", lang)
    waves = list(dict.fromkeys(data[wave]))
    values = _listing([(str(names.get(g, g)), f"{f(part[figure].iloc[0])} → "
                        f"{f(part[figure].iloc[-1])}")
                       for g, part in data.groupby(by, sort=False)], lang)
    if not group_label:
        return t(f"alt.group_waves_plain{kind}", lang, first=str(waves[0]),
                 last=str(waves[-1]), values=values)
    return t(f"alt.group_waves{kind}", lang, groups=in_sentence(group_label, lang),
             first=str(waves[0]), last=str(waves[-1]), values=values)


def alt_slopes(slopes: pd.DataFrame, *, driver: str, moderator: str, lang: str = "en",
               labels: dict[str, str] | None = None) -> str:
    """Alt text of the simple-slopes chart: the driver's slope at each moderator level.

    Parameters
    ----------
    slopes : DataFrame
        The ``slopes`` table of :func:`cxresearch.moderation.interaction`
        (``level, slope, ci_low, ci_high``).
    driver, moderator : str
        Their labels (lower-cased mid-sentence by :func:`cxresearch.i18n.in_sentence`).
    lang : str
        Report language.
    labels : dict, optional
        Level → its name (value labels of a categorical moderator).

    Returns
    -------
    str
        One sentence from the ``alt.slopes`` message.

    Examples
    --------
    >>> s = pd.DataFrame({"level": ["mean - SD", "mean + SD"], "slope": [0.19, 0.44],
    ...                   "ci_low": [0.1, 0.35], "ci_high": [0.28, 0.53]})
    >>> alt_slopes(s, driver="Social", moderator="Time pressure", lang="en")[:61]
    'Chart of the slope of social at each level of time pressure, '
    """
    from .plots import level_name

    values = _listing([(level_name(r["level"], lang, labels),
                        f"{fmt_num(r['slope'], lang, 2)} "
                        f"({fmt_range(r['ci_low'], r['ci_high'], lang, 2)})")
                       for _, r in slopes.iterrows()], lang)
    return t("alt.slopes", lang, driver=in_sentence(driver, lang),
             moderator=in_sentence(moderator, lang), values=values)


def alt_jn(curve: pd.DataFrame, *, driver: str, moderator: str, lang: str = "en") -> str:
    """Alt text of the Johnson–Neyman chart: the slope at both ends and where it is significant.

    Parameters
    ----------
    curve : DataFrame
        The ``curve`` of :func:`cxresearch.moderation.johnson_neyman`
        (``moderator, slope, ci_low, ci_high, significant``).
    driver, moderator : str
        Their labels.
    lang : str
        Report language.

    Returns
    -------
    str
        One sentence from the ``alt.jn`` message.

    Examples
    --------
    >>> c = pd.DataFrame({"moderator": [1.0, 4.0, 7.0], "slope": [0.05, 0.3, 0.55],
    ...                   "ci_low": [-0.05, 0.2, 0.4], "ci_high": [0.15, 0.4, 0.7],
    ...                   "significant": [False, True, True]})
    >>> alt_jn(c, driver="Social", moderator="Time pressure", lang="en").split("; ")[-1]
    'the slope is significant from 4.0 to 7.0.'
    """
    c = curve.sort_values("moderator")
    first, last = c.iloc[0], c.iloc[-1]
    sig = c.loc[c["significant"].astype(bool), "moderator"]
    where = (t("alt.jn_nowhere", lang) if sig.empty else
             t("alt.jn_everywhere", lang) if len(sig) == len(c) else
             t("alt.jn_range", lang, low=fmt_num(sig.min(), lang, 1),
               high=fmt_num(sig.max(), lang, 1)))
    return t("alt.jn", lang, driver=in_sentence(driver, lang),
             moderator=in_sentence(moderator, lang), x0=fmt_num(first["moderator"], lang, 1),
             s0=fmt_num(first["slope"], lang, 2), x1=fmt_num(last["moderator"], lang, 1),
             s1=fmt_num(last["slope"], lang, 2), where=where)


def alt_htmt(matrix: pd.DataFrame, *, labels: dict[str, str] | None = None,
             lang: str = "en", threshold: float = 0.85) -> str:
    """Alt text of the HTMT heatmap: the largest ratio, its pair, and how many reach ``threshold``.

    Parameters
    ----------
    matrix : DataFrame
        Square HTMT matrix (``cfa(...).htmt``), constructs as index and columns.
    labels : dict, optional
        Construct → its label.
    lang : str
        Report language.
    threshold : float
        The HTMT limit named in the text (Henseler et al. 2015: 0.85).

    Returns
    -------
    str
        One sentence from the ``alt.htmt`` message.

    Examples
    --------
    >>> m = pd.DataFrame([[1, 0.5, 0.3], [0.5, 1, 0.2], [0.3, 0.2, 1]], index=list("abc"),
    ...                  columns=list("abc"))
    >>> "0.50" in alt_htmt(m, lang="en")
    True
    """
    labels = labels or {}
    names = list(matrix.index)
    pairs = [(float(matrix.iloc[i, j]), names[i], names[j])
             for i in range(len(names)) for j in range(i + 1, len(names))
             if matrix.iloc[i, j] == matrix.iloc[i, j]]
    if not pairs:
        return t("chart", lang)
    top, a, b = max(pairs)
    return t("alt.htmt", lang, k=fmt_num(len(names), lang), pairs=fmt_num(len(pairs), lang),
             max=fmt_num(top, lang, 2), a=in_sentence(labels.get(a, a), lang),
             b=in_sentence(labels.get(b, b), lang), threshold=fmt_num(threshold, lang, 2),
             above=fmt_num(sum(v >= threshold for v, _, _ in pairs), lang))


def alt_themes(impact: pd.DataFrame, *, lang: str = "en", label: str = "label") -> str:
    """Alt text of the theme-impact chart: each theme's impact and share of mentions.

    Parameters
    ----------
    impact : DataFrame
        :func:`cxresearch.text.theme_impact` (``share`` in %, ``impact`` in the outcome's
        units) with a label column.
    lang : str
        Report language.
    label : str
        The label column.

    Returns
    -------
    str
        One sentence from the ``alt.themes`` message, themes from the most negative impact.

    Examples
    --------
    >>> imp = pd.DataFrame({"label": ["Price", "Staff"], "impact": [-6.2, 4.0],
    ...                     "share": [12.0, 30.0]})
    >>> alt_themes(imp, lang="en").split(": ", 1)[1]
    'Price −6.2 (12%); Staff +4.0 (30%).'
    """
    rows = impact.sort_values("impact", na_position="last")
    values = _listing([(str(r[label]), f"{fmt_pts(r['impact'], lang, 1)} "
                        f"({fmt_pct(r['share'] / 100, lang)})")
                       for _, r in rows.iterrows() if r["impact"] == r["impact"]], lang)
    return t("alt.themes", lang, values=values)


def alt_theme_trend(table: pd.DataFrame, *, lang: str = "en", label: str = "label",
                    group: str = "group") -> str:
    """Alt text of the theme-trend chart: each theme's share in the first and last wave.

    Parameters
    ----------
    table : DataFrame
        :func:`cxresearch.text.themes_by` (``theme, group, share`` in %) with a label column.
    lang : str
        Report language.
    label, group : str
        The label and wave columns.

    Returns
    -------
    str
        One sentence from the ``alt.theme_trend`` message.

    Examples
    --------
    >>> tb = pd.DataFrame({"label": ["Price", "Price"], "group": ["W1", "W2"],
    ...                    "share": [10.0, 14.0]})
    >>> alt_theme_trend(tb, lang="fi").split(": ", 1)[1]
    'Price 10\xa0% → 14\xa0%.'
    """
    order = list(dict.fromkeys(table[group]))
    if not order:
        return t("chart", lang)
    first, last = order[0], order[-1]
    wide = table.pivot_table(index=label, columns=group, values="share", aggfunc="first")
    values = _listing([(str(name), f"{fmt_pct(r.get(first) / 100, lang)} → "
                        f"{fmt_pct(r.get(last) / 100, lang)}") for name, r in wide.iterrows()],
                      lang)
    return t("alt.theme_trend", lang, first=str(first), last=str(last), values=values)


def segment_profile_display_table(profile: pd.DataFrame, *, by: str,
                                  labels: dict[str, str] | None = None,
                                  value_label: Any = None, lang: str = "en",
                                  type: str | None = None,
                                  label: str | None = None) -> pd.DataFrame:
    """The segment profile for reading, one column per segment and one row per figure.

    :func:`cxresearch.tracking.segment_profile` gives one row per segment and one column per
    driver (a dozen columns with eight drivers, too wide for a 1280 px page once the driver
    names are headings); here the drivers are rows instead: ``n``, ``NPS`` (or a yes/no
    outcome's share in %, a rating's mean: the profile's ``estimate``) and each driver's
    mean, with a suppressed segment's figures shown as ``–`` (its base stays).

    Parameters
    ----------
    profile : DataFrame
        From :func:`cxresearch.tracking.segment_profile`.
    by : str
        Its segment column.
    labels : dict, optional
        Driver → its label.
    value_label : callable, optional
        Segment value → its label (e.g. ``lambda v: cb.value_label(by, v, lang)``).
    lang : str
    type : {"binary", "rating"}, optional
        The outcome's type when the profile has ``estimate`` (default: its ``attrs["type"]``).
    label : str, optional
        The segment's label (``cb.label_of(by, lang)``), the heading of the first column, above
        the figure names and beside the segments it names (default: ``by``, readable).

    Returns
    -------
    DataFrame
        A first column of figure names headed by the segment's label, then one text column per
        segment, in the profile's order.

    Examples
    --------
    >>> p = pd.DataFrame({"region": ["North", "South"], "base": [120, 12], "nps": [31.2, None],
    ...                   "suppressed": [False, True], "price": [4.213, None]})
    >>> shown = segment_profile_display_table(p, by="region", labels={"price": "Hinta"}, lang="fi",
    ...                                       label="alue")
    >>> shown.columns.tolist(), shown["North"].tolist(), shown["South"].tolist()
    (['Alue', 'North', 'South'], ['120', '+31,2', '4,21'], ['12', '–', '–'])
    """
    labels = labels or {}
    value_label = value_label or str
    fixed = {by, "base", "nps", "estimate", "ci_low", "ci_high", "suppressed", "weighted"}
    drivers = [c for c in profile.columns if c not in fixed]
    rows = [("n", [fmt_num(v, lang) for v in profile["base"]])]
    if "nps" in profile:
        rows.append((t("col.nps", lang), [fmt_pts(v, lang, 1) for v in profile["nps"]]))
    else:  # a yes/no outcome's share in %, a rating's mean (segment_profile's attrs["type"])
        kind = "binary" if (type or profile.attrs.get("type")) == "binary" else "rating"
        rows.append((t(f"out.col.estimate_{kind}", lang),
                     [fmt_num(v, lang, 1 if kind == "binary" else 2) for v in profile["estimate"]]))
    rows += [(labels.get(d, d), [fmt_num(v, lang, 2) for v in profile[d]]) for d in drivers]
    heads = [capitalize_first(str(value_label(v))) for v in profile[by]]
    corner = capitalize_first(label or by.replace("_", " "))
    if corner in heads:  # a segment value spelled like its label: the heading stays unique
        corner = ""
    out = pd.DataFrame([[name, *cells] for name, cells in rows], columns=[corner, *heads])
    return out


def split_columns(table: pd.DataFrame, *, keep: int = 1, per: int = 6) -> list[pd.DataFrame]:
    """A wide table as several narrower ones: the first ``keep`` columns, then ``per`` more each.

    For a table whose width grows with the data (one column per segment), so that each part fits
    a 1280 px page.

    Parameters
    ----------
    table : DataFrame
        The table to split.
    keep : int
        Leading columns repeated in every part (the row names).
    per : int
        Other columns per part.

    Returns
    -------
    list of DataFrame
        ``[table]`` when it is narrow enough, else its parts in column order.

    Examples
    --------
    >>> wide = pd.DataFrame([[0] * 9], columns=list("abcdefghi"))
    >>> [list(part.columns) for part in split_columns(wide, keep=1, per=4)]
    [['a', 'b', 'c', 'd', 'e'], ['a', 'f', 'g', 'h', 'i']]
    """
    head, rest = list(table.columns[:keep]), list(table.columns[keep:])
    if len(rest) <= per:
        return [table]
    return [table[head + rest[i:i + per]] for i in range(0, len(rest), per)]


# --------------------------------------------------------------------------- binary / rating


def outcome_tests(data: Any, *, outcome: str, by: str, type: str,
                  min_n: int = 30) -> pd.DataFrame:
    """Pairwise tests between the groups of ``by`` on a binary or rating outcome (unweighted).

    Parameters
    ----------
    data : Survey or DataFrame
    outcome, by : str
        The outcome column (0/1 for ``binary``) and the grouping column.
    type : {"binary", "rating"}
    min_n : int
        Pairs with a group below ``min_n`` are not tested (p is NaN).

    Returns
    -------
    DataFrame with ``group_a, group_b, n_a, n_b, estimate_a, estimate_b, diff`` (percentage
    points for binary, scale points for rating), ``statistic, p, p_adjusted, significant``.

    Notes
    -----
    Binary: the pooled two-proportion z-test (statsmodels ``proportions_ztest``); rating:
    Welch's t-test (scipy ``ttest_ind(equal_var=False)``). p-values are adjusted by
    Benjamini–Hochberg FDR over all pairs (:func:`cxresearch.stats.p_adjust`).

    Examples
    --------
    >>> df = pd.DataFrame({"y": [1] * 40 + [0] * 10 + [1] * 20 + [0] * 30,
    ...                    "g": ["a"] * 50 + ["b"] * 50})
    >>> outcome_tests(df, outcome="y", by="g", type="binary")[["diff", "significant"]]
       diff  significant
    0  40.0         True
    """
    from itertools import combinations

    from scipy import stats as sps
    from statsmodels.stats.proportion import proportions_ztest

    from .stats import p_adjust

    df = data.data if hasattr(data, "data") else data
    d = df[[outcome, by]].dropna()
    groups = [g for g in pd.unique(d[by])]
    try:
        groups = sorted(groups)
    except TypeError:
        pass
    rows = []
    for a, b in combinations(groups, 2):
        ya = d.loc[d[by] == a, outcome].astype(float).to_numpy()
        yb = d.loc[d[by] == b, outcome].astype(float).to_numpy()
        scale = 100.0 if type == "binary" else 1.0
        stat = p = float("nan")
        if min(len(ya), len(yb)) >= max(min_n, 2):
            if type == "binary":
                stat, p = proportions_ztest([ya.sum(), yb.sum()], [len(ya), len(yb)])
            else:
                stat, p = sps.ttest_ind(ya, yb, equal_var=False)
        rows.append({"group_a": a, "group_b": b, "n_a": len(ya), "n_b": len(yb),
                     "estimate_a": scale * ya.mean(), "estimate_b": scale * yb.mean(),
                     "diff": scale * (ya.mean() - yb.mean()), "statistic": float(stat),
                     "p": float(p)})
    out = pd.DataFrame(rows, columns=["group_a", "group_b", "n_a", "n_b", "estimate_a",
                                      "estimate_b", "diff", "statistic", "p"])
    out["p_adjusted"] = p_adjust(out["p"].to_numpy()) if len(out) else []
    out["significant"] = out["p_adjusted"] < 0.05
    return out


def _or_values(values: str, lang: str) -> str:
    """ "4, 5" -> "4 or 5" (a top box read as a choice between answers)."""
    parts = [fmt_num(float(v), lang, 0 if float(v).is_integer() else 1)
             for v in values.split(", ") if v]
    return (", ".join(parts[:-1]) + f" {t('out.or', lang)} " + parts[-1]) if len(parts) > 1 \
        else "".join(parts)


def _est(v: float, type: str, lang: str) -> str:
    from .i18n import fmt_num, fmt_pct

    return fmt_pct(v / 100, lang, 1) if type == "binary" else fmt_num(v, lang, 2)


def outcome_sentences(overall: pd.DataFrame, by_group: pd.DataFrame | None = None,
                      tests: pd.DataFrame | None = None, *, segment: str | None = None,
                      label: str = "", question: str = "", lang: str = "en",
                      min_n: int = 30) -> list[str]:
    """What a binary or rating key outcome says, in sentences that claim only what tests support.

    ``overall`` and ``by_group`` are :func:`cxresearch.outcome_summary` tables (``by_group``
    with value labels already in the ``segment`` column), ``tests`` an :func:`outcome_tests`
    table (labelled too). The first line is the headline; then one sentence per significant
    difference (FDR-adjusted), or that the tests support none; then which groups are under
    ``min_n``.

    Parameters
    ----------
    overall : DataFrame
        :func:`cxresearch.outcome_summary` of all respondents (one row; ``type, n, estimate,
        ci_low, ci_high`` and for a rating also ``scale_low, scale_high, top_box,
        top_box_values, top_box_ci_low, top_box_ci_high``).
    by_group : DataFrame, optional
        :func:`cxresearch.outcome_summary` by ``segment``.
    tests : DataFrame, optional
        :func:`outcome_tests` between the groups.
    segment : str, optional
        The group column; without it only the headline is written.
    label : str
        The groups' name in a sentence.
    question : str
        The outcome's question or label, opening the headline.
    lang : str
        Report language.
    min_n : int
        Groups with fewer respondents are named as not interpreted.

    Returns
    -------
    list of str
        Markdown sentences in ``lang``.

    Examples
    --------
    >>> o = pd.DataFrame([{"type": "binary", "n": 50, "estimate": 60.0, "ci_low": 46.2,
    ...                    "ci_high": 72.4}])
    >>> outcome_sentences(o, question="Would recommend")[0]
    'Would recommend: **60.0%** answered yes (95 % interval 46.2% … 72.4%, n = 50).'
    >>> import cxresearch as cx
    >>> df = pd.DataFrame({"y": [1] * 36 + [0] * 14 + [1] * 24 + [0] * 26,
    ...                    "channel": ["Store"] * 50 + ["Web"] * 50})
    >>> by = cx.outcome_summary(df, outcome="y", type="binary", by="channel")
    >>> tests = outcome_tests(df, outcome="y", by="channel", type="binary")
    >>> for line in outcome_sentences(cx.outcome_summary(df, outcome="y", type="binary"), by,
    ...                               tests, segment="channel", label="Channel",
    ...                               question="would recommend us", min_n=60):
    ...     print(line)
    Would recommend us: **60.0%** answered yes (95 % interval 50.2% … 69.1%, n = 100).
    Store is 24.0 percentage points higher than Web (p = 0.014 after FDR correction).
    Groups with fewer than 60 respondents are shown but not interpreted: Store and Web.
    """
    from .i18n import fmt_num, fmt_pct

    o = overall.iloc[0]
    kind = str(o["type"])
    q = capitalize_first(question)
    common = {"level": fmt_num(95, lang), "n": fmt_num(float(o["n"]), lang)}
    if kind == "binary":
        lines = [t("out.binary_head", lang, outcome=q, value=_est(o["estimate"], kind, lang),
                   low=_est(o["ci_low"], kind, lang), high=_est(o["ci_high"], kind, lang),
                   **common)]
    else:
        lines = [t("out.rating_head", lang, outcome=q, value=fmt_num(o["estimate"], lang, 2),
                   lo=fmt_num(o["scale_low"], lang), hi=fmt_num(o["scale_high"], lang),
                   low=fmt_num(o["ci_low"], lang, 2), high=fmt_num(o["ci_high"], lang, 2),
                   top=fmt_pct(o["top_box"] / 100, lang, 1),
                   values=_or_values(str(o["top_box_values"]), lang),
                   tlow=fmt_pct(o["top_box_ci_low"] / 100, lang, 1),
                   thigh=fmt_pct(o["top_box_ci_high"] / 100, lang, 1), **common)]
    if tests is not None and segment:
        sig = tests[tests["significant"]]
        for _, r in sig.iterrows():
            a, b, diff = r["group_a"], r["group_b"], float(r["diff"])
            if diff < 0:
                a, b, diff = b, a, -diff
            line = t("out.diff", lang, a=a, b=b, diff=fmt_num(diff, lang, 1),
                     unit=t(f"out.unit.{kind}", lang), p=p_phrase(float(r["p_adjusted"]), lang))
            lines.append(line[0].upper() + line[1:])
        if sig.empty:
            lines.append(t("out.no_diff", lang, segment=in_sentence(label, lang)))
    if by_group is not None and segment:
        small = by_group.loc[by_group["n"] < min_n, segment].astype(str).tolist()
        if small:
            lines.append(t("out.small", lang, min_n=min_n, groups=_and(small, lang)))
    return lines


def outcome_display_table(table: pd.DataFrame, *, by: str | None = None, label: str = "",
                          lang: str = "en") -> pd.DataFrame:
    """Format an :func:`cxresearch.outcome_summary` table of a binary or rating outcome.

    Parameters
    ----------
    table : DataFrame
        :func:`cxresearch.outcome_summary`, overall or by ``by``.
    by : str, optional
        The group column (values already labelled).
    label : str
        Heading of the group column (default its name).
    lang : str
        Report language of the headings and numbers.

    Returns
    -------
    DataFrame
        Text cells: the group (with ``by``), base, the estimate (share answering yes in %
        with one decimal, or the mean with two) and its CI; for a rating also the top-box
        share and its CI.

    Examples
    --------
    >>> o = pd.DataFrame([{"type": "binary", "n": 50, "estimate": 60.0, "ci_low": 46.2,
    ...                    "ci_high": 72.4}])
    >>> outcome_display_table(o, lang="fi").iloc[0].tolist()
    ['50', '60,0', '46,2 … 72,4']
    >>> import cxresearch as cx
    >>> df = pd.DataFrame({"sat": [5, 4, 4, 3, 5, 2, 4, 5] * 10})
    >>> rating = cx.outcome_summary(df, outcome="sat", type="rating", scale=(1, 5),
    ...                             top_box=(4, 5))
    >>> print(outcome_display_table(rating).to_string())
        n  Mean      95 % CI Answered 4 or 5 (%) 95 % CI of that share
    0  80  4.00  3.78 … 4.22                75.0           64.5 … 83.2
    """
    kind = str(table["type"].iloc[0])
    spec: list[Any] = [(by, label or by, "text")] if by else []
    spec += [("n", "col.base", "num0"), ("estimate", f"out.col.estimate_{kind}",
                                          "num1" if kind == "binary" else "num2"),
             (("ci_low", "ci_high"), "col.ci", "num1" if kind == "binary" else "num2")]
    if kind == "rating":
        spec += [("top_box", t("out.col.top_box", lang,
                                values=_or_values(str(table["top_box_values"].iloc[0]), lang)),
                  "num1"),
                 (("top_box_ci_low", "top_box_ci_high"), "out.col.ci_top", "num1")]
    return format_table(table, spec, lang=lang)


def outcome_tests_table(tests: pd.DataFrame, *, type: str, lang: str = "en") -> pd.DataFrame:
    """Format an :func:`outcome_tests` table (labels already applied); untested pairs left out.

    Parameters
    ----------
    tests : DataFrame
        :func:`outcome_tests` (``group_a, group_b, diff, p, p_adjusted``).
    type : {"binary", "rating"}
        The outcome type: the difference is in percentage points (one decimal) or scale
        points (two).
    lang : str
        Report language of the headings and numbers.

    Returns
    -------
    DataFrame
        The pair, the signed difference (``group_a`` minus ``group_b``) and the
        FDR-adjusted p.

    Examples
    --------
    >>> tt = pd.DataFrame([{"group_a": "Web", "group_b": "Store", "diff": -4.25, "p": 0.01,
    ...                     "p_adjusted": 0.02}])
    >>> outcome_tests_table(tt, type="binary", lang="fi").iloc[0].tolist()
    ['Web – Store', '−4,2', '0,020']
    >>> outcome_tests_table(tt, type="rating").columns.tolist()
    ['Comparison', 'Difference (scale points)', 'p (FDR-adjusted)']
    """
    ok = tests[tests["p"].notna()]
    digits = 1 if type == "binary" else 2
    return pd.DataFrame({
        t("col.pair", lang): [f"{a} – {b}" for a, b in zip(ok["group_a"], ok["group_b"],
                                                          strict=True)],
        t(f"out.col.diff_{type}", lang): [fmt_pts(float(v), lang, digits) for v in ok["diff"]],
        t("col.p_adjusted", lang): [_fmt_p(float(v), lang) for v in ok["p_adjusted"]]})


def outcome_distribution_table(data: Any, *, outcome: str, type: str, codebook: Any = None,
                               lang: str = "en") -> pd.DataFrame:
    """The answer distribution of a binary or rating outcome on its own scale, for reading.

    Answers are shown as whole numbers with their codebook value labels where there are any;
    a binary outcome's 1/0 as yes/no.

    Parameters
    ----------
    data : Survey or DataFrame
        The answers.
    outcome : str
        The outcome column.
    type : {"binary", "rating"}
        The outcome type.
    codebook : Codebook, optional
        Gives the answers' value labels (``4 – Agree``); without it answers show as numbers.
    lang : str
        Report language of the headings, labels and numbers.

    Returns
    -------
    DataFrame
        Answer and share (% of those who answered, one decimal), one row per answer value
        in ascending order; missing answers are left out.

    Examples
    --------
    >>> outcome_distribution_table(pd.DataFrame({"y": [1.0, 1.0, 0.0, None]}), outcome="y",
    ...                            type="binary", lang="fi").values.tolist()
    [['Ei', '33,3'], ['Kyllä', '66,7']]
    >>> outcome_distribution_table(pd.DataFrame({"sat": [5, 4, 4, 3, 5, 2, 4, 5]}),
    ...                            outcome="sat", type="rating")
      Answer Share (%)
    0      2      12.5
    1      3      12.5
    2      4      37.5
    3      5      37.5
    """
    df = data.data if hasattr(data, "data") else data
    dist = df[outcome].dropna().value_counts(normalize=True).sort_index()
    names = []
    for v in dist.index:
        if type == "binary" and float(v) in (0.0, 1.0):
            names.append(capitalize_first(t("yes" if float(v) == 1 else "no", lang)))
            continue
        code = int(v) if float(v).is_integer() else v
        label = codebook.value_label(outcome, code, lang) if codebook is not None else str(code)
        text = fmt_num(float(v), lang, 0 if float(v).is_integer() else 1)
        names.append(text if str(label) in (str(code), str(v)) else
                      f"{text} – {capitalize_first(str(label))}")
    return pd.DataFrame({t("out.col.answer", lang): names,
                         t("out.col.share", lang): [fmt_num(100 * s, lang, 1)
                                                    for s in dist.to_numpy()]})
