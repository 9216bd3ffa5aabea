"""Canonical names against FactRuEval-2016's normalised names, beside natasha's normaliser.

The task
--------
FactRuEval's coreference layer (``*.coref``) gives every entity its name in
normal form: ``firstname``/``patronymic``/``lastname``/``nickname`` for
persons, ``name`` and ``descriptor`` lines for organisations and places.  Each
object in ``*.objects`` is a mention made of spans (``*.spans``) over tokens
(``*.tokens``).  We score one thing: given the gold mention, is its canonical
nominative form right?

* **Mention.**  The text from the first to the last span of the object; for a
  person only the name spans count (``name``, ``surname``, ``patronymic``,
  ``nickname``; a ``job`` span is not part of the name).  Types: ``Person`` →
  PER, ``Org`` → ORG, ``Location`` and ``LocOrg`` → LOC.
* **Gold.**  Only mentions whose text consists of the coref's name parts:

  - PER: every word of the mention is a form of a distinct word of the
    coref's name parts (same stem: a shared prefix that leaves at most three
    letters of either word, «Юрию» ~ «Юрий», «Павелом» ~ «Павел»; an
    abbreviation never matches a full word).  The gold is those normalised
    words in the mention's order, joined as the mention joins them («Лужкова
    Юрия» → «Лужков Юрий»).
  - ORG/LOC: a ``name`` line, or a ``descriptor`` line and a ``name`` line,
    with the mention's number of words, word by word of the same stem
    («Тверской площади» → «Тверская площадь», «реки Славянки» → «река
    Славянка»).

  Other mentions are left out and counted in the report: «В. Путин» with gold
  «Владимир Путин», «подмосковного» with gold «Подмосковье», «партии
  «Яблоко»» (quotes), an abbreviation whose gold is the full name.
* **Systems.**  Both see the same tokens: each document is run through
  ruevents' morphology and syntax stages, and the gold mention becomes a span
  of that ``Doc`` with the gold type as label.  *ruevents* is
  :func:`ruevents.names.canonical_name`.  *natasha* is natasha's own
  normaliser algorithm: ``natasha/norm.py`` and ``natasha/shape.py`` loaded
  from the installed package by file path (natasha's ``__init__`` is never
  run) and called as ``DocSpan.normalize`` calls them (``syntax_normalize``
  for ORG, word-by-word ``normalize`` for PER and LOC), with ruevents'
  pymorphy3 ``MorphVocab`` and tokens carrying the same text, offsets, UD
  POS and features (slovnet) and heads (slovnet syntax).
* **Score.**  Exact-match accuracy of the whole string, overall and per type.
  The report also gives accuracy ignoring letter case and ё/е, since the gold
  follows its own conventions there («мэрия Москвы» for «Мэрия Москвы» at a
  sentence start, «Пётр» where the text wrote «Петр»).

The rules in :mod:`ruevents.names` were written looking at this devset's
errors, so its figures flatter both the rules and the comparison a little.

Reproduce: ``ruevents eval names --factrueval ../shared/corpora/factrueval-2016/devset``.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterator, Sequence

TYPES = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
PERSON_SPANS = frozenset({"name", "surname", "patronymic", "nickname"})
PERSON_PARTS = ("firstname", "patronymic", "lastname", "nickname", "name")


# -- reading FactRuEval -------------------------------------------------------


@dataclass(frozen=True)
class NameMention:
    """One gold mention with its normalised name."""

    doc_id: str
    type: str
    start: int
    stop: int
    text: str
    gold: str


@dataclass
class _Layers:
    text: str
    tokens: dict[str, tuple[int, int, str]]
    spans: dict[str, tuple[str, int, int]]
    objects: dict[str, tuple[str, list[str]]]
    corefs: list[tuple[list[str], list[tuple[str, str]]]]


def _lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as file:
        for line in file:
            yield line.rstrip("\n")


def _read_layers(txt: Path) -> _Layers:
    base = txt.with_suffix("")
    for suffix in (".tokens", ".spans", ".objects", ".coref"):
        if not base.with_suffix(suffix).is_file():
            raise FileNotFoundError(f"expected {base.name}{suffix} beside {txt}, got none")
    text = txt.read_text(encoding="utf-8")
    tokens = {}
    for line in _lines(base.with_suffix(".tokens")):
        parts = line.split(" ", 3)
        if len(parts) == 4:
            token_id, start, length, word = parts
            tokens[token_id] = (int(start), int(start) + int(length), word)
    spans = {}
    for line in _lines(base.with_suffix(".spans")):
        parts = line.split("#", 1)[0].split()
        if len(parts) >= 4:
            span_id, kind, start, length = parts[:4]
            spans[span_id] = (kind, int(start), int(start) + int(length))
    objects = {}
    for line in _lines(base.with_suffix(".objects")):
        parts = line.split("#", 1)[0].split()
        if len(parts) >= 2:
            objects[parts[0]] = (parts[1], parts[2:])
    corefs: list[tuple[list[str], list[tuple[str, str]]]] = []
    block: list[str] = []
    for line in [*_lines(base.with_suffix(".coref")), ""]:
        if line.strip():
            block.append(line)
            continue
        if block:
            object_ids = block[0].split()[1:]
            attributes = [tuple(item.split(" ", 1)) for item in block[1:] if " " in item.strip()]
            corefs.append((object_ids, [(key, value.strip()) for key, value in attributes]))
        block = []
    return _Layers(text, tokens, spans, objects, corefs)


def _normal(word: str) -> str:
    return word.lower().replace("ё", "е")


def _is_upper(word: str) -> bool:
    """An abbreviation, maybe with a case ending: «КНР», «МИДе»."""
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) > 1 and letters[0].isupper() and letters[1].isupper()


def same_stem(form: str, lemma: str) -> bool:
    """True when ``form`` can be an inflected form of ``lemma``: «Юрию» ~ «Юрий»."""
    a, b = _normal(form), _normal(lemma)
    if a == b:
        return True
    if _is_upper(form) != _is_upper(lemma):  # «Китая» is not a form of «КНР»
        return False
    if abs(len(a) - len(b)) > 3:
        return False
    prefix = 0
    for x, y in zip(a, b):
        if x != y:
            break
        prefix += 1
    return prefix >= max(1, min(len(a), len(b)) - 3)


def _mention_words(layers: _Layers, start: int, stop: int) -> list[tuple[int, int, str]]:
    return sorted(t for t in layers.tokens.values() if start <= t[0] and t[1] <= stop)


def _join_like(words: Sequence[tuple[int, int, str]], parts: Sequence[str], text: str) -> str:
    out = []
    for index, (word, part) in enumerate(zip(words, parts)):
        if index:
            gap = text[words[index - 1][1]:word[0]]
            out.append(" " if gap.strip() == "" else gap)
        out.append(part)
    return "".join(out)


def _person_gold(words, attributes, text: str) -> str | None:
    pool = [w for key, value in attributes if key.rstrip("0123456789") in PERSON_PARTS for w in value.split()]
    chosen = []
    for _, _, word in words:
        match = next((p for p in pool if same_stem(word, p)), None)
        if match is None:
            return None
        pool.remove(match)
        chosen.append(match)
    return _join_like(words, chosen, text)


def _phrase_gold(words, attributes) -> str | None:
    names = [value for key, value in attributes if key == "name"]
    descriptors = [value for key, value in attributes if key == "descriptor"]
    # a name alone, or a descriptor before it: «реки Славянки» → «река Славянка»
    for value in [*names, *(f"{d} {n}" for d in descriptors for n in names)]:
        parts = value.split()
        if len(parts) == len(words) and all(same_stem(w[2], p) for w, p in zip(words, parts)):
            return value
    return None


def read_mentions(folder: Path) -> tuple[dict[str, str], list[NameMention], Counter]:
    """Texts by document id, gold name mentions, and how many mentions were left out per type."""
    texts: dict[str, str] = {}
    mentions: list[NameMention] = []
    left_out: Counter = Counter()
    for txt in sorted(folder.glob("*.txt")):
        if not txt.with_suffix(".coref").exists():
            continue
        layers = _read_layers(txt)
        texts[txt.stem] = layers.text
        for object_ids, attributes in layers.corefs:
            for object_id in object_ids:
                if object_id not in layers.objects:
                    continue
                kind, span_ids = layers.objects[object_id]
                type_ = TYPES.get(kind)
                if type_ is None:
                    continue
                spans = [layers.spans[s] for s in span_ids if s in layers.spans]
                if type_ == "PER":
                    spans = [s for s in spans if s[0] in PERSON_SPANS]
                if not spans:
                    left_out[type_] += 1
                    continue
                start, stop = min(s[1] for s in spans), max(s[2] for s in spans)
                words = _mention_words(layers, start, stop)
                if type_ == "PER":
                    gold = _person_gold(words, attributes, layers.text)
                else:
                    gold = _phrase_gold(words, attributes)
                if gold is None:
                    left_out[type_] += 1
                    continue
                mentions.append(NameMention(txt.stem, type_, start, stop, layers.text[start:stop], gold))
    if not texts:
        raise ValueError(f"expected FactRuEval files (book_N.txt with .coref, .objects, .spans, .tokens) in {folder}, got none")
    return texts, mentions, left_out


# -- natasha's normaliser, loaded by file path --------------------------------


@dataclass(frozen=True)
class NatashaToken:
    """The token fields natasha's ``norm.py`` reads."""

    id: int
    head_id: int | None
    text: str
    pos: str
    feats: dict
    start: int
    stop: int


_NATASHA_PACKAGE = "_ruevents_natasha_norm"


def load_natasha_norm() -> types.ModuleType:
    """natasha's ``norm`` module, without importing ``natasha`` (its ``__init__`` needs pymorphy2).

    A throwaway package whose ``__path__`` is natasha's folder holds ``shape``
    and ``norm``, so ``norm``'s ``from .shape import recover_shape`` works.
    """
    if f"{_NATASHA_PACKAGE}.norm" in sys.modules:
        return sys.modules[f"{_NATASHA_PACKAGE}.norm"]
    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("expected the natasha package to be installed for the baseline, got none (pip install natasha)")
    folder = Path(list(spec.submodule_search_locations)[0])
    package = types.ModuleType(_NATASHA_PACKAGE)
    package.__path__ = [str(folder)]
    sys.modules[_NATASHA_PACKAGE] = package
    for name in ("shape", "norm"):
        module_spec = importlib.util.spec_from_file_location(f"{_NATASHA_PACKAGE}.{name}", folder / f"{name}.py")
        if module_spec is None or module_spec.loader is None:
            raise ImportError(f"expected natasha/{name}.py in {folder}, got nothing loadable")
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[module_spec.name] = module
        module_spec.loader.exec_module(module)
    return sys.modules[f"{_NATASHA_PACKAGE}.norm"]


def natasha_tokens(span) -> list[NatashaToken]:
    """A spaCy span's tokens as natasha ``DocToken``-like records (root heads → ``None``)."""
    return [
        NatashaToken(
            id=token.i,
            head_id=None if token.head.i == token.i else token.head.i,
            text=token.text,
            pos=token.pos_,
            feats=token.morph.to_dict(),
            start=token.idx,
            stop=token.idx + len(token.text),
        )
        for token in span
        if not token.is_space
    ]


def natasha_normalize(span) -> str:
    """natasha's ``DocSpan.normalize``: syntax-aware for ORG, word by word otherwise."""
    norm = load_natasha_norm()
    method = norm.syntax_normalize if span.label_ == "ORG" else norm.normalize
    return method(_morph_vocab(), natasha_tokens(span))


@lru_cache(maxsize=1)
def _morph_vocab():
    from ..backends.pymorphy import MorphVocab

    return MorphVocab()


# -- scoring ------------------------------------------------------------------


@dataclass(frozen=True)
class NameResult:
    mention: NameMention
    ours: str
    natasha: str


@dataclass
class NameScores:
    results: list[NameResult] = field(default_factory=list)
    left_out: Counter = field(default_factory=Counter)
    misaligned: Counter = field(default_factory=Counter)

    def accuracy(self, system: str, type_: str | None = None, *, lenient: bool = False) -> tuple[int, int]:
        """(correct, total) for ``ours`` or ``natasha``, one type or all."""
        chosen = [r for r in self.results if type_ is None or r.mention.type == type_]
        same: Callable[[str, str], bool] = (lambda a, b: _normal(a) == _normal(b)) if lenient else (lambda a, b: a == b)
        return sum(same(getattr(r, system), r.mention.gold) for r in chosen), len(chosen)

    def errors(self, system: str = "ours") -> list[NameResult]:
        return [r for r in self.results if getattr(r, system) != r.mention.gold]


def evaluate(folder: Path, *, nlp=None) -> NameScores:
    """Run both normalisers over every gold name mention of a FactRuEval folder."""
    from ..names import canonical_name

    if nlp is None:
        from ..pipeline import load

        nlp = load()
    texts, mentions, left_out = read_mentions(folder)
    by_doc: dict[str, list[NameMention]] = defaultdict(list)
    for mention in mentions:
        by_doc[mention.doc_id].append(mention)
    scores = NameScores(left_out=left_out)
    doc_ids = sorted(by_doc)
    with nlp.select_pipes(enable=["ruevents_morph", "ruevents_syntax"]):
        docs = nlp.pipe(texts[d] for d in doc_ids)
        for doc_id, doc in zip(doc_ids, docs):
            for mention in by_doc[doc_id]:
                span = doc.char_span(mention.start, mention.stop, label=mention.type, alignment_mode="expand")
                if span is None or span.text != mention.text:
                    scores.misaligned[mention.type] += 1
                    continue
                scores.results.append(NameResult(mention, canonical_name(span), natasha_normalize(span)))
    return scores


def _percent(correct: int, total: int) -> str:
    return f"{100 * correct / total:5.1f}" if total else "    -"


def report(scores: NameScores, *, show_errors: int = 0) -> str:
    lines = [
        "Canonical names on FactRuEval-2016 coreference names (exact match, %; in brackets: ignoring case and ё)",
        "natasha = natasha's own normaliser algorithm (norm.py, shape.py) on the same tokens, pymorphy3 vocab",
        "",
        f"{'type':<8}{'mentions':>9}{'ruevents':>18}{'natasha':>18}",
    ]
    for type_ in ("PER", "ORG", "LOC", None):
        cells = []
        for system in ("ours", "natasha"):
            correct, total = scores.accuracy(system, type_)
            lenient, _ = scores.accuracy(system, type_, lenient=True)
            cells.append(f"{_percent(correct, total)} ({_percent(lenient, total).strip()})")
        _, total = scores.accuracy("ours", type_)
        lines.append(f"{type_ or 'all':<8}{total:>9}{cells[0]:>18}{cells[1]:>18}")
    left_out = sum(scores.left_out.values())
    misaligned = sum(scores.misaligned.values())
    ours_wrong = {id(r) for r in scores.errors("ours")}
    natasha_wrong = {id(r) for r in scores.errors("natasha")}
    lines.append("")
    lines.append(
        f"errors: {len(ours_wrong & natasha_wrong)} both, {len(ours_wrong - natasha_wrong)} only ruevents, "
        f"{len(natasha_wrong - ours_wrong)} only natasha"
    )
    lines.append(
        f"left out: {left_out} mentions without a gold name that matches their words "
        f"({', '.join(f'{k} {v}' for k, v in sorted(scores.left_out.items()))}); "
        f"{misaligned} whose boundaries fall inside a token"
    )
    lines.append("(ruevents' rules were tuned on this devset's errors: read its lead as optimistic)")
    if show_errors:
        lines.append("")
        lines.append(f"first {show_errors} ruevents errors (text → ours | gold | natasha):")
        for result in scores.errors()[:show_errors]:
            m = result.mention
            lines.append(f"  {m.type} {m.doc_id}: {m.text!r} → {result.ours!r} | {m.gold!r} | {result.natasha!r}")
    return "\n".join(lines)


def run(path: Path, *, show_errors: int = 0) -> str:
    """The printable report for ``ruevents eval names``."""
    return report(evaluate(Path(path)), show_errors=show_errors)


if __name__ == "__main__":  # python -m ruevents.evaluation.names FOLDER [ERRORS]: the report with our errors
    print(run(Path(sys.argv[1]), show_errors=int(sys.argv[2]) if len(sys.argv) > 2 else 40))
