"""`make run` and `make serve` start the web server, the task worker and the scheduler
together with scripts/run_all: an email queued by the site is sent by that worker, and
Ctrl-C stops all three (and their children)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def environment(data_dir):
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(DJANGO_DEBUG="1", AIRA_DATA_DIR=str(data_dir), PYTHON=PYTHON, PYTHONUNBUFFERED="1")
    return env


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )


def group_is_gone(pgid):
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


def test_run_all_sends_queued_email_and_ctrl_c_stops_everything(tmp_path):
    env = environment(tmp_path)
    manage(env, "migrate", "--no-input")
    # A stand-in for the web server: what matters here is what runs beside it.
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "run_all"), "sleep", "300"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group, as a terminal gives `make run`
    )
    try:
        manage(
            env,
            "shell",
            "-c",
            "from django.core.mail import EmailMessage; from aira.tasks import send_later; "
            "send_later(EmailMessage('Hello from the queue', 'Body', to=['someone@example.com']))",
        )
        output = b""
        deadline = time.monotonic() + 90
        os.set_blocking(process.stdout.fileno(), False)
        while b"Subject: Hello from the queue" not in output and time.monotonic() < deadline:
            output += process.stdout.read() or b""
            time.sleep(0.2)
        assert b"Subject: Hello from the queue" in output, output.decode(errors="replace")[-2000:]
    finally:
        os.killpg(process.pid, signal.SIGINT)  # Ctrl-C in the terminal
        process.wait(timeout=30)
    deadline = time.monotonic() + 15
    while not group_is_gone(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    gone = group_is_gone(process.pid)
    if not gone:
        os.killpg(process.pid, signal.SIGKILL)  # leave nothing behind, then fail
    assert gone, "something run_all started is still running"
