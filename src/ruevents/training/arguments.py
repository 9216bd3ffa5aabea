"""``ruevents train arguments``: fit the argument scorer (``models/argument_scorer.json``).

Examples are the argument candidates of ruevents' own events
(:mod:`ruevents.events.candidates`), collected with the scorer switched off so
that they do not depend on an earlier model.  A candidate of an event whose
trigger matches a gold event is a positive when its mention overlaps a gold
argument of the same role; candidates of unmatched events are not used for
fitting (whether the trigger is right is the confidence model's business) but
count in the scores, as in ``ruevents eval events``.

One logistic regression per role, L2, fitted on sparse binary features by
full-batch gradient descent with Adam steps (numpy only, deterministic);
NEREL examples share the features with ours and have a copy of their own
(domain adaptation: NEREL annotates arguments its own way).  The threshold of
each role, the weight of NEREL examples and the L2 strength are chosen by
cross-validation over the documents of ``data/annotated/train`` (folds of our
documents held out in turn, NEREL train always in); a role stays with the
rules unless its model gains :data:`MIN_GAIN` F1 points there.
``data/annotated/test`` is never used for fitting or choosing, only scored at
the end.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np

from ..events.candidates import ROLES
from ..events.scorer import MODEL_VERSION, ArgumentScorer

#: a feature must occur this often among a role's training candidates to get a weight
MIN_COUNT = 3
FOLDS = 5
#: cross-validated F1 points a role's model must gain over the rules to replace them
MIN_GAIN = 1.0
#: None leaves the role to the rules
THRESHOLDS = (None, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65)


@dataclass
class CandidateExample:
    role: str
    start_char: int
    end_char: int
    features: dict[str, float]
    #: overlaps a gold argument of its role; None when the event matched no gold event
    positive: bool | None
    chosen_by_rules: bool = False
    score: float | None = None


@dataclass
class EventExample:
    type: str
    trigger: tuple[int, int]
    text: str
    candidates: list[CandidateExample]
    #: the arguments the rules gave, as the scorer sees them (``ScoredArgument``)
    rule_arguments: tuple = ()


@dataclass
class DocumentExample:
    corpus: str
    typed: bool
    events: list[EventExample]
    gold: list = field(default_factory=list)


def _collect(documents: Sequence[tuple[str, str | None, list]], *, corpus: str, typed: bool, skip_types: frozenset[str]) -> list[DocumentExample]:
    """Analyse (text, date, gold events) triples with the scorer off; candidates labelled against gold."""
    import os

    from ..evaluation.events import analyse, match_events, overlap, scored_events
    from ..events.scorer import load_scorer
    from ..stages.events import CANDIDATES_KEY

    previous = os.environ.get("RUEVENTS_ARGUMENT_SCORER")
    os.environ["RUEVENTS_ARGUMENT_SCORER"] = "off"
    load_scorer.cache_clear()
    try:
        collected = []
        for (text, _, gold), (doc, record) in zip(documents, analyse([(t, d) for t, d, _ in documents])):
            candidates_of = doc.user_data.get(CANDIDATES_KEY, [])
            predicted = scored_events(record)
            keep = [i for i, p in enumerate(predicted) if p.type not in skip_types]
            pairs = match_events([predicted[i] for i in keep], gold, typed=typed)
            events = []
            for position, i in enumerate(keep):
                matched = gold[pairs[position]] if position in pairs else None
                candidates = []
                for role, start, end, features, chosen in candidates_of[i]:
                    positive = None
                    if matched is not None:
                        positive = any(a.role == role and overlap(((start, end),), a.mention) for a in matched.arguments)
                    candidates.append(CandidateExample(role, start, end, features, positive, chosen))
                p = predicted[i]
                events.append(EventExample(p.type, p.trigger[0], p.text, candidates, p.arguments))
            collected.append(DocumentExample(corpus, typed, events, list(gold)))
        return collected
    finally:
        if previous is None:
            os.environ.pop("RUEVENTS_ARGUMENT_SCORER", None)
        else:
            os.environ["RUEVENTS_ARGUMENT_SCORER"] = previous
        load_scorer.cache_clear()


def annotated_documents(folder: Path) -> list[DocumentExample]:
    from ..evaluation.annotated import load_annotated
    from ..evaluation.events import scored_events

    corpus = load_annotated(folder)
    return _collect([(t, r.date, scored_events(r)) for t, r in corpus], corpus="annotated", typed=True, skip_types=frozenset())


def nerel_documents(folder: Path) -> list[DocumentExample]:
    from ..evaluation.events import NEREL_UNSCORED_TYPES
    from ..evaluation.nerel import ROLE_RELATIONS, gold_events, read_folder

    brat = read_folder(folder)
    return _collect(
        [(d.text, None, gold_events(d, relations=ROLE_RELATIONS)) for d in brat], corpus="nerel", typed=False, skip_types=NEREL_UNSCORED_TYPES
    )


# --------------------------------------------------------------------------- fitting


def fit_role(examples: Sequence[tuple[dict[str, float], bool, float]], *, l2: float = 1.0, epochs: int = 400, rate: float = 0.05) -> dict[str, float]:
    """Logistic regression weights for (features, label, example weight) triples; binary features assumed."""
    counts: dict[str, int] = {}
    for features, _, _ in examples:
        for name in features:
            counts[name] = counts.get(name, 0) + 1
    names = sorted(n for n, c in counts.items() if c >= MIN_COUNT)
    if not names:
        return {}
    index = {n: i for i, n in enumerate(names)}
    rows, cols = [], []
    for row, (features, _, _) in enumerate(examples):
        for name in features:
            if name in index:
                rows.append(row)
                cols.append(index[name])
    rows_a, cols_a = np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)
    y = np.array([label for _, label, _ in examples], dtype=float)
    sample = np.array([weight for _, _, weight in examples], dtype=float)
    total = sample.sum()
    w = np.zeros(len(names))
    first, second = np.zeros_like(w), np.zeros_like(w)
    penalty = np.full(len(names), l2 / total)
    penalty[[i for n, i in index.items() if n.endswith(":bias")]] = 0.0
    for step in range(1, epochs + 1):
        z = np.bincount(rows_a, weights=w[cols_a], minlength=len(examples))
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        residual = (p - y) * sample / total
        gradient = np.bincount(cols_a, weights=residual[rows_a], minlength=len(names)) + penalty * w
        first = 0.9 * first + 0.1 * gradient
        second = 0.999 * second + 0.001 * gradient**2
        w -= rate * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return {n: round(float(v), 5) for n, v in zip(names, w) if abs(v) > 1e-5}


def _augmented(features: dict[str, float], corpus: str) -> dict[str, float]:
    """Each feature twice, shared and for its corpus alone («frustratingly easy» domain
    adaptation): NEREL's conventions differ from ours, and the model learns
    both what they share and where ours differ.  At run time ruevents reads the
    shared weights and ours (:data:`ruevents.events.scorer.DOMAIN`)."""
    return {**features, **{f"{corpus}|{name}": value for name, value in features.items()}}


def fit(documents: Sequence[DocumentExample], *, nerel_weight: float, l2: float, thresholds: dict[str, float]) -> ArgumentScorer:
    """One model per role from the labelled candidates of ``documents``."""
    weights = {}
    for role in ROLES:
        examples = [
            (_augmented(c.features, d.corpus), bool(c.positive), nerel_weight if d.corpus == "nerel" else 1.0)
            for d in documents
            for e in d.events
            for c in e.candidates
            if c.role == role and c.positive is not None and (d.corpus != "nerel" or nerel_weight > 0)
        ]
        weights[role] = fit_role(examples, l2=l2)
    return ArgumentScorer(weights, thresholds)


# --------------------------------------------------------------------------- scoring


def score(documents: Sequence[DocumentExample], scorer: ArgumentScorer | None):
    """``ruevents eval events`` argument scores of the events' arguments as
    ``scorer`` chooses them (the rules' own with None)."""
    from dataclasses import replace

    from ..evaluation.events import ScoredArgument, ScoredEvent, Scores, score_document

    scores = Scores()
    for document in documents:
        predicted = []
        for event in document.events:
            if scorer is None:
                arguments = event.rule_arguments
            else:
                kept = scorer.choose(event.type, event.candidates)
                arguments = tuple(
                    ScoredArgument(role, ((c.start_char, c.end_char),), "") for role in ROLES for c in kept[role]
                )
            predicted.append(ScoredEvent(event.type, (event.trigger,), event.text, arguments))
        gold = document.gold
        if not document.typed:
            gold = [replace(g, type=g.type or "unlisted") for g in gold]
        score_document(predicted, gold, scores, typed=document.typed)
    return scores


def figures(scores) -> dict[str, float]:
    from ..evaluation.annotated import CONTACT_TYPES

    return {
        "argument_f1": round(100 * scores.argument().f1, 2),
        "argument_f1_contact": round(100 * scores.argument(CONTACT_TYPES).f1, 2),
        **{f"{role}_f1": round(100 * scores.argument(roles=[role]).f1, 2) for role in ROLES},
    }


def cross_validate(ours: Sequence[DocumentExample], nerel: Sequence[DocumentExample], *, nerel_weight: float, l2: float) -> list[list[DocumentExample]]:
    """Our documents, each scored by a model fitted without its fold: per fold, the held-out documents with candidate scores set."""
    held_out = []
    for fold in range(FOLDS):
        training = [d for k, d in enumerate(ours) if k % FOLDS != fold] + list(nerel)
        model = fit(training, nerel_weight=nerel_weight, l2=l2, thresholds={r: 0.5 for r in ROLES})
        held_out.append([(d, model) for k, d in enumerate(ours) if k % FOLDS == fold])
    return held_out


def choose_thresholds(held_out, *, grid: Sequence[float] = THRESHOLDS) -> tuple[dict[str, float], dict[str, float]]:
    """Per role, the threshold with the best cross-validated argument F1 (all types), roles in turn."""
    thresholds = {r: 0.5 for r in ROLES}

    def cv_scores(chosen):
        from ..evaluation.events import Scores

        total = Scores()
        for fold in held_out:
            for document, model in fold:
                part = score([document], ArgumentScorer(model.weights, chosen))
                for key, counts in part.triggers.items():
                    total._trigger_counts(key).add(counts)
                for key, counts in part.arguments.items():
                    total._argument_counts(*key).add(counts)
        return total

    for _ in range(2):
        for role in ROLES:
            best = max(grid, key=lambda t: (cv_scores({**thresholds, role: t}).argument().f1, t is None, -abs((t or 0.5) - 0.5)))
            thresholds[role] = best
    for role in ROLES:
        # the rules are read and fixed by people: the model replaces them only for a clear gain
        with_model = cv_scores(thresholds).argument(roles=[role]).f1
        with_rules = cv_scores({**thresholds, role: None}).argument(roles=[role]).f1
        if 100 * (with_model - with_rules) < MIN_GAIN:
            thresholds[role] = None
    return thresholds, figures(cv_scores(thresholds))


def train(
    annotated: Path,
    nerel: Path | None,
    output: Path,
    *,
    validation: Path | None = None,
    nerel_weights: Sequence[float] = (0.0, 1.0),
    l2s: Sequence[float] = (3.0, 10.0, 30.0),
) -> dict:
    """Choose the NEREL weight, the L2 strength and the thresholds by
    cross-validation on ``annotated/train``, fit on all of it (and NEREL),
    write ``output``.

    With ``validation`` (NEREL dev) a role keeps its model only if it also
    gains :data:`MIN_GAIN` F1 points there: our rules were written on
    ``annotated/train``, so their errors there are the rare leftovers, and a
    gain over them in cross-validation alone may not carry over to text they
    were not tuned on.
    """
    ours = annotated_documents(annotated / "train")
    nerel_docs = nerel_documents(nerel) if nerel is not None else []
    rules = figures(score(ours, None))
    trials = {}
    for weight in nerel_weights if nerel_docs else (0.0,):
        for l2 in l2s:
            held_out = cross_validate(ours, nerel_docs, nerel_weight=weight, l2=l2)
            trials[(weight, l2)] = choose_thresholds(held_out)
    weight, l2 = max(trials, key=lambda k: trials[k][1]["argument_f1"])
    thresholds, cv = trials[(weight, l2)]
    model = fit(list(ours) + list(nerel_docs), nerel_weight=weight, l2=l2, thresholds=thresholds)
    validated = {}
    if validation is not None:
        held_out = nerel_documents(validation)
        for role in ROLES:
            if model.thresholds[role] is None:
                continue
            rules_only = {**model.thresholds, role: None}
            with_model = score(held_out, model).argument(roles=[role]).f1
            with_rules = score(held_out, ArgumentScorer(model.weights, rules_only)).argument(roles=[role]).f1
            validated[role] = {"model_f1": round(100 * with_model, 2), "rules_f1": round(100 * with_rules, 2)}
            if 100 * (with_model - with_rules) < MIN_GAIN:
                thresholds = {**thresholds, role: None}
        model = ArgumentScorer(model.weights, thresholds)
    metrics = {
        "annotated_train_rules": rules,
        "annotated_train_cross_validated": cv,
        "cross_validation_trials": {f"nerel_weight={k[0]} l2={k[1]}": {"thresholds": v[0], **v[1]} for k, v in trials.items()},
        "annotated_train_fitted": figures(score(ours, model)),
        "validation_nerel_dev": validated,
    }
    if (annotated / "test").is_dir():
        test = annotated_documents(annotated / "test")
        metrics["annotated_test_rules"] = figures(score(test, None))
        metrics["annotated_test"] = figures(score(test, model))
    data = {
        "version": MODEL_VERSION,
        "kind": "logistic regression per role over argument candidates (ruevents.events.candidates.features)",
        "trained": dt.date.today().isoformat(),
        "sources": {"annotated_train": len(ours), "nerel_train": len(nerel_docs), "nerel_weight": weight, "l2": l2},
        "metrics": metrics,
        "roles": {role: {"threshold": thresholds[role], "weights": model.weights[role]} for role in ROLES},
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return data
