"""Triggers: lemmas and linked lemma phrases from ``lexicons/event_triggers.tsv``."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

import numpy
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Span, Token

from ..backends import pymorphy
from ..coref.tokens import children, morph_values, positions_with_lemma, token_table
from ..lexicons import load_words


@dataclass
class TriggerMatch:
    """The trigger's tokens in text order and its event type; ``tokens`` is not changed after the match is made."""

    tokens: list[Token]
    type: str
    #: words a phrase requires that are not part of the trigger: the guest of «принять @person»
    constraints: list[Token] = field(default_factory=list)

    #: the token of the trigger the others hang on (:meth:`_head`)
    head: Token = field(init=False, repr=False, compare=False)
    #: the tokens the trigger's span covers (:meth:`_shown`)
    shown: list[Token] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # set once here, not as cached properties: every rule asks for the head
        # and every record for the span, and functools' cached_property takes a
        # lock on each first read (some microseconds, for every trigger)
        self.head = self._head()
        self.shown = self._shown()

    def _head(self) -> Token:
        if len(self.tokens) == 1:  # most triggers are one word
            return self.tokens[0]
        ids = {t.i for t in self.tokens}
        return next((t for t in self.tokens if t.head.i not in ids or t.head.i == t.i), self.tokens[0])

    def _shown(self) -> list[Token]:
        """All the trigger's tokens when they stand together («подписали
        совместное заявление»), else its verb alone, or its head («контракт с
        форвардом, выступавшим за «Партизан», заключён»: only «заключён», not
        the clause in between; «сделки, заключённой»: «заключённой»)."""
        if len(self.tokens) == 1:  # a word alone shows itself
            return self.tokens
        first, last = self.tokens[0].i, self.tokens[-1].i
        between = token_table(self.tokens[0].doc).tokens[first : last + 1]
        if last - first + 1 <= len(self.tokens) + 2 and not any(t.is_punct for t in between):
            return self.tokens
        verb = next((t for t in self.tokens if t.pos_ in ("VERB", "AUX")), None)
        return [verb or self.head]

    @property
    def start_char(self) -> int:
        return min(t.idx for t in self.shown)

    @property
    def end_char(self) -> int:
        return max(t.idx + len(t) for t in self.shown)  # len(token): its length in characters, without making its text


@dataclass
class FoundEvent:
    trigger: TriggerMatch
    modality: str
    participants: list[Span] = field(default_factory=list)
    places: list[Span] = field(default_factory=list)
    times: list[tuple[int, int, str]] = field(default_factory=list)


def _phrase_length(entry: tuple[tuple[str, ...], str]) -> int:
    """The number of lemmas of a lexicon entry: entries are tried longest first."""
    return len(entry[0])


@lru_cache(maxsize=None)
def trigger_lexicon() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First lemma → [(all lemmas of the phrase, type)], longest phrases first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    phrases = {tuple(phrase.split()): kind.strip() for phrase, kind in load_words("event_triggers.tsv", with_values=True).items()}
    words_alone = {lemmas[0] for lemmas in phrases if len(lemmas) == 1}  # the lemmas that are triggers by themselves
    for lemmas, kind in phrases.items():
        index.setdefault(lemmas[0], []).append((lemmas, kind))
        # «Соглашение было достигнуто», «меморандум подписан»: a verb–noun pair is also
        # looked for from the noun, which comes first in the passive and would
        # otherwise be taken alone before the verb is reached
        reverse = lemmas[::-1]
        if len(lemmas) == 2 and reverse not in phrases and lemmas[1] in words_alone and not lemmas[1].startswith("@"):
            index.setdefault(reverse[0], []).append((reverse, kind))
    for entries in index.values():
        entries.sort(key=_phrase_length, reverse=True)  # stable: the file's order among phrases of one length
    return index


def lemma_keys(token: Token) -> tuple[str, ...]:
    """The lemma, and for a plural noun its plural form («выборы», «консультации»)."""
    if token.pos_ in ("NOUN", "PROPN") and "Plur" in morph_values(token, "Number"):
        plural = pymorphy.plural_nominative(token.text)
        if plural and plural != token.lemma_:
            return (token.lemma_, plural)
    return (token.lemma_,)


#: word classes that only constrain a phrase and stay out of the trigger: «принять @person» is «принял», said of a guest
CONSTRAINT_CLASSES = frozenset({"@person"})


def matches_lemma(token: Token, lemma: str) -> bool:
    """``lemma`` is the token's lemma, or a word class it belongs to: ``@title``
    is any title noun of ``lexicons/titles.txt`` but a counterpart («стать @title»: «стала
    премьер-министром»), ``@person`` a person's name or title («принять
    @person»: «Путин принял Моди», «принял индийского гостя»)."""
    if lemma == "@title":
        from ..coref import is_title, title_groups

        # «стали гостями вечера», «стал ему коллегой»: who one is to someone is not a post
        return is_title(token) and title_groups().get(token.lemma_) != "counterpart"
    if lemma == "@person":
        return _names_person(token)
    return lemma in lemma_keys(token)


def _names_person(token: Token) -> bool:
    from ..coref import is_title
    from .mentions import mention_of

    mention = mention_of(token)
    if mention is not None:
        return mention.label_ == "PER"
    return token.ent_type_ == "PER" or is_title(token)


def _linked(token: Token, lemma: str, used: set[int]) -> Token | None:
    """A word with ``lemma`` that is the head or a child of ``token`` (or a
    grandchild via a preposition).  A word class is the word's own complement:
    the instrumental of «стать @title» («стала премьер-министром», not «стала
    первой для члена правительства»), the object of «принять @person»."""
    below = children(token)
    if lemma == "@title":
        candidates = [c for c in below if "Ins" in morph_values(c, "Case")]
    elif lemma == "@person":
        candidates = [c for c in below if c.dep_ == "obj"]
        if "Pass" in morph_values(token, "Voice") and any(_names_person(a) for a in passive_agents(token)):
            # «Орбан был принят Владимиром Путиным»: the guest is the passive's subject, when a host is named
            candidates += [c for c in below if c.dep_ == "nsubj:pass"]
    else:
        candidates = [token.head, *below]
        # a grandchild only as a preposition («подать в отставку»): a noun two
        # steps down is another phrase's («провёл встречи с X, а переговоры с Y»)
        candidates += [g for c in below for g in children(c) if g.pos_ == "ADP"]
    for other in candidates:
        if other.i != token.i and other.i not in used and (matches_lemma(other, lemma) or (lemma == "@person" and _pronoun_guest(other, token))):
            return other
    return None


def passive_agents(verb: Token) -> list[Token]:
    """Who does what a passive verb says: «принят Владимиром Путиным» (the instrumental without a preposition)."""
    return [
        c for c in children(verb)
        if c.dep_ == "obl:agent" or (c.dep_ == "obl" and "Ins" in morph_values(c, "Case") and not any(g.dep_ == "case" for g in children(c)))
    ]


#: personal pronouns that may stand for the guest of «принять @person»
GUEST_PRONOUNS = {"он", "она", "они"}


def _pronoun_guest(pronoun: Token, verb: Token) -> bool:
    """«в аэропорту его встретил Ким Чен Ын», «где его принял председатель КНР
    Си Цзиньпин»: a personal pronoun is the guest when the one who receives is
    named (a bill is «принят» by deputies or «спикер», not by a name)."""
    if pronoun.lemma_ not in GUEST_PRONOUNS:
        return False
    from .mentions import mentions_under

    return any(
        m.label_ == "PER" and m.root.pos_ == "PROPN"
        for c in children(verb) if c.dep_ == "nsubj" for m in mentions_under(c, via=("appos", "flat", "flat:name", "conj"))
    )


@lru_cache(maxsize=None)
def _first_words() -> frozenset[str]:
    """The words a trigger phrase can start with."""
    return frozenset(trigger_lexicon())


#: spaCy's numbers of the parts of speech whose plural form may be a trigger of its own («выборы»)
NOUN, PROPN = POS_IDS["NOUN"], POS_IDS["PROPN"]

#: ``doc.user_data`` key of the sorted indexes of the tokens that may start a trigger
TRIGGER_STARTS = "ruevents.trigger_starts"


def trigger_starts(doc) -> list[int]:
    """Indexes of the tokens whose :func:`lemma_keys` start some lexicon phrase,
    in text order: read from the lemma, POS and morphology columns of the
    Doc's token table, so that only the nouns with a morphology are looked at
    one by one.  Computed once per Doc."""
    found = doc.user_data.get(TRIGGER_STARTS)
    if found is not None:
        return found
    if not len(doc):
        doc.user_data[TRIGGER_STARTS] = []
        return []
    table = token_table(doc)
    strings = doc.vocab.strings
    lexicon = trigger_lexicon()
    starting = positions_with_lemma(doc, _first_words())
    # the other nouns with a morphology: a plural may be a trigger of its own («выборы»)
    parts = table.pos_column
    nouns = (parts == NOUN) | (parts == PROPN)
    nouns[starting] = False
    nouns = numpy.flatnonzero(nouns & (table.morph_column != 0))
    plural_of_key: dict[int, bool] = {}
    plurals = []
    for i, morph in zip(nouns.tolist(), table.morph_column[nouns].tolist()):
        plural = plural_of_key.get(morph)
        if plural is None:
            plural = plural_of_key[morph] = "Number=Plur" in strings[morph]
        if plural and pymorphy.plural_nominative(table.tokens[i].text) in lexicon:
            plurals.append(i)
    found = sorted(starting + plurals) if plurals else list(starting)  # ``starting`` is the table's: not changed
    doc.user_data[TRIGGER_STARTS] = found
    return found


def find_triggers(sent: Span) -> list[TriggerMatch]:
    lexicon = trigger_lexicon()
    matches: list[TriggerMatch] = []
    used: set[int] = set()
    doc = sent.doc
    starts = trigger_starts(doc)
    doc_tokens = token_table(doc).tokens
    for i in starts[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]:
        token = doc_tokens[i]
        if token.i in used or token.pos_ in ("PUNCT", "ADP", "SPACE"):
            continue
        keys = lemma_keys(token)
        if len(keys) == 1:  # most words: the lexicon's entries, longest first already
            entries = lexicon.get(keys[0], ())
        else:  # a plural noun's two keys («выборы»): their entries merged, longest first
            entries = sorted([entry for key in keys for entry in lexicon.get(key, ())], key=_phrase_length, reverse=True)
        for lemmas, kind in entries:
            if len(lemmas) == 1:  # the word alone: nothing to link, constrain or sort
                matches.append(TriggerMatch([token], kind))
                used.add(token.i)
                break
            tokens = [token]
            for lemma in lemmas[1:]:
                found = None
                for anchor in tokens:
                    found = _linked(anchor, lemma, used | {t.i for t in tokens})
                    if found is not None:
                        break
                if found is None:
                    break
                tokens.append(found)
            if len(tokens) == len(lemmas):
                constraints = [t for t, lemma in zip(tokens, lemmas) if lemma in CONSTRAINT_CLASSES]
                constrained = {t.i for t in constraints}
                # the phrase's content words form the trigger; prepositions and constraints stay out
                tokens = [t for t in tokens if t.pos_ != "ADP" and t.i not in constrained]
                matches.append(TriggerMatch(sorted(tokens, key=lambda t: t.i), kind, constraints))
                used.update(t.i for t in tokens)
                break
    return matches
