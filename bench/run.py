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


def pgbench(cluster: Cluster, concurrency: int, duration: int) -> dict:
    threads = min(2, concurrency)
    out = cluster.run(
        "pgbench", "-S", "-M", "prepared", "-n", "-c", str(concurrency), "-j", str(threads), "-T", str(duration),
        "-r", "pgbench",
    )
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
    context = {"manifest": manifest, "token": token, "deep_cursor": cursor, "base": server.base}
    if backend == "postgres":
        (Path(args.out) / "plans-postgres.txt").write_text(capture_plans(server, cluster, context))
    results = {"manifest": {k: v for k, v in manifest.items() if k != "approval_pool"}, "list_pages": pages,
               "runs": []}
    pool_offset = 0
    for scenario in [s for s in SCENARIOS if s.name in args.scenarios]:
        for concurrency in args.concurrency:
            script = scenario.script(context, data_dir, pool_offset, min(2, concurrency))
            server.reset_peak_rss()
            # Writes run shorter, so the approval pool lasts through every concurrency level.
            duration = min(args.duration, args.write_duration) if scenario.writes else args.duration
            measured = wrk(server.base + scenario.path(context), script, concurrency, duration, {})
            measured["peak_rss_mb"] = round(server.peak_rss_mb(), 1)
            pool_offset = max(pool_offset, measured.get("last_index", -1) + 1)
            if scenario.name == "approve_agreement" and pool_offset > manifest["approval_pool"]["count"]:
                measured["note"] = "approval pool exhausted: repeated approvals fail (409/412)"
            results["runs"].append({"scenario": scenario.name, "concurrency": concurrency, **measured})
            print(f"[{backend}] {scenario.name:<22} c={concurrency:<3} {measured['rps']:>9.0f}/s "
                  f"p50 {measured['p50_ms']:.2f} ms p99 {measured['p99_ms']:.2f} ms "
                  f"errors {measured['errors']} rss {measured['peak_rss_mb']} MB", flush=True)
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
    parser.add_argument("--out", default=str(ROOT / "target" / "bench"))
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
