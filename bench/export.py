#!/usr/bin/env python3
"""Times the bulk export (issue 18): rows/s per connection, the server's RSS during the export, and
`COPY (SELECT ...) TO STDOUT` of the same rows in the same run.

Loads `governance bench-data --scale N` (as bench/run.py does) into a throwaway PostgreSQL 15 cluster
and/or an SQLite file, starts the release server, and exports, one at a time over one connection:
collaboration agreements as NDJSON and the actions (the largest kind) as NDJSON and as CSV, as a
system_admin and as the bench organisation's reader. For each it counts the rows received, the seconds
to the last byte (rows/s), the time to the first byte, and samples the server's VmRSS every
`--sample-ms` ms during the export (baseline: before the request; peak: the largest sample; VmHWM,
reset before each export, as a check on samples missed between reads).

On PostgreSQL it then runs, in the same run, the statement the export runs for its first page, with
its parameters, without the page's LIMIT (the same rows, the same visibility predicate), through
`psql -c "COPY (...) TO STDOUT"`: `row_to_json` of each row for an NDJSON export, `FORMAT csv, HEADER`
for a CSV export; and counts the statements each export ran (pg_stat_statements, reset before it).
The statement is captured from PostgreSQL's log in an untimed export of its own (log_min_duration_statement
= 0 for that export only).

Usage: python3 bench/export.py --scale 1 --backends postgres,sqlite --out bench/results-issue18-export.md
(builds nothing: run `cargo build --release --bin governance` first; --binary defaults to
$CARGO_TARGET_DIR/release/governance, as bench/transfer.py's does)
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from postgres import Cluster, find  # noqa: E402
from run import Server, load_data  # noqa: E402

TARGET_ROWS_PER_S = 20_000
TARGET_RSS_MB = 100

# (kind, format, table whose rows the export lists: where its first page's statement is found)
EXPORTS = [
    ("collaboration-agreements", "ndjson", "collaboration_agreements"),
    ("actions", "ndjson", "board_actions"),
    ("actions", "csv", "board_actions"),
]


def rss_kb(pid: int, field: str = "VmRSS") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


class RssSampler(threading.Thread):
    """Samples a process's VmRSS every `interval` seconds until stopped."""

    def __init__(self, pid: int, interval: float):
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.samples: list[int] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.samples.append(rss_kb(self.pid))
            self.done.wait(self.interval)

    def stop(self) -> list[int]:
        self.done.set()
        self.join()
        return self.samples


def stream(base: str, path: str, token: str) -> dict:
    """GETs `path` over one connection, reading the body as it comes; counts records (lines)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=600)
    started = time.monotonic()
    connection.request("GET", path, headers={"Authorization": f"Bearer {token}"})
    response = connection.getresponse()
    first_byte = None
    size = lines = 0
    tail = b""
    while True:
        chunk = response.read1(1 << 16)
        if not chunk:
            break
        if first_byte is None:
            first_byte = time.monotonic() - started
        size += len(chunk)
        lines += chunk.count(b"\n")
        tail = chunk[-2:]
    seconds = time.monotonic() - started
    status = response.status
    headers = dict(response.getheaders())
    connection.close()
    assert status == 200, f"{path}: {status}"
    assert tail.endswith(b"\n"), f"{path}: the body ends mid-line"
    return {"seconds": seconds, "first_byte_s": first_byte or seconds, "bytes": size, "lines": lines,
            "feed_cursor": headers.get("Feed-Cursor"), "content_type": headers.get("Content-Type")}


def measure(server: Server, path: str, token: str, sample_ms: int) -> dict:
    pid = server.process.pid
    time.sleep(0.3)
    baseline = rss_kb(pid)
    server.reset_peak_rss()
    sampler = RssSampler(pid, sample_ms / 1000)
    sampler.start()
    result = stream(server.base, path, token)
    samples = sampler.stop()
    result["rss_baseline_mb"] = baseline / 1024
    result["rss_peak_mb"] = max(samples + [baseline]) / 1024
    result["rss_hwm_mb"] = rss_kb(pid, "VmHWM") / 1024
    result["rss_after_mb"] = rss_kb(pid) / 1024
    result["samples"] = len(samples)
    return result


def captured_statement(cluster: Cluster, log_before: int, table: str) -> str:
    """The first statement (with its parameters substituted) after `log_before` that lists `table` a
    page at a time, without its LIMIT: the export's rows."""
    log = cluster.log()[log_before:]
    entries = re.split(r"\n(?=\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] )", log)
    for i, entry in enumerate(entries):
        match = re.search(r"(?:execute [^:]*|statement): (SELECT .*)", entry, re.S)
        if not match or f'FROM "{table}"' not in match.group(1) or "LIMIT" not in match.group(1):
            continue
        sql = match.group(1).strip()
        params: dict[str, str] = {}
        if i + 1 < len(entries) and "DETAIL:  parameters:" in entries[i + 1]:
            detail = entries[i + 1].split("DETAIL:  parameters:", 1)[1].strip()
            for name, value in re.findall(r"(\$\d+) = ('(?:[^']|'')*'|NULL)", detail):
                params[name] = value
        for name in sorted(params, key=lambda n: -int(n[1:])):
            sql = sql.replace(name, params[name])
        return re.sub(r"\s+LIMIT\s+'?\d+'?\s*$", "", sql)
    raise RuntimeError(f"no page statement on {table} in the log")


def copy_rows(cluster: Cluster, database: str, sql: str, fmt: str) -> dict:
    if fmt == "csv":
        statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)"
    else:
        statement = f"COPY (SELECT row_to_json(t) FROM ({sql}) t) TO STDOUT"
    command = [find("psql"), "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "-X", "-q", "-c",
               statement, database]
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE)
    lines = size = 0
    assert process.stdout is not None
    while chunk := process.stdout.read1(1 << 16):
        lines += chunk.count(b"\n")
        size += len(chunk)
    process.wait()
    seconds = time.monotonic() - started
    assert process.returncode == 0, statement
    rows = lines - (1 if fmt == "csv" else 0)
    return {"seconds": seconds, "rows": rows, "bytes": size}


def psql_start(cluster: Cluster, database: str) -> float:
    """Seconds `psql -c "SELECT 1"` takes (start, connect, one statement): subtracted from each COPY."""
    runs = []
    for _ in range(5):
        started = time.monotonic()
        cluster.sql(database, "SELECT 1")
        runs.append(time.monotonic() - started)
    return min(runs)


def statements_of(cluster: Cluster, database: str) -> tuple[int, float]:
    out = cluster.sql(database, "SELECT coalesce(sum(calls), 0), coalesce(sum(total_exec_time), 0) FROM "
                                "pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' AND query NOT "
                                "LIKE '%webhook%' AND dbid = (SELECT oid FROM pg_database WHERE datname = "
                                f"'{database}')")
    calls, ms = out.split("|")
    return int(float(calls)), float(ms)


def run_backend(backend: str, args, binary: Path, cluster: Cluster | None, work: Path) -> list[dict]:
    data_dir = work / backend
    data_dir.mkdir()
    env = {"PATH": os.environ.get("PATH", ""), "GOVERNANCE_DATA_DIR": str(data_dir), "GOVERNANCE_RATE_LIMIT": "0",
           "GOVERNANCE_ANONYMOUS_RATE_LIMIT": "0", "GOVERNANCE_LOG": "warn", "GOVERNANCE_WEBHOOK_POLL_MS": "1000"}
    database = "governance_bench"
    if backend == "postgres":
        assert cluster is not None
        cluster.createdb(database)
        env["GOVERNANCE_DATABASE_URL"] = cluster.url(database)
    server = Server(binary, env, data_dir / "server.log")
    print(f"[{backend}] loading bench data at scale {args.scale} ...", flush=True)
    manifest = load_data(server, args.scale, data_dir)
    print(f"[{backend}] loaded in {manifest['load_seconds']} s: {manifest['counts']}", flush=True)
    server.start()
    time.sleep(1)
    started_rss = rss_kb(server.process.pid) / 1024
    callers = {
        "system_admin": server.command("token", "--org", manifest.get("admin_org", "governance-service"),
                                       "--roles", "system_admin", "--ttl", "2h"),
        f"{manifest['bench_org']} reader": server.command("token", "--org", manifest["bench_org"], "--roles",
                                                          "reader", "--ttl", "2h"),
    }
    if backend == "postgres":
        assert cluster is not None
        cluster.sql(database, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    startup = psql_start(cluster, database) if cluster is not None and backend == "postgres" else 0.0
    results = []
    try:
        for kind, fmt, table in EXPORTS:
            for caller, token in callers.items():
                path = f"/api/v1/exports/{kind}" + ("?format=csv" if fmt == "csv" else "")
                row = {"backend": backend, "kind": kind, "format": fmt, "caller": caller,
                       "rss_at_start_mb": started_rss}
                sql = None
                if backend == "postgres":
                    assert cluster is not None
                    # Untimed: capture the page statement from the log.
                    cluster.run("psql", "-q", "-c", "ALTER SYSTEM SET log_min_duration_statement = 0", "-c",
                                "SELECT pg_reload_conf()", "postgres")
                    time.sleep(0.3)
                    before = len(cluster.log())
                    stream(server.base, path, token)
                    cluster.run("psql", "-q", "-c", "ALTER SYSTEM RESET log_min_duration_statement", "-c",
                                "SELECT pg_reload_conf()", "postgres")
                    time.sleep(0.3)
                    sql = captured_statement(cluster, before, table)
                    cluster.sql(database, "SELECT pg_stat_statements_reset()")
                else:
                    stream(server.base, path, token)  # warm, as the PostgreSQL runs are
                best = None
                for _ in range(args.repeat):
                    result = measure(server, path, token, args.sample_ms)
                    if best is None or result["seconds"] < best["seconds"]:
                        best = {**result, "peak_of_all_mb": max(result["rss_peak_mb"],
                                                                (best or {}).get("peak_of_all_mb", 0))}
                    else:
                        best["peak_of_all_mb"] = max(best["peak_of_all_mb"], result["rss_peak_mb"])
                assert best is not None
                rows = best["lines"] - (1 if fmt == "csv" else 0)
                row.update(best, rows=rows, rows_per_s=rows / best["seconds"])
                if backend == "postgres":
                    assert cluster is not None and sql is not None
                    calls, exec_ms = statements_of(cluster, database)
                    row["statements"] = calls / args.repeat
                    row["pg_exec_ms"] = exec_ms / args.repeat
                    copies = [copy_rows(cluster, database, sql, fmt) for _ in range(args.repeat)]
                    copy = min(copies, key=lambda c: c["seconds"])
                    net = max(copy["seconds"] - startup, 1e-6)
                    row["copy"] = {**copy, "psql_start_s": startup, "net_seconds": net,
                                   "rows_per_s": copy["rows"] / net, "sql": sql}
                    row["ratio"] = row["rows_per_s"] / row["copy"]["rows_per_s"]
                    if copy["rows"] != rows:
                        row["copy_rows_differ"] = True
                print(f"[{backend}] {kind} {fmt} as {caller}: {rows} rows in {best['seconds']:.2f} s = "
                      f"{row['rows_per_s']:,.0f} rows/s, RSS {best['rss_baseline_mb']:.1f} -> "
                      f"{best['peak_of_all_mb']:.1f} MB"
                      + (f", COPY {row['copy']['rows_per_s']:,.0f} rows/s (x{row['ratio']:.3f}), "
                         f"{row['statements']:.0f} statements" if "copy" in row else ""), flush=True)
                results.append(row)
    finally:
        server.stop()
    return results


def render(results: list[dict], args, manifests: str) -> str:
    lines = [
        f"# Export benchmark (issue 18), bench scale {args.scale}",
        "",
        f"`python3 bench/export.py --scale {args.scale} --backends {args.backends}` on "
        f"{time.strftime('%Y-%m-%d %H:%M')}, release build, this 2-core machine (shared). Each export is one "
        f"connection, run {args.repeat} times: the fastest is reported, and the largest RSS sample of all of "
        f"them. RSS sampled every {args.sample_ms} ms from /proc/<pid>/status; \"RSS before\" is the server's "
        f"just before the export (\"at start\": after it started, before any export). COPY: the fastest of "
        f"{args.repeat} `psql -c \"COPY ...\"` runs less the time `psql -c \"SELECT 1\"` takes (start and "
        f"connect); rows/s of the export over rows/s of the COPY is the ratio (1.0x: as fast as COPY).",
        "",
        manifests,
        "",
        "| backend | kind | format | caller | rows | MB | s | rows/s | target 20,000 | first byte ms | RSS at start MB "
        "| RSS before MB | RSS peak MB | export's growth MB | under 100 MB | stmts | COPY rows/s | export / COPY |",
        "|---|---|---|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|",
    ]
    for r in results:
        copy = r.get("copy")
        lines.append(
            f"| {r['backend']} | {r['kind']} | {r['format']} | {r['caller']} | {r['rows']:,} | "
            f"{r['bytes'] / 1e6:.1f} | {r['seconds']:.2f} | {r['rows_per_s']:,.0f} | "
            f"{'met' if r['rows_per_s'] >= TARGET_ROWS_PER_S else 'missed'} | {r['first_byte_s'] * 1000:.0f} | "
            f"{r['rss_at_start_mb']:.1f} | {r['rss_baseline_mb']:.1f} | {r['peak_of_all_mb']:.1f} | "
            f"{r['peak_of_all_mb'] - r['rss_at_start_mb']:+.1f} | "
            f"{'met' if r['peak_of_all_mb'] < TARGET_RSS_MB else 'missed'} | "
            f"{r['statements']:.0f} | " if "statements" in r else
            f"| {r['backend']} | {r['kind']} | {r['format']} | {r['caller']} | {r['rows']:,} | "
            f"{r['bytes'] / 1e6:.1f} | {r['seconds']:.2f} | {r['rows_per_s']:,.0f} | "
            f"{'met' if r['rows_per_s'] >= TARGET_ROWS_PER_S else 'missed'} | {r['first_byte_s'] * 1000:.0f} | "
            f"{r['rss_at_start_mb']:.1f} | {r['rss_baseline_mb']:.1f} | {r['peak_of_all_mb']:.1f} | "
            f"{r['peak_of_all_mb'] - r['rss_at_start_mb']:+.1f} | "
            f"{'met' if r['peak_of_all_mb'] < TARGET_RSS_MB else 'missed'} | - | "
        )
        lines[-1] += (f"{copy['rows_per_s']:,.0f} | {r['ratio']:.3f}x |" if copy else "- | - |")
    lines += ["", "## The COPY statements (the export's first-page statement, parameters substituted, no LIMIT)", ""]
    seen = set()
    for r in results:
        if "copy" in r and (r["kind"], r["caller"]) not in seen:
            seen.add((r["kind"], r["caller"]))
            lines += [f"{r['kind']} as {r['caller']} ({r['copy']['rows']:,} rows"
                      + (", differs from the export's count!" if r.get("copy_rows_differ") else "") + "):", "",
                      "```sql", r["copy"]["sql"], "```", ""]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1)
    parser.add_argument("--backends", default="postgres")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample-ms", type=int, default=50)
    parser.add_argument("--out", default="bench/results-issue18-export.md")
    parser.add_argument("--json", help="also write every figure here")
    parser.add_argument("--binary", default=os.environ.get("CARGO_TARGET_DIR", "target") + "/release/governance")
    args = parser.parse_args()
    binary = Path(args.binary).resolve()
    work = Path(tempfile.mkdtemp(prefix="export-bench-"))
    work.chmod(0o755)  # the cluster runs as `postgres` when this runs as root
    backends = args.backends.split(",")
    cluster = Cluster(work / "pg") if "postgres" in backends else None
    results: list[dict] = []
    try:
        if cluster:
            cluster.start()
        for backend in backends:
            results += run_backend(backend, args, binary, cluster, work)
    finally:
        if cluster:
            cluster.stop()
    counts = []
    for backend in backends:
        manifest = json.loads((work / backend / "manifest.json").read_text())
        counts.append(f"{backend}: {manifest['counts']}")
    text = render(results, args, "Data loaded: " + "; ".join(counts) + ".")
    Path(args.out).write_text(text)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    print(text)


if __name__ == "__main__":
    main()
