"""Benchmark: the web server under load over loopback, as `carbonpeak serve` runs it.

Run: .venv/bin/python bench/bench_web.py [--configs gunicorn-gthread,waitress-nocache] [--seconds 3]
                                         [--load-seconds 5] [--pages dashboard,tasks,...] [--budget 175]
                                         [--keep | --reuse DIR]

1. A fresh SQLite (WAL) file in a temporary folder, `carbonpeak setup` on it (plan, demo users and data).
2. For each server configuration, `carbonpeak serve` in a subprocess on a free port:
   - `gunicorn-gthread`: the new default (gunicorn, gthread workers from the core count, pages and
     read-models kept per data version, sessions renewed in the database at most once a minute, connections
     kept between requests);
   - `gunicorn-gthread-before`: the same server as it was before those last two (Django's database sessions,
     written on every request; a new database connection per request), to compare in one run;
   - `gunicorn-sync`: gunicorn's sync workers (2 × cores + 1), same caches;
   - `waitress`: the one waitress process of before, same caches;
   - `waitress-nocache`: as before this change: one waitress process, nothing kept (the caches switched off
     by a settings module that sets CARBONPEAK_VIEW_CACHE = False).
   (The two older states are settings modules the bench writes into its folder.)
3. Logs in (the leader for the dashboard, the office for the rest) before any clock starts; the public
   pages are asked anonymously, each request as a new visitor (no cookies).
4. Per page, after a warm-up until the rate is steady (every worker has computed the page):
   - saturation: N clients (default 16) each sending its next request when the last one is answered, for
     `--seconds`: requests per second, p50, p95;
   - offered load: 50 clients each sending one request a second (50 requests/s, staggered), for
     `--load-seconds`; latency from the moment a request was due (a late send counts against the server):
     p50, p95, max. Skipped where saturation is below the offered rate (the queue would only grow);
   - public pages also: 50 clients at once, each sending again as soon as answered (p95);
   - `cpu`: the server's CPU time per request (all its processes, from /proc), which other work on a shared
     machine moves far less than it moves the rates and latencies.
The whole run, set-up included, stays within `--budget` seconds (175): a page that would not fit is left out
and the output says so (`--reuse DIR` skips the set-up with a folder an earlier `--keep` run left).
The client is a small asyncio HTTP/1.1 client in this process (keep-alive where the server keeps it); its
own CPU share is printed, since it runs on the same cores as the server. Prints figures; asserts nothing.
The machine may be shared: the load average before and after is printed beside the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

CARBONPEAK = str(Path(sys.executable).with_name("carbonpeak"))
PASSWORD = "carbonpeak-demo"
OFFERED_CLIENTS = 50
OFFERED_RATE = 50.0  # requests per second, all clients together
REQUEST_TIMEOUT_S = 10.0
WARM_UP_S = 4
NOCACHE_SETTINGS = "bench_web_nocache_settings"
BEFORE_SETTINGS = "bench_web_before_settings"
SETTINGS_MODULES = {
    NOCACHE_SETTINGS: "CARBONPEAK_VIEW_CACHE = False\n",
    BEFORE_SETTINGS: ('SESSION_ENGINE = "django.contrib.sessions.backends.db"\n'
                      'DATABASES["default"]["CONN_MAX_AGE"] = 0\n'
                      'DATABASES["default"]["CONN_HEALTH_CHECKS"] = False\n'),
}
CONFIGS: dict[str, tuple[list[str], str | None]] = {  # name → (serve flags, settings module or None: the product's)
    "gunicorn-gthread": ([], None),
    "gunicorn-gthread-before": ([], BEFORE_SETTINGS),
    "gunicorn-sync": (["--worker-class", "sync"], None),
    "waitress": (["--server", "waitress"], None),
    "waitress-nocache": (["--server", "waitress"], NOCACHE_SETTINGS),
}


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    user: str | None  # None: anonymous
    public: bool = False


PAGES = {
    "dashboard": Page("dashboard 驾驶舱", "/dashboard/", "leader"),
    "tasks": Page("task list 任务", "/plan/tasks/", "office"),
    "monitoring": Page("monitoring overview 能耗总览", "/monitoring/", "office"),
    "simple": Page("simple page 修改密码 (not kept)", "/accounts/password/", "office"),
    "public-home": Page("public home 公开首页", "/public/", None, public=True),
    "public-indicator": Page("public indicator 公开指标", "", None, public=True),  # path found on the home page
}


# --- the client ----------------------------------------------------------------------------------


class Connection:
    """One client's HTTP/1.1 connection: GET with the client's cookies, keep-alive while the server keeps it."""

    def __init__(self, port: int, cookie: str) -> None:
        self.port = port
        self.cookie = cookie
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def get(self, path: str) -> int:
        for attempt in (0, 1):  # a kept-alive connection the server has closed meanwhile: once more, anew
            fresh = self.writer is None
            try:
                return await self._get(path)
            except (OSError, asyncio.IncompleteReadError, ConnectionError):
                await self.close()
                if fresh or attempt:
                    raise
        raise AssertionError("unreachable")

    async def _get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        cookie = f"Cookie: {self.cookie}\r\n" if self.cookie else ""
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n{cookie}\r\n".encode())
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await self.reader.readline()).strip() or b"0", 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        else:
            await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close" or lines[0].startswith("HTTP/1.0"):
            await self.close()
        return status


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    late: int = 0  # answered after the window closed (not in the rate, but their CPU was spent)
    seconds: float = 0.0
    cpu: float = 0.0  # this process's CPU seconds over the phase

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float | None:
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def closed_loop(port: int, path: str, cookie: str, clients: int, seconds: float) -> Result:
    """`clients` clients, each sending again as soon as answered; requests answered within the window count."""
    result = Result()
    start = time.perf_counter()
    cpu0 = time.process_time()
    end = start + seconds

    async def client() -> None:
        conn = Connection(port, cookie)
        try:
            while time.perf_counter() < end:
                sent = time.perf_counter()
                try:
                    status = await asyncio.wait_for(conn.get(path), REQUEST_TIMEOUT_S)
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ConnectionError, ValueError):
                    result.errors += 1
                    await conn.close()
                    continue
                done = time.perf_counter()
                if done > end:
                    result.late += 1
                elif status == 200:
                    result.latencies.append(done - sent)
                else:
                    result.errors += 1
        finally:
            await conn.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    result.seconds = seconds
    result.cpu = time.process_time() - cpu0
    return result


async def offered_load(port: int, path: str, cookie: str, clients: int, rate: float, seconds: float) -> Result:
    """`clients` clients sending `rate` requests a second together, each on its own schedule; latency counts
    from when the request was due."""
    result = Result()
    start = time.perf_counter() + 0.05
    cpu0 = time.process_time()
    per_client = rate / clients

    async def client(i: int) -> None:
        conn = Connection(port, cookie)
        k = 0
        try:
            while True:
                due = start + (i / rate) + k / per_client
                if due >= start + seconds:
                    break
                k += 1
                wait = due - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
                try:
                    status = await asyncio.wait_for(conn.get(path), REQUEST_TIMEOUT_S)
                except (TimeoutError, OSError, asyncio.IncompleteReadError, ConnectionError, ValueError):
                    result.errors += 1
                    await conn.close()
                    continue
                if status == 200:
                    result.latencies.append(time.perf_counter() - due)
                else:
                    result.errors += 1
        finally:
            await conn.close()

    await asyncio.gather(*(client(i) for i in range(clients)))
    result.seconds = time.perf_counter() - start
    result.cpu = time.process_time() - cpu0
    return result


# --- set-up, servers, logins -----------------------------------------------------------------------


TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def tree_cpu(root: int) -> float:
    """CPU seconds (user + system) used so far by a process and its children (Linux /proc; 0 elsewhere)."""
    total = 0.0
    try:
        stats = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    raw = (entry / "stat").read_text()
                except OSError:
                    continue
                fields = raw.rsplit(")", 1)[1].split()
                stats[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))  # ppid, utime+stime
        family = {root}
        grew = True
        while grew:
            grew = False
            for pid, (ppid, _) in stats.items():
                if ppid in family and pid not in family:
                    family.add(pid)
                    grew = True
        total = sum(stats[p][1] for p in family if p in stats) / TICKS
    except OSError:
        pass
    return total


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def setup_env(work: Path) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{work / 'bench.sqlite3'}", "CARBONPEAK_DATA_DIR": str(work),
           "CARBONPEAK_DEMO_USERS": "1", "DJANGO_SETTINGS_MODULE": "carbonpeak.settings"}
    env.pop("CARBONPEAK_PROFILE", None)
    return env


def setup(work: Path) -> tuple[dict[str, str], float]:
    env = setup_env(work)
    start = time.perf_counter()
    done = subprocess.run([CARBONPEAK, "setup"], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"carbonpeak setup failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return env, time.perf_counter() - start


def write_settings_modules(work: Path) -> None:
    for module, body in SETTINGS_MODULES.items():
        (work / f"{module}.py").write_text(f"from carbonpeak.settings import *  # noqa: F403\n\n{body}",
                                           encoding="utf-8")


class Server:
    def __init__(self, name: str, env: dict[str, str], work: Path) -> None:
        flags, module = CONFIGS[name]
        self.name = name
        self.port = free_port()
        env = dict(env)
        if module:
            env["DJANGO_SETTINGS_MODULE"] = module
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(work), env.get("PYTHONPATH")]))
        self.log = open(work / f"serve-{name}.log", "w+b")  # noqa: SIM115 (closed in stop())
        self.proc = subprocess.Popen([CARBONPEAK, "serve", "--port", str(self.port), *flags], env=env,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        self.banner = ""
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/accounts/login/", timeout=2)
                break
            except OSError:
                if self.proc.poll() is not None:
                    break
                time.sleep(0.1)
        else:
            self.stop()
            sys.exit(f"{name}: the server did not start")
        self.log.seek(0)
        first = self.log.readline().decode(errors="replace").strip()
        self.banner = first.split("(", 1)[1].split(";")[0] if "(" in first else first
        if self.proc.poll() is not None:
            sys.exit(f"{name}: the server stopped: {first}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def login(port: int, username: str) -> str:
    """Sign in through the login form; the Cookie header of the signed-in session."""
    jar: dict[str, str] = {}

    def remember(headers: list[tuple[str, str]]) -> None:
        for name, value in headers:
            if name.lower() == "set-cookie":
                for key, morsel in SimpleCookie(value).items():
                    jar[key] = morsel.value

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: object, **kwargs: object) -> None:
            return None

    opener = urllib.request.build_opener(NoRedirect)
    url = f"http://127.0.0.1:{port}/accounts/login/"
    with opener.open(url, timeout=30) as r:
        remember(r.getheaders())
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.read().decode())
    assert token is not None, "no CSRF token on the login page"
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "username": username,
                                   "password": PASSWORD}).encode()
    req = urllib.request.Request(url, data=body, headers={
        "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()), "Referer": url})
    try:
        with opener.open(req, timeout=60) as r:
            remember(r.getheaders())
            raise SystemExit(f"login as {username} did not redirect ({r.status})")
    except urllib.error.HTTPError as redirect:
        if redirect.code != 302:
            raise
        remember(list(redirect.headers.items()))
    if "sessionid" not in jar:
        sys.exit(f"login as {username} failed")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def indicator_path(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/public/", timeout=60) as r:
        found = re.search(r'href="(/public/indicators/[^"]+/)"', r.read().decode())
    if found is None:
        sys.exit("no public indicator on the public home page")
    return found.group(1)


# --- the run ---------------------------------------------------------------------------------------


def ms(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds * 1000:.0f}"


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "n/a"


def machine() -> str:
    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError, IndexError):
        model = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.split("Model name:", 1)[1] \
            .splitlines()[0].strip()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{model}, {cores} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"


async def measure(server: Server, page: Page, path: str, cookie: str, args: argparse.Namespace) -> None:
    # Warm-up until the rate is steady (every worker process has computed and kept the page), 4 s at most.
    last = 0.0
    for _ in range(WARM_UP_S):
        rate = (await closed_loop(server.port, path, cookie, clients=args.clients, seconds=1.0)).rate
        if last and abs(rate - last) <= 0.2 * max(rate, last):
            break
        last = rate
    cpu_before = tree_cpu(server.proc.pid)
    sat = await closed_loop(server.port, path, cookie, clients=args.clients, seconds=args.seconds)
    await asyncio.sleep(0.3)
    served = len(sat.latencies) + sat.errors + sat.late
    per_request = (tree_cpu(server.proc.pid) - cpu_before) / served if served else None
    cpu_ms = "—" if per_request is None else f"{per_request * 1000:.1f}"  # to 0.1 ms: the steadiest figure
    cells = [f"{sat.rate:7.1f}", f"{ms(sat.pct(0.5)):>6}", f"{ms(sat.pct(0.95)):>6}", f"{cpu_ms:>5}"]
    cpu = sat.cpu / sat.seconds * 100
    if sat.rate >= OFFERED_RATE:
        load = await offered_load(server.port, path, cookie, OFFERED_CLIENTS, OFFERED_RATE, args.load_seconds)
        cells += [f"{load.rate:6.1f}", f"{ms(load.pct(0.5)):>6}", f"{ms(load.pct(0.95)):>6}",
                  f"{ms(max(load.latencies, default=None)):>6}", f"{load.errors:>4}"]
        await asyncio.sleep(0.3)
    else:
        cells += ["overloaded: saturation below the offered 50/s".rjust(36)]
    if page.public:
        burst = await closed_loop(server.port, path, cookie, clients=OFFERED_CLIENTS, seconds=args.seconds)
        cells.append(f"| 50 at once: {burst.rate:6.1f}/s p95 {ms(burst.pct(0.95))} ms")
        await asyncio.sleep(0.3)
    errors = f" ({sat.errors} errors)" if sat.errors else ""
    # The 1-minute load average as the page ends: on a shared machine, what the other work left it.
    print(f"  {page.name:<34} {'  '.join(cells)}  client CPU {cpu:3.0f} %  load {load_average().split()[0]}{errors}",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--configs", default="gunicorn-gthread,waitress-nocache",
                        help=f"comma-separated, of: {', '.join(CONFIGS)}")
    parser.add_argument("--pages", default=",".join(PAGES), help=f"comma-separated, of: {', '.join(PAGES)}")
    parser.add_argument("--seconds", type=float, default=3.0, help="each saturation phase")
    parser.add_argument("--load-seconds", type=float, default=5.0, help="each offered-load phase")
    parser.add_argument("--clients", type=int, default=16, help="clients of the saturation phase")
    parser.add_argument("--budget", type=float, default=175.0,
                        help="seconds for the whole run, set-up included; pages that would not fit are left out")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--reuse", type=Path, help="a folder kept by an earlier --keep run: no set-up")
    args = parser.parse_args()
    configs = [c for c in args.configs.split(",") if c]
    pages = [PAGES[p] for p in args.pages.split(",") if p]
    for c in configs:
        if c not in CONFIGS:
            parser.error(f"unknown configuration {c!r}")

    work = args.reuse or Path(tempfile.mkdtemp(prefix="cp-bench-web-"))
    started = time.perf_counter()
    try:
        print(f"machine: {machine()}")
        print(f"load average before: {load_average()} (the machine may be shared with other work)")
        if args.reuse:
            env = setup_env(work)
            subprocess.run([CARBONPEAK, "manage", "migrate", "-v0"], env=env, check=True)
            print(f"reusing {work} (migrated, no set-up)")
        else:
            env, setup_s = setup(work)
            print(f"carbonpeak setup on a fresh SQLite file: {setup_s:.1f} s")
        write_settings_modules(work)
        cookies: dict[str, str] = {}
        for name in configs:
            server = Server(name, env, work)
            try:
                if not cookies:  # the sessions are in the database: one login serves every server
                    for user in sorted({p.user for p in pages if p.user}):
                        cookies[user] = login(server.port, user)
                print(f"\n{name}: {server.banner}")
                print(f"  {'page':<34} {'sat/s':>7}  {'p50':>6}  {'p95':>6}  {'cpu':>5}  {'50/s→':>6}  {'p50':>6}  "
                      f"{'p95':>6}  {'max':>6}  {'err':>4}")
                print(f"  (ms; saturation with {args.clients} clients; cpu: the server's CPU time per request)")
                for page in pages:
                    # The whole run stays within --budget: a page that might not fit is left out, and said so.
                    worst = WARM_UP_S + 2 * args.seconds + args.load_seconds + REQUEST_TIMEOUT_S / 2
                    if time.perf_counter() - started + worst > args.budget:
                        print(f"  {page.name:<34} left out: the run's time budget ({args.budget:.0f} s) is spent")
                        continue
                    path = page.path or indicator_path(server.port)
                    asyncio.run(measure(server, page, path, cookies.get(page.user or "", ""), args))
            finally:
                server.stop()
        print(f"\nload average after: {load_average()}; whole run {time.perf_counter() - started:.0f} s")
    finally:
        if args.keep or args.reuse:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
