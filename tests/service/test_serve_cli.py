"""``arna serve``: the first start prints an admin token once; the server is started with the options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn

from arna.cli.main import main
from arna.service.database import ServiceDB


def test_serve_prints_the_first_admin_token_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append({"app": app, **kw}))
    data = tmp_path / "data"
    assert main(["serve", "--data", str(data), "--port", "8123"]) == 0
    out = capsys.readouterr().out
    tokens = [w for w in out.split() if w.startswith("arna_")]
    assert len(tokens) == 1
    user = ServiceDB(data).authenticate(tokens[0])
    assert user is not None and user.name == "admin" and user.role == "admin"
    assert calls[0]["host"] == "127.0.0.1" and calls[0]["port"] == 8123
    assert main(["serve", "--data", str(data), "--host", "0.0.0.0"]) == 0
    again = capsys.readouterr().out
    assert "arna_" not in again and calls[1]["host"] == "0.0.0.0" and calls[1]["port"] == 8000
