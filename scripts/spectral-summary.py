"""Prints Spectral's JSON report as counts per rule and severity; lists and fails on any error."""
import collections
import json
import sys

SEVERITIES = {0: "error", 1: "warning", 2: "info", 3: "hint"}

with open(sys.argv[1], encoding="utf-8") as report:
    results = json.load(report)
counts = collections.Counter((SEVERITIES.get(r["severity"], "?"), r["code"]) for r in results)
for (severity, code), count in sorted(counts.items()):
    print(f"{count:6} {severity:8} {code}")
errors = [r for r in results if r["severity"] == 0]
for error in errors:
    print(f"error {error['code']} at {'.'.join(map(str, error['path']))}: {error['message']}")
print(f"spectral: {len(errors)} errors, {len(results) - len(errors)} warnings (each kind explained in .spectral.yaml)")
sys.exit(1 if errors or not isinstance(results, list) else 0)
