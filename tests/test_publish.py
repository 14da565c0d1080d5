"""`publish` against a local fake of the Hub API, patched in at our boundary
(`corpus_builder.publish.HfApi`): every call is bound against the real `HfApi` method's
signature, commits are written into a folder, and that folder is then loaded with
`load_dataset` as a user would load the Hub repo."""

from __future__ import annotations

import argparse
import fnmatch
import inspect
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from datasets import load_dataset
from helpers_corpus import write_corpus
from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi

from corpus_builder import publish as pub
from corpus_builder.write import derived


class FakeHub:
    """State of the fake Hub: repos as folders `<root>/<org>/<name>@<branch>`, and commits."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.commits: list[dict] = []
        self.repos: dict[str, dict] = {}
        self.tokens: list[str | None] = []

    def repo_dir(self, repo_id: str, revision: str | None = None) -> Path:
        return self.root / f"{repo_id}@{revision or 'main'}"

    def api_class(self):
        hub = self

        class FakeHfApi:
            def __init__(self, token=None, **kwargs):
                hub.tokens.append(token)

            def _bind(self, name, *args, **kwargs):
                # Fails like the real client would on a wrong or missing argument.
                inspect.signature(getattr(HfApi, name)).bind(self, *args, **kwargs)

            def create_repo(self, *args, **kwargs):
                self._bind("create_repo", *args, **kwargs)
                repo_id = args[0] if args else kwargs["repo_id"]
                if repo_id in hub.repos and not kwargs.get("exist_ok"):
                    raise RuntimeError("409 repo exists")
                hub.repos.setdefault(
                    repo_id, {"private": kwargs.get("private"), "type": kwargs.get("repo_type")}
                )
                hub.repo_dir(repo_id).mkdir(parents=True, exist_ok=True)
                return SimpleNamespace(repo_id=repo_id)

            def create_branch(self, *args, **kwargs):
                self._bind("create_branch", *args, **kwargs)
                repo_id = args[0] if args else kwargs["repo_id"]
                dest = hub.repo_dir(repo_id, kwargs["branch"])
                if not dest.exists():
                    shutil.copytree(hub.repo_dir(repo_id), dest)

            def list_repo_files(self, *args, **kwargs):
                self._bind("list_repo_files", *args, **kwargs)
                repo_id = args[0] if args else kwargs["repo_id"]
                base = hub.repo_dir(repo_id, kwargs.get("revision"))
                return sorted(
                    p.relative_to(base).as_posix() for p in base.rglob("*") if p.is_file()
                )

            def create_commit(self, *args, **kwargs):
                self._bind("create_commit", *args, **kwargs)
                base = hub.repo_dir(kwargs["repo_id"], kwargs.get("revision"))
                added, deleted = [], []
                for op in kwargs["operations"]:
                    dst = base / op.path_in_repo
                    if isinstance(op, CommitOperationDelete):
                        dst.unlink()
                        deleted.append(op.path_in_repo)
                        continue
                    assert isinstance(op, CommitOperationAdd)
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(op.path_or_fileobj, dst)
                    added.append(op.path_in_repo)
                hub.commits.append(
                    {
                        "message": kwargs.get("commit_message"),
                        "added": added,
                        "deleted": deleted,
                        "revision": kwargs.get("revision"),
                    }
                )
                return SimpleNamespace(commit_url=f"local://{base}/commit/{len(hub.commits)}")

        return FakeHfApi


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    info = write_corpus(out)
    # Files that are in OUT but are not part of the dataset.
    (out / "rejects.jsonl").write_text('{"input": "x", "reason": "empty"}\n', encoding="utf-8")
    (out / "data" / "raw").mkdir()
    (out / "data" / "raw" / "page.txt").write_text("raw page", encoding="utf-8")
    return out, info


@pytest.fixture
def hub(tmp_path, monkeypatch):
    fake = FakeHub(tmp_path / "hub")
    monkeypatch.setattr(pub, "HfApi", fake.api_class())
    monkeypatch.setenv("HF_TOKEN", "hf_test_token")
    return fake


def test_publish_is_one_commit_of_the_dataset_files(built, hub, tmp_path):
    out, info = built
    result = pub.publish(out, "org/news")
    assert len(hub.commits) == 1
    commit = hub.commits[0]
    assert commit["message"] == "Upload corpus (7 articles)"
    data_files = sorted(p.relative_to(out).as_posix() for ps in info["files"].values() for p in ps)
    assert sorted(commit["added"]) == sorted(
        ["README.md", "croissant.json", "manifest.json", "images/stats.png", *data_files]
    )
    assert result.files == sorted(commit["added"])
    assert hub.repos["org/news"] == {"private": False, "type": "dataset"}
    assert hub.tokens == ["hf_test_token"]
    repo = hub.repo_dir("org/news")
    assert not (repo / "rejects.jsonl").exists() and not (repo / "data" / "raw").exists()

    for config, splits in info["counts"].items():
        for split, n in splits.items():
            ds = load_dataset(str(repo), config, split=split, cache_dir=str(tmp_path / "c"))
            assert len(ds) == n
    ner = load_dataset(str(repo), "ner", split="validation", cache_dir=str(tmp_path / "c"))
    assert ner.features["ner_tags"].feature.names == derived.bio_labels()


def test_republish_deletes_stale_shards_in_the_same_commit(built, hub):
    out, _ = built
    pub.publish(out, "org/news")
    repo = hub.repo_dir("org/news")
    stale = repo / "data" / "ner" / "train-00001-of-00002.parquet"
    shutil.copyfile(repo / "data" / "ner" / "train-00000-of-00001.parquet", stale)
    (repo / "notes.txt").write_text("kept", encoding="utf-8")
    pub.publish(out, "org/news")
    assert len(hub.commits) == 2
    assert hub.commits[1]["deleted"] == ["data/ner/train-00001-of-00002.parquet"]
    assert not stale.exists()
    assert (repo / "notes.txt").exists()  # not ours: left alone


def test_publish_to_a_branch_of_a_private_repo(built, hub):
    out, _ = built
    pub.publish(out, "org/private-news", private=True, revision="v1")
    assert hub.repos["org/private-news"]["private"] is True
    assert hub.commits[0]["revision"] == "v1"
    assert (hub.repo_dir("org/private-news", "v1") / "README.md").is_file()


def test_no_token_is_a_clear_error(built, hub, monkeypatch, tmp_path):
    import huggingface_hub.constants

    out, _ = built
    monkeypatch.delenv("HF_TOKEN")
    monkeypatch.delenv("HUGGING_FACE_HUB_TOKEN", raising=False)
    monkeypatch.delenv("HF_OIDC_RESOURCE", raising=False)
    monkeypatch.setattr(huggingface_hub.constants, "HF_TOKEN_PATH", str(tmp_path / "none"))
    with pytest.raises(pub.PublishError, match="no Hugging Face token: set HF_TOKEN"):
        pub.publish(out, "org/news")
    assert hub.commits == []


def test_bad_inputs_are_refused_before_any_upload(built, hub, tmp_path):
    out, _ = built
    with pytest.raises(pub.PublishError, match="not of the form ORG/NAME"):
        pub.publish(out, "news")
    with pytest.raises(pub.PublishError, match="no README.md"):
        pub.publish(tmp_path, "org/news")
    broken = tmp_path / "broken"
    shutil.copytree(out, broken)
    readme = broken / "README.md"
    readme.write_text(
        readme.read_text(encoding="utf-8").replace("- n<1K", "- huge"), encoding="utf-8"
    )
    with pytest.raises(pub.PublishError, match="size_categories: 'huge'"):
        pub.publish(broken, "org/news")
    assert hub.commits == []
    pub.publish(broken, "org/news", check=False)
    assert len(hub.commits) == 1


def _args(*argv):
    parser = argparse.ArgumentParser()
    pub.add_arguments(parser)
    return parser.parse_args(list(argv))


def test_cli_run(built, hub, capsys, monkeypatch, tmp_path):
    import huggingface_hub.constants

    out, _ = built
    assert pub.run(_args(str(out), "--repo-id", "org/news", "--revision", "dev")) == 0
    assert "published 13 files to org/news" in capsys.readouterr().out
    monkeypatch.delenv("HF_TOKEN")
    monkeypatch.setattr(huggingface_hub.constants, "HF_TOKEN_PATH", str(tmp_path / "none"))
    assert pub.run(_args(str(out), "--repo-id", "org/news")) == 2
    assert "no Hugging Face token" in capsys.readouterr().err


def test_files_to_publish_skips_everything_else(built):
    out, _ = built
    files = pub.files_to_publish(out)
    assert all(
        fnmatch.fnmatch(f, "data/*/*.parquet") or "/" not in f or f.startswith("images/")
        for f in files
    )
    assert "rejects.jsonl" not in files and "data/raw/page.txt" not in files


def test_unreachable_hub_is_a_clear_error(built, hub, monkeypatch):
    out, _ = built

    class Unreachable(hub.api_class()):
        def create_repo(self, *args, **kwargs):
            raise ConnectionError("[Errno -2] Name or service not known")

    monkeypatch.setattr(pub, "HfApi", Unreachable)
    with pytest.raises(pub.PublishError, match="cannot reach the Hub .*Name or service"):
        pub.publish(out, "org/news")
