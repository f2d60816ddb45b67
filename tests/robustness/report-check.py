#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Assertions on one boundary-preflight run for the robustness suite.

    report-check.py --status N --report FILE [--stderr FILE] [options]

--complete             the report is whole: schema id, all eleven probes each
                       with status/summary/facts, a verdict; validated against
                       docs/report.schema.json when jsonschema is installed
--exit-matches-verdict exit 0 exactly when verdict.ready, else 1
--expect-status N,...  the exit status is one of these
--hung PROBE           PROBE is "error" with a timeout in its summary
--baseline FILE        every probe but --hung has the facts and status it has in FILE
Exit 0 when every assertion holds, 1 otherwise (each failure printed).
"""
import argparse
import json
import os
import re
import subprocess
import sys

PROBE_IDS = ["capabilities", "netadmin", "seccomp", "userns", "sysctl",
             "runtime", "lsm", "privilege", "tools", "landlock", "kernel"]
SCHEMA_ID = "boundary-preflight/report/v1"
failures = []


def fail(msg):
    failures.append(msg)


def load(path):
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        report = json.loads(text)
    except (OSError, ValueError) as exc:
        fail(f"{path}: not a JSON report: {exc}")
        return None
    # explain reads every report back byte for byte (docs/design.md "JSON
    # report"), even the ones written in hostile environments
    tool = os.environ.get("BOUNDARY_PREFLIGHT")
    if tool:
        back = subprocess.run([tool, "explain", "--format", "json", path], capture_output=True, text=True)
        if back.returncode != 0 or back.stdout != text:
            fail(f"{path}: explain --format json does not reproduce it (exit {back.returncode})")
    return report


def probes(report):
    return {p.get("id"): p for p in report.get("probes") or [] if isinstance(p, dict)}


def check_complete(report):
    if report.get("schema") != SCHEMA_ID:
        fail(f"schema: expected {SCHEMA_ID!r}, got {report.get('schema')!r}")
    ids = [p.get("id") for p in report.get("probes") or [] if isinstance(p, dict)]
    if sorted(ids) != sorted(PROBE_IDS):
        fail(f"probe ids: expected {PROBE_IDS}, got {ids}")
    for p in report.get("probes") or []:
        for key in ("status", "summary", "facts", "duration_us"):
            if key not in p:
                fail(f"probe {p.get('id')}: no {key!r}")
    verdict = report.get("verdict")
    if not isinstance(verdict, dict) or "ready" not in verdict or "configuration" not in verdict:
        fail(f"verdict missing or partial: {verdict!r}")
    schema_path = os.path.join(os.environ.get("PF_SOURCE_ROOT", "."), "docs", "report.schema.json")
    if not os.path.exists(schema_path):
        return
    try:
        import jsonschema
    except ImportError:
        print("note: python3-jsonschema not installed; schema not checked")
        return
    with open(schema_path, encoding="utf-8") as fh:
        schema = json.load(fh)
    for err in jsonschema.Draft202012Validator(schema).iter_errors(report):
        fail(f"schema violation at {'/'.join(map(str, err.absolute_path))}: {err.message}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--status", type=int, required=True)
    ap.add_argument("--report", required=True)
    ap.add_argument("--stderr")
    ap.add_argument("--complete", action="store_true")
    ap.add_argument("--exit-matches-verdict", action="store_true")
    ap.add_argument("--expect-status")
    ap.add_argument("--hung")
    ap.add_argument("--baseline")
    a = ap.parse_args()

    if a.expect_status is not None:
        allowed = [int(s) for s in a.expect_status.split(",")]
        if a.status not in allowed:
            fail(f"exit status: expected one of {allowed}, got {a.status}"
                 + (f" (killed by signal {a.status - 128})" if a.status > 128 else ""))
    report = load(a.report)
    if report is not None:
        if a.complete:
            check_complete(report)
        ready = (report.get("verdict") or {}).get("ready")
        if a.exit_matches_verdict and a.status != (0 if ready is True else 1):
            fail(f"exit status {a.status} does not match verdict.ready={ready!r}")
        got = probes(report)
        if a.hung:
            p = got.get(a.hung) or {}
            if p.get("status") != "error":
                fail(f"hung probe {a.hung}: expected status 'error', got {p.get('status')!r}")
            said = f"{p.get('summary', '')} {json.dumps(p.get('facts', {}))}"
            if not re.search(r"time", said, re.I):
                fail(f"hung probe {a.hung}: no timeout in summary/facts: {said[:300]!r}")
        if a.baseline:
            # "the rest of the report intact": every other probe found the
            # same facts and (but for landlock, whose status says whether
            # landjail is the way out once nsjail is not ready) the same status
            base = load(a.baseline)
            base_ready = ((base or {}).get("verdict") or {}).get("ready")
            for pid, bp in probes(base or {}).items():
                if pid == a.hung:
                    continue
                gp = got.get(pid) or {}
                if gp.get("facts") != bp.get("facts"):
                    fail(f"probe {pid}: facts differ from the baseline run: "
                         f"{json.dumps(gp.get('facts'))[:300]} vs {json.dumps(bp.get('facts'))[:300]}")
                if pid == "landlock" and ready != base_ready:
                    continue
                if gp.get("status") != bp.get("status"):
                    fail(f"probe {pid}: status {gp.get('status')!r}, baseline run had {bp.get('status')!r}")
    if failures and a.stderr and os.path.exists(a.stderr):
        with open(a.stderr, encoding="utf-8", errors="replace") as fh:
            err = fh.read()
        if err:
            print("stderr of the run:\n" + err[-2000:])
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
