"""The child side: ``python -m bench.child request.json`` sets Django up, runs one task and writes its answer.

The request names a task of TASKS, its keyword arguments and the file to write the answer to (stdout is left to
logs and warnings). A task returns plain JSON data.
"""

import json
import sys
from importlib import import_module
from pathlib import Path

TASKS = {
    "channels": "bench.catalogs:channels_ensure",
    "feed": "bench.feeds:feed_run_measure",
    "ceiling": "bench.ceiling:ceiling_measure",
    "peer": "bench.peer:peer_measure",
    "serving_target": "bench.serving:serving_target",
    "admin": "bench.admin:admin_measure",
    "api": "bench.api:api_measure",
    "imports": "bench.imports:imports_measure",
}


def main(argv: list[str]) -> int:
    request = json.loads(Path(argv[1]).read_text())
    import django

    django.setup()
    from bench.processes import memory_now

    rss_after_setup = memory_now()["rss_bytes"]
    module_name, function_name = TASKS[request["task"]].split(":")
    result = getattr(import_module(module_name), function_name)(**request["arguments"])
    memory = memory_now()  # after the task: its peak is the high-water mark
    Path(request["answer"]).write_text(json.dumps({
        "result": result, "rss_after_setup_bytes": rss_after_setup, "peak_rss_bytes": memory["peak_rss_bytes"],
    }, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
