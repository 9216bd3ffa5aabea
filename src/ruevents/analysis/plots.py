"""Pictures of a corpus: the meeting network, timelines per actor, who met whom, events over time.

Every function returns a ``matplotlib.figure.Figure`` made without pyplot, so
it neither shows a window nor leaks into a global figure list: a notebook
displays the returned figure, a script calls ``figure.savefig("x.png")``.
Text is set in DejaVu Sans (shipped with matplotlib), which has Cyrillic.
Event types keep one colour in every picture (:data:`TYPE_COLORS`).
"""

from __future__ import annotations

import functools
import io
import math
from collections import Counter
from typing import Any, Sequence

from ._deps import require
from ._layout import pack_components, repel_labels
from .queries import (
    ACTOR_TYPES,
    actor_network,
    contact_matrix,
    events_by_period,
    resolve_actor,
)
from .tables import Tables

pd = require("pandas")
nx = require("networkx")

FONT = "DejaVu Sans"
#: one colour per event type, the contact types first and strongest
TYPE_COLORS: dict[str, str] = {
    "meeting": "#1f77b4", "phone_call": "#17becf", "visit": "#2ca02c", "statement": "#ff7f0e",
    "agreement": "#9467bd", "appointment": "#bcbd22", "resignation": "#c49c94", "election": "#e377c2",
    "arrest": "#d62728", "trial": "#7b1d1d", "attack": "#393b79", "accident": "#e7ba52", "death": "#525252",
    "birth": "#98df8a", "marriage": "#ff9896", "award": "#c5b0d5", "public_event": "#637939",
}
#: how the pictures name the event types (the data keeps the contract's names)
TYPE_LABELS: dict[str, str] = {
    "meeting": "встреча", "phone_call": "телефонный разговор", "visit": "визит", "statement": "заявление",
    "agreement": "соглашение", "appointment": "назначение", "resignation": "отставка", "election": "выборы",
    "arrest": "арест", "trial": "суд, обвинение", "attack": "нападение", "accident": "авария, пожар",
    "death": "смерть", "birth": "рождение", "marriage": "брак", "award": "награда", "public_event": "мероприятие",
}
OTHER_COLOR = "#c7c7c7"
ENTITY_COLORS = {"PER": "#f4a259", "ORG": "#5b8e7d", "LOC": "#8cb8d8"}


@functools.cache
def _figure_class():
    """``matplotlib.figure.Figure`` that shows itself as PNG in Jupyter, with or without pyplot.

    IPython displays a plain ``Figure`` as a picture only once pyplot has set
    up the inline backend; ``_repr_png_`` makes a returned figure show anyway.
    """
    from matplotlib.figure import Figure

    class AnalysisFigure(Figure):
        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=100)
            return buffer.getvalue()

    return AnalysisFigure


def _figure(width: float, height: float, *, layout: str | None = "constrained"):
    """A pyplot-free figure in the Cyrillic font, laid out (by default) so labels are not clipped."""
    matplotlib = require("matplotlib")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with matplotlib.rc_context({"font.family": FONT, "font.size": 10}):
        figure = _figure_class()(figsize=(width, height), layout=layout)
    FigureCanvasAgg(figure)  # a renderer to measure labels with, whatever the backend
    return figure


def _text_style():
    matplotlib = require("matplotlib")
    return matplotlib.rc_context({"font.family": FONT, "font.size": 10, "axes.titlesize": 13, "axes.titleweight": "bold"})


def type_color(kind: str) -> str:
    return TYPE_COLORS.get(kind, OTHER_COLOR)


def type_label(kind: str) -> str:
    """The Russian name of an event type in legends; an unknown type keeps its own name."""
    return TYPE_LABELS.get(kind, kind)


# --------------------------------------------------------------------------- network


def plot_network(
    source: Tables | Any,
    *,
    title: str | None = "Кто с кем контактировал",
    seed: int = 7,
    edge_labels: bool = True,
    **network_options: Any,
):
    """The contact network: actors as nodes (size by events), edges as wide as their number of contacts.

    ``source`` is the tables (``network_options`` go to
    :func:`~ruevents.analysis.queries.actor_network`, e.g.
    ``types=("meeting", "phone_call")``) or a graph it made.  With
    ``edge_labels``, edges of more than one contact show their count.  The
    figure's size follows the network: one unit of the layout is one inch, so
    labels keep their room however many actors there are.
    """
    from matplotlib.transforms import Bbox

    graph = source if isinstance(source, nx.Graph) else actor_network(source, **network_options)
    if graph.number_of_nodes() == 0:
        figure = _figure(6.0, 2.0)
        with _text_style():
            ax = figure.add_subplot()
            ax.set_axis_off()
            if title:
                ax.set_title(title)
            ax.text(0.5, 0.5, "нет событий-контактов с двумя участниками", ha="center", va="center", transform=ax.transAxes)
        return figure
    positions, layout_width, layout_height = pack_components(graph, seed)
    pad, title_room, legend_room = 0.35, (0.55 if title else 0.15), 0.55
    width = max(layout_width + 2 * pad, 6.0)
    height = layout_height + 2 * pad + title_room + legend_room
    figure = _figure(width, height, layout=None)
    with _text_style():
        # axes in inches: one layout unit is one inch
        ax = figure.add_axes((0.0, legend_room / height, 1.0, (height - title_room - legend_room) / height))
        ax.set_axis_off()
        extra = (width - layout_width) / 2
        ax.set_xlim(-extra, layout_width + extra)
        ax.set_ylim(-layout_height - pad, pad)
        if title:
            figure.suptitle(title, y=1 - 0.12 / height, va="top", fontsize=13, fontweight="bold", fontfamily=FONT)
        nodes = list(graph.nodes)
        weights = [data["weight"] for _, _, data in graph.edges(data=True)]
        top = max(weights)
        nx.draw_networkx_edges(graph, positions, ax=ax, width=[_edge_width(w, top) for w in weights],
                               edge_color="#7d8597", alpha=0.55)
        most = max(graph.nodes[n]["events"] for n in nodes)
        sizes = [250 + 1100 * graph.nodes[n]["events"] / most for n in nodes]
        colors = [ENTITY_COLORS.get(graph.nodes[n]["type"], OTHER_COLOR) for n in nodes]
        nx.draw_networkx_nodes(graph, positions, nodelist=nodes, ax=ax, node_size=sizes, node_color=colors,
                               edgecolors="white", linewidths=1.5)
        count_labels = {}
        if edge_labels:
            counts = {(u, v): str(d["weight"]) for u, v, d in graph.edges(data=True) if d["weight"] > 1}
            count_labels = nx.draw_networkx_edge_labels(
                graph, positions, edge_labels=counts, ax=ax, font_size=9, font_color="#33415c", font_family=FONT,
                rotate=False, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.9},
            )
        texts = []
        for node, size in zip(nodes, sizes):
            above = _edges_point_down(graph, positions, node)  # then a label below would sit on them
            offset = math.sqrt(size) / 2 + 2
            texts.append(ax.annotate(
                graph.nodes[node]["name"], positions[node], xytext=(0, offset if above else -offset), textcoords="offset points",
                ha="center", va="bottom" if above else "top", fontsize=10, fontfamily=FONT, zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            ))
        figure.draw_without_rendering()
        obstacles = []
        for index, (node, size) in enumerate(zip(nodes, sizes)):
            x, y = ax.transData.transform(positions[node])
            radius = math.sqrt(size) / 2 * figure.dpi / 72
            obstacles.append((Bbox.from_extents(x - radius, y - radius, x + radius, y + radius), index))
        renderer = figure.canvas.get_renderer()
        obstacles += [(label.get_window_extent(renderer), None) for label in count_labels.values()]
        repel_labels(figure, texts, obstacles)
        _network_legend(figure, graph, top)
    return figure


def _edges_point_down(graph, positions, node) -> bool:
    """Whether a label under ``node`` would sit on its edges and one above would not.

    True when some edge leaves steeply downwards (within 50° of straight
    down) and none leaves steeply upwards.
    """
    x, y = positions[node]
    sines = []
    for other in graph.neighbors(node):
        dx, dy = positions[other][0] - x, positions[other][1] - y
        sines.append(dy / math.hypot(dx, dy) if dx or dy else 0.0)
    return any(s < -0.64 for s in sines) and not any(s > 0.64 for s in sines)


def _edge_width(weight: int, top: int) -> float:
    """Line width in points: 1.2 for one contact, 8.2 for the most."""
    return 1.2 + 7.0 * (weight - 1) / max(top - 1, 1)


def _network_legend(figure, graph, top: int) -> None:
    from matplotlib.lines import Line2D

    kinds = sorted({data["type"] for _, data in graph.nodes(data=True)})
    names = {"PER": "человек", "ORG": "организация", "LOC": "место"}
    handles = [
        Line2D([], [], marker="o", linestyle="", markersize=10, markerfacecolor=ENTITY_COLORS.get(k, OTHER_COLOR),
               markeredgecolor="white", label=names.get(k, k))
        for k in kinds
    ]
    for count in sorted({1, top} | ({round(top / 2)} if top > 3 else set())):
        handles.append(Line2D([], [], color="#7d8597", alpha=0.55, linewidth=_edge_width(count, top),
                              label=f"{count} {_plural(count, 'контакт', 'контакта', 'контактов')}"))
    figure.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, fontsize=9,
                  bbox_to_anchor=(0.5, 0.01), handlelength=2.5, columnspacing=1.8)


def _plural(count: int, one: str, few: str, many: str) -> str:
    """The Russian form of a noun after a number: 1 контакт, 2 контакта, 5 контактов."""
    if count % 10 == 1 and count % 100 != 11:
        return one
    if count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        return few
    return many


# --------------------------------------------------------------------------- timeline


def plot_timeline(
    tables: Tables,
    actors: Sequence[str] | None = None,
    *,
    n: int = 8,
    types: Sequence[str] | None = None,
    modalities: Sequence[str] | None = ("asserted",),
    title: str | None = "События по участникам",
    width: float = 11.0,
):
    """One row per actor, a marker per (date, event type): when each actor did what.

    ``actors`` are names or ids (default: the ``n`` people and organisations
    in most dated events).  A marker's area grows with the number of events it
    stands for; filled markers are dated by the event's own time, hollow ones
    by the document date.  Markers too close to tell apart stack up and down
    around the actor's line.
    """
    events = tables.events
    if types is not None:
        events = events[events["type"].isin(list(types))]
    if modalities is not None:
        events = events[events["modality"].isin(list(modalities))]
    events = events[events["when"].notna()]
    if actors is None:
        kinds_of = dict(zip(tables.actors["actor_id"], tables.actors["type"]))
        dated = Counter(a for ids in events["actor_ids"] for a in ids if kinds_of.get(a) in ACTOR_TYPES)
        chosen = [a for a, _ in sorted(dated.items(), key=lambda item: (-item[1], tables.actor_name(item[0])))][:n]
    else:
        chosen = [resolve_actor(tables, a) for a in actors]
    rows = [
        (actor, when, kind, source)
        for ids, when, kind, source in zip(events["actor_ids"], events["when"], events["type"], events["date_source"])
        for actor in ids if actor in chosen
    ]
    points = pd.DataFrame(rows, columns=["actor_id", "when", "type", "date_source"])
    figure = _figure(width, 1.6 + 0.55 * max(len(chosen), 1))
    with _text_style():
        ax = figure.add_subplot()
        if title:
            ax.set_title(title)
        if points.empty:
            ax.text(0.5, 0.5, "нет датированных событий", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            return figure
        rank = {actor: i for i, actor in enumerate(chosen)}
        kinds = list(points["type"].value_counts().index)
        order = {kind: i for i, kind in enumerate(kinds)}
        grouped = points.groupby(["actor_id", "when", "type", "date_source"]).size().reset_index(name="count")
        # markers closer than ~1/60 of the time axis would hide each other: they share a stack
        span = max((points["when"].max() - points["when"].min()) / 60, pd.Timedelta(days=1))
        grouped["order"] = [(order[k], s != "event") for k, s in zip(grouped["type"], grouped["date_source"])]
        grouped = grouped.sort_values(["actor_id", "when", "order"], kind="stable")
        grouped["near"] = nearby_groups(grouped["actor_id"], grouped["when"], span)
        grouped["slot"] = grouped.groupby(["actor_id", "near"]).cumcount()
        grouped["slots"] = grouped.groupby(["actor_id", "near"])["slot"].transform("max") + 1
        # a tall stack is squeezed so it stays inside its actor's row
        grouped["y"] = [rank[a] + (slot - (slots - 1) / 2) * min(0.17, 0.8 / slots)
                        for a, slot, slots in zip(grouped["actor_id"], grouped["slot"], grouped["slots"])]
        for kind in kinds:
            for source, filled in (("event", True), ("document", False)):
                part = grouped[(grouped["type"] == kind) & (grouped["date_source"] == source)]
                if part.empty:
                    continue
                color = type_color(kind)
                ax.scatter(
                    part["when"], part["y"], s=30 + 22 * part["count"].clip(upper=6),
                    facecolors=color if filled else "white", edgecolors=color, linewidths=1.6, alpha=0.9, zorder=3,
                )
        ax.set_yticks(range(len(chosen)), [tables.actor_name(a) for a in chosen])
        ax.set_ylim(len(chosen) - 0.5, -0.5)
        ax.grid(axis="x", color="#e0e0e0", zorder=0)
        for y in range(len(chosen)):
            ax.axhline(y, color="#f0f0f0", linewidth=0.8, zorder=1)
        ax.spines[["top", "right", "left"]].set_visible(False)
        ax.tick_params(axis="y", length=0)
        _date_axis(ax, points["when"])
        _type_legend(ax, kinds, hollow_note=True)
    return figure


def nearby_groups(actors, whens, span) -> Any:
    """Stack numbers for markers sorted by actor and date: a marker joins the
    stack of the one before it when they are the same actor's and at most
    ``span`` apart, so no two markers closer than ``span`` share a line (fixed
    bins would split a pair that straddles a bin's edge)."""
    actors, whens = pd.Series(list(actors)), pd.Series(list(whens))
    new_actor = actors.ne(actors.shift())
    new_stack = new_actor | (whens.diff() > span)
    return new_stack.cumsum().to_numpy()


def _date_axis(ax, whens) -> None:
    """Year ticks for a span of years, month ticks for a shorter one; a margin so end markers are whole."""
    import matplotlib.dates as mdates

    first, last = whens.min(), whens.max()
    span_days = max((last - first).days, 1)
    margin = pd.Timedelta(days=max(20, span_days * 0.04))
    ax.set_xlim(first - margin, last + margin)
    if span_days > 3 * 365:
        every = max(1, math.ceil(span_days / 365 / 12))  # at most about 12 year labels
        ax.xaxis.set_major_locator(mdates.YearLocator(base=every))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    else:
        locator = mdates.AutoDateLocator(maxticks=10)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _type_legend(ax, kinds: Sequence[str], *, hollow_note: bool = False) -> None:
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], marker="o", linestyle="", markersize=8, color=type_color(k), label=type_label(k)) for k in kinds]
    if hollow_note:
        handles.append(Line2D([], [], marker="o", linestyle="", markersize=8, markerfacecolor="white",
                              markeredgecolor="#555555", label="дата документа"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9)


# --------------------------------------------------------------------------- who met whom


def plot_contact_matrix(
    source: Tables | Any,
    *,
    actors: Sequence[str] | None = None,
    n: int | None = 12,
    title: str | None = "Кто с кем: число общих событий",
    **network_options: Any,
):
    """Who met whom as a heatmap: shared contact events per pair of actors, counts written in the cells.

    ``source`` is the tables, a graph from ``actor_network`` or a matrix from
    ``contact_matrix``; ``actors``, ``n`` and ``network_options`` as in
    :func:`~ruevents.analysis.queries.contact_matrix`.
    """
    matplotlib = require("matplotlib")
    numpy = require("numpy")
    from matplotlib.colors import ListedColormap
    from matplotlib.ticker import MaxNLocator

    matrix = source if isinstance(source, pd.DataFrame) else contact_matrix(source, actors=actors, n=n, **network_options)
    size = max(len(matrix), 1)
    figure = _figure(2.8 + 0.55 * size, 2.2 + 0.5 * size)
    with _text_style():
        ax = figure.add_subplot()
        if title:
            ax.set_title(title)
        if matrix.empty:
            ax.text(0.5, 0.5, "нет событий-контактов", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            return figure
        values = matrix.to_numpy()
        top = max(int(values.max()), 1)
        masked = pd.DataFrame(values).where(values > 0).to_numpy(dtype=float)  # zeros stay white
        # Blues without its near-white end, so one contact is still a visible tint
        blues = ListedColormap(matplotlib.colormaps["Blues"](numpy.linspace(0.18, 0.95, 256)))
        image = ax.imshow(masked, cmap=blues, vmin=0.5, vmax=max(top, 1.5))
        ax.set_xticks(range(size), list(matrix.columns), rotation=40, ha="right", rotation_mode="anchor")
        ax.set_yticks(range(size), list(matrix.index))
        ax.set_xticks([x - 0.5 for x in range(1, size)], minor=True)
        ax.set_yticks([y - 0.5 for y in range(1, size)], minor=True)
        ax.grid(which="minor", color="#eeeeee", linewidth=0.8)
        ax.tick_params(which="both", length=0)
        for row in range(size):
            for column in range(size):
                value = int(values[row, column])
                if value:
                    dark = value > top * 0.5
                    ax.text(column, row, str(value), ha="center", va="center", fontsize=9,
                            color="white" if dark else "#1b263b")
        colorbar = figure.colorbar(image, ax=ax, shrink=0.6, pad=0.02)
        colorbar.set_ticks([t for t in MaxNLocator(nbins=5, integer=True).tick_values(1, top) if 1 <= t <= top])
        colorbar.set_label("событий")
    return figure


# --------------------------------------------------------------------------- events over time


def plot_events_over_time(
    tables: Tables,
    *,
    freq: str | None = None,
    types: Sequence[str] | None = None,
    modalities: Sequence[str] | None = None,
    top: int = 8,
    start: Any = None,
    end: Any = None,
    title: str | None = "События по типам во времени",
    width: float = 11.0,
    height: float = 4.8,
):
    """Stacked bars: events per period and type; the ``top`` most frequent types by name, the rest as «другие».

    ``freq`` is a pandas frequency (``"YS"``, ``"QS"``, ``"MS"``); by default
    years when the dates span more than three years, else months.  ``start``
    and ``end`` (dates) bound the axis; by default it covers every dated
    event, unless a few far ones (a birth in 1926 in news of 2020) would
    squeeze the rest: then the 1st to 99th percentile is shown and a note
    says how many events fell outside.
    """
    from matplotlib.ticker import MaxNLocator

    events = tables.events[tables.events["when"].notna()]
    first, last = _shown_range(events["when"], start, end)
    if freq is None:
        span = (last - first).days if first is not None else 0
        freq = "YS" if span > 3 * 365 else "MS"
    counts = events_by_period(tables, freq=freq, types=types, modalities=modalities)
    hidden = 0
    if not counts.empty:
        inside = (counts.index >= first.to_period(freq[0]).start_time) & (counts.index <= last)
        hidden = int(counts.to_numpy().sum() - counts[inside].to_numpy().sum())
        counts = counts[inside]
        counts = counts.loc[:, counts.sum() > 0]
    figure = _figure(width, height)
    with _text_style():
        ax = figure.add_subplot()
        if title:
            ax.set_title(title)
        if counts.empty:
            ax.text(0.5, 0.5, "нет датированных событий", ha="center", va="center", transform=ax.transAxes)
            ax.set_axis_off()
            return figure
        shown = list(counts.columns[:top])
        if len(counts.columns) > top:
            counts = counts[shown].assign(**{"другие": counts[list(counts.columns[top:])].sum(axis=1)})
        labels = [_period_label(when, freq) for when in counts.index]
        bottom = [0] * len(counts)
        for kind in counts.columns:
            heights = counts[kind].tolist()
            ax.bar(range(len(counts)), heights, bottom=bottom, color=type_color(kind) if kind in shown else OTHER_COLOR,
                   label=type_label(kind), width=0.8, edgecolor="white", linewidth=0.5)
            bottom = [b + h for b, h in zip(bottom, heights)]
        step = max(1, math.ceil(len(labels) / 24))  # at most ~24 tick labels
        ax.set_xticks(range(0, len(labels), step), labels[::step], rotation=0 if step == 1 and len(labels) <= 16 else 45,
                      ha="center" if step == 1 and len(labels) <= 16 else "right")
        ax.set_ylim(0, max(bottom) * 1.06)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("событий")
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", color="#e0e0e0")
        ax.set_axisbelow(True)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9, reverse=True)  # top of the legend = top of the stack
        if hidden:
            events_word = _plural(hidden, "событие", "события", "событий")
            ax.set_title(f"{hidden} {events_word} вне {labels[0]} – {labels[-1]} не показаны", loc="left", fontsize=9,
                         color="#666666", fontweight="normal")
    return figure


def _shown_range(whens, start: Any, end: Any):
    """(first, last) timestamps to show: the ones given, else the dates' range without far outliers."""
    if whens.empty:
        return None, None
    first, last = whens.min(), whens.max()
    if start is None and end is None and len(whens) >= 20:
        low, high = whens.quantile(0.01), whens.quantile(0.99)
        if high - low < (last - first) / 2:  # a few far dates would take most of the axis
            first, last = low, high
    return (pd.Timestamp(start) if start is not None else first), (pd.Timestamp(end) if end is not None else last)


def _period_label(when, freq: str) -> str:
    if freq.upper().startswith(("Y", "A")):
        return f"{when.year}"
    if freq.upper().startswith("Q"):
        return f"{when.year} Q{(when.month - 1) // 3 + 1}"
    return f"{when.year}-{when.month:02d}"
