"""ruevents.analysis.plots: figures that render to PNG with readable Cyrillic labels that do not overlap.

Set RUEVENTS_PLOT_DIR to keep the PNGs and look at them.
"""

from __future__ import annotations

import math
import os
import warnings
from itertools import combinations
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402
import matplotlib.dates  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.image import imread  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from ruevents.analysis.plots import TYPE_COLORS, TYPE_LABELS  # noqa: E402
from ruevents.analysis import (  # noqa: E402
    actor_network,
    contact_matrix,
    events_by_period,
    plot_contact_matrix,
    plot_events_over_time,
    plot_network,
    plot_timeline,
    tables_from_records,
)
from ruevents.analysis.examples import example_records  # noqa: E402

PLOTS = {
    "network": lambda tables: plot_network(tables),
    "timeline": lambda tables: plot_timeline(tables),
    "matrix": lambda tables: plot_contact_matrix(tables),
    "over_time": lambda tables: plot_events_over_time(tables),
}


@pytest.fixture(scope="module")
def tables():
    return tables_from_records(example_records())


@pytest.fixture()
def out_dir(tmp_path) -> Path:
    folder = os.environ.get("RUEVENTS_PLOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path


def visible_texts(figure: Figure) -> list[Text]:
    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip() and t.get_alpha() != 0]


def overlapping(figure: Figure) -> list[tuple[str, str]]:
    """Pairs of visible texts whose boxes overlap once drawn.

    A rotated text's box is upright and wider than its letters, so rotated
    texts are checked apart: neighbours along the axis must be further apart,
    across their slant, than a line of text is high.
    """
    renderer = figure.canvas.get_renderer()
    texts = visible_texts(figure)
    upright = [(t.get_text(), t.get_window_extent(renderer)) for t in texts if t.get_rotation() % 180 == 0]
    pairs = [(a, b) for (a, box_a), (b, box_b) in combinations(upright, 2) if box_a.overlaps(box_b)]
    slanted = sorted((t for t in texts if t.get_rotation() % 180), key=lambda t: t.get_window_extent(renderer).x0)
    for left, right in zip(slanted, slanted[1:]):
        angle = math.radians(left.get_rotation())
        gap = (right.get_window_extent(renderer).x1 - left.get_window_extent(renderer).x1) * abs(math.sin(angle))
        line = left.get_fontsize() * figure.dpi / 72
        if gap < line:
            pairs.append((left.get_text(), right.get_text()))
    return pairs


def render(figure: Figure, path: Path) -> list[str]:
    """Save as PNG; return the font warnings matplotlib gave (missing glyphs)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figure.savefig(path, dpi=100)
    return [str(w.message) for w in caught if "glyph" in str(w.message).lower() or "font" in str(w.message).lower()]


@pytest.mark.parametrize("name", list(PLOTS))
def test_plot_renders_to_png_in_a_cyrillic_font_without_overlapping_text(tables, out_dir, name):
    figure = PLOTS[name](tables)
    assert isinstance(figure, Figure)
    path = out_dir / f"example_{name}.png"
    assert render(figure, path) == []
    image = imread(path)
    assert image.shape[0] > 200 and image.shape[1] > 300
    assert image[..., :3].std() > 0.05  # not a blank picture
    texts = visible_texts(figure)
    assert any(any("а" <= ch <= "я" or "А" <= ch <= "Я" for ch in t.get_text()) for t in texts)
    for text in texts:
        assert Path(font_manager.findfont(text.get_fontproperties(), fallback_to_default=False)).name.startswith("DejaVuSans")
    assert overlapping(figure) == []


def test_network_labels_every_actor_and_widens_edges_with_contacts(tables):
    graph = actor_network(tables)
    figure = plot_network(graph)
    labels = {t.get_text() for t in visible_texts(figure)}
    assert {data["name"] for _, data in graph.nodes(data=True)} <= labels
    assert "2" in labels  # the count on the edge of two contacts (Путин — Эрдоган)
    edges = figure.axes[0].collections[0]  # draw_networkx_edges comes first
    widths = dict(zip(graph.edges, edges.get_linewidths()))
    assert widths[("PER:владимир путин", "PER:реджеп тайип эрдоган")] > widths[("PER:владимир путин", "PER:джозеф байден")]


def test_network_labels_stay_apart_when_names_are_long_and_close():
    import networkx as nx

    graph = nx.Graph()
    names = ["Реджеп Тайип Эрдоган", "Хасан Роухани", "Владимир Путин", "Мухаммед бин Салман Аль Сауд", "Си Цзиньпин", "Нарендра Моди"]
    for index, name in enumerate(names):
        graph.add_node(index, name=name, type="PER", events=1 + index)
    for left, right in combinations(range(len(names)), 2):
        graph.add_edge(left, right, weight=1 + (left + right) % 3)
    figure = plot_network(graph)
    figure.canvas.draw()
    assert overlapping(figure) == []


def test_timeline_has_one_row_per_top_actor(tables):
    ax = plot_timeline(tables, n=4).axes[0]
    # most dated asserted events first: Путин 4, Эрдоган 2, Роухани 2 (by name), Байден 1; МИД Ирана has no dated event
    expected = ["Владимир Путин", "Реджеп Тайип Эрдоган", "Хасан Роухани", "Джозеф Байден"]
    assert [label.get_text() for label in ax.get_yticklabels()] == expected
    chosen = plot_timeline(tables, ["Байден", "Хасан Роухани"]).axes[0]
    assert [label.get_text() for label in chosen.get_yticklabels()] == ["Джозеф Байден", "Хасан Роухани"]


def test_matrix_writes_every_nonzero_count_in_its_cell(tables):
    matrix = contact_matrix(tables)
    figure = plot_contact_matrix(matrix)
    ax = figure.axes[0]
    cells = sorted(int(t.get_text()) for t in ax.texts)
    assert cells == sorted(int(v) for v in matrix.to_numpy().ravel() if v)
    assert [label.get_text() for label in ax.get_yticklabels()] == list(matrix.index)


def test_events_over_time_stacks_every_dated_event(tables):
    figure = plot_events_over_time(tables, top=2)
    ax = figure.axes[0]
    heights = sum(patch.get_height() for patch in ax.patches)
    assert heights == events_by_period(tables).to_numpy().sum()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "другие" in legend and len(legend) == 3
    assert all(label in TYPE_LABELS.values() for label in legend if label != "другие")  # types named in Russian


@pytest.mark.parametrize("name", list(PLOTS))
def test_plots_of_an_empty_corpus_say_so(name, tmp_path):
    empty = tables_from_records([])
    figure = PLOTS[name](empty)
    assert render(figure, tmp_path / "empty.png") == []
    assert any(t.get_text().startswith("нет ") for t in visible_texts(figure))


def test_timeline_stacks_markers_of_nearby_days_instead_of_hiding_them(tables):
    # Путин met in Ankara on 2018-04-03 and called on 2018-04-04: one day apart on a four-year axis
    ax = plot_timeline(tables, ["Путин"]).axes[0]
    points = [tuple(xy) for collection in ax.collections for xy in collection.get_offsets()]
    in_2018 = [(x, y) for x, y in points if matplotlib.dates.num2date(x).year == 2018]
    assert len(in_2018) == 2 and in_2018[0][1] != in_2018[1][1]


def test_every_event_type_has_its_own_colour_and_russian_name():
    assert len(set(TYPE_COLORS.values())) == len(TYPE_COLORS)
    assert set(TYPE_LABELS) == set(TYPE_COLORS) and len(set(TYPE_LABELS.values())) == len(TYPE_LABELS)


def test_timeline_stacks_markers_close_in_time_even_across_a_bin_edge():
    from ruevents.analysis.plots import nearby_groups

    day = pd.Timedelta(days=1)
    whens = pd.to_datetime(["2017-01-20", "2017-01-29", "2017-03-30", "2017-01-25", "2017-01-26"])
    # Трамп: 20 and 29 January are 9 days apart, within a 10-day span, whatever the bins; Путин apart
    groups = nearby_groups(["Трамп", "Трамп", "Трамп", "Путин", "Путин"], whens, 10 * day)
    assert groups[0] == groups[1] != groups[2]
    assert groups[3] == groups[4] and groups[3] not in (groups[0], groups[2])


def test_figures_show_themselves_as_png_in_notebooks(tables):
    # a notebook displays a returned figure through _repr_png_, even when pyplot was never imported
    png = plot_network(tables)._repr_png_()
    assert png.startswith(b"\x89PNG")


def test_events_over_time_can_bound_the_axis_and_says_what_it_left_out(tables):
    ax = plot_events_over_time(tables, freq="YS", start="2018-01-01", end="2019-12-31").axes[0]
    assert [label.get_text() for label in ax.get_xticklabels()] == ["2018", "2019"]
    assert sum(patch.get_height() for patch in ax.patches) == 3  # the Ankara meeting, the call, the agreement
    assert "4 события вне 2018 – 2019 не показаны" in [t.get_text() for t in visible_texts(ax.figure)]


@pytest.mark.parametrize(("count", "word"), [(1, "контакт"), (2, "контакта"), (5, "контактов"), (11, "контактов"), (21, "контакт"), (22, "контакта"), (14, "контактов")])
def test_legend_counts_agree_with_their_number(count, word):
    from ruevents.analysis.plots import _plural

    assert _plural(count, "контакт", "контакта", "контактов") == word
