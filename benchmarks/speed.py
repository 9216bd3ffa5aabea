"""Speed: ruevents' full chain against the plain natasha chain, same run, same texts.

    .venv/bin/python benchmarks/speed.py                  # ~4 min: throughput, stages, load, RSS, threads
    .venv/bin/python benchmarks/speed.py --quick          # < 1 min smoke run (small corpus, 1 repetition)
    .venv/bin/python benchmarks/speed.py --scaling        # + cost vs document size, memory vs number of documents
    .venv/bin/python benchmarks/speed.py --jobs           # + `ruevents extract --jobs 1` vs `--jobs 2`
    .venv/bin/python benchmarks/speed.py --profile        # + pyinstrument profile -> benchmarks/results/profile.txt

Results go to ``benchmarks/results/speed.json`` (``--out``); sections not
measured in this run are kept from the previous file, each with the time it
was measured.  Never part of the test suite.

**Corpus.** The sample corpus (``data/sample``, 12 texts with their dates)
replicated ``--replicate`` times (20), and the NEREL 1.1 dev texts (94 news
texts, read from ``../shared/corpora``; skipped with a note when absent).

**Systems**, each repetition in a fresh process of its own (so load time and
peak RSS are clean), the two systems alternating so that the noise of a shared
machine hits both:

* ruevents: ``ruevents.extract_many`` over the corpus (records out), with the
  time of every stage measured on the batches it processes (``speed_systems``);
* natasha: ``Segmenter``, ``NewsEmbedding``, ``NewsMorphTagger``,
  ``NewsSyntaxParser``, ``NewsNERTagger`` and ``doc.segment``, ``doc.tag_morph``,
  ``doc.parse_syntax``, ``doc.tag_ner`` per document, as natasha's README shows
  (no lemmas: ``MorphVocab`` needs pymorphy2).

**Threads.** Every measured process gets ``OMP_NUM_THREADS``,
``OPENBLAS_NUM_THREADS`` and ``MKL_NUM_THREADS`` = 1 (one BLAS thread per
process, what a worker of ``--jobs N`` should run with); one extra run per
system keeps the library defaults, to show the effect.

**Figures.** Median and min–max over the repetitions of documents/s and
characters/s; load time (process start → models loaded and one tiny document
analysed); peak RSS (``ru_maxrss``); the ratio ruevents / natasha of the
median throughputs (≥ 1.0: ruevents is faster) and the min–max of the ratios
of runs made side by side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import speed_corpus  # noqa: E402

ROOT = HERE.parent
WORKER = HERE / "speed_worker.py"
RESULT = HERE / "results" / "speed.json"
PROFILE = HERE / "results" / "profile.txt"

BLAS_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")
PACKAGES = ("ruevents", "spacy", "numpy", "natasha", "slovnet", "navec", "razdel", "pymorphy3", "dawg2", "threadpoolctl",
            "pydantic", "pyinstrument")
SYSTEMS = ("ruevents", "natasha")


# -- running workers ------------------------------------------------------------


def worker_env(threads: str) -> dict[str, str]:
    """The environment of a measured process: one BLAS thread, or the library defaults."""
    env = {k: v for k, v in os.environ.items() if k not in BLAS_VARIABLES}
    if threads == "one":
        env.update({name: "1" for name in BLAS_VARIABLES})
    elif threads != "default":
        raise ValueError(f"expected threads 'one' or 'default', got {threads!r}")
    return env


def run_worker(spec: dict, *, threads: str = "one", timeout: float = 1800) -> dict:
    """Run one measurement in a fresh Python process and return its result."""
    with tempfile.TemporaryDirectory(prefix="ruevents-speed-") as folder:
        spec_path, result_path = Path(folder) / "spec.json", Path(folder) / "result.json"
        spec_path.write_text(json.dumps(spec), encoding="utf-8")
        completed = subprocess.run(
            [sys.executable, str(WORKER), str(spec_path), str(result_path)],
            env=worker_env(threads), capture_output=True, text=True, timeout=timeout, cwd=ROOT,
        )
        if completed.returncode != 0:
            raise RuntimeError(
                f"expected the {spec.get('system')} {spec['task']} worker to succeed, got exit code "
                f"{completed.returncode}:\n{completed.stderr[-3000:]}"
            )
        result = json.loads(result_path.read_text(encoding="utf-8"))
    result["threads_setting"] = threads
    return result


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- summaries ------------------------------------------------------------------


def spread(values: list[float]) -> dict:
    """Median, min, max (and the values) of a few repetitions."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": values}


def combined(run: dict) -> dict:
    """All corpora of one run together, as one more corpus named ``all``."""
    parts = list(run["corpora"].values())
    seconds = sum(part["seconds"] for part in parts)
    stages: dict[str, float] = {}
    for part in parts:
        for name, value in part["stages"].items():
            stages[name] = stages.get(name, 0.0) + value
    docs, chars = sum(p["documents"] for p in parts), sum(p["characters"] for p in parts)
    return {"documents": docs, "characters": chars, "seconds": seconds, "docs_per_s": docs / seconds,
            "chars_per_s": chars / seconds, "stages": stages,
            "gc_seconds": sum(p.get("gc_seconds", 0.0) for p in parts)}


def summarise_system(runs: list[dict]) -> dict:
    """Per corpus: spread of throughput, median stage times; load time and RSS."""
    for run in runs:
        if len(run["corpora"]) > 1 and "all" not in run["corpora"]:
            run["corpora"]["all"] = combined(run)
    corpora = {}
    for name in runs[0]["corpora"]:
        parts = [run["corpora"][name] for run in runs]
        stage_names = list(parts[0]["stages"])
        corpora[name] = {
            "documents": parts[0]["documents"],
            "characters": parts[0]["characters"],
            "docs_per_s": spread([p["docs_per_s"] for p in parts]),
            "chars_per_s": spread([p["chars_per_s"] for p in parts]),
            "seconds": spread([p["seconds"] for p in parts]),
            "stages_seconds_median": {s: statistics.median(p["stages"].get(s, 0.0) for p in parts) for s in stage_names},
            "gc_seconds_median": statistics.median(p.get("gc_seconds", 0.0) for p in parts),
        }
    return {
        "repetitions": len(runs),
        "corpora": corpora,
        "load_seconds": spread([run["load_seconds"] for run in runs]),
        "rss_after_load_mb": spread([run["rss_after_load_mb"] for run in runs]),
        "peak_rss_mb": spread([run["peak_rss_mb"] for run in runs]),
        "threads_in_process": runs[-1].get("threads"),
        "blas_env": runs[-1].get("blas_env"),
        "blas": runs[-1].get("blas"),
    }


def ratios(ours: list[dict], theirs: list[dict], summary: dict) -> dict:
    """ruevents / natasha: throughput (≥ 1 = ruevents faster), load time, peak RSS."""
    out = {}
    for name in summary["ruevents"]["corpora"]:
        paired = [a["corpora"][name]["chars_per_s"] / b["corpora"][name]["chars_per_s"] for a, b in zip(ours, theirs)]
        out[name] = {
            "throughput_ratio": summary["ruevents"]["corpora"][name]["chars_per_s"]["median"]
            / summary["natasha"]["corpora"][name]["chars_per_s"]["median"],
            "paired_ratio_min": min(paired),
            "paired_ratio_max": max(paired),
        }
    out["load_time_ratio"] = summary["ruevents"]["load_seconds"]["median"] / summary["natasha"]["load_seconds"]["median"]
    out["peak_rss_ratio"] = summary["ruevents"]["peak_rss_mb"]["median"] / summary["natasha"]["peak_rss_mb"]["median"]
    return out


# -- the measurements -------------------------------------------------------------


def measure_throughput(args: argparse.Namespace, corpora: list[str]) -> dict:
    """Both systems, ``--repeat`` fresh processes each (alternating), 1 BLAS thread; then one run each with defaults."""
    spec = {"task": "throughput", "corpora": corpora, "replicate": args.replicate, "nerel_limit": args.nerel_limit}
    runs: dict[str, list[dict]] = {name: [] for name in SYSTEMS}
    for repetition in range(args.repeat):
        order = SYSTEMS if repetition % 2 == 0 else SYSTEMS[::-1]
        for system in order:
            log(f"  repetition {repetition + 1}/{args.repeat}: {system} (1 BLAS thread)")
            runs[system].append(run_worker({**spec, "system": system}, threads="one"))
    summary = {system: summarise_system(runs[system]) for system in SYSTEMS}
    section = {"blas_threads": 1, "systems": summary, "ratios": ratios(runs["ruevents"], runs["natasha"], summary)}
    if not args.no_default_threads:
        default_runs = {}
        for system in SYSTEMS:
            log(f"  {system} with the default BLAS threads")
            default_runs[system] = [run_worker({**spec, "system": system}, threads="default")]
        default_summary = {system: summarise_system(default_runs[system]) for system in SYSTEMS}
        section["default_threads"] = {
            "systems": default_summary,
            "ratios": ratios(default_runs["ruevents"], default_runs["natasha"], default_summary),
        }
    return section


def measure_scaling(args: argparse.Namespace) -> dict:
    """Cost vs document size (is it linear?) and peak RSS vs number of documents (is it flat?)."""
    sizes = [(10_000, 5), (100_000, 2)] + ([] if args.quick else [(1_000_000, 1)])
    rows = []
    for size, repeats in sizes:
        log(f"  one document of {size // 1000} kB (best of {repeats}; a run is stopped after {args.size_timeout:.0f} s)")
        rows.append(run_worker({"task": "sizes", "system": "ruevents", "size": size, "repeats": repeats,
                                "budget_s": args.size_timeout}, timeout=args.size_timeout * repeats + 300))
    base = rows[0]
    for row in rows:
        row["size_ratio"] = row["characters"] / base["characters"]
        if row["seconds"] is None:  # stopped: only a lower bound is known
            row["time_ratio"] = row["time_per_char_ratio"] = None
            row["time_ratio_at_least"] = row["timed_out_after_s"] / base["seconds"]
        else:
            row["time_ratio"] = row["seconds"] / base["seconds"]
            row["time_per_char_ratio"] = row["time_ratio"] / row["size_ratio"]
    small, large = (100, 1_000) if args.quick else (1_000, 10_000)
    memory = {}
    for name, count, distinct in (("few", small, small), ("same_cycled", large, small), ("new_text", large, None)):
        log(f"  memory: {count} short documents ({distinct or 'all'} distinct) streamed through extract_many")
        memory[name] = run_worker({"task": "memory", "system": "ruevents", "count": count, "distinct": distinct,
                                   "checkpoint_every": max(count // 10, 1)})
    few = memory["few"]["peak_rss_mb"]
    return {
        "sizes": rows,
        "sizes_note": "one document made of sample texts; seconds = best of the runs; a time ratio well above "
                      "the size ratio means a stage grows faster than the text",
        "memory": memory,
        "memory_note": f"peak RSS of {small} documents against {large}: the same {small} cycled (what grows per "
                       "document: the issue's criterion) and new paragraphs all along (vocabulary and sentence "
                       "lengths keep growing, as over a year of news)",
        "memory_growth_same_cycled": memory["same_cycled"]["peak_rss_mb"] / few - 1,
        "memory_growth_new_text": memory["new_text"]["peak_rss_mb"] / few - 1,
        "memory_within_10_percent": memory["same_cycled"]["peak_rss_mb"] <= few * 1.10,
    }


def extract_cli() -> tuple[Path, str | None]:
    """The ``ruevents`` command and its ``extract --help`` text (``None`` if there is no such command)."""
    command = Path(sys.executable).parent / "ruevents"
    if not command.exists():
        found = shutil.which("ruevents")
        command = Path(found) if found else command
    try:
        completed = subprocess.run([str(command), "extract", "--help"], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return command, None
    return command, completed.stdout if completed.returncode == 0 else None


def measure_jobs(args: argparse.Namespace) -> dict:
    """``ruevents extract --jobs 1`` against ``--jobs 2`` on the replicated sample corpus written to files."""
    command, help_text = extract_cli()
    if help_text is None or "--jobs" not in help_text:
        message = (f"`{command} extract --help` does not offer --jobs yet: the batch CLI is not there, "
                   "so --jobs 1 vs --jobs 2 was not measured")
        log("  " + message)
        return {"measured": False, "note": message}
    items = speed_corpus.corpus("sample", replicate=args.jobs_replicate)
    timings: dict[int, list[float]] = {1: [], 2: []}
    cpu: dict[int, list[float]] = {1: [], 2: []}
    outputs: dict[int, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="ruevents-jobs-") as folder:
        corpus_dir, dates = Path(folder) / "corpus", Path(folder) / "dates.csv"
        corpus_dir.mkdir()
        names = [f"{number:05d}_{item.doc_id.replace('.txt#', '_')}.txt" for number, item in enumerate(items)]
        for name, item in zip(names, items):
            (corpus_dir / name).write_text(item.text, encoding="utf-8")
        dates.write_text("doc_id,date\n" + "".join(f"{name},{item.date or ''}\n" for name, item in zip(names, items)),
                         encoding="utf-8")
        for repetition in range(min(args.repeat, 2)):
            for jobs in ((1, 2) if repetition % 2 == 0 else (2, 1)):
                out = Path(folder) / f"records-jobs{jobs}-{repetition}.jsonl"
                log(f"  ruevents extract --jobs {jobs} ({len(items)} files)")
                started, cpu_before = time.perf_counter(), _children_cpu()
                completed = subprocess.run(
                    [str(command), "extract", str(corpus_dir), "--dates", str(dates), "-o", str(out),
                     "--jobs", str(jobs), "--quiet"],
                    env=worker_env("one"), capture_output=True, text=True, timeout=1800,
                )
                seconds = time.perf_counter() - started
                cpu[jobs].append(_children_cpu() - cpu_before)
                written = _read_output(out)
                if completed.returncode != 0 or len(written) != len(items):
                    message = (f"`ruevents extract --jobs {jobs}` exited with {completed.returncode} and wrote "
                               f"{len(written)} records for {len(items)} files: {completed.stderr[-2000:]}")
                    log("  " + message)
                    return {"measured": False, "note": message}
                timings[jobs].append(seconds)
                outputs[jobs] = written
    one, two = statistics.median(timings[1]), statistics.median(timings[2])
    return {
        "measured": True,
        "documents": len(items),
        "characters": sum(len(item.text) for item in items),
        "replicate": args.jobs_replicate,
        "seconds_jobs1": spread(timings[1]),
        "seconds_jobs2": spread(timings[2]),
        "speedup": one / two,
        # CPU seconds of all processes / wall seconds: how many cores the run really had
        "cores_used_jobs1": statistics.median(cpu[1]) / one,
        "cores_used_jobs2": statistics.median(cpu[2]) / two,
        "cpu_seconds_jobs1": spread(cpu[1]),
        "cpu_seconds_jobs2": spread(cpu[2]),
        "load_average_after": list(os.getloadavg()),
        "same_output": outputs.get(1) == outputs.get(2),
        "note": "wall time of the whole command (start-up and model loading included), 1 BLAS thread per process; "
                "cores_used = CPU seconds of the command and its workers / wall seconds (below 2 for --jobs 2: "
                "the workers did not have two free cores)",
    }


def _children_cpu() -> float:
    """User + system CPU seconds of the finished child processes so far (workers included)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _read_output(path: Path) -> list[str]:
    """Every line the CLI wrote (a file, or the files of a folder), sorted: order may differ between job counts."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path] if path.exists() else []
    return sorted(line for p in files for line in p.read_text(encoding="utf-8").splitlines())


def measure_profile(args: argparse.Namespace) -> dict:
    """pyinstrument over the full chain; writes ``results/profile.txt`` and returns the top rows."""
    from speed_profile import format_summary

    with tempfile.TemporaryDirectory(prefix="ruevents-profile-") as folder:
        tree = Path(folder) / "tree.txt"
        log(f"  pyinstrument over the sample corpus x{args.replicate}")
        result = run_worker({"task": "profile", "system": "ruevents", "replicate": args.replicate,
                             "profile_text": str(tree), "interval": 0.001})
        tree_text = tree.read_text(encoding="utf-8")
    stages = result["stages"]
    total = result["seconds"]
    header = [
        "ruevents full chain profiled with pyinstrument (sampling, 1 ms), models already loaded",
        f"command: .venv/bin/python benchmarks/speed.py --profile{' --quick' if args.quick else ''}",
        f"measured: {dt.datetime.now().isoformat(timespec='seconds')} on {cpu_model()} ({os.cpu_count()} cores, shared)",
        f"corpus: data/sample x{args.replicate} = {result['documents']} documents, {result['characters']} characters; "
        f"{total:.2f} s under the profiler",
        "",
        "How to read it: the stage clocks below are exact wall time per stage.  In the tables and the tree,",
        "frames named `cinit spacy/tokens/token.pxd` and the thread's own `[self]` time sit at the top level:",
        "mostly spaCy's Cython code (a new Token object on every doc[i] and token iteration) entered without",
        "a Python frame, so pyinstrument cannot name the caller, and the cyclic garbage collector (see",
        "gc_seconds in speed.json); the stage clocks include that time.",
        "",
        "Stage times in the same run (stage clocks of speed_systems.TimedStage):",
    ]
    header += [f"  {name:<10} {seconds:7.3f} s {seconds / total:6.1%}" for name, seconds in
               sorted(stages.items(), key=lambda kv: -kv[1])]
    PROFILE.parent.mkdir(parents=True, exist_ok=True)
    PROFILE.write_text("\n".join(header) + "\n\n" + format_summary(result["summary"]) + "\nCall tree\n---------\n"
                       + tree_text, encoding="utf-8")
    log(f"  wrote {PROFILE.relative_to(ROOT)}")
    return {"seconds": total, "documents": result["documents"], "stages": stages,
            "top_self": result["summary"]["self"][:15], "top_inclusive_ours": result["summary"]["inclusive_ours"][:15],
            "text": str(PROFILE.relative_to(ROOT))}


# -- the machine ----------------------------------------------------------------


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _pymorphy3_c_dawg() -> bool | None:
    try:
        from pymorphy3 import dawg
    except ImportError:
        return None
    return bool(dawg.EXTENSION_AVAILABLE)


def machine() -> dict:
    """What the figures were taken on."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions,
        # pymorphy3 reads its dictionaries with the C DAWG reader when dawg2 is installed (4x faster parses)
        "pymorphy3_c_dawg": _pymorphy3_c_dawg(),
        "load_average_at_start": list(os.getloadavg()),
    }


# -- printing -------------------------------------------------------------------


def _fmt_spread(s: dict, digits: int = 1) -> str:
    return f"{s['median']:.{digits}f} [{s['min']:.{digits}f}–{s['max']:.{digits}f}]"


def print_report(results: dict) -> None:
    """The tables on stdout, from the results as written to JSON."""
    section = results.get("throughput")
    if section:
        systems = section["systems"]
        print(f"\nThroughput, 1 BLAS thread per process, {systems['ruevents']['repetitions']} repetitions "
              "(median [min–max])")
        print(f"{'corpus':<8} {'system':<9} {'docs':>5} {'docs/s':>20} {'chars/s':>26} {'load s':>17} {'peak RSS MB':>19}")
        for corpus in systems["ruevents"]["corpora"]:
            for name in SYSTEMS:
                s = systems[name]
                c = s["corpora"][corpus]
                print(f"{corpus:<8} {name:<9} {c['documents']:>5} {_fmt_spread(c['docs_per_s']):>20} "
                      f"{_fmt_spread(c['chars_per_s'], 0):>26} {_fmt_spread(s['load_seconds'], 2):>17} "
                      f"{_fmt_spread(s['peak_rss_mb'], 0):>19}")
        print("\nruevents / natasha (throughput: ≥ 1.0 means ruevents is faster)")
        for corpus, r in section["ratios"].items():
            if isinstance(r, dict):
                print(f"  {corpus:<8} {r['throughput_ratio']:.2f}  (side-by-side runs {r['paired_ratio_min']:.2f}–"
                      f"{r['paired_ratio_max']:.2f})")
        print(f"  load time {section['ratios']['load_time_ratio']:.2f}, peak RSS {section['ratios']['peak_rss_ratio']:.2f}")
        corpus = "all" if "all" in systems["ruevents"]["corpora"] else next(iter(systems["ruevents"]["corpora"]))
        for name in SYSTEMS:
            stages = systems[name]["corpora"][corpus]["stages_seconds_median"]
            total = sum(stages.values()) or 1.0
            print(f"\n{name} stages on '{corpus}' (median seconds, share)")
            for stage, seconds in stages.items():
                print(f"  {stage:<10} {seconds:7.2f} {seconds / total:6.1%}")
        default = section.get("default_threads")
        if default:
            print("\nDefault BLAS threads (one run each): chars/s")
            for name in SYSTEMS:
                c = default["systems"][name]["corpora"][corpus]["chars_per_s"]["median"]
                one = systems[name]["corpora"][corpus]["chars_per_s"]["median"]
                print(f"  {name:<9} {c:9.0f} (1 thread: {one:.0f}; threads in process: "
                      f"{default['systems'][name]['threads_in_process']} vs {systems[name]['threads_in_process']})")
            print(f"  ratio ruevents / natasha with default threads: {default['ratios'][corpus]['throughput_ratio']:.2f}")
    scaling = results.get("scaling")
    if scaling:
        print("\nCost vs document size (ruevents, one document)")
        for row in scaling["sizes"]:
            if row["seconds"] is not None:
                seconds, growth = f"{row['seconds']:.2f} s", (f"x{row['time_ratio']:.1f} time "
                                                               f"(per character x{row['time_per_char_ratio']:.2f})")
            else:
                seconds, growth = f"> {row['timed_out_after_s']:.0f} s", f"> x{row['time_ratio_at_least']:.0f} time (stopped)"
            print(f"  {row['bytes_utf8'] / 1000:6.0f} kB {row['characters']:8d} chars {seconds:>10}  "
                  f"x{row['size_ratio']:.1f} size -> {growth}")
            stages = row.get("stages") or {}
            if stages:
                print("      " + ", ".join(f"{k} {v:.2f}" for k, v in sorted(stages.items(), key=lambda kv: -kv[1])[:5]))
        print("Memory vs number of short documents (streamed extract_many)")
        for name, run in scaling["memory"].items():
            last = run["checkpoints"][-1]
            print(f"  {run['count']:6d} docs, {run['distinct']:5d} distinct: peak RSS {run['peak_rss_mb']:.0f} MB "
                  f"({run['seconds']:.0f} s; spaCy strings {last['spacy_strings']}, pymorphy3 cache "
                  f"{last['pymorphy_cached_words']} words)")
        print(f"  growth, same documents cycled {scaling['memory_growth_same_cycled']:+.1%} (within 10 %: "
              f"{scaling['memory_within_10_percent']}); new text all along {scaling['memory_growth_new_text']:+.1%}")
    jobs = results.get("jobs")
    if jobs:
        if jobs.get("measured"):
            print(f"\n--jobs 2 vs --jobs 1 ({jobs['documents']} files): x{jobs['speedup']:.2f} "
                  f"({_fmt_spread(jobs['seconds_jobs1'], 1)} s vs {_fmt_spread(jobs['seconds_jobs2'], 1)} s wall; "
                  f"CPU {jobs.get('cpu_seconds_jobs1', {}).get('median', float('nan')):.1f} s vs "
                  f"{jobs.get('cpu_seconds_jobs2', {}).get('median', float('nan')):.1f} s; cores used "
                  f"{jobs.get('cores_used_jobs1', float('nan')):.2f} vs {jobs.get('cores_used_jobs2', float('nan')):.2f}), "
                  f"same output: {jobs['same_output']}")
        else:
            print(f"\n--jobs: {jobs['note']}")


# -- main -----------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small corpus, 2 repetitions (< 1 minute)")
    parser.add_argument("--repeat", type=int, help="repetitions per system (default 3, --quick 2)")
    parser.add_argument("--replicate", type=int, help="copies of the sample corpus (default 20, --quick 2)")
    parser.add_argument("--nerel-limit", type=int, help="use only the first N NEREL dev texts (--quick: 10)")
    parser.add_argument("--no-nerel", action="store_true", help="leave the NEREL dev texts out")
    parser.add_argument("--no-default-threads", action="store_true", help="skip the run with default BLAS threads")
    parser.add_argument("--no-throughput", action="store_true", help="skip the main comparison (with --scaling etc.)")
    parser.add_argument("--scaling", action="store_true", help="also cost vs document size and memory vs documents")
    parser.add_argument("--size-timeout", type=float, default=180.0,
                        help="seconds one run over one document may take in --scaling before it is stopped "
                             "(default 180; the stage times so far are kept)")
    parser.add_argument("--jobs", action="store_true", help="also time `ruevents extract --jobs 1` vs `--jobs 2`")
    parser.add_argument("--jobs-replicate", type=int,
                        help="copies of the sample corpus written out for --jobs (default 5 x --replicate: 1,200 files, so that start-up is a small part of the run, as over a real folder)")
    parser.add_argument("--profile", action="store_true", help=f"also profile the chain into {PROFILE.relative_to(ROOT)}")
    parser.add_argument("--out", type=Path, default=RESULT, help=f"results JSON (default {RESULT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    args.repeat = args.repeat or (2 if args.quick else 3)
    args.replicate = args.replicate or (2 if args.quick else 20)
    args.jobs_replicate = args.jobs_replicate or 5 * args.replicate
    if args.quick and args.nerel_limit is None:
        args.nerel_limit = 10
    if args.repeat < 1 or args.replicate < 1:
        parser.error(f"expected --repeat and --replicate >= 1, got {args.repeat} and {args.replicate}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    corpora = ["sample"]
    notes = []
    if args.no_nerel:
        notes.append("NEREL dev left out (--no-nerel)")
    elif speed_corpus.nerel_items(limit=1):
        corpora.append("nerel")
    else:
        notes.append(f"NEREL dev not found at {speed_corpus.NEREL_DEV}: sample corpus only")
    for note in notes:
        log(f"note: {note}")
    results = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    now = dt.datetime.now().isoformat(timespec="seconds")
    results["machine"] = machine()
    command = "benchmarks/speed.py " + " ".join(sys.argv[1:] if argv is None else argv)
    results["command"] = command
    corpus_info = {"sample": {"replicate": args.replicate, **speed_corpus.describe(speed_corpus.corpus("sample", replicate=args.replicate))}}
    if "nerel" in corpora:
        corpus_info["nerel"] = {"path": str(speed_corpus.NEREL_DEV), "limit": args.nerel_limit,
                                **speed_corpus.describe(speed_corpus.corpus("nerel", nerel_limit=args.nerel_limit))}
    if not args.no_throughput:
        log("throughput")
        results["throughput"] = {"measured_at": now, "command": command, "load_average_at_start": list(os.getloadavg()),
                                 "quick": args.quick, "corpora": corpus_info, "notes": notes,
                                 **measure_throughput(args, corpora)}
    if args.scaling:
        log("scaling")
        results["scaling"] = {"measured_at": now, "command": command, "quick": args.quick, **measure_scaling(args)}
    if args.jobs:
        log("jobs")
        results["jobs"] = {"measured_at": now, "command": command, **measure_jobs(args)}
    if args.profile:
        log("profile")
        results["profile"] = {"measured_at": now, "command": command, **measure_profile(args)}
    results["machine"]["load_average_at_end"] = list(os.getloadavg())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print_report(results)
    print(f"\nwrote {args.out} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
