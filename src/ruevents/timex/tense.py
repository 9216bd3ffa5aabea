"""The tense of the clause a time expression belongs to, from the Doc's morphology.

«7 сентября состоялась встреча» is past, «в понедельник состоится встреча»
and «Герасимов планирует встретиться в среду» are future.  The governing
verb is found by walking up the dependency tree from the expression; without
a parse, the first finite verb of the sentence decides.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

#: verbs and predicatives whose complement is in the future («планирует встретиться»)
FUTURE_LEMMAS = frozenset({
    "планировать", "запланировать", "собираться", "намереваться", "намечать", "наметить", "предстоять",
    "ожидаться", "рассчитывать", "готовиться", "должный", "пообещать", "обещать", "намечаться", "назначить",
    "назначать",
})
FUTURE_AUX = frozenset({"буду", "будешь", "будет", "будем", "будете", "будут"})
VERBAL = ("VERB", "AUX")


def verb_tense(token: Token) -> str | None:
    """"past", "future" or None (present, or no tense on the verb)."""
    if token.lemma_ in FUTURE_LEMMAS:
        return "future"
    if token.lower_ in FUTURE_AUX:
        return "future"
    tense = token.morph.get("Tense")
    if "Past" in tense:
        return "past"
    if "Fut" in tense:
        return "future"
    for child in token.children:
        if child.dep_ in ("aux", "aux:pass", "cop") or child.lemma_ == "быть":
            if child.lower_ in FUTURE_AUX:
                return "future"
            if "Past" in child.morph.get("Tense"):
                return "past"
    return None


class TenseReader:
    """Reads tenses in one Doc (whose annotations are checked once, not per expression)."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.has_morph = bool(len(doc)) and doc.has_annotation("MORPH")
        self.has_tree = self.has_morph and doc.has_annotation("DEP")

    def __call__(self, first: int, last: int) -> str | None:
        if not self.has_morph:
            return None
        return clause_tense(self.doc, first, last, tree=self.has_tree)


def clause_tense(doc: Doc, first: int, last: int, *, tree: bool = True) -> str | None:
    """Tense for the expression covering tokens ``first..last`` (inclusive) of a tagged Doc."""
    tokens = doc[first : last + 1]
    node = tokens.root if tree else doc[first]
    seen = 0
    while seen < 8:
        if node.pos_ in VERBAL or node.lemma_ in FUTURE_LEMMAS:
            tense = verb_tense(node)
            if tense is not None:
                return tense
            if "Inf" not in node.morph.get("VerbForm") and "Part" not in node.morph.get("VerbForm"):
                # a present-tense finite verb: the clause says nothing of past or future
                return None
        if node.head.i == node.i:
            break
        node = node.head
        seen += 1
    for token in doc[first].sent:
        if token.pos_ in VERBAL and "Fin" in token.morph.get("VerbForm"):
            tense = verb_tense(token)
            if tense is not None:
                return tense
    return None
