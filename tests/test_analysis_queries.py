"""ruevents.analysis.queries on the hand-written example corpus (no model)."""

from __future__ import annotations

import pandas as pd
import pytest

from ruevents.analysis import (
    actor_network,
    contact_matrix,
    events_by_period,
    meetings,
    resolve_actor,
    tables_from_records,
    timeline,
    top_actors,
)
from ruevents.analysis.examples import example_records

PUTIN, BIDEN, ERDOGAN, ROUHANI, MFA = (
    "PER:владимир путин", "PER:джозеф байден", "PER:реджеп тайип эрдоган", "PER:хасан роухани", "ORG:мид ирана",
)


@pytest.fixture(scope="module")
def tables():
    return tables_from_records(example_records())


def test_meetings_lists_meetings_and_calls_in_date_order(tables):
    table = meetings(tables)
    assert list(zip(table["doc_id"], table["event_id"])) == [("b.txt", "v1"), ("b.txt", "v2"), ("a.txt", "v1"), ("a.txt", "v3")]
    assert set(table["type"]) == {"meeting", "phone_call"}
    ankara = table.iloc[0]
    assert ankara["participants"] == ["Владимир Путин", "Реджеп Тайип Эрдоган", "Хасан Роухани"]  # «Роухани» merged
    assert (ankara["place"], ankara["date"], ankara["date_source"]) == ("Анкара", "2018-04-03", "event")
    assert ankara["sentence"].startswith("Путин, Реджеп Тайип Эрдоган и Роухани провели переговоры")
    assert ankara["source"] == "examples/b.txt"
    call = table.iloc[1]
    assert (call["type"], call["date"], call["date_source"]) == ("phone_call", "2018-04-04", "document")
    assert pd.isna(call["place"])


def test_meetings_can_keep_only_what_happened(tables):
    asserted = meetings(tables, modalities=("asserted",))
    assert "planned" not in set(asserted["modality"]) and len(asserted) == 3
    assert meetings(tables, types=("agreement",))["event_id"].tolist() == ["v3", "v2"]


def test_actor_network_joins_every_two_participants_of_a_contact(tables):
    graph = actor_network(tables)
    assert set(graph.nodes) == {PUTIN, BIDEN, ERDOGAN, ROUHANI, MFA}  # Россия and Турция are places, not actors
    assert graph.nodes[PUTIN]["name"] == "Владимир Путин" and graph.nodes[MFA]["type"] == "ORG"
    assert graph.nodes[PUTIN]["events"] == 3  # Geneva, Ankara, the call; the planned meeting does not count
    edge = graph.edges[PUTIN, ERDOGAN]
    assert edge["weight"] == 2 and edge["n_documents"] == 1
    assert edge["event_ids"] == [("b.txt", "v1"), ("b.txt", "v2")]
    assert edge["dates"] == ["2018-04-03", "2018-04-04"]
    assert edge["places"] == ["Анкара"] and edge["types"] == {"meeting": 1, "phone_call": 1}
    assert graph.edges[ROUHANI, MFA]["dates"] == [None]


def test_actor_network_options_change_which_events_count(tables):
    with_plans = actor_network(tables, modalities=None)
    assert with_plans.edges[PUTIN, BIDEN]["weight"] == 2
    meetings_only = actor_network(tables, types=("meeting",))
    assert meetings_only.edges[PUTIN, ERDOGAN]["weight"] == 1 and MFA not in meetings_only
    people = actor_network(tables, actor_types=("PER",))
    assert MFA not in people
    places_too = actor_network(tables, actor_types=("PER", "ORG", "LOC"))
    assert places_too.has_edge("LOC:россия", "LOC:турция")
    confident = actor_network(tables, min_confidence=0.9)  # the call (0.8) drops out: Путин and Эрдоган meet once
    assert confident.edges[PUTIN, ERDOGAN]["weight"] == 1 and confident.number_of_edges() == 5


def test_actor_network_can_weigh_pairs_by_documents(tables):
    graph = actor_network(tables, weight="documents")
    assert graph.edges[PUTIN, ERDOGAN]["weight"] == 1  # two events, one article
    assert len(graph.edges[PUTIN, ERDOGAN]["event_ids"]) == 2
    with pytest.raises(ValueError, match="expected weight 'events' or 'documents'"):
        actor_network(tables, weight="mentions")


@pytest.mark.parametrize("actor", ["Путин", "Владимир Путин", "владимир путин", PUTIN])
def test_resolve_actor_takes_an_id_a_name_or_one_word_of_it(tables, actor):
    assert resolve_actor(tables, actor) == PUTIN


def test_resolve_actor_says_what_is_wrong(tables):
    with pytest.raises(ValueError, match="expected the name or id of an actor"):
        resolve_actor(tables, "Макрон")
    record = {
        "doc_id": "x", "text_sha1": "0" * 40, "times": [], "events": [],
        "entities": [{"id": f"e{i}", "type": "PER", "name": name, "mentions": []}
                     for i, name in enumerate(["Ильхам Алиев", "Гейдар Алиев"])],
    }
    with pytest.raises(ValueError, match="to name one actor, got 2"):
        resolve_actor(tables_from_records([record]), "Алиев")
    # a name that is exactly one actor's wins over the words of others
    assert resolve_actor(tables_from_records(example_records(), surnames=False), "Роухани") == "PER:роухани"


def test_timeline_of_an_actor_is_in_date_order_with_its_role(tables):
    table = timeline(tables, "Путин")
    assert table["date"].tolist() == ["2018-04-03", "2018-04-04", "2021-06-16", "2021-06-16", "2021-06-16"]
    assert set(table["role"]) == {"participant"}
    assert table.iloc[0]["others"] == ["Реджеп Тайип Эрдоган", "Хасан Роухани"]
    assert table["when"].is_monotonic_increasing


def test_timeline_without_actor_lists_every_event_undated_last(tables):
    table = timeline(tables)
    assert len(table) == len(tables.events)
    assert table.iloc[0]["date"] == "2017-05" and pd.isna(table.iloc[-1]["when"])
    assert table["role"].isna().all()


def test_timeline_of_a_place_gives_the_place_role(tables):
    table = timeline(tables, "Женева", types=("meeting",))
    assert table[["doc_id", "event_id", "role"]].values.tolist() == [["a.txt", "v1", "place"]]


def test_top_actors_ranks_by_events_then_documents(tables):
    table = top_actors(tables, 3)
    # Путин 5 events; Роухани 3; Байден and Эрдоган 2 each in one document with 2 mentions: by name
    assert table["actor_id"].tolist() == [PUTIN, ROUHANI, BIDEN]
    putin = table.iloc[0]
    assert (putin["events"], putin["documents"], putin["contacts"]) == (5, 2, 3)
    assert len(top_actors(tables, None)) == 5  # PER and ORG only


def test_contact_matrix_is_symmetric_and_counts_shared_events(tables):
    matrix = contact_matrix(tables)
    assert list(matrix.index) == list(matrix.columns)
    assert matrix.index[0] == "Владимир Путин"  # most contacts first
    assert (matrix.values == matrix.values.T).all() and (matrix.values.diagonal() == 0).all()
    assert matrix.loc["Владимир Путин", "Реджеп Тайип Эрдоган"] == 2
    chosen = contact_matrix(tables, actors=["Джозеф Байден", PUTIN])
    assert chosen.values.tolist() == [[0, 1], [1, 0]]
    with pytest.raises(ValueError, match="expected an actor of the network"):
        contact_matrix(tables, actors=["Макрон"])


def test_contact_matrix_takes_the_strongest_and_leaves_out_actors_whose_partners_were_cut(tables):
    import networkx as nx

    assert list(contact_matrix(tables, n=4).index) == ["Владимир Путин", "Реджеп Тайип Эрдоган", "Хасан Роухани", "Джозеф Байден"]
    graph = nx.Graph()
    for node in "ABCDE":
        graph.add_node(node, name=node)
    graph.add_edge("A", "B", weight=5)
    graph.add_edge("A", "C", weight=4)
    graph.add_edge("D", "E", weight=1)
    # the four strongest are A, B, C, D; D's only partner E is cut, so a row of zeros would be left
    assert list(contact_matrix(graph, n=4).index) == ["A", "B", "C"]


def test_events_by_period_counts_types_and_keeps_empty_years(tables):
    counts = events_by_period(tables)
    assert [when.year for when in counts.index] == [2017, 2018, 2019, 2020, 2021]
    assert counts.loc["2019-01-01"].sum() == 0
    assert counts.loc["2021-01-01", "meeting"] == 2 and counts.loc["2018-01-01", "phone_call"] == 1
    assert counts.to_numpy().sum() == 7  # the undated agreement is left out
    assert events_by_period(tables, types=("death",)).empty
