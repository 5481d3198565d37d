"""Start the web app and the background worker (with its scheduler) together for `make run`.

Each runs in its own process group, so the terminal's Ctrl-C reaches only this script, which then
asks each of them once to stop (SIGTERM) and waits: the worker finishes the task in hand and
leaves quietly, instead of being interrupted again and again.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
from pathlib import Path
from types import FrameType

VENV_BIN = Path(sys.executable).parent
STOP_WAIT_SECONDS = 30


def main() -> int:
    commands = [
        [
            str(VENV_BIN / "celery"),
            "-A",
            "coproduce",
            "worker",
            "--beat",
            "--loglevel=INFO",
            "--concurrency=2",
            "--schedule=var/celerybeat-schedule",
        ],
        [sys.executable, "manage.py", "runserver", "127.0.0.1:8000"],
    ]
    # The commands are fixed above; nothing from outside reaches them.
    children = [subprocess.Popen(command, start_new_session=True) for command in commands]  # noqa: S603
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        print("\nStopping the web app and the worker…", flush=True)
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    # If either one ends by itself (a crash, a port in use), stop the other too.
    while not stopping and all(child.poll() is None for child in children):
        with contextlib.suppress(subprocess.TimeoutExpired):
            children[0].wait(timeout=0.5)
    stop(signal.SIGTERM, None)
    for child in children:
        try:
            child.wait(timeout=STOP_WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            child.kill()
    print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
