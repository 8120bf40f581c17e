"""Simulated CX surveys with a known truth, for the bundled example, tests and teaching.

The structural model (all latent variables standardised at the baseline):

* Eight experience drivers (Verhoef et al. 2009) η = (social, service, atmosphere, assortment,
  price, consistency, brand, previous) ~ N(0, Φ), correlated as real CX drivers are (0.25–0.55).
* Each driver is measured by 3–4 Likert items (1–7):
  x = λ·η + √(1−λ²)·ε + τ, cut into 7 answer steps with a positive skew, where τ is the
  driver's performance level (:data:`PERFORMANCE`: price and channel consistency are rated
  low, assortment and brand high); some items are
  reverse-worded (answered as 8 − x) and ``atmosphere_3`` is a deliberately weak item (λ = 0.45).
* Satisfaction: s* = a·η + σ_s·e, with σ_s² = 1 − a'Φa; ``csat`` cuts s* into 1–5.
* Recommendation: r* = Σ_j b_j·m_ij·η_ij + c·s* + age effect + wave shift + σ_r·e, with
  σ_r² chosen so that r* has variance 1 at the baseline. ``ltr`` cuts r* into 0–10 at the
  quantiles of a typical skewed LTR distribution (NPS ≈ +20 at the baseline).
* Moderators change direct driver effects through multipliers m (see :data:`MODERATION`):
  price matters more for low-income and less for high-income customers, atmosphere for
  hedonic shoppers, service in winter (peak season), the social environment for 18–29 year
  olds. Weather and gender have *no* true effect (useful null moderators). One moderator is
  continuous: ``time_pressure`` (1–7, "I was in a hurry"), the answer to a standard normal
  latent t; the social-environment effect (crowds, queues, staff) is multiplied by
  max(0, 1 + k·t) with k = 0.5, so it grows for hurried shoppers and fades for relaxed ones
  (a Johnson–Neyman example).
* Carry-over: a returning customer's ``previous`` driver is
  ρ·(their standardised experience index one wave earlier) + √(1−ρ²)·noise.
* A dated change: from wave ``intervention['from_wave']`` the service experience in the
  ``store`` channel improves by ``intervention['shift']`` SD (web and app are the comparison
  group for a difference-in-differences).
* Survey weights correct an over-sample of older respondents (age group cell weights).
* About 3 % of item answers are coded −99 (no answer); 60 % of respondents leave a short
  comment; every respondent has a fake e-mail address (PII).
* Comments carry known themes (:data:`COMMENT_THEMES`): each theme is mentioned with a
  probability that depends on the writer's NPS group, in Finnish, Swedish or English, with
  inflected forms, compounds and negated distractors ("ei jonoa"); see
  :func:`simulate_comments` for the themes' known effects.

Everything is returned in :attr:`SimulatedSurvey.truth`.

Examples
--------
>>> sim = simulate_survey(400, seed=1)
>>> sim.data.shape[0]
400
>>> sorted(sim.truth["total_effects"], key=sim.truth["total_effects"].get)[-1]
'service'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from scipy import stats

from .errors import CXInputError, Problem

__all__ = [
    "DRIVERS",
    "CONSTRUCTS",
    "MODERATION",
    "PERFORMANCE",
    "SimulatedSurvey",
    "COMMENT_THEMES",
    "COMMENT_LANG_SHARES",
    "simulate_comments",
    "simulate_survey",
    "simulate_nps_sample",
    "simulate_large",
]

DRIVERS = ["social", "service", "atmosphere", "assortment", "price", "consistency", "brand",
           "previous"]

#: Construct definitions: label (en, fi), level, loadings of the items, reverse-worded items.
CONSTRUCTS: dict[str, dict[str, Any]] = {
    "social": {"label": ("Social environment", "Sosiaalinen ympäristö"), "level": "emotional",
               "loadings": [0.80, 0.75, 0.70], "reverse": []},
    "service": {"label": ("Service encounter", "Palvelukohtaaminen"), "level": "functional",
                "loadings": [0.85, 0.80, 0.78, 0.70], "reverse": ["service_4"]},
    "atmosphere": {"label": ("Atmosphere", "Ilmapiiri"), "level": "emotional",
                   "loadings": [0.80, 0.78, 0.45], "reverse": []},
    "assortment": {"label": ("Assortment", "Valikoima"), "level": "functional",
                   "loadings": [0.82, 0.78, 0.72], "reverse": []},
    "price": {"label": ("Price", "Hinta"), "level": "functional",
              "loadings": [0.85, 0.80, 0.70], "reverse": ["price_3"]},
    "consistency": {"label": ("Channel consistency", "Kanavien yhtenäisyys"),
                    "level": "functional", "loadings": [0.80, 0.76, 0.72], "reverse": []},
    "brand": {"label": ("Brand", "Brändi"), "level": "meaning",
              "loadings": [0.84, 0.80, 0.74], "reverse": []},
    "previous": {"label": ("Previous experience", "Aiempi kokemus"), "level": "meaning",
                 "loadings": [0.82, 0.78, 0.75], "reverse": []},
}

#: Driver correlations (latent). Pairs not listed correlate 0.30.
_CORR_PAIRS = {("social", "service"): 0.55, ("brand", "previous"): 0.50,
               ("atmosphere", "consistency"): 0.40, ("assortment", "price"): 0.20,
               ("price", "brand"): 0.25, ("service", "previous"): 0.40}

#: Effects on satisfaction (a) and direct effects on recommendation (b), latent SD units.
EFFECTS_SAT = {"social": 0.05, "service": 0.30, "atmosphere": 0.10, "assortment": 0.25,
               "price": 0.20, "consistency": 0.10, "brand": 0.05, "previous": 0.10}
EFFECTS_REC = {"social": 0.15, "service": 0.15, "atmosphere": 0.10, "assortment": 0.05,
               "price": 0.10, "consistency": 0.05, "brand": 0.20, "previous": 0.10}
SAT_TO_REC = 0.35

#: Performance level of each driver: an intercept added to its items' latent responses (SD
#: units). Real drivers differ: customers rate assortment and brand high, price and channel
#: consistency low. It moves answers, not the structural model.
PERFORMANCE = {"social": 0.0, "service": 0.25, "atmosphere": 0.15, "assortment": 0.35,
               "price": -0.45, "consistency": -0.30, "brand": 0.30, "previous": 0.10}

#: Multipliers on a driver's *direct* effect on recommendation, by moderator level. A number
#: instead of a level mapping marks a continuous moderator: the multiplier is
#: max(0, 1 + k·t) for its standard normal latent value t.
MODERATION: dict[str, dict[str, dict[str, float] | float]] = {
    "price": {"income_band": {"low": 2.0, "middle": 1.0, "high": 0.3}},
    "atmosphere": {"shopping_motive": {"hedonic": 2.2, "utilitarian": 0.5}},
    "service": {"season": {"winter": 1.6, "spring": 1.0, "summer": 1.0, "autumn": 1.0}},
    "social": {"age_group": {"18-29": 1.8, "30-44": 1.0, "45-59": 1.0, "60+": 1.0},
               "time_pressure": 0.5},
}

#: Target shares of the 0–10 answers at the baseline (typical skew; NPS = 42 − 22 = +20).
LTR_SHARES = [0.02, 0.01, 0.015, 0.02, 0.025, 0.06, 0.07, 0.14, 0.22, 0.18, 0.24]
_ITEM_SHARES = [0.03, 0.05, 0.09, 0.18, 0.27, 0.23, 0.15]
_HURRY_SHARES = [0.18, 0.20, 0.18, 0.16, 0.13, 0.10, 0.05]
#: Continuous moderators and the standard normal latent behind each answer.
_CONTINUOUS_LATENT = {"time_pressure": "_hurry"}
_CSAT_SHARES = [0.04, 0.08, 0.20, 0.40, 0.28]

_REGIONS = {1: "Uusimaa", 2: "Pirkanmaa", 3: "Varsinais-Suomi", 4: "Pohjois-Pohjanmaa"}
_AGE = ["18-29", "30-44", "45-59", "60+"]
_AGE_POP = np.array([0.20, 0.26, 0.26, 0.28])      # population shares (weighting target)
_AGE_SAMPLE = np.array([0.12, 0.24, 0.30, 0.34])   # who answers surveys (over-sample of older)
_AGE_EFFECT = {"18-29": -0.15, "30-44": 0.0, "45-59": 0.0, "60+": 0.10}
_TOUCHPOINTS = {"pre": ["website", "advertising", "reviews"],
                "core": ["checkout", "store visit", "delivery"],
                "post": ["returns", "customer service", "after-sales"]}
_WEATHER = {"winter": [0.2, 0.3, 0.1, 0.4], "spring": [0.35, 0.35, 0.25, 0.05],
            "summer": [0.55, 0.25, 0.2, 0.0], "autumn": [0.15, 0.4, 0.45, 0.0]}
_WEATHER_LEVELS = ["sunny", "cloudy", "rainy", "snowy"]
#: Legacy phrases: only their draws remain (who comments), the text is simulate_comments'.
_COMMENTS = {
    "promoter": ["Friendly staff and quick service.", "Great selection, found everything.",
                 "Always a pleasure to shop here.", "Mukava palvelu ja hyvä valikoima.",
                 "The app and the store work the same way, nice.", "Loistava kokemus taas."],
    "passive": ["OK overall, prices could be lower.", "Fine, but the queue was long.",
                "Ihan ok, mutta hinnat ovat korkeita.", "Decent, nothing special.",
                "Delivery took a bit long."],
    "detractor": ["Nobody helped me in the store.", "Too expensive for what you get.",
                  "Website kept crashing at checkout.", "Huono palvelu, en suosittele.",
                  "Product was out of stock again.", "Rude staff at the counter."],
}
_COLUMN_NAMES = {
    "channel": ("Channel", "Kanava"), "touchpoint": ("Touchpoint", "Kosketuspiste"),
    "phase": ("Journey phase", "Asiakaspolun vaihe"), "region": ("Region", "Alue"),
    "season": ("Season", "Vuodenaika"), "weather": ("Weather", "Sää"),
    "time_pressure": ("Time pressure", "Kiire"), "age_group": ("Age group", "Ikäryhmä"),
    "gender": ("Gender", "Sukupuoli"), "income_band": ("Income band", "Tuloluokka"),
    "shopping_motive": ("Shopping motive", "Ostosmotiivi"),
}
#: Swedish names of the outcomes, constructs and plain columns (the Finnish and English
#: ones stand beside them above), and value labels of the text-coded columns in every language.
_SV_OUTCOMES = {'recommend': 'Rekommendationsvilja', 'satisfaction': 'Nöjdhet'}
_SV_CONSTRUCTS = {'social': 'Social miljö',
 'service': 'Servicemöte',
 'atmosphere': 'Atmosfär',
 'assortment': 'Sortiment',
 'price': 'Pris',
 'consistency': 'Enhetlighet mellan kanaler',
 'brand': 'Varumärke',
 'previous': 'Tidigare erfarenhet'}
_SV_COLUMNS = {'channel': 'Kanal',
 'touchpoint': 'Kontaktpunkt',
 'phase': 'Kundresans fas',
 'region': 'Region',
 'season': 'Årstid',
 'weather': 'Väder',
 'time_pressure': 'Tidspress',
 'age_group': 'Åldersgrupp',
 'gender': 'Kön',
 'income_band': 'Inkomstklass',
 'shopping_motive': 'Köpmotiv'}
_VALUE_LABELS = {'channel': {'store': {'en': 'store', 'fi': 'myymälä', 'sv': 'butik'},
             'web': {'en': 'online shop', 'fi': 'verkkokauppa', 'sv': 'webbutik'},
             'app': {'en': 'app', 'fi': 'sovellus', 'sv': 'app'}},
 'phase': {'pre': {'en': 'before purchase', 'fi': 'ennen ostoa', 'sv': 'före köpet'},
           'core': {'en': 'purchase', 'fi': 'ostovaihe', 'sv': 'vid köpet'},
           'post': {'en': 'after purchase', 'fi': 'oston jälkeen', 'sv': 'efter köpet'}},
 'touchpoint': {'advertising': {'en': 'advertising', 'fi': 'mainonta', 'sv': 'reklam'},
                'reviews': {'en': 'reviews', 'fi': 'arvostelut', 'sv': 'recensioner'},
                'website': {'en': 'website', 'fi': 'verkkosivusto', 'sv': 'webbplats'},
                'store visit': {'en': 'store visit',
                                'fi': 'myymäläkäynti',
                                'sv': 'butiksbesök'},
                'checkout': {'en': 'checkout', 'fi': 'kassa', 'sv': 'kassa'},
                'delivery': {'en': 'delivery', 'fi': 'toimitus', 'sv': 'leverans'},
                'returns': {'en': 'returns', 'fi': 'palautukset', 'sv': 'returer'},
                'customer service': {'en': 'customer service',
                                     'fi': 'asiakaspalvelu',
                                     'sv': 'kundtjänst'},
                'after-sales': {'en': 'after-sales service',
                                'fi': 'jälkimarkkinointi',
                                'sv': 'eftermarknadsservice'}},
 'season': {'winter': {'en': 'winter', 'fi': 'talvi', 'sv': 'vinter'},
            'spring': {'en': 'spring', 'fi': 'kevät', 'sv': 'vår'},
            'summer': {'en': 'summer', 'fi': 'kesä', 'sv': 'sommar'},
            'autumn': {'en': 'autumn', 'fi': 'syksy', 'sv': 'höst'}},
 'weather': {'sunny': {'en': 'sunny', 'fi': 'aurinkoinen', 'sv': 'soligt'},
             'cloudy': {'en': 'cloudy', 'fi': 'pilvinen', 'sv': 'mulet'},
             'rainy': {'en': 'rainy', 'fi': 'sateinen', 'sv': 'regnigt'},
             'snowy': {'en': 'snowy', 'fi': 'luminen', 'sv': 'snöigt'}},
 'shopping_motive': {'utilitarian': {'en': 'utilitarian',
                                     'fi': 'hyötyhakuiset',
                                     'sv': 'nyttoinriktade'},
                     'hedonic': {'en': 'hedonic',
                                 'fi': 'elämyshakuiset',
                                 'sv': 'upplevelseinriktade'}},
 'gender': {'female': {'en': 'female', 'fi': 'nainen', 'sv': 'kvinna'},
            'male': {'en': 'male', 'fi': 'mies', 'sv': 'man'},
            'other': {'en': 'other', 'fi': 'muu', 'sv': 'annat'}},
 'age_group': {'18-29': {'en': '18–29', 'fi': '18–29', 'sv': '18–29'},
               '30-44': {'en': '30–44', 'fi': '30–44', 'sv': '30–44'},
               '45-59': {'en': '45–59', 'fi': '45–59', 'sv': '45–59'},
               '60+': {'en': '60+', 'fi': '60+', 'sv': '60+'}},
 'income_band': {'low': {'en': 'low', 'fi': 'pieni', 'sv': 'låg'},
                 'middle': {'en': 'middle', 'fi': 'keskitaso', 'sv': 'medel'},
                 'high': {'en': 'high', 'fi': 'suuri', 'sv': 'hög'}}}

_FIRST = ["anna", "mikko", "laura", "juha", "emma", "ville", "sara", "timo", "aino", "olli"]
_LAST = ["virtanen", "korhonen", "nieminen", "makinen", "hamalainen", "laine", "heikkinen"]


@dataclass
class SimulatedSurvey:
    """A simulated survey: the respondent data, the true parameters and a codebook.

    Returned by :func:`simulate_survey`; :meth:`write` saves the data and codebook as a
    CSV and YAML pair that :func:`cxresearch.read_survey` reads.

    Parameters
    ----------
    data : DataFrame
        One row per response, as a raw survey export (−99 codes, reverse items unreversed).
    truth : dict
        The parameters that generated it (see the module docstring).
    codebook : dict
        A codebook (as a mapping) describing ``data``; ``data:`` names ``<stem>.csv``.
    latent : DataFrame
        The latent driver scores, satisfaction and recommendation propensity per response.

    Examples
    --------
    >>> sim = simulate_survey(200, seed=1, waves=2)
    >>> sim.data.shape, sim.truth["waves"], sorted(sim.truth["effects_sat"])[:3]
    ((200, 46), 2, ['assortment', 'atmosphere', 'brand'])
    >>> sim.latent.columns[:3].tolist()
    ['social', 'service', 'atmosphere']
    """

    data: pd.DataFrame
    truth: dict[str, Any]
    codebook: dict[str, Any]
    latent: pd.DataFrame = field(repr=False, default_factory=pd.DataFrame)

    def write(self, folder: str | Path, stem: str = "retail_cx", *,
              overwrite: bool = False) -> tuple[Path, Path]:
        """Write ``<stem>.csv`` and ``<stem>.yaml`` into ``folder``; returns both paths.

        Existing files are not replaced unless ``overwrite=True``.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        csv_path, yaml_path = folder / f"{stem}.csv", folder / f"{stem}.yaml"
        for p in (csv_path, yaml_path):
            if p.exists() and not overwrite:
                raise FileExistsError(f"{p} exists; choose another folder or pass overwrite")
        cb = dict(self.codebook, data=csv_path.name)
        self.data.to_csv(csv_path, index=False, float_format="%.4f", lineterminator="\n")
        header = ("# Codebook of a survey simulated by cxresearch.simulate "
                  f"(seed {self.truth['seed']}, n {self.truth['n']}).\n")
        yaml_path.write_text(header + dump_yaml(cb), encoding="utf-8")
        return csv_path, yaml_path


class _FlowDumper(yaml.SafeDumper):
    """YAML dumper that writes short lists of scalars inline: ``scale: [1, 7]``."""


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = all(isinstance(v, (str, int, float)) for v in data) and len(data) <= 8
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_FlowDumper.add_representer(list, _represent_list)


def dump_yaml(data: Any) -> str:
    """YAML text for a codebook or batch file, with short lists inline."""
    return yaml.dump(data, Dumper=_FlowDumper, sort_keys=False, allow_unicode=True, width=100)


def _corr_matrix() -> np.ndarray:
    p = len(DRIVERS)
    R = np.full((p, p), 0.30)
    np.fill_diagonal(R, 1.0)
    for (a, b), r in _CORR_PAIRS.items():
        i, j = DRIVERS.index(a), DRIVERS.index(b)
        R[i, j] = R[j, i] = r
    return R


def _cut(latent: np.ndarray, shares: list[float], low: int) -> np.ndarray:
    """Cut a standard-normal latent into ordered answers low, low+1, ... with given shares."""
    cuts = stats.norm.ppf(np.cumsum(shares)[:-1])
    return low + np.searchsorted(cuts, latent)


def simulate_survey(n: int = 3000, *, seed: int = 2026, waves: int = 4,
                    effects_sat: dict[str, float] | None = None,
                    effects_rec: dict[str, float] | None = None,
                    sat_to_rec: float = SAT_TO_REC,
                    moderation: dict | None = None,
                    driver_corr: float | np.ndarray | None = None,
                    loadings: dict[str, list[float]] | None = None,
                    performance: dict[str, float] | None = None,
                    missing_rate: float = 0.03,
                    returning_share: float = 0.25, carryover: float = 0.5,
                    wave_shift: list[float] | None = None,
                    intervention: dict[str, Any] | None = None,
                    start: str = "2025-09-01",
                    comment_lang: str = "mixed") -> SimulatedSurvey:
    """Simulate a retail CX survey from the documented structural model.

    Parameters
    ----------
    n : int
        Responses (split evenly over waves).
    seed : int
        Random seed; the same seed and arguments give the same data.
    waves : int
        Quarterly survey waves starting at ``start``.
    effects_sat, effects_rec : dict, optional
        Driver → effect on satisfaction / direct effect on recommendation (latent SD units).
        Unnamed drivers keep the defaults.
    sat_to_rec : float
        Effect of satisfaction on recommendation.
    moderation : dict, optional
        ``{driver: {moderator: {level: multiplier}}}``, or ``{driver: {"time_pressure": k}}``
        for the continuous moderator; default :data:`MODERATION`; ``{}`` for none.
    driver_corr : float or array, optional
        A common correlation between drivers, or a full 8×8 matrix (default: realistic).
    loadings : dict, optional
        ``{construct: [λ, ...]}`` item loadings (the list length sets the number of items).
    performance : dict, optional
        ``{driver: intercept}`` performance level of each driver's items (default
        :data:`PERFORMANCE`; unnamed drivers keep the defaults).
    missing_rate : float
        Share of item answers coded −99.
    returning_share : float
        Share of responses from wave 2 on that come from customers who answered before.
    carryover : float
        ρ, the carry-over of the earlier experience into the ``previous`` driver.
    wave_shift : list of float, optional
        Shift of the recommendation propensity per wave (default 0, .05, .10, .12, ...).
    intervention : dict, optional
        ``{"driver", "channel", "from_wave", "shift"}`` (default: service in store from
        wave 3, +0.35 SD); ``{}`` for none.
    start : str
        First day of wave 1.
    comment_lang : {"mixed", "fi", "en", "sv"}
        Language of the open answers (``mixed``: :data:`COMMENT_LANG_SHARES`); see
        :func:`simulate_comments`.

    Returns
    -------
    SimulatedSurvey
        ``data`` (the raw answers, one row per response, as the bundled CSV), ``truth`` (the
        effects, correlations and shifts the data were drawn from), ``codebook`` (its YAML
        mapping) and ``latent`` (the latent driver scores).

    Examples
    --------
    >>> sim = simulate_survey(60, seed=1)
    >>> len(sim.data), bool(sim.data["ltr"].between(0, 10).all())
    (60, True)
    """
    if n < 10:
        raise ValueError("simulate at least 10 respondents")
    for arg, given in (("effects_sat", effects_sat), ("effects_rec", effects_rec),
                       ("performance", performance)):
        unknown = sorted(set(given or {}) - set(DRIVERS))
        if unknown:  # a misspelt driver would silently keep its default effect
            import difflib

            near = difflib.get_close_matches(unknown[0], DRIVERS, n=1)
            raise CXInputError(Problem(
                f"simulate_survey({arg}=...)", f"unknown drivers {unknown}",
                (f"did you mean {near[0]!r}? " if near else "")
                + f"use some of {', '.join(DRIVERS)}", value=unknown[0]))
    rng = np.random.default_rng(seed)
    p = len(DRIVERS)
    a = np.array([(effects_sat or {}).get(d, EFFECTS_SAT[d]) for d in DRIVERS])
    b = np.array([(effects_rec or {}).get(d, EFFECTS_REC[d]) for d in DRIVERS])
    moderation = MODERATION if moderation is None else moderation
    if driver_corr is None:
        Phi = _corr_matrix()
    elif np.isscalar(driver_corr):
        Phi = np.full((p, p), float(driver_corr))
        np.fill_diagonal(Phi, 1.0)
    else:
        Phi = np.asarray(driver_corr, dtype=float)
    sat_var = float(a @ Phi @ a)
    if sat_var >= 0.95:
        raise ValueError("effects on satisfaction explain more than 95% of its variance")
    sigma_s = np.sqrt(1 - sat_var)
    total = b + sat_to_rec * a
    explained = float(total @ Phi @ total) + sat_to_rec**2 * sigma_s**2
    if explained >= 0.95:
        raise ValueError("effects on recommendation explain more than 95% of its variance")
    sigma_r = np.sqrt(1 - explained)
    wave_shift = list(wave_shift) if wave_shift is not None else [
        0.0, 0.05, 0.10, 0.12, 0.15, 0.18, 0.20, 0.22][:waves]
    wave_shift += [wave_shift[-1]] * (waves - len(wave_shift))
    intervention = ({"driver": "service", "channel": "store", "from_wave": 3, "shift": 0.35}
                    if intervention is None else intervention)
    load = {c: list((loadings or {}).get(c, spec["loadings"])) for c, spec in CONSTRUCTS.items()}

    # Time pressure comes from its own stream, so that adding it left every other draw of a
    # seed unchanged.
    hurry = np.random.default_rng([seed, 7]).standard_normal(n)
    # ---- respondents, wave by wave (carry-over needs the earlier waves)
    per_wave = np.full(waves, n // waves)
    per_wave[: n % waves] += 1
    start_ts = pd.Timestamp(start)
    frames, latents = [], []
    history: pd.DataFrame | None = None
    next_customer = 1
    for w in range(1, waves + 1):
        m = int(per_wave[w - 1])
        first = int(per_wave[: w - 1].sum())
        lo_day = start_ts + pd.DateOffset(months=3 * (w - 1))
        hi_day = start_ts + pd.DateOffset(months=3 * w)
        days = rng.integers(0, (hi_day - lo_day).days, size=m)
        dates = lo_day + pd.to_timedelta(days, unit="D")
        season = np.array([_season(d.month) for d in dates])
        resp = pd.DataFrame({"wave": w, "response_date": dates.strftime("%Y-%m-%d")})
        resp["season"] = season
        resp["weather"] = [_WEATHER_LEVELS[rng.choice(4, p=_WEATHER[s])] for s in season]
        returning = np.zeros(m, dtype=bool)
        if history is not None and returning_share > 0:
            returning = rng.random(m) < returning_share
        k_ret = int(returning.sum())
        earlier = (history.sample(k_ret, random_state=int(rng.integers(2**31)), replace=False)
                   if k_ret and len(history) >= k_ret else None)
        if earlier is None:
            returning[:] = False
            k_ret = 0
        traits = pd.DataFrame({
            "customer_id": np.arange(next_customer, next_customer + m),
            "region": rng.choice(list(_REGIONS), size=m, p=[0.4, 0.25, 0.2, 0.15]),
            "age_group": rng.choice(_AGE, size=m, p=_AGE_SAMPLE),
            "gender": rng.choice(["female", "male", "other"], size=m, p=[0.52, 0.46, 0.02]),
            "income_band": rng.choice(["low", "middle", "high"], size=m, p=[0.3, 0.45, 0.25]),
            "shopping_motive": rng.choice(["utilitarian", "hedonic"], size=m, p=[0.6, 0.4]),
        })
        next_customer += m
        prev_index = np.zeros(m)
        if k_ret:
            cols = ["customer_id", "region", "age_group", "gender", "income_band",
                    "shopping_motive"]
            traits.loc[returning, cols] = earlier[cols].to_numpy()
            prev_index[returning] = earlier["_experience"].to_numpy()
        resp = pd.concat([resp, traits], axis=1)
        resp["returning"] = returning.astype(int)
        resp["channel"] = rng.choice(["store", "web", "app"], size=m, p=[0.5, 0.35, 0.15])
        resp["phase"] = rng.choice(["pre", "core", "post"], size=m, p=[0.2, 0.6, 0.2])
        resp["touchpoint"] = [rng.choice(_TOUCHPOINTS[ph]) for ph in resp["phase"]]
        resp["_hurry"] = hurry[first:first + m]

        eta = rng.multivariate_normal(np.zeros(p), Phi, size=m)
        j_prev = DRIVERS.index("previous")
        eta[returning, j_prev] = (carryover * prev_index[returning]
                                  + np.sqrt(1 - carryover**2) * eta[returning, j_prev])
        if intervention and w >= intervention["from_wave"]:
            hit = (resp["channel"] == intervention["channel"]).to_numpy()
            eta[hit, DRIVERS.index(intervention["driver"])] += intervention["shift"]
        mult = np.ones((m, p))
        for driver, mods in moderation.items():
            j = DRIVERS.index(driver)
            for mod, levels in mods.items():
                if isinstance(levels, dict):
                    mult[:, j] *= resp[mod].map(levels).fillna(1.0).to_numpy()
                elif mod in _CONTINUOUS_LATENT:
                    t = resp[_CONTINUOUS_LATENT[mod]].to_numpy()
                    mult[:, j] *= np.maximum(0.0, 1.0 + float(levels) * t)
                else:
                    raise ValueError(f"moderation of {driver} by {mod}: a number (a continuous "
                                     f"multiplier) needs one of {sorted(_CONTINUOUS_LATENT)}")
        s_star = eta @ a + sigma_s * rng.standard_normal(m)
        age_eff = resp["age_group"].map(_AGE_EFFECT).to_numpy()
        r_star = ((eta * mult) @ b + sat_to_rec * s_star + age_eff + wave_shift[w - 1]
                  + sigma_r * rng.standard_normal(m))
        resp["_experience"] = (eta @ total) / np.sqrt(total @ Phi @ total)
        frames.append(resp)
        latents.append(pd.DataFrame(eta, columns=DRIVERS).assign(
            satisfaction=s_star, recommend=r_star))
        history = pd.concat([history, resp]) if history is not None else resp.copy()

    df = pd.concat(frames, ignore_index=True)
    latent = pd.concat(latents, ignore_index=True)
    # ---- measurement
    items: dict[str, np.ndarray] = {}
    perf = dict(PERFORMANCE, **(performance or {}))
    for c, lam in load.items():
        for k, lam_k in enumerate(lam, start=1):
            name = f"{c}_{k}"
            x = (lam_k * latent[c].to_numpy() + np.sqrt(1 - lam_k**2) * rng.standard_normal(n)
                 + perf[c])
            ans = _cut(x, _ITEM_SHARES, 1)
            if name in CONSTRUCTS[c]["reverse"]:
                ans = 8 - ans
            items[name] = ans
    item_df = pd.DataFrame(items)
    miss = rng.random(item_df.shape) < missing_rate
    item_df = item_df.mask(miss, -99).astype(int)
    csat = _cut(latent["satisfaction"].to_numpy(), _CSAT_SHARES, 1)
    ltr = _cut(latent["recommend"].to_numpy(), LTR_SHARES, 0)
    csat = np.where(rng.random(n) < 0.02, -99, csat)
    ltr = np.where(rng.random(n) < 0.01, -99, ltr)

    # ---- weights: age cell weights against the population, with a little trimming noise
    share = df["age_group"].map(dict(zip(_AGE, _AGE_SAMPLE, strict=True)))
    target = df["age_group"].map(dict(zip(_AGE, _AGE_POP, strict=True)))
    weight = (target / share) * np.exp(rng.normal(0, 0.1, n))
    weight = weight / weight.mean()

    category = np.where(ltr >= 9, "promoter", np.where(ltr >= 7, "passive", "detractor"))
    # Who comments is drawn from the main stream exactly as before the themed comments existed
    # (the legacy phrase draw included), so that the e-mails and every other column of a seed
    # stay unchanged; the comment text comes from its own stream (simulate_comments).
    present = np.zeros(n, dtype=bool)
    for i, (cat, v) in enumerate(zip(category, ltr, strict=True)):
        if rng.random() < 0.6 and v != -99:
            rng.choice(_COMMENTS[cat])
            present[i] = True
    comments = simulate_comments(category, present=present, lang=comment_lang,
                                 seed=[seed, 11])
    comment = comments["comment"].tolist()
    email = [f"{rng.choice(_FIRST)}.{rng.choice(_LAST)}{i}@example.com" for i in range(n)]

    out = pd.DataFrame({
        "respondent_id": [f"R{i:06d}" for i in range(1, n + 1)],
        "customer_id": [f"C{int(c):06d}" for c in df["customer_id"]],
        "wave": df["wave"].to_numpy(),
        "response_date": df["response_date"].to_numpy(),
        "weight": weight.round(4).to_numpy(),
        "channel": df["channel"].to_numpy(), "touchpoint": df["touchpoint"].to_numpy(),
        "phase": df["phase"].to_numpy(), "region": df["region"].astype(int).to_numpy(),
        "season": df["season"].to_numpy(), "weather": df["weather"].to_numpy(),
        "age_group": df["age_group"].to_numpy(), "gender": df["gender"].to_numpy(),
        "income_band": df["income_band"].to_numpy(),
        "shopping_motive": df["shopping_motive"].to_numpy(),
        "time_pressure": _cut(df["_hurry"].to_numpy(), _HURRY_SHARES, 1),
        "returning": df["returning"].to_numpy(),
    })
    out = pd.concat([out, item_df], axis=1)
    out["csat"] = csat
    out["ltr"] = ltr
    out["comment"] = comment
    out["email"] = email

    truth = {
        "seed": seed, "n": n, "waves": waves, "drivers": list(DRIVERS),
        "driver_corr": Phi.round(6).tolist(),
        "effects_sat": dict(zip(DRIVERS, a.tolist(), strict=True)),
        "effects_rec": dict(zip(DRIVERS, b.tolist(), strict=True)),
        "sat_to_rec": sat_to_rec,
        "total_effects": dict(zip(DRIVERS, total.tolist(), strict=True)),
        "indirect_effects": dict(zip(DRIVERS, (sat_to_rec * a).tolist(), strict=True)),
        "latent_r2": explained,
        "sigma_sat": float(sigma_s), "sigma_rec": float(sigma_r),
        "moderation": moderation, "age_effect": dict(_AGE_EFFECT),
        "wave_shift": wave_shift[:waves], "intervention": intervention,
        "carryover": carryover, "returning_share": returning_share,
        "loadings": load, "performance": perf, "reverse": {c: s["reverse"] for c, s in CONSTRUCTS.items()},
        "ltr_shares": LTR_SHARES, "baseline_nps": 100 * (sum(LTR_SHARES[9:]) -
                                                         sum(LTR_SHARES[:7])),
        "missing_rate": missing_rate,
    }
    truth["comment_themes"] = comments.attrs["truth"]
    for k in COMMENT_THEMES:
        latent[f"theme_{k}"] = comments[k].to_numpy()
    return SimulatedSurvey(out, truth, _codebook(load), latent)


def _season(month: int) -> str:
    return {12: "winter", 1: "winter", 2: "winter", 3: "spring", 4: "spring", 5: "spring",
            6: "summer", 7: "summer", 8: "summer"}.get(month, "autumn")


def _codebook(load: dict[str, list[float]]) -> dict[str, Any]:
    constructs = {}
    for c, spec in CONSTRUCTS.items():
        items = [f"{c}_{k}" for k in range(1, len(load[c]) + 1)]
        entry: dict[str, Any] = {"label": {"en": spec["label"][0], "fi": spec["label"][1],
                                           "sv": _SV_CONSTRUCTS[c]},
                                 "role": "driver", "level": spec["level"], "items": items}
        rev = [r for r in spec["reverse"] if r in items]
        if rev:
            entry["reverse"] = rev
        entry["scale"] = [1, 7]
        constructs[c] = entry
    return {
        "name": {"en": "Retail CX survey (simulated)",
                 "fi": "Vähittäiskaupan asiakaskokemuskysely (simuloitu)",
                 "sv": "Kundupplevelseenkät i detaljhandeln (simulerad)"},
        "data": "retail_cx.csv",
        "id": "respondent_id",
        "panel": "customer_id",
        "weight": "weight",
        "date": "response_date",
        "wave": "wave",
        "missing": [-99],
        "outcomes": {
            "recommend": {"column": "ltr", "scale": [0, 10],
                          "label": {"en": "Likelihood to recommend",
                                    "fi": "Suositteluhalukkuus",
                                    "sv": _SV_OUTCOMES["recommend"]}},
            "satisfaction": {"column": "csat", "scale": [1, 5],
                             "label": {"en": "Satisfaction", "fi": "Tyytyväisyys",
                                       "sv": _SV_OUTCOMES["satisfaction"]}},
        },
        "constructs": constructs,
        "moderators": {"situational": ["season", "weather", "region", "time_pressure"],
                       "consumer": ["age_group", "gender", "income_band", "shopping_motive"]},
        "journey": {"phase": "phase", "touchpoint": "touchpoint", "channel": "channel"},
        "segments": ["channel", "region"],
        "text": ["comment"],
        "pii": ["email"],
        "labels": {"region": dict(_REGIONS), **_VALUE_LABELS},
        "themes": {k: {"label": dict(spec["label"]), "match": {g: list(v) for g, v in
                                                               spec["match"].items()}}
                   for k, spec in COMMENT_THEMES.items()},
        "column_labels": {c: {"en": en, "fi": fi, "sv": _SV_COLUMNS[c]}
                          for c, (en, fi) in _COLUMN_NAMES.items()},
    }


#: Themes of the simulated open answers: labels and match terms (written into the codebook),
#: the probability of a mention by NPS group (detractor, passive, promoter), and phrases per
#: language for a writer who is unhappy (``neg``) or happy (``pos``) with the theme. Phrases
#: use inflected forms and compounds on purpose (hinnoissa, hintataso, asiakaspalvelussa,
#: kassajonossa; köerna, kundtjänsten; prices, waited).
COMMENT_THEMES: dict[str, dict[str, Any]] = {
    "price": {
        "label": {"en": "Price", "fi": "Hinta", "sv": "Pris"},
        "match": {"en": ["price", "expensive", "cheap"], "fi": ["hinta", "kallis", "halpa"],
                  "sv": ["pris", "dyr", "billig"]},
        "p": (0.45, 0.30, 0.10),
        "neg": {"fi": ["Hinnat ovat liian korkeat.", "Hinnoissa olisi parantamisen varaa.",
                       "Hintataso on noussut liikaa.", "Tuotteet ovat kalliita.",
                       "Hintoja pitäisi laskea."],
                "en": ["Prices are too high.", "Too expensive for what you get.",
                       "The price level keeps rising.", "Everything is so expensive now."],
                "sv": ["Priserna är för höga.", "Alldeles för dyrt.", "Prisnivån har stigit."]},
        "pos": {"fi": ["Kilpailukykyiset hinnat.", "Hinta-laatusuhde on hyvä.",
                       "Halpoja tarjouksia."],
                "en": ["Good prices.", "Cheap compared with others."],
                "sv": ["Bra priser.", "Billigare än hos andra."]},
    },
    "service": {
        "label": {"en": "Customer service", "fi": "Asiakaspalvelu", "sv": "Kundservice"},
        "match": {"en": ["staff", "service"], "fi": ["palvelu", "henkilökunta", "myyjä"],
                  "sv": ["personal", "service", "kundtjänst", "bemötande"]},
        "p": (0.25, 0.20, 0.45),
        "neg": {"fi": ["Henkilökunta oli töykeää.", "Asiakaspalvelussa kukaan ei auttanut.",
                       "Huonoa palvelua."],
                "en": ["Rude staff at the counter.", "The service was slow and unfriendly."],
                "sv": ["Otrevlig personal.", "Dåligt bemötande i kassan."]},
        "pos": {"fi": ["Ystävällinen henkilökunta.", "Asiakaspalvelussa autettiin nopeasti.",
                       "Hyvää ja asiantuntevaa palvelua.", "Myyjät olivat avuliaita."],
                "en": ["Friendly staff.", "Great service, they helped me right away.",
                       "The staff were very helpful."],
                "sv": ["Trevlig personal.", "Kundtjänsten hjälpte mig snabbt.",
                       "Mycket bra service."]},
    },
    "queue": {
        "label": {"en": "Queues", "fi": "Jonot", "sv": "Köer"},
        "match": {"en": ["queue", "wait"], "fi": ["jono", "jonottaa"], "sv": ["kö", "vänta"]},
        "p": (0.30, 0.25, 0.05),
        "neg": {"fi": ["Jonot kassalle olivat pitkät.", "Jouduin jonottamaan pitkään.",
                       "Kassajonossa meni puoli tuntia."],
                "en": ["The queues were long.", "Waited ages at the checkout.",
                       "Long queue at the till."],
                "sv": ["Långa köer i kassan.", "Fick vänta länge.", "Köerna var långa."]},
        "pos": {"fi": ["Jono eteni nopeasti."], "en": ["The queue moved quickly."],
                "sv": ["Kön gick snabbt."]},
    },
    "assortment": {
        "label": {"en": "Assortment", "fi": "Valikoima", "sv": "Sortiment"},
        "match": {"en": ["selection", "range", "stock"], "fi": ["valikoima", "varasto"],
                  "sv": ["sortiment", "utbud"]},
        "p": (0.15, 0.20, 0.35),
        "neg": {"fi": ["Valikoima on suppea.", "Tuote oli taas loppu varastosta."],
                "en": ["Poor selection.", "The product was out of stock again."],
                "sv": ["Dåligt sortiment.", "Litet utbud."]},
        "pos": {"fi": ["Hyvä valikoima.", "Laaja tuotevalikoima.", "Valikoimassa on kaikkea."],
                "en": ["Great selection, found everything.", "A wide range of products."],
                "sv": ["Bra sortiment.", "Stort utbud av varor."]},
    },
    "delivery": {
        "label": {"en": "Delivery", "fi": "Toimitus", "sv": "Leverans"},
        "match": {"en": ["delivery", "deliver", "parcel"], "fi": ["toimitus", "paketti"],
                  "sv": ["leverans", "paket"]},
        "p": (0.20, 0.15, 0.05),
        "neg": {"fi": ["Toimitus kesti viikon.", "Paketti tuli myöhässä.",
                       "Toimituksessa kesti liian kauan."],
                "en": ["Delivery took a week.", "The parcel arrived late.",
                       "They delivered the wrong item."],
                "sv": ["Leveransen tog en vecka.", "Paketet kom sent."]},
        "pos": {"fi": ["Nopea toimitus."], "en": ["Fast delivery."],
                "sv": ["Snabb leverans."]},
    },
    "app": {
        "label": {"en": "App and website", "fi": "Sovellus ja verkkosivut",
                  "sv": "App och webbplats"},
        "match": {"en": ["app", "website"], "fi": ["sovellus", "verkkokauppa", "nettisivu"],
                  "sv": ["app", "webbplats"]},
        "p": (0.12, 0.12, 0.12),
        "neg": {"fi": ["Sovellus kaatui kassalla.", "Verkkokaupasta oli vaikea löytää tuotteita."],
                "en": ["The app crashed at checkout.", "The website kept crashing."],
                "sv": ["Appen kraschade.", "Webbplatsen var långsam."]},
        "pos": {"fi": ["Sovellus toimii hyvin.", "Kätevät nettisivut."],
                "en": ["The app is easy to use.", "Nice website."],
                "sv": ["Appen är smidig.", "Bra webbplats."]},
    },
}
#: Language shares of the comments with ``comment_lang="mixed"``.
COMMENT_LANG_SHARES = {"fi": 0.7, "en": 0.2, "sv": 0.1}
#: Answers without a theme, and negated distractors that mention a theme's word without
#: being about it ("no queue" is not a complaint about queues).
_FILLERS = {"fi": ["Kiitos.", "Ihan ok.", "Ei mitään erityistä.", "Loistava kokemus taas."],
            "en": ["Thanks.", "Fine overall.", "Nothing special.", "Always a pleasure."],
            "sv": ["Tack.", "Helt okej.", "Inget särskilt."]}
_DISTRACTORS = {"fi": ["Ei jonoa, kiva.", "Ei ollut jonoja tänään."],
                "en": ["No queue at all, nice.", "There was no queue today."],
                "sv": ["Inga köer idag.", "Ingen kö alls."]}
_GROUPS = ("detractor", "passive", "promoter")


def simulate_comments(category: Any, *, present: Any = None, lang: str = "mixed",
                      seed: Any = 0, distractor_rate: float = 0.15) -> pd.DataFrame:
    """Open answers with known themes for given NPS groups.

    Each writer (``present`` True) mentions each theme of :data:`COMMENT_THEMES` independently
    with the theme's probability for their NPS group, in a phrase chosen by their group
    (detractors and passives mostly complain, promoters mostly praise); answers without a
    theme get a filler phrase; ``distractor_rate`` of the writers without a queue theme add a
    negated mention ("ei jonoa"), which is not a mention.

    Parameters
    ----------
    category : array-like of str
        ``detractor``, ``passive`` or ``promoter`` per respondent.
    present : array-like of bool, optional
        Who writes an answer (default everyone with a category).
    lang : {"mixed", "fi", "en", "sv"}
        Language of the answers; ``"mixed"`` draws each writer's language with the shares
        of :data:`COMMENT_LANG_SHARES`.
    seed : int or sequence
        Seed of the comment stream (a stream of its own, independent of the survey's).
    distractor_rate : float
        Share (0–1) of the writers who do not mention queues that add a negated queue
        mention ("there was no queue"), to test that negations are not counted.

    Returns
    -------
    DataFrame
        ``comment, lang`` and one bool column per theme (the true mentions).
        ``.attrs["truth"]`` holds, per theme, the mention probabilities and its known effects
        on recommendation (NPS points, the outcome coded +100/0/−100): ``effect`` (the
        population coefficient of the regression of the outcome on all theme indicators),
        ``difference`` (mentioning minus not mentioning, unadjusted) and ``nps_impact``.

    Notes
    -----
    Mentions depend only on the writer's group g, so with group shares p_g among the writers
    and mention probabilities π_kg the population moments are exact:
    E[T_k] = Σ p_g π_kg, E[T_j T_k] = Σ p_g π_jg π_kg (j ≠ k), E[y T_k] = Σ p_g y_g π_kg.
    ``effect`` solves the normal equations Cov(T) β = Cov(T, y); ``nps_impact`` is
    E[T](NPS_T − NPS)/(1 − E[T]) with NPS_T = E[yT]/E[T]. The truth is conditional on the
    writers' groups (p_g are their shares in the sample).

    Examples
    --------
    >>> c = simulate_comments(["promoter", "detractor"] * 50, lang="en", seed=1)
    >>> round(c.attrs["truth"]["themes"]["price"]["difference"], 1) < 0
    True
    >>> c = simulate_comments(["promoter", "detractor"], lang="en", seed=1, distractor_rate=1)
    >>> c["comment"].tolist()
    ['No queue at all, nice.', 'The product was out of stock again. There was no queue today.']
    >>> c.loc[1, ["queue", "assortment"]].tolist()   # the negated queue is no mention
    [False, True]
    """
    cat = np.asarray(category, dtype=object)
    n = len(cat)
    present = (np.array([c in _GROUPS for c in cat]) if present is None
               else np.asarray(present, dtype=bool))
    langs_all = ("fi", "en", "sv")
    if lang != "mixed" and lang not in langs_all:
        raise ValueError(f"comment_lang must be 'mixed' or one of {langs_all}")
    rng = np.random.default_rng(seed)
    names = list(COMMENT_THEMES)
    gidx = np.array([_GROUPS.index(c) if c in _GROUPS else 0 for c in cat])
    P = np.array([COMMENT_THEMES[k]["p"] for k in names])          # themes × groups
    T = (rng.random((n, len(names))) < P[:, gidx].T) & present[:, None]
    if lang == "mixed":
        shares = np.array(list(COMMENT_LANG_SHARES.values()))
        which = np.array(list(COMMENT_LANG_SHARES))[rng.choice(len(shares), n, p=shares)]
    else:
        which = np.full(n, lang)
    # unhappy phrases: detractors always, passives 70 %, promoters 10 %
    unhappy_p = np.array([1.0, 0.7, 0.1])[gidx]
    u_mood = rng.random((n, len(names)))
    u_pick = rng.random((n, len(names)))
    u_order = rng.random((n, len(names)))
    u_fill, u_dis, u_dis_pick = rng.random(n), rng.random(n), rng.random(n)
    q = names.index("queue")
    texts = []
    for i in range(n):
        if not present[i]:
            texts.append("")
            continue
        lg = str(which[i])
        parts = []
        for k in np.argsort(u_order[i]):
            if not T[i, k]:
                continue
            spec = COMMENT_THEMES[names[k]]
            pool = spec["neg" if u_mood[i, k] < unhappy_p[i] else "pos"][lg]
            parts.append(pool[int(u_pick[i, k] * len(pool))])
        if not T[i, q] and u_dis[i] < distractor_rate:
            pool = _DISTRACTORS[lg]
            parts.append(pool[int(u_dis_pick[i] * len(pool))])
        if not parts:
            pool = _FILLERS[lg]
            parts.append(pool[int(u_fill[i] * len(pool))])
        texts.append(" ".join(parts))
    out = pd.DataFrame(T, columns=names)
    out.insert(0, "lang", np.where(present, which, ""))
    out.insert(0, "comment", texts)
    out.attrs["truth"] = _theme_truth(gidx[present], P, names)
    return out


def _theme_truth(gidx: np.ndarray, P: np.ndarray, names: list[str]) -> dict[str, Any]:
    p = np.bincount(gidx, minlength=3) / max(len(gidx), 1)
    yv = np.array([-100.0, 0.0, 100.0])
    ET = P @ p
    ETT = (P * p) @ P.T
    np.fill_diagonal(ETT, ET)
    Ey = float(p @ yv)
    EyT = P @ (p * yv)
    cov_T = ETT - np.outer(ET, ET)
    cov_Ty = EyT - ET * Ey
    beta = np.linalg.solve(cov_T, cov_Ty)
    themes = {}
    for k, name in enumerate(names):
        with_ = EyT[k] / ET[k]
        without = (Ey - EyT[k]) / (1 - ET[k])
        themes[name] = {"p_by_group": dict(zip(_GROUPS, P[k].tolist(), strict=True)),
                        "share": float(100 * ET[k]), "effect": float(beta[k]),
                        "difference": float(with_ - without),
                        "nps_impact": float(ET[k] * (with_ - Ey) / (1 - ET[k]))}
    return {"groups": dict(zip(_GROUPS, p.tolist(), strict=True)), "nps": Ey,
            "themes": themes, "names": names}


def simulate_nps_sample(n: int, *, nps: float, passive_share: float = 0.3,
                        seed: int | None = None, size: int | None = None) -> np.ndarray:
    """Draw 0–10 answers from a population with a known NPS (for teaching and coverage).

    Parameters
    ----------
    n : int
        Respondents per sample.
    nps : float
        Population NPS in points (−100…100).
    passive_share : float
        Population share of passives.
    seed : int, optional
        Seed of the random generator (``None``: fresh randomness each call).
    size : int, optional
        Number of samples; returns shape ``(size, n)`` (else ``(n,)``).

    Returns
    -------
    numpy.ndarray of int
        Answers 0–10: each respondent is a promoter with probability
        p_P = (1 − passive_share + NPS/100) / 2, a detractor with p_D = 1 − passive_share − p_P
        and otherwise passive; the answer is uniform within the category (0–6, 7–8, 9–10).

    Raises
    ------
    ValueError
        When the NPS is impossible with that passive share.

    Examples
    --------
    >>> x = simulate_nps_sample(100_000, nps=30, seed=0)
    >>> round(100 * ((x >= 9).mean() - (x <= 6).mean()))
    30
    >>> simulate_nps_sample(10, nps=30, seed=0)
    array([ 9,  7,  4,  0,  9, 10, 10, 10,  9, 10])
    >>> simulate_nps_sample(50, nps=0, passive_share=0, seed=0, size=3).shape
    (3, 50)
    """
    pP = (1 - passive_share + nps / 100) / 2
    pD = 1 - passive_share - pP
    if min(pP, pD) < 0:
        raise ValueError("this NPS is impossible with that passive share")
    rng = np.random.default_rng(seed)
    shape = (n,) if size is None else (size, n)
    u = rng.random(shape)
    cat = np.where(u < pD, 0, np.where(u < pD + passive_share, 1, 2))
    det = rng.integers(0, 7, size=shape)
    pas = rng.integers(7, 9, size=shape)
    pro = rng.integers(9, 11, size=shape)
    return np.choose(cat, [det, pas, pro])


def simulate_large(n: int, *, seed: int = 0, months: int = 12,
                   drivers: int = 0) -> pd.DataFrame:
    """A large transactional NPS table for scale tests and benchmarks (vectorised, fast).

    Columns: ``ltr`` (0–10), ``segment`` (8 levels), ``channel``, ``month`` (first day),
    ``weight``; with ``drivers=p`` also ``d1`` … ``dp`` (driver scores, correlated 0.3) that
    drive ``ltr`` with effects decreasing from 0.35 to 0.05 (latent R² ≈ 0.45).

    Parameters
    ----------
    n : int
        Rows (responses).
    seed : int
        Seed of the random generator.
    months : int
        Months the responses fall in, from January 2026.
    drivers : int
        Number of driver columns ``d1`` … ``dp`` (0: none).

    Returns
    -------
    DataFrame
        ``ltr`` (int8, 0–10, cut from a latent score at the shares of ``LTR_SHARES``),
        ``segment`` (categories ``S0`` … ``S7``; without drivers the latent score rises
        slightly with the segment), ``channel`` (``store``, ``web``, ``app``), ``month``
        (the first day of the month), ``weight`` (float32, gamma-distributed with mean 1),
        then ``d1`` … ``dp`` (scores around 4, SD 1.2, two decimals).

    Examples
    --------
    >>> simulate_large(5, seed=0, months=3)
       ltr segment channel      month    weight
    0    8      S6   store 2026-01-01  0.815867
    1    7      S5     web 2026-03-01  0.608906
    2    9      S4     web 2026-03-01  0.773434
    3   10      S2     web 2026-01-01  1.511780
    4   10      S2     app 2026-02-01  1.738751
    >>> simulate_large(1000, drivers=3).columns.tolist()
    ['ltr', 'segment', 'channel', 'month', 'weight', 'd1', 'd2', 'd3']
    """
    rng = np.random.default_rng(seed)
    seg = rng.integers(0, 8, n)
    r_star = 0.1 * seg / 7 + rng.standard_normal(n)
    D = None
    if drivers:
        common = rng.standard_normal((n, 1))
        D = np.sqrt(0.3) * common + np.sqrt(0.7) * rng.standard_normal((n, drivers))
        beta = np.linspace(0.35, 0.05, drivers)
        Sigma = np.full((drivers, drivers), 0.3) + 0.7 * np.eye(drivers)
        beta = beta * np.sqrt(0.45 / (beta @ Sigma @ beta))   # latent R² = 0.45 exactly
        r_star = D @ beta + np.sqrt(0.55) * rng.standard_normal(n)
    out = pd.DataFrame({
        "ltr": _cut(r_star / np.sqrt(1.01), LTR_SHARES, 0).astype("int8"),
        "segment": pd.Categorical.from_codes(seg, [f"S{k}" for k in range(8)]),
        "channel": pd.Categorical.from_codes(rng.integers(0, 3, n), ["store", "web", "app"]),
        "month": pd.date_range("2026-01-01", periods=months, freq="MS").to_numpy()[
            rng.integers(0, months, n)],
        "weight": rng.gamma(4.0, 0.25, n).astype("float32"),
    })
    if D is not None:
        for j in range(drivers):
            out[f"d{j + 1}"] = np.round(4 + 1.2 * D[:, j], 2)
    return out
