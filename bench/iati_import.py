"""Benchmark of the IATI import (and export) against the bare lxml parse of the same files.

    python bench/iati_import.py                     # samples + generated 100,000 activities
    python bench/iati_import.py --activities 20000  # a smaller generated file
    python bench/iati_import.py --skip-samples --keep FILE.xml
    DATABASE_URL=postgres://... python bench/iati_import.py

For each input it prints, in the same run: the bare `lxml.etree.iterparse` time of the same
bytes (the best of two, the files read once before); the Kakehashi import time, their ratio,
MB/s, activities/s, twice: first bare (the `activities_written` receivers disconnected: no
search-index update) into an empty database, then, after emptying it again, as in
production, including the portal's reindex of the written activities; then the export time
and MB/s; and the peak memory (max RSS) of the import (importer process and its mapping
worker) and of the export, each in a fresh child process.
Without DATABASE_URL a throwaway SQLite database is used. The load average is printed
before each input: measure on a quiet machine.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "data" / "iati" / "samples"


def bare_parse(paths: list[str]) -> tuple[float, int]:
    from lxml import etree

    started = time.perf_counter()
    count = 0
    for path in paths:
        try:
            for _event, element in etree.iterparse(
                path, events=("end",), tag="iati-activity", resolve_entities=False,
                no_network=True, load_dtd=False,
            ):  # fmt: skip
                count += 1
                element.clear(keep_tail=True)
                while element.getprevious() is not None:
                    del element.getparent()[0]
        except etree.XMLSyntaxError:
            pass
    return time.perf_counter() - started, count


def _warm(paths: list[str]) -> None:
    """Read the files once, so that the page cache is as warm for the bare parse as for the
    import that follows."""
    for path in paths:
        with open(path, "rb") as stream:
            while stream.read(1 << 24):
                pass


def child(task: str, paths: list[str], env: dict) -> dict:
    """Run `task` (import or export) in a fresh interpreter: its own peak memory."""
    code = f"""
import json, os, resource, sys, time
sys.path.insert(0, {str(ROOT)!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
import django
django.setup()
paths = {paths!r}
started = time.perf_counter()
if {task!r} in ("import", "import-bare"):
    from kakehashi.iati.services.importer import import_paths
    if {task!r} == "import-bare":  # no listener: the import alone, without the reindex
        from kakehashi.registry.signals import activities_written
        activities_written.receivers.clear()
        activities_written.sender_receivers_cache.clear()
    summary = import_paths(paths)
    result = {{"created": summary.created, "updated": summary.updated,
              "unchanged": summary.unchanged, "skipped": summary.skipped,
              "errors": summary.errors}}
else:
    from kakehashi.iati.services.exporter import export_activities
    result = {{"activities": export_activities(paths[0])}}
result["seconds"] = time.perf_counter() - started
result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
result["worker_peak_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print("RESULT" + json.dumps(result))
"""
    output = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    for line in output.stdout.splitlines():
        if line.startswith("RESULT"):
            return json.loads(line[6:])
    raise SystemExit(f"{task} failed:\n{output.stderr[-3000:]}")


def fresh_database(env: dict, workdir: str) -> dict:
    env = dict(env)
    if not env.get("DATABASE_URL"):
        env["KAKEHASHI_VAR_DIR"] = workdir
        env["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "-v0", "--skip-checks"],
        env={**env, "DJANGO_SETTINGS_MODULE": "kakehashi.settings", "PYTHONPATH": str(ROOT)},
        check=True,
    )
    return env


def flush_database(env: dict) -> None:
    subprocess.run(
        [sys.executable, "-m", "django", "flush", "--no-input", "--skip-checks"],
        env={**env, "DJANGO_SETTINGS_MODULE": "kakehashi.settings", "PYTHONPATH": str(ROOT)},
        check=True,
    )


def _import_line(label: str, result: dict, size: float, count: int, parse: float) -> str:
    seconds = result["seconds"]
    return (
        f"{label:<20}: {seconds:8.2f} s  {size / seconds:7.1f} MB/s  "
        f"{count / seconds:8.0f} activities/s  1/{seconds / parse:.1f} of parse  "
        f"peak {result['peak_mb']:.0f} MB + worker {result['worker_peak_mb']:.0f} MB"
    )


def run(label: str, paths: list[str], env: dict, workdir: str) -> None:
    size = sum(os.path.getsize(p) for p in paths) / 1e6
    load = os.getloadavg()
    _warm(paths)
    # The best of two: a cold page cache or a passing hiccup must not flatter the ratio.
    parse_seconds, count = min(bare_parse(paths), bare_parse(paths))
    bare = child("import-bare", paths, env)
    flush_database(env)
    imported = child("import", paths, env)
    exported_path = os.path.join(workdir, "export.xml")
    exported = child("export", [exported_path], env)
    export_mb = os.path.getsize(exported_path) / 1e6
    print(f"\n== {label}: {len(paths)} files, {size:.1f} MB, {count} activities")
    print(f"load average before : {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"bare lxml iterparse : {parse_seconds:8.2f} s  {size / parse_seconds:7.1f} MB/s")
    print(_import_line("import, no reindex", bare, size, count, parse_seconds))
    print(_import_line("import + reindex", imported, size, count, parse_seconds))
    counts = {k: v for k, v in imported.items() if k not in ("seconds", "peak_mb")}
    counts.pop("worker_peak_mb", None)
    print(f"import summary      : {json.dumps(counts)}")
    print(
        f"kakehashi export    : {exported['seconds']:8.2f} s  "
        f"{export_mb / exported['seconds']:7.1f} MB/s  ({export_mb:.1f} MB, "
        f"{exported['activities']} activities)  peak {exported['peak_mb']:.0f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="IATI import/export benchmark")
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--skip-samples", action="store_true")
    parser.add_argument("--keep", help="keep (or reuse) the generated file at this path")
    args = parser.parse_args()
    database = os.environ.get("DATABASE_URL") or "SQLite (throwaway)"
    print(f"machine: {os.cpu_count()} cores; database: {database}")
    with tempfile.TemporaryDirectory() as workdir:
        env = fresh_database(dict(os.environ), workdir)
        if not args.skip_samples and SAMPLES.is_dir():
            samples = [str(p) for p in sorted(SAMPLES.rglob("*.xml"))]
            run("samples", samples, env, workdir)
            flush_database(env)
        generated = args.keep or os.path.join(workdir, "generated.xml")
        if not os.path.exists(generated):
            subprocess.run(
                [sys.executable, str(ROOT / "bench" / "generate_iati.py"), generated,
                 "--activities", str(args.activities)],
                check=True,
            )  # fmt: skip
        run(f"generated ({args.activities} activities)", [generated], env, workdir)


if __name__ == "__main__":
    main()
