"""Write the small survey-platform export examples used by tests/test_formats.py and test_draft.py.

Each file is a CX survey of a fictional shop (Acme) as the platform's export would lay it out,
following the platforms' public documentation of their export files:

- Qualtrics "Understanding your dataset": three header rows (export tags, question texts,
  ``{"ImportId": ...}``), metadata columns first, an NPS question with its ``_NPS_GROUP``
  column, matrix items ``Q3_1`` ..., answers as choice text or numeric values.
- SurveyMonkey "Exporting responses" (all responses data, expanded): row 1 questions (blank
  over a question's further sub-columns), row 2 sub-answers ("Response", "Open-Ended
  Response", matrix rows).
- Google Forms "Download responses": Timestamp first, question texts as headers, grid
  questions as ``Question [Row]``, "Email Address" when collected.
- LimeSurvey "Export responses": code headings (``id, submitdate, lastpage, startlanguage,
  seed``; sub-questions ``Q2[SQ001]``) and full headings.
- A Webropol-style xlsx: survey title, date and base above the header.
- An SPSS file with the 0-10 recommendation stored as codes 1-11 labelled "0" ... "10".

All addresses, phones and names are fake. Run ``python tests/data/exports/make_exports.py``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent
N = 160
AGREE = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
SAT = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]
ITEMS = ["The staff were friendly", "The staff knew the products", "I got help quickly"]
PRICE = ["Prices are fair", "Value for money is good"]
COMMENTS = ["Great service, thanks", "Too long queue at the checkout", "Prices went up again",
            "Friendly staff but the shop was messy", "Nothing to add here really", None]


def simulate(n: int = N, seed: int = 12) -> pd.DataFrame:
    """Latent service and price factors, their 1-5 items, a 0-10 recommendation and a rating."""
    rng = np.random.default_rng(seed)
    service = rng.normal(size=n)
    price = 0.3 * service + rng.normal(size=n)
    out = {}
    for k in range(3):
        out[f"service_{k + 1}"] = np.clip(np.round(3.2 + 1.0 * service
                                                   + rng.normal(0, 0.6, n)), 1, 5)
    for k in range(2):
        out[f"price_{k + 1}"] = np.clip(np.round(3.0 + 1.0 * price + rng.normal(0, 0.6, n)), 1, 5)
    out["ltr"] = np.clip(np.round(7 + 1.4 * service + 0.8 * price + rng.normal(0, 1.2, n)), 0, 10)
    out["csat"] = np.clip(np.round(3.5 + 0.8 * service + 0.4 * price
                                   + rng.normal(0, 0.6, n)), 1, 5)
    df = pd.DataFrame(out).astype(int)
    df["comment"] = [COMMENTS[i % len(COMMENTS)] for i in range(n)]
    df["email"] = [f"customer{i + 1}@example.com" for i in range(n)]
    df["store"] = rng.choice(["Helsinki", "Tampere", "Turku"], size=n)
    df["date"] = pd.Timestamp("2026-03-01 09:00") + pd.to_timedelta(rng.integers(0, 60 * 24 * 30,
                                                                                   n), unit="m")
    return df


def nps_group(v: int) -> str:
    return "Promoter" if v >= 9 else "Passive" if v >= 7 else "Detractor"


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8") -> None:
    with open(path, "w", newline="", encoding=encoding) as fh:
        csv.writer(fh).writerows(rows)


def qualtrics(df: pd.DataFrame, *, choice_text: bool) -> list[list]:
    meta = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)",
            "Finished", "RecordedDate", "ResponseId", "RecipientLastName", "RecipientFirstName",
            "RecipientEmail", "ExternalReference", "LocationLatitude", "LocationLongitude",
            "DistributionChannel", "UserLanguage"]
    meta_text = ["Start Date", "End Date", "Response Type", "IP Address", "Progress",
                 "Duration (in seconds)", "Finished", "Recorded Date", "Response ID",
                 "Recipient Last Name", "Recipient First Name", "Recipient Email",
                 "External Data Reference", "Location Latitude", "Location Longitude",
                 "Distribution Channel", "User Language"]
    qs = ["Q1", "Q1_NPS_GROUP", "Q2", "Q3_1", "Q3_2", "Q3_3", "Q4_1", "Q4_2", "Q5", "Q6"]
    q_text = ["How likely are you to recommend Acme to a friend or colleague?",
              "How likely are you to recommend Acme to a friend or colleague? - Group",
              "Overall, how satisfied are you with your visit?"]
    q_text += [f"How much do you agree with the following? - {t}" for t in ITEMS]
    q_text += [f"Thinking about prices - {t}" for t in PRICE]
    q_text += ["Which store did you visit?", "What could we do better?"]
    ids = ['{"ImportId":"startDate","timeZone":"Europe/Helsinki"}',
           '{"ImportId":"endDate","timeZone":"Europe/Helsinki"}', '{"ImportId":"status"}',
           '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}', '{"ImportId":"duration"}',
           '{"ImportId":"finished"}', '{"ImportId":"recordedDate","timeZone":"Europe/Helsinki"}',
           '{"ImportId":"_recordId"}', '{"ImportId":"recipientLastName"}',
           '{"ImportId":"recipientFirstName"}', '{"ImportId":"recipientEmail"}',
           '{"ImportId":"externalDataReference"}', '{"ImportId":"locationLatitude"}',
           '{"ImportId":"locationLongitude"}', '{"ImportId":"distributionChannel"}',
           '{"ImportId":"userLanguage"}']
    ids += [json.dumps({"ImportId": i}, separators=(",", ":")) for i in
            ["QID1", "QID1_NPS_GROUP", "QID2", "QID3_1", "QID3_2", "QID3_3", "QID4_1", "QID4_2",
             "QID5", "QID6_TEXT"]]
    rows = [meta + qs, meta_text + q_text, ids]
    for i, r in df.iterrows():
        start = r["date"]
        end = start + pd.Timedelta(minutes=4)
        m = [start.strftime("%Y-%m-%d %H:%M:%S"), end.strftime("%Y-%m-%d %H:%M:%S"),
             "IP Address" if choice_text else 0, f"192.0.2.{i % 250 + 1}", 100, 240,
             "True" if choice_text else 1, end.strftime("%Y-%m-%d %H:%M:%S"),
             f"R_{1000 + i:04d}abcdEFGH", "Virtanen", "Liisa", r["email"], "", 60.17, 24.94,
             "email", "EN"]
        if choice_text:
            group = nps_group(r["ltr"])
            ans = [r["ltr"], group, SAT[r["csat"] - 1]]
            ans += [AGREE[r[f"service_{k}"] - 1] for k in (1, 2, 3)]
            ans += [AGREE[r[f"price_{k}"] - 1] for k in (1, 2)]
            ans += [r["store"]]
        else:
            group = {"Detractor": 1, "Passive": 2, "Promoter": 3}[nps_group(r["ltr"])]
            ans = [r["ltr"], group, r["csat"]]
            ans += [r[f"service_{k}"] for k in (1, 2, 3)] + [r[f"price_{k}"] for k in (1, 2)]
            ans += [["Helsinki", "Tampere", "Turku"].index(r["store"]) + 1]
        ans += [r["comment"] or ""]
        rows.append(m + ans)
    return rows


def surveymonkey(df: pd.DataFrame) -> list[list]:
    r1 = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address",
          "Email Address", "First Name", "Last Name", "Custom Data 1",
          "How likely is it that you would recommend Acme to a friend or colleague?",
          "Overall, how satisfied or dissatisfied are you with Acme?",
          "How much do you agree with each statement?", "", "",
          "Which store did you visit?", "Is there anything else you would like to tell us?"]
    r2 = ["", "", "", "", "", "", "", "", "", "Response", "Response", *ITEMS, "Response",
          "Open-Ended Response"]
    rows = [r1, r2]
    for i, r in df.iterrows():
        d = r["date"].strftime("%m/%d/%Y %I:%M:%S %p")
        rows.append([11400000000 + i, 431000000, d, d, f"198.51.100.{i % 250 + 1}", r["email"],
                     "", "", "", r["ltr"], SAT[r["csat"] - 1],
                     *[AGREE[r[f"service_{k}"] - 1] for k in (1, 2, 3)], r["store"],
                     r["comment"] or ""])
    return rows


def google_forms(df: pd.DataFrame) -> list[list]:
    header = ["Timestamp", "Email Address",
              "How likely are you to recommend Acme to a friend or colleague?",
              "How satisfied are you with your visit overall?",
              *[f"Rate the service [{t}]" for t in ITEMS],
              "Which store did you visit?", "What could we do better?"]
    rows = [header]
    for _, r in df.iterrows():
        rows.append([r["date"].strftime("%Y/%m/%d %I:%M:%S %p") + " EET", r["email"], r["ltr"],
                     r["csat"], *[r[f"service_{k}"] for k in (1, 2, 3)], r["store"],
                     r["comment"] or ""])
    return rows


def limesurvey(df: pd.DataFrame, *, codes: bool) -> list[list]:
    if codes:
        header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "token", "NPS",
                  "CSAT", "SERV[SQ001]", "SERV[SQ002]", "SERV[SQ003]", "STORE", "COMMENT"]
    else:
        header = ["Response ID", "Date submitted", "Last page", "Start language", "Seed",
                  "Access code",
                  "How likely are you to recommend Acme to a friend or colleague?",
                  "How satisfied are you with your visit?",
                  *[f"Please rate the service: [{t}]" for t in ITEMS],
                  "Which store did you visit?", "What could we do better?"]
    rows = [header]
    for i, r in df.iterrows():
        rows.append([i + 1, r["date"].strftime("%Y-%m-%d %H:%M:%S"), 3, "en",
                     1000 + i, "", r["ltr"], r["csat"],
                     *[f"A{r[f'service_{k}']}" if codes else AGREE[r[f"service_{k}"] - 1]
                       for k in (1, 2, 3)], r["store"], r["comment"] or ""])
    return rows


def webropol_xlsx(df: pd.DataFrame, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Vastaukset"
    ws.append(["Asiakastyytyväisyyskysely 2026"])
    ws.append(["Raportti luotu: 15.03.2026"])
    ws.append([f"Vastaajia: {len(df)}"])
    ws.append([])
    ws.append(["Vastaaja", "Suosittelisitko meitä ystävällesi? (0-10)",
               "Kuinka tyytyväinen olit käyntiisi?", "Palvelu: ystävällinen henkilökunta",
               "Palvelu: tuotetuntemus", "Palvelu: nopea apu", "Myymälä", "Sähköposti",
               "Vapaa palaute"])
    for i, r in df.iterrows():
        ws.append([i + 1, int(r["ltr"]), int(r["csat"]), *[int(r[f"service_{k}"])
                                                            for k in (1, 2, 3)],
                   r["store"], r["email"], r["comment"] or None])
    wb.save(path)


def spss(df: pd.DataFrame, path: Path) -> None:
    import pyreadstat

    out = pd.DataFrame({
        "resp_id": np.arange(1, len(df) + 1, dtype=float),
        "q_recommend": (df["ltr"] + 1).astype(float),            # codes 1-11 for answers 0-10
        "q_sat": df["csat"].astype(float),
        "q_serv1": df["service_1"].astype(float), "q_serv2": df["service_2"].astype(float),
        "q_serv3": df["service_3"].astype(float),
        "region": df["store"].map({"Helsinki": 1, "Tampere": 2, "Turku": 3}).astype(float),
    })
    labels = {"q_recommend": {float(c): str(c - 1) for c in range(1, 12)},
              "q_sat": {1.0: "Very dissatisfied", 5.0: "Very satisfied"},   # end points only
              "region": {1.0: "Helsinki", 2.0: "Tampere", 3.0: "Turku"}}
    labels["q_recommend"][1.0] = "0 Not at all likely"
    labels["q_recommend"][11.0] = "10 Extremely likely"
    col_labels = ["Respondent", "How likely are you to recommend Acme to a friend?",
                  "Overall satisfaction with Acme", "Service: staff were friendly",
                  "Service: staff knew the products", "Service: I got help quickly",
                  "Region of the store"]
    pyreadstat.write_sav(out, str(path), column_labels=col_labels,
                         variable_value_labels=labels)


def generic(seed: int = 5, n: int = 400) -> pd.DataFrame:
    """A plain CSV with unprefixed items (two factors, one reverse-worded), 0 = not applicable."""
    rng = np.random.default_rng(seed)
    a = rng.normal(size=n)
    b = 0.2 * a + rng.normal(size=n)

    def item(f, sign=1.0):
        return np.clip(np.round(3 + sign * 1.0 * f + rng.normal(0, 0.55, n)), 1, 5).astype(int)

    df = pd.DataFrame({
        "respondent": np.arange(1001, 1001 + n),
        "wave": rng.choice(["2025-Q4", "2026-Q1"], size=n),
        "weight": np.round(rng.uniform(0.5, 1.8, n), 3),
        "friendly": item(a), "helpful": item(a), "knowledgeable": item(a),
        "rude": item(a, -1.0),                       # reverse-worded
        "cheap": item(b), "fair": item(b), "value": item(b),
        "wifi": item(rng.normal(size=n)),
    })
    na = rng.random(n) < 0.15
    df.loc[na, "wifi"] = 0                           # 0 = "not applicable"
    df["recommend_score"] = np.clip(np.round(6.5 + 1.3 * a + 0.9 * b
                                             + rng.normal(0, 1.2, n)), 0, 10).astype(int)
    df["satisfied"] = np.where(a + b + rng.normal(0, 1, n) > 0, "satisfied",
                               "neutral or dissatisfied")
    df["segment"] = rng.choice(["business", "leisure"], size=n)
    df["phone"] = [f"+358 40 {100 + i % 800:03d} {1000 + i:04d}" for i in range(n)]
    df["feedback"] = [COMMENTS[i % 5] + f" (visit {i % 7})" for i in range(n)]
    return df


def main() -> None:
    df = simulate()
    write_csv(HERE / "qualtrics_text.csv", qualtrics(df, choice_text=True))
    write_csv(HERE / "qualtrics_numeric.csv", qualtrics(df, choice_text=False))
    write_csv(HERE / "surveymonkey.csv", surveymonkey(df))
    pd.DataFrame(surveymonkey(df)).to_excel(HERE / "surveymonkey.xlsx", header=False,
                                            index=False)
    write_csv(HERE / "google_forms.csv", google_forms(df))
    write_csv(HERE / "limesurvey_codes.csv", limesurvey(df, codes=True))
    write_csv(HERE / "limesurvey_full.csv", limesurvey(df, codes=False))
    webropol_xlsx(df, HERE / "webropol.xlsx")
    spss(df, HERE / "spss_shifted.sav")
    generic().to_csv(HERE / "generic.csv", index=False)
    df.to_csv(HERE / "truth.csv", index=False, columns=[c for c in df.columns if c != "email"])


if __name__ == "__main__":
    main()
