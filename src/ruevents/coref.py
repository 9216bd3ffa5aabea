"""Who is who: titles and affiliations of people, and titles that stand for them.

«председатель Военного комитета НАТО чешский генерал Петр Павел» gives Павел
the titles «председатель Военного комитета НАТО» and «генерал», the
organisation «Военный комитет НАТО» and the nationality «Чехия».  Titles are
read before the name (also several, separated by commas, and with quoted
names: «координатор движения «Левый фронт»»), after it («Иванов, министр
финансов, …», «Иванов — директор института», «Иванов (тренер)») and in the
predicate («X является депутатом», «X назначен послом», «X занял пост мэра»).

A title phrase met without a name joins a person: the one who holds a title of
the same kind in the same organisation («начальник Генштаба России» in a
headline); else, as a subject, the person named just before whose known
titles and nationality do not contradict it («Нетаньяху отказался…
Премьер-министр Израиля заявил»); a bare title («канцлер») the one person
named before it with a title of its kind.  A family name the NER missed joins
the person it names.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Token

from .lexicons import load_words
from .names import phrase_name

LEADING_RELS = {"case", "cc", "mark", "punct", "advmod"}
#: quotes around a name inside a title: «координатор движения «Левый фронт»»
QUOTES = frozenset('«»"„“”')
OPENING_QUOTES = frozenset("«„")
# parts of speech a title phrase is made of when the parse is too broken to follow
TITLE_PHRASE_POS = {"NOUN", "PROPN", "ADJ", "DET", "NUM", "VERB"}


@lru_cache(maxsize=None)
def title_groups() -> dict[str, str]:
    return {k: v.strip() for k, v in load_words("titles.txt", with_values=True).items() if " " not in k}


@lru_cache(maxsize=None)
def nationalities() -> dict[str, str]:
    return {k: v.strip() for k, v in load_words("nationalities.tsv", with_values=True).items()}


@dataclass
class Title:
    """A title phrase: its head noun and the tokens that make it up."""

    head: Token
    tokens: list[Token]
    nationality: str | None = None
    org_tokens: list[Token] = field(default_factory=list)

    @property
    def group(self) -> str:
        return title_groups().get(self.head.lemma_, self.head.lemma_)

    @property
    def start_char(self) -> int:
        return self.tokens[0].idx

    @property
    def end_char(self) -> int:
        return self.tokens[-1].idx + len(self.tokens[-1].text)


def is_title(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN") and token.lemma_ in title_groups()


#: relations that leave the title's noun phrase: clauses, coordination, the name itself
OUTSIDE_TITLE_RELS = {"acl", "acl:relcl", "advcl", "ccomp", "xcomp", "parataxis", "nsubj", "obj"}


def _title_subtree(head: Token) -> list[Token]:
    """The title noun and its modifiers, not the clauses or names hung on it."""
    keep = [head]
    stack = [head]
    while stack:
        node = stack.pop()
        for child in node.children:
            if child.dep_ not in OUTSIDE_TITLE_RELS:
                keep.append(child)
                stack.append(child)
    return sorted(keep, key=lambda t: t.i)


def title_phrase(head: Token, *, before: int | None = None, exclude: set[int] = frozenset()) -> Title:
    """The title noun with its modifiers, cut at ``before`` and clear of ``exclude``."""
    tokens = []
    nationality = None
    for token in _title_subtree(head):
        if before is not None and token.i >= before:
            break
        quote = token.text in QUOTES and token.i not in exclude
        if token.i in exclude or (token.is_punct and not quote) or token.is_space:
            if tokens:
                break
            continue
        if quote and not tokens:
            continue
        if not tokens and token.i != head.i and token.dep_ in LEADING_RELS:
            continue  # «с», «между», «и» before the title belong to the clause
        if token.i < head.i and not _modifies_title(token) and not (tokens and token.dep_ == "cc"):
            tokens = []  # «в 2009 год | писателя»: only adjectives stand before the title word
            continue
        if token.i != head.i and token.head.i == head.i and token.dep_ == "amod" and token.lemma_ in nationalities():
            nationality = nationalities()[token.lemma_]
            continue
        if tokens and token.i != tokens[-1].i + 1:
            break
        tokens.append(token)
    if not tokens or head not in tokens:
        tokens = [head]
    return Title(head, _balanced(tokens), nationality)


#: possessives that refer back rather than describe: «своего председателя», «её основатель»
POSSESSIVE_LEMMAS = {"свой", "его", "ее", "её", "их", "наш", "ваш", "мой", "твой"}


def _modifies_title(token: Token) -> bool:
    """Words that may stand before a title word in its phrase: adjectives,
    participles, ordinals («первый заместитель», «исполняющий обязанности»)."""
    if token.lemma_ in POSSESSIVE_LEMMAS:
        return False
    return token.pos_ in ("ADJ", "NUM") or (token.pos_ == "VERB" and not _is_finite(token)) or token.lemma_ in TITLE_LEAD_NOUNS or token.text in QUOTES


def _balanced(tokens: list[Token]) -> list[Token]:
    """Close a quote the parser hung elsewhere («солист «Телевизора» + »), drop
    one left open at the end: «глава движения «» → «глава движения»."""
    doc = tokens[0].doc
    following = tokens[-1].i + 1
    if sum(t.text in QUOTES for t in tokens) % 2 and following < len(doc) and doc[following].text in QUOTES and doc[following].text not in OPENING_QUOTES:
        tokens = [*tokens, doc[following]]
    while len(tokens) > 1 and tokens[-1].text in QUOTES:
        inside = [t for t in tokens if t.text in QUOTES]
        if len(inside) % 2 == 0 and tokens[-1].text not in OPENING_QUOTES:
            break
        tokens = tokens[:-1]
    return tokens


def _is_finite(token: Token) -> bool:
    """A verb that makes a clause («приехали», «заявить»), not a participle («исполняющий»)."""
    return token.pos_ in ("VERB", "AUX") and "Part" not in token.morph.get("VerbForm")


def _linear_title(doc: Doc, position: int, names: set[int]) -> Title | None:
    """The outermost title word to the left with only noun-phrase words up to
    ``position``: «председатель Совета муфтиев России шейх», not «муфтиев … шейх»."""
    found = None
    for index in range(position, max(-1, position - 7), -1):
        token = doc[index]
        if token.i in names or token.pos_ not in TITLE_PHRASE_POS or token.dep_ in ("nsubj", "obj") or _is_finite(token):
            break
        if token.lemma_ in title_groups():
            found = Title(token, list(doc[index : position + 1]))
    return found


def _title_ending_at(doc: Doc, position: int, names: set[int]) -> Title | None:
    """The outermost title phrase that ends at ``position`` (or is headed there):
    «заместитель министра иностранных дел» is one title, not «министр …»."""
    for candidate in (t for t in doc[max(0, position - 12) : position + 1] if is_title(t)):
        phrase = title_phrase(candidate, before=position + 1, exclude=names)
        if phrase.tokens[-1].i == position or phrase.head.i == position:
            return phrase
    return None


def _set_off_by_commas(doc: Doc, mention_start: int) -> bool:
    """The person's name at ``mention_start`` is followed by a comma or ends the sentence."""
    end = mention_start
    while end < len(doc) and doc[end].ent_iob_ != "O" and (end == mention_start or doc[end].ent_iob_ == "I"):
        end += 1
    return end >= len(doc) or doc[end].text == "," or doc[end].is_sent_end


def _one_noun_phrase(earlier: Token, later: Token, name: Token) -> bool:
    """Two titles separated by a comma describe one person when the tree links
    them: the later one or the name hangs on the earlier one."""
    return later.head.i == earlier.i or earlier.head.i == later.i or name.head.i == earlier.i


def titles_before(mention_start: int, doc: Doc, names: set[int] = frozenset()) -> list[Title]:
    """Title phrases that run up to a name: «председатель … генерал | Петр Павел».

    ``names`` are the token indexes of person names: a title never runs
    across another person («главой комитета Петром Павелом и начальником…»).
    """
    found: list[Title] = []
    position = mention_start - 1
    while position >= 0:
        token = doc[position]
        chosen = _title_ending_at(doc, position, names)
        if chosen is None and not found:
            chosen = _linear_title(doc, position, names)
        if chosen is None and found and token.text == "," and position > 0:
            # «депутат собрания района, сопредседатель отделения движения Михаил Вельмакин»
            earlier = _title_ending_at(doc, position - 1, names)
            if earlier is not None and _one_noun_phrase(earlier.head, found[0].head, doc[mention_start]):
                chosen = earlier
        if chosen is None and not found and token.text == "," and position > 0 and _set_off_by_commas(doc, mention_start):
            # «Бывший спикер палаты, Нэнси Пелоси, заявила»: the name set off by commas
            earlier = _title_ending_at(doc, position - 1, names)
            name = doc[mention_start]
            if earlier is not None and (name.head.i == earlier.head.i or earlier.head.head.i == name.i) and _case(earlier.head) == _case(name):
                chosen = earlier
        if chosen is None or (token.is_punct and token not in chosen.tokens and token.text != ","):
            break
        found.insert(0, chosen)
        position = min(t.i for t in chosen.tokens) - 1
        # an adjective of nationality left out of the phrase sits just before it
        while position >= 0 and doc[position].lemma_ in nationalities():
            position -= 1
    return found


def titles_after(mention_end: int, name_head: Token) -> list[Title]:
    """«Сергей Лавров, министр иностранных дел России, …»."""
    doc = name_head.doc
    found = []
    for token in doc[mention_end : min(len(doc), mention_end + 3)]:
        if is_title(token) and (token.head.i == name_head.i or name_head.head.i == token.i) and token.dep_ in ("appos", "conj"):
            found.append(title_phrase(token))
            break
    return found


#: what may stand between a name and a title after it
AFTER_SEPARATORS = {",": "agree", "-": "nominative", "—": "nominative", "–": "nominative", "(": "any"}
#: parts of speech a title phrase after a name is made of
AFTER_PHRASE_POS = {"NOUN", "PROPN", "ADJ", "DET", "NUM", "X"}
#: nouns before the title word that belong to the title: «исполняющий обязанности представителя»
TITLE_LEAD_NOUNS = {"обязанность"}


def _skip_bracketed_name(doc: Doc, index: int) -> int:
    """«Скотт Хоровитц (Scott Horowitz), бывший астронавт»: step over the name repeated in brackets."""
    if index < len(doc) and doc[index].text == "(":
        for close in range(index + 1, min(len(doc), index + 8)):
            if doc[close].text == ")":
                inside = doc[index + 1 : close]
                if all(t.pos_ in ("PROPN", "X") or t.is_punct for t in inside) and not any(is_title(t) for t in inside):
                    return close + 1
                break
    return index


def _case(token: Token) -> str | None:
    cases = token.morph.get("Case")
    return cases[0] if cases else None


def _phrase_after(doc: Doc, start: int, names: set[int], *, closing: str | None) -> Title | None:
    """A title phrase that starts at ``start``: qualifiers, the title word, its
    dependents up to a comma, a verb, a conjunction or another person."""
    head = None
    for token in doc[start : min(len(doc), start + 4)]:
        if is_title(token):
            head = token
            break
        if token.i in names or not (token.pos_ == "ADJ" or token.lemma_ in TITLE_LEAD_NOUNS or (token.pos_ == "VERB" and not _is_finite(token))):
            return None
    if head is None or "Plur" in head.morph.get("Number"):
        return None
    tokens = list(doc[start : head.i + 1])
    for token in doc[head.i + 1 : min(len(doc), head.i + 12)]:
        if token.i in names or token.text == closing:
            break
        if token.text in QUOTES or token.pos_ in AFTER_PHRASE_POS:
            tokens.append(token)
        elif token.pos_ == "ADP" and token.i + 1 < len(doc) and doc[token.i + 1].pos_ in ("NOUN", "PROPN", "ADJ", "X"):
            tokens.append(token)  # «посол Японии в России», «директор НАСА по космическим полётам»
        else:
            break
    while tokens[-1].i != head.i and (tokens[-1].pos_ in ("ADP", "ADJ", "DET") or tokens[-1].text in OPENING_QUOTES):
        tokens.pop()
    return Title(head, _balanced(tokens))


def _ends_in_unknown_name(title: Title, entity_at: dict[int, dict]) -> bool:
    """«…, капитан клуба Тоттенхэм Хотспур Ледли Кинг и …»: capitalised words
    at the end of the phrase that no entity covers are most likely the name of
    the person the title belongs to, missed by NER."""
    trailing = list(itertools.takewhile(lambda t: t.pos_ in ("PROPN", "X") and t.text[:1].isupper(), reversed(title.tokens)))
    loose = [t for t in trailing if t.i not in entity_at]
    return len(loose) >= 2


def _titles_after_linear(mention_end: int, name_head: Token, names: set[int], entity_at: dict[int, dict]) -> list[Title]:
    """«Борис Стомахин, редактор газеты «Радикальная политика», …», «Кирилл
    Разлогов - директор института», «Йоахим Лёв (второй тренер)», «Гергей Ковач -
    политик и лидер партии»: titles written after the name, read left to right
    because the parser often misattaches them.

    After a comma the title agrees with the name in case (an apposition); after
    a dash it is in the nominative; a title followed by another name is that
    person's.
    """
    doc = name_head.doc
    index = _skip_bracketed_name(doc, mention_end)
    if index >= len(doc) or doc[index].text not in AFTER_SEPARATORS:
        return []
    rule = AFTER_SEPARATORS[doc[index].text]
    closing = ")" if doc[index].text == "(" else None
    found: list[Title] = []
    start = index + 1
    while len(found) < 3:
        title = _phrase_after(doc, start, names, closing=closing)
        if title is None:
            break
        first = title.tokens[0]
        # «исполняющий обязанности представителя»: the participle carries the case
        case = _case(first) if first.pos_ == "VERB" else _case(title.head)
        if rule == "agree" and case and _case(name_head) and case != _case(name_head):
            break
        if rule == "nominative" and case and case != "Nom":
            break
        end = title.tokens[-1].i + 1
        if (end < len(doc) and end in names) or _ends_in_unknown_name(title, entity_at):
            break  # «…, министр обороны Сергей Шойгу»: the next person's title
        found.append(title)
        if end + 1 < len(doc) and (doc[end].text == "," or doc[end].lemma_ == "и") and end + 1 not in names:
            start = end + 1  # «политик и лидер партии»
            continue
        break
    return found


@lru_cache(maxsize=None)
def title_predicates() -> dict[str, str]:
    return {k: v.strip() for k, v in load_words("title_predicates.tsv", with_values=True).items()}


PERSONAL_PRONOUNS = {"он", "она"}


def _person_at(token: Token, entity_at: dict[int, dict]) -> dict | None:
    """The person a subject or object names, directly or through an apposition
    («республиканец Джон Бенер»)."""
    for node in [token, *(c for c in token.children if c.dep_ in ("appos", "flat", "flat:name"))]:
        entity = entity_at.get(node.i)
        if entity is not None and entity["type"] == "PER":
            return entity
    return None


def _antecedent(pronoun: Token, people: list[tuple[Token, dict]]) -> dict | None:
    """«он является депутатом»: the nearest person named before, of the pronoun's
    gender, in this sentence or the one before."""
    sentence = pronoun.sent
    earliest = sentence.start
    if earliest > 0:
        earliest = pronoun.doc[earliest - 1].sent.start
    gender = pronoun.morph.get("Gender")
    for root, person in reversed(people):
        if root.i >= pronoun.i:
            continue
        if root.i < earliest:
            return None
        other = root.morph.get("Gender")
        if gender and other and gender != other:
            continue
        return person
    return None


def _holder_of(verb: Token, kind: str, entity_at: dict[int, dict], people: list[tuple[Token, dict]]) -> dict | None:
    """Who holds a title given by ``verb``: its subject (or the object of
    «назначить»), climbing to a controlling verb when the subject is shared
    («согласился занять пост»)."""
    node = verb
    for _ in range(3):
        relations = ("obj", "nsubj:pass") if kind == "object" else ("nsubj", "nsubj:pass")
        for relation in relations:
            for child in (c for c in node.children if c.dep_ == relation):
                if child.lemma_ in PERSONAL_PRONOUNS:
                    return _antecedent(child, people)
                if child.lemma_ == "который" and node.dep_ == "acl:relcl":
                    return _person_at(node.head, entity_at)  # «Нэнси Пелоси, которая является главой…»
                return _person_at(child, entity_at)
        if node.dep_ not in ("xcomp", "conj") or node.head.i == node.i:
            return None
        node = node.head
        kind = "copula"
    return None


def predicative_titles(doc: Doc, entity_at: dict[int, dict], names: set[int], used: set[int]) -> list[tuple[dict, Title]]:
    """Titles a person gets in the predicate: «X является депутатом парламента»,
    «X назначен министром», «X занял пост премьер-министра», «X — бывший
    заместитель министра»."""
    people = sorted(((doc[i], e) for i, e in entity_at.items() if e["type"] == "PER"), key=lambda p: p[0].i)
    found = []
    for token in doc:
        if token.i in used or not is_title(token) or token.ent_type_ or "Plur" in token.morph.get("Number"):
            continue
        holder = None
        head = token.head
        if head.i != token.i and token.dep_ in ("xcomp", "obl", "obj") and "Ins" in token.morph.get("Case") and title_predicates().get(head.lemma_) in ("copula", "object"):
            holder = _holder_of(head, title_predicates()[head.lemma_], entity_at, people)
        elif head.i != token.i and token.dep_ == "nmod" and title_predicates().get(head.lemma_) == "post":
            # «занял пост премьер-министра», «после ухода с поста президента»
            verb, attached = head.head, head.dep_ in ("obj", "obl")
            if title_predicates().get(verb.lemma_) == "post_change":
                verb, attached = verb.head, verb.dep_ in ("obj", "obl")
            if verb.pos_ in ("VERB", "AUX") and attached:
                holder = _holder_of(verb, "copula", entity_at, people)
        elif any(c.dep_ == "cop" for c in token.children) or (
            "Nom" in token.morph.get("Case") and any(c.text in ("—", "-", "–") for c in token.children if c.dep_ == "punct")
        ):
            # «Андрей Санников — бывший заместитель министра»; «он был министром»
            holder = _holder_of(token, "copula", entity_at, people)
        if holder is not None:
            found.append((holder, title_phrase(token, exclude=names)))
    return found


def _entity_of_tokens(tokens: list[Token], entity_at: dict[int, dict], types: tuple[str, ...]) -> tuple[dict | None, str | None]:
    """The first organisation (else place) inside a title, and a key to compare it by.

    The key is the lemma of the entity's head word, so «Генштаба России» and
    «российского Генштаба» name the same organisation.
    """
    for wanted in types:
        for token in tokens:
            entity = entity_at.get(token.i)
            if entity is not None and entity["type"] == wanted:
                inside = [t for t in tokens if entity_at.get(t.i) is entity]
                ids = {t.i for t in inside}
                root = next((t for t in inside if t.head.i not in ids or t.head.i == t.i), inside[0])
                country = country_names().get(entity["name"]) if wanted == "LOC" else None
                return entity, _country_key(country) if country else f"{wanted}:{root.lemma_}"
    return None, None


@lru_cache(maxsize=None)
def country_names() -> dict[str, str]:
    """Any name of a country → the name nationalities.tsv gives it: «КНР» → «Китай», «РФ» → «Россия»."""
    names = {country: country for country in nationalities().values()}
    names.update(load_words("country_aliases.tsv", with_values=True))
    return names


def resolve(doc: Doc) -> None:
    """Add titles, organisation and nationality to people; join title-only mentions to them."""
    entities = doc._.entities or []
    resolve_capitals(doc, entities)
    by_span = {tuple(m): e for e in entities for m in e["mentions"]}
    entity_at: dict[int, dict] = {}
    for ent in doc.ents:
        entity = by_span.get((ent.start_char, ent.end_char))
        if entity is not None:
            for i in range(ent.start, ent.end):
                entity_at[i] = entity

    add_surname_mentions(doc, entities, entity_at)
    used: set[int] = set()
    holders: list[tuple[dict, Title, str | None]] = []
    names = {i for ent in doc.ents if ent.label_ == "PER" for i in range(ent.start, ent.end)}
    for ent in doc.ents:
        if ent.label_ != "PER":
            continue
        person = by_span.get((ent.start_char, ent.end_char))
        if person is None:
            continue
        after = titles_after(ent.end, ent.root) or _titles_after_linear(ent.end, ent.root, names, entity_at)
        for title in titles_before(ent.start, doc, names) + after:
            if "Plur" in title.head.morph.get("Number"):
                continue  # «официальные представители Путина», «президенты стран»: not one person's title
            used.update(t.i for t in title.tokens)
            org, org_key = _entity_of_tokens(title.tokens, entity_at, ("ORG", "LOC"))
            _add_title(person, title, org)
            holders.append((person, title, org_key))
            if title.nationality:  # «чешский генерал»: the country is a key too
                holders.append((person, title, _country_key(title.nationality)))

    for person, title in predicative_titles(doc, entity_at, names, used):
        used.update(t.i for t in title.tokens)
        org, org_key = _entity_of_tokens(title.tokens, entity_at, ("ORG", "LOC"))
        _add_title(person, title, org)
        holders.append((person, title, org_key))

    people_named = [(ent, by_span[(ent.start_char, ent.end_char)]) for ent in doc.ents if ent.label_ == "PER" and (ent.start_char, ent.end_char) in by_span]
    for token in doc:
        if token.i in used or not is_title(token) or token.ent_type_ or "Plur" in token.morph.get("Number"):
            continue
        title = title_phrase(token)
        if any(entity_at.get(t.i, {}).get("type") == "PER" for t in title.tokens):
            continue
        org, org_key = _entity_of_tokens(title.tokens, entity_at, ("ORG", "LOC"))
        if org is None and title.nationality:
            org_key = _country_key(title.nationality)  # «российского президента»
        if org_key is None:  # «глава израильского правительства»
            country = next((nationalities()[t.lemma_] for t in title.tokens if t.lemma_ in nationalities()), None)
            org_key = _country_key(country) if country else None
        if title_predicates().get(token.head.lemma_) in ("post", "office"):
            continue  # «выборы президента», «пост премьера» name the office
        if org_key is None:
            # «Канцлер Германии Олаф Шольц … канцлер призвал»: a bare title stands for
            # the one person named before it who holds a title of its kind
            earlier = {id(p): p for p, held, _ in holders if held.group == title.group and held.head.i < token.i}
            if len(earlier) == 1 and len(title.tokens) == 1:
                _add_mention(next(iter(earlier.values())), title, token, used)
            continue
        people = {id(p): p for p, held, held_key in holders if held.group == title.group and held_key == org_key}
        if len(people) == 1:
            person = next(iter(people.values()))
        elif not people and (
            token.dep_ in ("nsubj", "nsubj:pass")
            or (token.dep_ == "obl" and _case_word(token) in ("с", "со"))
            or (org is None and token.dep_ in ("obj", "iobj", "nmod"))  # «пригласил американского коллегу»
        ):
            # «Беньямин Нетаньяху отказался… Премьер-министр Израиля заявил…»:
            # a title without a name as the subject of a clause or its «с»-partner
            person = _recent_person(token, title.group, org_key, people_named, holders)
            if person is None:
                continue
            if token.dep_ in ("nsubj", "nsubj:pass", "obl"):
                # a reference in an object or possessor («пригласил американского
                # коллегу») names the person, but says too little to be a title of theirs
                _add_title(person, title, org)
                holders.append((person, title, org_key))
        else:
            continue
        _add_mention(person, title, token, used)


def _add_mention(person: dict, title: Title, token: Token, used: set[int]) -> None:
    """A title standing for the person becomes one of their mentions, its nationality adjective included."""
    start = min([title.start_char] + [c.idx for c in token.children if c.dep_ == "amod" and c.lemma_ in nationalities()])
    span = [start, title.end_char]
    if all(not (s < span[1] and span[0] < e) for s, e in person["mentions"]):
        person["mentions"].append(span)
        person["mentions"].sort()
        used.update(t.i for t in title.tokens)


def _case_word(token: Token) -> str | None:
    return next((c.lemma_ for c in token.children if c.dep_ == "case"), None)


#: title groups any holder of a post may also be called by: the premier is «глава правительства»
GENERIC_GROUPS = {"head", "leader", "counterpart"}
#: how many sentences back a title without a name looks for its holder
TITLE_ONLY_WINDOW = 2


def _recent_person(token: Token, group: str, org_key: str, people_named: list, holders: list) -> dict | None:
    """The person a title without a name most likely stands for: the most recently
    named one in this or the previous sentences whose known titles and
    nationality do not contradict it (another country's president, a minister
    of another country)."""
    doc = token.doc
    window = token.sent.start
    for _ in range(TITLE_ONLY_WINDOW):
        if window > 0:
            window = doc[window - 1].sent.start
    kind = org_key.split(":", 1)[0]
    for ent, person in reversed(people_named):
        if ent.end > token.i:
            continue
        if ent.start < window:
            return None
        keys = {key for holder, _, key in holders if holder is person and key}
        same_kind = {key for key in keys if key.split(":", 1)[0] == kind}
        nationality = (person.get("attributes") or {}).get("nationality")
        if nationality and kind == "LOC":
            same_kind.add(_country_key(nationality))
        if same_kind and org_key not in same_kind:
            continue
        held = [(title.group, key) for holder, title, key in holders if holder is person and key]
        if any(g == group and key != org_key for g, key in held) or any(
            g != group and key == org_key and not {g, group} & GENERIC_GROUPS for g, key in held
        ):
            continue  # another country's president; a premier is not also the president
        return person
    return None


def add_surname_mentions(doc: Doc, entities: list[dict], entity_at: dict[int, dict]) -> None:
    """«Лиз Трасс … Трасс пообещала»: a family name the NER missed, written as in
    another mention of one person (or with the same lemma, as a proper noun),
    joins that person.  A name two people share is left alone."""
    forms: dict[str, set[int]] = {}
    for entity in entities:
        if entity["type"] != "PER":
            continue
        for start, end in entity["mentions"]:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None or len(span) < 1 or not span[-1].text[:1].isupper():
                continue
            last = span[-1]
            for key in (last.text, f"lemma:{last.lemma_}"):
                forms.setdefault(key, set()).add(id(entity))
    by_id = {id(e): e for e in entities}
    for token in doc:
        if token.ent_iob_ != "O" or token.i in entity_at or not token.text[:1].isupper() or not token.is_alpha:
            continue
        owners = forms.get(token.text) or (forms.get(f"lemma:{token.lemma_}") if token.pos_ == "PROPN" else None)
        if not owners or len(owners) != 1:
            continue
        person = by_id[next(iter(owners))]
        person["mentions"].append([token.idx, token.idx + len(token.text)])
        person["mentions"].sort()
        entity_at[token.i] = person


def _country_key(country: str) -> str:
    """The key a title's country is compared by: «Россия» → ``LOC:россия``."""
    return f"LOC:{country.lower()}"


@lru_cache(maxsize=None)
def capitals() -> dict[str, str]:
    return load_words("capitals.tsv", with_values=True)


def resolve_capitals(doc: Doc, entities: list[dict]) -> None:
    """«в азербайджанской столице» joins «Баку» when the document names Баку."""
    places = {e["name"]: e for e in entities if e["type"] == "LOC"}
    for token in doc:
        if token.lemma_ != "столица" or token.ent_type_:
            continue
        adjectives = [c for c in token.children if c.dep_ == "amod" and c.lemma_ in nationalities()]
        if not adjectives:
            continue
        capital = places.get(capitals().get(nationalities()[adjectives[0].lemma_], ""))
        if capital is None:
            continue
        start, end = min(t.idx for t in (token, *adjectives)), token.idx + len(token.text)
        if all(not (s < end and start < e) for s, e in capital["mentions"]):
            capital["mentions"].append([start, end])
            capital["mentions"].sort()


def _add_title(person: dict, title: Title, org: dict | None) -> None:
    if title.group == "counterpart":
        return  # «американская сторона», «коллега»: who the person is to someone, not a post
    attributes = person.setdefault("attributes", {})
    if title.tokens[0].pos_ == "VERB":  # «исполняющий обязанности директора»: kept as written
        text = "".join(t.text_with_ws for t in title.tokens).strip()
    else:
        text = phrase_name(title.tokens)
    text = text[:1].lower() + text[1:] if text[:1].isupper() and not text[1:2].isupper() else text
    titles = attributes.setdefault("titles", [])
    if text not in titles:
        titles.append(text)
    if org is not None and "org" not in attributes:
        attributes["org"] = org["id"]
        attributes["org_name"] = org["name"]
    if title.nationality and "nationality" not in attributes:
        attributes["nationality"] = title.nationality
