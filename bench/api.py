"""API benchmark: list endpoints under 20 concurrent clients, and cursor page 1 vs page 1,000.

    .venv/bin/python bench/api.py [--activities 100000] [--clients 20] [--requests 40]
        [--server gunicorn|waitress] [--workers 3] [--threads 1] [--no-cache]

Uses the database of DATABASE_URL (default: var/bench-api.sqlite3, its own file), fills it
with sample activities by bulk_create once, serves the app as production does (gunicorn,
several sync worker processes; or one waitress process with threads) on a loopback port, and
reports p50/p95 per endpoint. Bounded: each client sends --requests requests per endpoint,
then everything stops.
"""

import argparse
import datetime
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "BENCH-"


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakehashi.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def generate(count: int) -> None:
    """`count` published activities with a country and a sector each (bulk_create, no audit)."""
    from django.core.management import call_command

    from kakehashi.core.models import Office
    from kakehashi.registry.models import (
        Activity,
        ActivitySector,
        Organisation,
        RecipientCountry,
        narratives_from,
    )

    call_command("migrate", verbosity=0)
    have = Activity.objects.filter(iati_identifier__startswith=PREFIX).count()
    if have >= count:
        return
    office, _ = Office.objects.get_or_create(
        code="bench", defaults={"name_ja": "ベンチ", "name_en": "Bench"}
    )
    reporter, _ = Organisation.objects.get_or_create(
        iati_identifier="XM-BENCH", defaults={"name_en": "Bench reporter", "kind": "government"}
    )
    countries = ["KZ", "VN", "TH", "KE", "BR", "ID", "PH", "EG", "IN", "MX"]
    start = datetime.date(2010, 4, 1)
    batch = 5000
    for first in range(have, count, batch):
        rows = [
            Activity(
                iati_identifier=f"{PREFIX}{n:07d}",
                reporting_org=reporter,
                responsible_office=office,
                kind="oda_project",
                title=narratives_from(ja=f"ベンチ活動{n}", en=f"Bench activity {n}"),
                activity_status=str(1 + n % 4),
                default_currency="JPY",
                planned_start=start + datetime.timedelta(days=n % 4000),
                is_published=n % 10 != 0,
            )
            for n in range(first, min(first + batch, count))
        ]
        Activity.objects.bulk_create(rows, batch_size=1000)
        created = Activity.objects.filter(iati_identifier__in=[r.iati_identifier for r in rows])
        ids = list(created.values_list("pk", flat=True))
        RecipientCountry.objects.bulk_create(
            [RecipientCountry(activity_id=i, country_code=countries[i % 10]) for i in ids],
            batch_size=1000,
        )
        ActivitySector.objects.bulk_create(
            [ActivitySector(activity_id=i, code=str(11110 + i % 50), vocabulary="1") for i in ids],
            batch_size=1000,
        )
        print(f"  generated {min(first + batch, count):,} activities", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_command(server: str, port: int, workers: int, threads: int) -> list[str]:
    if server == "waitress":  # one process: every request shares one GIL
        threads = 24 if threads == 1 else threads  # the former setting
        return [
            sys.executable,
            "-m",
            "waitress",
            f"--listen=127.0.0.1:{port}",
            f"--threads={threads}",
            "--connection-limit=200",
            "kakehashi.wsgi:application",
        ]
    return [
        sys.executable,
        "-m",
        "gunicorn",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",  # 1: sync workers; more: gthread
        "--backlog=256",
        "--log-level=warning",
        "kakehashi.wsgi:application",
    ]


def serve(database_url: str, command: list[str], port: int, cache_seconds: str) -> subprocess.Popen:
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        KAKEHASHI_API_RATE_ANONYMOUS="1000000/minute",
        KAKEHASHI_API_PUBLIC_CACHE_SECONDS=cache_seconds,
    )
    server = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start: " + server.stderr.read().decode()[-2000:])


def fetch(url: str, parse: bool = True) -> tuple[float, dict | None]:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        body = response.read()
        assert response.status == 200
    elapsed = (time.perf_counter() - started) * 1000
    return elapsed, json.loads(body) if parse else None


def load(url: str, clients: int, requests: int) -> list[float]:
    timings, lock = [], threading.Lock()

    def client():
        for _ in range(requests):
            elapsed, _body = fetch(url, parse=False)
            with lock:
                timings.append(elapsed)

    workers = [threading.Thread(target=client) for _ in range(clients)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return timings


def page_url(base: str, path: str, page: int) -> str:
    """The URL of cursor page `page` (following `next` from the first)."""
    url = f"{base}{path}"
    for _ in range(page - 1):
        url = fetch(url)[1]["next"]
    return url


def report(name: str, timings: list[float]) -> dict:
    timings = sorted(timings)
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"{name:<48} n={len(timings):>5}  p50={p50:7.1f} ms  p95={p95:7.1f} ms", flush=True)
    return {"endpoint": name, "n": len(timings), "p50_ms": round(p50, 1), "p95_ms": round(p95, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=40, help="per client and endpoint")
    parser.add_argument("--server", choices=["gunicorn", "waitress"], default="gunicorn")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per process (1: gunicorn sync workers)"
    )
    parser.add_argument(
        "--no-cache",
        action="store_true",
        help="no anonymous response cache (KAKEHASHI_API_PUBLIC_CACHE_SECONDS=0)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL") or f"sqlite:///{ROOT / 'var' / 'bench-api.sqlite3'}",
    )
    args = parser.parse_args()
    setup_django(args.database_url)
    cache_seconds = (
        "0" if args.no_cache else os.environ.get("KAKEHASHI_API_PUBLIC_CACHE_SECONDS", "30")
    )
    print(f"database: {args.database_url.split('@')[-1]}; activities: {args.activities:,}")
    generate(args.activities)
    port = free_port()
    command = server_command(args.server, port, args.workers, args.threads)
    print(f"server: {' '.join(command[1:])}; response cache: {cache_seconds} s", flush=True)
    server = serve(args.database_url, command, port, cache_seconds)
    base = f"http://127.0.0.1:{port}"
    try:
        page_1000 = page_url(base, "/api/v1/activities/", 1000)
        endpoints = {
            "GET /api/v1/activities/ (page 1)": f"{base}/api/v1/activities/",
            "GET /api/v1/activities/ (page 1,000)": page_1000,
            "GET /api/v1/activities/?country=KZ&status=2": (
                f"{base}/api/v1/activities/?country=KZ&status=2"
            ),
            "GET /api/v1/organisations/": f"{base}/api/v1/organisations/",
            "GET /api/v1/contributions/": f"{base}/api/v1/contributions/",
        }
        for url in endpoints.values():  # warm up every worker thread's connection
            load(url, args.clients, 2)
        results = [
            report(name, load(url, args.clients, args.requests)) for name, url in endpoints.items()
        ]
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
