"""The two systems the speed benchmark compares, each with per-stage clocks.

* ruevents: ``ruevents.extract_many`` as a user calls it (records out).  Each
  spaCy component is wrapped in :class:`TimedStage`, which times the
  component's own ``pipe()`` on the batches spaCy hands it and subtracts the
  time spent pulling documents from the stage before; the tokenizer
  (``nlp.make_doc``) and the record building (``api.to_record``) are timed the
  same way.  What is left of the wall time is ``other`` (batching glue).
* natasha: the chain of natasha's README, one document at a time:
  ``Doc(text)``, ``doc.segment(Segmenter())``, ``doc.tag_morph(NewsMorphTagger)``,
  ``doc.parse_syntax(NewsSyntaxParser)``, ``doc.tag_ner(NewsNERTagger)``.

Only the benchmark process loads natasha this way; nothing here is imported
by ``src/``.
"""

from __future__ import annotations

import importlib.util
import sys
import time
import types
from pathlib import Path
from typing import Callable, Iterable, Iterator

from speed_corpus import Item

#: A tiny document run once after loading, so that every lazy load (models,
#: pymorphy3 dictionaries, lexicons, the time grammar) counts as load time.
WARM_UP_TEXT = "Вчера президент России Владимир Путин встретился в Анкаре с Реджепом Тайипом Эрдоганом."
WARM_UP_DATE = "2018-04-04"


class StageClock:
    """Seconds per stage name, accumulated over a run."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def add(self, name: str, seconds: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds

    def reset(self) -> None:
        self.seconds = {name: 0.0 for name in self.seconds}


class TimedStage:
    """A spaCy component wrapped so that only its own work is timed.

    spaCy chains the components' ``pipe()`` generators; asking this stage for
    a document runs the stages before it too (they are lazy).  The time spent
    waiting on the upstream generator is measured and subtracted, so batched
    stages are timed on the batches they really process.
    """

    def __init__(self, name: str, component: Callable, clock: StageClock):
        self.name, self.component, self.clock = name, component, clock
        self._upstream = 0.0

    def __call__(self, doc):
        started = time.perf_counter()
        try:
            return self.component(doc)
        finally:
            self.clock.add(self.name, time.perf_counter() - started)

    def _pulled(self, docs: Iterable) -> Iterator:
        source = iter(docs)
        while True:
            started = time.perf_counter()
            try:
                doc = next(source)
            except StopIteration:
                return
            finally:  # an interruption upstream is upstream time too
                self._upstream += time.perf_counter() - started
            yield doc

    def pipe(self, docs: Iterable, **kwargs) -> Iterator:
        if hasattr(self.component, "pipe"):
            produced = self.component.pipe(self._pulled(docs), **kwargs)
        else:
            produced = (self.component(doc) for doc in self._pulled(docs))
        while True:
            started, upstream_before = time.perf_counter(), self._upstream
            try:
                doc = next(produced)
            except StopIteration:
                return
            finally:  # also when a time budget interrupts the stage: the time so far counts
                self.clock.add(self.name, time.perf_counter() - started - (self._upstream - upstream_before))
            yield doc


#: Short stage names for the table (spaCy component → what the README calls it).
RUEVENTS_STAGE_NAMES = {
    "ruevents_morph": "morph",
    "ruevents_syntax": "syntax",
    "ruevents_ner": "ner",
    "ruevents_ner_rules": "ner_rules",
    "ruevents_names": "names",
    "ruevents_entities": "entities",
    "ruevents_coref": "coref",
    "ruevents_times": "times",
    "ruevents_events": "events",
}


class RueventsSystem:
    """ruevents' full chain, ``extract_many`` → contract records."""

    name = "ruevents"

    def __init__(self, *, batch_size: int | None = None):
        self.batch_size = batch_size  # None: extract_many's own default, as a user calls it
        self.clock = StageClock()
        self._extract_many = None

    def load(self) -> None:
        import ruevents
        import ruevents.api as api

        nlp = ruevents.load()  # the cached pipeline extract_many uses
        clock = self.clock
        # nlp._components is spaCy's private list; a benchmark may touch it, src/ never does
        nlp._components = [
            (name, TimedStage(RUEVENTS_STAGE_NAMES.get(name, name), component, clock))
            for name, component in nlp._components
        ]
        nlp.tokenizer = TimedStage("tokenize", nlp.tokenizer, clock)
        api.to_record = _timed(api.to_record, "record", clock)
        self._extract_many = ruevents.extract_many
        self.run([Item("warm-up", WARM_UP_TEXT, WARM_UP_DATE)])
        # as `ruevents extract` and its workers do after loading (the library
        # leaves the caller's gc alone; a program that owns its process may
        # call it too): the models stay out of the garbage collector's scans
        from ruevents.pipeline import freeze_loaded

        freeze_loaded()
        self.clock.reset()

    def run(self, items: list[Item]) -> int:
        """Analyse ``items`` and return how many records came back."""
        return sum(1 for _ in self.stream(items))

    def stream(self, items: Iterable[Item]) -> Iterator:
        pairs = ((item.text, {"doc_id": item.doc_id, "date": item.date}) for item in items)
        options = {} if self.batch_size is None else {"batch_size": self.batch_size}
        return self._extract_many(pairs, **options)


def _timed(function: Callable, name: str, clock: StageClock) -> Callable:
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            clock.add(name, time.perf_counter() - started)

    return timed


def import_natasha_chain() -> types.SimpleNamespace:
    """natasha's chain classes, without running ``natasha/__init__.py``.

    That ``__init__`` imports ``MorphVocab`` and with it pymorphy2, which is
    broken on Python 3.11+ and which ruevents never imports.  An empty package
    module with the real ``__path__`` is put in ``sys.modules`` first (in this
    benchmark process only), so ``natasha.segment`` and the others import as
    ordinary submodules; none of them needs pymorphy2.
    """
    if "natasha" not in sys.modules:
        spec = importlib.util.find_spec("natasha")
        if spec is None or not spec.submodule_search_locations:
            raise ModuleNotFoundError("expected the 'natasha' package installed, got none")
        package = types.ModuleType("natasha")
        package.__path__ = list(spec.submodule_search_locations)
        package.__file__ = str(Path(package.__path__[0]) / "__init__.py")
        package.__spec__ = spec  # so that importlib.util.find_spec("natasha") still answers
        sys.modules["natasha"] = package
    from natasha.doc import Doc
    from natasha.emb import NewsEmbedding
    from natasha.morph.tagger import NewsMorphTagger
    from natasha.ner import NewsNERTagger
    from natasha.segment import Segmenter
    from natasha.syntax import NewsSyntaxParser

    if "pymorphy2" in sys.modules:
        raise RuntimeError("expected natasha's chain to load without pymorphy2, got pymorphy2 imported")
    return types.SimpleNamespace(
        Doc=Doc, Segmenter=Segmenter, NewsEmbedding=NewsEmbedding, NewsMorphTagger=NewsMorphTagger,
        NewsSyntaxParser=NewsSyntaxParser, NewsNERTagger=NewsNERTagger,
    )


class NatashaSystem:
    """The plain natasha chain (no lemmas, no normalisation), per document."""

    name = "natasha"

    def __init__(self) -> None:
        self.clock = StageClock()

    def load(self) -> None:
        chain = import_natasha_chain()
        self.Doc = chain.Doc
        self.segmenter = chain.Segmenter()
        embedding = chain.NewsEmbedding()
        self.morph_tagger = chain.NewsMorphTagger(embedding)
        self.syntax_parser = chain.NewsSyntaxParser(embedding)
        self.ner_tagger = chain.NewsNERTagger(embedding)
        self.run([Item("warm-up", WARM_UP_TEXT, WARM_UP_DATE)])
        self.clock.reset()

    def analyse(self, text: str):
        clock, now = self.clock, time.perf_counter
        started = now()
        doc = self.Doc(text)
        doc.segment(self.segmenter)
        segmented = now()
        doc.tag_morph(self.morph_tagger)
        tagged = now()
        doc.parse_syntax(self.syntax_parser)
        parsed = now()
        doc.tag_ner(self.ner_tagger)
        done = now()
        clock.add("segment", segmented - started)
        clock.add("morph", tagged - segmented)
        clock.add("syntax", parsed - tagged)
        clock.add("ner", done - parsed)
        return doc

    def run(self, items: list[Item]) -> int:
        return sum(1 for item in items if self.analyse(item.text) is not None)


SYSTEMS = {"ruevents": RueventsSystem, "natasha": NatashaSystem}
