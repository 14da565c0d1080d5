"""`OUT/croissant.json`: Croissant (JSON-LD) metadata for the Parquet configs, built with
mlcroissant from the same `datasets.Features` as the files, so any Croissant reader can load the
folder. File sets resolve relative to the JSON-LD's folder (no `containedIn`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..schema import article_schema
from .card import CONFIG_ORDER, config_features

CROISSANT_NAME = "croissant.json"
# Parquet MIME type understood by mlcroissant's readers.
PARQUET = "application/x-parquet"


def _descriptions() -> dict[str, dict[str, str]]:
    """Field path (dots for struct members) -> description, per config."""
    from .derived import NER_DESCRIPTIONS, QUOTE_DESCRIPTIONS

    def walk(props: dict[str, Any], prefix: str, out: dict[str, str]) -> dict[str, str]:
        for name, node in props.items():
            out[prefix + name] = node.get("description", "")
            inner = node["items"] if node.get("type") == "array" else node
            if inner.get("type") == "object":
                walk(inner["properties"], f"{prefix}{name}.", out)
        return out

    return {
        "articles": walk(article_schema()["properties"], "", {}),
        "ner": dict(NER_DESCRIPTIONS),
        "quotes": dict(QUOTE_DESCRIPTIONS),
    }


def _data_type(feature: Any) -> Any:
    import mlcroissant as mlc
    from datasets import ClassLabel, Value

    if isinstance(feature, ClassLabel):
        return mlc.DataType.INT64  # stored as int64 ids; names are in the description
    if not isinstance(feature, Value):
        raise ValueError(f"no Croissant data type for feature {feature!r}")
    types = {
        "string": mlc.DataType.TEXT,
        "int32": mlc.DataType.INT32,
        "int64": mlc.DataType.INT64,
        "float64": mlc.DataType.FLOAT64,
        "bool": mlc.DataType.BOOL,
        "date32": mlc.DataType.DATE,
    }
    if feature.dtype not in types:
        raise ValueError(f"no Croissant data type for dtype {feature.dtype!r}")
    return types[feature.dtype]


def _field(
    config: str,
    file_set: str,
    column: str,
    path: list[str],
    feature: Any,
    descriptions: dict[str, str],
) -> Any:
    """A Croissant field for `feature`, read from Parquet `column`; struct members below the
    column are reached with a JSON path."""
    import mlcroissant as mlc
    from datasets import ClassLabel, List

    dotted = ".".join(path)
    transforms = [mlc.Transform(json_path=".".join(path[1:]))] if len(path) > 1 else []
    source = mlc.Source(
        file_set=file_set, extract=mlc.Extract(column=column), transforms=transforms
    )
    is_array = isinstance(feature, List)
    inner = feature.feature if is_array else feature
    description = descriptions.get(dotted, "")
    if isinstance(inner, ClassLabel):
        description += " Class ids of: " + ", ".join(inner.names) + "."
    common: dict[str, Any] = {
        "id": f"{config}/{'/'.join(path)}",
        "name": path[-1],
        "description": description or None,
    }
    if is_array:
        common.update(is_array=True, array_shape="-1")
    if isinstance(inner, dict):
        if len(path) > 1:
            raise ValueError(f"{config}: struct nested in a struct member ({dotted}) not supported")
        subs = [
            _field(config, file_set, column, path + [name], sub, descriptions)
            for name, sub in inner.items()
        ]
        return mlc.Field(**common, sub_fields=subs)
    return mlc.Field(**common, data_types=[_data_type(inner)], source=source)


def _split_field(config: str, file_set: str) -> Any:
    import mlcroissant as mlc

    return mlc.Field(
        id=f"{config}/split",
        name="split",
        description="Split of the row, from its file name (train, validation or test).",
        data_types=[mlc.DataType.TEXT],
        source=mlc.Source(
            file_set=file_set,
            extract=mlc.Extract(file_property="filename"),
            transforms=[mlc.Transform(regex=r"^(train|validation|test)-\d{5}-of-\d{5}\.parquet$")],
        ),
    )


def _card_yaml(out_dir: Path) -> dict[str, Any]:
    import yaml

    readme = out_dir / "README.md"
    if not readme.is_file():
        return {}
    text = readme.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    head = text[4:].split("\n---\n", 1)[0]
    data = yaml.safe_load(head)
    return data if isinstance(data, dict) else {}


def build_metadata(
    out_dir: Path, name: str | None = None, url: str | None = None, version: str | None = None
) -> Any:
    """The `mlcroissant.Metadata` of the configs present under `out_dir/data/`."""
    import mlcroissant as mlc

    from .. import __version__

    card = _card_yaml(out_dir)
    descriptions = _descriptions()
    features = config_features()
    file_sets, record_sets = [], []
    for config in CONFIG_ORDER:
        if not any((out_dir / "data" / config).glob("*.parquet")):
            continue
        fs_id = f"{config}-parquet"
        file_sets.append(
            mlc.FileSet(
                id=fs_id,
                name=fs_id,
                description=f"Parquet files of the {config} config.",
                encoding_formats=[PARQUET],
                includes=[f"data/{config}/*.parquet"],
            )
        )
        fields = [
            _field(config, fs_id, column, [column], feat, descriptions[config])
            for column, feat in features[config].items()
        ]
        fields.append(_split_field(config, fs_id))
        record_sets.append(
            mlc.RecordSet(
                id=config, name=config, description=f"The {config} config.", fields=fields
            )
        )
    if not record_sets:
        raise FileNotFoundError(f"{out_dir}: no Parquet files under data/<config>/ to describe")
    license_id = card.get("license", "other")
    return mlc.Metadata(
        name=name or card.get("pretty_name") or out_dir.name,
        description=(
            "News articles with metadata, named-entity mentions and attributed quotations, "
            "plus derived NER and quote-attribution configs, built with corpus_builder."
        ),
        url=url or "https://huggingface.co/datasets",
        license=[
            f"https://huggingface.co/licenses/{license_id}"
            if license_id != "other"
            else "other: " + str(card.get("license_name", "see README.md"))
        ],
        version=version or __version__,
        cite_as=f"{name or card.get('pretty_name') or out_dir.name}, built with corpus_builder",
        distribution=file_sets,
        record_sets=record_sets,
    )


def write_croissant(
    out_dir: Path, name: str | None = None, url: str | None = None, version: str | None = None
) -> Path:
    """Write `out_dir/croissant.json`; raises ValueError when mlcroissant reports errors."""
    meta = build_metadata(out_dir, name=name, url=url, version=version)
    errors = list(meta.issues.errors)
    if errors:
        raise ValueError(f"{out_dir}: Croissant metadata has errors: {sorted(errors)}")
    path = out_dir / CROISSANT_NAME
    text = json.dumps(meta.to_json(), indent=1, ensure_ascii=False, sort_keys=True, default=str)
    path.write_text(text + "\n", encoding="utf-8")
    return path
