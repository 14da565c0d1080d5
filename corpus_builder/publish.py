"""`corpus-builder publish OUT --repo-id ORG/NAME`: upload a built corpus folder to the
Hugging Face Hub as one commit.

Only the dataset files go up (the card, the Parquet configs, croissant.json, manifest.json and
the stats image); anything else in OUT (rejects, raw inputs, work files) stays local. Remote
Parquet files that the new build no longer has are deleted in the same commit, so a rebuilt
corpus with fewer shards never mixes old and new files.
"""

from __future__ import annotations

import argparse
import fnmatch
import sys
from dataclasses import dataclass
from pathlib import Path

from huggingface_hub import CommitOperationAdd, CommitOperationDelete, HfApi, get_token
from huggingface_hub.errors import HfHubHTTPError, OfflineModeIsEnabled

from .write.card import check_card

# Paths relative to OUT that are published.
PUBLISHED_FILES = ("README.md", "croissant.json", "manifest.json")
PUBLISHED_DIRS = ("data/articles", "data/ner", "data/quotes", "images")
STALE_PATTERNS = ["data/articles/*.parquet", "data/ner/*.parquet", "data/quotes/*.parquet"]


class PublishError(Exception):
    """The folder cannot be published; the message says why and what to do."""


@dataclass(frozen=True)
class PublishResult:
    repo_id: str
    revision: str | None
    commit_url: str
    files: list[str]


def files_to_publish(out_dir: Path) -> list[str]:
    """The repo-relative paths that `publish` uploads, sorted."""
    paths = [name for name in PUBLISHED_FILES if (out_dir / name).is_file()]
    for folder in PUBLISHED_DIRS:
        base = out_dir / folder
        if base.is_dir():
            paths += [
                p.relative_to(out_dir).as_posix()
                for p in base.rglob("*")
                if p.is_file() and not p.name.startswith(".")
            ]
    return sorted(paths)


def publish(
    out_dir: Path,
    repo_id: str,
    private: bool = False,
    revision: str | None = None,
    token: str | None = None,
    check: bool = True,
) -> PublishResult:
    """Create the dataset repo if needed and upload the dataset files of `out_dir` as one commit.

    The token is `token`, else the one huggingface_hub finds (HF_TOKEN, `hf auth login`).
    With `check`, the card is checked first (`card.check_card`) and problems stop the upload."""
    out_dir = Path(out_dir)
    if not (out_dir / "README.md").is_file():
        raise PublishError(f"{out_dir}: no README.md; run `corpus-builder build` first")
    if "/" not in repo_id or repo_id.count("/") != 1 or not all(repo_id.split("/")):
        raise PublishError(f"repo id {repo_id!r} is not of the form ORG/NAME")
    if check:
        problems = check_card(out_dir / "README.md")
        if problems:
            raise PublishError(
                f"{out_dir / 'README.md'}: the card has problems, not publishing:\n  - "
                + "\n  - ".join(problems)
            )
    files = files_to_publish(out_dir)
    if not any(f.startswith("data/") for f in files):
        raise PublishError(
            f"{out_dir}: no Parquet files under data/articles, data/ner, data/quotes"
        )
    token = token or get_token()
    if not token:
        raise PublishError(
            "no Hugging Face token: set HF_TOKEN or run `hf auth login` (a token with write access)"
        )
    api = HfApi(token=token)
    try:
        api.create_repo(repo_id, repo_type="dataset", private=private, exist_ok=True)
        if revision:
            api.create_branch(repo_id, branch=revision, repo_type="dataset", exist_ok=True)
        remote = api.list_repo_files(repo_id, repo_type="dataset", revision=revision)
        operations: list[CommitOperationAdd | CommitOperationDelete] = [
            CommitOperationDelete(path_in_repo=path)
            for path in sorted(set(remote) - set(files))
            if any(fnmatch.fnmatchcase(path, pattern) for pattern in STALE_PATTERNS)
        ]
        operations += [
            CommitOperationAdd(path_in_repo=path, path_or_fileobj=str(out_dir / path))
            for path in files
        ]
        articles = _manifest_records(out_dir)
        # create_commit, not upload_folder: with hf_xet installed, upload_folder streams large
        # folders in several commits, and a half-published corpus must never be visible.
        info = api.create_commit(
            repo_id=repo_id,
            repo_type="dataset",
            operations=operations,
            revision=revision,
            commit_message=f"Upload corpus ({articles} articles)" if articles else "Upload corpus",
        )
    except OfflineModeIsEnabled as exc:
        raise PublishError("HF_HUB_OFFLINE is set: unset it to publish") from exc
    except HfHubHTTPError as exc:
        raise PublishError(f"the Hub refused the upload to {repo_id}: {exc}") from exc
    except Exception as exc:
        if not _is_network_error(exc):
            raise
        raise PublishError(
            f"cannot reach the Hub ({type(exc).__name__}: {exc}); check the network and HF_ENDPOINT"
        ) from exc
    return PublishResult(repo_id, revision, str(getattr(info, "commit_url", info)), files)


def _is_network_error(exc: BaseException) -> bool:
    # huggingface_hub changed its HTTP library between releases (requests, then httpx2), so
    # transport errors are recognised by their module rather than by importing that library.
    root = type(exc).__module__.split(".")[0]
    return isinstance(exc, (OSError, TimeoutError)) or root in {
        "httpx",
        "httpx2",
        "httpcore",
        "requests",
        "urllib3",
    }


def _manifest_records(out_dir: Path) -> int | None:
    import json

    path = out_dir / "manifest.json"
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get("records")
    except (OSError, ValueError, AttributeError):
        return None
    if isinstance(value, dict):  # {"total": n, "by_split": {...}}
        value = value.get("total")
    return value if isinstance(value, int) else None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", type=Path, help="the built corpus folder (holds README.md, data/)")
    parser.add_argument("--repo-id", required=True, help="Hub dataset repo, ORG/NAME")
    parser.add_argument("--private", action="store_true", help="create the repo as private")
    parser.add_argument("--revision", default=None, help="branch to commit to (created if needed)")
    parser.add_argument(
        "--no-check",
        dest="check",
        action="store_false",
        help="upload even if the local card checks find problems",
    )


def run(args: argparse.Namespace) -> int:
    try:
        result = publish(
            args.out,
            args.repo_id,
            private=args.private,
            revision=args.revision,
            check=getattr(args, "check", True),
        )
    except PublishError as exc:
        print(f"corpus-builder publish: {exc}", file=sys.stderr)
        return 2
    print(f"published {len(result.files)} files to {result.repo_id}: {result.commit_url}")
    return 0
