"""record_problems and validate_paths: the schema, each semantic invariant, and real files."""

from __future__ import annotations

import copy
import datetime as dt
import gzip
import json
import random
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from corpus_builder.schema import article_arrow_schema
from corpus_builder.validate import RULES, record_problems, validate_paths
from corpus_builder.validate.fast_path import invariants_hold
from corpus_builder.validate.invariants import invariant_problems
from corpus_builder.validate.schema_check import _rs_problem, fast_validator, schema_valid

RECORDS = Path(__file__).resolve().parent / "fixtures" / "records"

PARAGRAPHS = [
    "Kim Jong Un met Moon Jae-in in Seoul on Tuesday.",
    '"We will talk again soon," Kim said after the meeting.',
    'Officials in Washington called the talks "a step forward."',
]


def make_record(
    rid: str = "doc-1",
    paragraphs: list[str] | None = None,
    entities: list[tuple[str, str, str]] = (),
    quotes: list[tuple[str, str | None, str | None, str | None]] = (),
    date: str | None = "2019-09-10",
) -> dict[str, Any]:
    """A valid record with offsets computed from the surfaces given.

    entities: (surface, label, canonical), found left to right in `text`.
    quotes: (quoted words, speaker surface, speaker canonical, cue); speaker and cue are
    searched in the quote's paragraph outside the quote.
    """
    paragraphs = PARAGRAPHS if paragraphs is None else paragraphs
    text = "\n\n".join(paragraphs)
    spans, pos = [], 0
    for p in paragraphs:
        spans.append({"start": pos, "end": pos + len(p)})
        pos += len(p) + 2
    ents, cursor = [], 0
    for surface, label, canonical in entities:
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        ents.append(
            {"start": start, "end": cursor, "text": surface, "label": label, "canonical": canonical}
        )
    quote_rows = []
    for words, speaker_surface, speaker, cue in quotes:
        start = text.index(words)
        end = start + len(words)
        index = next(i for i, s in enumerate(spans) if s["start"] <= start and end <= s["end"])
        para = spans[index]

        ss, se = _outside(text, para, (start, end), speaker_surface)
        cs, ce = _outside(text, para, (start, end), cue)
        quote_rows.append(
            {
                "start": start,
                "end": end,
                "text": words,
                "paragraph": index,
                "kind": "direct",
                "speaker": speaker,
                "speaker_start": ss,
                "speaker_end": se,
                "cue": cue,
                "cue_start": cs,
                "cue_end": ce,
                "attribution": "cue_subject" if cue else None,
                "speaker_confidence": 0.9 if speaker else None,
            }
        )
    return {
        "id": rid,
        "schema_version": "1.1",
        "cluster_id": rid,
        "source": {
            "uri": "https://example.org/a",
            "path": "raw/a.txt",
            "format": "textdump",
            "sha256": "ab" * 32,
            "site": "example.org",
            "fetch_date": None,
        },
        "metadata": {
            "title": "Talks",
            "subtitle": None,
            "byline": "By A. Writer",
            "authors": ["A. Writer"],
            "published_date": date,
            "site_name": "Example",
            "section": None,
            "topics": [],
            "tags": ["korea"],
            "image_credit": None,
            "language": "en",
        },
        "text": text,
        "paragraphs": spans,
        "entities": ents,
        "quotes": quote_rows,
        "provenance": {
            "builder_version": "0.1.0",
            "extractor": "textdump==0.1.0",
            "models": ["en_core_web_sm==3.8.0"],
            "linalg": "blis",
        },
    }


def _outside(
    text: str, para: dict, quote: tuple[int, int], surface: str | None
) -> tuple[int | None, int | None]:
    """Offsets of the first `surface` in the paragraph that is not inside the quote."""
    if surface is None:
        return None, None
    for at in range(para["start"], para["end"]):
        if text.startswith(surface, at) and not (quote[0] <= at < quote[1]):
            return at, at + len(surface)
    raise AssertionError(f"{surface!r} not found outside the quote")


def full_record(rid: str = "doc-1") -> dict[str, Any]:
    return make_record(
        rid,
        entities=[
            ("Kim Jong Un", "PERSON", "Kim Jong Un"),
            ("Moon Jae-in", "PERSON", "Moon Jae-in"),
            ("Seoul", "GPE", "Seoul"),
            ("Tuesday", "DATE", "Tuesday"),
            ("Kim", "PERSON", "Kim Jong Un"),
            ("Washington", "GPE", "Washington"),
        ],
        quotes=[
            ("We will talk again soon,", "Kim", "Kim Jong Un", "said"),
            ("a step forward.", "Officials", "Officials", "called"),
        ],
    )


def rules_at(problems: list) -> set[tuple[str, str]]:
    return {(p.path, p.rule) for p in problems}


def write_jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def write_parquet(path: Path, records: list[dict]) -> Path:
    rows = []
    for r in records:
        date = r["metadata"]["published_date"]
        meta = {**r["metadata"], "published_date": dt.date.fromisoformat(date) if date else None}
        rows.append({**r, "metadata": meta})
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=article_arrow_schema()), path)
    return path


# -- one record ----------------------------------------------------------------------------


def test_valid_records_have_no_problems() -> None:
    assert record_problems(full_record()) == []
    assert record_problems(make_record(paragraphs=["One paragraph only."])) == []
    assert record_problems(make_record(paragraphs=[], date=None) | {"text": ""}) == []


def test_helper_offsets_really_index_the_text() -> None:
    rec = full_record()
    for q in rec["quotes"]:
        assert rec["text"][q["speaker_start"] : q["speaker_end"]] in ("Kim", "Officials")
        assert rec["text"][q["cue_start"] : q["cue_end"]] == q["cue"]
    assert rec["quotes"][0]["paragraph"] == 1 and rec["quotes"][1]["paragraph"] == 2


def mutate(path: list, value: Any) -> dict:
    rec = full_record()
    node = rec
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return rec


@pytest.mark.parametrize(
    "path, value, where, rule",
    [
        (["entities", 2, "end"], 10_000, "$.entities[2].end", "span:out_of_range"),
        (["quotes", 0, "end"], 10_000, "$.quotes[0].end", "span:out_of_range"),
        (["quotes", 1, "speaker_end"], 10_000, "$.quotes[1].speaker_end", "span:out_of_range"),
        (["paragraphs", 2, "end"], 10_000, "$.paragraphs[2].end", "span:out_of_range"),
        (["entities", 0, "start"], 12, "$.entities[0].start", "span:reversed"),
        (["entities", 0, "text"], "Kim Jong-un", "$.entities[0].text", "span:text_mismatch"),
        (["quotes", 0, "text"], "We will talk", "$.quotes[0].text", "span:text_mismatch"),
        (["quotes", 0, "cue"], "says", "$.quotes[0].cue", "span:text_mismatch"),
        (["quotes", 0, "paragraph"], 7, "$.quotes[0].paragraph", "quote:paragraph_index"),
        (["quotes", 0, "paragraph"], 0, "$.quotes[0].end", "quote:outside_paragraph"),
        (["quotes", 0, "paragraph"], 2, "$.quotes[0].start", "quote:outside_paragraph"),
        (
            ["quotes", 0, "speaker"],
            "Moon Jae-in",
            "$.quotes[0].speaker_start",
            "speaker:not_a_mention",
        ),
        (["quotes", 0, "speaker"], None, "$.quotes[0].speaker", "speaker:not_a_mention"),
        (["quotes", 0, "speaker_end"], None, "$.quotes[0].speaker_end", "span:incomplete"),
        (
            ["quotes", 0, "speaker_confidence"],
            None,
            "$.quotes[0].speaker_confidence",
            "speaker:confidence",
        ),
        (["quotes", 1, "cue"], None, "$.quotes[1].cue", "span:incomplete"),
        (["entities", 1, "label"], "PERSONA", "$.entities[1].label", "schema:enum"),
        (
            ["metadata", "published_date"],
            "2019-02-30",
            "$.metadata.published_date",
            "schema:format",
        ),
        (["quotes", 0, "kind"], "indirect", "$.quotes[0].kind", "schema:enum"),
        (["source", "sha256"], "xyz", "$.source.sha256", "schema:pattern"),
        (["paragraphs", 0, "start"], "0", "$.paragraphs[0].start", "schema:type"),
        (["schema_version"], "2.0", "$.schema_version", "schema:const"),
    ],
)
def test_each_broken_invariant_is_named(path: list, value: Any, where: str, rule: str) -> None:
    problems = record_problems(mutate(path, value))
    assert (where, rule) in rules_at(problems), problems
    assert all(p.rule in RULES or p.rule.startswith("schema:") for p in problems)


def test_out_of_range_problem_carries_value_and_message() -> None:
    [problem] = record_problems(mutate(["quotes", 0, "end"], 10_000))
    assert problem.value == 10_000 and problem.record == "doc-1"
    assert "beyond the end of text" in problem.message


def test_paragraphs_must_cover_the_text_with_blank_line_gaps() -> None:
    rec = make_record(paragraphs=["First one.", "Second one."])
    rec["text"] = "First one.\nX\nSecond one."  # same length, wrong separator
    assert ("$.paragraphs[1].start", "paragraphs:cover") in rules_at(record_problems(rec))

    rec = make_record(paragraphs=["First one.", "Second one."])
    rec["paragraphs"][0]["start"] = 1
    assert ("$.paragraphs[0].start", "paragraphs:cover") in rules_at(record_problems(rec))

    rec = make_record(paragraphs=["First one.", "Second one."])
    rec["paragraphs"][1]["end"] -= 1
    assert ("$.paragraphs[1].end", "paragraphs:cover") in rules_at(record_problems(rec))

    rec = make_record(paragraphs=["First one.", "Second one."])
    rec["paragraphs"] = []
    assert ("$.paragraphs", "paragraphs:cover") in rules_at(record_problems(rec))


def test_overlapping_paragraphs_are_out_of_order() -> None:
    rec = make_record(paragraphs=["First one.", "Second one."])
    rec["paragraphs"][1]["start"] = 5
    assert ("$.paragraphs[1].start", "paragraphs:order") in rules_at(record_problems(rec))


def test_entities_must_not_cross_or_nest() -> None:
    rec = full_record()
    kim = rec["entities"][0]  # "Kim Jong Un" [0:11]
    rec["entities"].insert(
        1, {"start": 4, "end": 15, "text": rec["text"][4:15], "label": "PERSON", "canonical": "x"}
    )
    assert ("$.entities[1].start", "entities:crossing") in rules_at(record_problems(rec))
    rec = full_record()
    rec["entities"].insert(
        1, {"start": 0, "end": 3, "text": "Kim", "label": "PERSON", "canonical": kim["canonical"]}
    )
    problems = record_problems(rec)  # nested: [0:3] inside [0:11]; sorted, [0:11] comes second
    assert rules_at(problems) == {("$.entities[0].start", "entities:crossing")}


def test_entities_and_quotes_must_be_ordered_by_start() -> None:
    rec = full_record()
    rec["entities"].reverse()
    assert ("$.entities[1].start", "entities:order") in rules_at(record_problems(rec))
    rec = full_record()
    rec["quotes"].reverse()
    assert ("$.quotes[1].start", "quotes:order") in rules_at(record_problems(rec))


def test_speaker_may_be_part_of_the_name_or_an_entity_with_that_canonical() -> None:
    rec = make_record(
        paragraphs=['"Fine," said President Trump.'],
        entities=[("Trump", "PERSON", "Donald Trump")],
        quotes=[("Fine,", "President Trump", "Donald Trump", "said")],
    )
    assert record_problems(rec) == []  # overlaps the entity "Trump" -> "Donald Trump"
    rec = make_record(
        paragraphs=['"Fine," said Trump\'s aide.'],
        quotes=[("Fine,", "Trump's", "Donald Trump", "said")],
    )
    assert record_problems(rec) == []  # a possessive of the last name
    rec = make_record(
        paragraphs=['"Fine," said the aide to Trump.'],
        quotes=[("Fine,", "aide", "Donald Trump", "said")],
    )
    assert ("$.quotes[0].speaker_start", "speaker:not_a_mention") in rules_at(record_problems(rec))


def test_schema_and_invariant_are_not_both_reported_for_one_field() -> None:
    problems = record_problems(mutate(["quotes", 0, "start"], -4))
    assert rules_at(problems) == {("$.quotes[0].start", "schema:minimum")}


def test_required_and_unknown_fields_point_at_the_field() -> None:
    rec = full_record()
    del rec["quotes"][1]["attribution"]
    del rec["metadata"]["title"]
    rec["entities"][0]["score"] = 0.9
    found = rules_at(record_problems(rec))
    assert ("$.quotes[1].attribution", "schema:required") in found
    assert ("$.metadata.title", "schema:required") in found
    assert ("$.entities[0].score", "schema:additionalProperties") in found


def test_all_problems_of_a_record_are_reported_at_once() -> None:
    rec = full_record()
    rec["entities"][1]["label"] = "NAME"
    rec["entities"][2]["end"] = 9999
    rec["quotes"][0]["text"] = "nope"
    rec["metadata"]["published_date"] = "2019-13-01"
    found = rules_at(record_problems(rec))
    assert found == {
        ("$.entities[1].label", "schema:enum"),
        ("$.entities[2].end", "span:out_of_range"),
        ("$.quotes[0].text", "span:text_mismatch"),
        ("$.metadata.published_date", "schema:format"),
    }


def test_non_object_record_is_a_schema_problem() -> None:
    assert rules_at(record_problems([1, 2])) == {("$", "schema:type")}


def test_integral_floats_are_usable_offsets() -> None:
    rec = full_record()
    rec["entities"][0]["end"] = 11.0
    assert record_problems(rec) == []


def test_jsonschema_rs_errors_are_worded_the_same_way() -> None:
    rec = mutate(["entities", 1, "label"], "PERSONA")
    [error] = list(fast_validator().iter_errors(rec))
    problem = _rs_problem(error, "f", "1")
    assert (problem.path, problem.rule, problem.value) == (
        "$.entities[1].label",
        "schema:enum",
        "PERSONA",
    )


# -- files ---------------------------------------------------------------------------------


def test_fixture_files_good_and_bad() -> None:
    good = validate_paths([RECORDS / "good.jsonl"])
    assert (good.status, good.records, good.problem_count) == (0, 3, 0)
    bad = validate_paths([RECORDS / "bad.jsonl"])
    assert bad.status == 1
    by_line = {(p.record, p.path, p.rule) for p in bad.problems}
    assert ("2", "$.quotes[0].end", "span:out_of_range") in by_line
    assert ("3", "$", "json:parse") in by_line
    assert ("4", "$.entities[0].label", "schema:enum") in by_line
    assert ("5", "$.metadata.published_date", "schema:format") in by_line
    assert ("6", "$.id", "id:duplicate") in by_line
    assert bad.records == 6 and bad.invalid_records == 5


def test_jsonl_parse_error_is_a_line_problem_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = json.dumps(full_record("a"))
    path.write_bytes(f"{good}\n{{not json\n\n\xff\xfe\n".encode("latin-1"))
    report = validate_paths([path])
    assert report.status == 1 and report.records == 3
    assert [(p.record, p.rule) for p in report.problems] == [
        ("2", "json:parse"),
        ("4", "json:decode"),
    ]


def test_gzipped_jsonl_and_truncated_gzip(tmp_path: Path) -> None:
    data = "".join(json.dumps(full_record(f"d{i}")) + "\n" for i in range(3)).encode()
    path = tmp_path / "r.jsonl.gz"
    path.write_bytes(gzip.compress(data))
    assert validate_paths([path]).status == 0
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(gzip.compress(data)[:-30])
    report = validate_paths([cut])
    assert report.status == 2 and report.errors[0].file == str(cut)


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("missing.jsonl", None, "no such file"),
        ("notes.txt", b"hello", "expected .parquet, .jsonl"),
        ("fake.parquet", b"PAR1 not really", "not a readable Parquet file"),
    ],
)
def test_unreadable_input_is_status_2(
    tmp_path: Path, name: str, content: bytes | None, reason: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    good = write_jsonl(tmp_path / "ok.jsonl", [full_record()])
    report = validate_paths([path, good])
    assert report.status == 2
    assert report.errors[0].file == str(path) and reason in report.errors[0].reason
    assert report.records == 1  # the readable input is still checked


def test_parquet_file_and_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "OUT"
    write_parquet(
        out / "data/articles/train-00000-of-00001.parquet", [full_record("a"), full_record("b")]
    )
    bad = mutate(["entities", 0, "end"], 4000)
    bad["id"] = "c"
    write_parquet(out / "data/articles/test-00000-of-00001.parquet", [bad])
    # a derived config with another schema must not be read as articles
    (out / "data/ner").mkdir(parents=True)
    pq.write_table(pa.table({"tokens": [["a"]]}), out / "data/ner/train-00000-of-00001.parquet")
    report = validate_paths([out])
    assert report.records == 3 and report.status == 1
    assert [(p.record, p.path, p.rule) for p in report.problems] == [
        ("c", "$.entities[0].end", "span:out_of_range")
    ]
    assert all("articles" in f for f in report.files)
    single = validate_paths([out / "data/articles/train-00000-of-00001.parquet"])
    assert (single.status, single.records) == (0, 2)


def test_parquet_with_another_schema_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "other.parquet"
    rec = full_record()
    table = pa.Table.from_pylist([{"id": rec["id"], "text": rec["text"], "extra": 1}])
    pq.write_table(table, path)
    report = validate_paths([path])
    found = {(p.record, p.path, p.rule) for p in report.problems}
    assert ("-", "$.extra", "parquet:schema") in found
    assert ("-", "$.paragraphs", "parquet:schema") in found
    assert ("doc-1", "$.paragraphs", "schema:required") in found


def test_duplicate_ids_within_submission_and_against_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_parquet(
        corpus / "data/articles/train-00000-of-00001.parquet",
        [full_record("old-1"), full_record("old-2")],
    )
    a = write_jsonl(tmp_path / "a.jsonl", [full_record("new-1"), full_record("old-2")])
    b = write_jsonl(tmp_path / "b.jsonl", [full_record("new-1")])
    report = validate_paths([a, b], against=corpus)
    found = {(Path(p.file).name, p.record, p.rule) for p in report.problems}
    assert found == {("a.jsonl", "2", "id:in_corpus"), ("b.jsonl", "1", "id:duplicate")}
    dup = next(p for p in report.problems if p.rule == "id:duplicate")
    assert dup.message == f"id already used by {a}:1" and dup.value == "new-1"
    assert validate_paths([a, b]).problem_count == 1  # without --against only the duplicate


def test_corrections_must_name_records_of_the_corpus(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_parquet(
        corpus / "data/articles/train-00000-of-00001.parquet",
        [full_record("old-1"), full_record("old-2")],
    )
    fixes = write_jsonl(
        tmp_path / "fixes.jsonl",
        [full_record("old-1"), full_record("new-1"), full_record("old-1")],
    )
    report = validate_paths([fixes], against=corpus, corrections=True)
    found = {(p.record, p.rule) for p in report.problems}
    assert found == {("2", "id:not_in_corpus"), ("3", "id:duplicate")}
    # The same records as new articles: the corpus ids are the problem instead.
    report = validate_paths([fixes], against=corpus)
    found = {(p.record, p.rule) for p in report.problems}
    assert found == {("1", "id:in_corpus"), ("3", "id:duplicate"), ("3", "id:in_corpus")}
    with pytest.raises(ValueError, match="against"):
        validate_paths([fixes], corrections=True)


def test_corrections_in_parquet_take_the_columnar_path_and_agree(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_parquet(
        corpus / "data/articles/train-00000-of-00001.parquet",
        [full_record(f"a-{i}") for i in range(5)],
    )
    fixed = tmp_path / "fixed.parquet"
    write_parquet(fixed, [full_record("a-1"), full_record("a-3"), full_record("b-9")])
    for columnar in (True, False):
        report = validate_paths([fixed], against=corpus, corrections=True, columnar=columnar)
        assert [(p.record, p.rule) for p in report.problems] == [("b-9", "id:not_in_corpus")]
    only_known = tmp_path / "known.parquet"
    write_parquet(only_known, [full_record("a-0"), full_record("a-4")])
    report = validate_paths([only_known], against=corpus, corrections=True)
    assert (report.status, report.records) == (0, 2)


def test_corpus_files_are_not_duplicates_of_themselves(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_parquet(corpus / "data/articles/train-00000-of-00001.parquet", [full_record("x")])
    assert validate_paths([corpus], against=corpus).status == 0
    assert validate_paths([tmp_path / "missing"], against=corpus).status == 2
    report = validate_paths([corpus], against=tmp_path / "nowhere")
    assert report.status == 2 and report.errors[0].reason.startswith("--against")


def test_max_problems_keeps_counts(tmp_path: Path) -> None:
    records = [mutate(["entities", 0, "end"], 5000) | {"id": f"r{i}"} for i in range(5)]
    report = validate_paths([write_jsonl(tmp_path / "r.jsonl", records)], max_problems=2)
    assert len(report.problems) == 2 and report.problem_count == 5 and report.truncated
    assert "showing the first 2" in report.summary()


def test_validation_is_deterministic(tmp_path: Path) -> None:
    path = RECORDS / "bad.jsonl"
    assert validate_paths([path]).to_dict() == validate_paths([path]).to_dict()


def test_records_are_not_modified() -> None:
    rec = mutate(["quotes", 0, "end"], 10_000)
    before = copy.deepcopy(rec)
    record_problems(rec)
    assert rec == before


def _random_mutation(rng: random.Random, rec: dict) -> None:
    """One small corruption of the kind a hand edit or an off-by-one bug makes."""
    kind = rng.randrange(6)
    group = rng.choice(["paragraphs", "entities", "quotes"])
    items = rec[group]
    if not items:
        return
    item = rng.choice(items)
    if kind == 0:
        keys = [k for k in item if k.endswith(("start", "end")) and item[k] is not None]
        key = rng.choice(keys)
        item[key] = max(0, item[key] + rng.choice([-3, -1, 1, 2, 40, 500]))
    elif kind == 1 and group == "quotes":
        key = rng.choice(
            ["speaker", "speaker_start", "speaker_end", "cue", "cue_start", "speaker_confidence"]
        )
        item[key] = None
    elif kind == 2 and group != "paragraphs":
        key = rng.choice(["text", "canonical"] if group == "entities" else ["text", "speaker"])
        item[key] = rng.choice(["Kim", "Moon Jae-in", "Kim Jong Un", "a", "Officials"])
    elif kind == 3 and len(items) > 1:
        i, j = rng.sample(range(len(items)), 2)
        items[i], items[j] = items[j], items[i]
    elif kind == 4 and group == "quotes":
        item["paragraph"] = max(0, item["paragraph"] + rng.choice([-1, 1, 3]))
    else:
        at = rng.randrange(len(rec["text"]))
        rec["text"] = rec["text"][:at] + rng.choice(["\n", " ", "x", ""]) + rec["text"][at + 1 :]


def test_fast_path_agrees_with_the_detailed_check() -> None:
    rng = random.Random(7)
    outcomes = {True: 0, False: 0}
    for _ in range(1500):
        rec = full_record()
        for _ in range(rng.randint(1, 2)):
            _random_mutation(rng, rec)
        if not schema_valid(rec):
            continue
        fast = invariants_hold(rec)
        assert fast == (invariant_problems(rec) == []), rec
        outcomes[fast] += 1
    assert outcomes[True] > 50 and outcomes[False] > 500, outcomes


def test_plain_folder_means_its_own_record_files(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "a.jsonl", [full_record("a")])
    write_jsonl(tmp_path / "b.jsonl", [full_record("b")])
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "pages.jsonl").write_text('{"id": "p", "text": "a page"}\n')
    (tmp_path / "notes.txt").write_text("not records")
    report = validate_paths([tmp_path])
    assert report.status == 0 and [Path(f).name for f in report.files] == ["a.jsonl", "b.jsonl"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "not an output folder" in validate_paths([empty]).errors[0].reason


def test_parquet_column_check_matches_the_writer_schema() -> None:
    from corpus_builder.validate.sources import _article_columns

    writer = article_arrow_schema()
    assert [(f.name, f.type) for f in _article_columns()] == [(f.name, f.type) for f in writer]


def test_parquet_written_by_another_tool_with_nullable_columns(tmp_path: Path) -> None:
    path = tmp_path / "loose.parquet"
    rec = full_record()
    rec["metadata"]["published_date"] = dt.date(2019, 9, 10)
    pq.write_table(pa.Table.from_pylist([rec]), path)  # inferred schema: all nullable, int64
    report = validate_paths([path])
    assert {(p.path, p.rule) for p in report.problems} == {
        ("$.metadata", "parquet:schema"),  # all-null columns were inferred as type null
        ("$.source", "parquet:schema"),  # source.fetch_date is all-null too
        ("$.paragraphs", "parquet:schema"),
        ("$.entities", "parquet:schema"),
        ("$.quotes", "parquet:schema"),
    }  # int64 offsets instead of int32; nullability alone is not reported
    assert report.records == 1 and report.invalid_records == 0


def test_nullability_alone_is_not_a_parquet_schema_problem(tmp_path: Path) -> None:
    from corpus_builder.validate.sources import _nullable_all

    strict = article_arrow_schema()
    loose = pa.schema([pa.field(f.name, _nullable_all(f.type)) for f in strict])
    assert not all(a.type.equals(b.type) for a, b in zip(strict, loose, strict=True))
    rec = full_record()
    rec["metadata"]["published_date"] = dt.date(2019, 9, 10)
    path = tmp_path / "loose.parquet"
    pq.write_table(pa.Table.from_pylist([rec], schema=loose), path)
    assert validate_paths([path]).status == 0


def test_confidence_is_given_exactly_when_there_is_a_speaker() -> None:
    rec = full_record()
    quote = rec["quotes"][0]
    for key in ("speaker", "speaker_start", "speaker_end"):
        quote[key] = None
    assert ("$.quotes[0].speaker_confidence", "speaker:confidence") in rules_at(
        record_problems(rec)
    )
    assert not invariants_hold(rec)
    quote["speaker_confidence"] = None
    assert record_problems(rec) == [] and invariants_hold(rec)


def test_a_coordinated_speaker_names_its_shortened_or_tagged_mention() -> None:
    from corpus_builder.validate.invariants import names_speaker

    assert names_speaker("Ford and Fry", "Mike Ford and Martha Fry")
    assert names_speaker("Ada Brenner (D-Ore.) and Sen. Tom Okafor", "Ada Brenner and Tom Okafor")
    assert not names_speaker("Ford and Fry", "Mike Ford and Martha Jones")
    assert not names_speaker("Ford and Fry", "Mike Ford, Ann Lee and Martha Fry")
    assert not names_speaker("Kelly L Clarke", "Kelly L")
