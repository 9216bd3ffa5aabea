"""Decode a well-formed dependency tree from biaffine head scores.

slovnet picks the best head of every token independently, which in news text
often yields several roots, no root or cycles.  :func:`decode_tree` instead
returns the maximum spanning arborescence with exactly one token under ROOT.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["decode_tree", "is_well_formed"]


def is_well_formed(heads: Sequence[int]) -> bool:
    """Return True iff ``heads`` (1-based, 0 = ROOT) is a tree with one root.

    ``heads[i]`` is the head of token ``i + 1``.  Every value must lie in
    ``0..n``, no token may head itself, exactly one token hangs off ROOT and
    every token must reach ROOT (i.e. there are no cycles).
    """
    n = len(heads)
    if n < 1 or any(not 0 <= h <= n for h in heads):
        return False
    if sum(1 for h in heads if h == 0) != 1:
        return False
    # 1 = known to reach ROOT; walking each chain once keeps this O(n).
    state = [0] * (n + 1)
    state[0] = 1
    for start in range(1, n + 1):
        path: list[int] = []
        node = start
        while state[node] == 0:
            state[node] = 2  # on the current path: meeting it again is a cycle
            path.append(node)
            node = heads[node - 1]
        if state[node] == 2:
            return False
        for visited in path:
            state[visited] = 1
    return True


def _find_cycle(tree: np.ndarray) -> np.ndarray | None:
    """Return the nodes of one cycle of ``tree`` (head per node, 0 = ROOT)."""
    heads = tree.tolist()
    done = [False] * len(heads)
    done[0] = True
    for start in range(1, len(heads)):
        on_path: dict[int, int] = {}
        node = start
        while not done[node] and node not in on_path:
            on_path[node] = len(on_path)
            node = heads[node]
        if node in on_path:  # the walk bit its own tail: that tail is a cycle
            return np.array(list(on_path)[on_path[node]:])
        for visited in on_path:
            done[visited] = True
    return None


def _chu_liu_edmonds(scores: np.ndarray) -> np.ndarray:
    """Maximum arborescence rooted at node 0 of ``scores[dep, head]``.

    Cycles are contracted one at a time in a loop and expanded afterwards
    from an explicit stack, so long sentences cannot hit the recursion limit.
    """
    stack = []
    while True:
        tree = scores.argmax(axis=1)
        tree[0] = 0
        cycle_locs = _find_cycle(tree)
        if cycle_locs is None:
            break
        in_cycle = np.zeros(len(tree), dtype=bool)
        in_cycle[cycle_locs] = True
        noncycle_locs = np.flatnonzero(~in_cycle)  # ROOT stays at index 0
        cycle_scores = scores[cycle_locs, tree[cycle_locs]]
        # (rows[:, None], cols) picks the same block as np.ix_(rows, cols), without its
        # per-call type checks: sentences with many cycles contract dozens of times
        cycle_rows, noncycle_rows = cycle_locs[:, None], noncycle_locs[:, None]
        # Entering the cycle at dep d from head h breaks d's cycle edge.
        enter = scores[cycle_rows, noncycle_locs] - cycle_scores[:, None]
        leave = scores[noncycle_rows, cycle_locs]
        enter_dep = enter.argmax(axis=0)
        leave_head = leave.argmax(axis=1)
        k = len(noncycle_locs)
        columns = np.arange(k)
        sub = np.full((k + 1, k + 1), -np.inf)
        sub[:k, :k] = scores[noncycle_rows, noncycle_locs]
        sub[k, :k] = enter[enter_dep, columns] + cycle_scores.sum()
        sub[:k, k] = leave[columns, leave_head]
        stack.append((tree, cycle_locs, noncycle_locs, enter_dep, leave_head))
        scores = sub
    while stack:
        outer, cycle_locs, noncycle_locs, enter_dep, leave_head = stack.pop()
        k = len(noncycle_locs)
        new = np.empty(len(outer), dtype=np.int64)
        new[cycle_locs] = outer[cycle_locs]
        plain = tree[:k] < k
        new[noncycle_locs[plain]] = noncycle_locs[tree[:k][plain]]
        new[noncycle_locs[~plain]] = cycle_locs[leave_head[~plain]]
        cycle_head = tree[k]
        new[cycle_locs[enter_dep[cycle_head]]] = noncycle_locs[cycle_head]
        tree = new
    return tree


def decode_tree(scores: np.ndarray) -> np.ndarray:
    """Return 1-based heads (0 = ROOT) of the best single-root tree.

    ``scores`` has shape ``(n, n + 1)``; ``scores[i, j]`` scores head ``j``
    (0 = ROOT) for token ``i + 1``.  The result maximises the summed score
    over all well-formed trees with exactly one ROOT child.
    """
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim != 2 or scores.shape[0] < 1 or scores.shape[1] != scores.shape[0] + 1:
        raise ValueError(f"expected scores of shape (n, n+1), got {scores.shape}")
    if not np.isfinite(scores).all():
        raise ValueError("scores must be finite")
    n = scores.shape[0]
    graph = np.full((n + 1, n + 1), -np.inf)
    graph[1:] = scores
    np.fill_diagonal(graph, -np.inf)
    heads = graph[1:].argmax(axis=1)
    if is_well_formed(heads.tolist()):
        return heads
    # Any arborescence uses >= 1 ROOT edge and two trees differ by at most
    # n * spread, so this penalty makes every extra ROOT edge a net loss.
    spread = float(scores.max() - scores.min())
    graph[1:, 0] -= n * spread + 1.0
    return _chu_liu_edmonds(graph)[1:]


def is_projective(heads: Sequence[int]) -> bool:
    """Return True iff no two arcs of ``heads`` (1-based, 0 = ROOT) cross."""
    heads = np.asarray(heads)
    words = np.arange(1, len(heads) + 1)
    left, right = np.minimum(heads, words), np.maximum(heads, words)
    # arc a crosses arc b when b starts strictly inside a and ends strictly outside it
    crossing = (left[:, None] < left[None, :]) & (left[None, :] < right[:, None]) & (right[:, None] < right[None, :])
    return not crossing.any()


def decode_projective_trees(matrices: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Return 1-based heads (0 = ROOT) of the best single-root *projective* tree
    of each sentence.

    Each matrix is as for :func:`decode_tree`.  No arc may cross another,
    which rules out the parser's long attachments across the verb («Макрон,
    прилетевший в российскую столицу, … был принят Путиным в Кремле» with «в
    Кремле» on the participle).  The best tree of all, when it is projective,
    is the best projective one; the others (about one sentence in twelve of
    news) go through Eisner's algorithm together, so that numpy works on all
    of them at once.
    """
    results: list[np.ndarray | None] = []
    crossing: list[int] = []
    for position, scores in enumerate(matrices):
        heads = decode_tree(scores)
        if is_projective(heads):
            results.append(heads)
        else:
            results.append(None)
            crossing.append(position)
    if crossing:
        for position, heads in zip(crossing, _eisner([np.asarray(matrices[i], dtype=np.float64) for i in crossing])):
            results[position] = heads
    return results  # type: ignore[return-value]


def decode_projective_tree(scores: np.ndarray) -> np.ndarray:
    """:func:`decode_projective_trees` for one sentence."""
    return decode_projective_trees([scores])[0]


def _eisner(matrices: list[np.ndarray]) -> list[np.ndarray]:
    """Eisner's first-order projective decoding with one root, for sentences
    padded to the longest: a padding word can only hang on the word before
    it, at no cost, so that each sentence's own best tree is unchanged.
    Spans are kept in flat arrays indexed ``batch * N * N + start * N + end``.
    The matrices are checked by :func:`decode_tree` first, as its caller runs it."""
    minus = -np.inf
    count, size = len(matrices), max(len(m) for m in matrices)
    arc = np.full((count, size, size), minus)  # arc[b, h, d]: word h heads word d
    root = np.full((count, size), minus)
    for b, scores in enumerate(matrices):
        n = len(scores)
        arc[b, :n, :n] = scores[:, 1:].T
        root[b, :n] = scores[:, 0]
        for pad in range(n, size):
            arc[b, pad - 1, pad] = 0.0
    np.einsum("bii->bi", arc)[...] = minus  # no word heads itself
    cells = size * size
    base = (np.arange(count) * cells)[:, None, None]
    complete_right = np.full(count * cells, minus)  # head at start, covering start..end
    complete_left = np.full(count * cells, minus)  # head at end
    incomplete_right = np.full(count * cells, minus)  # start heads end
    incomplete_left = np.full(count * cells, minus)  # end heads start
    diagonal = (base[:, :, 0] + np.arange(size) * (size + 1)).ravel()
    complete_right[diagonal] = 0.0
    complete_left[diagonal] = 0.0
    split = np.zeros(count * cells, dtype=np.int64)
    split_right = np.zeros(count * cells, dtype=np.int64)
    split_left = np.zeros(count * cells, dtype=np.int64)
    arc_right = arc.ravel()
    arc_left = arc.transpose(0, 2, 1).ravel()
    for length in range(1, size):
        starts = np.arange(size - length)
        ends = starts + length
        span = (base[:, :, 0] + starts * size + ends).ravel()  # (count * spans)
        middles = starts[:, None] + np.arange(length)  # start .. end-1
        first = base + starts[:, None] * size + middles  # start, middle
        second = base + (middles + 1) * size + ends[:, None]  # middle+1, end
        inner = complete_right.take(first) + complete_left.take(second)
        best = inner.argmax(axis=2)
        value = np.take_along_axis(inner, best[..., None], axis=2)[..., 0].ravel()
        split[span] = (starts + best).ravel()
        incomplete_right[span] = value + arc_right.take(span)
        incomplete_left[span] = value + arc_left.take(span)
        right = incomplete_right.take(first + 1) + complete_right.take(base + (middles + 1) * size + ends[:, None])
        best = right.argmax(axis=2)
        split_right[span] = (starts + 1 + best).ravel()
        complete_right[span] = np.take_along_axis(right, best[..., None], axis=2)[..., 0].ravel()
        left = complete_left.take(first) + incomplete_left.take(base + middles * size + ends[:, None])
        best = left.argmax(axis=2)
        split_left[span] = (starts + best).ravel()
        complete_left[span] = np.take_along_axis(left, best[..., None], axis=2)[..., 0].ravel()
    results = []
    for b, scores in enumerate(matrices):
        offset = b * cells
        top = root[b] + complete_left[offset : offset + size] + complete_right[offset + np.arange(size) * size + size - 1]
        chosen = int(top.argmax())
        heads = np.zeros(size, dtype=np.int64)
        # (kind, start, end): 0 complete right, 1 complete left, 2 start heads end, 3 end heads start
        stack = [(1, 0, chosen), (0, chosen, size - 1)]
        while stack:
            kind, start, end = stack.pop()
            if start == end:
                continue
            cell = offset + start * size + end
            if kind == 0:
                middle = int(split_right[cell])
                stack += [(2, start, middle), (0, middle, end)]
            elif kind == 1:
                middle = int(split_left[cell])
                stack += [(1, start, middle), (3, middle, end)]
            else:
                if kind == 2:
                    heads[end] = start + 1
                else:
                    heads[start] = end + 1
                middle = int(split[cell])
                stack += [(0, start, middle), (1, middle + 1, end)]
        heads[chosen] = 0
        results.append(heads[: len(scores)])
    return results
