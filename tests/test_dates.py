"""Date strings as pages write them -> ISO YYYY-MM-DD, or None when unknown."""

from __future__ import annotations

import pytest

from corpus_builder.extract.dates import normalise_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-09-10T08:57:40+01:00", "2019-09-10"),
        ("2019-09-10T23:30:00-07:00", "2019-09-10"),  # the publisher's calendar day, not UTC's
        ("2019-09-10T08:57:40Z", "2019-09-10"),
        ("2019-09-10", "2019-09-10"),
        ("20190910", "2019-09-10"),
        ("2019/09/10", "2019-09-10"),
        ("2019.9.1", "2019-09-01"),
        ("September 10, 2019", "2019-09-10"),
        ("Sept. 10 2019", "2019-09-10"),
        ("Sep 10th, 2019", "2019-09-10"),
        ("10 Sep 2019", "2019-09-10"),
        ("10 September, 2019", "2019-09-10"),
        ("Tuesday, 10 September 2019 14:00", "2019-09-10"),
        ("Tue, 10 Sep 2019 14:00:00 GMT", "2019-09-10"),
        ("10.09.2019", "2019-09-10"),
        ("25/12/2019", "2019-12-25"),
        ("12/25/2019", "2019-12-25"),
        ("  2019-09-10  ", "2019-09-10"),
    ],
)
def test_accepted_formats(value: str, expected: str) -> None:
    assert normalise_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "yesterday",
        "2019-02-30",  # no such day
        "2019-13-01",
        "31 Sep 2019",
        "03/04/2019",  # March 4th or April 3rd: unknown, not a guess
        "Published on 2019-09-10 by the desk",  # a sentence, not a date field
        "2019",
        "x" * 500,
    ],
)
def test_rejected_values(value: str | None) -> None:
    assert normalise_date(value) is None
