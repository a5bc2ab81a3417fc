"""Serving: time to first byte of the feed URL under gunicorn on 127.0.0.1, for a full GET and for a 304.

gunicorn runs as in production (DEBUG off, sync workers, one per core) on a free port, against the benchmark
database whose feed was just published. Requests are sequential and bounded; each opens its own connection, as a
channel's fetcher does. A full GET asks for gzip (as Google's and Meta's fetchers do) and reads the whole body,
but only the time to its first byte is counted.
"""

import http.client
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.figures import milliseconds
from bench.processes import REPO
from syndication.links import channel_feed_url
from syndication.models import Channel

WARM_UP_REQUESTS = 5
START_TIMEOUT_SECONDS = 60


# -- in the child -----------------------------------------------------------------------------------------------

def serving_target(*, channel_code: str) -> dict[str, object]:
    """The feed URL's path and the ETag of its gzip copy (what a conditional GET sends back)."""
    channel = Channel.objects.select_related("current_run").get(code=channel_code)
    run = channel.current_run
    if run is None:
        raise RuntimeError(f"channel {channel_code} has no published feed to serve")
    path = channel_feed_url(channel).split("://", 1)[1].split("/", 1)[1]
    return {"path": f"/{path}", "gzip_etag": f'"{run.gzip_sha256}"', "bytes": run.bytes, "gzip_bytes": run.gzip_bytes}


# -- in the parent ----------------------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn_running(*, environment: dict[str, str], log_path: Path) -> Iterator[int]:
    """gunicorn on a free loopback port for the duration of the block; yields the port."""
    port = _free_port()
    workers = str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "pim.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", workers, "--log-level", "warning"], cwd=REPO, env=environment, stdout=log,
            stderr=subprocess.STDOUT)
        try:
            _wait_until_serving(port, process, log_path)
            yield port
        finally:
            process.terminate()  # gunicorn's graceful stop: the master ends its workers
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_serving(port: int, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}: {log_path.read_text()[-2000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/feeds/-/-/-")
            connection.getresponse().read()
            connection.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {START_TIMEOUT_SECONDS} s")


def time_to_first_byte(port: int, path: str, headers: dict[str, str]) -> tuple[float, int, int]:
    """(seconds from connecting to the first byte of the answer, status, body bytes read)."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()  # returns once the status line and headers have arrived
        first = response.read(1)
        elapsed = time.perf_counter() - started
        size = len(first)
        while block := response.read(1024 * 1024):
            size += len(block)
        return elapsed, response.status, size
    finally:
        connection.close()


def serving_measure(*, port: int, target: dict[str, object], requests: int) -> dict[str, object]:
    path = str(target["path"])
    full_headers = {"Accept-Encoding": "gzip"}
    conditional_headers = {**full_headers, "If-None-Match": str(target["gzip_etag"])}
    figures: dict[str, object] = {"feed_bytes": target["bytes"], "gzip_bytes": target["gzip_bytes"]}
    for name, headers, expected in (("full_get", full_headers, 200), ("not_modified", conditional_headers, 304)):
        for _warm_up in range(WARM_UP_REQUESTS):
            time_to_first_byte(port, path, headers)
        timings = []
        for _request in range(requests):
            seconds, status, size = time_to_first_byte(port, path, headers)
            if status != expected:
                raise RuntimeError(f"GET {path} ({name}) answered {status}, expected {expected}")
            if name == "full_get" and size != target["gzip_bytes"]:
                raise RuntimeError(f"GET {path} sent {size} bytes, the gzip copy has {target['gzip_bytes']}")
            timings.append(seconds)
        figures[name] = milliseconds(timings)
    return figures
