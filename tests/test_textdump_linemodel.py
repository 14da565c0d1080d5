"""The learned line model of text-dump extraction: features, the sure-corrections rule, the
shipped model file, and a dump of our own whose body the rules alone cut short."""

from __future__ import annotations

import numpy as np
from textdump_inputs import MENU, PARAS, page

from corpus_builder.extract.textdump import linemodel
from corpus_builder.extract.textdump.body import closed_lines, find_body, rule_body
from corpus_builder.extract.textdump.extract import extract_textdump
from corpus_builder.extract.textdump.lines import split_lines


def test_features_have_one_row_per_line_and_see_the_neighbours() -> None:
    content = "\n".join(MENU) + "\n\n" + "\n\n".join(PARAS) + "\n\n" + "\n".join(MENU)
    lines = split_lines(content)
    rule = rule_body(lines)
    x = linemodel.line_features(lines, rule.classes, rule.values, (rule.start, rule.end), rule.kept)
    names = linemodel.feature_names()
    assert x.shape == (len(lines), len(names))
    assert np.isfinite(x).all()
    kept = names.index("kept")
    before = names.index("kept@-1")
    # the line after the first paragraph sees that paragraph as its kept predecessor
    first = rule.kept[0]
    assert x[first, kept] == 1.0 and x[first + 1, before] == 1.0
    # menu lines repeated at top and bottom of the dump count their repetition
    assert x[0, names.index("log_repeats")] > 0.0
    assert x[first, names.index("log_repeats")] == 0.0


def test_corrections_only_where_the_model_is_sure_and_never_into_closed_lines() -> None:
    prob = np.array([0.95, 0.3, 0.05, 0.99, 0.6])
    kept = [1, 2]
    closed = [False, False, False, True, False]
    # line 0: out, sure -> in; 1: kept, unsure -> stays; 2: kept, sure not -> out;
    # 3: sure, but closed (template boilerplate, after a comments heading) -> out; 4: unsure
    assert linemodel.corrected(prob, kept, closed, drop_below=0.1, add_above=0.9) == [0, 1]


def test_lines_after_a_comments_heading_are_closed() -> None:
    content = "\n\n".join(PARAS) + "\n\n12 Comments\n\n" + PARAS[0].replace("harbour", "river")
    lines = split_lines(content)
    rule = rule_body(lines)
    closed = closed_lines(lines, rule)
    assert not any(closed[i] for i in rule.kept)
    assert closed[-1]


def test_packaged_model_loads_and_matches_the_features() -> None:
    model = linemodel.packaged_model()
    assert model is not None
    assert list(model.names) == linemodel.feature_names()
    assert 0.0 <= model.drop_below < 0.5 < model.add_above
    lines = split_lines("\n".join(MENU) + "\n\n" + "\n\n".join(PARAS))
    rule = rule_body(lines)
    x = linemodel.line_features(lines, rule.classes, rule.values, (rule.start, rule.end), rule.kept)
    p = model.predict(x)
    assert p.shape == (len(lines),) and ((p >= 0) & (p <= 1)).all()
    # article paragraphs read as article text, menu items do not
    assert min(p[i] for i in rule.kept) > 0.5
    assert max(p[i] for i in range(len(MENU))) < 0.5


def test_rules_alone_when_asked() -> None:
    lines = split_lines("\n".join(MENU) + "\n\n" + "\n\n".join(PARAS))
    rule = rule_body(lines)
    assert find_body(lines, model=None).kept == rule.kept


def test_extract_textdump_still_finds_the_body() -> None:
    content = "\n".join(MENU) + "\n\n" + "\n\n".join(PARAS) + "\n\n" + "\n".join(MENU)
    doc = extract_textdump(page(content))
    assert [doc.text[s.start : s.end] for s in doc.paragraphs] == PARAS


def _prose_model() -> linemodel.LineModel:
    """A stand-in model that is sure exactly about the lines the rules call prose."""
    names = linemodel.feature_names()
    d = len(names)
    w1 = np.zeros((d, 1))
    w1[names.index("prose"), 0] = 1.0
    return linemodel.LineModel(
        names=tuple(names),
        mean=np.full(d, 0.5),
        scale=np.ones(d),
        w1=w1,
        b1=np.zeros(1),
        w2=np.array([40.0]),
        b2=0.0,
        drop_below=0.05,
        add_above=0.95,
    )


def test_the_model_takes_in_a_paragraph_the_rules_cut_off() -> None:
    # four ad slots after the first paragraph split the rule run; the first paragraph is lost
    ads = "\n\n".join(["Advertisement"] * 4)
    content = (
        "\n".join(MENU)
        + f"\n\n{PARAS[0]}\n\n{ads}\n\n"
        + "\n\n".join(PARAS[1:])
        + "\n\n"
        + "\n".join(MENU)
    )
    lines = split_lines(content)
    rules = [lines[i].text for i in find_body(lines, model=None).kept]
    assert rules == PARAS[1:]
    got = [lines[i].text for i in find_body(lines, model=_prose_model()).kept]
    # the lost paragraph is taken back in, the ad slots stay out
    assert got == PARAS
