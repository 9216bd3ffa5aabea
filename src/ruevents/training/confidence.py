"""``ruevents train confidence``: fit the event confidence model.

Examples are ruevents' own predicted events on gold data: an event is a
positive when its trigger matches a gold trigger (same type on our annotated
corpus; any EVENT on NEREL, where statements are left out as NEREL does not
annotate speech acts).  A logistic regression with L2 is fitted by plain
gradient descent (numpy only, deterministic) and written as JSON: feature
name → weight.  The held-out ``test`` split of ``data/annotated`` is never
used for fitting; it is only scored.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from ..confidence import MODEL_VERSION, ConfidenceModel

#: a feature must occur this often in the training examples to get a weight
MIN_COUNT = 5


@dataclass
class Example:
    features: dict[str, float]
    positive: bool


def _examples(documents: Sequence[tuple[str, str | None, list]], *, typed: bool, skip_types: frozenset[str]) -> list[Example]:
    from ..evaluation.events import analyse, match_events, scored_events
    from ..stages.events import FEATURES_KEY

    examples = []
    for (text, _, gold), (doc, record) in zip(documents, analyse([(t, d) for t, d, _ in documents])):
        features = doc.user_data.get(FEATURES_KEY, [])
        predicted = scored_events(record)
        keep = [i for i, p in enumerate(predicted) if p.type not in skip_types]
        pairs = match_events([predicted[i] for i in keep], gold, typed=typed)
        for position, i in enumerate(keep):
            examples.append(Example(features[i], position in pairs))
    return examples


def annotated_examples(folder: Path) -> list[Example]:
    from ..evaluation.annotated import load_annotated
    from ..evaluation.events import scored_events

    corpus = load_annotated(folder)
    return _examples([(t, r.date, scored_events(r)) for t, r in corpus], typed=True, skip_types=frozenset())


def nerel_examples(folder: Path) -> list[Example]:
    from ..evaluation.events import NEREL_UNSCORED_TYPES
    from ..evaluation.nerel import ROLE_RELATIONS, gold_events, read_folder

    brat = read_folder(folder)
    return _examples([(d.text, None, gold_events(d, relations=ROLE_RELATIONS)) for d in brat], typed=False, skip_types=NEREL_UNSCORED_TYPES)


def fit(examples: Sequence[Example], *, l2: float = 1.0, steps: int = 3000, rate: float = 0.5) -> dict[str, float]:
    """Logistic regression weights by full-batch gradient descent."""
    counts: dict[str, int] = {}
    for example in examples:
        for name in example.features:
            counts[name] = counts.get(name, 0) + 1
    names = sorted(n for n, c in counts.items() if c >= MIN_COUNT or n == "bias")
    index = {n: i for i, n in enumerate(names)}
    x = np.zeros((len(examples), len(names)))
    for row, example in enumerate(examples):
        for name, value in example.features.items():
            if name in index:
                x[row, index[name]] = value
    y = np.array([e.positive for e in examples], dtype=float)
    w = np.zeros(len(names))
    penalty = np.full(len(names), l2 / len(examples))
    penalty[index["bias"]] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        w -= rate * (x.T @ (p - y) / len(examples) + penalty * w)
    return {n: round(float(v), 5) for n, v in zip(names, w) if abs(v) > 1e-6}


def report(model: ConfidenceModel, examples: Iterable[Example]) -> dict[str, float]:
    """Log loss, AUC and the share of right triggers in the top and bottom thirds."""
    scored = sorted(((model.score(e.features), e.positive) for e in examples), key=lambda s: s[0])
    if not scored:
        return {}
    probs = np.array([s for s, _ in scored])
    labels = np.array([l for _, l in scored], dtype=float)
    eps = 1e-9
    log_loss = float(-np.mean(labels * np.log(probs + eps) + (1 - labels) * np.log(1 - probs + eps)))
    ranks = np.arange(1, len(scored) + 1)
    positives = labels.sum()
    negatives = len(labels) - positives
    auc = float((ranks[labels == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives)) if positives and negatives else 0.0
    third = max(1, len(scored) // 3)
    return {
        "examples": len(scored),
        "log_loss": round(log_loss, 4),
        "auc": round(auc, 4),
        "precision_bottom_third": round(float(labels[:third].mean()), 4),
        "precision_top_third": round(float(labels[-third:].mean()), 4),
    }


def train(annotated: Path | None, nerel: Path | None, output: Path) -> dict:
    """Fit on ``annotated/train`` and NEREL train; score on ``annotated/test``; write ``output``."""
    examples: list[Example] = []
    sources = {}
    if annotated is not None:
        train_examples = annotated_examples(annotated / "train")
        examples += train_examples
        sources["annotated_train"] = len(train_examples)
    if nerel is not None:
        nerel_train = nerel_examples(nerel)
        examples += nerel_train
        sources["nerel_train"] = len(nerel_train)
    if not examples:
        raise ValueError("expected --annotated and/or --nerel with documents, got no training examples")
    model = ConfidenceModel(fit(examples))
    metrics = {"train": report(model, examples)}
    if annotated is not None and (annotated / "test").is_dir():
        metrics["annotated_test"] = report(model, annotated_examples(annotated / "test"))
    data = {
        "version": MODEL_VERSION,
        "kind": "logistic regression over event features (ruevents.confidence.event_features)",
        "trained": dt.date.today().isoformat(),
        "sources": sources,
        "metrics": metrics,
        "weights": model.weights,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    return data
