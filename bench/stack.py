# ruff: noqa: S603, S607  (the service's own programs, started with fixed arguments)
"""The service as deployed, on loopback, for the load and fault benchmarks: gunicorn with the
production settings (bench/settings.py over them), a Celery worker, and a Redis server of the
benchmark's own when faults are to be injected into it. Every process started here is stopped
by its own id."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
LOGS = ROOT / "var" / "bench"
# Fixed keys for a database that holds only made-up data: the benchmark's own process signs
# the session cookies that gunicorn then reads, so both must have the same ones.
SECRET_KEY = "bench-only-secret-key-for-made-up-data-never-deployed-0123456789"  # noqa: S105
MFA_ENCRYPTION_KEY = "bench-only-mfa-key-for-made-up-data-0123456789"


def database_url(name: str) -> str:
    return os.environ.get("BENCH_DATABASE_URL_BASE", "postgres://postgres@127.0.0.1:5432/") + name


def production_env(
    *, database: str, redis_url: str, outbox_dir: Path | None = None
) -> dict[str, str]:
    """The environment production settings need, served over HTTP on loopback."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"TESTING", "DEBUG", "CELERY_TASK_ALWAYS_EAGER"}
    }
    env.update(
        PRODUCTION="true",
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=SECRET_KEY,
        MFA_ENCRYPTION_KEY=MFA_ENCRYPTION_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="https://coproduce.example",
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="0",
        DATABASE_URL=database_url(database),
        REDIS_URL=redis_url,
        CACHE_KEY_PREFIX=f"bench-{database}",
        EMAIL_URL="smtp://127.0.0.1:2525",
        LOG_LEVEL="WARNING",
    )
    if outbox_dir is not None:
        env["EMAIL_FILE_PATH"] = str(outbox_dir)
    return env


def use_env(env: dict[str, str]) -> None:
    """Make this process's Django read the same settings as the processes it starts."""
    for key in ("TESTING", "DEBUG", "CELERY_TASK_ALWAYS_EAGER"):
        os.environ.pop(key, None)
    os.environ.update(env)


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, cwd=ROOT)


def database_fresh(name: str) -> None:
    """An empty database of this name, migrated."""
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)


def static_ready(env: dict[str, str]) -> None:
    """Production serves hashed static files from STATIC_ROOT (whitenoise's manifest)."""
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        manage(env, "collectstatic", "--no-input", "-v0")


def _log(name: str) -> BinaryIO:
    LOGS.mkdir(parents=True, exist_ok=True)
    return (LOGS / f"{name}.log").open("ab")


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 (loopback)
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM, wait: float = 30) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def gunicorn(env: dict[str, str], port: int, workers: int = 2) -> Iterator[str]:
    """gunicorn as the Dockerfile runs it, on loopback; yields its base URL."""
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "coproduce.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--timeout=60",
        ],
        env=env,
        cwd=ROOT,
        stdout=_log("gunicorn"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/healthz")
        yield base
    finally:
        stop(process)


def worker_start(
    env: dict[str, str], name: str = "bench", queues: str = "celery,outbox"
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            str(VENV_BIN / "celery"),
            "-A",
            "coproduce",
            "worker",
            "--concurrency=1",
            "--pool=prefork",
            f"--hostname={name}@%h",
            f"--queues={queues}",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        env=env,
        cwd=ROOT,
        stdout=_log("worker"),
        stderr=subprocess.STDOUT,
    )


def redis_server_start(port: int) -> subprocess.Popen[bytes]:
    """A Redis of the benchmark's own, without persistence, as the outage tests start one."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed")
    process = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=_log("redis"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        ready = subprocess.run(
            ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True, check=False
        )
        if ready.stdout.strip() == "PONG":
            return process
        time.sleep(0.1)
    raise RuntimeError(f"redis-server on port {port} did not start")


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (share from 0 to 1) of the values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def peak_rss_mb(pid: int) -> float:
    """The largest resident memory (VmHWM) of the process and its children, in MB."""
    peak = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            continue
    return peak / 1024
