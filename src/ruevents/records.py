"""The output contract (``shared/docs/output-contract.md``, v1) as pydantic models.

These are the boundary of the library: stages write plain data on the
``Doc``; ``api.to_record`` turns it into a ``Document``.  Fields may be added,
never renamed or dropped: outside tools read them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticSerializationError

CONTRACT_VERSION = "1"
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")

Modality = Literal["asserted", "planned", "negated", "hypothetical"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Record):
    """A stretch of the document text: ``text[start:end] == self.text``."""

    start: int = Field(ge=0, description="index of the first character (Unicode code points)")
    end: int = Field(ge=0, description="index after the last character")
    text: str

    @model_validator(mode="after")
    def _ordered(self) -> "Span":
        if self.end < self.start:
            raise ValueError(f"expected start <= end, got start={self.start}, end={self.end}")
        return self


class Mention(Span):
    """One place in the text where an entity is named."""


class Entity(_Record):
    """One real-world thing with all its mentions in the document."""

    id: str = Field(description='unique within the document, "e1", "e2", ...')
    type: str = Field(description="PER, ORG, LOC; more types may be added")
    name: str = Field(description="canonical name: nominative case, fullest form found in the document")
    mentions: list[Mention]
    attributes: dict[str, Any] = Field(default_factory=dict, description='e.g. "titles", "org"')


class Time(Span):
    """One time expression."""

    id: str = Field(description='unique within the document, "t1", "t2", ...')
    value: str | None = Field(description='TIMEX3-style value: "2018-04-19", "2017-03", "XXXX-04-19", "2014-SP"; null when unknown')
    end_value: str | None = Field(default=None, description='for a range («с 5 по 7 марта»), the value of its end; "value" is its start')
    kind: Literal["date", "time", "duration", "set"] = Field(
        default="date", description='TIMEX3 type: "date", "time" (a clock time or part of the day), "duration" ("P3Y"), "set" ("P1Y" for «ежегодно»)'
    )
    mod: str | None = Field(default=None, description='TIMEX3 mod: "START", "MID", "END" («в начале марта»), "AFTER" («позднее»)')
    anchor: str | None = Field(
        default=None, description='what a relative value was resolved against: "date" (the document date) or the id of an earlier time ("t2")'
    )


class Trigger(Span):
    """The word or phrase that names an event."""


class Sentence(Span):
    """The sentence an event was found in, for reading it in context."""


class Argument(Span):
    """The mention that fills one role of an event."""

    role: str = Field(description="participant, place, time, ...")
    ref: str = Field(description="id of the entity or time that fills the role")


class Event(_Record):
    id: str = Field(description='unique within the document, "v1", "v2", ...')
    type: str = Field(description="meeting, phone_call, visit, statement, agreement, ...")
    trigger: Trigger
    modality: Modality
    arguments: list[Argument]
    confidence: float = Field(ge=0.0, le=1.0)
    sentence: Sentence | None = Field(default=None, description="the sentence holding the trigger (an addition to contract v1)")


class Document(_Record):
    """Everything ruevents found in one document."""

    doc_id: str = Field(description="stable id; for folder input the path relative to the folder")
    source: str | None = Field(default=None, description="where the text came from; null for in-memory text")
    date: str | None = Field(default=None, description="ISO 8601 anchor date for relative times")
    text_sha1: str = Field(description="SHA-1 of the decoded text the offsets refer to")
    entities: list[Entity] = Field(default_factory=list)
    times: list[Time] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    errors: list[str] = Field(default_factory=list, description="non-fatal problems met with this document")

    @field_validator("date")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None:
            dt.date.fromisoformat(value)
        return value

    def spans(self):
        """Every mention, time, trigger and argument: what must match the text."""
        for entity in self.entities:
            yield from entity.mentions
        yield from self.times
        for event in self.events:
            yield event.trigger
            yield from event.arguments
            if event.sentence is not None:
                yield event.sentence

    def check_offsets(self, text: str) -> None:
        """Raise ``ValueError`` unless every span's offsets match ``text``."""
        for span in self.spans():
            if text[span.start : span.end] != span.text:
                raise ValueError(
                    f"expected text[{span.start}:{span.end}] == {span.text!r}, got {text[span.start:span.end]!r}"
                )

    def to_json(self) -> str:
        """One JSON Lines row: UTF-8 text, Cyrillic as is.

        A text may hold lone surrogates (Python allows them, UTF-8 does not):
        they are written as ``\\uXXXX`` escapes, which ``json.loads`` reads back.
        """
        try:
            return self.model_dump_json()
        except PydanticSerializationError:  # pydantic refuses lone surrogates
            line = json.dumps(self.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))
            return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", line)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one record, as published in ``docs/schema``."""
    schema = Document.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://ruevents.example/schema/document.schema.json"
    schema["title"] = f"ruevents document record, contract v{CONTRACT_VERSION}"
    return schema
