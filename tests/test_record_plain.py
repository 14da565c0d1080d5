"""`record.plain` is `dataclasses.asdict` for the record's flat dataclasses, without the copies."""

from dataclasses import asdict, dataclass, field

from corpus_builder.record import plain
from corpus_builder.types import Entity, Metadata, Quote


def test_plain_is_asdict_for_the_record_types() -> None:
    values = [
        Entity(3, 9, "Ottawa", "GPE", "Ottawa"),
        Quote(0, 12, "We will go.", 2, "direct", "Mara Voss", 20, 29, "said", 30, 34, "cue", 0.75),
        Quote(0, 5, "Hi.", 0, "partial"),
        Metadata(title="T", authors=["A. B", "C D"], topics=[], language="en"),
    ]
    for value in values:
        got = plain(value)
        assert got == asdict(value)
        assert [type(v) for v in got.values()] == [type(v) for v in asdict(value).values()]


def test_a_list_is_a_copy() -> None:
    meta = Metadata(authors=["A. B"])
    got = plain(meta)
    got["authors"].append("x")
    assert meta.authors == ["A. B"]


@dataclass
class _Inner:
    n: int


@dataclass
class _Nested:
    inner: _Inner
    pairs: list[tuple[int, int]] = field(default_factory=list)
    tags: tuple[str, ...] = ()


def test_other_values_go_through_asdict() -> None:
    value = _Nested(_Inner(1), [(1, 2)], ("a",))
    assert plain(value) == asdict(value) == {"inner": {"n": 1}, "pairs": [(1, 2)], "tags": ("a",)}
