"""Uploaded CSV files kept on the server between the dry run and the apply step."""

import json
import re
import secrets
import time
from pathlib import Path

TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")
MAX_AGE_SECONDS = 24 * 3600


def _paths(folder: Path, token: str) -> tuple[Path, Path]:
    return folder / f"{token}.csv", folder / f"{token}.json"


def save_upload(folder: Path, content: bytes, *, user_id: int, filename: str) -> str:
    """Keep an upload under a random token; drop uploads older than a day."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.json"):
        if time.time() - old.stat().st_mtime > MAX_AGE_SECONDS:
            for path in _paths(folder, old.stem):
                path.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    data, meta = _paths(folder, token)
    data.write_bytes(content)
    meta.write_text(json.dumps({"user_id": user_id, "filename": filename[:200]}), encoding="utf-8")
    return token


def load_upload(folder: Path, token: str, *, user_id: int) -> tuple[bytes, str] | None:
    """The upload's content and file name, if the token is valid, fresh and belongs to this user."""
    if not TOKEN.fullmatch(token or ""):
        return None
    data, meta = _paths(folder, token)
    try:
        info = json.loads(meta.read_text(encoding="utf-8"))
        if info.get("user_id") != user_id or time.time() - meta.stat().st_mtime > MAX_AGE_SECONDS:
            return None
        return data.read_bytes(), info.get("filename", "")
    except (OSError, ValueError):
        return None


def discard_upload(folder: Path, token: str) -> None:
    """Forget an upload."""
    if TOKEN.fullmatch(token or ""):
        for path in _paths(folder, token):
            path.unlink(missing_ok=True)
