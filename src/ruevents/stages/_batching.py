"""Shared plumbing for the model-backed stages: batched ``pipe()``."""

from __future__ import annotations

from typing import Callable, Iterable, Iterator

from spacy.tokens import Doc
from spacy.util import minibatch


class BatchedStage:
    """A component whose model runs once over a batch of documents.

    Subclasses implement ``process(docs)``, which annotates a list of docs in
    place; single-document calls are a batch of one.
    """

    batch_size: int = 32

    def process(self, docs: list[Doc]) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        self.process([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int | None = None) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size or self.batch_size):
            self.process(batch)
            yield from batch


def register(name: str, cls: type, *, assigns: Iterable[str], requires: Iterable[str] = ()) -> Callable:
    from spacy.language import Language

    @Language.factory(name, assigns=list(assigns), requires=list(requires), default_config={"batch_size": 32})
    def make(nlp, name: str, batch_size: int):
        stage = cls()
        stage.batch_size = batch_size
        return stage

    return make
