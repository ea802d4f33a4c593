"""`carbonpeak serve`: gunicorn's settings from the command's flags (carbonpeak/server.py), and bad flags
refused with a message instead of a traceback."""

from __future__ import annotations

import pytest

from carbonpeak import server
from carbonpeak.cli import main


def options(**changes: object) -> server.ServeOptions:
    base = {"host": "127.0.0.1", "port": 8000, "workers": None, "threads": 4, "worker_class": "gthread",
            "behind_proxy": False}
    return server.ServeOptions(**{**base, **changes})  # type: ignore[arg-type]


def test_workers_come_from_the_cores_and_threads_only_for_gthread(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server, "cores", lambda: 3)
    gthread = server.gunicorn_options(options())
    assert (gthread["workers"], gthread["threads"], gthread["worker_class"]) == (3, 4, "gthread")
    sync = server.gunicorn_options(options(worker_class="sync"))
    assert (sync["workers"], sync["threads"]) == (7, 1)
    assert server.gunicorn_options(options(workers=5))["workers"] == 5
    assert gthread["preload_app"] is True and gthread["bind"] == ["127.0.0.1:8000"]
    assert server.gunicorn_options(options(host="::1"))["bind"] == ["[::1]:8000"]


def test_forwarded_headers_are_believed_only_behind_the_proxy() -> None:
    assert server.gunicorn_options(options())["forwarded_allow_ips"] == ""
    assert server.gunicorn_options(options(behind_proxy=True))["forwarded_allow_ips"] == "*"


def test_every_option_is_one_gunicorn_knows() -> None:
    from gunicorn.config import Config  # type: ignore[import-untyped]

    known = Config().settings
    assert set(server.gunicorn_options(options())) <= set(known)


@pytest.mark.parametrize("flags", [["--workers", "0"], ["--threads", "0"]])
def test_a_bad_count_is_refused_naming_the_flag(flags: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", "1", *flags]) == 2
    assert flags[0] in capsys.readouterr().err
