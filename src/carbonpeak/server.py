"""The web server behind `carbonpeak serve`: gunicorn with one worker process per core, waitress where
processes cannot be forked (Windows).

Why gunicorn, and why these settings (docs/performance.md has the measurements):

* One Python process serves one request at a time on one core, however many threads it has (the GIL); the
  pages are Python work, so only more processes use more cores. gunicorn forks them from one master, which
  restarts a worker that dies.
* The worker class is `gthread` (threads in each process): as fast as `sync` workers in our measurement, and
  it keeps connections alive between requests, a slow client holds a thread rather than a whole process,
  and a long request (a large import) is never killed by the worker timeout, which only watches that the
  process is alive.
* The application is loaded once in the master before the workers are forked (`preload_app`): workers start
  in a moment and share the loaded code. The master closes its database connections before forking, so no
  worker inherits one.
* X-Forwarded-Proto is believed only behind our reverse proxy (CARBONPEAK_BEHIND_PROXY), as waitress did;
  the client's address for the login lockout is then the last X-Forwarded-For entry (people/lockout.py).

No configuration file: the options are set here, from the command's flags, so `carbonpeak serve` is the one
way the product is served and a stray `gunicorn.conf.py` in the working folder changes nothing.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

GUNICORN = "gunicorn"
WAITRESS = "waitress"
SERVERS = (GUNICORN, WAITRESS)
WORKER_CLASSES = ("gthread", "sync")
DEFAULT_THREADS = 4
# A worker that shows no sign of life for this long is restarted (gthread: the process, not a request).
WORKER_TIMEOUT_S = 120
# On stop, requests under way get this long to finish.
GRACEFUL_TIMEOUT_S = 10


def cores() -> int:
    """The cores this process may run on (a container's or taskset's limit, not the machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def default_workers(worker_class: str) -> int:
    """gthread: one process per core (its threads wait on the database); sync: gunicorn's 2 × cores + 1."""
    return cores() if worker_class == "gthread" else 2 * cores() + 1


def can_fork() -> bool:
    return hasattr(os, "fork")


@dataclass(frozen=True)
class ServeOptions:
    host: str
    port: int
    workers: int | None  # None: from the core count
    threads: int
    worker_class: str
    behind_proxy: bool


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def gunicorn_options(opts: ServeOptions) -> dict[str, Any]:
    """gunicorn's settings for these options (as its configuration names them)."""
    return {
        "bind": [bind_address(opts.host, opts.port)],
        "workers": opts.workers or default_workers(opts.worker_class),
        "worker_class": opts.worker_class,
        "threads": opts.threads if opts.worker_class == "gthread" else 1,
        "preload_app": True,
        "timeout": WORKER_TIMEOUT_S,
        "graceful_timeout": GRACEFUL_TIMEOUT_S,
        "forwarded_allow_ips": "*" if opts.behind_proxy else "",
        "proc_name": "carbonpeak",
        "control_socket_disable": True,  # no control socket in the user's home folder
        "accesslog": None,
        "errorlog": "-",
        "pre_fork": _close_connections,
    }


def _close_connections(_server: Any, _worker: Any) -> None:
    """In the master, before each fork: no worker may inherit (and share) a database connection."""
    from django.db import connections

    connections.close_all()


def serve_gunicorn(opts: ServeOptions) -> None:
    from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

    from carbonpeak.wsgi import application

    settings = gunicorn_options(opts)

    class CarbonPeakServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for name, value in settings.items():
                if name in self.cfg.settings:
                    self.cfg.set(name, value)

        def load(self) -> Any:
            return application

    CarbonPeakServer().run()


def serve_waitress(opts: ServeOptions) -> None:
    """One process with threads: for a machine without fork (Windows), or to compare."""
    from waitress import serve

    from carbonpeak.wsgi import application

    # Behind a reverse proxy the client's address is the last X-Forwarded-For entry; waitress drops those
    # headers unless the proxy is trusted, and the login lockout counts per address.
    proxy = ({"trusted_proxy": "*", "trusted_proxy_count": 1,
              "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"}}
             if opts.behind_proxy else {})
    serve(application, host=opts.host, port=opts.port, threads=opts.threads, **proxy)
