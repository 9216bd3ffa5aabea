"""Events from the dependency tree: triggers from a lexicon, arguments from syntax.

A trigger is a lemma or a linked lemma phrase from ``lexicons/event_triggers.tsv``
(``triggers``).  Its arguments are found along the tree, not by proximity
(``arguments``): the subject (or the subject of the verb that controls it:
«Герасимов планирует встретиться»), the comitative «с X», «между X и Y», the
genitive of a nominalisation («встреча Скапарротти и Герасимова»), coordinated
participants, a place under «в/на» or «где» resolved to its antecedent.  Noun
triggers borrow place and time from their light verb («в Баку состоялась
встреча»).  ``modality`` reads the governing words; ``find`` ties it together
and resolves references back to earlier events («стороны», «их встреча»).
"""

from .find import find_events
from .modality import modality
from .modality_lexicon import modality_lexicon
from .triggers import FoundEvent, TriggerMatch, find_triggers, lemma_keys, trigger_lexicon

__all__ = ["FoundEvent", "TriggerMatch", "find_events", "find_triggers", "lemma_keys", "modality", "modality_lexicon", "trigger_lexicon"]
