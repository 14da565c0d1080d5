"""Articles and syndicated near-copies written for the dedup tests (not benchmark pages)."""

from __future__ import annotations

import json
from pathlib import Path

from corpus_builder.write.parquet import split_of

ORIGINAL = [
    "The Harbor City council voted 7-2 on Tuesday to fund a flood barrier along the eastern "
    "docks, ending a debate that has run for nearly three years.",
    "“This is the most important vote this council has taken in a decade,” Mayor Ellen Park "
    "said after the meeting, adding that the barrier would protect more than 4,000 homes.",
    "Opponents argued that the barrier would cost more than the city can afford. Councilman "
    "David Ortiz called the plan “a gamble with other people’s money” and asked for a vote by "
    "residents before any contract is signed.",
    "Construction is expected to begin next spring and to last about two years, according to "
    "the city’s engineering office, which will publish the tender documents in January.",
    "The state has promised to pay a third of the cost if the works start before the end of "
    "next year, a condition that weighed on several members who had doubted the design.",
]

# The same topic, a different article: must never be clustered with ORIGINAL.
SAME_TOPIC = [
    "Bay Town’s council postponed on Wednesday a decision on its own flood wall, saying the "
    "engineers had not answered questions about the cost of maintenance.",
    "Council member Rosa Kim said residents near the river deserved a clear answer before the "
    "winter storms, and asked the mayor to call an extra session in December.",
    "A consultant hired by the town estimated last month that a wall along the river would "
    "cost twice as much as raising the existing embankment by a metre.",
    "The town will hold a public hearing on both options in the library next week.",
]

UNRELATED = [
    "Ana Duarte won her first grand slam title on Saturday, beating the defending champion in "
    "three sets under a closed roof as rain fell over the stadium.",
    "“I dreamed of this since I was six,” Duarte said, holding the trophy, before thanking "
    "her coach and her brother, who taught her to play on a public court in Porto.",
    "She will rise to fourth in the world rankings on Monday, the highest position a player "
    "from her country has reached.",
]


def syndicated(paragraphs: list[str]) -> list[str]:
    """Another site's header and footer, another byline, one paragraph changed."""
    changed = list(paragraphs)
    changed[3] = (
        "Work should start next spring and take about two years, the engineering office said."
    )
    return [
        "Metro Herald | Home | Local | Business | Subscribe",
        "By Jo Ames, Metro Herald staff",
        *changed,
        "Copyright 2024 Metro Herald. All rights reserved. Sign up for our newsletter.",
    ]


def shortened(paragraphs: list[str], share: float = 0.7) -> list[str]:
    words = " ".join(paragraphs).split(" ")
    return [" ".join(words[: int(len(words) * share)])]


def id_in_other_split(base: str, other: str) -> str:
    """An id derived from `base` whose own split differs from the split of `other`."""
    for n in range(1000):
        candidate = f"{base}-{n}"
        if split_of(candidate) != split_of(other):
            return candidate
    raise AssertionError("no id found")


def write_dedup_inputs(folder: Path) -> dict[str, str]:
    """A JSONL file: an original, two near-copies (ids in another split than the original's),
    a same-topic article and an unrelated one. Returns the ids by role."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = {"original": "harbor-vote"}
    ids["syndicated"] = id_in_other_split("herald-copy", ids["original"])
    ids["short"] = id_in_other_split("brief-copy", ids["original"])
    ids["same_topic"] = "baytown-wall"
    ids["unrelated"] = "duarte-title"
    pages = [
        (ids["original"], ORIGINAL),
        (ids["same_topic"], SAME_TOPIC),
        (ids["syndicated"], syndicated(ORIGINAL)),
        (ids["unrelated"], UNRELATED),
        (ids["short"], shortened(ORIGINAL)),
    ]
    lines = [
        json.dumps({"id": pid, "date": "2024-03-05", "paragraphs": paras}, ensure_ascii=False)
        for pid, paras in pages
    ]
    (folder / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ids
