"""A loaded corpus -> a static site: {relative path: bytes}, the same for export and serving.

Pages use relative links only and embed their data (no fetch()), so the exported folder works
from disk (file://). Jinja2 autoescapes every value; JSON embedded in <script> is escaped by
`script_json` so no text in the corpus can end the script block.
"""

from __future__ import annotations

import json
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from .. import __version__
from ..schema import enum_values
from .load import Corpus
from .markup import collect, paragraph_html, slug, speaker_anchor

# Above this many characters of body text the index searches titles only, to keep index.html
# a reasonable size; the page says so.
TEXT_SEARCH_LIMIT = 20_000_000
ARTICLE_DIR = "articles"
STATIC_FILES = ("viewer.css", "viewer.js")

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(obj: Any) -> Markup:
    """JSON safe to place inside <script type="application/json">: no `</script>`, no `<!--`,
    no raw line separators."""
    raw = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup("".join(_JSON_ESCAPES.get(c, c) for c in raw))


def safe_url(uri: str | None) -> str | None:
    """The URI if it is an absolute http(s) URL (safe as a link target), else None."""
    if not uri:
        return None
    try:
        parts = urlsplit(uri)
    except ValueError:
        return None
    return uri if parts.scheme in ("http", "https") and parts.netloc else None


def site_of(article: dict[str, Any]) -> str:
    return (article.get("source") or {}).get("site") or article["metadata"].get("site_name") or ""


def environment() -> jinja2.Environment:
    folder = resources.files("corpus_builder.view") / "templates"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["script_json"] = script_json
    env.filters["speaker_anchor"] = speaker_anchor
    return env


def _static() -> dict[str, bytes]:
    folder = resources.files("corpus_builder.view") / "static"
    return {f"static/{name}": (folder / name).read_bytes() for name in STATIC_FILES}


def article_path(article_id: str) -> str:
    return f"{ARTICLE_DIR}/{slug(article_id)}.html"


def _article_context(a: dict[str, Any]) -> dict[str, Any]:
    text = a["text"]
    anns = collect(a, speakers_href="../speakers.html")
    paragraphs = []
    for i, p in enumerate(a.get("paragraphs") or []):
        s, e = p.get("start"), p.get("end")
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e <= len(text)):
            anns.problems.append(f"paragraph {i}: offsets {s}-{e} are outside the text")
            continue
        paragraphs.append(paragraph_html(text, s, e, anns))
    if not a.get("paragraphs") and text:
        paragraphs.append(paragraph_html(text, 0, len(text), anns))
    entities = a.get("entities") or []
    groups = Counter((e["label"], e["canonical"]) for e in entities)
    labels = sorted({e["label"] for e in entities})
    return {
        "a": a,
        "site": site_of(a),
        "link": safe_url((a.get("source") or {}).get("uri")),
        "paragraphs": paragraphs,
        "quotes": list(enumerate(a.get("quotes") or [])),
        "entity_groups": sorted(groups.items(), key=lambda kv: (-kv[1], kv[0])),
        "labels": labels,
        "problems": anns.problems,
    }


def _neighbour(articles: list[dict[str, Any]], i: int) -> dict[str, str] | None:
    if not 0 <= i < len(articles):
        return None
    a = articles[i]
    return {"href": slug(a["id"]) + ".html", "title": a["metadata"].get("title") or a["id"]}


def _index_entries(articles: list[dict[str, Any]], with_text: bool) -> list[dict[str, Any]]:
    entries = []
    for a in articles:
        meta = a["metadata"]
        quotes = a.get("quotes") or []
        entities = a.get("entities") or []
        search = " ".join(x for x in (meta.get("title"), meta.get("subtitle")) if x)
        if with_text:
            search += "\n" + a["text"]
        entries.append(
            {
                "href": article_path(a["id"]),
                "title": meta.get("title") or a["id"],
                "site": site_of(a),
                "date": meta.get("published_date") or "",
                "quotes": len(quotes),
                "entities": len(entities),
                "speakers": sorted({q["speaker"] for q in quotes if q.get("speaker")}),
                "names": sorted({e["canonical"] for e in entities}),
                "search": search,
            }
        )
    return entries


def _speakers(articles: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Quotes grouped by canonical speaker (most quoted first), and the unattributed ones."""
    by_speaker: dict[str, list[dict[str, Any]]] = {}
    unknown: list[dict[str, Any]] = []
    for a in articles:
        for i, q in enumerate(a.get("quotes") or []):
            item = {
                "href": f"{article_path(a['id'])}#q{i}",
                "title": a["metadata"].get("title") or a["id"],
                "date": a["metadata"].get("published_date") or "",
                "text": q.get("text") or "",
                "cue": q.get("cue"),
                "kind": q.get("kind"),
                "confidence": q.get("speaker_confidence"),
            }
            if q.get("speaker"):
                by_speaker.setdefault(q["speaker"], []).append(item)
            else:
                unknown.append(item)
    speakers = [
        {"name": name, "anchor": speaker_anchor(name), "quotes": items}
        for name, items in sorted(by_speaker.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]
    return speakers, unknown


def render_site(corpus: Corpus) -> dict[str, bytes]:
    """Every page of the viewer, keyed by its relative path (POSIX separators)."""
    env = environment()
    articles = corpus.articles
    common = {
        "corpus_name": corpus.name or corpus.root.resolve().name,
        "manifest": corpus.manifest,
        "viewer_version": __version__,
        "all_labels": enum_values("entities", "label"),
    }
    site: dict[str, bytes] = dict(_static())
    page = env.get_template("article.html")
    for i, a in enumerate(articles):
        # neighbours in index order, as links relative to the articles/ folder
        near = {
            "prev": _neighbour(articles, i - 1),
            "next": _neighbour(articles, i + 1),
        }
        html = page.render(root="../", **common, **near, **_article_context(a))
        site[article_path(a["id"])] = html.encode("utf-8")
    total_text = sum(len(a["text"]) for a in articles)
    with_text = total_text <= TEXT_SEARCH_LIMIT
    entries = _index_entries(articles, with_text)
    site["index.html"] = (
        env.get_template("index.html")
        .render(
            root="",
            **common,
            entries=entries,
            with_text=with_text,
            sites=sorted({e["site"] for e in entries if e["site"]}),
            speaker_names=sorted({s for e in entries for s in e["speakers"]}),
            entity_names=sorted({n for e in entries for n in e["names"]}),
        )
        .encode("utf-8")
    )
    speakers, unknown = _speakers(articles)
    site["speakers.html"] = (
        env.get_template("speakers.html")
        .render(root="", **common, speakers=speakers, unknown=unknown)
        .encode("utf-8")
    )
    return site


# Written into every export: its presence means the folder's article pages are ours to prune.
EXPORT_MARKER = ".corpus-builder-view"


def export_site(site: dict[str, bytes], dest: Path) -> None:
    """Write the site under `dest` (created if needed). Files of the same name are replaced;
    article pages left from an earlier export of this viewer that the corpus no longer has are
    removed, so the export never links stale pages. Nothing else in `dest` is touched."""
    dest = Path(dest)
    stale_dir = dest / ARTICLE_DIR
    if (dest / EXPORT_MARKER).is_file() and stale_dir.is_dir():
        for old in stale_dir.glob("*.html"):
            if f"{ARTICLE_DIR}/{old.name}" not in site:
                old.unlink()
    for rel, data in sorted(site.items()):
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (dest / EXPORT_MARKER).write_text("exported by corpus-builder view\n", encoding="utf-8")
