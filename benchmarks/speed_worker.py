"""One measurement in a process of its own (started by ``speed.py``).

    python benchmarks/speed_worker.py SPEC.json RESULT.json

``SPEC.json`` says what to measure (``task``: throughput, sizes, memory,
profile); the result is written as JSON.  A fresh process per measurement
keeps model load time and peak RSS clean; BLAS thread variables are set by
the parent in this process's environment before numpy is imported.
Only the standard library is imported at module level, so the load clock
starts before any heavy import.
"""

from __future__ import annotations

import time

PROCESS_STARTED = time.perf_counter()

import gc  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import signal  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import speed_corpus  # noqa: E402


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (``ru_maxrss`` is in kB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def thread_count() -> int | None:
    """OS threads of this process (numpy's BLAS pool shows up here)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def blas_info() -> list[dict] | None:
    """threadpoolctl's view of the BLAS pools, when threadpoolctl is installed."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return None
    return [{k: pool.get(k) for k in ("internal_api", "num_threads", "version")} for pool in threadpool_info()]


class GCClock:
    """Time spent in the cyclic garbage collector (``gc.callbacks``)."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections = 0
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started
            self.collections += 1


def make_system(name: str):
    from speed_systems import SYSTEMS

    if name not in SYSTEMS:
        raise ValueError(f"expected a system from {sorted(SYSTEMS)}, got {name!r}")
    return SYSTEMS[name]()


def loaded(spec: dict) -> tuple[object, dict]:
    system = make_system(spec["system"])
    system.load()
    return system, {
        "load_seconds": time.perf_counter() - PROCESS_STARTED,
        "rss_after_load_mb": current_rss_mb(),
    }


def task_throughput(spec: dict) -> dict:
    """Documents/s, characters/s and stage times over each corpus, once."""
    system, result = loaded(spec)
    gc_clock = GCClock()
    gc.callbacks.append(gc_clock)
    corpora = {}
    for name in spec["corpora"]:
        items = speed_corpus.corpus(name, replicate=spec["replicate"], nerel_limit=spec.get("nerel_limit"))
        if not items:
            continue
        system.clock.reset()
        gc_before, collections_before = gc_clock.seconds, gc_clock.collections
        started = time.perf_counter()
        analysed = system.run(items)
        seconds = time.perf_counter() - started
        counts = speed_corpus.describe(items)
        if analysed != counts["documents"]:
            raise RuntimeError(f"expected {counts['documents']} results, got {analysed}")
        stages = dict(system.clock.seconds)
        stages["other"] = max(0.0, seconds - sum(stages.values()))
        corpora[name] = {
            **counts,
            "seconds": seconds,
            "docs_per_s": counts["documents"] / seconds,
            "chars_per_s": counts["characters"] / seconds,
            "stages": stages,
            "gc_seconds": gc_clock.seconds - gc_before,
            "gc_collections": gc_clock.collections - collections_before,
        }
    result.update(corpora=corpora, peak_rss_mb=peak_rss_mb(), threads=thread_count(), blas=blas_info())
    return result


class OverBudget(BaseException):
    """Raised by SIGALRM when a run outlasts its budget.  A BaseException, so that
    ``extract_many``'s per-document error handling does not swallow it."""


def _over_budget(signum, frame):
    raise OverBudget()


def task_sizes(spec: dict) -> dict:
    """Time of one document of ``size`` bytes, best of a few runs, by stage.

    A run that outlasts ``budget_s`` is stopped; the stage times up to that
    moment are kept, so a stage that blows up shows by name.
    """
    system, result = loaded(spec)
    system.run(speed_corpus.sample_items())  # the same warm caches for every size
    item = speed_corpus.sized_document(spec["size"])
    runs, stage_runs = [], []
    timed_out = False
    signal.signal(signal.SIGALRM, _over_budget)
    for _ in range(spec["repeats"]):
        system.clock.reset()
        started = time.perf_counter()
        signal.alarm(int(spec["budget_s"]))
        try:
            system.run([item])
        except OverBudget:
            timed_out = True
        finally:
            signal.alarm(0)
        runs.append(time.perf_counter() - started)
        stage_runs.append(dict(system.clock.seconds))
        if timed_out:
            break
    best = min(range(len(runs)), key=runs.__getitem__)
    result.update(
        target_bytes=spec["size"],
        characters=len(item.text),
        bytes_utf8=len(item.text.encode("utf-8")),
        seconds_runs=runs,
        seconds=None if timed_out else runs[best],
        timed_out_after_s=runs[-1] if timed_out else None,
        stages=stage_runs[-1] if timed_out else stage_runs[best],
        peak_rss_mb=peak_rss_mb(),
    )
    return result


def task_memory(spec: dict) -> dict:
    """Peak RSS while streaming ``count`` short documents through ``extract_many``."""
    system, result = loaded(spec)
    count, every = spec["count"], spec["checkpoint_every"]
    checkpoints = []
    started = time.perf_counter()
    import ruevents
    from ruevents.backends import pymorphy

    vocab = ruevents.load().vocab
    items = speed_corpus.short_documents(count, distinct=spec.get("distinct"))
    for done, _ in enumerate(system.stream(items), 1):
        if done % every == 0 or done == count:
            checkpoints.append({
                "documents": done,
                "seconds": time.perf_counter() - started,
                "rss_mb": current_rss_mb(),
                "peak_rss_mb": peak_rss_mb(),
                "spacy_strings": len(vocab.strings),
                "pymorphy_cached_words": pymorphy.cached_words(),
            })
    result.update(
        count=count,
        distinct=len({item.text for item in items}),
        characters=sum(len(item.text) for item in items),
        seconds=time.perf_counter() - started,
        checkpoints=checkpoints,
        peak_rss_mb=peak_rss_mb(),
    )
    return result


def task_profile(spec: dict) -> dict:
    """pyinstrument over the full chain on the replicated sample corpus."""
    from pyinstrument import Profiler

    from speed_profile import summarise

    system, result = loaded(spec)
    items = speed_corpus.corpus("sample", replicate=spec["replicate"])
    profiler = Profiler(interval=spec.get("interval", 0.001))
    profiler.start()
    started = time.perf_counter()
    system.run(items)
    seconds = time.perf_counter() - started
    profiler.stop()
    Path(spec["profile_text"]).write_text(
        profiler.output_text(unicode=True, color=False, show_all=False), encoding="utf-8"
    )
    result.update(seconds=seconds, **speed_corpus.describe(items), stages=dict(system.clock.seconds),
                  summary=summarise(profiler.last_session))
    return result


TASKS = {"throughput": task_throughput, "sizes": task_sizes, "memory": task_memory, "profile": task_profile}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: speed_worker.py SPEC.json RESULT.json", file=sys.stderr)
        return 2
    spec = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    task = TASKS.get(spec.get("task"))
    if task is None:
        raise ValueError(f"expected task from {sorted(TASKS)}, got {spec.get('task')!r}")
    result = task(spec)
    result["blas_env"] = {k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    Path(argv[1]).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
