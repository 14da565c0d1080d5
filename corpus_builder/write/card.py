"""The dataset card `OUT/README.md`: YAML front matter (configs, dataset_info, license...) built
with `datasets`' own writers from the same Features as the Parquet files, and prose sections
rendered from the Jinja2 template `dataset_card.md`, with the field tables generated from
`schema/article.schema.json`. `check_card` re-reads a written card and checks it locally,
because the Hub's YAML validator cannot be reached offline.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import yaml

from ..schema import article_features, article_schema

# Both are symlinks into the checkout (dataset_card.md, benchmarks/figures.json) that a wheel
# carries as real files, so an installed package renders the same card as a checkout.
DEFAULT_TEMPLATE = Path(__file__).resolve().parents[1] / "resources" / "dataset_card.md"
DEFAULT_FIGURES = Path(__file__).resolve().parents[1] / "resources" / "figures.json"
CONFIG_ORDER = ("articles", "ner", "quotes")
EXAMPLE_TEXT_CHARS = 400
EXAMPLE_LIST_ITEMS = 3
# Section headings the card must contain (legacy `datasets` template names, see the findings).
REQUIRED_SECTIONS = (
    "Dataset Summary",
    "Supported Tasks and Leaderboards",
    "Languages",
    "Data Instances",
    "Data Fields",
    "Data Splits",
    "Curation Rationale",
    "Source Data",
    "Annotation process",
    "Personal and Sensitive Information",
    "Discussion of Biases",
    "Other Known Limitations",
    "Licensing Information",
    "Citation Information",
)
REQUIRED_KEYS = (
    "license",
    "language",
    "pretty_name",
    "size_categories",
    "task_categories",
    "configs",
    "dataset_info",
)


def config_features() -> dict[str, Any]:
    """`datasets.Features` of every config the builder writes."""
    from .derived import NER_FEATURES, QUOTE_FEATURES

    return {"articles": article_features(), "ner": NER_FEATURES, "quotes": QUOTE_FEATURES}


def size_category(n: int) -> str:
    """The `size_categories` bucket of n examples (the names `datasets` ships)."""
    if n < 1_000:
        return "n<1K"
    names = _resource("size_categories.json")
    # Buckets grow by 10x: names[2] is 1K<n<10K, i.e. 10**3 <= n < 10**4.
    return names[min(len(str(n)) - 2, len(names) - 1)]


def _resource(name: str) -> Any:
    ref = resources.files("datasets.utils") / "resources" / name
    return json.loads(ref.read_text(encoding="utf-8"))


def _md(text: str) -> str:
    """A table cell: pipes escaped, no line breaks."""
    return text.replace("|", "\\|").replace("\n", " ")


def _schema_type(node: dict[str, Any]) -> str:
    t = node.get("type")
    types = t if isinstance(t, list) else [t]
    base = next(x for x in types if x != "null")
    if base == "array":
        item = node["items"]
        name = "struct" if item.get("type") == "object" else _schema_type(item)
        out = f"list<{name}>"
    elif base == "object":
        out = "struct"
    elif base == "string" and node.get("format") == "date":
        out = "date"
    elif base == "integer":
        out = "int32" if node.get("maximum", 2**63) < 2**31 else "int64"
    else:
        out = base
    return out + (" (nullable)" if "null" in types else "")


def _schema_rows(props: dict[str, Any], prefix: str = "") -> Iterator[dict[str, str]]:
    for name, node in props.items():
        path = f"{prefix}{name}"
        desc = node.get("description", "")
        if "enum" in node:
            desc += " One of: " + ", ".join(f"`{v}`" for v in node["enum"]) + "."
        yield {"name": path, "type": _schema_type(node), "description": _md(desc)}
        if node.get("type") == "object":
            yield from _schema_rows(node["properties"], f"{path}.")
        elif node.get("type") == "array" and node["items"].get("type") == "object":
            yield from _schema_rows(node["items"]["properties"], f"{path}[].")


def article_field_rows() -> list[dict[str, str]]:
    """Rows of the articles field table, one per (nested) property of the JSON Schema."""
    return list(_schema_rows(article_schema()["properties"]))


def _feature_type(feature: Any) -> str:
    from datasets import ClassLabel, List, Value

    if isinstance(feature, Value):
        return feature.dtype
    if isinstance(feature, ClassLabel):
        return f"class label ({feature.num_classes} names)"
    if isinstance(feature, List):
        return f"list<{_feature_type(feature.feature)}>"
    if isinstance(feature, dict):
        return "struct{" + ", ".join(f"{k}: {_feature_type(v)}" for k, v in feature.items()) + "}"
    return type(feature).__name__


def derived_field_rows(config: str) -> list[dict[str, str]]:
    from .derived import NER_DESCRIPTIONS, QUOTE_DESCRIPTIONS

    descriptions = {"ner": NER_DESCRIPTIONS, "quotes": QUOTE_DESCRIPTIONS}[config]
    features = config_features()[config]
    return [
        {"name": name, "type": _feature_type(feat), "description": _md(descriptions[name])}
        for name, feat in features.items()
    ]


def _abridge(value: Any, depth: int = 0) -> Any:
    if isinstance(value, dict):
        return {k: _abridge(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_abridge(v, depth + 1) for v in value[:EXAMPLE_LIST_ITEMS]]
    if isinstance(value, str) and depth == 1 and len(value) > EXAMPLE_TEXT_CHARS:
        return value[:EXAMPLE_TEXT_CHARS] + "…"
    return value


def example_json(record: dict[str, Any]) -> str:
    """The record as pretty JSON, `text` cut and lists shortened so the card stays readable."""
    return json.dumps(_abridge(record), indent=2, ensure_ascii=False, default=str)


def load_figures(path: Path | None) -> list[dict[str, Any]]:
    """Measured accuracy figures: `{"figures": [{"task", "benchmark", "metric", "value", ...}]}`
    or a bare list of such objects. Missing file -> []."""
    if path is None or not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: not valid JSON: {exc}") from exc
    figures = data.get("figures") if isinstance(data, dict) else data
    if not isinstance(figures, list) or not all(isinstance(f, dict) for f in figures):
        raise ValueError(f"{path}: expected a list of figure objects under 'figures'")
    for i, fig in enumerate(figures):
        missing = {"task", "metric", "value"} - set(fig)
        if missing:
            raise ValueError(f"{path}: figure {i} lacks {sorted(missing)}")
    return figures


def _uncompressed(path: Path) -> int:
    meta = pq.ParquetFile(path).metadata
    return sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))


def _card_data(
    stats: dict[str, Any],
    configs: dict[str, dict[str, int]],
    provenance: dict[str, Any],
    out_dir: Path,
) -> Any:
    from datasets import DatasetInfo
    from datasets.info import DatasetInfosDict
    from datasets.splits import SplitDict, SplitInfo
    from datasets.utils.metadata import MetadataConfigs
    from huggingface_hub import DatasetCardData

    languages = [lang for lang, _ in stats["languages"] if lang != "unknown"]
    unknown = set(configs) - set(CONFIG_ORDER)
    if unknown:
        raise ValueError(f"unknown config(s) {sorted(unknown)}; known: {list(CONFIG_ORDER)}")
    license_id = provenance.get("license", "other")
    data = DatasetCardData(
        license=license_id,
        # None values are left out of the YAML.
        license_name=provenance.get("license_name", "news-articles-mixed")
        if license_id == "other"
        else None,
        language=languages or None,
        pretty_name=provenance.get("pretty_name", "News Articles with Quotes and Entities"),
        task_categories=["token-classification", "text-classification"],
        task_ids=["named-entity-recognition"],
        size_categories=[size_category(stats["articles"])],
        annotations_creators=["machine-generated"],
        language_creators=["found"],
        multilinguality=["monolingual" if len(languages) <= 1 else "multilingual"],
        source_datasets=["original"],
        tags=["news", "quotes", "quote-attribution", "named-entities"],
    )
    features = config_features()
    meta: dict[str, Any] = {}
    infos = {}
    for config in CONFIG_ORDER:
        splits = {s: n for s, n in configs.get(config, {}).items() if n > 0}
        if not splits:
            continue
        meta[config] = {
            "data_files": [{"split": s, "path": f"data/{config}/{s}-*.parquet"} for s in splits],
        }
        if config == "articles":
            meta[config]["default"] = True
        files = sorted((out_dir / "data" / config).glob("*.parquet"))
        # num_bytes: uncompressed Parquet size from the footers (cheap; the Hub recomputes it).
        size = {
            s: sum(_uncompressed(f) for f in files if f.name.startswith(f"{s}-")) for s in splits
        }
        infos[config] = DatasetInfo(
            features=features[config],
            config_name=config,
            splits=SplitDict(
                {s: SplitInfo(name=s, num_examples=n, num_bytes=size[s]) for s, n in splits.items()}
            ),
            download_size=sum(f.stat().st_size for f in files),
            dataset_size=sum(size.values()),
        )
    MetadataConfigs(meta).to_dataset_card_data(data)
    DatasetInfosDict(infos).to_dataset_card_data(data)
    return data


def render_card(
    out_dir: Path,
    template: Path,
    stats: dict[str, Any],
    example: dict[str, Any],
    configs: dict[str, dict[str, int]],
    provenance: dict[str, Any],
    figures_path: Path | None = DEFAULT_FIGURES,
) -> str:
    """Write `out_dir/README.md` and return its text.

    `configs` maps config -> split -> rows (splits with 0 rows are left out of the YAML);
    `provenance` holds `builder_version` and `models` (name==version strings) and optionally
    `license`, `license_name`, `pretty_name`, `repo_id`. `stats` comes from
    `stats.compute_stats`, plus `ner_alignment` (NerStats counts) when known; the plot is
    linked when `out_dir/<stats.PLOT_NAME>` exists, so draw it first."""
    from huggingface_hub import DatasetCard

    from .stats import PLOT_NAME

    if not template.is_file():
        raise FileNotFoundError(f"dataset card template {template} does not exist")
    data = _card_data(stats, configs, provenance, out_dir)
    split_names = [
        s for s in ("train", "validation", "test") if any(s in configs.get(c, {}) for c in configs)
    ]
    card = DatasetCard.from_template(
        data,
        template_path=str(template),
        stats=stats,
        provenance=provenance,
        example_json=example_json(example),
        article_fields=article_field_rows(),
        ner_fields=derived_field_rows("ner"),
        quote_fields=derived_field_rows("quotes"),
        split_names=split_names,
        split_table=[
            {"config": c, "counts": [configs.get(c, {}).get(s, 0) for s in split_names]}
            for c in CONFIG_ORDER
            if c in configs
        ],
        figures=load_figures(figures_path),
        plot_path=PLOT_NAME if (out_dir / PLOT_NAME).is_file() else None,
        repo_id=provenance.get("repo_id"),
        ner_alignment=stats.get("ner_alignment"),
    )
    text = str(card).rstrip("\n") + "\n"
    (out_dir / "README.md").write_text(text, encoding="utf-8")
    return text


def _front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    m = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    if not m:
        return None, text
    return yaml.safe_load(m.group(1)), m.group(2)


def _loose(t: Any) -> Any:
    """The Arrow type with every field nullable: `datasets` Features are always nullable while
    the builder's Parquet marks required fields non-null, and only the types matter here."""
    import pyarrow as pa

    if pa.types.is_struct(t):
        return pa.struct([pa.field(f.name, _loose(f.type)) for f in t])
    if pa.types.is_list(t):
        return pa.list_(_loose(t.value_type))
    if pa.types.is_large_list(t):
        return pa.large_list(_loose(t.value_type))
    return t


def _check_features(card_dir: Path, data: dict[str, Any]) -> list[str]:
    from datasets import Features
    from datasets.info import DatasetInfosDict
    from huggingface_hub import DatasetCardData

    from ..write.parquet import SPLITS

    problems = []
    infos = DatasetInfosDict.from_dataset_card_data(DatasetCardData(**data))
    configs = {c["config_name"]: c for c in data.get("configs") or []}
    if set(infos) != set(configs):
        problems.append(
            f"dataset_info configs {sorted(infos)} differ from configs {sorted(configs)}"
        )
    for name, config in configs.items():
        declared = infos.get(name)
        rows: dict[str, int] = {}
        for entry in config.get("data_files") or []:
            split, pattern = entry.get("split"), entry.get("path")
            if split not in SPLITS:
                problems.append(f"config {name}: split {split!r} is not one of {SPLITS}")
            files = sorted(card_dir.glob(pattern or "<none>"))
            if not files:
                problems.append(f"config {name}: data_files path {pattern!r} matches no file")
            rows[split] = 0
            for f in files:
                schema = pq.read_schema(f)
                rows[split] += pq.ParquetFile(f).metadata.num_rows
                if declared is None or declared.features is None:
                    continue
                actual = Features.from_arrow_schema(schema)
                rel = f.relative_to(card_dir)
                if actual != declared.features:
                    extra = sorted(set(declared.features) - set(actual))
                    missing = sorted(set(actual) - set(declared.features))
                    problems.append(
                        f"config {name}: YAML features differ from {rel}"
                        + (
                            f"; columns only in YAML (would load as all-null): {extra}"
                            if extra
                            else ""
                        )
                        + (f"; columns missing from YAML: {missing}" if missing else "")
                    )
                elif [_loose(t) for t in declared.features.arrow_schema.types] != [
                    _loose(t) for t in schema.types
                ]:
                    problems.append(f"config {name}: Arrow types of {rel} differ from the YAML")
        if declared is not None and declared.splits:
            for split, info in declared.splits.items():
                if rows.get(split) != info.num_examples:
                    problems.append(
                        f"config {name}: YAML says {info.num_examples} {split} rows, "
                        f"the files hold {rows.get(split)}"
                    )
    defaults = [n for n, c in configs.items() if c.get("default")]
    if len(defaults) > 1:
        problems.append(f"more than one default config: {defaults}")
    return problems


def check_card(path: Path) -> list[str]:
    """Problems with a written card, [] when none: YAML keys and enum values (against the
    resource files `datasets` ships), configs whose globs match files, `dataset_info`
    features and row counts equal to the Parquet files, required sections present."""
    if not path.is_file():
        return [f"{path}: no such file"]
    text = path.read_text(encoding="utf-8")
    try:
        data, body = _front_matter(text)
    except yaml.YAMLError as exc:
        return [f"{path}: YAML front matter does not parse: {exc}"]
    if not isinstance(data, dict):
        return [f"{path}: no YAML front matter block (--- ... ---) holding a mapping"]
    problems = [f"missing YAML key {k!r}" for k in REQUIRED_KEYS if not data.get(k)]
    allowed = {
        "size_categories": _resource("size_categories.json"),
        "annotations_creators": _resource("creators.json")["annotations"],
        "language_creators": _resource("creators.json")["language"],
        "multilinguality": list(_resource("multilingualities.json")),
        "language": list(_resource("languages.json")),
    }
    for key, values in allowed.items():
        given = data.get(key) or []
        for value in given if isinstance(given, list) else [given]:
            if value not in values:
                problems.append(f"{key}: {value!r} is not a known value")
    if data.get("license") == "other" and not data.get("license_name"):
        problems.append("license 'other' needs a license_name")
    for section in REQUIRED_SECTIONS:
        if not re.search(rf"^#+ {re.escape(section)}\s*$", body, re.M):
            problems.append(f"missing section {section!r}")
    if "[More Information Needed]" in body:
        problems.append("the card still has [More Information Needed] placeholders")
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", body):
        if "://" not in image and not (path.parent / image).is_file():
            problems.append(f"image {image!r} does not exist next to the card")
    try:
        problems += _check_features(path.parent, data)
    except (ValueError, TypeError, KeyError) as exc:
        problems.append(f"dataset_info/configs cannot be read: {type(exc).__name__}: {exc}")
    return problems
