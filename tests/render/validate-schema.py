#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Validate reports against docs/report.schema.json (JSON Schema 2020-12).

Reports come from report-sample (libpreflight, synthetic facts: the Docker
sketch, a host, and a redacted run) and, when it works, from the real
binary ($BOUNDARY_PREFLIGHT --format json): plain, redacted, under the
emulated Docker seccomp filters (tests/emulated/seccomp-jail, when built)
and as nobody. Each is also read back with libpreflight's reader and must
re-render byte for byte.

usage: validate-schema.py SCHEMA REPORT_SAMPLE
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from jsonschema import Draft202012Validator, FormatChecker

failures = 0


def fail(what, msg):
    global failures
    failures += 1
    print(f"FAIL {what}: {msg}")


def check(what, text, validator, sample):
    try:
        report = json.loads(text)
    except json.JSONDecodeError as e:
        fail(what, f"not JSON: {e}")
        return
    errors = sorted(validator.iter_errors(report), key=lambda e: list(e.absolute_path))
    for e in errors[:10]:
        path = "/".join(str(p) for p in e.absolute_path) or "(top)"
        fail(what, f"{path}: {e.message}")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        f.write(text)
        name = f.name
    try:
        back = subprocess.run([sample, "roundtrip", name], capture_output=True, text=True)
    finally:
        os.unlink(name)
    if back.returncode != 0:
        fail(what, f"reader refused it: {back.stderr.strip()}")
    elif back.stdout != text:
        fail(what, "JSON -> model -> JSON is not byte-identical")
    if not errors and back.returncode == 0 and back.stdout == text:
        print(f"ok   {what}: valid, {len(report['probes'])} probes, round trip identical")


def real_runs(binary):
    """The real binary where it is ready and where it is not, so fixes and
    blockers of the real verdict meet the schema too."""
    json_args = ["--format", "json"]
    yield "boundary-preflight --format json", [binary] + json_args
    yield "boundary-preflight --format json --redact", [binary] + json_args + ["--redact"]
    build_root = os.environ.get("PF_BUILD_ROOT", "")
    jail = os.path.join(build_root, "tests", "emulated", "seccomp-jail")
    if os.environ.get("PF_QEMU_SAFE") == "1":
        # qemu-user refuses seccomp filters (the build has no seccomp-jail)
        print("skip seccomp-jail runs: under qemu-user (-Dqemu_safe=true)")
    elif build_root and os.access(jail, os.X_OK):
        for mode in ("docker", "docker-kill"):
            yield f"boundary-preflight under seccomp-jail {mode}", [jail, mode, binary] + json_args
    else:
        fail("seccomp-jail runs", "tests/emulated/seccomp-jail is not built")
    setpriv = shutil.which("setpriv")
    if os.geteuid() == 0 and setpriv:
        # nobody may not reach the build tree (a clone under /root): a copy
        pub = tempfile.mkdtemp(prefix="pf-schema-")
        os.chmod(pub, 0o755)
        copy = os.path.join(pub, "boundary-preflight")
        shutil.copy(binary, copy)
        os.chmod(copy, 0o755)
        try:
            yield "boundary-preflight as nobody", [setpriv, "--reuid=65534", "--regid=65534",
                                                   "--clear-groups", copy] + json_args
        finally:
            shutil.rmtree(pub, ignore_errors=True)
    else:
        print("skip run as nobody: needs root and setpriv")


def main():
    schema_path, sample = sys.argv[1], sys.argv[2]
    with open(schema_path) as f:
        schema = json.load(f)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())

    # The schema must be able to say no: a report with a wrong enum fails.
    sample_json = subprocess.run([sample, "json"], capture_output=True, text=True, check=True).stdout
    broken = json.loads(sample_json)
    broken["probes"][2]["facts"]["clone3"]["gate"] = "maybe"
    broken["verdict"]["configuration"] = "runc"
    if len(list(validator.iter_errors(broken))) != 2:
        fail("schema", "a report with two wrong values did not give two errors")

    for args in (["json"], ["json", "host"], ["json", "--redact"]):
        out = subprocess.run([sample] + args, capture_output=True, text=True, check=True).stdout
        check("report-sample " + " ".join(args[1:] or ["docker"]), out, validator, sample)

    binary = os.environ.get("BOUNDARY_PREFLIGHT")
    if not binary or not os.access(binary, os.X_OK):
        fail("real binary", "BOUNDARY_PREFLIGHT is not an executable")
    else:
        for what, cmd in real_runs(binary):
            try:
                run = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            except (OSError, subprocess.TimeoutExpired) as e:
                fail(what, f"could not run: {e}")
                continue
            # 0 ready and 1 not ready both write a report; anything else
            # (a crash, a signal, no output) is a failure of the tool
            if run.returncode not in (0, 1) or not run.stdout.strip():
                fail(what, f"exited {run.returncode}: {run.stderr.strip()[:200]}")
                continue
            check(what, run.stdout, validator, sample)

    if failures:
        print(f"{failures} failure(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
