"""Read the article records of a built corpus folder (`OUT/data/articles/*.parquet`)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import yaml

from ..write.parquet import from_arrow_row

_SHARD = re.compile(r"^(?P<split>[A-Za-z0-9_]+)-\d+-of-\d+\.parquet$")
REQUIRED_COLUMNS = ("id", "metadata", "text", "paragraphs", "entities", "quotes", "source")


class CorpusError(Exception):
    """The folder is not a readable built corpus; the message names the path and the reason."""


@dataclass
class Corpus:
    root: Path
    articles: list[dict[str, Any]]  # records as JSON-shaped dicts, plus "split"
    manifest: dict[str, Any] = field(default_factory=dict)
    name: str = ""  # the card's `pretty_name`, else the folder name


def article_files(root: Path) -> list[Path]:
    folder = root / "data" / "articles"
    if not root.is_dir():
        raise CorpusError(f"{root}: not a folder")
    if not folder.is_dir():
        raise CorpusError(f"{root}: no data/articles/ folder (is this a built corpus?)")
    files = sorted(p for p in folder.iterdir() if p.suffix == ".parquet")
    if not files:
        raise CorpusError(f"{folder}: no .parquet files")
    return files


def load_corpus(root: Path | str) -> Corpus:
    """All articles of the corpus at `root`, ordered by date (newest first), then title and id."""
    root = Path(root)
    articles: list[dict[str, Any]] = []
    for path in article_files(root):
        m = _SHARD.match(path.name)
        split = m.group("split") if m else path.stem
        try:
            table = pq.read_table(path)
        except Exception as exc:  # pyarrow raises several types for bad files
            raise CorpusError(f"{path}: not a readable Parquet file ({exc})") from exc
        missing = [c for c in REQUIRED_COLUMNS if c not in table.column_names]
        if missing:
            raise CorpusError(f"{path}: not an articles file, missing columns {missing}")
        for row in table.to_pylist():
            articles.append({**from_arrow_row(row), "split": split})
    seen: set[str] = set()
    for a in articles:
        if a["id"] in seen:
            raise CorpusError(f"{root}: id {a['id']!r} occurs more than once")
        seen.add(a["id"])
    articles.sort(key=lambda a: ((a["metadata"].get("title") or "").casefold(), a["id"]))
    # Newest first, undated last; the sort is stable, so ties keep title order.
    articles.sort(key=lambda a: a["metadata"].get("published_date") or "", reverse=True)
    return Corpus(root=root, articles=articles, manifest=_manifest(root), name=_card_name(root))


def _manifest(root: Path) -> dict[str, Any]:
    path = root / "manifest.json"
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError(f"{path}: not valid JSON ({exc})") from exc
    return data if isinstance(data, dict) else {}


def _card_name(root: Path) -> str:
    """`pretty_name` from the dataset card's YAML front matter; the folder name without one.
    A card that cannot be parsed only costs the nicer name, so errors fall back quietly."""
    fallback = root.resolve().name
    try:
        text = (root / "README.md").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return fallback
    if not text.startswith("---"):
        return fallback
    end = text.find("\n---", 3)
    if end < 0:
        return fallback
    try:
        data = yaml.safe_load(text[3:end])
    except yaml.YAMLError:
        return fallback
    name = data.get("pretty_name") if isinstance(data, dict) else None
    return name if isinstance(name, str) and name.strip() else fallback
