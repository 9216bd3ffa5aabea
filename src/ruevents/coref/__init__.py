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

Modules: :mod:`.phrase` (a title phrase), :mod:`.titles` (titles before and
after a name), :mod:`.predicates` (titles in the predicate), :mod:`.places`
(organisations and countries in titles, capitals), :mod:`.title_only` (titles
standing for a person), :mod:`.surnames` (family names the NER missed),
:mod:`.org_nominals` (common nouns standing for a named organisation),
:mod:`.spans` (adding a mention to a sorted list),
:mod:`.resolve` (the stage's work on one document).
"""

from .lexicon import nationalities, title_groups, title_predicates
from .phrase import Title, is_title, title_phrase
from .places import country_names
from .resolve import resolve
from .titles import titles_after, titles_before

__all__ = [
    "Title",
    "country_names",
    "is_title",
    "nationalities",
    "resolve",
    "title_groups",
    "title_phrase",
    "title_predicates",
    "titles_after",
    "titles_before",
]
