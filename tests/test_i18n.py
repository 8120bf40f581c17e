"""Message catalogs: every language has every key, every template fills, nothing is duplicated."""

from __future__ import annotations

import re
import string

import pytest

from cxresearch.errors import CXInputError
from cxresearch.i18n import LANGS, catalog, has_text, t


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_at_least_english_and_finnish():
    assert {"en", "fi"} <= set(LANGS)
    assert LANGS[0] == "en"


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_every_language_has_the_same_keys(lang):
    en, other = set(catalog("en")), set(catalog(lang))
    assert sorted(en - other) == [], f"missing in {lang}"
    assert sorted(other - en) == [], f"only in {lang}"


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_translations_use_the_same_fields(lang):
    en = catalog("en")
    bad = {k: (_fields(en[k]), _fields(v)) for k, v in catalog(lang).items()
           if _fields(en[k]) != _fields(v)}
    assert bad == {}


def test_no_empty_messages():
    for lang in LANGS:
        assert [k for k, v in catalog(lang).items() if not v.strip()] == []


def test_unknown_language_is_an_input_error():
    with pytest.raises(CXInputError, match="no message catalog"):
        catalog("xx")


def test_values_are_escaped_and_unknown_keys_raise():
    assert t("scope.filter", "fi", column="a&b", value="<i>") == "a&amp;b: &lt;i&gt;"
    with pytest.raises(KeyError):
        t("no.such.key", "en")
    assert has_text("summary") and not has_text("Executive summary")


def test_finnish_catalog_has_no_ascii_hyphen_minus_before_digits():
    # a true minus sign (U+2212) in Finnish text: "−0,18", never "-0,18"
    hits = [k for k, v in catalog("fi").items() if re.search(r"(^|\s)-\d", v)]
    assert hits == []


@pytest.mark.parametrize("label", ["<img src=x onerror=alert(1)>", "**bold** [link](http://x)",
                                   "$x^2$", "`code` ~~s~~ _i_ # h | a \\ b", "Smith & Sons",
                                   "see http://evil.test/a"])
def test_values_in_messages_render_as_typed(label):
    import html as _html
    import re

    import mistune

    from cxresearch.i18n import Text, t

    text = t("scope.filter", "en", column="region", value=label)
    assert isinstance(text, Text)
    rendered = mistune.create_markdown(escape=False, plugins=["url", "strikethrough", "table"])(
        text)
    for tag in ("<a ", "<img", "<strong", "<em", "<code", "<del", "<h1", "<script"):
        assert tag not in rendered, (label, rendered)
    shown = _html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip()
    assert shown == f"region = {label}"
    # a message given as a value to another message is not escaped a second time
    outer = t("scope.filter", "en", column="scope", value=text)
    assert _html.unescape(re.sub(r"<[^>]+>", "", mistune.html(outer))).strip() == \
        f"scope = region = {label}"


@pytest.mark.parametrize("lang", ["en", "fi", "sv"])
def test_labels_are_lower_case_mid_sentence_except_names(lang, tmp_path):
    """Every language lowers a label mid-sentence ("the service encounter score"); acronyms,
    the English "I" and the names a codebook declares in ``proper_names`` keep their capitals."""
    import yaml

    from cxresearch.codebook import read_codebook
    from cxresearch.i18n import in_sentence

    assert in_sentence("Service encounter", lang) == "service encounter"
    assert in_sentence("NPS question", lang) == "NPS question"
    assert in_sentence("McDonald's visit", lang) == "McDonald's visit"
    name = f"Kauppakeskus Sello {lang}"          # a name no other test declared
    assert in_sentence(name, lang) == "k" + name[1:]
    raw = {"name": "Mall survey", "data": "mall.csv", "proper_names": [name],
           "outcomes": {"recommend": {"column": "ltr", "scale": [0, 10]}},
           "constructs": {"mall": {"items": ["q1"], "scale": [1, 5], "label": name}}}
    (tmp_path / "mall.csv").write_text("ltr,q1\n9,5\n7,4\n", encoding="utf-8")
    path = tmp_path / "mall.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    cb = read_codebook(path)
    assert cb.proper_names == (name,)
    assert in_sentence(cb.label_of("mall", lang), lang) == name
    assert in_sentence(f"{name} app", lang) == f"{name} app"
    assert t("drv.pr_caption", "en", outcome=in_sentence("Likelihood to recommend", "en")
             ).startswith("Change in likelihood to recommend")


def test_english_lowers_labels_like_finnish_and_swedish():
    assert {catalog(lang).get("fmt.lower_labels") for lang in LANGS} == {"yes"}


def _problem_keys() -> dict[str, set[str] | None]:
    """Every message key a Problem of the package is given, with the names of the params the
    code passes (None: not a literal dict), read from the source (not from running it)."""
    import ast
    from pathlib import Path

    import cxresearch

    found: dict[str, set[str] | None] = {}

    def consts(node) -> list[str]:
        return [n.value for n in ast.walk(node)
                if isinstance(n, ast.Constant) and isinstance(n.value, str)]

    def names(node, extra: set[str]) -> set[str] | None:
        if isinstance(node, ast.Dict) and all(isinstance(k, ast.Constant) for k in node.keys):
            return {k.value for k in node.keys} | extra
        return None

    for path in Path(cxresearch.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        tables = {t.id: node.value for node in ast.walk(tree) if isinstance(node, ast.Assign)
                  for t in node.targets if isinstance(t, ast.Name)
                  and isinstance(node.value, ast.Dict)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                kw = {k.arg: k.value for k in node.keywords}
                if "key" not in kw:
                    continue
                func = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if not func.endswith("Problem") and func != "_change_problem":
                    continue
                extra = {"first", "last"} if func == "_change_problem" else set()
                value = kw["key"]
                if isinstance(value, ast.Name) and value.id == "key":
                    continue  # passed through (_change_problem): checked at its callers
                if isinstance(value, ast.Subscript) and getattr(value.value, "id", "") in tables:
                    keys = [v.value for v in tables[value.value.id].values]
                else:
                    keys = consts(value)
                assert keys, f"{path.name}:{node.lineno}: a message key the test cannot read"
                for k in keys:
                    found[k] = names(kw.get("params"), extra) if "params" in kw else set()
            elif (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Tuple)
                  and isinstance(node.value, ast.Tuple)):  # key, params = "...", {...}
                pairs = dict(zip([getattr(t, "id", "") for t in node.targets[0].elts],
                                 node.value.elts, strict=False))
                if isinstance(pairs.get("key"), ast.Constant):
                    found[pairs["key"].value] = names(pairs.get("params"), set())
    return found


def test_every_problem_key_has_its_messages_and_their_fields():
    """Each message key given to a Problem has err.<key>.what and .fix in every catalog, and
    every placeholder of them is a param the code passes (else the report falls back to the
    English); every err.<key> message belongs to a key the code uses."""
    found = _problem_keys()
    assert {"change.empty_after", "change.no_dates", "carryover.few_pairs",
            "channel_gap.few_customers", "supports.constant_outcome"} <= set(found)
    for lang in LANGS:
        messages = catalog(lang)
        for key, params in found.items():
            for part in ("what", "fix"):
                assert f"err.{key}.{part}" in messages, (lang, key, part)
                if params is not None:
                    assert _fields(messages[f"err.{key}.{part}"]) <= params, (lang, key, part)
    used = {f"err.{k}.{p}" for k in found for p in ("what", "fix")}
    orphans = {k for k in catalog("en") if re.fullmatch(r"err\..+\.(what|fix)", k)} - used
    assert not orphans


def test_capitalisation_acts_on_the_first_visible_letter_and_data_shows_as_typed():
    # a label is shown literally: its "*" is a typed character, not a bold mark to skip
    import html as _html

    import mistune
    import pandas as pd

    from cxresearch import narrative
    from cxresearch.i18n import Text, capitalize_first, t

    for label in ("**x**", "_hinta_", "*", "__init__ y"):
        assert capitalize_first(label) == label
    assert capitalize_first("“hinta”") == "“Hinta”" and capitalize_first(" myymälä") == " Myymälä"
    # in a catalog text the bold marks are Markdown: the letter after them is raised
    said = capitalize_first(t("out.action_binary", "en", driver="service", below="5",
                              gain="1", ci="", outcome="y"))
    assert said.startswith("**Service**:") and isinstance(said, Text)
    text = capitalize_first(t("scope.filter", "en", column="**x**", value="a"))
    assert isinstance(text, Text) and text.startswith("&#42;&#42;x")
    plan = pd.DataFrame({"rank": [1], "tie_group": [1], "driver": ["d"], "gain": [2.0],
                         "ci_low": [1.0], "ci_high": [3.0], "share_below": [30],
                         "unit": "NPS points", "status": ["fix first"]})
    acts, _ = narrative.action_plan(plan, labels={"d": "**x** pro"})
    shown = _html.unescape(mistune.html(acts[0]["text"]))
    assert "<strong>**x** pro</strong>" in shown, shown
    cells = narrative.label_values(pd.DataFrame({"g": ["a"]}), "g", _Codebook(), capitalize=True)
    assert cells["g"].tolist() == ["**x**"]


class _Codebook:
    """The one thing label_values asks of a codebook: a value's label."""

    def value_label(self, column, value, lang="en"):
        return "**x**"
