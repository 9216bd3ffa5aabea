"""Event confidence: the learned logistic model, its training and its file."""

from __future__ import annotations

import json
from pathlib import Path

import ruevents
from ruevents.confidence import MODEL_FILE, MODEL_VERSION, ConfidenceModel, load_model, model_paths
from ruevents.training.confidence import Example, fit, report

MODEL = Path(__file__).resolve().parents[1] / "models" / MODEL_FILE


def test_confidence_fit_separates_what_it_can():
    examples = [Example({"bias": 1.0, "good": 1.0}, True) for _ in range(40)]
    examples += [Example({"bias": 1.0, "bad": 1.0}, False) for _ in range(40)]
    examples += [Example({"bias": 1.0, "good": 1.0}, False) for _ in range(5)]
    model = ConfidenceModel(fit(examples))
    assert model.score({"bias": 1.0, "good": 1.0}) > 0.8
    assert model.score({"bias": 1.0, "bad": 1.0}) < 0.2
    metrics = report(model, examples)
    assert metrics["auc"] > 0.85
    assert metrics["precision_top_third"] > metrics["precision_bottom_third"]


def test_confidence_rare_features_get_no_weight():
    examples = [Example({"bias": 1.0, "rare": 1.0}, True)] + [Example({"bias": 1.0}, False) for _ in range(20)]
    assert "rare" not in fit(examples)


def test_confidence_model_file_is_plain_json_of_this_version():
    data = json.loads(MODEL.read_text(encoding="utf-8"))
    assert data["version"] == MODEL_VERSION
    assert data["weights"]["bias"] != 0
    assert all(isinstance(v, float) for v in data["weights"].values())
    # held-out scores were recorded when it was trained: sorting by confidence helps
    test = data["metrics"]["annotated_test"]
    assert test["precision_top_third"] > test["precision_bottom_third"]


def test_confidence_pipeline_uses_the_model():
    assert MODEL in model_paths()
    model = load_model()
    assert model is not None
    record = ruevents.extract("Сергей Лавров встретился с Ван И в Пекине. Стороны обсудили ситуацию.")
    assert record.events
    for event in record.events:
        assert 0.0 <= event.confidence <= 1.0
