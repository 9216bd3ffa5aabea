"""pandas and networkx helpers for analysts and notebooks: tables, questions, pictures.

    >>> from ruevents.analysis import load_tables, meetings, actor_network, plot_network
    >>> tables = load_tables("out/sample.jsonl")          # or the folder of Parquet tables
    >>> meetings(tables)                                  # one row per meeting or phone call
    >>> plot_network(tables).savefig("network.png")       # who met whom

Needs the ``analysis`` extras (``pip install 'ruevents[analysis]'``); the core
chain never imports this package.
"""

from __future__ import annotations

from ._deps import INSTALL_HINT, require

for _module in ("pandas", "networkx"):  # fail here, with the hint, rather than deep inside a function
    require(_module)

from .plots import (  # noqa: E402
    TYPE_COLORS,
    plot_contact_matrix,
    plot_events_over_time,
    plot_network,
    plot_timeline,
)
from .queries import (  # noqa: E402
    ACTOR_TYPES,
    CONTACT_TYPES,
    MEETING_TYPES,
    actor_network,
    contact_matrix,
    events_by_period,
    meetings,
    resolve_actor,
    timeline,
    top_actors,
)
from .tables import (  # noqa: E402
    Tables,
    date_of_value,
    event_date,
    load_tables,
    merge_entities,
    normalise_name,
    tables_from_records,
)

__all__ = [
    "ACTOR_TYPES", "CONTACT_TYPES", "INSTALL_HINT", "MEETING_TYPES", "TYPE_COLORS", "Tables",
    "actor_network", "contact_matrix", "date_of_value", "event_date", "events_by_period", "load_tables",
    "meetings", "merge_entities", "normalise_name", "plot_contact_matrix", "plot_events_over_time",
    "plot_network", "plot_timeline", "resolve_actor", "tables_from_records", "timeline", "top_actors",
]
