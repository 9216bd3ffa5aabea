"""Tests for ruevents.tree: single-root maximum spanning tree decoding."""

from __future__ import annotations

import itertools
import sys
from functools import cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

try:
    import ruevents.tree  # noqa: F401
except ImportError:  # package not installed: fall back to the src layout
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from ruevents import tree as tree_mod
from ruevents.tree import decode_tree, is_well_formed


def _matrix(n: int, edges: dict[tuple[int, int], float]) -> np.ndarray:
    """Scores of shape (n, n+1), zero except ``{(dep, head): score}`` (1-based)."""
    scores = np.zeros((n, n + 1))
    for (dep, head), value in edges.items():
        scores[dep - 1, head] = value
    return scores


def _total(scores: np.ndarray, heads) -> float:
    return float(scores[np.arange(len(heads)), np.asarray(heads)].sum())


@cache
def _all_trees(n: int) -> np.ndarray:
    """Every well-formed single-root head assignment for n tokens."""
    trees = [h for h in itertools.product(range(n + 1), repeat=n) if is_well_formed(h)]
    return np.array(trees, dtype=np.int64)


def _brute_force_best(scores: np.ndarray) -> float:
    trees = _all_trees(scores.shape[0])
    return float(scores[np.arange(scores.shape[0]), trees].sum(axis=1).max())


HAND_BUILT = {
    # argmax [0, 0, 2]: tokens 1 and 2 both want ROOT.
    "two_roots": (_matrix(3, {(1, 0): 10, (2, 0): 9, (2, 1): 5, (3, 2): 5}), [0, 1, 2]),
    # argmax [0, 0, 0]: every token wants ROOT, only one may keep it.
    "all_roots": (
        _matrix(3, {(1, 0): 10, (2, 0): 9, (3, 0): 8, (2, 1): 1, (3, 2): 2}),
        [0, 1, 2],
    ),
    # argmax [3, 1, 2]: a cycle and nothing attached to ROOT.
    "no_root": (
        _matrix(3, {(1, 3): 5, (2, 1): 5, (3, 2): 5, (1, 0): 1, (2, 0): 2, (3, 0): 1}),
        [3, 0, 2],
    ),
    # Self-loop scores are huge but must never be chosen.
    "self_loop": (_matrix(2, {(1, 1): 100, (2, 2): 100, (1, 0): 3, (1, 2): 1, (2, 1): 2}), [0, 1]),
    # argmax [0, 3, 2]: tokens 2 and 3 head each other.
    "two_cycle": (
        _matrix(3, {(1, 0): 10, (2, 3): 5, (3, 2): 5, (2, 1): 4, (3, 1): 1}),
        [0, 1, 2],
    ),
    # argmax [2, 3, 1, 0]: 1 -> 2 -> 3 -> 1; cheapest break is entering at 1.
    "three_cycle": (
        _matrix(4, {(1, 2): 5, (2, 3): 5, (3, 1): 5, (4, 0): 10, (1, 4): 3, (2, 4): 1, (3, 4): 1}),
        [4, 3, 1, 0],
    ),
    # Negative scores everywhere; the best tree is the least bad one.
    "all_negative": (
        _matrix(2, {(1, 0): -1, (1, 2): -5, (2, 0): -2, (2, 1): -3}),
        [0, 1],
    ),
}


@pytest.mark.parametrize(("scores", "expected"), HAND_BUILT.values(), ids=HAND_BUILT.keys())
def test_tree_hand_built_optimum(scores: np.ndarray, expected: list[int]) -> None:
    heads = decode_tree(scores)
    assert is_well_formed(heads.tolist())
    assert heads.tolist() == expected
    assert _total(scores, heads) == pytest.approx(_brute_force_best(scores), abs=1e-9)


@pytest.mark.parametrize("name", ["two_roots", "no_root", "self_loop", "two_cycle", "three_cycle"])
def test_tree_hand_built_argmax_is_malformed(name: str) -> None:
    scores = HAND_BUILT[name][0]
    assert not is_well_formed(scores.argmax(axis=1).tolist())


def test_tree_single_token_goes_to_root() -> None:
    assert decode_tree(np.array([[-3.0, 7.0]])).tolist() == [0]


@pytest.mark.parametrize("n", range(1, 7))
def test_tree_enumeration_counts_rooted_trees(n: int) -> None:
    # Cayley: n^(n-1) rooted labelled trees, so is_well_formed is exact here.
    assert len(_all_trees(n)) == n ** (n - 1)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda n: arrays(np.float64, (n, n + 1), elements=st.floats(-100, 100, allow_nan=False))
    )
)
def test_tree_matches_brute_force_hypothesis(scores: np.ndarray) -> None:
    heads = decode_tree(scores)
    assert is_well_formed(heads.tolist())
    assert _total(scores, heads) == pytest.approx(_brute_force_best(scores), abs=1e-9)


@pytest.mark.parametrize("seed", range(200))
def test_tree_matches_brute_force_random(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 7))
    # Small integers give many ties; normals with a ROOT bias give many roots.
    if seed % 2:
        scores = rng.integers(-3, 4, size=(n, n + 1)).astype(float)
    else:
        scores = rng.normal(size=(n, n + 1))
        scores[:, 0] += rng.uniform(0, 3)
    heads = decode_tree(scores)
    assert is_well_formed(heads.tolist())
    assert _total(scores, heads) == pytest.approx(_brute_force_best(scores), abs=1e-9)


@pytest.mark.parametrize("seed", range(20))
def test_tree_fast_path_returns_argmax(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 30))
    # A random tree: each token attaches to an earlier one, token 1 to ROOT.
    gold = np.array([0] + [int(rng.integers(1, i + 1)) for i in range(1, n)])
    perm = np.concatenate([[0], rng.permutation(n) + 1])
    gold = perm[gold][np.argsort(perm[1:])]
    scores = rng.normal(size=(n, n + 1))
    scores[np.arange(n), gold] += 10.0
    assert is_well_formed(gold.tolist())

    def _fail(_: np.ndarray) -> np.ndarray:
        raise AssertionError("MST must not run when argmax is already a tree")

    monkeypatch.setattr(tree_mod, "_chu_liu_edmonds", _fail)
    assert decode_tree(scores).tolist() == scores.argmax(axis=1).tolist() == gold.tolist()


@pytest.mark.parametrize(
    ("heads", "expected"),
    [
        ([0], True),
        ([0, 1, 2], True),
        ([2, 0, 2], True),
        ([4, 3, 1, 0], True),
        ([1], False),  # self-loop
        ([0, 2], False),  # self-loop
        ([0, 0], False),  # two roots
        ([2, 1], False),  # no root, 2-cycle
        ([0, 3, 4, 2], False),  # root present, 3-cycle elsewhere
        ([0, 5], False),  # head out of range
        ([0, -1], False),  # negative head
        ([], False),  # empty
    ],
)
def test_tree_is_well_formed(heads: list[int], expected: bool) -> None:
    assert is_well_formed(heads) is expected


@pytest.mark.parametrize(
    "kind", ["normal", "root_biased", "one_big_cycle", "all_want_root"]
)
def test_tree_large_input_is_well_formed(kind: str) -> None:
    n = 600
    rng = np.random.default_rng(0)
    scores = rng.normal(size=(n, n + 1))
    if kind == "root_biased":
        scores[:, 0] += 2.0
    elif kind == "one_big_cycle":
        scores[np.arange(n), (np.arange(n) + 1) % n + 1] += 10.0
    elif kind == "all_want_root":
        scores[:, 0] += 10.0
    heads = decode_tree(scores)
    assert heads.shape == (n,)
    assert is_well_formed(heads.tolist())
    assert _total(scores, heads) >= _total(scores, _chain(n)) - 1e-9


def _chain(n: int) -> np.ndarray:
    return np.arange(n)  # token 1 under ROOT, token i under i-1


@pytest.mark.parametrize(
    "scores",
    [np.zeros((3, 3)), np.zeros((0, 1)), np.zeros((0, 0)), np.zeros(4), np.zeros((2, 4)), np.zeros((1, 2, 3))],
    ids=["square", "empty", "empty_square", "1d", "too_wide", "3d"],
)
def test_tree_shape_errors(scores: np.ndarray) -> None:
    with pytest.raises(ValueError, match="expected scores of shape"):
        decode_tree(scores)


def test_tree_shape_error_message() -> None:
    with pytest.raises(ValueError, match=r"expected scores of shape \(n, n\+1\), got \(3, 3\)"):
        decode_tree(np.zeros((3, 3)))


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_tree_non_finite_scores_rejected(bad: float) -> None:
    scores = np.zeros((2, 3))
    scores[1, 0] = bad
    with pytest.raises(ValueError, match="finite"):
        decode_tree(scores)


# --- projective decoding -----------------------------------------------------

from ruevents.tree import decode_projective_tree, decode_projective_trees, is_projective  # noqa: E402


@cache
def _projective_trees(n: int) -> np.ndarray:
    return np.array([h for h in _all_trees(n).tolist() if is_projective(h)])


def _brute_force_projective_best(scores: np.ndarray) -> float:
    trees = _projective_trees(len(scores))
    return float(scores[np.arange(len(scores)), trees].sum(axis=1).max())


@pytest.mark.parametrize(
    ("heads", "expected"),
    [
        ([0], True),
        ([2, 0, 2], True),
        # 1 → 3 and 2 → 4 cross
        ([3, 4, 0, 3], False),
        # «Макрон, прилетевший …, был принят Путиным в Кремле»: «в Кремле» (5) on the participle (2) across the verb (4)
        ([4, 1, 2, 0, 2], False),
    ],
)
def test_tree_is_projective(heads: list[int], expected: bool) -> None:
    assert is_projective(heads) is expected


@pytest.mark.parametrize("seed", range(200))
def test_tree_projective_matches_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 7))
    scores = rng.normal(size=(n, n + 1)) * 3
    heads = decode_projective_tree(scores).tolist()
    assert is_well_formed(heads) and is_projective(heads)
    assert _total(scores, heads) == pytest.approx(_brute_force_projective_best(scores))


def test_tree_projective_batch_equals_one_by_one() -> None:
    # sentences of different lengths decoded together (padded) give each its own best tree
    rng = np.random.default_rng(7)
    matrices = [rng.normal(size=(n, n + 1)) * 3 for n in (1, 2, 5, 9, 14, 6)]
    together = decode_projective_trees(matrices)
    assert [h.tolist() for h in together] == [decode_projective_tree(m).tolist() for m in matrices]
    for scores, heads in zip(matrices, together):
        assert is_well_formed(heads.tolist()) and is_projective(heads.tolist())


def test_tree_projective_keeps_the_best_tree_when_it_is_projective() -> None:
    rng = np.random.default_rng(3)
    for _ in range(50):
        scores = rng.normal(size=(8, 9))
        best = decode_tree(scores).tolist()
        if is_projective(best):
            assert decode_projective_tree(scores).tolist() == best
