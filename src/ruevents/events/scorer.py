"""Which argument candidates to keep: a small logistic model per role.

The weights come from ``ruevents train arguments`` (``models/argument_scorer.json``,
plain JSON, no pickle): for each role, feature name → weight and the
probability above which a candidate is kept.  A participant is kept whenever
its probability reaches the threshold; a place and a time only when it is the
most probable of the event's candidates.  A role whose threshold is null is
left to the rules (cross-validation found them better there).  Without the
file the rules decide alone (:func:`load_scorer` returns None).
"""

from __future__ import annotations

import json
import logging
import math
import os
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from .candidates import ROLES, Candidate

log = logging.getLogger(__name__)

MODEL_FILE = "argument_scorer.json"
MODEL_VERSION = 1
#: the corpus whose conventions the run-time model follows (weights ``annotated|feature``)
DOMAIN = "annotated"
#: roles that take at most one argument: the best candidate, if good enough
SINGLE_ROLES = frozenset({"place", "time"})


class ArgumentScorer:
    def __init__(self, weights: Mapping[str, Mapping[str, float]], thresholds: Mapping[str, float | None]):
        missing = [role for role in ROLES if role not in weights or role not in thresholds]
        if missing:
            raise ValueError(f"expected weights and a threshold for roles {list(ROLES)}, got none for {missing}")
        self.weights = {role: dict(w) for role, w in weights.items()}
        self.thresholds = dict(thresholds)

    def probability(self, role: str, features: Mapping[str, float]) -> float:
        weights = self.weights[role]
        # each feature has a shared weight and one for our own annotation conventions
        z = sum((weights.get(name, 0.0) + weights.get(f"{DOMAIN}|{name}", 0.0)) * value for name, value in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def select(self, role: str, candidates: list[Candidate]) -> list[Candidate]:
        """The candidates kept for ``role``, each scored (``candidate.score``);
        anything with ``features``, ``chosen_by_rules`` and a ``score`` slot will do."""
        if self.thresholds[role] is None:
            return [c for c in candidates if c.chosen_by_rules]
        for candidate in candidates:
            candidate.score = self.probability(role, candidate.features)
        kept = [c for c in candidates if c.score >= self.thresholds[role]]
        if role in SINGLE_ROLES and kept:
            kept = [max(kept, key=lambda c: c.score)]
        return kept

    def choose(self, event_type: str, candidates: list) -> dict[str, list]:
        """Role → the candidates kept for an event of ``event_type``; a
        statement's place is never one of its participants («В Кремле заявили»)."""
        by_role: dict[str, list] = {role: [] for role in ROLES}
        for candidate in candidates:
            by_role[candidate.role].append(candidate)
        kept = {"participant": self.select("participant", by_role["participant"])}
        sides = {c.start_char for c in kept["participant"]}
        places = [c for c in by_role["place"] if event_type != "statement" or c.start_char not in sides]
        kept["place"] = self.select("place", places)
        kept["time"] = self.select("time", by_role["time"])
        return kept

    @classmethod
    def from_dict(cls, data: Mapping) -> "ArgumentScorer":
        if data.get("version") != MODEL_VERSION:
            raise ValueError(f"expected an argument scorer of version {MODEL_VERSION}, got {data.get('version')!r}")
        roles = data["roles"]
        return cls({r: roles[r]["weights"] for r in roles}, {r: roles[r]["threshold"] for r in roles})

    @classmethod
    def from_file(cls, path: Path) -> "ArgumentScorer":
        try:
            return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (KeyError, ValueError) as error:
            raise ValueError(f"expected an argument scorer in {path}: {error}") from error


def model_paths() -> list[Path]:
    """Where the model file is looked for: ``$RUEVENTS_MODELS_DIR``, then the checkout's ``models/``."""
    paths = []
    if os.environ.get("RUEVENTS_MODELS_DIR"):
        paths.append(Path(os.environ["RUEVENTS_MODELS_DIR"]) / MODEL_FILE)
    paths.append(Path(__file__).resolve().parents[3] / "models" / MODEL_FILE)
    return paths


@lru_cache(maxsize=None)
def load_scorer() -> ArgumentScorer | None:
    """The scorer from the first model file found; None (the rules decide) when there is none or it is disabled."""
    if os.environ.get("RUEVENTS_ARGUMENT_SCORER", "").lower() in ("0", "off", "no"):
        return None
    for path in model_paths():
        if path.is_file():
            return ArgumentScorer.from_file(path)
    log.info("no %s found (looked in %s): arguments come from the rules alone", MODEL_FILE, ", ".join(map(str, model_paths())))
    return None
