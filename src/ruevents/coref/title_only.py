"""A title without a name joins a person: the one who holds a title of the same
kind in the same organisation («начальник Генштаба России» in a headline);
else, as a subject, the person named just before whose known titles and
nationality do not contradict it («Нетаньяху отказался… Премьер-министр
Израиля заявил»); a bare title («канцлер») the one person named before it
with a title of its kind."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span, Token

from .lexicon import nationalities, title_lemmas, title_predicates, title_qualifiers
from .phrase import Title, add_title, is_title, title_phrase
from .places import country_key, entity_of_tokens
from .spans import MentionAdder
from .tokens import PERSON, children, morph_values, sentence, token_table, tokens_with_lemma

#: a person who holds a title, and the key of the title's organisation or country
Holder = tuple[dict, Title, str | None]


class FirstHolders:
    """Who holds titles of one group, as far as «the one person who held it
    before token *i*» needs: the earliest holder's position and person, and the
    earliest position of anyone else.  Updated in constant time as holders come
    in any order."""

    def __init__(self) -> None:
        self.first_at: int | None = None
        self.first: dict | None = None
        self.other_at: float = float("inf")  # the earliest holder who is not ``first``

    def add(self, position: int, person: dict) -> None:
        if self.first_at is None:
            self.first_at, self.first = position, person
        elif position < self.first_at:
            if person is not self.first:
                # the old earliest holder is now the earliest other one
                self.other_at = self.first_at
                self.first = person
            self.first_at = position
        elif person is not self.first:
            self.other_at = min(self.other_at, position)

    def only_before(self, position: int) -> dict | None:
        """The person, if exactly one person holds a title of the group at a token before ``position``."""
        if self.first_at is None or position <= self.first_at or position > self.other_at:
            return None
        return self.first


class HolderIndex:
    """The holders of titles, indexed instead of scanned for every title without
    a name: by title group and organisation key, by group (who held it first),
    and by person."""

    def __init__(self, holders: list[Holder]) -> None:
        self.holders = holders
        self.by_group_key: dict[tuple[str, str | None], dict[int, dict]] = {}
        self.by_group: dict[str, FirstHolders] = {}
        #: id of a person → the distinct (title group, organisation key) of the titles they hold with a key
        self.keys_of: dict[int, dict[tuple[str, str], None]] = {}
        #: id of a person → the groups of their titles and the keys of the countries their titles name
        self.groups_of: dict[int, set[str]] = {}
        self.countries_of: dict[int, set[str]] = {}
        for holder in holders:
            self._index(*holder)

    def append(self, person: dict, title: Title, key: str | None) -> None:
        """Add a holder to the list the index was made from, and to the index."""
        self.holders.append((person, title, key))
        self._index(person, title, key)

    def _index(self, person: dict, title: Title, key: str | None) -> None:
        group = title.group
        self.by_group_key.setdefault((group, key), {})[id(person)] = person
        self.by_group.setdefault(group, FirstHolders()).add(title.head.i, person)
        if key:
            self.keys_of.setdefault(id(person), {})[(group, key)] = None
        self.groups_of.setdefault(id(person), set()).add(group)
        if key and key.startswith("LOC:"):
            self.countries_of.setdefault(id(person), set()).add(key)

    def add_country(self, person: dict, key: str) -> None:
        """Note a country a title of the person names without being its organisation: «глава МИД России»."""
        self.countries_of.setdefault(id(person), set()).add(key)

    def agrees(self, person: dict, group: str, key: str) -> bool:
        """The person is known to hold a title of ``group`` or one naming the country ``key``."""
        nationality = (person.get("attributes") or {}).get("nationality")
        countries = self.countries_of.get(id(person), set()) | ({country_key(nationality)} if nationality else set())
        return group in self.groups_of.get(id(person), set()) or key in countries

    def people(self, group: str, key: str | None) -> list[dict]:
        """The distinct people holding a title of ``group`` in the organisation (or country) ``key``."""
        return list(self.by_group_key.get((group, key), {}).values())

    def only_person_of_country(self, key: str) -> dict | None:
        """The one person whose titles name the country ``key`` (or who is of its
        nationality), if there is exactly one in the document."""
        found = {
            id(person): person for person, _, _ in self.holders
            if key in self.countries_of.get(id(person), set())
            or ((nationality := (person.get("attributes") or {}).get("nationality")) and country_key(nationality) == key)
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def only_unplaced_holder(self, group: str) -> list[dict]:
        """«канцлером Германии» in a headline, «канцлером Олафом Шольцем» below: the one
        person who holds a title of ``group`` without a country or organisation, when
        nobody holds one with a country or organisation (it could be another's)."""
        keyed = any(g == group and key is not None for g, key in self.by_group_key)
        people = self.people(group, None)
        return people if len(people) == 1 and not keyed else []

    def only_holder_before(self, group: str, position: int) -> dict | None:
        """The one person who holds a title of ``group`` given before token ``position``, if there is exactly one."""
        first = self.by_group.get(group)
        return first.only_before(position) if first is not None else None

    def held_by(self, person: dict) -> list[tuple[str, str]]:
        """The distinct (group, organisation key) of the person's titles that have a key."""
        return list(self.keys_of.get(id(person), {}))


def join_title_only_mentions(
    doc: Doc, entity_at: dict[int, dict], by_span: dict, holders: list[Holder], used: set[int], *, ents: list[Span] | None = None
) -> None:
    """Make each title phrase without a name a mention of the person it stands for
    (``ents``: ``list(doc.ents)``, when the caller has it)."""
    people_named = [(ent, by_span[(ent.start_char, ent.end_char)]) for ent in (doc.ents if ents is None else ents) if ent.label == PERSON and (ent.start_char, ent.end_char) in by_span]
    named_ends = [ent.end for ent, _ in people_named]
    index = HolderIndex(holders)
    for person, title, _ in holders:
        _, country = entity_of_tokens(title.tokens, entity_at, ("LOC",))
        if country is not None and country.startswith("LOC:"):
            index.add_country(person, country)
    adder = MentionAdder()
    for token in tokens_with_lemma(doc, title_lemmas()):
        if token.i in used or not is_title(token) or token.ent_type or "Plur" in morph_values(token, "Number"):
            continue
        title = title_phrase(token)
        if any(entity_at.get(t.i, {}).get("type") == "PER" for t in title.tokens):
            continue
        if _name_follows(title, entity_at):
            continue  # «президент США Дональд Трамп» with «США» hung elsewhere: the title of the name after it
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
            earlier = index.only_holder_before(title.group, token.i)
            if earlier is None and title.group in GENERIC_GROUPS - {"counterpart"} and token.dep_ == "nsubj":
                # «Веретенников, новый гендиректор верфей, … В среду новый руководитель
                # проведёт переговоры»: a generic title as a subject, the last person named with a title
                earlier = _last_titled_person(token, people_named, named_ends, index)
            if earlier is None and (title.group == "profession" or token.lemma_ in EPITHET_WORDS) and _bare(title):
                # «Кобзон … Проститься с певцом», «наставник сказал»: a word for
                # what the person does stands for the one just named
                earlier = _epithet_referent(token, people_named, named_ends)
            if earlier is not None and _bare(title):
                add_mention(earlier, title, token, used, adder)
            continue
        people = index.people(title.group, org_key) or index.only_unplaced_holder(title.group)
        if len(people) == 1:
            person = people[0]
        elif not people and (
            token.dep_ in ("nsubj", "nsubj:pass")
            or (token.dep_ in ("obl", "nmod") and _case_word(token) in ("с", "со"))  # «встреча с турецким коллегой»
            or (org is None and token.dep_ in ("obj", "iobj", "nmod"))  # «пригласил американского коллегу»
        ):
            # «Беньямин Нетаньяху отказался… Премьер-министр Израиля заявил…»:
            # a title without a name as the subject of a clause or its «с»-partner
            person = _recent_person(token, title.group, org_key, people_named, named_ends, index)
            if person is None and title.group in GENERIC_GROUPS and org_key.startswith("LOC:"):
                # «Лавров прилетел в Анкару на переговоры с турецким коллегой» in a headline,
                # «главой МИД Турции Хаканом Фиданом» below: the one person of that country
                person = index.only_person_of_country(org_key)
            if person is None:
                continue
            if token.dep_ in ("nsubj", "nsubj:pass", "obl"):
                # a reference in an object or possessor («пригласил американского
                # коллегу») names the person, but says too little to be a title of theirs
                add_title(person, title, org)
                index.append(person, title, org_key)
        else:
            continue
        add_mention(person, title, token, used, adder)


def _name_follows(title: Title, entity_at: dict[int, dict]) -> bool:
    """A person's name comes right after the title, past the organisations and
    places of the title («президент | США | Дональд Трамп»): the title is
    that person's, whatever the parser made of it."""
    doc = title.head.doc
    position = title.tokens[-1].i + 1
    while position < len(doc) and entity_at.get(position, {}).get("type") in ("ORG", "LOC"):
        position += 1
    return position < len(doc) and entity_at.get(position, {}).get("type") == "PER"


def _subject_of_same_verb(name, title_word: Token) -> bool:
    """The name is the subject of the verb the title word is an object or
    oblique of: one does not give a letter to oneself («Лавров передал
    северокорейскому лидеру»), Russian would say «себе»."""
    if title_word.dep_ in ("nsubj", "nsubj:pass"):
        return False
    verb = title_word.head
    subject = name.root
    while subject.dep_ in ("appos", "flat", "flat:name") and subject.head.i != subject.i:
        subject = subject.head
    return subject.dep_ in ("nsubj", "nsubj:pass") and subject.head.i == verb.i and verb.pos_ in ("VERB", "AUX")


def _bare(title: Title) -> bool:
    """The title word alone or with qualifiers that name no other post: «канцлер», «новый премьер»."""
    return all(t.i == title.head.i or t.lemma_ in title_qualifiers() for t in title.tokens)


def add_mention(person: dict, title: Title, token: Token, used: set[int], adder: MentionAdder) -> None:
    """A title standing for the person becomes one of their mentions, its
    nationality adjective included, unless it overlaps one they have."""
    start = min([title.start_char] + [c.idx for c in children(token) if c.dep_ == "amod" and c.lemma_ in nationalities()])
    if adder.add(person, start, title.end_char):
        used.update(t.i for t in title.tokens)


def _case_word(token: Token) -> str | None:
    return next((c.lemma_ for c in children(token) if c.dep_ == "case"), None)


#: title groups any holder of a post may also be called by: the premier is «глава правительства»
GENERIC_GROUPS = {"head", "leader", "counterpart"}
#: how many sentences back a title without a name looks for its holder
TITLE_ONLY_WINDOW = 2


def _window_start(token: Token) -> int:
    """The first token of the sentence :data:`TITLE_ONLY_WINDOW` sentences before the token's."""
    tokens = token_table(token.doc).tokens
    window = sentence(token).start
    for _ in range(TITLE_ONLY_WINDOW):
        if window > 0:
            window = sentence(tokens[window - 1]).start
    return window


def _named_before_in_window(token: Token, people_named: list, named_ends: list[int]):
    """The (name, person) pairs named before ``token`` in its sentence and the
    :data:`TITLE_ONLY_WINDOW` sentences before it, the latest first
    (``people_named`` is in text order, ``named_ends`` the ends of its names)."""
    window = _window_start(token)
    for position in range(bisect_right(named_ends, token.i) - 1, -1, -1):
        ent, person = people_named[position]
        if ent.start < window:
            return
        yield ent, person


def _last_titled_person(token: Token, people_named: list, named_ends: list[int], index: HolderIndex) -> dict | None:
    """The person named last in this or the previous :data:`TITLE_ONLY_WINDOW` sentences, if they hold a title."""
    _, person = next(_named_before_in_window(token, people_named, named_ends), (None, None))
    return person if person is not None and index.groups_of.get(id(person)) else None


def _recent_person(token: Token, group: str, org_key: str, people_named: list, named_ends: list[int], index: HolderIndex) -> dict | None:
    """The person a title without a name most likely stands for: of those named
    in this or the previous sentences whose known titles and nationality do not
    contradict it (another country's president, a minister of another country),
    the most recent one known to fit it (a title of its kind, its country), else
    the most recent one."""
    kind = org_key.split(":", 1)[0]
    fallback = None
    for ent, person in _named_before_in_window(token, people_named, named_ends):
        if _subject_of_same_verb(ent, token):
            continue  # «Лавров передал северокорейскому лидеру»: not Lavrov himself
        held = index.held_by(person)
        keys = {key for _, key in held}
        same_kind = {key for key in keys if key.split(":", 1)[0] == kind}
        nationality = (person.get("attributes") or {}).get("nationality")
        if nationality and kind == "LOC":
            same_kind.add(country_key(nationality))
        if same_kind and org_key not in same_kind:
            continue
        if any(g == group and key != org_key for g, key in held) or any(
            g != group and key == org_key and not {g, group} & GENERIC_GROUPS for g, key in held
        ):
            continue  # another country's president; a premier is not also the president
        if index.agrees(person, group, org_key):
            # «Лавров, глава МИД России, встретился с лидером Ким Чен Ыном. Это первый
            # визит российского министра»: one known to fit comes before one only not excluded
            return person
        if fallback is None:
            fallback = person
    return fallback


#: besides professions («певец», «наставник»), bare words that may stand for anyone just named
#: («стороны», «коллега» speak of the other side, not of the last one named)
EPITHET_WORDS = {"гость"}


def _epithet_referent(token: Token, people_named: list, named_ends: list[int]) -> dict | None:
    """The person named last before an epithet in this or the previous
    :data:`TITLE_ONLY_WINDOW` sentences, not the subject of the verb the
    epithet is an object of, and of its gender when the epithet is feminine
    («королева», «певица»)."""
    feminine = "Fem" in morph_values(token, "Gender")
    for ent, person in _named_before_in_window(token, people_named, named_ends):
        if _subject_of_same_verb(ent, token):
            continue
        if feminine and "Fem" not in morph_values(ent.root, "Gender"):
            continue
        return person
    return None
