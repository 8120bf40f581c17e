"""Raw data is never written, PII never leaves, open answers only when allowed and escaped,
small bases never shown, and the same inputs give byte-identical JSON."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml
from helpers import RAW, ROOT

from cxresearch.plots import nps_intervals
from cxresearch.redact import redact
from cxresearch.run import run_report

EMAILS = pd.read_csv(RAW / "retail_cx.csv")["email"].tolist()


def cx(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "cxresearch.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=900, cwd=cwd)


def tree_hash(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def assert_no_pii(text: str, where: str) -> None:
    hits = [e for e in EMAILS if e in text]
    assert not hits, (where, hits[:3])
    assert not re.search(r"[\w.]+@example\.com", text), where


@pytest.mark.slow
def test_every_command_and_notebook_leaves_raw_identical_and_no_pii(tmp_path):
    before = tree_hash(RAW)
    cb = RAW / "retail_cx.yaml"
    outputs = []
    for args in (["validate", "--codebook", cb, "--json"],
                 ["nps", "--codebook", cb, "--by", "channel", "region", "--json"],
                 ["drivers", "--codebook", cb, "--bootstrap", "50", "--json"],
                 ["simulate", "--n", "100", "--out", tmp_path / "sim"]):
        r = cx(*args)
        assert r.returncode == 0, r.stderr
        outputs.append((" ".join(map(str, args[:1])), r.stdout + r.stderr))
    r = cx("demo", "--out", tmp_path / "demo", "--workers", "2")
    assert r.returncode == 0, r.stderr
    batch = yaml.safe_load((ROOT / "notebooks" / "batches" / "by_region.yaml").read_text())
    batch.update(codebook=str(cb), out=str(tmp_path / "batch"))
    batch["reports"][1]["parameters"] = {"n_boot": 20, "priority_boot": 0}
    (tmp_path / "b.yaml").write_text(yaml.safe_dump(batch))
    r = cx("batch", tmp_path / "b.yaml")
    assert r.returncode == 0, r.stderr
    assert tree_hash(RAW) == before
    for name, text in outputs:
        assert_no_pii(text, name)
    for html in list((tmp_path / "demo").glob("*.html")) + list((tmp_path / "batch").glob(
            "*.html")):
        assert_no_pii(html.read_text(), html.name)
    for pq in (ROOT / "data" / "processed").glob("*.parquet"):
        frame = pd.read_parquet(pq)
        assert "email" not in frame.columns
        assert_no_pii(frame.to_csv(), pq.name)


def hostile_survey(tmp_path: Path) -> Path:
    raw = pd.read_csv(RAW / "retail_cx.csv")
    raw.loc[raw["ltr"] <= 6, "comment"] = (
        "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> "
        "call me +358 40 123 4567, anna.virtanen@example.com")
    raw.to_csv(tmp_path / "retail_cx.csv", index=False)
    shutil.copy(RAW / "retail_cx.yaml", tmp_path / "retail_cx.yaml")
    return tmp_path / "retail_cx.yaml"


def test_redact():
    assert redact("mail a.b+c@x-y.fi now") == "mail [e-mail] now"
    assert redact("(09) 123 4567") == "[phone]"
    assert redact("I rate it 9 of 10") == "I rate it 9 of 10"


@pytest.mark.slow
def test_open_answers_only_when_allowed_and_escaped(tmp_path):
    cb = hostile_survey(tmp_path)
    off = run_report("nps_overview", codebook=cb, out_dir=tmp_path / "off")
    assert "__pwned" not in off.path.read_text()
    on = run_report("nps_overview", codebook=cb, out_dir=tmp_path / "on",
                    parameters={"show_comments": True})
    page = on.path.read_text()
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "<script>window.__pwned" not in page and "<img src=x" not in page
    assert "[phone]" in page and "[e-mail]" in page and "anna.virtanen@" not in page
    exe = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(exe):
        if os.environ.get("CI"):
            pytest.fail("chromium missing: `make test` installs it")
        pytest.skip("chromium not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking"])
        tab = browser.new_page()
        tab.goto(on.path.as_uri())
        assert tab.evaluate("typeof window.__pwned") == "undefined"
        assert "<script>window.__pwned = 1</script>" in tab.inner_text("body")
        browser.close()


def test_small_bases_never_plotted():
    table = pd.DataFrame({"g": ["big", "tiny"], "nps": [20.0, 90.0], "ci_low": [10.0, 50.0],
                          "ci_high": [30.0, 100.0], "small_base": [False, True]})
    ax = nps_intervals(table, y="g")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["big"]
    assert ax.get_xlim()[1] < 90


def test_same_inputs_same_json_bytes(bundled_codebook):
    for args in (["nps", "--codebook", bundled_codebook, "--by", "wave", "--json"],
                 ["nps", "--codebook", bundled_codebook, "--ci", "bootstrap", "--json"],
                 ["drivers", "--codebook", bundled_codebook, "--bootstrap", "100", "--json"],
                 ["validate", "--codebook", bundled_codebook, "--json"]):
        first, second = cx(*args), cx(*args)
        assert first.returncode == 0, first.stderr
        assert first.stdout.encode() == second.stdout.encode(), args


# --------------------------------------------------------------------------- redaction (round 2)

from cxresearch.redact import is_valid_hetu, safe_to_show  # noqa: E402


def _hetu(ddmmyy: str, sep: str, nnn: str) -> str:
    """A personal identity code with its check character, from the published rule
    (DVV: the 9-digit number DDMMYYNNN mod 31 indexes 0-9 A-Y without G I O Q Z)."""
    return f"{ddmmyy}{sep}{nnn}" + "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(ddmmyy + nnn) % 31]


REDACT_CASES = [
    # (text, must disappear, must stay)
    ("mail liisa.virtanen@example.com", "liisa.virtanen", "mail"),
    ("liisa (at) example (dot) com", "example", ""),
    ("liisa at example dot com please", "example", "please"),
    ("liisa [at] example [dot] fi", "example", ""),
    ("liisa(at)example(dot)fi", "example", ""),
    ("anna.v [at] posti [piste] fi", "posti", ""),
    ("karin ät exempel punkt se", "exempel", ""),
    ("Soita +358 40 123 4567", "123 4567", "Soita"),
    ("ring 070-123 45 67", "123 45 67", "ring"),
    ("call (09) 123 4567", "123 4567", "call"),
    ("tilaus 12345678 myöhästyi", "12345678", "myöhästyi"),
    ("IBAN FI21 1234 5600 0007 85", "5600 0007", "IBAN"),
    (f"hetu {_hetu('131052', '-', '308')}", "131052", "hetu"),
    (f"id {_hetu('010199', 'A', '123')} ok", "010199", "ok"),
    (f"{_hetu('241190', '-', '9876')[:11]}", "241190", ""),
    ("asun Mannerheimintie 12 A 5", "Mannerheimintie", "asun"),
    ("osoite Hämeenkatu 3 B 12, 33100 Tampere", "Hämeenkatu", "osoite"),
    ("Kotikuja 4 as. 2", "Kotikuja", ""),
    ("Storgatan 5, 111 22 Stockholm", "Storgatan", ""),
    ("bor på Sveavägen 44", "Sveavägen", "bor på"),
    ("I live at 221 Baker Street", "Baker", "I live at"),
    ("10 Downing Street, London SW1A 2AA", "Downing", ""),
    ("Moi Liisa, kiitos", "Liisa", "Moi"),
    ("Hei Pekka!", "Pekka", "Hei"),
    ("asiakaspalvelija Pekka oli ystävällinen", "Pekka", "ystävällinen"),
    ("myyjä Sanna auttoi", "Sanna", "auttoi"),
    ("nimeni on Aino Korhonen", "Korhonen", "nimeni on"),
    ("Hej Karin", "Karin", "Hej"),
    ("jag heter Johan Berg", "Berg", "jag heter"),
    ("Säljaren Johan var trevlig", "Johan", "var trevlig"),
    ("kassörskan Frida log", "Frida", "log"),
    ("my name is John Smith", "Smith", "my name is"),
    ("Thanks Sarah for the help", "Sarah", "for the help"),
    ("the cashier Mary was rude", "Mary", "was rude"),
    ("ask for Mr Jones", "Jones", "ask for"),
    ("Matti Virtanen palveli hyvin", "Virtanen", "palveli hyvin"),
    ("Erik was helpful", "Erik", "was helpful"),
]


@pytest.mark.parametrize("text, gone, kept", REDACT_CASES, ids=[c[0][:30] for c in REDACT_CASES])
def test_redact_masks_personal_details(text, gone, kept):
    out = redact(text)
    assert gone not in out, out
    assert kept in out, out
    assert "[" in out


@pytest.mark.parametrize("text", ["I rate it 9 of 10", "Palvelu oli hyvää ja nopeaa",
                                  "Bra service, snabb leverans", "Queue of 20 minutes",
                                  "Hinta 49,90 € oli ok", "The staff were great",
                                  "Ostin 3 tuotetta 2026", "NPS 2025 Q3", "open 8-20 daily"])
def test_redact_leaves_ordinary_answers(text):
    assert redact(text) == text


def test_hetu_check_character():
    assert is_valid_hetu("131052-308T")  # DVV's published example
    assert not is_valid_hetu("131052-308A")
    assert not is_valid_hetu("321352-308T")  # no 32nd day
    wrong = _hetu("131052", "-", "308")[:-1] + "X"
    assert "[id code]" not in redact(f"koodi {wrong}")  # not a valid code ...
    assert "[id code]" in redact(f"koodi {_hetu('150380', '+', '042')}")


@pytest.mark.parametrize("text, ok", [
    ("Great service, thanks!", True), ("Hyvä palvelu", True), ("Bra!", True),
    ("reach me: liisa at example dot fi", False), ("see www.example.fi", False),
    ("https://x.fi/a", False), ("a@b", False), ("order 123456", False), ("", False),
    ("   ", False), ("x" * 501, False), ("tilaus 99887 puuttui", False),
    ("liisa (at) example", False), ("contact example.com", False)])
def test_safe_to_show_says_no_when_in_doubt(text, ok):
    assert safe_to_show(text) is ok


def test_every_redacted_case_is_safe_or_refused():
    for text, gone, _ in REDACT_CASES:
        out = redact(text)
        assert gone not in out or not safe_to_show(out)


def test_export_carries_csp_and_no_scripts():
    import nbformat

    from cxresearch.run import CSP_META, export_html

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# T\n```mermaid\ngraph TD; A-->B\n```\n$x$")]
    page = export_html(nb, title="A & B <b>")
    assert CSP_META.strip() in page and "default-src 'none'" in page
    assert "<script" not in page.lower()
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", page, re.I)
    assert "<title>A &amp; B &lt;b&gt;</title>" in page  # escaped once, not &amp;amp;


def test_cache_keeps_no_pii_and_only_redacted_comments(tmp_path):
    import cxresearch as cx

    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    df = pd.read_csv(RAW / "retail_cx.csv").head(300)
    df["comment"] = "Kiitos Liisa! liisa (at) example (dot) com, +358 40 123 4567"
    df.to_csv(raw / "retail_cx.csv", index=False)
    shutil.copy(RAW / "retail_cx.yaml", raw / "retail_cx.yaml")
    first = cx.load(raw / "retail_cx.yaml")
    [cache] = list((tmp_path / "data" / "processed").glob("*.parquet"))
    stored = pd.read_parquet(cache)
    assert "email" not in stored.columns
    dump = stored.to_csv()
    assert "Liisa" not in dump and "example" not in dump and "123 4567" not in dump
    assert "[name]" in dump and "[e-mail]" in dump
    second = cx.load(raw / "retail_cx.yaml")  # from the cache: the same frame
    pd.testing.assert_frame_equal(first.data, second.data, check_dtype=False)


def test_duplicate_id_message_does_not_echo_the_id(make_survey):
    from helpers import mini_frame

    import cxresearch as cx

    df = mini_frame(40)
    df["id"] = [f"person{i}@example.com" for i in range(40)]
    df.loc[5, "id"] = df.loc[2, "id"]
    with pytest.raises(Exception) as info:
        cx.load(make_survey(df, {"id": "id"}), cache_dir=False)
    assert "share an id" in str(info.value) and "@example.com" not in str(info.value)


@pytest.mark.parametrize("label", [r"$\frac$ region", "cost $5 and $10", "$x^2$", r"a\$b"])
def test_chart_labels_are_text_not_mathtext(label):
    import matplotlib.pyplot as plt

    from cxresearch.plots import nps_intervals

    table = pd.DataFrame({"g": [label, "other"], "nps": [20.0, 30.0], "ci_low": [10.0, 20.0],
                          "ci_high": [30.0, 40.0], "small_base": [False, False]})
    ax = nps_intervals(table, y="g")
    ax.set_title(label)
    ax.figure.canvas.draw()  # a mathtext parse of r"$\frac$" would raise here
    assert label in [tk.get_text() for tk in ax.get_yticklabels()]
    assert plt.rcParams["text.parse_math"] is False


@pytest.mark.parametrize("text", ["[click](javascript:alert(1))", "![x](https://evil.test/x.png)",
                                  "<img src=x onerror=alert(1)>", "```mermaid\ngraph TD;A-->B\n```",
                                  "$x^2$ & co", "# not a heading", "<https://evil.test>",
                                  "*bold* _it_", "Smith & Sons"])
def test_plain_text_renders_as_typed(text):
    import mistune

    from cxresearch.narrative import plain

    rendered = mistune.html(plain(text))
    assert "<a " not in rendered and "<img" not in rendered and "<code" not in rendered
    assert "<h1" not in rendered and "<em" not in rendered and "<strong" not in rendered
    assert "&amp;amp;" not in rendered
    import html as _html

    assert _html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip() == text.replace("\n", " ")


# --------------------------------------------------------------------------- quotes pass safe_to_show

_HETU_RAW = _hetu("131052", "-", "308")
_PII_ANSWERS = [  # (answer, what must never be shown)
    ("too expensive, mail liisa.virtanen@example.com", "liisa.virtanen"),
    ("too expensive, write to liisa (at) example (dot) com", "example"),
    ("too expensive, call +358 40 123 4567", "123 4567"),
    (f"too expensive, my hetu is {_HETU_RAW}", _HETU_RAW[:6]),
    ("too expensive, see www.example.fi/offers", "example.fi"),
    ("too expensive, customer no 1234 5678 9", "5678"),
]


def _pii_frame(n_clean: int = 40) -> pd.DataFrame:
    answers = [a for a, _ in _PII_ANSWERS] * 10 + ["too expensive for me"] * n_clean
    ltr = [i % 11 for i in range(len(answers))]
    return pd.DataFrame({"c": answers, "ltr": ltr})


def _assert_never_shown(texts) -> None:
    for text in texts:
        for _, secret in _PII_ANSWERS:
            assert secret not in text, text
        assert "@" not in text and safe_to_show(text), text


def test_theme_quotes_and_examples_only_safe_answers():
    from cxresearch import text as cxtext

    df = _pii_frame()
    th = {"price": {"match": {"en": ["expensive"]}}}
    for seed in range(5):
        q = cxtext.quotes(df, theme="price", text="c", themes=th, k=5, seed=seed)
        assert len(q) == 5
        _assert_never_shown(q["quote"])
    examples = cxtext.suggest_themes(df.assign(c=df["c"] + " staff friendly"), text="c",
                                     lang="en", n=2, n_examples=5)["examples"]
    _assert_never_shown([e for ex in examples for e in ex])
    # only answers with personal details: nothing is quoted rather than a risky quote
    only_pii = _pii_frame(n_clean=0)
    q = cxtext.quotes(only_pii, theme="price", text="c", themes=th, k=5)
    _assert_never_shown(q["quote"])
    assert set(q["quote"]) <= {redact(a) for a, _ in _PII_ANSWERS}


def test_comment_sample_only_safe_answers(make_survey):
    from helpers import mini_frame

    import cxresearch as cx
    from cxresearch.narrative import comment_sample

    df = mini_frame(60)
    df["comment"] = ([a for a, _ in _PII_ANSWERS] * 10)[:60]
    df.loc[::7, "comment"] = "friendly staff"
    for keep_pii in (False, True):  # redacted at load, or raw in memory: never shown either way
        s = cx.load(make_survey(df), cache_dir=False, keep_pii=keep_pii)
        sample = comment_sample(s, per_category=20)
        assert len(sample) > 0
        _assert_never_shown(sample["comment"])


# --------------------------------------------------------------------------- every report in Chromium

# (capitalised already: a table capitalises a label's first letter after leading ** marks)
HOSTILE = ["<img src=x onerror=alert(1)>", "**Bold** [link](http://x.test/a)", "$x^2$"]
HOSTILE_NAME = "Retail <i>&</i> **co** $y$"


def _hostile_demo_survey(folder: Path) -> Path:
    """The bundled survey with labels and a name an attacker (or a careless user) might write."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(RAW / "retail_cx.csv", folder / "retail_cx.csv")
    cb = yaml.safe_load((RAW / "retail_cx.yaml").read_text(encoding="utf-8"))
    cb["name"] = HOSTILE_NAME
    for value, label in zip(("store", "web", "app"), HOSTILE, strict=True):
        cb["labels"]["channel"][value]["en"] = label
    cb["labels"]["region"][1] = "<script>window.__pwned = 3</script>"
    cb["constructs"]["brand"]["label"]["en"] = "Brand [x](javascript:alert(4)) `code`"
    (folder / "retail_cx.yaml").write_text(yaml.safe_dump(cb, allow_unicode=True,
                                                          sort_keys=False), encoding="utf-8")
    return folder / "retail_cx.yaml"


@pytest.fixture(scope="module")
def hostile_demo(tmp_path_factory):
    """Every report the demo makes (and open_text) on the hostile survey, as one batch."""
    from cxresearch.batch import DEMO_NOTEBOOKS, plan_batch, run_batch

    tmp = tmp_path_factory.mktemp("hostile_demo")
    cb = _hostile_demo_survey(tmp / "survey")
    params = {"driver_analysis": {"n_boot": 20, "priority_boot": 0},
              "journey": {"n_boot": 20}, "moderators": {"n_boot": 20},
              "nps_overview": {"show_comments": True},
              "open_text": {"show_quotes": True},
              "tracking": {"change_name": HOSTILE[1]}}
    spec = {"codebook": str(cb), "out": str(tmp / "out"), "lang": "en",
            "reports": [{"notebook": n, "parameters": params.get(n, {})}
                        for n in dict.fromkeys([*DEMO_NOTEBOOKS, "open_text"])]}
    jobs, settings = plan_batch(spec, base=tmp)
    results = run_batch(jobs, settings, workers=2, progress=False, echo=False)
    assert [r.status for r in results] == ["ok"] * len(jobs), [r.error for r in results]
    return tmp / "out"


def _visible_markup_checks(page: str, name: str) -> None:
    low = page.lower()
    assert "<script" not in low, name
    assert "<img src=x" not in low and "<img src=\"x\"" not in low, name
    assert not re.search(r"<a\b[^>]*href=[\"']?(https?:|javascript:)", page, re.I), name
    assert "<strong>bold</strong>" not in page.lower() and "<code>code</code>" not in page, name
    assert "default-src 'none'" in page, name


@pytest.mark.slow
def test_every_report_opens_without_network_and_shows_data_as_typed(hostile_demo):
    exe = shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(exe):
        if os.environ.get("CI"):
            pytest.fail("chromium missing: `make test` installs it")
        pytest.skip("chromium not installed")
    from playwright.sync_api import sync_playwright

    pages = sorted(hostile_demo.glob("*.html"))
    names = {p.stem for p in pages}
    assert names >= {"index", "nps_overview", "driver_analysis", "measurement", "moderators",
                     "journey", "tracking", "open_text"}, names
    for p in pages:
        _visible_markup_checks(p.read_text(encoding="utf-8"), p.name)
    requests: dict[str, list[str]] = {}
    dialogs: list[str] = []
    texts: dict[str, str] = {}
    titles: dict[str, str] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=[
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        tab = browser.new_page()
        current = {"name": ""}
        tab.on("request", lambda r: requests.setdefault(current["name"], []).append(r.url))
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for p in pages:
            current["name"] = p.name
            tab.goto(p.as_uri())
            tab.wait_for_load_state("load")
            tab.wait_for_timeout(100)  # an onerror handler or a lazy load would have run
            assert tab.evaluate("typeof window.__pwned") == "undefined", p.name
            assert tab.evaluate("document.querySelectorAll('script').length") == 0, p.name
            texts[p.name] = tab.inner_text("body")
            titles[p.name] = tab.title()
        browser.close()
    leaving = {n: [u for u in urls if not u.startswith(("file:", "data:"))]
               for n, urls in requests.items()}
    assert all(not u for u in leaving.values()), leaving
    assert set(requests) == {p.name for p in pages}  # every page was loaded and recorded
    assert dialogs == []
    for name, text in texts.items():
        if name != "index.html":
            assert HOSTILE_NAME in text, name  # the survey's name in every report, as typed
            assert HOSTILE_NAME in titles[name], (name, titles[name])  # and in the tab title
        for entity in ("&amp;", "&#42;", "&#36;", "&lt;", "&#91;"):
            assert entity not in text, (name, entity)  # escaped once, never shown as code
    for name in ("nps_overview.html", "journey.html"):  # (open_text shows the raw codes)
        for label in HOSTILE:
            assert label in texts[name], (name, label)
    assert HOSTILE[1] in texts["tracking.html"]  # a parameter's text, as typed


@pytest.mark.slow
def test_driver_report_counts_the_effective_base(tmp_path):
    """2,960 rows weighted zero and five weighted one: the driver report of the
    five is 'too small', in its text and in the index figures, not a driver analysis."""
    raw = pd.read_csv(RAW / "retail_cx.csv")
    raw["weight"] = 0.0
    raw.loc[raw.index[:5], "weight"] = 1.0
    raw.to_csv(tmp_path / "retail_cx.csv", index=False)
    shutil.copy(RAW / "retail_cx.yaml", tmp_path / "retail_cx.yaml")
    res = run_report("driver_analysis", codebook=tmp_path / "retail_cx.yaml",
                     out_dir=tmp_path / "out", parameters={"n_boot": 0, "priority_boot": 0})
    assert res.key_figures["n"] > 2900 and res.key_figures["n_eff"] <= 5
    page = res.path.read_text(encoding="utf-8")
    assert "too few for a key-driver analysis" in page and "(minimum 100)" in page
    from cxresearch.batch import suppress_key_figures

    assert suppress_key_figures(res.key_figures, 100)["suppressed"] is True
