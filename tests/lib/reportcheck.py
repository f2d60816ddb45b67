#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Assert what a boundary-preflight run produced: exit status, and from its
JSON report the configuration, blocker and warning codes, options, facts,
a hung probe and the probes of a baseline run. The report checker of every
shell suite (tests/lib/libtest.sh: check_report), and a module.

    reportcheck.py --status N --report FILE [expectations...]
    reportcheck.py same-verdict A.json A_STATUS B.json B_STATUS

Every failed expectation prints what was expected and what the report had;
the exit status is 1 when any expectation failed, 0 otherwise.
"""
import argparse
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import findings_table  # noqa: E402  (tests/lib/findings_table.py)

PROBE_IDS = ["capabilities", "netadmin", "seccomp", "userns", "sysctl",
             "runtime", "lsm", "privilege", "tools", "landlock", "kernel"]
SCHEMA_ID = "boundary-preflight/report/v1"
SANITIZER_MARKERS = ("AddressSanitizer", "LeakSanitizer", "UndefinedBehaviorSanitizer",
                     "runtime error:")

# Capability numbers and names (linux/capability.h, Linux 6.x): the
# report's names are checked against its hex through this table.
CAP_NAMES = ["CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL",
             "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE",
             "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
             "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT",
             "SYS_ADMIN", "SYS_BOOT", "SYS_NICE", "SYS_RESOURCE", "SYS_TIME",
             "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL",
             "SETFCAP", "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM",
             "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF", "CHECKPOINT_RESTORE"]
# /proc/PID/status line -> the capabilities probe's set (proc(5))
CAP_STATUS_SETS = {"CapInh": "inheritable", "CapPrm": "permitted", "CapEff": "effective",
                   "CapBnd": "bounding", "CapAmb": "ambient"}
SECCOMP_ORACLES = ["clone_userns_net", "clone_net", "clone3", "unshare", "setns"]
# What each seccomp-jail.c mode does to each oracle (its filter's rules),
# and seccomp's mode in /proc/self/status (0 none, 2 filter).
SECCOMP_FILTERS = {
    "none": (0, {o: "allowed" for o in SECCOMP_ORACLES}),
    "docker": (2, {"clone_userns_net": "denied", "clone_net": "denied", "clone3": "enosys",
                   "unshare": "denied", "setns": "denied"}),
    "docker-kill": (2, {"clone_userns_net": "killed", "clone_net": "killed", "clone3": "enosys",
                        "unshare": "denied", "setns": "denied"}),
    "docker-trap": (2, {"clone_userns_net": "killed", "clone_net": "killed", "clone3": "enosys",
                        "unshare": "denied", "setns": "denied"}),
    # kills only getsockopt(IPPROTO_IP, IPT_SO_GET_INFO): no oracle touches it
    "iptables-kill": (2, {o: "allowed" for o in SECCOMP_ORACLES}),
}

failures = []


def fail(what, expected, got):
    failures.append(f"{what}: expected {expected!r}, got {got!r}")


def fail_msg(msg):
    failures.append(msg)


def codes(findings):
    return [f.get("code") for f in findings or [] if isinstance(f, dict)]


def load_report(path):
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError as exc:
        fail("report file", "readable", str(exc))
        return None
    try:
        report = json.loads(text)
    except json.JSONDecodeError as exc:
        head = text[:400] + ("..." if len(text) > 400 else "")
        fail(f"report {path}", "valid JSON", f"{exc} in {head!r}")
        return None
    round_trip(path, text)
    return report


def round_trip(path, text):
    """explain --format json must give back the report byte for byte
    (docs/design.md "JSON report": explain round-trips every report the
    suites produce, even the ones written in hostile environments)."""
    tool = os.environ.get("BOUNDARY_PREFLIGHT")
    if not tool:
        return
    proc = subprocess.run([tool, "explain", "--format", "json", path],
                          capture_output=True, text=True)
    if proc.returncode != 0 or proc.stdout != text:
        fail(f"explain round trip of {path}", "the same bytes, exit 0",
             f"exit {proc.returncode}; stderr {proc.stderr.strip()[:200]!r}")


def probes(report):
    return {p.get("id"): p for p in report.get("probes") or [] if isinstance(p, dict)}


def probe(report, probe_id):
    return probes(report).get(probe_id)


def lookup(node, dotted):
    """Follow a dotted path through objects; None when a step is missing."""
    for step in dotted.split("."):
        if not isinstance(node, dict) or step not in node:
            return None, step
        node = node[step]
    return node, None


def parse_scalar(text):
    """'true', '1', 'denied' -> the JSON value they stand for."""
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def known_codes(args, blockers, warnings):
    """Every code the report or an expectation names is a row of
    include/preflight/findings.def of that kind: a misspelt --no-blocker
    would otherwise pass for ever."""
    kinds = {"blocker": findings_table.blocker_codes(), "warning": findings_table.warning_codes()}
    named = [("blocker", c) for c in args.blocker + args.no_blocker]
    named += [("blocker", spec.split("=", 1)[0]) for spec in args.blocker_mentions]
    named += [("warning", c) for c in args.warning + args.no_warning]
    for kind, listed in (("blocker", args.blockers_exactly), ("warning", args.warnings_exactly)):
        named += [(kind, c) for c in (listed or "").split(",") if c]
    for kind, code in named:
        if code not in kinds[kind]:
            fail(f"expected {kind} code", f"one of findings.def's {kind}s", code)
    for kind, found in (("blocker", blockers), ("warning", warnings)):
        for code in found:
            if code not in kinds[kind]:
                fail(f"report {kind} code", f"one of findings.def's {kind}s", code)


def check_complete(report):
    """The report is whole: every probe, a verdict, and (when the schema is
    in the source tree) it validates against docs/report.schema.json."""
    if report.get("schema") != SCHEMA_ID:
        fail("schema", SCHEMA_ID, report.get("schema"))
    ids = [p.get("id") for p in report.get("probes") or [] if isinstance(p, dict)]
    if sorted(ids) != sorted(PROBE_IDS):
        fail("probe ids", PROBE_IDS, ids)
    for p in report.get("probes") or []:
        for key in ("status", "summary", "facts", "duration_us"):
            if key not in p:
                fail(f"probe {p.get('id')} key", key, sorted(p))
    verdict = report.get("verdict")
    if not isinstance(verdict, dict):
        fail("verdict", "an object", verdict)
    else:
        for key in ("configuration", "ready", "blockers", "warnings", "fixes"):
            if key not in verdict:
                fail("verdict key", key, sorted(verdict))
    schema_path = os.path.join(os.environ.get("PF_SOURCE_ROOT", "."),
                               "docs", "report.schema.json")
    if not os.path.exists(schema_path):
        fail("schema", f"{schema_path} present", "absent")
        return
    try:
        import jsonschema
    except ImportError:
        fail("schema validation", "python3-jsonschema installed (scripts/test installs it)", "missing")
        return
    with open(schema_path, encoding="utf-8") as fh:
        schema = json.load(fh)
    validator = jsonschema.validators.validator_for(schema)(schema)
    for err in sorted(validator.iter_errors(report), key=str)[:5]:
        path = "/".join(str(p) for p in err.absolute_path)
        fail("schema validation", "valid", f"/{path}: {err.message}")


def summary(report):
    if not isinstance(report, dict):
        return "  (no report)"
    verdict = report.get("verdict") or {}
    lines = [
        f"  configuration={verdict.get('configuration')!r} ready={verdict.get('ready')!r}",
        f"  blockers={codes(verdict.get('blockers'))}",
        f"  warnings={codes(verdict.get('warnings'))}",
        f"  environment={report.get('environment', {}).get('engine')!r}"
        f"/{report.get('environment', {}).get('runtime')!r}"
        f" in_container={report.get('environment', {}).get('in_container')!r}",
        "  probes=" + ", ".join(f"{p.get('id')}:{p.get('status')}"
                                for p in report.get("probes") or []
                                if isinstance(p, dict)),
    ]
    for b in verdict.get("blockers") or []:
        lines.append(f"  blocker {b.get('code')}: {b.get('message')}")
    return "\n".join(lines)


def check(args):
    if args.expect_status is not None:
        allowed = [int(s) for s in args.expect_status.split(",")]
        if args.status not in allowed:
            got = args.status if args.status <= 128 else f"{args.status} (killed by signal {args.status - 128})"
            fail("exit status", allowed[0] if len(allowed) == 1 else f"one of {allowed}", got)
    err_text = ""
    if args.stderr:
        try:
            with open(args.stderr, encoding="utf-8", errors="replace") as fh:
                err_text = fh.read()
        except OSError as exc:
            err_text = f"<unreadable: {exc}>"
    # Under ASan/UBSan (docs/design.md "Testing strategy" 5) a report can share exit
    # status 1 with "not ready", so look for the reports themselves.
    if args.lsan_without_proc:
        # LeakSanitizer stops the threads through /proc/PID/task; with /proc
        # gone it ends with its own fatal error (and reads no options, which
        # come from /proc/self/environ): that is not a report of a leak
        err_text = "\n".join(line for line in err_text.splitlines()
                              if "LeakSanitizer has encountered a fatal error" not in line
                              and "LeakSanitizer does not work under ptrace" not in line)
    for marker in SANITIZER_MARKERS:
        if marker in err_text:
            fail("stderr", f"no {marker!r} report", err_text.strip()[:800])
    if args.stderr_contains:
        for needle in args.stderr_contains:
            if needle not in err_text:
                fail("stderr", f"contains {needle}", err_text.strip()[:400])
    if args.no_report:
        return None
    report = load_report(args.report)
    if report is None:
        return None
    if args.complete:
        check_complete(report)
    verdict = report.get("verdict") or {}
    if args.exit_matches_verdict and args.status != (0 if verdict.get("ready") is True else 1):
        fail_msg(f"exit status {args.status} does not match verdict.ready={verdict.get('ready')!r}")
    if args.hung:
        check_hung(report, args.hung)
    if args.baseline:
        check_baseline(report, args.baseline, args.hung)
    if args.configuration is not None and verdict.get("configuration") != args.configuration:
        fail("configuration", args.configuration, verdict.get("configuration"))
    if args.ready is not None:
        want = args.ready == "true"
        if verdict.get("ready") is not want:
            fail("ready", want, verdict.get("ready"))
    blockers = codes(verdict.get("blockers"))
    warnings = codes(verdict.get("warnings"))
    known_codes(args, blockers, warnings)
    for code in args.blocker:
        if code not in blockers:
            fail("blockers", f"{code} among them", blockers)
    # Every asserted blocker must come with a fix for this case's engine
    # (fixes are written for the engine detected): on a host that is the
    # host's own or a generic one.
    env = report.get("environment") or {}
    engines = {env.get("engine"), "generic"}
    if env.get("engine") == "docker":
        engines.add("compose")
    if not env.get("in_container"):
        engines.add("host")
    for code in args.blocker:
        fixes = [f for f in verdict.get("fixes") or []
                 if isinstance(f, dict) and f.get("for") == code and f.get("engine") in engines]
        if not fixes or not any((f.get("text") or "").strip() for f in fixes):
            fail("fixes", f"a fix for {code} for engine {sorted(e for e in engines if e)}",
                 [(f.get("for"), f.get("engine")) for f in verdict.get("fixes") or [] if isinstance(f, dict)])
    if args.blockers_exactly is not None:
        want = sorted(c for c in args.blockers_exactly.split(",") if c)
        if sorted(blockers) != want:
            fail("the complete set of blockers", want, sorted(blockers))
    if args.warnings_exactly is not None:
        want = sorted(c for c in args.warnings_exactly.split(",") if c)
        if sorted(warnings) != want:
            fail("the complete set of warnings", want, sorted(warnings))
    if args.judge:
        # boundary-ops did boundary's whole startup in the same environment:
        # ready must mean it succeeded, not ready that it failed
        with open(args.judge, encoding="utf-8", errors="replace") as fh:
            ops = fh.read()
        results = [l[len("RESULT: "):] for l in ops.splitlines() if l.startswith("RESULT: ")]
        if len(results) != 1:
            fail("boundary-ops", "one RESULT line", results)
        elif (results[0] == "success") != (verdict.get("ready") is True):
            fail("agreement with boundary-ops", f"ready={results[0] == 'success'} (boundary-ops: {results[0]})",
                 f"ready={verdict.get('ready')}")
        elif args.judge_result and results[0] != args.judge_result:
            fail("boundary-ops result", args.judge_result, results[0])
    for code in args.no_blocker:
        if code in blockers:
            fail("blockers", f"no {code}", blockers)
    if args.no_blockers and blockers:
        fail("blockers", [], blockers)
    for code in args.warning:
        if code not in warnings:
            fail("warnings", f"{code} among them", warnings)
    for code in args.no_warning:
        if code in warnings:
            fail("warnings", f"no {code}", warnings)
    for spec in args.blocker_mentions:
        code, _, text = spec.partition("=")
        messages = [b.get("message") or "" for b in verdict.get("blockers") or []
                    if b.get("code") == code]
        if not any(text in m for m in messages):
            fail(f"{code} message", f"mentions {text}", messages)
    for spec in args.field:
        key, _, value = spec.partition("=")
        got, missing = lookup(report, key)
        if missing is not None:
            fail(key, parse_scalar(value), f"no key {missing!r}")
        elif got != parse_scalar(value):
            fail(key, parse_scalar(value), got)
    for spec in args.fact:
        where, _, value = spec.partition("=")
        probe_id, _, path = where.partition(":")
        entry = probe(report, probe_id)
        if entry is None:
            fail(f"probe {probe_id}", "present", None)
            continue
        got, missing = lookup(entry.get("facts"), path)
        if missing is not None:
            fail(f"{probe_id} facts {path}", parse_scalar(value),
                 f"no key {missing!r}; facts are {json.dumps(entry.get('facts'))[:600]}")
        elif got != parse_scalar(value):
            fail(f"{probe_id} facts {path}", parse_scalar(value), got)
    if args.caps_from:
        check_caps(report, args.caps_from)
    if args.seccomp_filter:
        check_seccomp(report, args.seccomp_filter)
    return report


def check_hung(report, probe_id):
    """The hung probe is an error with a timeout in its summary or facts."""
    p = probe(report, probe_id) or {}
    if p.get("status") != "error":
        fail(f"hung probe {probe_id} status", "error", p.get("status"))
    said = f"{p.get('summary', '')} {json.dumps(p.get('facts', {}))}"
    if not re.search(r"time", said, re.I):
        fail(f"hung probe {probe_id}", "a timeout in its summary or facts", said[:300])


def check_baseline(report, path, hung):
    """The rest of the report intact: every probe but the hung one found the
    same facts as in the baseline run and (but for landlock, whose status
    says whether landjail is the way out once nsjail is not ready) has the
    same status."""
    base = load_report(path)
    ready = (report.get("verdict") or {}).get("ready")
    base_ready = ((base or {}).get("verdict") or {}).get("ready")
    got = probes(report)
    for pid, bp in probes(base or {}).items():
        if pid == hung:
            continue
        gp = got.get(pid) or {}
        if gp.get("facts") != bp.get("facts"):
            fail_msg(f"probe {pid}: facts differ from the baseline run: "
                     f"{json.dumps(gp.get('facts'))[:300]} vs {json.dumps(bp.get('facts'))[:300]}")
        if pid == "landlock" and ready != base_ready:
            continue
        if gp.get("status") != bp.get("status"):
            fail_msg(f"probe {pid}: status {gp.get('status')!r}, baseline run had {bp.get('status')!r}")


def check_caps(report, path):
    """Every capability set the probe reports equals the kernel's own
    /proc/self/status line, read by another process run through the same
    wrapper; its names are the names of the bits set."""
    entry = probe(report, "capabilities")
    facts = (entry or {}).get("facts") or {}
    try:
        with open(path, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
    except OSError as exc:
        fail("capability status file", "readable", str(exc))
        return
    seen = set()
    for line in lines:
        key, _, value = line.partition(":")
        if key not in CAP_STATUS_SETS:
            continue
        seen.add(key)
        name = CAP_STATUS_SETS[key]
        want = int(value.strip(), 16)
        got = (facts.get(name) or {}).get("hex")
        if got != f"0x{want:016x}":
            fail(f"capabilities facts {name}.hex ({key} in /proc/self/status)", f"0x{want:016x}", got)
        want_names = [f"CAP_{CAP_NAMES[b]}" if b < len(CAP_NAMES) else f"CAP_{b}"
                      for b in range(64) if want >> b & 1]
        got_names = (facts.get(name) or {}).get("names")
        if got_names != want_names:
            fail(f"capabilities facts {name}.names", want_names, got_names)
    if seen != set(CAP_STATUS_SETS):
        fail("capability status file", sorted(CAP_STATUS_SETS), sorted(seen))
    # the seccomp and no_new_privs lines of the same reading, where captured
    status = dict(line.partition(":")[::2] for line in lines)
    seccomp = (probe(report, "seccomp") or {}).get("facts") or {}
    for key, fact in (("Seccomp", "mode"), ("Seccomp_filters", "filters")):
        if key in status and seccomp.get(fact) != int(status[key].strip()):
            fail(f"seccomp facts {fact} ({key} in /proc/self/status)", int(status[key].strip()), seccomp.get(fact))
    if "NoNewPrivs" in status:
        want = status["NoNewPrivs"].strip() == "1"
        for name, got in (("seccomp", seccomp.get("no_new_privs")), ("capabilities", facts.get("no_new_privs"))):
            if got is not want:
                fail(f"{name} facts no_new_privs (NoNewPrivs in /proc/self/status)", want, got)


def check_seccomp(report, mode_name):
    """Each seccomp oracle's gate is what the case's filter does to it; an
    allowed call failed with the oracle's own expected errno."""
    mode, gates = SECCOMP_FILTERS[mode_name]
    facts = (probe(report, "seccomp") or {}).get("facts") or {}
    if facts.get("mode") != mode:
        fail("seccomp facts mode", mode, facts.get("mode"))
    for oracle, gate in gates.items():
        got = facts.get(oracle) or {}
        if got.get("gate") != gate:
            fail(f"seccomp facts {oracle}.gate", gate, got.get("gate"))
        call = got.get("call") or {}
        if gate == "allowed" and call.get("error") != got.get("expected_error"):
            fail(f"seccomp facts {oracle}.call.error", got.get("expected_error"), call.get("error"))
        if gate == "killed" and call.get("signal_name") != "SIGSYS":
            fail(f"seccomp facts {oracle}.call.signal_name", "SIGSYS", call.get("signal_name"))


def same_verdict(argv):
    if len(argv) != 4:
        print("usage: reportcheck.py same-verdict A.json A_STATUS B.json B_STATUS",
              file=sys.stderr)
        return 2
    a, b = load_report(argv[0]), load_report(argv[2])
    if argv[1] != argv[3]:
        fail("exit status", argv[1], argv[3])
    if a is not None and b is not None:
        va, vb = a.get("verdict") or {}, b.get("verdict") or {}
        for key in ("configuration", "ready", "testing_only"):
            if va.get(key) != vb.get(key):
                fail(f"verdict.{key}", va.get(key), vb.get(key))
        for key in ("blockers", "warnings"):
            if sorted(codes(va.get(key))) != sorted(codes(vb.get(key))):
                fail(f"verdict.{key}", codes(va.get(key)), codes(vb.get(key)))
        if a.get("options") != b.get("options"):
            fail("options", a.get("options"), b.get("options"))
    if failures:
        print("FAIL")
        for line in failures:
            print("  " + line)
        print("first report:\n" + summary(a) + "\nsecond report:\n" + summary(b))
        return 1
    print("ok: same verdict\n" + summary(a))
    return 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "same-verdict":
        return same_verdict(sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--status", type=int, required=True, help="the run's exit status")
    ap.add_argument("--report", help="the run's stdout (JSON)")
    ap.add_argument("--stderr", help="the run's stderr")
    ap.add_argument("--expect-status", metavar="N[,N...]", help="the exit status is one of these")
    ap.add_argument("--exit-matches-verdict", action="store_true",
                    help="exit 0 exactly when verdict.ready, else 1")
    ap.add_argument("--configuration")
    ap.add_argument("--ready", choices=["true", "false"])
    ap.add_argument("--blocker", action="append", default=[])
    ap.add_argument("--no-blocker", action="append", default=[])
    ap.add_argument("--no-blockers", action="store_true")
    ap.add_argument("--warning", action="append", default=[])
    ap.add_argument("--no-warning", action="append", default=[])
    ap.add_argument("--blocker-mentions", action="append", default=[], metavar="CODE=TEXT")
    ap.add_argument("--field", action="append", default=[], metavar="DOTTED.PATH=VALUE",
                    help="a value anywhere in the report, e.g. options.strict=true")
    ap.add_argument("--fact", action="append", default=[], metavar="PROBE:PATH=VALUE")
    ap.add_argument("--complete", action="store_true")
    ap.add_argument("--blockers-exactly", metavar="CODE,CODE", help="the complete set ('' for none)")
    ap.add_argument("--warnings-exactly", metavar="CODE,CODE", help="the complete set ('' for none)")
    ap.add_argument("--judge", metavar="OPS_OUTPUT", help="boundary-ops' output in the same environment")
    ap.add_argument("--judge-result", metavar="TEXT", help="its RESULT line, e.g. 'failure at veth-add'")
    ap.add_argument("--stderr-contains", action="append", default=[])
    ap.add_argument("--lsan-without-proc", action="store_true",
                    help="/proc is not mounted: LeakSanitizer's own fatal error is not a report")
    ap.add_argument("--caps-from", metavar="FILE",
                    help="/proc/self/status (its Cap* lines) read through the same wrapper")
    ap.add_argument("--seccomp-filter", choices=sorted(SECCOMP_FILTERS),
                    help="the seccomp-jail mode the run was under ('none': no filter)")
    ap.add_argument("--hung", metavar="PROBE", help="PROBE is an error with a timeout in its summary")
    ap.add_argument("--baseline", metavar="FILE",
                    help="every probe but --hung has the facts and status it has in FILE")
    ap.add_argument("--no-report", action="store_true", help="do not parse stdout")
    args = ap.parse_args()
    if not args.no_report and not args.report:
        ap.error("--report FILE is needed (or --no-report)")
    report = check(args)
    if failures:
        print("FAIL")
        for line in failures:
            print("  " + line)
        print("report summary:\n" + summary(report))
        if args.stderr and os.path.exists(args.stderr):
            with open(args.stderr, encoding="utf-8", errors="replace") as fh:
                err = fh.read()
            if err:
                print("stderr of the run:\n" + err[-2000:])
        return 1
    print("ok\n" + summary(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
