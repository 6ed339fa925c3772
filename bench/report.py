"""Renders bench results as Markdown: per backend, every scenario at every concurrency, with the ratios to
the references measured in the same run, then the issue's targets checked against the figures."""

from __future__ import annotations

import json
import sys

READS = ["get_agreement", "list_first_page", "list_deep_page", "board_decisions", "board_actions", "authority_check"]


def ratio(value: float | None, reference: float | None) -> str:
    if not value or not reference:
        return "-"
    return f"{value / reference:.2f}x"


def find(runs: list[dict], scenario: str, concurrency: int) -> dict | None:
    return next((r for r in runs if r["scenario"] == scenario and r["concurrency"] == concurrency), None)


def targets(report: dict) -> list[str]:
    pgbench = {r["concurrency"]: r["rps"] for r in report["references"]}
    lines = []
    for backend, result in report["backends"].items():
        runs = result["runs"]
        get32 = find(runs, "get_agreement", 32)
        if get32 and 32 in pgbench:
            lines.append(f"| {backend} | GET agreement at c=32 >= 0.5x pgbench -S | "
                         f"{get32['rps']:.0f}/s vs {pgbench[32]:.0f}/s = {ratio(get32['rps'], pgbench[32])} |")
        first, deep = find(runs, "list_first_page", 32), find(runs, "list_deep_page", 32)
        if first and deep:
            lines.append(f"| {backend} | deep page p50 <= 1.5x first page p50 (c=32, {result['list_pages']} pages) | "
                         f"{deep['p50_ms']:.2f} ms vs {first['p50_ms']:.2f} ms = "
                         f"{ratio(deep['p50_ms'], first['p50_ms'])} |")
        approve = find(runs, "approve_agreement", 32)
        if approve:
            verification = result.get("audit_verification", {})
            lines.append(f"| {backend} | audited writes (approval) at c=32 >= 500/s, chain verifies | "
                         f"{approve['rps']:.0f}/s, {approve['errors']} errors; chain valid: "
                         f"{verification.get('valid')} ({verification.get('events_checked', '?')} events) |")
        worst = max((find(runs, s, 32) for s in READS if find(runs, s, 32)), key=lambda r: r["p99_ms"], default=None)
        if worst:
            lines.append(f"| {backend} | p99 of every read at c=32 < 20 ms | worst {worst['scenario']} "
                         f"{worst['p99_ms']:.2f} ms |")
        peak = max((r["peak_rss_mb"] for r in runs), default=None)
        if peak is not None:
            lines.append(f"| {backend} | peak RSS under load < 100 MB | {peak:.1f} MB |")
    return lines


def render(report: dict) -> str:
    out = [f"# Bench results: scale {report['scale']}, {report['duration_s']} s per load, "
           f"{report['cores']} cores, started {report['started']}", ""]
    pgbench = {r["concurrency"]: r["rps"] for r in report["references"]}
    out += ["## Reference: pgbench -S (prepared), same PostgreSQL", "", "| clients | tps | mean latency |",
            "|---:|---:|---:|"]
    out += [f"| {r['concurrency']} | {r['rps']:.0f} | {r['mean_ms']:.3f} ms |" for r in report["references"]]
    for backend, result in report["backends"].items():
        manifest = result["manifest"]
        static = {r["concurrency"]: r["rps"] for r in result["runs"] if r["scenario"] == "static_json"}
        out += ["", f"## {backend}", "",
                f"Data: {json.dumps(manifest.get('counts', {}))}, loaded in {manifest.get('load_seconds')} s.", "",
                "| scenario | c | req/s | p50 ms | p99 ms | errors | peak RSS MB | / pgbench -S | / static JSON |",
                "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in result["runs"]:
            out.append(
                f"| {r['scenario']} | {r['concurrency']} | {r['rps']:.0f} | {r['p50_ms']:.2f} | {r['p99_ms']:.2f} | "
                f"{r['errors']} | {r['peak_rss_mb']} | {ratio(r['rps'], pgbench.get(r['concurrency']))} | "
                f"{ratio(r['rps'], static.get(r['concurrency']))} |")
        verification = result.get("audit_verification")
        if verification:
            out += ["", f"Audit chain after the run: HTTP {verification.get('status')}, "
                        f"{json.dumps({k: v for k, v in verification.items() if k != 'status'})}"]
    out += ["", "## Targets", "", "| backend | target | measured |", "|---|---|---|", *targets(report), ""]
    return "\n".join(out)


if __name__ == "__main__":
    print(render(json.loads(open(sys.argv[1]).read())))
