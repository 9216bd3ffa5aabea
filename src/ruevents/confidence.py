"""How sure ruevents is of an event: a small logistic model over event features.

The weights come from ``ruevents train confidence`` (``models/event_confidence.json``,
plain JSON, no pickle).  Without the file the score falls back to a fixed rule
that rewards filled roles.  Features are plain names so the model file can be
read and reviewed as text.
"""

from __future__ import annotations

import json
import logging
import math
import os
from functools import lru_cache
from pathlib import Path
from typing import Mapping

from .coref.tokens import sentence as sentence_of
from .coref.tokens import token_table

log = logging.getLogger(__name__)

MODEL_FILE = "event_confidence.json"
MODEL_VERSION = 1


def event_features(event) -> dict[str, float]:
    """Features of one found event (``ruevents.events.FoundEvent``)."""
    head = event.trigger.head
    last = _last_character(head)
    features = {
        "bias": 1.0,
        f"type={event.trigger.type}": 1.0,
        f"pos={head.pos_ if head.pos_ in ('VERB', 'NOUN', 'PROPN', 'ADJ') else 'other'}": 1.0,
        f"modality={event.modality}": 1.0,
        f"participants={min(len(event.participants), 2)}": 1.0,
        "has_place": float(bool(event.places)),
        "has_time": float(bool(event.times)),
        "multiword": float(len(event.trigger.tokens) > 1),
        # a headline has no final punctuation
        "headline": float(bool(last) and last not in ".!?…»\""),
        "sentence_root": float(head.dep_ == "root"),
        f"lemma={head.lemma_}": 1.0,
    }
    return features


def _last_character(token) -> str:
    """The last character of the text of the token's sentence, whitespace
    apart ("" for a sentence of whitespace): read off its last tokens, not
    from ``sentence.text``, which joins all of them; remembered per sentence
    in the token table (every event of a sentence asks)."""
    table = token_table(token.doc)
    sentence = sentence_of(token)
    known = table.last_characters.get(sentence.end)
    if known is not None:
        return known
    tokens = table.tokens
    found = ""
    for i in range(sentence.end - 1, sentence.start - 1, -1):
        text = tokens[i].text.rstrip()
        if text:
            found = text[-1]
            break
    table.last_characters[sentence.end] = found
    return found


class ConfidenceModel:
    def __init__(self, weights: Mapping[str, float]):
        self.weights = dict(weights)

    def score(self, features: Mapping[str, float]) -> float:
        weights = self.weights
        # a list, not a generator: the same sum in the same order, without a generator frame per event
        z = sum([weights.get(name, 0.0) * value for name, value in features.items()])
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_file(cls, path: Path) -> "ConfidenceModel":
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != MODEL_VERSION:
            raise ValueError(f"expected {path} of version {MODEL_VERSION}, got {data.get('version')!r}")
        return cls(data["weights"])


def model_paths() -> list[Path]:
    """Where the model file is looked for: ``$RUEVENTS_MODELS_DIR``, then the checkout's ``models/``."""
    paths = []
    if os.environ.get("RUEVENTS_MODELS_DIR"):
        paths.append(Path(os.environ["RUEVENTS_MODELS_DIR"]) / MODEL_FILE)
    paths.append(Path(__file__).resolve().parents[2] / "models" / MODEL_FILE)
    return paths


@lru_cache(maxsize=None)
def load_model() -> ConfidenceModel | None:
    for path in model_paths():
        if path.is_file():
            return ConfidenceModel.from_file(path)
    log.warning("no %s found (looked in %s): event confidence uses the fixed rule", MODEL_FILE, ", ".join(map(str, model_paths())))
    return None


def rule_confidence(event) -> float:
    """The fallback: more filled roles → more likely a real, well-understood event."""
    score = 0.45 + 0.15 * min(len(event.participants), 2) + 0.1 * bool(event.places) + 0.1 * bool(event.times)
    if len(event.trigger.tokens) > 1:
        score += 0.05
    return min(score, 0.95)


def confidence(event, features: Mapping[str, float] | None = None) -> float:
    model = load_model()
    if model is None:
        return round(rule_confidence(event), 3)
    return round(model.score(features if features is not None else event_features(event)), 3)
