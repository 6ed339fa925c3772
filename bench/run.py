#!/usr/bin/env python3
"""The benchmark harness: bulk data, the release server, wrk at fixed concurrency, and the references.

For each backend (SQLite file, throwaway PostgreSQL 15 cluster) it loads `governance bench-data --scale N`,
starts the release server on it, and drives every scenario with wrk at each concurrency level. In the same
run it measures the references: `pgbench -S` on the same PostgreSQL at the same client count (the limit of
a point read) and the server's static `/healthz` JSON route (the framework's limit). Peak RSS of the server
is read per load (VmHWM, reset before each). Results: a table on stdout and `results.json` in the output
directory. Standard library only; see bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from postgres import Cluster  # noqa: E402
from report import render  # noqa: E402
from scenarios import SCENARIOS, Scenario  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LUA = Path(__file__).resolve().parent / "lua"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method: str, url: str, token: str | None = None, body: dict | None = None) -> tuple[int, dict, dict]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), json.loads(e.read() or b"null")


def keep_history(server: "Server", token: str, admin: str, manifest: dict) -> str:
    """Records a review of the sample agreement through the API, so that it has a kept state as every
    record changed since history began has (bulk-loaded rows have none), and answers an instant after it."""
    path = f"{server.base}/api/v1/collaboration-agreements/{manifest['agreement_id']}"
    _, _, agreement = http("GET", path, token)
    body = {"reviewed_on": "2026-06-30", "outcome": "Reviewed for the bench (illustrative).",
            "next_review_due": "2027-06-30"}
    for who in (token, admin):
        request = urllib.request.Request(f"{path}/reviews", data=json.dumps(body).encode(), method="POST")
        request.add_header("Authorization", f"Bearer {who}")
        request.add_header("Content-Type", "application/json")
        request.add_header("If-Match", f'"{agreement.get("version")}"')
        try:
            with urllib.request.urlopen(request, timeout=60):
                break
        except urllib.error.HTTPError as e:
            print(f"  review of the sample agreement refused: {e.code} {e.read()[:300]!r}", flush=True)
    time.sleep(0.01)
    from datetime import datetime, timezone
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def http_raw(url: str, token: str) -> bytes:
    request = urllib.request.Request(url)
    request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time consumed so far by these processes (all their threads), from /proc."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICK


class Meter:
    """Per-request cost of one load: CPU of the server and of the cluster's processes (ticks from /proc),
    client statements (pg_stat_statements, the measured database only) and bytes per response."""

    def __init__(self, server_pid: int, cluster: Cluster | None, database: str | None):
        self.server_pid, self.cluster, self.database = server_pid, cluster, database

    def statements(self) -> tuple[int, float, float] | None:
        """Client statements since the reset, and PostgreSQL's planning and execution time for them (ms)."""
        if not self.cluster or not self.database:
            return None
        row = self.cluster.sql(self.database, "SELECT coalesce(sum(calls), 0), coalesce(sum(total_plan_time), 0), "
                               "coalesce(sum(total_exec_time), 0) FROM pg_stat_statements "
                               "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                               "AND query NOT LIKE '%pg_stat_statements%' AND query NOT LIKE '%webhook%'")
        calls, plan, execute = row.split("|")
        return int(calls), float(plan), float(execute)

    def start(self) -> None:
        if self.cluster and self.database:
            self.cluster.sql(self.database, "SELECT pg_stat_statements_reset()")
        self.pg_pids = self.cluster.pids() if self.cluster else []
        self.server0, self.pg0 = cpu_seconds([self.server_pid]), cpu_seconds(self.pg_pids)

    def finish(self, measured: dict) -> None:
        requests = max(1, measured.get("requests") or 1)
        server = cpu_seconds([self.server_pid]) - self.server0
        measured["server_us_per_req"] = round(server * 1e6 / requests, 1)
        if self.cluster:
            # Backends forked during the load are counted from zero.
            pg_pids = sorted(set(self.pg_pids) | set(self.cluster.pids()))
            measured["pg_us_per_req"] = round((cpu_seconds(pg_pids) - self.pg0) * 1e6 / requests, 1)
        statements = self.statements()
        if statements is not None:
            calls, plan_ms, exec_ms = statements
            measured["statements_per_req"] = round(calls / requests, 2)
            measured["pg_plan_us_per_req"] = round(plan_ms * 1000 / requests, 1)
            measured["pg_exec_us_per_req"] = round(exec_ms * 1000 / requests, 1)
        if measured.get("bytes") is not None:
            measured["bytes_per_resp"] = round(measured["bytes"] / requests)


class Server:
    """The release binary serving one database, with the bench's settings."""

    def __init__(self, binary: Path, env: dict[str, str], log: Path):
        self.binary = binary
        self.env = env
        self.port = free_port()
        self.env["GOVERNANCE_BIND"] = f"127.0.0.1:{self.port}"
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen | None = None

    def command(self, *args: str) -> str:
        out = subprocess.run([str(self.binary), *args], env=self.env, check=True, capture_output=True, text=True)
        return out.stdout.strip()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(self.binary), "serve"], env=self.env, stdout=subprocess.DEVNULL, stderr=self.log.open("w")
        )
        for _ in range(600):
            try:
                urllib.request.urlopen(f"{self.base}/readyz", timeout=1)
                return
            except Exception:
                if self.process.poll() is not None:
                    sys.exit(f"the server exited: see {self.log}")
                time.sleep(0.1)
        sys.exit("the server did not become ready")

    def reset_peak_rss(self) -> None:
        # Writing 5 to clear_refs resets VmHWM, so each load reports its own peak.
        Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


def wrk(url: str, script: Path, concurrency: int, duration: int, env: dict[str, str]) -> dict:
    threads = min(2, concurrency)
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(concurrency), "-d", f"{duration}s", "--timeout", "10s",
         "-s", str(script), url],
        env={**os.environ, **env}, check=True, capture_output=True, text=True,
    )
    for line in out.stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line[len("BENCH_JSON "):])
    raise RuntimeError(f"wrk printed no result:\n{out.stdout}\n{out.stderr}")


def pgbench(cluster: Cluster, concurrency: int, duration: int, mode: str = "-S") -> dict:
    threads = min(2, concurrency)
    out = cluster.run(
        "pgbench", mode, "-M", "prepared", "-n", "-c", str(concurrency), "-j", str(threads), "-T", str(duration),
        "-r", "pgbench",
    )
    tps = next(float(line.split("=")[1].split()[0]) for line in out.splitlines() if line.startswith("tps ="))
    latency = next(
        float(line.split("=")[1].split()[0]) for line in out.splitlines() if line.startswith("latency average")
    )
    return {"rps": tps, "p50_ms": None, "p99_ms": None, "mean_ms": latency, "errors": 0, "requests": None}


# Issue 18: each search scenario's statements as the service runs them for its words (the ranked
# full-text statement, for the national search with the statement that dates its window first, and the
# passages of the first page), run directly on the same PostgreSQL by pgbench: the limit of the engine
# under the same query.
SEARCH_WORDS = {"search_board": "forensic", "search_national": "estates rationalisation"}
RANKED, RECENT, MOST_RECENT = 1000, 10_000, 200_000  # persistence::search


def periods(edge: str, newest: str) -> str:
    """persistence::search::periods: the months from edge's to newest's, whole years as the year (202600)."""
    (fy, fm), (ty, tm) = (tuple(int(p) for p in d.split("-")[:2]) for d in (edge, newest))
    if fy == ty:
        covered = [fy * 100 + m for m in range(fm, tm + 1)]
    else:
        covered = [fy * 100 + m for m in range(fm, 13)] + [y * 100 for y in range(fy + 1, ty)] + \
            [ty * 100 + m for m in range(1, tm + 1)]
    return "{" + ",".join(map(str, covered)) + "}"


def search_reference_sql(scenario: str, context: dict, cluster: Cluster) -> str:
    words = SEARCH_WORDS[scenario]
    query = f"plainto_tsquery('english', '{words}')"
    passages = (
        "SELECT r.id, ts_headline('english', s.title || ' | ' || s.body, " + query + ", 'MaxWords=30, MinWords=12, "
        "MaxFragments=1') FROM (SELECT c.id, c.rank FROM (SELECT e.id, CAST(-ts_rank(e.document, q) AS DOUBLE "
        f"PRECISION) AS rank FROM search_entries e, {query} q WHERE e.document @@ q"
        "{filters} ORDER BY e.on_date DESC NULLS LAST, e.id DESC LIMIT 1000) c ORDER BY c.rank, c.id LIMIT 20) r "
        "JOIN search_entries s ON s.id = r.id;\n"
    )
    if scenario == "search_board":
        return passages.format(filters=f" AND e.board_id = '{context['manifest']['board_id']}'")
    # The national search dates its window, then asks the index for the matches in its months; a second,
    # wider window when the first holds too few (as the service decides, from the same counts).
    statements, window = [], RECENT
    while True:
        period = (
            f"SELECT (SELECT on_date FROM search_entries ORDER BY on_date DESC NULLS LAST, id DESC OFFSET {window - 1} "
            "LIMIT 1) AS edge, (SELECT on_date FROM search_entries WHERE on_date IS NOT NULL ORDER BY on_date DESC "
            "NULLS LAST, id DESC LIMIT 1) AS newest"
        )
        edge, newest = cluster.sql("governance_bench", period).split("|")
        if not edge or not newest:
            return "".join(statements) + passages.format(filters="")
        dated = f" AND search_periods(e.on_date) && CAST('{periods(edge, newest)}' AS INTEGER[])"
        statements += [period + ";\n", passages.format(filters=dated)]
        found = int(cluster.sql("governance_bench", f"SELECT count(*) FROM (SELECT 1 FROM search_entries e, {query} q "
                                f"WHERE e.document @@ q{dated} LIMIT {RANKED}) x"))
        if found == RANKED:
            return "".join(statements)
        wider = RANKED * window // found * 5 // 4 if found else None
        if window != RECENT or wider is None or wider > MOST_RECENT:
            return "".join(statements) + passages.format(filters="")
        window = wider


def pgbench_script(cluster: Cluster, database: str, script: Path, concurrency: int, duration: int) -> dict:
    threads = min(2, concurrency)
    out = cluster.run("pgbench", "-n", "-M", "prepared", "-f", str(script), "-c", str(concurrency), "-j",
                      str(threads), "-T", str(duration), database)
    tps = next(float(line.split("=")[1].split()[0]) for line in out.splitlines() if line.startswith("tps ="))
    latency = next(
        float(line.split("=")[1].split()[0]) for line in out.splitlines() if line.startswith("latency average")
    )
    return {"rps": tps, "p50_ms": None, "p99_ms": None, "mean_ms": latency, "errors": 0, "requests": None}


def load_data(server: Server, scale: float, out_dir: Path) -> dict:
    manifest_path = out_dir / "manifest.json"
    started = time.monotonic()
    server.command("bench-data", "--scale", str(scale), "--manifest", str(manifest_path))
    manifest = json.loads(manifest_path.read_text())
    manifest["load_seconds"] = round(time.monotonic() - started, 1)
    manifest["dir"] = str(out_dir)
    return manifest


def deep_cursor(server: Server, token: str, manifest: dict) -> tuple[str, int]:
    """Walks the filtered list to its last full page: the cursor a deep page starts from."""
    f = manifest["list_filter"]
    url = f"{server.base}/api/v1/collaboration-agreements?corporation_sole={f['party']}&status={f['status']}&limit=50"
    cursor, pages, last_full = None, 0, None
    while True:
        status, _, page = http("GET", url + (f"&cursor={cursor}" if cursor else ""), token)
        if status != 200:
            sys.exit(f"listing for the deep cursor answered {status}: {page}")
        pages += 1
        if page.get("next_cursor") is None:
            break
        last_full = cursor if len(page["items"]) == 50 else last_full
        cursor = page["next_cursor"]
    return (last_full or cursor or ""), pages


def capture_plans(server: Server, cluster: Cluster, context: dict) -> str:
    """The plans PostgreSQL ran for one request of each read scenario (auto_explain, with timings),
    after the scenario's statements have run often enough to be on their generic plans."""
    out = []
    for scenario in [s for s in SCENARIOS if s.name in PLANNED]:
        url = server.base + scenario.path(context)
        for _ in range(6):  # the sixth execution of a prepared statement may use the generic plan
            http("GET", url, context["token"])
        time.sleep(0.5)
        before = len(cluster.log())
        cluster.log_plans(True)
        time.sleep(0.5)
        http("GET", url, context["token"])
        time.sleep(0.5)
        cluster.log_plans(False)
        plans = [block for block in cluster.log()[before:].split("LOG:  duration:")[1:] if "Query Text" in block]
        out.append(f"### {scenario.name}: GET {scenario.path(context)}\n")
        # The webhook worker's polls run meanwhile: keep the request's own statements.
        out += ["duration:" + block.strip() + "\n" for block in plans if "webhook_" not in block]
    return "\n".join(out)


PLANNED = ["list_first_page", "list_deep_page", "board_decisions", "board_actions"]


def start_reference(args, backend: str, cluster: Cluster, data_dir: Path, server: Server, token: str,
                    manifest: dict, pool_size: int) -> tuple[subprocess.Popen, str]:
    """The minimal reference server (bench/reference-server) on a database of its own holding the
    service's own answer for the bench agreement, so both answer the same bytes for the same id."""
    agreement = manifest["agreement_id"]
    body = data_dir / "reference-body.json"
    body.write_bytes(http_raw(f"{server.base}/api/v1/collaboration-agreements/{agreement}", token))
    if backend == "postgres":
        cluster.createdb("reference")
        url = cluster.url("reference")
    else:
        url = str(data_dir / "reference.sqlite3")
    port = free_port()
    command = [args.reference_binary, "--bind", f"127.0.0.1:{port}", "--database-url", url,
               "--secret-file", str(data_dir / "jwt-secret"), "--seed", f"{agreement}={body}"]
    if pool_size:
        command += ["--pool-size", str(pool_size)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=(data_dir / "reference.log").open("w"))
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(f"{base}/readyz", timeout=1)
            break
        except Exception:
            if process.poll() is not None:
                sys.exit(f"the reference server exited: see {data_dir / 'reference.log'}")
            time.sleep(0.1)
    same = http_raw(f"{base}/api/v1/collaboration-agreements/{agreement}", token) == body.read_bytes()
    print(f"[{backend}] reference server on {base}: same body as the service: {same}", flush=True)
    if not same:
        sys.exit("the reference server's body differs from the service's")
    return process, base


def inferno(tool: str) -> str:
    found = shutil.which(tool) or str(Path("/work/tools/bin") / tool)
    if not Path(found).exists():
        sys.exit(f"{tool} not found: cargo install inferno --root /work/tools (a dev tool, see bench/README.md)")
    return found


def flamegraph(pid: int, load, out_dir: Path, name: str) -> dict:
    """Samples the process's stacks (perf, DWARF unwinding) while `load()` runs; writes an SVG flame graph
    and the functions' inclusive shares of the samples (a text file beside it)."""
    data = out_dir / f"{name}.perf.data"
    perf = subprocess.Popen(["perf", "record", "-F", "299", "--call-graph", "dwarf,16384", "-p", str(pid), "-o",
                             str(data)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    measured = load()
    perf.send_signal(2)
    perf.wait(timeout=120)
    script = subprocess.run(["perf", "script", "-i", str(data)], capture_output=True, text=True, errors="replace")
    folded = subprocess.run([inferno("inferno-collapse-perf")], input=script.stdout, capture_output=True,
                            text=True, errors="replace").stdout
    svg = subprocess.run([inferno("inferno-flamegraph"), "--title", name, "--minwidth", "0.2"], input=folded,
                         capture_output=True, text=True, errors="replace").stdout
    (out_dir / f"{name}.svg").write_text(svg)
    (out_dir / f"{name}.folded").write_text(folded)
    total, inclusive = 0, {}
    for line in folded.splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        total += int(count)
        for frame in set(stack.split(";")):
            inclusive[frame] = inclusive.get(frame, 0) + int(count)
    top = sorted(inclusive.items(), key=lambda kv: -kv[1])[:150]
    (out_dir / f"{name}.top.txt").write_text(
        "\n".join(f"{100 * n / max(total, 1):5.1f}% {frame}" for frame, n in top) + "\n")
    data.unlink(missing_ok=True)
    return measured


def run_backend(backend: str, args, binary: Path, cluster: Cluster, work: Path) -> dict:
    data_dir = work / backend
    data_dir.mkdir()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "GOVERNANCE_DATA_DIR": str(data_dir),
        "GOVERNANCE_RATE_LIMIT": "0",
        "GOVERNANCE_ANONYMOUS_RATE_LIMIT": "0",
        "GOVERNANCE_LOG": args.log,
        "GOVERNANCE_WEBHOOK_POLL_MS": "1000",
    }
    if args.pool_size:
        env["GOVERNANCE_DB_POOL_SIZE"] = str(args.pool_size)
    if backend == "postgres":
        cluster.createdb("governance_bench")
        env["GOVERNANCE_DATABASE_URL"] = cluster.url("governance_bench")
    server = Server(binary, env, data_dir / "server.log")
    print(f"[{backend}] loading bench data at scale {args.scale} ...", flush=True)
    manifest = load_data(server, args.scale, data_dir)
    print(f"[{backend}] loaded in {manifest['load_seconds']} s: {manifest['counts']}", flush=True)
    server.start()
    token = server.command("token", "--org", manifest["bench_org"], "--roles", "reader,contributor,approver",
                           "--ttl", "2h")
    admin = server.command("token", "--org", manifest.get("admin_org", "governance-service"), "--roles",
                           "system_admin", "--ttl", "2h")
    cursor, pages = deep_cursor(server, token, manifest)
    context = {"manifest": manifest, "token": token, "admin": admin, "deep_cursor": cursor, "base": server.base}
    sparse_org = manifest.get("feed", {}).get("sparse_org")
    if sparse_org:
        context["sparse"] = server.command("token", "--org", sparse_org, "--roles", "reader", "--ttl", "2h")
    if "get_agreement_known_at" in args.scenarios:
        context["known_at"] = keep_history(server, token, admin, manifest)
    if backend == "postgres":
        (Path(args.out) / "plans-postgres.txt").write_text(capture_plans(server, cluster, context))
        for database in ("governance_bench",):
            cluster.sql(database, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    # The reference server runs only for its scenario (a run of other scenarios needs no build of it).
    reference, reference_base = None, ""
    if "reference_server" in args.scenarios:
        reference, reference_base = start_reference(args, backend, cluster, data_dir, server, token, manifest,
                                                    args.pool_size)
        if backend == "postgres":
            cluster.sql("reference", "CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
    results = {"manifest": {k: v for k, v in manifest.items() if k != "approval_pool"}, "list_pages": pages,
               "runs": []}
    pool_offset = 0
    flames = Path(args.flamegraphs) if args.flamegraphs else None
    if flames:
        flames.mkdir(parents=True, exist_ok=True)
    pg = cluster if backend == "postgres" else None
    try:
        for scenario in [s for s in SCENARIOS if s.name in args.scenarios]:
            on_reference = scenario.name == "reference_server"
            base = reference_base if on_reference else server.base
            pid = reference.pid if on_reference and reference is not None else server.process.pid
            database = ("reference" if on_reference else "governance_bench") if pg else None
            for concurrency in args.concurrency:
                script = scenario.script(context, data_dir, pool_offset, min(2, concurrency))
                server.reset_peak_rss()
                # Writes run shorter, so the approval pool lasts through every concurrency level.
                duration = min(args.duration, args.write_duration) if scenario.writes else args.duration
                meter = Meter(pid, pg, database)
                meter.start()
                measured = wrk(base + scenario.path(context), script, concurrency, duration, {})
                meter.finish(measured)
                measured["peak_rss_mb"] = round(server.peak_rss_mb(), 1) if not on_reference else None
                pool_offset = max(pool_offset, measured.get("last_index", -1) + 1)
                if scenario.name == "approve_agreement" and pool_offset > manifest["approval_pool"]["count"]:
                    measured["note"] = "approval pool exhausted: repeated approvals fail (409/412)"
                results["runs"].append({"scenario": scenario.name, "concurrency": concurrency, **measured})
                print(f"[{backend}] {scenario.name:<22} c={concurrency:<3} {measured['rps']:>9.0f}/s "
                      f"p50 {measured['p50_ms']:.2f} ms p99 {measured['p99_ms']:.2f} ms "
                      f"errors {measured['errors']} rss {measured['peak_rss_mb']} MB "
                      f"server {measured['server_us_per_req']} us/req pg {measured.get('pg_us_per_req', '-')} us/req "
                      f"stmts {measured.get('statements_per_req', '-')} (plan {measured.get('pg_plan_us_per_req', '-')} us, "
                      f"execute {measured.get('pg_exec_us_per_req', '-')} us) bytes {measured.get('bytes_per_resp')}",
                      flush=True)
            if pg and scenario.name in SEARCH_WORDS:
                script = data_dir / f"{scenario.name}.sql"
                script.write_text(search_reference_sql(scenario.name, context, cluster))
                for concurrency in args.concurrency:
                    measured = pgbench_script(cluster, "governance_bench", script, concurrency, args.duration)
                    results["runs"].append({"scenario": f"{scenario.name}_psql", "concurrency": concurrency,
                                            **measured})
                    print(f"[{backend}] {scenario.name + '_psql':<22} c={concurrency:<3} {measured['rps']:>9.0f}/s "
                          f"mean {measured['mean_ms']:.2f} ms (the same statement in pgbench)", flush=True)
            if flames:
                c = args.flame_concurrency
                script = scenario.script(context, data_dir, pool_offset, min(2, c))
                seconds = min(args.flame_seconds, 3) if scenario.writes else args.flame_seconds
                measured = flamegraph(pid, lambda: wrk(base + scenario.path(context), script, c, seconds, {}),
                                      flames, f"{backend}-{scenario.name}")
                pool_offset = max(pool_offset, measured.get("last_index", -1) + 1)
                print(f"[{backend}] flame graph {scenario.name} c={c}: {measured['rps']:.0f}/s under perf", flush=True)
    finally:
        if reference is not None:
            reference.terminate()
            reference.wait(timeout=30)
    status, _, verification = http("GET", f"{server.base}/api/v1/audit-events/verification", admin)
    results["audit_verification"] = {"status": status, **(verification or {})}
    print(f"[{backend}] audit chain after the run: {status} {verification}", flush=True)
    server.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--backends", default="postgres,sqlite")
    parser.add_argument("--concurrency", default="1,8,32,128")
    parser.add_argument("--duration", type=int, default=10, help="seconds per load")
    parser.add_argument("--write-duration", type=int, default=5, help="seconds per load of a writing scenario")
    parser.add_argument("--scenarios", default=",".join(s.name for s in SCENARIOS))
    parser.add_argument("--log", default="info", help="GOVERNANCE_LOG of the server under load")
    parser.add_argument("--pool-size", type=int, default=0, help="GOVERNANCE_DB_POOL_SIZE (0: the default)")
    parser.add_argument("--binary", default=str(ROOT / "target" / "release" / "governance"))
    parser.add_argument("--reference-binary",
                        default=str(ROOT / "target" / "release" / "governance-bench-reference"))
    parser.add_argument("--out", default=str(ROOT / "target" / "bench"))
    parser.add_argument("--flamegraphs", default="", help="directory for a flame graph (SVG) per scenario")
    parser.add_argument("--flame-concurrency", type=int, default=32)
    parser.add_argument("--flame-seconds", type=int, default=5)
    args = parser.parse_args()
    args.concurrency = [int(c) for c in args.concurrency.split(",")]
    args.scenarios = args.scenarios.split(",")
    for tool in ("wrk", "pgbench"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed: apt-get install wrk postgresql-15 (see bench/README.md)")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="governance-bench-"))
    work.chmod(0o755)  # the cluster runs as `postgres` when we are root and must reach its directory
    cluster = Cluster(work / "pg")
    report = {"scale": args.scale, "duration_s": args.duration, "cores": os.cpu_count(),
              "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "references": [], "backends": {}}
    try:
        cluster.start()
        cluster.init_pgbench()
        for concurrency in args.concurrency:
            measured = pgbench(cluster, concurrency, args.duration)
            report["references"].append({"reference": "pgbench_select_only", "concurrency": concurrency, **measured})
            print(f"[reference] pgbench -S          c={concurrency:<3} {measured['rps']:>9.0f}/s", flush=True)
            # The limit of a durable write on this disk: pgbench's simple update, prepared, as long as a
            # write scenario's load.
            measured = pgbench(cluster, concurrency, min(args.duration, args.write_duration), "-N")
            report["references"].append({"reference": "pgbench_simple_update", "concurrency": concurrency,
                                         **measured})
            print(f"[reference] pgbench -N          c={concurrency:<3} {measured['rps']:>9.0f}/s", flush=True)
        for backend in args.backends.split(","):
            report["backends"][backend] = run_backend(backend, args, Path(args.binary), cluster, work)
    finally:
        cluster.stop()
        shutil.rmtree(work, ignore_errors=True)
    (out / "results.json").write_text(json.dumps(report, indent=2))
    table = render(report)
    (out / "results.md").write_text(table)
    print(table)
    print(f"saved {out / 'results.json'} and {out / 'results.md'}")


if __name__ == "__main__":
    main()
