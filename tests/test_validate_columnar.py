"""The columnar check of article Parquet never vouches for a row the dict path faults, and
validate_paths reports exactly what the dict path reports, on real Parquet files."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_validate import RECORDS, _random_mutation, full_record, make_record, mutate

from corpus_builder.schema import article_arrow_schema, enum_values
from corpus_builder.validate import record_problems, validate_paths
from corpus_builder.validate.columnar import certainly_valid
from corpus_builder.validate.columnar_buffers import batch_sound
from corpus_builder.validate.columnar_bytes import bools
from corpus_builder.validate.columnar_schema import schema_suspects
from corpus_builder.validate.columnar_spans import TextColumn, code_points
from corpus_builder.validate.invariants import names_speaker
from corpus_builder.validate.sources import BATCH_ROWS, _nullable_all
from corpus_builder.write.parquet import from_arrow_row, to_arrow_row

# Every column nullable: lets a file hold the nulls a strict writer would refuse, which the
# checks must then find in the data.
LOOSE = pa.schema([pa.field(f.name, _nullable_all(f.type)) for f in article_arrow_schema()])

UNICODE_PARAGRAPHS = [
    "Kim Jong Un met Moon Jae-in in Séoul on Tuesday — café talks.",
    "\u201cWe will talk again soon,\u201d Kim said after the meeting \U0001f600.",
    "Officials in 서울 called the talks \u201ca step forward.\u201d",
]


def unicode_record(rid: str = "u-1") -> dict[str, Any]:
    """full_record's annotations on a text with 2-, 3- and 4-byte UTF-8 characters."""
    return make_record(
        rid,
        paragraphs=UNICODE_PARAGRAPHS,
        entities=[
            ("Kim Jong Un", "PERSON", "Kim Jong Un"),
            ("Moon Jae-in", "PERSON", "Moon Jae-in"),
            ("Séoul", "GPE", "Séoul"),
            ("Tuesday", "DATE", "Tuesday"),
            ("Kim", "PERSON", "Kim Jong Un"),
            ("서울", "GPE", "서울"),
        ],
        quotes=[
            ("We will talk again soon,", "Kim", "Kim Jong Un", "said"),
            ("a step forward.", "Officials", "Officials", "called"),
        ],
    )


def write(path: Path, records: list[dict[str, Any]], schema: pa.Schema = LOOSE) -> Path:
    table = pa.Table.from_pylist([to_arrow_row(r) for r in records], schema=schema)
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path


def verdicts(path: Path) -> tuple[list[bool], list[bool]]:
    """(columnar yes/no, dict path finds nothing) for every row of a Parquet file."""
    batch = pq.read_table(path).combine_chunks().to_batches()[0]
    sure = certainly_valid(batch).tolist()
    clean = [record_problems(from_arrow_row(r)) == [] for r in batch.to_pylist()]
    return sure, clean


def speaker_only_by_entity(record: dict[str, Any]) -> bool:
    """Some quote's speaker mention is no run of the speaker's words, so only an entity whose
    canonical name is the speaker can make it valid: the columnar check vouches for an exact
    entity span and leaves any other overlap to the dict path."""
    text = record["text"]
    for q in record["quotes"]:
        start, end, speaker = q["speaker_start"], q["speaker_end"], q["speaker"]
        if None not in (start, end, speaker) and start <= end <= len(text):
            if not names_speaker(text[start:end], speaker):
                return True
    return False


def assert_same_verdicts(tmp_path: Path, records: list[dict[str, Any]]) -> list[bool]:
    """Columnar yes implies the dict path finds nothing; a valid row gets a columnar yes unless
    its speaker needs the entity rule; and the reports are equal."""
    path = write(tmp_path / "rows.parquet", records)
    sure, clean = verdicts(path)
    for record, yes, valid in zip(records, sure, clean, strict=True):
        assert valid or not yes, record  # never vouch for a faulty row
        assert yes or not valid or speaker_only_by_entity(record), record
    columnar = validate_paths([path]).to_dict()
    assert columnar == validate_paths([path], columnar=False).to_dict()
    return sure


# -- valid records are accepted on columns ------------------------------------------------


def test_valid_records_are_vouched_for_ascii_or_not(tmp_path: Path) -> None:
    records = [
        full_record("a"),
        unicode_record("b"),
        make_record("c", paragraphs=["One paragraph only."]),
        make_record("d", paragraphs=[], date=None) | {"text": ""},
        make_record("e", paragraphs=["\U0001f600\U0001f600 x", "é"]),
    ]
    assert assert_same_verdicts(tmp_path, records) == [True] * len(records)


def test_a_strictly_typed_file_takes_the_same_path(tmp_path: Path) -> None:
    path = write(
        tmp_path / "strict.parquet", [full_record("a"), unicode_record("b")], article_arrow_schema()
    )
    assert verdicts(path) == ([True, True], [True, True])


# -- every invalid case of test_validate, as Parquet rows ---------------------------------

ARROW_REPRESENTABLE = [
    (["entities", 2, "end"], 10_000),
    (["quotes", 0, "end"], 10_000),
    (["quotes", 1, "speaker_end"], 10_000),
    (["paragraphs", 2, "end"], 10_000),
    (["entities", 0, "start"], 12),
    (["entities", 0, "text"], "Kim Jong-un"),
    (["quotes", 0, "text"], "We will talk"),
    (["quotes", 0, "cue"], "says"),
    (["quotes", 0, "paragraph"], 7),
    (["quotes", 0, "paragraph"], 0),
    (["quotes", 0, "paragraph"], 2),
    (["quotes", 0, "speaker"], "Moon Jae-in"),
    (["quotes", 0, "speaker"], None),
    (["quotes", 0, "speaker_end"], None),
    (["quotes", 1, "cue"], None),
    (["quotes", 0, "speaker_confidence"], None),
    (["entities", 1, "label"], "PERSONA"),
    (["quotes", 0, "kind"], "indirect"),
    (["source", "sha256"], "xyz"),
    (["schema_version"], "2.0"),
    # what Arrow types allow but the JSON Schema does not
    (["paragraphs", 0, "start"], -1),
    (["quotes", 0, "speaker_start"], -5),
    (["entities", 0, "text"], ""),
    (["entities", 0, "canonical"], ""),
    (["metadata", "authors"], ["A. Writer", ""]),
    (["metadata", "language"], "EN"),
    (["metadata", "published_date"], "0001-01-01"),
    (["id"], ""),
    (["id"], "x" * 257),
    (["id"], "é" * 256),  # 512 bytes but 256 code points: valid
    (["id"], "é" * 257),
    (["id"], "\U0001f600" * 64),  # 256 bytes, 64 code points: valid
    (["metadata", "authors"], ["é"]),  # one code point of two bytes: long enough
    (["source", "format"], "pdf"),
    # nulls where the schema has no "null"
    (["text"], None),
    (["metadata"], None),
    (["entities"], None),
    (["entities", 0], None),
    (["entities", 1, "label"], None),
    (["quotes", 0, "kind"], None),
    (["paragraphs", 0, "start"], None),
    (["provenance", "models"], ["m==1", None]),
    (["source", "path"], None),
]


@pytest.mark.parametrize("path, value", ARROW_REPRESENTABLE)
def test_each_case_gets_the_dict_path_verdict(tmp_path: Path, path: list, value: Any) -> None:
    records = [full_record("before"), mutate(path, value), full_record("after")]
    valid = record_problems(records[1]) == []
    assert assert_same_verdicts(tmp_path, records) == [True, valid, True]


def test_fixture_bad_records_match_the_dict_path(tmp_path: Path) -> None:
    lines = (RECORDS / "bad.jsonl").read_text(encoding="utf-8").splitlines()
    records = []
    for line in lines:
        try:
            rec = json.loads(line)
            pa.Table.from_pylist([to_arrow_row(rec)], schema=LOOSE)
        except (pa.ArrowException, ValueError, TypeError):
            continue  # not JSON, or not representable in article Parquet: JSONL only
        records.append(rec)
    assert records, "no fixture record fits the Parquet types"
    assert_same_verdicts(tmp_path, records + [full_record("ok")])


def test_random_corruptions_of_ascii_and_unicode_records(tmp_path: Path) -> None:
    rng = random.Random(11)
    records = []
    for i in range(300):
        rec = (full_record if i % 2 else unicode_record)(f"r{i}")
        for _ in range(rng.randint(0, 2)):
            _random_mutation(rng, rec)
        records.append(rec)
    sure = assert_same_verdicts(tmp_path, records)
    assert 30 < sum(sure) < 270, sum(sure)


# -- hypothesis: many corruptions, several rows per file -----------------------------------

OFFSET_KEYS = {
    "paragraphs": ["start", "end"],
    "entities": ["start", "end"],
    "quotes": ["start", "end", "speaker_start", "speaker_end", "cue_start", "cue_end", "paragraph"],
}
STRINGS = st.text(alphabet=st.sampled_from('Kim Jong Un\n"é서😀.,said'), max_size=12)


@st.composite
def corrupted(draw: st.DrawFn, rid: str) -> dict[str, Any]:
    rec = draw(st.sampled_from([full_record, unicode_record]))(rid)
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["shift", "string", "swap", "label", "date", "text", "null"]))
        group = draw(st.sampled_from(sorted(OFFSET_KEYS)))
        items = rec[group]
        item = items[draw(st.integers(0, len(items) - 1))]
        if kind == "shift":
            key = draw(st.sampled_from(OFFSET_KEYS[group]))
            if item[key] is not None:
                item[key] = max(0, item[key] + draw(st.sampled_from([-2, -1, 1, 2, 3, 200])))
        elif kind == "string" and group != "paragraphs":
            keys = ["text", "canonical"] if group == "entities" else ["text", "speaker", "cue"]
            item[draw(st.sampled_from(keys))] = draw(STRINGS)
        elif kind == "swap":
            i, j = draw(st.permutations(range(len(items))))[:2]
            items[i], items[j] = items[j], items[i]
        elif kind == "label" and group != "paragraphs":
            key, allowed = ("label", "entities") if group == "entities" else ("kind", "quotes")
            values = enum_values(allowed, key) + ["person", "", "Direct"]
            item[key] = draw(st.sampled_from(values))
        elif kind == "date":
            rec["metadata"]["published_date"] = draw(st.dates()).isoformat()
        elif kind == "text":
            at = draw(st.integers(0, len(rec["text"])))
            piece = draw(st.sampled_from(["", "x", "é", "\n", "😀", "서"]))
            rec["text"] = rec["text"][:at] + piece + rec["text"][at + 1 :]
        elif kind == "null" and group == "quotes":
            item[
                draw(
                    st.sampled_from(
                        ["speaker", "speaker_start", "cue", "cue_end", "speaker_confidence"]
                    )
                )
            ] = None
    return rec


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.integers(0, 10**6), min_size=1, max_size=5).flatmap(
        lambda ids: st.tuples(*(corrupted(f"h{i}-{k}") for k, i in enumerate(ids)))
    )
)
def test_hypothesis_corruptions_agree_with_the_dict_path(
    tmp_path_factory: pytest.TempPathFactory, records: tuple[dict[str, Any], ...]
) -> None:
    assert_same_verdicts(tmp_path_factory.mktemp("h"), list(records))


# -- cases the columnar check leaves to the dict path on purpose ---------------------------


def test_speaker_named_only_by_an_entity(tmp_path: Path) -> None:
    """The mention "Kim" is no word of "Chairman", but it is an entity whose canonical name is
    "Chairman": exactly that entity's span is vouched for on columns, a span merely overlapping
    it is left to the dict path; both are valid."""
    exact = full_record("exact")
    quote = exact["quotes"][0]
    entity = next(e for e in exact["entities"] if e["start"] == quote["speaker_start"])
    entity["canonical"] = quote["speaker"] = "Chairman"
    overlap = copy.deepcopy(exact) | {"id": "overlap"}
    overlap["quotes"][0]["speaker_end"] += len(" said")
    moved = copy.deepcopy(exact) | {"id": "moved"}
    moved["quotes"][0]["speaker_start"] += 1  # "im": overlaps, not the entity's span
    unnamed = copy.deepcopy(exact) | {"id": "unnamed"}
    unnamed["entities"][4]["canonical"] = "Kim Jong Un"  # no entity is "Chairman" any more
    path = write(tmp_path / "e.parquet", [exact, overlap, moved, unnamed])
    assert verdicts(path) == ([True, False, False, False], [True, True, True, False])
    assert_same_verdicts(tmp_path, [exact, overlap, moved, unnamed])


def test_nul_in_a_speaker_name_is_not_an_ambiguous_key(tmp_path: Path) -> None:
    rec = full_record("n")
    rec["quotes"][0]["speaker"] = "Kim\0Jong Un"
    assert_same_verdicts(tmp_path, [rec])


def test_ids_and_row_refs_across_batches(tmp_path: Path) -> None:
    records = [full_record(f"r{i}") for i in range(BATCH_ROWS + 30)]
    records[BATCH_ROWS + 5]["id"] = "r3"  # a duplicate in the second batch
    records[BATCH_ROWS + 9] = mutate(["entities", 0, "end"], 5000) | {"id": "bad"}
    path = write(tmp_path / "many.parquet", records)
    report = validate_paths([path])
    assert [(p.record, p.rule) for p in report.problems] == [
        ("r3", "id:duplicate"),
        ("bad", "span:out_of_range"),
    ]
    assert report.records == len(records) and report.invalid_records == 2
    assert report.to_dict() == validate_paths([path], columnar=False).to_dict()


def test_out_of_range_date_is_an_unreadable_input_not_a_crash(tmp_path: Path) -> None:
    table = pa.Table.from_pylist([to_arrow_row(full_record())], schema=LOOSE)
    meta = table.column("metadata").combine_chunks()
    dates = pa.array([3_000_000], type=pa.date32())  # year ~10183: no datetime.date for it
    fields = [meta.field(f.name) if f.name != "published_date" else dates for f in meta.type]
    table = table.set_column(
        table.schema.get_field_index("metadata"),
        "metadata",
        pa.StructArray.from_arrays(fields, fields=list(meta.type)),
    )
    path = tmp_path / "far.parquet"
    pq.write_table(table, path)
    report = validate_paths([path])
    assert report.status == 2 and "no Python form" in report.errors[0].reason


# -- the schema walk is derived from the schema, not from the article fields ---------------


def _batch(schema: dict[str, Any], rows: list[dict[str, Any]]) -> pa.RecordBatch:
    from corpus_builder.schema import node_to_arrow

    arrow = pa.schema([pa.field(k, node_to_arrow(v)) for k, v in schema["properties"].items()])
    return pa.RecordBatch.from_pylist(rows, schema=arrow)


def test_schema_walk_checks_each_keyword_it_knows() -> None:
    schema = {
        "type": "object",
        "required": ["n", "s", "tags"],
        "properties": {
            "n": {"type": "integer", "exclusiveMaximum": 10, "multipleOf": 2},
            "s": {"type": ["string", "null"], "maxLength": 3, "pattern": "^[a-c]*$"},
            "tags": {"type": "array", "items": {"type": "string", "enum": ["x", "y"]}},
        },
    }
    rows = [
        {"n": 4, "s": "ab", "tags": ["x"]},  # valid
        {"n": 10, "s": None, "tags": []},  # exclusiveMaximum
        {"n": 3, "s": "a", "tags": []},  # multipleOf (through jsonschema_rs)
        {"n": 2, "s": "abca", "tags": []},  # maxLength
        {"n": 2, "s": "abd", "tags": []},  # pattern
        {"n": 2, "s": "", "tags": ["y", "z"]},  # enum of an item
        {"n": None, "s": "", "tags": ["y"]},  # null where not allowed
    ]
    bad = schema_suspects(_batch(schema, rows), schema)
    assert bad.tolist() == [False, True, True, True, True, True, True]


@pytest.mark.parametrize(
    "node",
    [
        {"type": "array", "items": {"type": "string"}, "minItems": 1},
        {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
        {"type": "string", "$ref": "#/$defs/x"},
    ],
)
def test_schema_walk_leaves_unknown_keywords_to_the_dict_path(node: dict[str, Any]) -> None:
    if node["type"] == "string":
        schema = {"type": "object", "properties": {"v": node}}
        rows = [{"v": "a"}]
    else:
        schema = {"type": "object", "properties": {"v": node}}
        rows = [{"v": ["a"]}]
    assert schema_suspects(_batch(schema, rows), schema).tolist() == [True]
    plain = {
        "type": "object",
        "properties": {"v": {k: v for k, v in node.items() if k in ("type", "items")}},
    }
    assert schema_suspects(_batch(plain, rows), plain).tolist() == [False]


def test_verdict_array_has_one_entry_per_row() -> None:
    table = pa.Table.from_pylist(
        [to_arrow_row(full_record(f"r{i}")) for i in range(7)], schema=LOOSE
    )
    for batch in table.to_batches(max_chunksize=3):
        sure = certainly_valid(batch)
        assert sure.dtype == np.bool_ and len(sure) == batch.num_rows and sure.all()


def test_invalid_utf8_is_an_unreadable_input_not_a_crash(tmp_path: Path) -> None:
    """Parquet readers do not check UTF-8; the columnar check must not vouch for such rows."""
    table = pa.Table.from_pylist([to_arrow_row(full_record())], schema=LOOSE)
    text = full_record()["text"].encode("utf-8")
    broken = text[:5] + b"\xff" + text[6:]
    offsets = pa.py_buffer(np.array([0, len(broken)], dtype=np.int32).tobytes())
    column = pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(broken)])
    table = table.set_column(table.schema.get_field_index("text"), "text", column)
    path = tmp_path / "bytes.parquet"
    pq.write_table(table, path)
    assert certainly_valid(pq.read_table(path).to_batches()[0]).tolist() == [False]
    report = validate_paths([path])
    assert report.status == 2 and "no Python form" in report.errors[0].reason


# -- the fast primitives against their plain definitions -----------------------------------

SPAN_TEXTS = st.lists(st.text(alphabet="ab é서😀\n", max_size=12), min_size=1, max_size=4)


@settings(max_examples=200, deadline=None)
@given(SPAN_TEXTS, st.data())
def test_span_equality_matches_python_slicing(texts: list[str], data: st.DataObject) -> None:
    """Spans in any order, overlapping or repeated (which Arrow cannot compare in one chain),
    against stored strings that are the slice, another slice or null."""
    spans, stored = [], []
    for _ in range(data.draw(st.integers(0, 12))):
        row = data.draw(st.integers(0, len(texts) - 1))
        start = data.draw(st.integers(0, len(texts[row])))
        end = data.draw(st.integers(start, len(texts[row])))
        spans.append((row, start, end))
        piece = texts[row][start:end]
        stored.append(data.draw(st.sampled_from([piece, piece, piece + "a", piece[1:], None])))
    where = np.array(data.draw(st.lists(st.booleans(), min_size=len(spans), max_size=len(spans))))
    rows, starts, ends = (np.array([s[k] for s in spans], dtype=np.int64) for k in range(3))
    text = TextColumn(pa.array(texts, type=pa.string()))
    got = text.equals(rows, starts, ends, pa.array(stored, type=pa.string()), where=where)
    plain = [texts[r][s:e] == v for (r, s, e), v in zip(spans, stored, strict=True)]
    assert got.tolist() == [bool(w) and p for w, p in zip(where, plain, strict=True)]
    everything = text.equals(rows, starts, ends, pa.array(stored, type=pa.string()))
    assert everything.tolist() == plain


def test_overlapping_spans_are_compared_too() -> None:
    """One mention used by two quotes, and a span inside an earlier one: off the chain, and a
    wrong stored text there is still found."""
    text = TextColumn(pa.array(["Kim said it. Kim", "é Kim"], type=pa.string()))
    rows = np.array([0, 0, 0, 0, 1, 1])
    starts = np.array([0, 0, 1, 13, 2, 2])
    ends = np.array([3, 3, 3, 16, 5, 5])
    stored = pa.array(["Kim", "Kim", "im", "Kim", "Kim", "Kin"])
    assert text.equals(rows, starts, ends, stored).tolist() == [True] * 5 + [False]
    stored = pa.array(["Kim", "Kix", "im", "Kim", "Kim", "Kim"])
    assert text.equals(rows, starts, ends, stored).tolist() == [True, False] + [True] * 4


def test_a_stored_text_must_have_the_span_s_length_in_code_points() -> None:
    """Only a span's start is mapped to a byte: a stored text whose bytes follow it in the text
    but run past the span's end (or stop short of it) is not the span's text."""
    text = TextColumn(pa.array(["abc", "é€x", "x"], type=pa.string()))
    rows = np.array([0, 0, 1, 1, 1, 1, 2])
    starts = np.array([0, 0, 0, 0, 1, 2, 0])
    ends = np.array([1, 2, 1, 2, 2, 3, 1])
    stored = pa.array(["ab", "a", "é", "é", "€", "x", "x€"])
    got = text.equals(rows, starts, ends, stored).tolist()
    assert got == [False, False, True, False, True, True, False]


def test_code_points_of_spans_skip_the_bytes_between_them() -> None:
    data = np.frombuffer("aé€😀b".encode(), dtype=np.uint8)  # bytes 0, 1-2, 3-5, 6-9, 10
    first, last = np.array([0, 1, 6, 10, 11]), np.array([1, 3, 10, 11, 11])
    assert code_points(data, first, last).tolist() == [1, 1, 1, 1, 0]
    # "aé" (bytes 0-3) then "b": the continuation bytes of € and 😀 are in no span
    first, last = np.array([0, 10]), np.array([3, 11])
    assert code_points(data, first, last).tolist() == [2, 1]
    assert code_points(data, np.array([0]), np.array([1])).tolist() == [1]  # all after it


def test_paragraph_gaps_compare_every_separator_byte() -> None:
    """The separator's bytes are read after one position lookup: both must match, after
    multi-byte characters as in plain text."""
    text = TextColumn(pa.array(["é\n\nb", "é\nxb", "éx\nb", "😀a\n\n"], type=pa.string()))
    rows, at = np.array([0, 1, 2, 3]), np.array([1, 1, 1, 2])
    assert text.are_bytes(rows, at, b"\n\n").tolist() == [True, False, False, True]


def test_speaker_found_among_many_entities_of_its_row(tmp_path: Path) -> None:
    """The speaker's mention is looked up among its row's entities by a search per row: the
    first, a middle and the last mention are found; a span starting inside one is not."""
    words = [f"Name{i}" for i in range(9)]
    text = " ".join(words)
    entities, at = [], 0
    for w, name in zip(words, [f"Person {c}" for c in "ABCDEFGHI"], strict=True):
        assert not names_speaker(w, name)  # only the entity lookup can vouch for it
        entities.append(
            {"start": at, "end": at + len(w), "text": w, "label": "PERSON", "canonical": name}
        )
        at += len(w) + 1
    by_row = []
    for k in (0, 4, 8):
        e = entities[k]
        by_row.append((e["start"], e["end"], e["canonical"], True))
    e = entities[3]
    by_row.append((e["start"] + 1, e["end"], e["canonical"], False))
    for i, (s, e, name, ok) in enumerate(by_row):
        base = full_record(f"x{i}")
        base["text"] = text
        base["paragraphs"] = [{"start": 0, "end": len(text)}]
        base["entities"] = entities
        base["quotes"] = [
            {
                "start": 0,
                "end": 5,
                "text": text[:5],
                "paragraph": 0,
                "kind": "partial",
                "speaker": name,
                "speaker_start": s,
                "speaker_end": e,
                "cue": None,
                "cue_start": None,
                "cue_end": None,
                "attribution": "cue_subject",
                "speaker_confidence": 0.9,
            }
        ]
        assert not record_problems(base)  # a mere overlap is left to the dict path
        table = pa.Table.from_pylist([to_arrow_row(base)], schema=LOOSE)
        assert certainly_valid(table.to_batches()[0]).tolist() == [ok]


def _strings(raw: bytes, cuts: list[int]) -> pa.Array:
    offsets = np.array([0, *sorted(cuts), len(raw)], dtype=np.int32)
    buffers = [None, pa.py_buffer(offsets), pa.py_buffer(raw)]
    return pa.Array.from_buffers(pa.string(), len(offsets) - 1, buffers)


def _nested(strings: pa.Array) -> pa.RecordBatch:
    """The strings as the `text` of the entities of one row, as in article batches."""
    items = pa.StructArray.from_arrays([strings], names=["text"])
    column = pa.ListArray.from_arrays(pa.array([0, len(strings)], pa.int32()), items)
    return pa.RecordBatch.from_arrays([column], names=["entities"])


def _arrow_accepts(batch: pa.RecordBatch) -> bool:
    try:
        batch.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _sound(batch: pa.RecordBatch) -> bool:
    try:
        return batch_sound(batch)
    except pa.ArrowInvalid:
        return False


def test_a_character_split_between_two_strings_is_not_sound() -> None:
    """Each half is invalid UTF-8, though the bytes laid end to end are valid."""
    split = _nested(_strings("aé".encode(), [2]))  # b"a\xc3", b"\xa9"
    assert not _arrow_accepts(split) and not _sound(split)
    whole = _nested(_strings("aé".encode(), [1]))
    assert _arrow_accepts(whole) and _sound(whole)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from([b"a", b"\n", "é".encode(), "서".encode(), b"\xff", b"\x80"])).map(
        b"".join
    ),
    st.lists(st.integers(0, 40), max_size=4),
)
def test_soundness_agrees_with_arrow_full_validation(raw: bytes, cuts: list[int]) -> None:
    strings = _strings(raw, [min(c, len(raw)) for c in cuts])
    for batch in (_nested(strings), pa.RecordBatch.from_arrays([strings], names=["text"])):
        assert _sound(batch) == _arrow_accepts(batch)


def test_unsound_offsets_are_caught() -> None:
    offsets = pa.py_buffer(np.array([0, 3, 2, 4], dtype=np.int32))
    strings = pa.Array.from_buffers(pa.string(), 3, [None, offsets, pa.py_buffer(b"abcd")])
    assert not _sound(_nested(strings))
    items = pa.StructArray.from_arrays([pa.array(["a", "b"])], names=["text"])
    backwards = pa.ListArray.from_buffers(
        pa.list_(items.type),
        2,
        [None, pa.py_buffer(np.array([0, 2, 1], np.int32))],
        children=[items],
    )
    assert not _sound(pa.RecordBatch.from_arrays([backwards], names=["entities"]))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.none() | st.text(alphabet="aé서😀", max_size=9), min_size=1),
    st.integers(0, 6),
    st.sampled_from(["minLength", "maxLength"]),
)
def test_length_bounds_count_code_points(values: list, limit: int, key: str) -> None:
    schema = {"type": "object", "properties": {"v": {"type": ["string", "null"], key: limit}}}
    bad = schema_suspects(_batch(schema, [{"v": v} for v in values]), schema).tolist()
    broken = (lambda n: n < limit) if key == "minLength" else (lambda n: n > limit)
    assert bad == [v is not None and broken(len(v)) for v in values]


@given(st.lists(st.booleans(), max_size=40), st.integers(0, 20))
def test_bools_reads_the_bits_of_a_slice(values: list[bool], skip: int) -> None:
    mask = pa.array(values, type=pa.bool_()).slice(min(skip, len(values)))
    assert bools(mask).tolist() == mask.to_pylist()


def test_invalid_utf8_in_a_nested_string_is_not_vouched_for(tmp_path: Path) -> None:
    """A stray byte in a quote's attribution, a string no other check reads: the UTF-8 check
    reaches list<struct<string>> columns too."""
    table = pa.Table.from_pylist([to_arrow_row(full_record())], schema=LOOSE)
    quotes = table.column("quotes").combine_chunks()
    items = quotes.values
    names = items.field("attribution")
    raw = "".join(name or "" for name in names.to_pylist()).encode("utf-8")
    broken = raw[:1] + b"\xff" + raw[2:]
    buffers = [names.buffers()[0], names.buffers()[1], pa.py_buffer(broken)]
    names = pa.Array.from_buffers(pa.string(), len(names), buffers, null_count=names.null_count)
    fields = [names if f.name == "attribution" else items.field(f.name) for f in items.type]
    column = pa.ListArray.from_arrays(
        quotes.offsets, pa.StructArray.from_arrays(fields, fields=list(items.type))
    )
    table = table.set_column(table.schema.get_field_index("quotes"), "quotes", column)
    path = tmp_path / "nested.parquet"
    pq.write_table(table, path)
    assert certainly_valid(pq.read_table(path).to_batches()[0]).tolist() == [False]
    assert validate_paths([path]).to_dict() == validate_paths([path], columnar=False).to_dict()
