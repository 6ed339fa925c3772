#!/usr/bin/env python3
"""The statements one approval and one create run, with PostgreSQL's planning and execution time for each.

    python3 bench/statements.py --binary target/release/governance [--writes 300] [--scale 0.05]

Starts a throwaway PostgreSQL cluster, loads the bench data, serves it, and runs `--writes` approvals (of the
approval pool) and then as many creates one after another, resetting `pg_stat_statements` before each kind.
Prints, per statement: calls, planning µs per write, execution µs per write (wall time inside the backend),
and the statement's normalised text, most expensive first. A statement whose planning does not fall towards
zero after its first runs on a connection is parsed and planned on every run (not kept prepared).
"""
import argparse
import json
import os
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from postgres import Cluster  # noqa: E402
from run import Server, load_data  # noqa: E402

COUNTED = ("SELECT calls, round((total_plan_time * 1000 / {n})::numeric), round((total_exec_time * 1000 / {n})::numeric), "
           "left(regexp_replace(query, '\\s+', ' ', 'g'), 150) FROM pg_stat_statements "
           "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
           "AND query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time + total_plan_time DESC")


def post(url: str, token: str, body: dict, version: str | None) -> int:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    if version:
        headers["If-Match"] = version
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers=headers)
    try:
        return urllib.request.urlopen(request).status
    except urllib.error.HTTPError as error:
        return error.code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--scale", type=float, default=0.05)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="governance-statements-"))
    os.chmod(work, 0o755)  # the cluster runs as `postgres` when this runs as root
    cluster = Cluster(work / "pg")
    cluster.start()
    server = None
    try:
        cluster.createdb("g")
        data = work / "data"
        data.mkdir()
        env = {"PATH": os.environ.get("PATH", ""), "GOVERNANCE_DATA_DIR": str(data), "GOVERNANCE_RATE_LIMIT": "0",
               "GOVERNANCE_ANONYMOUS_RATE_LIMIT": "0", "GOVERNANCE_LOG": "warn",
               "GOVERNANCE_WEBHOOK_POLL_MS": "100000", "GOVERNANCE_DATABASE_URL": cluster.url("g")}
        server = Server(Path(args.binary), env, work / "server.log")
        manifest = load_data(server, args.scale, data)
        server.start()
        token = server.command("token", "--org", manifest["bench_org"], "--roles", "reader,contributor,approver",
                               "--ttl", "2h")
        cluster.sql("g", "CREATE EXTENSION IF NOT EXISTS pg_stat_statements")
        pool = manifest["approval_pool"]
        pairs = [line.split() for line in (data / pool["pairs_file"]).read_text().splitlines() if line.strip()]
        n = min(args.writes, len(pairs))
        base = f"{server.base}/api/v1/collaboration-agreements"
        kinds = {
            "approve": lambda i: post(f"{base}/{pairs[i][0]}/approvals", token, {**pool["body"], "party_id": pairs[i][1]},
                                      '"1"'),
            "create": lambda i: post(base, token, {**manifest["create_body"], "reference": f"STATEMENTS-{i}"}, None),
        }
        for kind, write in kinds.items():
            cluster.sql("g", "SELECT pg_stat_statements_reset()")
            statuses = {write(i) for i in range(n)}
            rows = [r for r in cluster.sql("g", COUNTED.format(n=n)).splitlines() if r.strip()]
            total = sum(int(r.split("|")[0]) for r in rows) / n
            print(f"== {kind}: {n} writes (statuses {sorted(statuses)}), {total:.1f} statements each; "
                  "calls | planning µs per write | executing µs per write | statement")
            print("\n".join(rows), flush=True)
    finally:
        if server is not None:
            server.stop()
        cluster.stop()


if __name__ == "__main__":
    main()
