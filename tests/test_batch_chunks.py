"""Long documents: chunks at paragraph breaks, one merged record with document offsets."""

import pytest

import ruevents
from ruevents.batch.chunks import split_text
from ruevents.batch.work import WorkItem, analyse_batch
from ruevents.records import Document


def test_chunks_cover_the_text_and_respect_the_limit():
    text = ("Первый абзац о встрече. " * 30 + "\n\n") * 20
    chunks = split_text(text, 1000)
    assert chunks[0][0] == 0 and chunks[-1][1] == len(text)
    assert all(end - start <= 1000 for start, end in chunks)
    assert all(a[1] == b[0] for a, b in zip(chunks, chunks[1:]))
    # cut at paragraph breaks where there are any
    assert all(text[end - 2 : end] == "\n\n" for _, end in chunks[:-1])


def test_a_text_without_any_break_is_cut_at_the_limit():
    assert split_text("я" * 2500, 1000) == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_bad_limit():
    with pytest.raises(ValueError, match="max_chars"):
        split_text("текст", 0)


PARAGRAPH = ("Президент России Владимир Путин провёл переговоры с президентом Азербайджана Ильхамом Алиевым в Баку. "
             "Путин заявил, что стороны обсудили транспортные коридоры.\n\n")


@pytest.mark.slow
def test_long_document_becomes_one_record_with_document_offsets(nlp):
    text = PARAGRAPH * 12
    [result] = analyse_batch([WorkItem("long.txt", text, "2024-08-19", None)], max_chars=800)
    record = Document.model_validate_json(result.line)
    record.check_offsets(text)
    assert record.text_sha1 == ruevents.extract(text).text_sha1
    assert any("chunks" in error for error in record.errors) and result.failed is None
    putin = [e for e in record.entities if e.name == "Владимир Путин"]
    assert len(putin) == 1 and len(putin[0].mentions) >= 12  # one entity across chunks
    ids = [e.id for e in record.entities] + [t.id for t in record.times] + [v.id for v in record.events]
    assert len(ids) == len(set(ids))
    known = set(ids)
    assert all(a.ref in known for v in record.events for a in v.arguments)
    assert sum(v.type == "meeting" for v in record.events) >= 12


@pytest.mark.slow
def test_short_document_is_not_chunked(nlp):
    [result] = analyse_batch([WorkItem("short.txt", PARAGRAPH, None, "short.txt")], max_chars=800)
    record = Document.model_validate_json(result.line)
    assert record.errors == [] and record.source == "short.txt"
