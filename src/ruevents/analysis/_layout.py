"""Where the nodes and labels of a network picture go: components packed, labels kept apart.

Used by :func:`ruevents.analysis.plots.plot_network`.  Positions are in
inches, so the figure can be sized to the network and a label's width is
known before it is drawn.
"""

from __future__ import annotations

import math
from typing import Any

from ._deps import require

nx = require("networkx")

#: rough width of one character at 10 pt in inches (DejaVu Sans, Cyrillic): enough to keep labels apart
_CHAR_WIDTH = 0.085
_LABEL_DROP = 0.42  # how far a label reaches below its node's centre, in inches
_GAP = 0.45  # between packed components, in inches


def label_width(name: str) -> float:
    return _CHAR_WIDTH * len(name) + 0.2


def layout_component(graph, nodes, seed: int) -> tuple[dict[Any, tuple[float, float]], float, float]:
    """Positions in inches of one connected component, its box's top-left at (0, 0), and the box's size.

    The box holds the nodes and their labels (centred under the node), so boxes
    that do not overlap have labels that do not overlap.
    """
    names = {n: graph.nodes[n]["name"] for n in nodes}
    ordered = sorted(nodes, key=lambda n: names[n])
    if len(ordered) <= 2:
        x, local = 0.0, {}
        for index, node in enumerate(ordered):
            half = label_width(names[node]) / 2
            if index:
                previous = label_width(names[ordered[index - 1]]) / 2
                x += max(1.6, previous + half + 0.3)  # far enough for the labels, long enough to see the edge
            else:
                x = half
            local[node] = (x, 0.0)
    else:
        # spring layout needs numpy only (kamada_kawai would need scipy); unweighted so heavy edges do not collapse
        spring = nx.spring_layout(graph.subgraph(nodes), weight=None, seed=seed, iterations=300)
        side = max(3.2, 1.75 * math.sqrt(len(nodes)))
        local = {n: (float(x) * side / 2, float(y) * side / 2 * 0.8) for n, (x, y) in spring.items()}
        local = spread(local, names)
    left = min(x - label_width(names[n]) / 2 for n, (x, y) in local.items())
    right = max(x + label_width(names[n]) / 2 for n, (x, y) in local.items())
    top = max(y for x, y in local.values()) + 0.3
    bottom = min(y for x, y in local.values()) - _LABEL_DROP
    positions = {n: (x - left, y - top) for n, (x, y) in local.items()}
    return positions, right - left, top - bottom


def _footprint(x: float, y: float, name: str) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) in inches of a node at (x, y) with its label centred under it."""
    half = max(label_width(name), 0.5) / 2
    return x - half, y - _LABEL_DROP, x + half, y + 0.25


def spread(positions: dict[Any, tuple[float, float]], names: dict[Any, str], *, rounds: int = 300) -> dict[Any, tuple[float, float]]:
    """Move nodes apart until no two footprints (node and label) overlap, or ``rounds`` run out.

    A spring layout puts the leaves of a hub close together whatever their
    labels; pushing overlapping footprints apart along the axis where they
    overlap least keeps the layout's shape and makes every label readable.
    """
    moved = dict(positions)
    nodes = list(moved)
    for _ in range(rounds):
        clear = True
        for i, a in enumerate(nodes):
            for b in nodes[i + 1:]:
                left_a, bottom_a, right_a, top_a = _footprint(*moved[a], names[a])
                left_b, bottom_b, right_b, top_b = _footprint(*moved[b], names[b])
                overlap_x = min(right_a, right_b) - max(left_a, left_b)
                overlap_y = min(top_a, top_b) - max(bottom_a, bottom_b)
                if overlap_x <= 0 or overlap_y <= 0:
                    continue
                clear = False
                (xa, ya), (xb, yb) = moved[a], moved[b]
                if overlap_x < overlap_y * 2:  # labels are wide: moving sideways is often the shorter way
                    step = (overlap_x / 2 + 0.02) * (1 if xa >= xb else -1)
                    moved[a], moved[b] = (xa + step, ya), (xb - step, yb)
                else:
                    step = (overlap_y / 2 + 0.02) * (1 if ya >= yb else -1)
                    moved[a], moved[b] = (xa, ya + step), (xb, yb - step)
        if clear:
            break
    return moved


def pack_components(graph, seed: int) -> tuple[dict[Any, tuple[float, float]], float, float]:
    """All components laid out in inches: the biggest at the left, the others in columns to its right.

    One spring layout of a disconnected graph flings small components to the
    edges and squeezes the big one; packing them keeps every label readable.
    Returns the positions and the width and height they cover.
    """
    components = sorted(nx.connected_components(graph), key=lambda c: (-len(c), sorted(graph.nodes[n]["name"] for n in c)))
    laid_out = [layout_component(graph, nodes, seed) for nodes in components]
    first_positions, first_width, first_height = laid_out[0]
    positions = dict(first_positions)
    column_height = max(first_height, 2.5)
    x, y, column_width = first_width + _GAP, 0.0, 0.0
    total_width, total_height = first_width, first_height
    for local, width, height in laid_out[1:]:
        if y and -y + height > column_height:  # start a new column
            x, y, column_width = x + column_width + _GAP, 0.0, 0.0
        for node, (nx_, ny) in local.items():
            positions[node] = (x + nx_, y + ny)
        column_width = max(column_width, width)
        total_width = max(total_width, x + width)
        total_height = max(total_height, -y + height)
        y -= height + _GAP * 0.5
    return positions, total_width, total_height


def repel_labels(figure, texts, obstacles=(), *, rounds: int = 80) -> None:
    """Move labels off each other and off other nodes, along the axis where they overlap least.

    ``obstacles`` are (display box, index of the label that may touch it or
    ``None``): a label's own node does not push it, other nodes and the
    edges' count labels do.  Works in display space
    and moves labels by their offset, so the nodes stay where the layout put them.
    """
    renderer = figure.canvas.get_renderer()

    def push(index: int, axis: int, amount: float) -> None:
        dx, dy = texts[index].xyann
        shift = amount * 72 / figure.dpi  # display pixels → offset points
        texts[index].xyann = (dx + shift, dy) if axis == 0 else (dx, dy + shift)

    def apart(a, b) -> tuple[int, float, bool]:
        """(axis, half the overlap + 1 px, whether a lies after b on that axis)."""
        overlap_x = min(a.x1, b.x1) - max(a.x0, b.x0)
        overlap_y = min(a.y1, b.y1) - max(a.y0, b.y0)
        axis = 0 if overlap_x < overlap_y else 1
        after = (a.x0 + a.x1 >= b.x0 + b.x1) if axis == 0 else (a.y0 + a.y1 >= b.y0 + b.y1)
        return axis, (overlap_x if axis == 0 else overlap_y) / 2 + 1, after

    for _ in range(rounds):
        moved = False
        for i in range(len(texts)):
            for j in range(len(texts)):
                box = texts[i].get_window_extent(renderer).expanded(1.06, 1.2)
                if j > i:
                    other = texts[j].get_window_extent(renderer).expanded(1.06, 1.2)
                    if box.overlaps(other):
                        axis, step, after = apart(box, other)
                        push(i, axis, step if after else -step)
                        push(j, axis, -step if after else step)
                        moved = True
            for obstacle, owner in obstacles:
                box = texts[i].get_window_extent(renderer).expanded(1.06, 1.2)
                if owner != i and box.overlaps(obstacle):
                    axis, step, after = apart(box, obstacle)
                    push(i, axis, 2 * step if after else -2 * step)  # the obstacle does not move: the label goes all the way
                    moved = True
        if not moved:
            return
