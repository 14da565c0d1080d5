"""Text dumps of HTML pages from five real renderers, cached on disk, for the extraction matrix.

A text dump is what a crawler that saved "the page as text" gives us. Each renderer lays the
same page out differently: Chromium's innerText (block breaks, inline runs glued), lynx and w3m
(hard-wrapped at 80 columns, so one sentence spans several lines), inscriptis (indented, bulleted)
and BeautifulSoup's get_text() with no separator (inline items glued, the seed's menu lines).

  .venv/bin/python benchmarks/renderers.py [--sets a,b] [--renderers r1,r2] [--limit N]

fills the cache /tmp/body-dumps/<renderer>/<set>/<page>.txt (run it once, in the background:
rendering is slow); `benchmarks/extraction.py --matrix` reads the same cache and renders what
is missing. Nothing here touches the network: Chromium runs with JavaScript off and every
request aborted.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

CACHE = Path("/tmp/body-dumps")
RENDERERS = ("chromium", "lynx", "w3m", "inscriptis", "bs4")
# Not in the matrix's five, never used for training: a renderer the code has not seen, for the
# held-out check of benchmarks/textdump_lines.py (`--unseen markdown`).
EXTRA_RENDERERS = ("markdown",)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
TIMEOUT_S = 30


def cache_path(renderer: str, set_name: str, page_id: str) -> Path:
    safe = hashlib.sha256(page_id.encode("utf-8")).hexdigest()[:24]
    return CACHE / renderer / set_name / f"{safe}.txt"


def _pipe(cmd: list[str], html: str) -> str:
    try:
        res = subprocess.run(
            cmd, input=html.encode("utf-8"), capture_output=True, timeout=TIMEOUT_S, check=False
        )
    except subprocess.TimeoutExpired:
        return ""
    return res.stdout.decode("utf-8", errors="replace")


def lynx(html: str) -> str:
    return _pipe(
        [
            "lynx", "-dump", "-nolist", "-stdin", "-force_html",
            "-assume_charset=utf-8", "-display_charset=utf-8",
        ],
        html,
    )  # fmt: skip


def w3m(html: str) -> str:
    return _pipe(["w3m", "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8"], html)


def inscriptis_text(html: str) -> str:
    from inscriptis import get_text

    try:
        return get_text(html)
    except Exception:  # noqa: BLE001 - a renderer that fails on a page yields no dump
        return ""


def bs4_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    return soup.get_text()


_MD_BLOCKS = {
    "p", "div", "section", "article", "header", "footer", "nav", "aside", "main", "table",
    "tr", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "figure", "figcaption", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "hr",
}  # fmt: skip


_SPACE = re.compile(r"\s+")
_BLANKS = re.compile(r"\n{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def markdown_text(html: str) -> str:
    """An html2text-like Markdown rendering: "# " headings, "* " list items, [text](href) links,
    *emphasis*, paragraphs apart by a blank line, text nodes otherwise kept as they are."""
    from lxml import html as lxml_html

    try:
        root = lxml_html.fromstring(_CONTROL.sub("", html))
    except Exception:  # noqa: BLE001 - a page lxml cannot read yields no dump
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template|//head"):
        bad.drop_tree()
    out: list[str] = []

    def walk(el) -> None:  # noqa: ANN001
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag in _MD_BLOCKS
        if block:
            out.append("\n\n" if tag not in ("li", "br", "tr", "dt", "dd") else "\n")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            out.append("#" * int(tag[1]) + " ")
        elif tag == "li":
            out.append("  * ")
        elif tag in ("em", "i", "strong", "b"):
            out.append("*" if tag in ("em", "i") else "**")
        elif tag == "a":
            out.append("[")
        if el.text:
            out.append(_SPACE.sub(" ", el.text) if tag != "pre" else el.text)
        for child in el:
            walk(child)
            if child.tail:
                out.append(_SPACE.sub(" ", child.tail))
        if tag in ("em", "i", "strong", "b"):
            out.append("*" if tag in ("em", "i") else "**")
        elif tag == "a":
            href = el.get("href") or ""
            out.append(f"]({href})" if href else "]")
        if block:
            out.append("\n")

    walk(root)
    text = "".join(out)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip() + "\n"


class Chromium:
    """One headless browser for many pages: JavaScript off, every request aborted."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self._context = self._browser.new_context(java_script_enabled=False)
        self._context.route("**/*", lambda route: route.abort())
        self._page = self._context.new_page()

    def __call__(self, html: str) -> str:
        try:
            self._page.set_content(html, wait_until="domcontentloaded", timeout=TIMEOUT_S * 1000)
            return self._page.evaluate("() => document.body ? document.body.innerText : ''")
        except Exception:  # noqa: BLE001 - a page the browser cannot show yields no dump
            self._page.close()
            self._page = self._context.new_page()
            return ""

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()


def renderer(name: str) -> Callable[[str], str]:
    if name == "chromium":
        return Chromium()
    return {
        "lynx": lynx,
        "w3m": w3m,
        "inscriptis": inscriptis_text,
        "bs4": bs4_text,
        "markdown": markdown_text,
    }[name]


def dumps(name: str, set_name: str, pages: Iterable[tuple[str, str]]) -> dict[str, str]:
    """{page id: dump} for (id, html) pairs, rendering (and caching) only what is missing."""
    out: dict[str, str] = {}
    todo = []
    for pid, html in pages:
        path = cache_path(name, set_name, pid)
        if path.exists():
            out[pid] = path.read_text(encoding="utf-8")
        else:
            todo.append((pid, html, path))
    if todo:
        render = renderer(name)
        try:
            for pid, html, path in todo:
                text = render(html)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                out[pid] = text
        finally:
            if isinstance(render, Chromium):
                render.close()
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from extraction_matrix import SETS, load_set  # noqa: PLC0415

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--renderers", default=",".join(RENDERERS))
    ap.add_argument("--limit", type=int, default=None)
    a = ap.parse_args(argv)
    for set_name in a.sets.split(","):
        recs = load_set(set_name, a.limit)
        for name in a.renderers.split(","):
            got = dumps(name, set_name, ((r["id"], r["html"]) for r in recs))
            empty = sum(1 for t in got.values() if not t.strip())
            print(f"{name:<10} {set_name:<12} {len(got)} dumps ({empty} empty)", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
