"""Text dumps whose renderer breaks sentences across lines or glues inline items together.

Pages written here, in the layouts of real renderers: lynx/w3m hard-wrap at 80 columns,
BeautifulSoup's get_text keeps the page source's line breaks (an inline link on a line of
its own), and glues menu items into one line.
"""

from __future__ import annotations

import textwrap

from textdump_inputs import MENU, PARAS, page

from corpus_builder.extract.textdump.extract import extract_textdump
from corpus_builder.extract.textdump.lines import join_continuations, split_lines, wrap_width


def body(content: str) -> list[str]:
    doc = extract_textdump(page(content))
    return [doc.text[s.start : s.end] for s in doc.paragraphs]


def lynx_like(paras: list[str]) -> str:
    """lynx -dump: three-space indent, wrapped at 80 columns, a blank line between paragraphs."""
    wrapped = [textwrap.fill(p, 80, initial_indent="   ", subsequent_indent="   ") for p in paras]
    return (
        "\n".join(MENU) + "\n\nPier repairs\n\n" + "\n\n".join(wrapped) + "\n\n" + "\n".join(MENU)
    )


def test_hard_wrapped_dump_is_read_as_whole_paragraphs() -> None:
    assert body(lynx_like(PARAS)) == PARAS


def test_wrap_width_is_found_only_in_wrapped_dumps() -> None:
    assert 70 < (wrap_width(lynx_like(PARAS).splitlines()) or 0) <= 80
    content = "\n".join(MENU) + "\n\n" + "\n\n".join(PARAS * 6)
    assert wrap_width(content.splitlines()) is None


def test_sentence_broken_at_an_inline_link_is_one_line() -> None:
    # get_text() of "<p>The minister said that\n<a>Boris Johnson</a>\nwould resign, ...</p>"
    broken = (
        "On Monday the minister told reporters that\nBoris Johnson\n"
        "would resign before the end of the week, and that the party would then choose a "
        "new leader.\n\n"
    )
    content = "\n".join(MENU) + "\n\n" + broken + "\n\n".join(PARAS) + "\n\n" + "\n".join(MENU)
    got = body(content)
    assert got[0] == " ".join(broken.split("\n")[:3]).strip()
    assert got[1:] == PARAS


def test_list_items_without_end_punctuation_stay_apart() -> None:
    rows = [
        (r, False)
        for r in ["two ripe pears, peeled", "one lemon or its juice", "a spoon of cinnamon"]
    ]
    assert [r for r, _s, _i in join_continuations(rows)] == [r for r, _ in rows]


def test_menu_lines_are_not_joined() -> None:
    lines = split_lines("\n".join(MENU))
    assert [ln.text for ln in lines] == MENU


def test_page_glued_into_one_line_is_split_where_items_meet() -> None:
    # get_text() of a page whose markup has no line breaks: menu, headline and paragraphs
    # run together on a single line
    glued = "".join(MENU) + "Pier repairs" + "".join(PARAS) + "".join(MENU)
    got = body(glued)
    assert got == PARAS


def test_names_and_identifiers_with_capitals_inside_are_not_split() -> None:
    text = (
        "The new MacBook replaced the old MacBook, and the setRotationAngle call of the "
        "viewer was renamed, said the YouTube presenter who reviewed it for her viewers."
    )
    assert [ln.text for ln in split_lines(text)] == [text]


def test_markdown_link_targets_are_not_read_as_words() -> None:
    linked = [
        PARAS[0].replace("ferry pier", "[ferry pier](https://example.org/news/2021/ferry-pier)"),
        "![The pier in winter](https://example.org/img/pier.jpg)",
        PARAS[1].replace("new pier", "[new pier](/plans/new-pier_(2021))"),
        *PARAS[2:],
    ]
    menu = "\n".join(f"* [{m}](/{m.lower().replace(' ', '-')})" for m in MENU)
    got = body(menu + "\n\n# Pier to stay shut\n\n" + "\n\n".join(linked) + "\n\n" + menu)
    assert got == PARAS
