"""Child processes: each measurement runs alone, so the peak RSS reported is that measurement's own.

The peak is the child's own VmHWM (/proc/self/status), read as it finishes: the high-water mark of the memory
map its interpreter was exec'd into. ``ru_maxrss`` from ``wait4()`` is only the fallback where there is no /proc:
Linux folds the parent's resident size at the time of the fork (vfork) into it, so a child of a 160 MB pytest
process would report at least 160 MB; ``RUSAGE_CHILDREN`` is worse still, the largest of all children so far.
"""

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Not a secret: bench databases hold synthetic data only, and production mode needs some key.
BENCH_SECRET_KEY = "bench-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz"
LOG_TAIL_CHARACTERS = 4000


class ChildFailed(RuntimeError):
    """A measurement's process exited with an error; the message ends with the tail of its output."""


@dataclass
class ChildOutcome:
    result: dict
    peak_rss_bytes: int  # the child's own high-water mark
    rss_after_setup_bytes: int  # after django.setup(), before the task: the floor every child starts from
    seconds: float  # wall time of the whole child, start-up included


def child_environment(*, database_url: str, var_dir: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Production mode (DEBUG off: no SQL kept per query, cached templates) on the given database.

    PIM_VAR_DIR keeps media, feeds and the folder broker of benchmarks apart from `make run`'s var/; the memory
    broker drops whatever a measurement queues, since no worker runs.
    """
    environment = dict(os.environ)
    environment.update({
        "DJANGO_SETTINGS_MODULE": "pim.settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH", "")])),
        "DATABASE_URL": database_url,
        "PIM_VAR_DIR": str(var_dir),
        "DEBUG": "false",
        "SECRET_KEY": BENCH_SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SITE_URL": "http://127.0.0.1:8000",
        "CELERY_BROKER_URL": "memory://",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "LOG_LEVEL": "WARNING",
    })
    environment.update(extra or {})
    return environment


def child_run(task: str, arguments: dict, *, environment: dict[str, str], timeout: float = 3600) -> ChildOutcome:
    """Run ``task`` (a name in bench.child.TASKS) with ``arguments`` in a fresh interpreter; raise ChildFailed."""
    with tempfile.TemporaryDirectory(prefix="pim-bench-") as folder:
        request, answer, log = Path(folder, "request.json"), Path(folder, "answer.json"), Path(folder, "log.txt")
        request.write_text(json.dumps({"task": task, "arguments": arguments, "answer": str(answer)}))
        started = time.perf_counter()
        with log.open("wb") as log_stream:
            process = subprocess.Popen([sys.executable, "-m", "bench.child", str(request)], cwd=REPO,
                                       env=environment, stdout=log_stream, stderr=subprocess.STDOUT)
            status, usage = _wait(process, timeout=timeout)
        seconds = time.perf_counter() - started
        if status != 0 or not answer.exists():
            tail = log.read_text(errors="replace")[-LOG_TAIL_CHARACTERS:]
            raise ChildFailed(f"bench task {task} {arguments} exited with {status}:\n{tail}")
        reply = json.loads(answer.read_text())
    return ChildOutcome(result=reply["result"], peak_rss_bytes=reply.get("peak_rss_bytes") or usage.ru_maxrss * 1024,
                        rss_after_setup_bytes=reply["rss_after_setup_bytes"], seconds=seconds)


def _wait(process: subprocess.Popen, *, timeout: float) -> tuple[int, resource.struct_rusage]:
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
            return process.returncode, usage
        if time.monotonic() > deadline:
            process.kill()
            _pid, status, usage = os.wait4(process.pid, 0)
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage
        time.sleep(0.02)


def memory_now() -> dict[str, int]:
    """This process's resident set and its high-water mark in bytes (Linux /proc; getrusage elsewhere)."""
    figures = {}
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                name, _colon, value = line.partition(":")
                if name in {"VmRSS", "VmHWM"}:
                    figures[name] = int(value.split()[0]) * 1024
    except OSError:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        figures = {"VmRSS": peak, "VmHWM": peak}
    return {"rss_bytes": figures["VmRSS"], "peak_rss_bytes": figures["VmHWM"]}
