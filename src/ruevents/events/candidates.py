"""Argument candidates of an event and what the scorer knows about each.

The rules of :mod:`.arguments` propose participants, a place and a time; the
candidates are those proposals plus every other entity mention (and time
expression) of the trigger's sentence, and the sides of an earlier contact a
pair reference may continue.  Each candidate carries plain named features
(:func:`features`): the rules that proposed it, the dependency path from the
trigger, the preposition, distance, types, and whether another trigger of the
sentence is closer, so that :mod:`.scorer` can keep or drop it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .mentions import MENTION_INDEX, PARTICIPANT_TYPES
from .syntax import case_word
from .triggers import TriggerMatch

ROLES = ("participant", "place", "time")
#: relations by which a mention hangs on another mention of a list: «Путин и Си», «глава МИД Лавров»
LIST_RELS = {"conj", "appos", "flat", "flat:name"}
#: adjectives on a trigger that say it is another occurrence than the one just reported
OTHER_OCCURRENCE = {"предыдущий", "следующий", "прошлый", "очередной", "новый", "другой", "первый", "последний", "будущий"}
CONTACT_TYPES = {"meeting", "phone_call", "visit", "statement", "agreement"}
#: rules that take a side from an earlier event
INHERITED_RULES = {"pair_reference", "continued_contact", "recent_contact", "recent_same_type"}


@dataclass
class Candidate:
    """One possible argument: an entity mention (``span``) or a time expression (``time``)."""

    role: str
    root: Token
    rules: list[str]
    span: Span | None = None
    time: tuple[int, int, str] | None = None
    #: features known when the candidate is made (a time's precision)
    extra: list[str] = field(default_factory=list)
    #: the rules alone would give the event this argument
    chosen_by_rules: bool = False
    features: dict[str, float] = field(default_factory=dict)
    score: float | None = None

    @property
    def start_char(self) -> int:
        return self.span.start_char if self.span is not None else self.time[0]

    @property
    def end_char(self) -> int:
        return self.span.end_char if self.span is not None else self.time[1]


def sentence_mentions(sent: Span, types: tuple[str, ...] = PARTICIPANT_TYPES) -> list[Span]:
    """The distinct entity mentions of a sentence (as the event rules see them), in text order."""
    index = sent.doc.user_data.get(MENTION_INDEX, {})
    found: dict[tuple[int, int], Span] = {}
    for i in range(sent.start, sent.end):
        mention = index.get(i)
        if mention is not None and mention.label_ in types:
            found.setdefault((mention.start, mention.end), mention)
    return [found[key] for key in sorted(found)]


def _ancestors(token: Token) -> list[Token]:
    chain = [token]
    while chain[-1].head.i != chain[-1].i and len(chain) < 40:
        chain.append(chain[-1].head)
    return chain


def tree_path(start: Token, end: Token) -> list[str] | None:
    """The relations from ``start`` up to the common ancestor (``^rel``) and down to ``end`` (``_rel``); None across sentences."""
    up = _ancestors(start)
    depth = {t.i: k for k, t in enumerate(up)}
    down: list[str] = []
    node = end
    for _ in range(40):
        if node.i in depth:
            return [f"^{t.dep_}" for t in up[: depth[node.i]]] + list(reversed(down))
        if node.head.i == node.i:
            return None
        down.append(f"_{node.dep_}")
        node = node.head
    return None


def _core(path: list[str]) -> list[str]:
    """The path without the steps along a list of names at its end: «с Путиным и Си» reaches Си as Путин."""
    core = list(path)
    while core and core[-1][1:] in LIST_RELS:
        core.pop()
    return core


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def features(candidate: Candidate, match: TriggerMatch, *, others: list[TriggerMatch], claimed: set[int], modality: str, found_by_rules: int) -> dict[str, float]:
    """Named features of one candidate: ``others`` are the sentence's other
    triggers, ``claimed`` the start characters the rules gave to them in this role."""
    head, root, kind, role = match.head, candidate.root, match.type, candidate.role
    group = "contact" if kind in CONTACT_TYPES else "other"
    names: list[str] = ["bias", f"type={kind}", f"pos={head.pos_}", f"modality={modality}", f"found={min(found_by_rules, 3)}"]
    rules = candidate.rules or ["none"]
    for rule in rules:
        names += [f"rule={rule}", f"rule={rule}|type={kind}", f"rule={rule}|group={group}"]
    if len(rules) > 1:
        names.append("rules=several")
    same_sentence = head.sent.start == root.sent.start if root.doc is head.doc else False
    path = tree_path(head, root) if same_sentence else None
    if path is None:
        names.append("path=none")
    else:
        core = _core(path)
        text = "".join(core) if len(core) <= 4 else "long"
        names += [f"path={text}", f"path={text}|group={group}", f"pathlen={_bucket(len(core), (0, 1, 2, 3, 5))}"]
        names.append(f"first={core[0] if core else 'self'}")
        names.append(f"last={core[-1] if core else 'self'}|group={group}")
    if candidate.span is not None:
        names += [f"ctype={candidate.span.label_}", f"ctype={candidate.span.label_}|type={kind}"]
        names.append("nominal" if root.pos_ != "PROPN" else "name")
    preposition = case_word(root) or "none"
    cases = root.morph.get("Case")
    names += [f"prep={preposition}", f"prep={preposition}|group={group}", f"case={cases[0] if cases else 'none'}"]
    names.append(f"case={cases[0] if cases else 'none'}|group={group}")
    distance = root.i - head.i
    names += [f"dir={'after' if distance > 0 else 'before'}", f"dist={_bucket(abs(distance), (1, 3, 6, 10, 20))}"]
    if not same_sentence:
        names.append("other_sentence")
    if root.head.i != root.i and root.head.pos_ in ("NOUN", "PROPN") and root.dep_ == "nmod":
        names.append("under_noun")
    if candidate.start_char in claimed:
        names.append("claimed_by_other")
    if path is not None:
        # «Трамп поздравил победителя, а лидеры договорились»: a mention nearer another trigger is more likely its
        nearer = [other for other in others if len(_core(tree_path(other.head, root) or path)) < len(_core(path))]
        if nearer:
            names.append("closer_to_other" + ("_contact" if any(o.type in CONTACT_TYPES for o in nearer) else ""))
    if same_sentence and any(min(head.i, root.i) < other.head.i < max(head.i, root.i) for other in others):
        names.append("trigger_between")
    occurrence = [c.lemma_ for c in head.children if c.dep_ == "amod" and c.lemma_ in OTHER_OCCURRENCE]
    for lemma in occurrence:
        names.append(f"trigger_amod={lemma}")
        if set(rules) & INHERITED_RULES:
            names.append("other_occurrence|inherited")
    names += candidate.extra
    return {f"{role}:{name}": 1.0 for name in names}


def _time_features(candidate: Candidate, match: TriggerMatch, value: str | None) -> list[str]:
    """What kind of date a time candidate is, and where it stands."""
    precision = sum(ch.isdigit() for ch in value) if value else 0
    return [
        f"time_precision={_bucket(precision, (0, 2, 4, 6))}",
        f"time_precision={_bucket(precision, (0, 2, 4, 6))}|type={match.type}",
        f"time_before={candidate.time[0] < match.head.idx}",
    ]


def build_candidates(
    match: TriggerMatch,
    role: str,
    proposed: list[tuple[Span, str]] | list[tuple[tuple[int, int, str], str]],
    *,
    times: list[dict] = (),
) -> list[Candidate]:
    """The rules' proposals for ``role`` first, then the other mentions (or times) of the sentence."""
    doc = match.head.doc
    sent = match.head.sent
    by_key: dict[tuple[int, int], Candidate] = {}
    if role == "time":
        by_id = {t["id"]: t for t in times}
        for time, rule in proposed:
            key = (time[0], time[1])
            if key not in by_key:
                span = doc.char_span(time[0], time[1], alignment_mode="expand")
                by_key[key] = Candidate(role, span.root, [], time=time)
            if rule not in by_key[key].rules:
                by_key[key].rules.append(rule)
        for time in times:
            key = (time["start"], time["end"])
            if key in by_key or time.get("kind", "date") not in ("date", "time"):
                continue
            if not (sent.start_char <= time["start"] < sent.end_char):
                continue
            span = doc.char_span(time["start"], time["end"], alignment_mode="expand")
            if span is not None and len(span):
                by_key[key] = Candidate(role, span.root, [], time=(time["start"], time["end"], time["id"]))
        found = list(by_key.values())
        for candidate in found:
            candidate.extra = _time_features(candidate, match, by_id.get(candidate.time[2], {}).get("value"))
        return found
    trigger_ids = {t.i for t in match.tokens}
    for span, rule in proposed:
        key = (span.start, span.end)
        if key not in by_key:
            by_key[key] = Candidate(role, span.root, [], span=span)
        if rule not in by_key[key].rules:
            by_key[key].rules.append(rule)
    wanted = PARTICIPANT_TYPES if role == "participant" else ("LOC", "ORG")
    for span in sentence_mentions(sent, wanted):
        key = (span.start, span.end)
        if key not in by_key and not any(span.start <= i < span.end for i in trigger_ids):
            by_key[key] = Candidate(role, span.root, [], span=span)
    return list(by_key.values())
