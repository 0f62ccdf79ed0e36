"""Public portal load test: 100,000 generated activities, 20 concurrent users, p95 per page.

    python bench/portal.py --database sqlite:///var/bench-portal.sqlite3 [--activities 100000]
    python bench/portal.py --database postgres://user@127.0.0.1:5432/bench

Fills the database once (`demo` generator, then `portal reindex`), serves it as in
production with gunicorn (2 worker processes x 6 threads by default, 127.0.0.1 only;
``--server waitress`` for one process), and runs a bounded threaded loop (each user keeps one
HTTP/1.1 connection alive, as a browser does; at most ``--max-requests`` requests and
``--warmup`` + ``--seconds`` seconds): each user requests, in turn, a search with facets
(random words, countries, sectors, statuses, years, amount bands, pages; mostly cache
misses), an activity page (random identifier) and the home page, waiting ``--think`` seconds
between requests (``--think 0``: closed loop). Prints p50/p95/max per page type and checks the
targets (search 300 ms, activity 150 ms, home 300 ms at p95).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"search": 300, "activity": 150, "home": 300}
WORDS = [
    "防災",
    "協力",
    "感染症",
    "水",
    "農業",
    "研究",
    "flood",
    "research",
    "water",
    "energy",
    "capacity",
    "気候変動",
    "教育",
    "health",
    "ＪＩＣＡ",
    "森林",
    "vaccine",
    "都市",
]
COUNTRIES = ["TH", "VN", "ID", "PH", "KE", "TZ", "BD", "MM", "LA", "KH", "NP", "GH", "SN", "SD"]
SECTORS = ["111", "121", "122", "140", "151", "230", "311", "410", "430"]


def setup(database: str, activities: int) -> list[str]:
    os.environ["DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from kakehashi.portal.models import ActivityIndex
    from kakehashi.registry.models import Activity

    call_command("migrate", interactive=False, verbosity=0)
    if Activity.objects.count() < activities:
        from kakehashi.registry.services.demo import load_demo

        started = time.perf_counter()
        print(f"generating {activities:,} activities …", flush=True)
        load_demo(activities=activities, accounts=False)
        print(f"  {time.perf_counter() - started:.0f} s", flush=True)
        if connection.vendor == "postgresql":  # fresh statistics after the bulk load
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
    if ActivityIndex.objects.count() < Activity.objects.public().count():
        from kakehashi.portal.services.search_index import rebuild_index

        started = time.perf_counter()
        print("indexing …", flush=True)
        count = rebuild_index()
        print(f"  {count:,} activities in {time.perf_counter() - started:.0f} s", flush=True)
    identifiers = list(
        Activity.objects.public().order_by("?").values_list("iati_identifier", flat=True)[:5000]
    )
    return identifiers


def search_url(rng: random.Random) -> str:
    params = []
    if rng.random() < 0.6:
        params.append(("q", rng.choice(WORDS)))
    if rng.random() < 0.4:
        params.append(("country", rng.choice(COUNTRIES)))
    if rng.random() < 0.3:
        params.append(("sector", rng.choice(SECTORS)))
    if rng.random() < 0.3:
        params.append(("status", rng.choice("234")))
    if rng.random() < 0.2:
        params.append(("year_from", str(rng.randrange(2008, 2022))))
    if rng.random() < 0.15:
        params.append(("amount_min", "100000000"))
        params.append(("amount_max", "1000000000"))
    if rng.random() < 0.2:
        params.append(("sort", rng.choice(["-amount", "start", "-start"])))
    if rng.random() < 0.3:
        params.append(("page", str(rng.randrange(2, 6))))
    lang = rng.choice(["ja", "en"])
    return f"/{lang}/activities/?" + urllib.parse.urlencode(params)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_command(server: str, port: int, workers: int, threads: int) -> list[str]:
    if server == "waitress":  # one process: every request shares one GIL
        return [
            str(ROOT / ".venv" / "bin" / "waitress-serve"),
            f"--listen=127.0.0.1:{port}",
            f"--threads={threads}",
            "--connection-limit=200",
            "kakehashi.wsgi:application",
        ]
    return [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        "--worker-class=gthread",
        f"--threads={threads}",
        "--backlog=256",
        "--keep-alive=5",
        "--log-level=warning",
        "kakehashi.wsgi:application",
    ]


def serve(database: str, port: int, command: list[str]) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database, "KAKEHASHI_DEBUG": "false"}
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/ja/", timeout=30)
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("the server did not start")


def fetch(connection: http.client.HTTPConnection | None, port: int, path: str):
    """GET ``path`` on a kept-alive connection (a new one when it was closed): status, conn."""
    for attempt in (1, 2):
        if connection is None:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            return response.status, connection
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            connection.close()
            connection = None
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def run(port: int, identifiers: list[str], options, think):
    results: dict[str, list[float]] = {"search": [], "activity": [], "home": []}
    errors: list[str] = []
    lock = threading.Lock()
    start = time.perf_counter()
    warmup = options.warmup
    stop_at = start + warmup + options.seconds

    def user(number: int) -> None:
        rng = random.Random(number)
        kinds = ["search", "activity", "home"]
        step = number
        connection = None
        for _ in range(options.max_requests):  # bounded in count as well as in time
            if time.perf_counter() >= stop_at:
                break
            kind = kinds[step % 3]
            step += 1
            if kind == "search":
                path = search_url(rng)
            elif kind == "activity":
                path = f"/{rng.choice(['ja', 'en'])}/activities/{rng.choice(identifiers)}/"
            else:
                path = f"/{rng.choice(['ja', 'en'])}/"
            began = time.perf_counter()
            try:
                status, connection = fetch(connection, port, path)
            except Exception as error:  # counted and reported
                connection = None
                with lock:
                    errors.append(f"{path}: {error}")
                continue
            elapsed = (time.perf_counter() - began) * 1000
            if status != 200:
                with lock:
                    errors.append(f"{path}: HTTP {status}")
            elif began - start >= warmup:
                with lock:
                    results[kind].append(elapsed)
            if think:
                time.sleep(rng.uniform(*think))
        if connection is not None:
            connection.close()

    workers = [threading.Thread(target=user, args=(n,)) for n in range(options.users)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results, errors


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database", required=True, help="DATABASE_URL of the bench database")
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=10)
    parser.add_argument("--max-requests", type=int, default=5000, help="per user, at most")
    parser.add_argument("--server", choices=["gunicorn", "waitress"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=6, help="threads per worker process")
    parser.add_argument(
        "--think",
        default="1,2",
        help="seconds a user waits between requests, min,max (locust-style); 0 for none",
    )
    options = parser.parse_args()
    think = tuple(float(x) for x in options.think.split(",")) if options.think != "0" else None
    identifiers = setup(options.database, options.activities)
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    port = free_port()
    command = server_command(options.server, port, options.workers, options.threads)
    print(" ".join(command[1:]).replace(str(ROOT) + "/", ""), flush=True)
    server = serve(options.database, port, command)
    try:
        results, errors = run(port, identifiers, options, think)
    finally:
        server.terminate()
        server.wait(timeout=10)
    vendor = options.database.split(":", 1)[0]
    print(
        f"\n{vendor}, {options.activities:,} activities, {options.users} users, "
        f"{options.seconds:.0f} s (after {options.warmup:.0f} s warm-up), think time "
        f"{options.think}, {options.server} {options.workers}x{options.threads}, "
        f"load average before {load_before}"
    )
    print(f"{'page':<10}{'requests':>10}{'p50 ms':>10}{'p95 ms':>10}{'max ms':>10}  target")
    ok = True
    for kind, values in results.items():
        if not values:
            print(f"{kind:<10}{0:>10}")
            ok = False
            continue
        p95 = percentile(values, 95)
        passed = p95 < TARGETS[kind]
        ok &= passed
        print(
            f"{kind:<10}{len(values):>10}{statistics.median(values):>10.0f}{p95:>10.0f}"
            f"{max(values):>10.0f}  p95 < {TARGETS[kind]} {'ok' if passed else 'MISSED'}"
        )
    if errors:
        print(f"{len(errors)} errors, e.g. {errors[:3]}")
    return 0 if ok and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
