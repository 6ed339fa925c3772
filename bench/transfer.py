"""Times a transfer order's impact report, preview and execution on the bench data (issue 13).

Loads `governance bench-data --scale N` into a throwaway PostgreSQL 15 cluster (as bench/run.py does),
takes the office with the most agreement parties as the predecessor, records a successor and an order
through the API, then times GET /impact (the report without previewing) several times, the preview, and
the execution, and counts the statements each ran (auto_explain at 0 ms for one report). The plans of
the statements slower than 5 ms during the preview and the execution go to the output file.

Usage: python3 bench/transfer.py --scale 10 --out bench/transfer-scale10-postgres.md
(builds nothing: run `cargo build --release --bin governance` first, as bench/run.sh does)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from postgres import Cluster  # noqa: E402
from run import Server, cpu_seconds, http, load_data  # noqa: E402


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def largest_office(cluster: Cluster) -> tuple[str, int]:
    out = cluster.run(
        "psql", "-At", "-c",
        "SELECT corporation_sole_id, count(*) FROM agreement_parties WHERE corporation_sole_id IS NOT NULL "
        "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1",
        "governance_bench",
    ).strip()
    office, parties = out.split("|")
    return office, int(parties)


def timed(method: str, url: str, token: str, body: dict | None = None, headers: dict | None = None):
    started = time.monotonic()
    data = None if body is None else __import__("json").dumps(body).encode()
    import urllib.request

    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    with urllib.request.urlopen(request, timeout=600) as response:
        payload = __import__("json").loads(response.read())
        status = response.status
    return status, payload, (time.monotonic() - started) * 1000


def statements_logged(cluster: Cluster, before: int) -> tuple[int, list[str]]:
    blocks = [b for b in cluster.log()[before:].split("LOG:  duration:")[1:] if "Query Text" in b]
    ours = [b for b in blocks if "webhook_" not in b]
    return len(ours), ours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", default="bench/transfer-postgres.md")
    parser.add_argument("--skip-execution", action="store_true", help="time the report and preview only")
    parser.add_argument("--perf", help="record the server's execution with `perf record -g` into this file")
    parser.add_argument("--binary", default=os.environ.get("CARGO_TARGET_DIR", "target") + "/release/governance")
    parser.add_argument("--keep-load", help="keep the loaded data in this directory, or start from it when it "
                        "holds a load of the same scale (the load takes minutes at scale 10)")
    args = parser.parse_args()
    binary = Path(args.binary).resolve()
    work = Path(tempfile.mkdtemp(prefix="transfer-bench-"))
    work.chmod(0o755)  # the cluster runs as `postgres` when this runs as root
    kept = Path(args.keep_load) if args.keep_load else None
    reuse = kept is not None and (kept / "manifest.json").exists() and \
        json.loads((kept / "manifest.json").read_text()).get("scale") == args.scale
    if reuse:
        subprocess.run(["cp", "-a", f"{kept}/.", str(work)], check=True)
    cluster = Cluster(work / "pg")
    cluster.resume() if reuse else cluster.start()
    try:
        if not reuse:
            cluster.createdb("governance_bench")
        env = {"PATH": os.environ.get("PATH", ""), "GOVERNANCE_DATA_DIR": str(work), "GOVERNANCE_RATE_LIMIT": "0",
               "GOVERNANCE_ANONYMOUS_RATE_LIMIT": "0", "GOVERNANCE_LOG": "warn",
               "GOVERNANCE_DATABASE_URL": cluster.url("governance_bench")}
        server = Server(binary, env, work / "server.log")
        if reuse:
            manifest = json.loads((work / "manifest.json").read_text())
            print(f"data of the load kept in {kept}", flush=True)
        else:
            print(f"loading bench data at scale {args.scale} ...", flush=True)
            manifest = load_data(server, args.scale, work)
            print(f"loaded in {manifest['load_seconds']} s", flush=True)
            if kept is not None:
                (work / "manifest.json").write_text(json.dumps({**manifest, "scale": args.scale}))
                cluster.pause()
                shutil.rmtree(kept, ignore_errors=True)
                subprocess.run(["cp", "-a", str(work), str(kept)], check=True)
                cluster.resume()
        office, parties = largest_office(cluster)
        server.start()
        admin = server.command("token", "--org", manifest.get("admin_org", "governance-service"), "--roles",
                               "system_admin", "--ttl", "2h")
        base = server.base
        _, _, predecessor = http("GET", f"{base}/api/v1/corporations-sole/{office}", admin)
        status, _, successor = http("POST", f"{base}/api/v1/corporations-sole", admin, {
            "slug": "bench-successor", "name": "Bench successor", "kind": "mayor",
            "force_id": predecessor.get("force_id"), "starts_on": "2030-05-11"})
        assert status == 201, successor
        status, _, order = http("POST", f"{base}/api/v1/transfer-orders", admin, {
            "citation": "SI 2030/0 (bench)", "title": "Bench transfer", "made_on": "2030-01-01",
            "in_force_on": "2030-05-11", "predecessor_ids": [office], "successor_id": successor["id"]})
        assert status == 201, order
        path = f"{base}/api/v1/transfer-orders/{order['id']}"

        impact_ms = []
        report = None
        for _ in range(args.repeat):
            _, report, ms = timed("GET", f"{path}/impact", admin)
            impact_ms.append(ms)
        items = sum(len(p["items"]) for p in report["predecessors"])
        kinds: dict[str, int] = {}
        for p in report["predecessors"]:
            for item in p["items"]:
                kinds[item["kind"]] = kinds.get(item["kind"], 0) + 1

        before = len(cluster.log())
        cluster.log_plans(True)
        time.sleep(0.5)
        timed("GET", f"{path}/impact", admin)
        time.sleep(0.5)
        cluster.log_plans(False)
        report_statements, _ = statements_logged(cluster, before)

        cluster.run("psql", "-q", "-c", "ALTER SYSTEM SET auto_explain.log_min_duration = 5", "-c",
                    "SELECT pg_reload_conf()", "postgres")
        time.sleep(0.5)
        before = len(cluster.log())
        _, preview, preview_ms = timed("POST", f"{path}/preview", admin, {}, {"If-Match": '"1"'})
        execute_ms = float("nan")
        # Where the execution's time goes: CPU of the server and of PostgreSQL, and the statements.
        cluster.sql("governance_bench", "CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        cluster.sql("governance_bench", "SELECT pg_stat_statements_reset()")
        pg_pids = cluster.pids()
        server_cpu0, pg_cpu0 = cpu_seconds([server.process.pid]), cpu_seconds(pg_pids)
        peak_before = peak_rss_mb(server.process.pid)
        perf = None
        if args.perf:
            perf = subprocess.Popen(["perf", "record", "-F", "199", "-g", "-o", args.perf, "-p",
                                     str(server.process.pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1)
        if not args.skip_execution:
            _, executed, execute_ms = timed("POST", f"{path}/execution", admin, {"digest": preview["digest"]},
                                            {"If-Match": '"2"'})
            assert executed["status"] == "executed", executed
        if perf:
            perf.send_signal(signal.SIGINT)
            perf.wait()
        server_cpu = cpu_seconds([server.process.pid]) - server_cpu0
        peak_after = peak_rss_mb(server.process.pid)
        pg_cpu = cpu_seconds(sorted(set(pg_pids) | set(cluster.pids()))) - pg_cpu0
        top = cluster.sql("governance_bench",
                          "SELECT calls, round(total_exec_time::numeric), round(total_plan_time::numeric), "
                          "left(regexp_replace(query, '\\s+', ' ', 'g'), 110) FROM pg_stat_statements "
                          "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                          "AND query NOT LIKE '%pg_stat_statements%' "
                          "ORDER BY total_exec_time + total_plan_time DESC LIMIT 25")
        totals = cluster.sql("governance_bench",
                             "SELECT sum(calls), round(sum(total_exec_time)::numeric), "
                             "round(sum(total_plan_time)::numeric) FROM pg_stat_statements "
                             "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                             "AND query NOT LIKE '%pg_stat_statements%'")
        time.sleep(0.5)
        cluster.log_plans(False)
        slow_count, slow = statements_logged(cluster, before)
        status, _, verification = http("GET", f"{base}/api/v1/audit-events/verification", admin)
        server.stop()

        lines = [
            f"# Transfer order timings (PostgreSQL, bench scale {args.scale})",
            "",
            f"`python3 bench/transfer.py --scale {args.scale}` on {time.strftime('%Y-%m-%d')}, release build; the",
            f"data loaded in {manifest['load_seconds']} s. Predecessor: the office with the most agreement parties",
            f"({parties} party rows).",
            "",
            f"Impact report: {items} items ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}).",
            "",
            "| step | ms |",
            "|---|---:|",
            f"| GET /impact (median of {args.repeat}) | {statistics.median(impact_ms):.0f} |",
            f"| GET /impact (slowest of {args.repeat}) | {max(impact_ms):.0f} |",
            f"| POST /preview | {preview_ms:.0f} |",
            f"| POST /execution | {'not run' if args.skip_execution else f'{execute_ms:.0f}'} |",
            "",
            f"Statements run by one impact report: {report_statements}. Audit chain after the execution: "
            f"{status}, valid {verification.get('valid')}, {verification.get('events_checked')} events.",
            "",
            "## Where the execution's time goes",
            "",
            f"CPU during the execution: server {server_cpu:.1f} s, PostgreSQL {pg_cpu:.1f} s. Statements "
            f"(calls, execution ms, planning ms): {totals.replace('|', ', ')}. The server's peak memory (VmHWM): "
            f"{peak_before:.0f} MB before the execution, {peak_after:.0f} MB after it.",
            "",
            "| calls | exec ms | plan ms | statement |",
            "|---:|---:|---:|---|",
            *(f"| {' | '.join(row.split('|', 3))} |" for row in top.splitlines() if row),
            "",
            f"## Plans of the statements slower than 5 ms during the preview and the execution ({slow_count})",
            "",
        ]
        lines += ["```", *("duration:" + block.strip() for block in slow[:20]), "```"] if slow else ["none", ""]
        Path(args.out).write_text("\n".join(lines) + "\n")
        print("\n".join(lines[:16]))
    finally:
        cluster.stop()
        # The data (gigabytes at scale 10) goes; the logs (the plans of every slow statement) stay.
        shutil.rmtree(cluster.data, ignore_errors=True)
        print(f"logs in {work}", flush=True)


if __name__ == "__main__":
    main()
