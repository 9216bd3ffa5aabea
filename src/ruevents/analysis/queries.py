"""Questions analysts ask of the tables: who met whom, where and when; who is central.

Every function takes :class:`~ruevents.analysis.tables.Tables` and returns a
DataFrame or a networkx graph; none of them changes the tables.  Actors are
entities merged across documents (``actor_id`` like ``"PER:владимир путин"``,
``actor`` its display name); an event's ``date`` is its own time when that is
a date, else its document's date (``date_source`` says which).
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations
from typing import Any, Iterable, Sequence

from ._deps import require
from .tables import Tables, normalise_name

pd = require("pandas")
nx = require("networkx")

MEETING_TYPES = ("meeting", "phone_call")
#: the README's contact events: every side of them is a participant
CONTACT_TYPES = ("meeting", "phone_call", "visit", "statement", "agreement")
#: the kinds of entity that are actors in a network: people and organisations
ACTOR_TYPES = ("PER", "ORG")


def _filter_events(events, types: Iterable[str] | None, modalities: Iterable[str] | None, min_confidence: float = 0.0):
    keep = events["confidence"].fillna(0.0) >= min_confidence
    if types is not None:
        keep &= events["type"].isin(list(types))
    if modalities is not None:
        keep &= events["modality"].isin(list(modalities))
    return events[keep]


def _event_places(tables: Tables) -> dict[tuple[str, str], str]:
    """(doc_id, event_id) → the merged name of the event's first place."""
    places = tables.arguments[(tables.arguments["role"] == "place") & tables.arguments["actor"].notna()]
    places = places.drop_duplicates(["doc_id", "event_id"])
    return {(d, e): a for d, e, a in zip(places["doc_id"], places["event_id"], places["actor"])}


def _actor_kinds(tables: Tables) -> dict[str, str]:
    return dict(zip(tables.actors["actor_id"], tables.actors["type"]))


def _none_if_missing(value: Any) -> Any:
    return None if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)) else value


def meetings(
    tables: Tables, *, types: Sequence[str] = MEETING_TYPES, modalities: Sequence[str] | None = None, min_confidence: float = 0.0
):
    """One row per meeting or phone call: participants, place, date, source document and sentence.

    ``modalities=None`` keeps planned, negated and hypothetical meetings too
    (the ``modality`` column says which); ``("asserted",)`` keeps the ones that happened.
    Rows are in date order, then document order.
    """
    events = _filter_events(tables.events, types, modalities, min_confidence)
    places = _event_places(tables)
    rows = [
        {
            "date": event.date, "date_source": event.date_source, "type": event.type, "modality": event.modality,
            "participants": list(event.actors), "participant_ids": list(event.actor_ids),
            "place": places.get((event.doc_id, event.event_id)), "trigger": event.trigger,
            "doc_id": event.doc_id, "source": _none_if_missing(event.source), "event_id": event.event_id,
            "sentence": _none_if_missing(event.sentence), "confidence": event.confidence, "when": event.when,
        }
        for event in events.itertuples(index=False)
    ]
    columns = ["date", "date_source", "type", "modality", "participants", "participant_ids", "place", "trigger",
               "doc_id", "source", "event_id", "sentence", "confidence", "when"]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    frame["when"] = pd.to_datetime(frame["when"])
    return frame.sort_values(["when", "doc_id"], kind="stable", na_position="last").reset_index(drop=True)


def actor_network(
    tables: Tables,
    *,
    types: Sequence[str] = CONTACT_TYPES,
    modalities: Sequence[str] | None = ("asserted",),
    actor_types: Sequence[str] = ACTOR_TYPES,
    min_confidence: float = 0.0,
    weight: str = "events",
):
    """Who was in contact with whom: a weighted, undirected networkx graph.

    Nodes are actors of ``actor_types`` (people and organisations) that share
    at least one event of ``types`` with another such actor; edges join every
    two participants of such an event.  Node attributes: ``name``, ``type``,
    ``events`` (how many of these events the actor is in).  Edge attributes:
    ``weight`` (number of events), ``n_documents``, ``event_ids``
    (``(doc_id, event_id)`` pairs), ``doc_ids``, ``dates`` (one per event, in
    event order), ``places`` (distinct, in order), ``types`` (event type → count).
    Only asserted events count by default: a planned meeting is not a contact.

    ``weight="documents"`` makes ``weight`` the number of documents instead:
    an article that names one meeting three times («переговоры», «встреча»,
    «беседа») then counts once.
    """
    if weight not in ("events", "documents"):
        raise ValueError(f"expected weight 'events' or 'documents', got {weight!r}")
    kinds = _actor_kinds(tables)
    names = dict(zip(tables.actors["actor_id"], tables.actors["name"]))
    places = _event_places(tables)
    graph = nx.Graph()
    events = _filter_events(tables.events, types, modalities, min_confidence)
    for event in events.itertuples(index=False):
        sides = [a for a in event.actor_ids if kinds.get(a) in actor_types]
        if len(sides) < 2:
            continue
        for actor in sides:
            if actor not in graph:
                graph.add_node(actor, name=names[actor], type=kinds[actor], events=0)
            graph.nodes[actor]["events"] += 1
        place = places.get((event.doc_id, event.event_id))
        for left, right in combinations(sides, 2):
            if not graph.has_edge(left, right):
                graph.add_edge(left, right, weight=0, event_ids=[], doc_ids=[], dates=[], places=[], types=Counter())
            edge = graph.edges[left, right]
            edge["weight"] += 1
            edge["event_ids"].append((event.doc_id, event.event_id))
            edge["dates"].append(_none_if_missing(event.date))
            edge["types"][event.type] += 1
            if event.doc_id not in edge["doc_ids"]:
                edge["doc_ids"].append(event.doc_id)
            if place is not None and place not in edge["places"]:
                edge["places"].append(place)
    for _, _, edge in graph.edges(data=True):
        edge["n_documents"] = len(edge["doc_ids"])
        edge["types"] = dict(edge["types"])
        if weight == "documents":
            edge["weight"] = edge["n_documents"]
    return graph


def resolve_actor(tables: Tables, actor: str) -> str:
    """The actor id an analyst means: an id, a full name, or one word of exactly one actor's name.

    >>> resolve_actor(tables, "Путин")        # doctest: +SKIP
    'PER:владимир путин'
    """
    actors = tables.actors
    if actor in set(actors["actor_id"]):
        return actor
    wanted = normalise_name(actor)
    normalised = [normalise_name(name) for name in actors["name"]]
    exact = [a for a, name in zip(actors["actor_id"], normalised) if name == wanted]
    if len(exact) == 1:
        return exact[0]
    candidates = exact or [
        a for a, name in zip(actors["actor_id"], normalised)
        if wanted and set(wanted.split()) <= set(name.split())
    ]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise ValueError(f"expected the name or id of an actor of this corpus, got {actor!r}")
    raise ValueError(f"expected {actor!r} to name one actor, got {len(candidates)}: {sorted(candidates)}")


def timeline(
    tables: Tables,
    actor: str | None = None,
    *,
    types: Sequence[str] | None = None,
    modalities: Sequence[str] | None = None,
):
    """Events in date order; with ``actor``, the events that actor fills a role in.

    ``actor`` is an actor id, a name, or a word of one name («Путин»).
    Columns: ``when``, ``date``, ``date_source``, ``type``, ``modality``,
    ``trigger``, ``role`` (the actor's role, or ``None`` without an actor),
    ``actors`` (all participants), ``others`` (the participants but the actor),
    ``place``, ``doc_id``, ``event_id``, ``sentence``.
    """
    events = _filter_events(tables.events, types, modalities)
    roles: dict[tuple[str, str], str] = {}
    actor_id = None
    if actor is not None:
        actor_id = resolve_actor(tables, actor)
        arguments = tables.arguments[tables.arguments["actor_id"] == actor_id]
        for doc_id, event_id, role in zip(arguments["doc_id"], arguments["event_id"], arguments["role"]):
            # an actor both participant and place («Кремль сообщил ... в Кремле») is shown as participant
            if roles.get((doc_id, event_id)) != "participant":
                roles[(doc_id, event_id)] = role
        events = events[[(d, e) in roles for d, e in zip(events["doc_id"], events["event_id"])]]
    places = _event_places(tables)
    rows = []
    for event in events.itertuples(index=False):
        rows.append({
            "when": event.when, "date": event.date, "date_source": event.date_source, "type": event.type,
            "modality": event.modality, "trigger": event.trigger, "role": roles.get((event.doc_id, event.event_id)),
            "actors": list(event.actors),
            "others": [n for a, n in zip(event.actor_ids, event.actors) if a != actor_id],
            "place": places.get((event.doc_id, event.event_id)), "doc_id": event.doc_id, "event_id": event.event_id,
            "sentence": _none_if_missing(event.sentence),
        })
    columns = ["when", "date", "date_source", "type", "modality", "trigger", "role", "actors", "others",
               "place", "doc_id", "event_id", "sentence"]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    frame["when"] = pd.to_datetime(frame["when"])
    return frame.sort_values(["when", "doc_id"], kind="stable", na_position="last").reset_index(drop=True)


def top_actors(
    tables: Tables,
    n: int | None = 10,
    *,
    actor_types: Sequence[str] = ACTOR_TYPES,
    types: Sequence[str] | None = None,
    modalities: Sequence[str] | None = None,
):
    """The actors in most events as participants, then in most documents.

    Columns: ``actor_id``, ``name``, ``type``, ``events`` (as participant, of
    ``types`` and ``modalities`` when given), ``documents`` (mentioning it),
    ``mentions``, ``contacts`` (distinct actors met in asserted contact events).
    """
    events = _filter_events(tables.events, types, modalities)
    in_events = Counter(a for ids in events["actor_ids"] for a in ids)
    network = actor_network(tables, actor_types=actor_types)
    actors = tables.actors[tables.actors["type"].isin(list(actor_types))]
    frame = pd.DataFrame({
        "actor_id": actors["actor_id"].to_numpy(),
        "name": actors["name"].to_numpy(),
        "type": actors["type"].to_numpy(),
        "events": [in_events.get(a, 0) for a in actors["actor_id"]],
        "documents": actors["n_documents"].to_numpy(),
        "mentions": actors["n_mentions"].to_numpy(),
        "contacts": [network.degree(a) if a in network else 0 for a in actors["actor_id"]],
    })
    frame = frame.sort_values(["events", "documents", "mentions", "name"], ascending=[False, False, False, True], kind="stable")
    frame = frame.reset_index(drop=True)
    return frame if n is None else frame.head(n)


def contact_matrix(tables_or_graph: Tables | Any, *, actors: Sequence[str] | None = None, n: int | None = 12, **network_options: Any):
    """Who met whom: a square DataFrame of shared contact events, rows and columns named by actor.

    Takes the tables (``network_options`` go to :func:`actor_network`) or a
    graph it made.  ``actors`` picks and orders the actors (ids or names); else
    the ``n`` with the most contact events, most first, leaving out any whose
    partners all fell outside the ``n``.  The diagonal is 0.
    """
    graph = tables_or_graph if isinstance(tables_or_graph, nx.Graph) else actor_network(tables_or_graph, **network_options)
    if actors is not None:
        by_name = {data["name"]: node for node, data in graph.nodes(data=True)}
        chosen = []
        for actor in actors:
            node = actor if actor in graph else by_name.get(actor)
            if node is None:
                raise ValueError(f"expected an actor of the network (id or name), got {actor!r}")
            chosen.append(node)
    else:
        strength = dict(graph.degree(weight="weight"))
        chosen = sorted(graph.nodes, key=lambda node: (-strength[node], graph.nodes[node]["name"]))
        if n is not None:
            chosen = chosen[:n]
            kept = set(chosen)
            chosen = [node for node in chosen if any(other in kept for other in graph.neighbors(node))]
    matrix = nx.to_pandas_adjacency(graph, nodelist=chosen, weight="weight", dtype=int) if chosen else pd.DataFrame()
    labels = [graph.nodes[node]["name"] for node in chosen]
    matrix.index, matrix.columns = labels, labels
    return matrix


def events_by_period(tables: Tables, *, freq: str = "YS", types: Sequence[str] | None = None, modalities: Sequence[str] | None = None):
    """Number of events per period (rows, ``freq`` as in pandas: ``"YS"``, ``"MS"``) and type (columns).

    Events without a date are left out.  Periods with no events are kept
    (rows of zeros) so that a plot shows the gaps.
    """
    events = _filter_events(tables.events, types, modalities)
    events = events[events["when"].notna()]
    if events.empty:
        return pd.DataFrame(dtype="int64")
    counts = events.groupby([pd.Grouper(key="when", freq=freq), "type"]).size().unstack("type", fill_value=0)
    periods = pd.date_range(counts.index.min(), counts.index.max(), freq=freq, name="when")
    counts = counts.reindex(periods, fill_value=0)
    order = counts.sum().sort_values(ascending=False, kind="stable").index
    counts = counts[order].astype("int64")
    counts.columns.name = "type"
    return counts
