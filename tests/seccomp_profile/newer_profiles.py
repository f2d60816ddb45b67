#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""seccomp-profile on profiles newer than Debian's: Docker 25's default.json
(tests/engines/profiles) and that profile with keys, syscall names and rule
fields seccomp-profile does not know (as a later moby or a hand-written
profile may carry). The output must equal the base with exactly boundary's
clone rules appended: every other key, value and order unchanged.

And on containerd's default profile, which is OCI-format ("architectures",
no "archMap"): containerd reads it as a runtime-spec LinuxSeccomp and drops
"includes"/"excludes", so it must get the one rule for its architectures'
argument order (flags in argument 0 on x86) and no arch-limited s390 twin,
which would otherwise apply on x86 and allow clone with any namespace flag.

Usage: newer_profiles.py BOUNDARY_PREFLIGHT"""
import copy
import json
import os
import subprocess
import sys
import tempfile

binary = sys.argv[1]
root = os.environ.get("PF_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..", "..")
v25_path = os.path.join(root, "tests", "engines", "profiles", "moby-default-v25.0.13.json")
failures = []


def patch(base, tmp, name):
    src = os.path.join(tmp, name + ".json")
    out = os.path.join(tmp, name + "-out.json")
    with open(src, "w") as f:
        json.dump(base, f, indent="\t")
    proc = subprocess.run([binary, "seccomp-profile", "--base", src, "--output", out],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        failures.append("%s: exit %d: %s" % (name, proc.returncode, proc.stderr.strip()))
        return None
    with open(out) as f:
        return json.load(f)


def boundary_rules(tmp):
    """The rules seccomp-profile appends, learnt from a profile holding none."""
    got = patch({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": []}, tmp, "empty")
    return got["syscalls"] if got else None


def check(name, base, got, added):
    if got is None:
        return
    if list(got) != list(base):
        failures.append("%s: top-level keys %s, expected %s" % (name, list(got), list(base)))
    for key in base:
        if key != "syscalls" and got.get(key) != base[key]:
            failures.append("%s: %r changed" % (name, key))
    n = len(base["syscalls"])
    if got["syscalls"][:n] != base["syscalls"]:
        failures.append("%s: the base's rules changed" % name)
    if got["syscalls"][n:] != added:
        failures.append("%s: appended %s, expected boundary's %d clone rules"
                        % (name, json.dumps(got["syscalls"][n:])[:300], len(added)))
    # key order inside the rules too
    if json.dumps(got["syscalls"][:n]) != json.dumps(base["syscalls"]):
        failures.append("%s: the base's rules were reordered" % name)


with open(v25_path) as f:
    v25 = json.load(f, object_pairs_hook=dict)

with tempfile.TemporaryDirectory(prefix="pf-newer-") as tmp:
    added = boundary_rules(tmp)
    if not added or any(r.get("names") != ["clone"] for r in added):
        failures.append("the rules for an empty profile are not clone rules: %r" % (added,))
    else:
        check("moby v25.0.13", v25, patch(v25, tmp, "v25"), added)

        future = copy.deepcopy(v25)
        future["listenerPath"] = "/run/seccomp-agent.socket"
        future["listenerMetadata"] = "agent"
        future["flags"] = ["SECCOMP_FILTER_FLAG_SPEC_ALLOW"]
        future["aFutureKey"] = {"nested": [1, "two", None, {"x": True}]}
        future["syscalls"].insert(0, {
            "names": ["lsm_get_self_attr", "lsm_set_self_attr", "lsm_list_modules",
                      "mseal", "a_syscall_from_the_future"],
            "action": "SCMP_ACT_ALLOW",
            "includes": {"minKernel": "6.8", "aFutureFilter": ["x"]},
            "aFutureRuleKey": {"k": 1},
        })
        future["syscalls"].insert(1, {
            "names": ["personality"],
            "action": "SCMP_ACT_ERRNO",
            "errnoRet": 38,
            "args": [{"index": 0, "value": 8, "valueTwo": 0, "op": "SCMP_CMP_EQ",
                      "aFutureArgKey": "y"}],
        })
        check("v25 with unknown content", future, patch(future, tmp, "future"), added)

        # patching the output again changes nothing (already holds the rules)
        once = patch(v25, tmp, "v25-again")
        if once is not None:
            twice = patch(once, tmp, "v25-twice")
            if twice is not None and twice != once:
                failures.append("patching v25's output again changed it")

    ctd_path = os.path.join(root, "tests", "engines", "profiles", "containerd-default-1.6.20.json")
    with open(ctd_path) as f:
        ctd = json.load(f)
    only = [r for r in added if r["args"][0]["index"] == 0]
    want = [{k: v for k, v in r.items() if k not in ("includes", "excludes")} for r in only]
    check("containerd 1.6.20 default (OCI format)", ctd, patch(ctd, tmp, "containerd"), want)

    s390 = {"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_S390X", "SCMP_ARCH_S390"],
            "syscalls": []}
    twin = [r for r in added if r["args"][0]["index"] == 1]
    want = [{k: v for k, v in r.items() if k not in ("includes", "excludes")} for r in twin]
    check("OCI format, s390 only", s390, patch(s390, tmp, "s390"), want)

    mixed = dict(s390, architectures=["SCMP_ARCH_X86_64", "SCMP_ARCH_S390X"])
    src = os.path.join(tmp, "mixed.json")
    with open(src, "w") as f:
        json.dump(mixed, f)
    proc = subprocess.run([binary, "seccomp-profile", "--base", src, "--output",
                           os.path.join(tmp, "mixed-out.json")], capture_output=True, text=True)
    if proc.returncode != 2 or "s390" not in proc.stderr or os.path.exists(os.path.join(tmp, "mixed-out.json")):
        failures.append("OCI format listing x86-64 and s390x: exit %d, stderr %r; expected 2 and no output"
                        % (proc.returncode, proc.stderr.strip()))

for f in failures:
    print("FAIL:", f)
print("%s: %d failure(s)" % (os.path.basename(sys.argv[0]), len(failures)))
sys.exit(1 if failures else 0)
