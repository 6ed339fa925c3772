"""Renders bench results as Markdown: per backend, every scenario at every concurrency with its cost per
request and its ratio to its reference measured in the same run (reads: the minimal reference server;
writes: `pgbench -N`), then the issue's targets checked against the figures."""

from __future__ import annotations

import json
import sys

READS = ["get_agreement", "list_first_page", "list_first_page_cold", "list_deep_page", "board_decisions", "board_decisions_pages",
         "board_actions", "authority_check", "authority_check_days"]
WRITES = ["approve_agreement", "create_agreement"]
# Issue 15: these reads at least 3x their ratio to static JSON in the table (c=32, PostgreSQL).
BASELINE_STATIC_RATIO = {"list_first_page": 0.025, "list_deep_page": 0.024,
                         # The first page on a new key each time, so it is read afresh.
                         "list_first_page_cold": 0.025, "board_decisions": 0.013,
                         "authority_check": 0.026,
                         # The same check on a new day each time, so its facts are read afresh (issue 15's
                         # figure was for a check that read them every time).
                         "authority_check_days": 0.026,
                         # A new page each time, so it is read and built afresh (issue 15's figure was for a
                         # page built on every request).
                         "board_decisions_pages": 0.013}


def ratio(value: float | None, reference: float | None) -> str:
    if not value or not reference:
        return "-"
    return f"{value / reference:.2f}x" if value / reference >= 0.1 else f"{value / reference:.3f}x"


def find(runs: list[dict], scenario: str, concurrency: int) -> dict | None:
    return next((r for r in runs if r["scenario"] == scenario and r["concurrency"] == concurrency), None)


def references(report: dict, kind: str) -> dict[int, float]:
    # Runs before issue 15 held only pgbench -S, without a "reference" name on some.
    return {r["concurrency"]: r["rps"] for r in report["references"] if r.get("reference", "pgbench_select_only") == kind}


def reference_of(report: dict, runs: list[dict], scenario: str, concurrency: int) -> tuple[str, float | None]:
    if scenario in WRITES:
        return "pgbench -N", references(report, "pgbench_simple_update").get(concurrency)
    if scenario in READS:
        ref = find(runs, "reference_server", concurrency)
        return "reference server", ref["rps"] if ref else None
    return "", None


def met(ok: bool) -> str:
    return "met" if ok else "**missed**"


def targets(report: dict) -> list[str]:
    lines = []
    for backend, result in report["backends"].items():
        runs = result["runs"]
        get32, ref32 = find(runs, "get_agreement", 32), find(runs, "reference_server", 32)
        if get32 and ref32:
            r = get32["rps"] / ref32["rps"]
            lines.append(f"| {backend} | GET agreement >= 0.7x the reference server (c=32) | "
                         f"{get32['rps']:.0f}/s vs {ref32['rps']:.0f}/s = {r:.2f}x | {met(r >= 0.7)} |")
        static32 = find(runs, "static_json", 32)
        for scenario, base in BASELINE_STATIC_RATIO.items():
            run = find(runs, scenario, 32)
            if run and static32:
                r = run["rps"] / static32["rps"]
                lines.append(f"| {backend} | {scenario} >= {3 * base:.3f}x static JSON (3x {base}) | "
                             f"{run['rps']:.0f}/s vs {static32['rps']:.0f}/s = {r:.3f}x | {met(r >= 3 * base)} |")
        first, deep = find(runs, "list_first_page", 32), find(runs, "list_deep_page", 32)
        if first and deep:
            r = deep["p50_ms"] / first["p50_ms"]
            lines.append(f"| {backend} | deep page p50 <= 1.1x first page p50 (the target is at scale 10; this run: "
                         f"c=32, scale {report['scale']}, "
                         f"{result['list_pages']} pages) | {deep['p50_ms']:.2f} ms vs {first['p50_ms']:.2f} ms = "
                         f"{r:.2f}x | {met(r <= 1.1)} |")
        pgbench_n = references(report, "pgbench_simple_update").get(32)
        verification = result.get("audit_verification", {})
        for scenario in WRITES:
            run = find(runs, scenario, 32)
            if run and backend == "sqlite":
                # Single writer by design: the target is PostgreSQL's; SQLite's writes are reported.
                lines.append(f"| {backend} | {scenario} (reported: SQLite is single-writer by design) | "
                             f"{run['rps']:.0f}/s, p99 {run['p99_ms']:.0f} ms, {run['errors']} errors; chain valid: "
                             f"{verification.get('valid')} | - |")
            elif run and pgbench_n:
                r = run["rps"] / pgbench_n
                lines.append(f"| {backend} | {scenario} >= 0.3x pgbench -N (c=32), chain verifies | "
                             f"{run['rps']:.0f}/s vs {pgbench_n:.0f} tps = {r:.2f}x, {run['errors']} errors; "
                             f"chain valid: {verification.get('valid')} | {met(r >= 0.3 and bool(verification.get('valid')))} |")
        for scenario in READS:
            run = find(runs, scenario, 32)
            if run and run["p50_ms"]:
                r = run["p99_ms"] / run["p50_ms"]
                # The references' own spread in the same run tells the machine's stalls from the server's.
                spreads = ", ".join(f"{ref} {x['p99_ms'] / x['p50_ms']:.1f}x" for ref in ("static_json", "reference_server")
                                    if (x := find(runs, ref, 32)) and x["p50_ms"])
                lines.append(f"| {backend} | {scenario}: p99 <= 2.5x p50 (c=32) | {run['p99_ms']:.2f} / "
                             f"{run['p50_ms']:.2f} ms = {r:.2f}x (same run: {spreads}) | {met(r <= 2.5)} |")
        # Issue 18: the feed page of a caller who may see ~1% within 2x of the platform's page; search p99
        # under 50 ms at 8 connections (both targets are at scale 10; each line names this run's scale).
        levels = sorted({r["concurrency"] for r in runs})
        c = 8 if 8 in levels else (levels[0] if levels else None)
        platform, sparse = find(runs, "feed_platform", c), find(runs, "feed_sparse", c)
        if platform and sparse:
            r = sparse["p50_ms"] / platform["p50_ms"]
            lines.append(f"| {backend} | feed page of a caller seeing ~1% p50 <= 2x the platform's (c={c}, scale "
                         f"{report['scale']}) | {sparse['p50_ms']:.2f} ms vs {platform['p50_ms']:.2f} ms = {r:.2f}x | "
                         f"{met(r <= 2)} |")
        for scenario in ("search_board", "search_national"):
            run = find(runs, scenario, c)
            if run:
                lines.append(f"| {backend} | {scenario} p99 < 50 ms (c={c}, scale {report['scale']}) | "
                             f"{run['p99_ms']:.2f} ms | {met(run['p99_ms'] < 50)} |")
            direct = find(runs, f"{scenario}_psql", c)
            if run and direct and run["rps"]:
                r = direct["rps"] / run["rps"]
                lines.append(f"| {backend} | {scenario} within 2x of the same statement in pgbench (c={c}) | "
                             f"{direct['rps']:.0f} vs {run['rps']:.0f} req/s = {r:.2f}x | {met(r <= 2)} |")
        peak = max((r["peak_rss_mb"] for r in runs if r.get("peak_rss_mb") is not None), default=None)
        if peak is not None:
            lines.append(f"| {backend} | peak RSS under load < 100 MB | {peak:.1f} MB | {met(peak < 100)} |")
    return lines


def cell(value, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def render(report: dict) -> str:
    out = [f"# Bench results: scale {report['scale']}, {report['duration_s']} s per load, "
           f"{report['cores']} cores, started {report['started']}", ""]
    select = references(report, "pgbench_select_only")
    update = references(report, "pgbench_simple_update")
    out += ["## References on the same PostgreSQL: pgbench -S and -N (prepared)", "",
            "| clients | -S tps | -N tps |", "|---:|---:|---:|"]
    out += [f"| {c} | {select[c]:.0f} | {cell(update.get(c))} |" for c in sorted(select)]
    for backend, result in report["backends"].items():
        manifest = result["manifest"]
        runs = result["runs"]
        static = {r["concurrency"]: r["rps"] for r in runs if r["scenario"] == "static_json"}
        out += ["", f"## {backend}", "",
                f"Data: {json.dumps(manifest.get('counts', {}))}, loaded in {manifest.get('load_seconds')} s.", "",
                "Per request: CPU of the server process and of all the cluster's PostgreSQL processes (µs, "
                "from /proc ticks over the load), client statements with PostgreSQL's planning and execution "
                "time for them (pg_stat_statements, wall time inside the backend), bytes on the wire "
                "(headers and body). Reads are compared with the reference server, writes with `pgbench -N`.", "",
                "| scenario | c | req/s | p50 ms | p99 ms | p99/p50 | errors | RSS MB | server µs | PG µs | "
                "stmts | PG plan µs | PG exec µs | bytes | / reference | / static JSON |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in runs:
            name, ref = reference_of(report, runs, r["scenario"], r["concurrency"])
            spread = r["p99_ms"] / r["p50_ms"] if r["p50_ms"] else None
            out.append(
                f"| {r['scenario']} | {r['concurrency']} | {r['rps']:.0f} | {cell(r['p50_ms'], 2)} | {cell(r['p99_ms'], 2)} | "
                f"{cell(spread, 1)} | {r['errors']} | {cell(r.get('peak_rss_mb'), 1)} | "
                f"{cell(r.get('server_us_per_req'))} | {cell(r.get('pg_us_per_req'))} | "
                f"{cell(r.get('statements_per_req'), 1)} | {cell(r.get('pg_plan_us_per_req'))} | "
                f"{cell(r.get('pg_exec_us_per_req'))} | {cell(r.get('bytes_per_resp'))} | "
                f"{ratio(r['rps'], ref) + (' (' + name + ')' if ref else '')} | "
                f"{ratio(r['rps'], static.get(r['concurrency']))} |")
        verification = result.get("audit_verification")
        if verification:
            out += ["", f"Audit chain after the run: HTTP {verification.get('status')}, "
                        f"{json.dumps({k: v for k, v in verification.items() if k != 'status'})}"]
    out += ["", "## Targets (issues 15 and 18)", "", "| backend | target | measured | |", "|---|---|---|---|",
            *targets(report), ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(render(json.loads(open(sys.argv[1]).read())))
