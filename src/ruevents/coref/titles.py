"""Titles written around a person's name: before it («председатель Военного
комитета НАТО чешский генерал Петр Павел») and after it («Сергей Лавров,
министр иностранных дел России, …», «Иванов — директор института»)."""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right

from spacy.tokens import Doc, Token

from .lexicon import nationalities, title_groups, title_lemmas
from .phrase import OPENING_QUOTES, QUOTES, TITLE_LEAD_NOUNS, TITLE_PHRASE_POS, Title, balanced_quotes, is_finite, is_title, title_phrase, token_case
from .tokens import morph_values, positions_with_lemma, token_table


def _linear_title(doc: Doc, position: int, names: set[int]) -> Title | None:
    """The outermost title word to the left with only noun-phrase words up to
    ``position``: «председатель Совета муфтиев России шейх», not «муфтиев … шейх»."""
    doc_tokens = token_table(doc).tokens
    found = None
    for index in range(position, max(-1, position - 7), -1):
        token = doc_tokens[index]
        if token.i in names or token.pos_ not in TITLE_PHRASE_POS or token.dep_ in ("nsubj", "obj") or is_finite(token):
            break
        if token.lemma_ in title_groups():
            found = Title(token, list(doc_tokens[index : position + 1]))
    return found


def _title_ending_at(doc: Doc, position: int, names: set[int]) -> Title | None:
    """The outermost title phrase that ends at ``position`` (or is headed there):
    «заместитель министра иностранных дел» is one title, not «министр …»."""
    # the title words among the 13 tokens up to ``position``: their lemma is a title's
    titles = positions_with_lemma(doc, title_lemmas())
    doc_tokens = token_table(doc).tokens
    for i in titles[bisect_left(titles, max(0, position - 12)) : bisect_right(titles, position)]:
        candidate = doc_tokens[i]
        if not is_title(candidate):
            continue
        phrase = title_phrase(candidate, before=position + 1, exclude=names)
        if phrase.tokens[-1].i == position or phrase.head.i == position:
            return phrase
    return None


def _set_off_by_commas(doc: Doc, mention_start: int) -> bool:
    """The person's name at ``mention_start`` is followed by a comma or ends the sentence."""
    doc_tokens = token_table(doc).tokens
    end = mention_start
    while end < len(doc) and doc_tokens[end].ent_iob_ != "O" and (end == mention_start or doc_tokens[end].ent_iob_ == "I"):
        end += 1
    return end >= len(doc) or doc_tokens[end].text == "," or doc_tokens[end].is_sent_end


def _one_noun_phrase(earlier: Token, later: Token, name: Token) -> bool:
    """Two titles separated by a comma describe one person when the tree links
    them: the later one or the name hangs on the earlier one."""
    return later.head.i == earlier.i or earlier.head.i == later.i or name.head.i == earlier.i


def titles_before(mention_start: int, doc: Doc, names: set[int] = frozenset()) -> list[Title]:
    """Title phrases that run up to a name: «председатель … генерал | Петр Павел».

    ``names`` are the token indexes of person names: a title never runs
    across another person («главой комитета Петром Павелом и начальником…»).
    """
    doc_tokens = token_table(doc).tokens
    found: list[Title] = []
    position = mention_start - 1
    while position >= 0:
        token = doc_tokens[position]
        chosen = _title_ending_at(doc, position, names)
        if chosen is None and not found:
            chosen = _linear_title(doc, position, names)
        if chosen is None and found and token.text == "," and position > 0:
            # «депутат собрания района, сопредседатель отделения движения Михаил Вельмакин»
            earlier = _title_ending_at(doc, position - 1, names)
            if earlier is not None and _one_noun_phrase(earlier.head, found[0].head, doc_tokens[mention_start]):
                chosen = earlier
        if chosen is None and not found and token.text == "," and position > 0 and _set_off_by_commas(doc, mention_start):
            # «Бывший спикер палаты, Нэнси Пелоси, заявила»: the name set off by commas
            earlier = _title_ending_at(doc, position - 1, names)
            name = doc_tokens[mention_start]
            if earlier is not None and (name.head.i == earlier.head.i or earlier.head.head.i == name.i) and token_case(earlier.head) == token_case(name):
                chosen = earlier
        if chosen is None or (token.is_punct and token not in chosen.tokens and token.text != ","):
            break
        found.insert(0, chosen)
        position = min(t.i for t in chosen.tokens) - 1
        # an adjective of nationality left out of the phrase sits just before it
        while position >= 0 and doc_tokens[position].lemma_ in nationalities():
            position -= 1
    return found


def titles_after(mention_end: int, name_head: Token) -> list[Title]:
    """«Сергей Лавров, министр иностранных дел России, …»."""
    doc = name_head.doc
    doc_tokens = token_table(doc).tokens
    found = []
    for token in doc_tokens[mention_end : min(len(doc), mention_end + 3)]:
        if is_title(token) and (token.head.i == name_head.i or name_head.head.i == token.i) and token.dep_ in ("appos", "conj"):
            found.append(title_phrase(token))
            break
    return found


#: what may stand between a name and a title after it
AFTER_SEPARATORS = {",": "agree", "-": "nominative", "—": "nominative", "–": "nominative", "(": "any"}
#: parts of speech a title phrase after a name is made of
AFTER_PHRASE_POS = {"NOUN", "PROPN", "ADJ", "DET", "NUM", "X"}


def _skip_bracketed_name(doc: Doc, index: int) -> int:
    """«Скотт Хоровитц (Scott Horowitz), бывший астронавт»: step over the name repeated in brackets."""
    doc_tokens = token_table(doc).tokens
    if index < len(doc) and doc_tokens[index].text == "(":
        for close in range(index + 1, min(len(doc), index + 8)):
            if doc_tokens[close].text == ")":
                inside = doc_tokens[index + 1 : close]
                if all(t.pos_ in ("PROPN", "X") or t.is_punct for t in inside) and not any(is_title(t) for t in inside):
                    return close + 1
                break
    return index


def _phrase_after(doc: Doc, start: int, names: set[int], *, closing: str | None) -> Title | None:
    """A title phrase that starts at ``start``: qualifiers, the title word, its
    dependents up to a comma, a verb, a conjunction or another person."""
    doc_tokens = token_table(doc).tokens
    head = None
    for token in doc_tokens[start : min(len(doc), start + 4)]:
        if is_title(token):
            head = token
            break
        if token.i in names or not (token.pos_ == "ADJ" or token.lemma_ in TITLE_LEAD_NOUNS or (token.pos_ == "VERB" and not is_finite(token))):
            return None
    if head is None or "Plur" in morph_values(head, "Number"):
        return None
    tokens = list(doc_tokens[start : head.i + 1])
    for token in doc_tokens[head.i + 1 : min(len(doc), head.i + 12)]:
        if token.i in names or token.text == closing:
            break
        if token.text in QUOTES or token.pos_ in AFTER_PHRASE_POS:
            tokens.append(token)
        elif token.pos_ == "ADP" and token.i + 1 < len(doc) and doc_tokens[token.i + 1].pos_ in ("NOUN", "PROPN", "ADJ", "X"):
            tokens.append(token)  # «посол Японии в России», «директор НАСА по космическим полётам»
        else:
            break
    while tokens[-1].i != head.i and (tokens[-1].pos_ in ("ADP", "ADJ", "DET") or tokens[-1].text in OPENING_QUOTES):
        tokens.pop()
    return Title(head, balanced_quotes(tokens))


def _ends_in_unknown_name(title: Title, entity_at: dict[int, dict]) -> bool:
    """«…, капитан клуба Тоттенхэм Хотспур Ледли Кинг и …»: capitalised words
    at the end of the phrase that no entity covers are most likely the name of
    the person the title belongs to, missed by NER."""
    trailing = list(itertools.takewhile(lambda t: t.pos_ in ("PROPN", "X") and t.text[:1].isupper(), reversed(title.tokens)))
    loose = [t for t in trailing if t.i not in entity_at]
    return len(loose) >= 2


def titles_after_linear(mention_end: int, name_head: Token, names: set[int], entity_at: dict[int, dict]) -> list[Title]:
    """«Борис Стомахин, редактор газеты «Радикальная политика», …», «Кирилл
    Разлогов - директор института», «Йоахим Лёв (второй тренер)», «Гергей Ковач -
    политик и лидер партии»: titles written after the name, read left to right
    because the parser often misattaches them.

    After a comma the title agrees with the name in case (an apposition); after
    a dash it is in the nominative; a title followed by another name is that
    person's.
    """
    doc = name_head.doc
    doc_tokens = token_table(doc).tokens
    index = _skip_bracketed_name(doc, mention_end)
    if index >= len(doc) or doc_tokens[index].text not in AFTER_SEPARATORS:
        return []
    rule = AFTER_SEPARATORS[doc_tokens[index].text]
    closing = ")" if doc_tokens[index].text == "(" else None
    found: list[Title] = []
    start = index + 1
    while len(found) < 3:
        title = _phrase_after(doc, start, names, closing=closing)
        if title is None:
            break
        first = title.tokens[0]
        # «исполняющий обязанности представителя»: the participle carries the case
        case = token_case(first) if first.pos_ == "VERB" else token_case(title.head)
        if rule == "agree" and case and token_case(name_head) and case != token_case(name_head):
            break
        if rule == "nominative" and case and case != "Nom":
            break
        end = title.tokens[-1].i + 1
        if (end < len(doc) and end in names) or _ends_in_unknown_name(title, entity_at):
            break  # «…, министр обороны Сергей Шойгу»: the next person's title
        found.append(title)
        if end + 1 < len(doc) and (doc_tokens[end].text == "," or doc_tokens[end].lemma_ == "и") and end + 1 not in names:
            start = end + 1  # «политик и лидер партии»
            continue
        break
    return found
