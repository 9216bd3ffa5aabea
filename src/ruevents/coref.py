"""Who is who: titles and affiliations of people, and titles that stand for them.

«председатель Военного комитета НАТО чешский генерал Петр Павел» gives Павел
the titles «председатель Военного комитета НАТО» and «генерал», the
organisation «Военный комитет НАТО» and the nationality «Чехия».  A title
phrase met without a name («начальник Генштаба России» in a headline) joins
the one person in the document who holds a title of the same kind in the same
organisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Token

from .lexicons import load_words
from .names import phrase_name

LEADING_RELS = {"case", "cc", "mark", "punct", "advmod"}
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
        if token.i in exclude or token.is_punct or token.is_space:
            if tokens:
                break
            continue
        if not tokens and token.i != head.i and token.dep_ in LEADING_RELS:
            continue  # «с», «между», «и» before the title belong to the clause
        if token.i != head.i and token.head.i == head.i and token.dep_ == "amod" and token.lemma_ in nationalities():
            nationality = nationalities()[token.lemma_]
            continue
        if tokens and token.i != tokens[-1].i + 1:
            break
        tokens.append(token)
    if not tokens or head not in tokens:
        tokens = [head]
    return Title(head, tokens, nationality)


def _linear_title(doc: Doc, position: int, names: set[int]) -> Title | None:
    """The nearest title word to the left with only noun-phrase words up to ``position``."""
    for index in range(position, max(-1, position - 7), -1):
        token = doc[index]
        if token.i in names or token.pos_ not in TITLE_PHRASE_POS or token.dep_ in ("nsubj", "obj"):
            return None
        if token.lemma_ in title_groups():
            return Title(token, list(doc[index : position + 1]))
    return None


def titles_before(mention_start: int, doc: Doc, names: set[int] = frozenset()) -> list[Title]:
    """Title phrases that run up to a name: «председатель … генерал | Петр Павел».

    ``names`` are the token indexes of person names: a title never runs
    across another person («главой комитета Петром Павелом и начальником…»).
    """
    found: list[Title] = []
    position = mention_start - 1
    while position >= 0:
        token = doc[position]
        candidates = [t for t in doc[max(0, position - 12) : position + 1] if is_title(t)]
        chosen = None
        # the outermost title first: «заместитель министра иностранных дел» is one title
        for candidate in candidates:
            phrase = title_phrase(candidate, before=position + 1, exclude=names)
            if phrase.tokens[-1].i == position or (phrase.head.i == position):
                chosen = phrase
                break
        if chosen is None and not found:
            chosen = _linear_title(doc, position, names)
        if chosen is None or token.is_punct:
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
                return entity, f"{wanted}:{root.lemma_}"
    return None, None


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

    used: set[int] = set()
    holders: list[tuple[dict, Title, str | None]] = []
    names = {i for ent in doc.ents if ent.label_ == "PER" for i in range(ent.start, ent.end)}
    for ent in doc.ents:
        if ent.label_ != "PER":
            continue
        person = by_span.get((ent.start_char, ent.end_char))
        if person is None:
            continue
        titles = titles_before(ent.start, doc, names) + titles_after(ent.end, ent.root)
        for title in titles:
            used.update(t.i for t in title.tokens)
            org, org_key = _entity_of_tokens(title.tokens, entity_at, ("ORG", "LOC"))
            _add_title(person, title, org)
            holders.append((person, title, org_key))
            if title.nationality:  # «чешский генерал»: the country is a key too
                holders.append((person, title, _country_key(title.nationality)))

    for token in doc:
        if token.i in used or not is_title(token) or token.ent_type_:
            continue
        title = title_phrase(token)
        if any(entity_at.get(t.i, {}).get("type") == "PER" for t in title.tokens):
            continue
        org, org_key = _entity_of_tokens(title.tokens, entity_at, ("ORG", "LOC"))
        if org is None and title.nationality:
            org_key = _country_key(title.nationality)  # «российского президента»
        if org_key is None:
            continue  # «президент» alone is too vague to resolve
        people = {id(p): p for p, held, held_key in holders if held.group == title.group and held_key == org_key}
        if len(people) == 1:
            person = next(iter(people.values()))
            start = min([title.start_char] + [c.idx for c in token.children if c.dep_ == "amod" and c.lemma_ in nationalities()])
            span = [start, title.end_char]
            if all(not (s < span[1] and span[0] < e) for s, e in person["mentions"]):
                person["mentions"].append(span)
                person["mentions"].sort()
                used.update(t.i for t in title.tokens)


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
    attributes = person.setdefault("attributes", {})
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
