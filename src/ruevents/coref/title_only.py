"""A title without a name joins a person: the one who holds a title of the same
kind in the same organisation («начальник Генштаба России» in a headline);
else, as a subject, the person named just before whose known titles and
nationality do not contradict it («Нетаньяху отказался… Премьер-министр
Израиля заявил»); a bare title («канцлер») the one person named before it
with a title of its kind."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .lexicon import nationalities, title_predicates
from .phrase import Title, add_title, is_title, title_phrase
from .places import country_key, entity_of_tokens

#: a person who holds a title, and the key of the title's organisation or country
Holder = tuple[dict, Title, str | None]


def join_title_only_mentions(doc: Doc, entity_at: dict[int, dict], by_span: dict, holders: list[Holder], used: set[int]) -> None:
    """Make each title phrase without a name a mention of the person it stands for."""
    people_named = [(ent, by_span[(ent.start_char, ent.end_char)]) for ent in doc.ents if ent.label_ == "PER" and (ent.start_char, ent.end_char) in by_span]
    for token in doc:
        if token.i in used or not is_title(token) or token.ent_type_ or "Plur" in token.morph.get("Number"):
            continue
        title = title_phrase(token)
        if any(entity_at.get(t.i, {}).get("type") == "PER" for t in title.tokens):
            continue
        org, org_key = entity_of_tokens(title.tokens, entity_at, ("ORG", "LOC"))
        if org is None and title.nationality:
            org_key = country_key(title.nationality)  # «российского президента»
        if org_key is None:  # «глава израильского правительства»
            country = next((nationalities()[t.lemma_] for t in title.tokens if t.lemma_ in nationalities()), None)
            org_key = country_key(country) if country else None
        if title_predicates().get(token.head.lemma_) in ("post", "office"):
            continue  # «выборы президента», «пост премьера» name the office
        if org_key is None:
            # «Канцлер Германии Олаф Шольц … канцлер призвал»: a bare title stands for
            # the one person named before it who holds a title of its kind
            earlier = {id(p): p for p, held, _ in holders if held.group == title.group and held.head.i < token.i}
            if len(earlier) == 1 and len(title.tokens) == 1:
                add_mention(next(iter(earlier.values())), title, token, used)
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
                add_title(person, title, org)
                holders.append((person, title, org_key))
        else:
            continue
        add_mention(person, title, token, used)


def add_mention(person: dict, title: Title, token: Token, used: set[int]) -> None:
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
            same_kind.add(country_key(nationality))
        if same_kind and org_key not in same_kind:
            continue
        held = [(title.group, key) for holder, title, key in holders if holder is person and key]
        if any(g == group and key != org_key for g, key in held) or any(
            g != group and key == org_key and not {g, group} & GENERIC_GROUPS for g, key in held
        ):
            continue  # another country's president; a premier is not also the president
        return person
    return None

