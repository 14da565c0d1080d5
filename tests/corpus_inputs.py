# ruff: noqa: E501  (the page text below is data, kept as one line per rendered line)
"""Small mixed input folders for build tests, written to disk (no mocks of the readers)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from conftest import SEED

SECOND_DUMP = """ date 2022-05-17 Skip to content
Subscribe
Log in
Harbor Times
Local
Harbor Council Approves New Flood Barrier After Long Debate
By Maria Lopez and Tom Reed
May 17, 2022
The Harbor City council voted 7-2 on Tuesday to fund a flood barrier along the eastern docks, ending a debate that has run for nearly three years.
“This is the most important vote this council has taken in a decade,” Mayor Ellen Park said after the meeting.
Opponents argued that the barrier would cost more than the city can afford. Councilman David Ortiz called the plan “a gamble with other people’s money.”
Construction is expected to begin next spring and to last about two years, according to the city’s engineering office.
Share this:
Facebook
Twitter
Most Read
Five Things To Do This Weekend
Harbor Times 2022 All rights reserved
"""


def write_inputs(folder: Path, with_bad: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(SEED, folder / SEED.name)
    (folder / "harbor.txt").write_text(SECOND_DUMP, encoding="utf-8")
    pages = [
        {
            "id": "jl-1",
            "url": "https://news.example.org/a",
            "date": "2023-01-05",
            "paragraphs": [
                "“We will not back down,” said Governor Amy Chen on Monday.",
                "The state legislature meets again in March.",
            ],
        },
        {
            "id": "jl-2",
            "paragraphs": [
                "Le gouvernement a annoncé mardi une nouvelle réforme "
                "des retraites, suscitant de vives critiques des syndicats."
            ],
        },
    ]
    lines = [json.dumps(p, ensure_ascii=False) for p in pages]
    if with_bad:
        lines += ["{broken", json.dumps({"id": "jl-1", "paragraphs": ["Duplicate id here."]})]
    (folder / "pages.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if with_bad:
        (folder / "empty.txt").write_text("")
    return folder
