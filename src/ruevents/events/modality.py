"""asserted, planned, negated or hypothetical."""

from __future__ import annotations

from spacy.tokens import Token

from ..coref.tokens import children, morph_values
from .modality_lexicon import modality_lexicon
from .syntax import controllers_without_conj, light_verb, verbal_governor
from .triggers import TriggerMatch


#: «не» negates; «пока … не» is «until»
NEGATION_WORDS = frozenset({"не", "пока"})


def _is_future(node: Token) -> bool:
    tense = morph_values(node, "Tense")  # read once: both rules below ask it
    if "Fut" in tense:
        return True
    # perfective present forms are future in Russian: «обсудят», «состоятся»
    # (the tense, read already, first: most verbs are past and their aspect need not be read)
    if "Pres" in tense and node.pos_ == "VERB" and "Perf" in morph_values(node, "Aspect"):
        return True
    # «будут судить»
    for c in children(node):
        if c.dep_ == "aux" and c.lemma_ == "быть" and "Fut" in morph_values(c, "Tense"):
            return True
    return False


def modality(match: TriggerMatch) -> str:
    """asserted, planned, negated or hypothetical, from the words that govern the trigger.

    Negation counts on the trigger, its light verb and the verbs that control
    it, not on a coordinated clause («не пострадал и был задержан»); «пока …
    не» is «until», not a negation.
    """
    head = match.head
    chain = controllers_without_conj(head)
    governors = [head] + chain[1:]
    light = light_verb(head, strict=True)
    if light is not None:
        governors.append(light)
    if head.pos_ in ("NOUN", "PROPN") and light is None and head.dep_ != "parataxis":
        # not for an inserted «по её словам»: the verb beside it says what was said
        verb = verbal_governor(head)
        if verb is not None:
            governors.append(verb)
    if head.dep_ in ("nmod", "acl") and head.head.pos_ == "NOUN" and "Inf" in morph_values(head, "VerbForm"):
        # «принял приглашение посетить Вашингтон», «решение приехать»: the noun and its verb govern the infinitive
        governors.append(head.head)
        verb = verbal_governor(head.head)
        if verb is not None:
            governors.append(verb)
    lexicon = modality_lexicon()
    # the governors' dependents that can change the modality, «не», «пока» or a
    # word of the lexicon («бы», «возможно»): most triggers have none, and the
    # rules below look only at these
    words = [c for node in governors for c in children(node) if c.lemma_ in lexicon or c.lemma_ in NEGATION_WORDS]
    lemmas = [c.lemma_ for c in words]  # read once: the rules below all look at them
    until = "пока" in lemmas
    if not until and "не" in lemmas:
        return "negated"
    if any(
        lemma in ("если", "бы") or (lexicon.get(lemma) == "hypothetical" and c.dep_ in ("amod", "mark", "advmod", "obl"))
        for c, lemma in zip(words, lemmas)
    ):
        return "hypothetical"
    if any(node.i != head.i and lexicon.get(node.lemma_) == "hypothetical" for node in governors):
        return "hypothetical"
    if until:
        return "planned"
    for node in governors:
        if _is_future(node) or (node.i != head.i and lexicon.get(node.lemma_) == "planned"):
            return "planned"
    # «предстоящий визит»: the head's own modifier
    if any(c.dep_ == "amod" and c.head.i == head.i and lexicon.get(lemma) == "planned" for c, lemma in zip(words, lemmas)):
        return "planned"
    return "asserted"
