#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Generative differential test: boundary-preflight against boundary-ops.

Each environment is composed at random, from a seed, out of real kernel
primitives (seccomp filters, capability sets, no_new_privs, uid, namespace
limits, iptables variant, who owns the network namespace) and written down
as a small JSON spec. pf-env builds it in a fresh sandbox and runs one
target in it; both targets get the same spec, each in its own sandbox:

  boundary-ops    the judge: performs boundary's startup; exit 0 with a last
                  line "RESULT: success" means boundary would start, exit 1
                  "RESULT: failure at STEP" that it would not;
  boundary-preflight --format json: exit 0 ready, 1 not ready.

Every run also judges two anchors (an environment boundary-ops must start
in, and one with a clone-killing filter it must not: otherwise the harness
is broken) and the hand-written specs of regressions/*.json.

A disagreement is a failure: tool ready and boundary-ops failing is a false
READY (the worst: the gate lets boundary start and it dies), tool not ready
and boundary-ops succeeding a false NOT READY; any other exit of the tool
(error, signal, deadline) is a tool error. Each disagreement is printed with
its seed, spec and both results, then shrunk: every component is neutralised
in turn and the change kept while the same disagreement persists; the
minimal spec is printed with a one-line replay command.

Environment variables:
  PF_DIFF_SEED=N          replay the one environment of seed N, printing both
                          outputs in full
  PF_DIFF_SPEC=JSON       run one hand-written spec (JSON text)
  PF_DIFF_SPEC_FILE=FILE  run one hand-written spec from a file
  PF_DIFF_COUNT=N         environments to draw (default 300)
  PF_DIFF_BASE_SEED=N     first seed (default: from the clock; printed);
                          environment i has seed BASE+i
  PF_DIFF_JOBS=N          environments judged at once (default 2)
  PF_DIFF_SHRINK_BUDGET=S seconds spent shrinking in all (default 120);
                          past it disagreements are listed unshrunk
  PF_DIFF_VERBOSE=1       one line per environment: both results and spec
A spec's keys (absent = neutral): user_namespace true|false (false: both
run with --no-user-namespace); user root|nonroot; netns_owner
sandbox|parent; max_user_namespaces, max_net_namespaces 0..N|"large";
iptables nft|legacy; bounding_drop [caps]; inheritable none|bounding (root);
ambient [caps] (non-root); nnp bool; seccomp [{"syscall": clone|clone3|
unshare|setns, "match": newuser|newnet|docker-mask|any (clone only),
"action": "errno:EPERM"|...|"kill"|"trap"|"log"|"allow"}].

Exit status: 0 no disagreement, 1 disagreements or harness errors, 2 usage,
77 skipped (not root, or no user namespace can be made; the reason is
printed). The last line is always
"differential: N environments, D disagreements".
"""

import concurrent.futures
import json
import os
import random
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77
TARGET_TIMEOUT_S = 30

CAPS = ["net_admin", "sys_admin", "net_raw", "setuid", "setgid", "setfcap", "sys_chroot", "dac_override"]
ERRNOS = ["EPERM", "EACCES", "ENOSYS", "EINVAL", "ENOSPC", "EAGAIN"]
LIMIT_KEYS = ["max_user_namespaces", "max_net_namespaces"]
RULE_TARGETS = [("clone", "newuser"), ("clone", "newnet"), ("clone", "docker-mask"),
                ("clone3", None), ("unshare", None), ("setns", None)]
KEY_ORDER = ["user_namespace", "user", "netns_owner", "max_user_namespaces", "max_net_namespaces", "iptables",
             "bounding_drop", "inheritable", "ambient", "nnp", "seccomp"]

print_lock = threading.Lock()


def out(text=""):
    with print_lock:
        print(text, flush=True)


# ---- the generator ------------------------------------------------------

def pick_action(r):
    x = r.random()
    if x < 0.45:
        return "errno:" + r.choice(ERRNOS)
    if x < 0.57:
        return "kill"
    if x < 0.69:
        return "trap"
    if x < 0.85:
        return "log"
    return "allow"


def generate(seed):
    """One environment from its seed. Each component departs from the
    neutral (permissive) setting with a modest probability, so that a good
    share of environments is ready per boundary-ops (false READYs need
    those) and the others mostly have one or two reasons not to be."""
    r = random.Random(seed)
    spec = {}
    spec["user"] = "nonroot" if r.random() < 0.3 else "root"
    spec["netns_owner"] = "parent" if r.random() < 0.06 else "sandbox"
    for key in LIMIT_KEYS:
        spec[key] = r.choice([0, 1, 2]) if r.random() < 0.15 else "large"
    spec["iptables"] = "legacy" if r.random() < 0.35 else "nft"
    drops = []
    if r.random() < 0.35:
        drops = [c for c in CAPS if r.random() < 0.2] or [r.choice(CAPS)]
    spec["bounding_drop"] = drops
    kept = [c for c in CAPS if c not in drops]
    if spec["user"] == "root":
        spec["inheritable"] = r.choice(["none", "bounding"])
        spec["ambient"] = []
    else:
        spec["inheritable"] = "none"
        spec["ambient"] = [c for c in kept if r.random() < 0.5] if r.random() < 0.4 else []
    spec["nnp"] = r.random() < 0.25
    rules = []
    if r.random() < 0.45:
        targets = r.sample(RULE_TARGETS, r.choice([1, 1, 2, 3]))
        # a docker-mask rule already holds the NEWUSER and NEWNET bits:
        # libseccomp refuses the same condition twice
        if ("clone", "docker-mask") in targets:
            targets = [t for t in targets if t[0] != "clone" or t[1] == "docker-mask"]
        for syscall, match in targets:
            rule = {"syscall": syscall}
            if match:
                rule["match"] = match
            rule["action"] = pick_action(r)
            rules.append(rule)
    spec["seccomp"] = rules
    # drawn last, so the draws above stay what they were for every seed
    spec["user_namespace"] = r.random() >= 0.15
    return spec


# ---- specs as sets of components (for shrinking) ------------------------

def atoms_of(spec):
    """The spec's non-neutral components, in a fixed order."""
    atoms = []
    if not spec.get("user_namespace", True):
        atoms.append(("user_namespace", False))
    if spec.get("user", "root") == "nonroot":
        atoms.append(("user", "nonroot"))
    if spec.get("netns_owner", "sandbox") == "parent":
        atoms.append(("netns_owner", "parent"))
    for key in LIMIT_KEYS:
        if spec.get(key, "large") != "large":
            atoms.append((key, spec[key]))
    if spec.get("iptables", "nft") == "legacy":
        atoms.append(("iptables", "legacy"))
    for cap in spec.get("bounding_drop", []):
        atoms.append(("bounding_drop", cap))
    if spec.get("inheritable", "none") == "bounding":
        atoms.append(("inheritable", "bounding"))
    for cap in spec.get("ambient", []):
        atoms.append(("ambient", cap))
    if spec.get("nnp", False):
        atoms.append(("nnp", True))
    for rule in spec.get("seccomp", []):
        atoms.append(("seccomp", json.dumps(rule, separators=(",", ":"))))
    return atoms


def spec_of(atoms):
    """The minimal spec holding these components (neutral keys left out)."""
    spec = {}
    nonroot = ("user", "nonroot") in atoms
    for key, value in atoms:
        if key in ("bounding_drop", "ambient"):
            if key == "ambient" and not nonroot:
                continue
            spec.setdefault(key, []).append(value)
        elif key == "seccomp":
            spec.setdefault("seccomp", []).append(json.loads(value))
        elif key == "inheritable" and nonroot:
            continue
        else:
            spec[key] = value
    return {k: spec[k] for k in KEY_ORDER if k in spec}


def compact(spec):
    return json.dumps(spec, separators=(",", ":"))


# ---- running a target ------------------------------------------------------

class Harness:
    def __init__(self, pf_env, ops, tool):
        self.pf_env = pf_env
        self.work = tempfile.mkdtemp(prefix="pf-diff.")
        self.counter = 0
        self.counter_lock = threading.Lock()
        self.memo = {}
        self.memo_lock = threading.Lock()
        self.running = set()
        self.running_lock = threading.Lock()
        self.leftovers = []
        os.chmod(self.work, 0o755)
        # The non-root user must be able to run both: copies in a
        # directory anyone can enter.
        bindir = self.path("bin")
        os.mkdir(bindir, 0o755)
        self.tool = os.path.join(bindir, "boundary-preflight")
        self.ops = os.path.join(bindir, "boundary-ops")
        for src, dst in ((tool, self.tool), (ops, self.ops)):
            shutil.copyfile(src, dst)
            os.chmod(dst, 0o755)
        # One PATH directory per iptables variant; ip and sysctl in both.
        self.pathdirs = {}
        for variant in ("nft", "legacy"):
            d = self.path("path-" + variant)
            os.mkdir(d, 0o755)
            os.symlink("/usr/sbin/iptables-" + variant, os.path.join(d, "iptables"))
            for prog in ("ip", "sysctl"):
                os.symlink(which_sbin(prog), os.path.join(d, prog))
            self.pathdirs[variant] = d
        self.home = self.path("home")
        os.mkdir(self.home, 0o755)
        os.mkdir(self.path("specs"), 0o700)
        self.make_user()

    def path(self, name):
        return os.path.join(self.work, name)

    def make_user(self):
        """The throwaway non-root user, with sudo NOPASSWD: it exists only
        in the sandboxes' mount namespaces, where pf-env binds these copies
        over /etc's. Nothing under /etc is written."""
        users = self.path("users")
        os.mkdir(users, 0o700)
        with open("/etc/passwd") as f:
            passwd = f.read()
        with open("/etc/group") as f:
            group = f.read()
        taken_uids = {int(l.split(":")[2]) for l in passwd.splitlines() if l.count(":") >= 3}
        taken_gids = {int(l.split(":")[2]) for l in group.splitlines() if l.count(":") >= 3}
        taken_names = {l.split(":")[0] for l in passwd.splitlines() + group.splitlines() if l}
        uid = 61790
        while uid in taken_uids or uid in taken_gids:
            uid += 1
        name = "pfdiff"
        while name in taken_names:
            name += "x"
        self.uid, self.gid, self.user = uid, uid, name
        with open(os.path.join(users, "passwd"), "w") as f:
            f.write(passwd.rstrip("\n") + "\n%s:x:%d:%d:preflight differential:/nonexistent:/usr/sbin/nologin\n"
                    % (name, uid, uid))
        with open(os.path.join(users, "group"), "w") as f:
            f.write(group.rstrip("\n") + "\n%s:x:%d:\n" % (name, uid))
        # sudo's PAM account check wants a shadow entry; no password hash
        # is copied.
        lines = []
        try:
            with open("/etc/shadow") as f:
                for line in f.read().splitlines():
                    fields = line.split(":")
                    if len(fields) > 2:
                        fields[1] = "*"
                    lines.append(":".join(fields))
        except OSError:
            pass
        lines.append("%s:*:20000:0:99999:7:::" % name)
        shadow = os.path.join(users, "shadow")
        with open(shadow, "w") as f:
            f.write("\n".join(lines) + "\n")
        os.chmod(shadow, 0o640)
        sudoers = os.path.join(users, "sudoers.d")
        os.mkdir(sudoers, 0o755)
        if os.path.isdir("/etc/sudoers.d"):
            for entry in os.listdir("/etc/sudoers.d"):
                src = os.path.join("/etc/sudoers.d", entry)
                if os.path.isfile(src):
                    shutil.copy2(src, os.path.join(sudoers, entry))
        dropin = os.path.join(sudoers, "pf-differential")
        with open(dropin, "w") as f:
            f.write("%s ALL=(ALL:ALL) NOPASSWD: ALL\n" % name)
        os.chmod(dropin, 0o440)

    def cleanup(self):
        with self.running_lock:
            for proc in list(self.running):
                try:
                    proc.send_signal(signal.SIGTERM)
                except OSError:
                    pass
        for proc in list(self.running):
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(self.work, ignore_errors=True)

    def command(self, spec, target, spec_file):
        cmd = [self.pf_env, "--timeout", str(TARGET_TIMEOUT_S)]
        if spec.get("user") == "nonroot":
            cmd += ["--nonroot", "%d:%d" % (self.uid, self.gid), "--user-files", self.path("users")]
        cmd += [spec_file, "--"]
        cmd += [self.tool, "--format", "json"] if target == "tool" else [self.ops]
        if not spec.get("user_namespace", True):
            cmd.append("--no-user-namespace")
        return cmd

    def run_target(self, spec, target, argv=None):
        with self.counter_lock:
            self.counter += 1
            spec_file = self.path("specs/%d.json" % self.counter)
        with open(spec_file, "w") as f:
            json.dump(spec, f)
        variant = spec.get("iptables", "nft")
        env = {
            "PATH": self.pathdirs[variant] + ":/usr/local/bin:/usr/bin:/bin",
            "HOME": self.home,
            "LANG": "C",
            "NO_COLOR": "1",
        }
        start = time.monotonic()
        cmd = self.command(spec, target, spec_file)
        if argv:
            cmd = cmd[:cmd.index("--") + 1] + argv
        proc = subprocess.Popen(cmd, env=env, cwd=self.home,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
        with self.running_lock:
            self.running.add(proc)
        try:
            stdout, stderr = proc.communicate(timeout=TARGET_TIMEOUT_S + 15)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGTERM)
            stdout, stderr = proc.communicate()
        finally:
            with self.running_lock:
                self.running.discard(proc)
        os.unlink(spec_file)
        result = {
            "rc": proc.returncode,
            "stdout": stdout.decode(errors="replace"),
            "stderr": stderr.decode(errors="replace"),
            "seconds": time.monotonic() - start,
        }
        for line in result["stderr"].splitlines():
            if line.startswith("pf-env: leftover process"):
                with print_lock:
                    self.leftovers.append((target, compact(spec), line))
        return result

    def judge(self, spec, fresh=False):
        """Both targets in the same environment (each in a fresh sandbox).
        Results are remembered by spec unless fresh is asked for."""
        key = compact(spec)
        with self.memo_lock:
            if key in self.memo and not fresh:
                return self.memo[key]
        tool = classify_tool(self.run_target(spec, "tool"))
        ops = classify_ops(self.run_target(spec, "ops"))
        verdict = compare(tool, ops)
        with self.memo_lock:
            self.memo.setdefault(key, verdict)
        return verdict

    def reproduce(self, spec, verdict, times=3):
        """How many of TIMES fresh runs show the same disagreement: less
        than all says the outcome depends on timing (a finding too)."""
        same = 0
        for _ in range(times):
            v = self.judge(spec, fresh=True)
            same += v["kind"] == verdict["kind"] and v["detail"] == verdict["detail"]
        return same


def which_sbin(prog):
    for d in ("/usr/sbin", "/sbin", "/usr/bin", "/bin"):
        if os.access(os.path.join(d, prog), os.X_OK):
            return os.path.join(d, prog)
    raise SystemExit("differential: %s not found" % prog)


def classify_tool(res):
    res = dict(res)
    rc = res["rc"]
    res["state"] = {0: "ready", 1: "not-ready"}.get(rc, "error")
    res["configuration"] = None
    res["blockers"] = []
    if rc in (0, 1):
        try:
            report = json.loads(res["stdout"])
            verdict = report["verdict"]
            res["configuration"] = verdict.get("configuration")
            res["blockers"] = [b.get("code") for b in verdict.get("blockers", [])]
            if bool(verdict.get("ready")) != (rc == 0):
                res["state"] = "error"
                res["why"] = "exit %d but verdict.ready is %s" % (rc, verdict.get("ready"))
        except (ValueError, KeyError, TypeError) as e:
            res["state"] = "error"
            res["why"] = "report unreadable: %s" % e
    elif rc == 124:
        res["why"] = "still running after %d s" % TARGET_TIMEOUT_S
    elif rc == 125:
        res["state"] = "harness"
        res["why"] = "pf-env could not build the environment"
    elif rc > 128:
        res["why"] = "killed by %s" % signal_name(rc - 128)
    else:
        res["why"] = "exit %d" % rc
    return res


def signal_name(n):
    try:
        return signal.Signals(n).name
    except ValueError:
        return "signal %d" % n


def classify_ops(res):
    res = dict(res)
    rc = res["rc"]
    lines = res["stdout"].rstrip("\n").splitlines()
    last = lines[-1] if lines else ""
    if rc == 0 and last == "RESULT: success":
        res["state"], res["step"] = "success", None
    elif rc == 1 and last.startswith("RESULT: failure at "):
        res["state"], res["step"] = "failure", last[len("RESULT: failure at "):]
    elif rc > 128 and rc != 128 + signal.SIGTERM:
        # boundary itself would die the same way: it would not start
        res["state"], res["step"] = "failure", "killed by %s" % signal_name(rc - 128)
    else:
        res["state"], res["step"] = "harness", None
        res["why"] = {124: "still running after %d s" % TARGET_TIMEOUT_S,
                      125: "pf-env could not build the environment"}.get(
            rc, "exit %d, last line %r" % (rc, last))
    return res


def compare(tool, ops):
    """kind: agree, false-ready, false-not-ready, tool-error or harness;
    detail: what must stay the same while shrinking."""
    if tool["state"] == "harness" or ops["state"] == "harness":
        kind, detail = "harness", None
    elif tool["state"] == "error":
        kind, detail = "tool-error", tool.get("why")
    elif tool["state"] == "ready" and ops["state"] == "failure":
        kind, detail = "false-ready", ops["step"]
    elif tool["state"] == "not-ready" and ops["state"] == "success":
        kind, detail = "false-not-ready", ",".join(sorted(tool["blockers"]))
    else:
        kind, detail = "agree", None
    return {"kind": kind, "detail": detail, "tool": tool, "ops": ops}


KIND_TEXT = {
    "false-ready": "false READY (tool ready, boundary-ops fails)",
    "false-not-ready": "false NOT READY (tool not ready, boundary-ops succeeds)",
    "tool-error": "tool error (neither ready nor not ready)",
    "harness": "harness error",
}


def describe_tool(t):
    if t["state"] in ("ready", "not-ready"):
        return "exit %d %s (configuration %s; blockers: %s)" % (
            t["rc"], "READY" if t["state"] == "ready" else "NOT READY", t["configuration"],
            ", ".join(t["blockers"]) or "-")
    return "exit %d: %s" % (t["rc"], t.get("why", "?"))


def describe_ops(o):
    if o["state"] == "success":
        return "exit 0 RESULT: success (boundary would start)"
    if o["state"] == "failure":
        return "exit %d failure at %s (boundary would not start)" % (o["rc"], o["step"])
    return "exit %d: %s" % (o["rc"], o.get("why", "?"))


def indent(text, prefix="    "):
    return "\n".join(prefix + l for l in text.rstrip("\n").splitlines()) or prefix + "(empty)"


# ---- shrinking ------------------------------------------------------------

def shrink(h, spec, verdict, deadline, attempts=1):
    """Greedy: neutralise one component at a time, keep the change while the
    same disagreement (kind and detail) persists. A disagreement that does
    not show every time gets ATTEMPTS runs per trial (one showing it is
    enough). Returns (atoms, runs, complete)."""
    atoms = atoms_of(spec)
    runs = 0
    changed = True
    while changed:
        changed = False
        i = 0
        while i < len(atoms):
            if time.monotonic() > deadline:
                return atoms, runs, False
            trial = atoms[:i] + atoms[i + 1:]
            if atoms[i] == ("user", "nonroot"):
                trial = [a for a in trial if a[0] != "ambient"]
            same = False
            for attempt in range(attempts):
                runs += 1
                v = h.judge(spec_of(trial), fresh=attempt > 0)
                if v["kind"] == verdict["kind"] and v["detail"] == verdict["detail"]:
                    same = True
                    break
            if same:
                atoms = trial
                changed = True
            else:
                i += 1
    return atoms, runs, True


def shrink_and_report(h, spec, verdict, deadline):
    """Shrink, then say how often the minimal spec shows the disagreement."""
    flaky = h.reproduce(spec, verdict, times=2) < 2
    atoms, runs, complete = shrink(h, spec, verdict, deadline, attempts=3 if flaky else 1)
    minimal = spec_of(atoms)
    out("  minimal spec (%d runs%s): %s" % (runs, "" if complete else ", budget spent", compact(minimal)))
    reproduced = h.reproduce(minimal, verdict)
    out("  reproduced %d/3 times%s" % (reproduced, "" if reproduced == 3 and not flaky else
                                       ": the outcome depends on timing"))
    out("  replay: %s" % replay_command(minimal))
    return atoms, complete


def replay_command(spec):
    return "PF_DIFF_SPEC=%s meson test -C BUILDDIR --suite differential --verbose" % shlex.quote(compact(spec))



# ---- pf-env's own test ------------------------------------------------------

# What a target sees, printed from inside the environment (by programs the
# non-root user can run too).
OBSERVE = r"""
grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp|Seccomp_filters):' /proc/self/status
echo "uid: $(id -u)"
echo "user: $(id -un 2>/dev/null)"
echo "max_user_namespaces: $(cat /proc/sys/user/max_user_namespaces)"
echo "max_net_namespaces: $(cat /proc/sys/user/max_net_namespaces)"
echo "iptables: $(readlink "$(command -v iptables)")"
ip link add pfst0 type veth peer name pfst1 2>/dev/null; echo "veth_add: $?"
unshare --user true 2>/dev/null; echo "unshare_user: $?"
sudo -n true 2>/dev/null; echo "sudo: $?"
echo "xtables_lock: $(stat -c '%u %a' /run/xtables.lock)"
"""

CAP_NET_ADMIN, CAP_NET_RAW, CAP_SYS_ADMIN = 12, 13, 21


def self_test(h):
    """Each component of a spec, built by pf-env, as a target sees it:
    the harness is tested before its verdicts are trusted."""
    def caps(o, key):
        return int(o[key], 16)

    def bit(n):
        return 1 << n

    cases = [
        ("neutral", {}, lambda o: [
            ("uid 0", o["uid"] == "0"),
            ("CapEff = CapPrm = CapBnd", caps(o, "CapEff") == caps(o, "CapPrm") == caps(o, "CapBnd")),
            ("NET_ADMIN, SYS_ADMIN, NET_RAW bounding", caps(o, "CapBnd") & (bit(CAP_NET_ADMIN) | bit(CAP_SYS_ADMIN) | bit(CAP_NET_RAW))
             == bit(CAP_NET_ADMIN) | bit(CAP_SYS_ADMIN) | bit(CAP_NET_RAW)),
            ("no inheritable, no ambient", caps(o, "CapInh") == 0 and caps(o, "CapAmb") == 0),
            ("no_new_privs off", o["NoNewPrivs"] == "0"),
            ("no seccomp", o["Seccomp"] == "0"),
            ("iptables is nft", o["iptables"].endswith("iptables-nft")),
            ("veth in the sandbox netns", o["veth_add"] == "0"),
            ("user namespace", o["unshare_user"] == "0"),
            ("root-only /run/xtables.lock", o["xtables_lock"] == "0 600"),
        ]),
        ("root-drops", {"iptables": "legacy", "bounding_drop": ["net_raw", "sys_admin"], "inheritable": "bounding"},
         lambda o: [
            ("NET_RAW, SYS_ADMIN out of the bounding set",
             caps(o, "CapBnd") & (bit(CAP_NET_RAW) | bit(CAP_SYS_ADMIN)) == 0),
            ("NET_ADMIN kept", caps(o, "CapBnd") & bit(CAP_NET_ADMIN) != 0),
            ("CapEff = CapInh = CapBnd", caps(o, "CapEff") == caps(o, "CapInh") == caps(o, "CapBnd")),
            ("iptables is legacy", o["iptables"].endswith("iptables-legacy")),
        ]),
        ("nonroot-ambient", {"user": "nonroot", "ambient": ["net_admin"]}, lambda o: [
            ("the throwaway uid", o["uid"] == str(h.uid)),
            ("its name resolves", o["user"] == h.user),
            ("ambient = effective = NET_ADMIN", caps(o, "CapAmb") == caps(o, "CapEff") == bit(CAP_NET_ADMIN)),
            ("full bounding set", caps(o, "CapBnd") & bit(CAP_SYS_ADMIN) != 0),
            ("veth with ambient NET_ADMIN", o["veth_add"] == "0"),
            ("sudo without a password", o["sudo"] == "0"),
        ]),
        ("nonroot-nnp", {"user": "nonroot", "nnp": True}, lambda o: [
            ("no_new_privs on", o["NoNewPrivs"] == "1"),
            ("no capabilities", caps(o, "CapEff") == 0 and caps(o, "CapPrm") == 0),
            ("sudo refused", o["sudo"] != "0"),
            ("no veth", o["veth_add"] != "0"),
        ]),
        ("limits", {"max_user_namespaces": 0, "max_net_namespaces": 1}, lambda o: [
            ("max_user_namespaces 0", o["max_user_namespaces"] == "0"),
            ("max_net_namespaces 1", o["max_net_namespaces"] == "1"),
            ("no user namespace", o["unshare_user"] != "0"),
        ]),
        ("parent-netns", {"netns_owner": "parent"}, lambda o: [
            ("full capabilities", caps(o, "CapEff") & bit(CAP_NET_ADMIN) != 0),
            ("but not over this network namespace", o["veth_add"] != "0"),
        ]),
        ("filter", {"seccomp": [{"syscall": "unshare", "action": "errno:EACCES"},
                                {"syscall": "clone", "match": "docker-mask", "action": "log"}]}, lambda o: [
            ("one filter", o["Seccomp"] == "2" and o.get("Seccomp_filters") == "1"),
            ("no_new_privs left off", o["NoNewPrivs"] == "0"),
            ("unshare refused", o["unshare_user"] != "0"),
        ]),
        ("nonroot-filter", {"user": "nonroot", "seccomp": [{"syscall": "setns", "action": "errno:EPERM"}]},
         lambda o: [
            ("one filter", o["Seccomp"] == "2"),
            ("no_new_privs left off", o["NoNewPrivs"] == "0"),
            ("sudo still works", o["sudo"] == "0"),
        ]),
    ]
    host_files = ["/etc/passwd", "/etc/group", "/etc/shadow", "/run/xtables.lock"]

    def host_state():
        state = {}
        for path in host_files:
            try:
                st = os.stat(path)
                with open(path, "rb") as f:
                    state[path] = (f.read(), st.st_mode, st.st_uid)
            except OSError:
                state[path] = None
        state["/etc/sudoers.d"] = sorted(os.listdir("/etc/sudoers.d")) if os.path.isdir("/etc/sudoers.d") else None
        return state

    before = host_state()
    failures = 0
    for name, spec, checks in cases:
        res = h.run_target(spec, "observe", argv=["/bin/sh", "-c", OBSERVE])
        observed = {}
        for line in res["stdout"].splitlines():
            key, _, value = line.partition(":")
            observed[key.strip()] = value.strip()
        try:
            results = checks(observed) if res["rc"] == 0 else [("pf-env exit 0", False)]
        except (KeyError, ValueError) as e:
            results = [("observation %s" % e, False)]
        for what, ok in results:
            out("%s %s: %s" % ("ok  " if ok else "FAIL", name, what))
            failures += not ok
        if not all(ok for _, ok in results):
            out(indent(res["stdout"] + res["stderr"]))
    res = h.run_target({"bounding_drop": ["no_such_cap"]}, "observe", argv=["/bin/true"])
    ok = res["rc"] == 125 and "unknown capability" in res["stderr"]
    out("%s bad spec: exit 125 with a message (%d: %s)" % ("ok  " if ok else "FAIL", res["rc"], res["stderr"].strip()))
    failures += not ok
    after = host_state()
    for key in before:
        ok = before[key] == after[key]
        out("%s host %s unchanged" % ("ok  " if ok else "FAIL", key))
        failures += not ok
    out("pf-env: %d failures" % failures)
    return 1 if failures else 0


# ---- main -------------------------------------------------------------------

def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        print("differential: %s must be an integer, not %r" % (name, value), file=sys.stderr)
        sys.exit(2)


def main():
    args = sys.argv[1:]
    selftest = args[:1] == ["--self-test"]
    if selftest:
        args = args[1:]
    if len(args) != 2:
        print("usage: differential.py [--self-test] PF_ENV BOUNDARY_OPS (BOUNDARY_PREFLIGHT in the environment)",
              file=sys.stderr)
        return 2
    pf_env, ops = os.path.abspath(args[0]), os.path.abspath(args[1])
    tool = os.environ.get("BOUNDARY_PREFLIGHT")
    if not tool:
        print("differential: BOUNDARY_PREFLIGHT must name the binary under test", file=sys.stderr)
        return 2
    tool = os.path.abspath(tool)
    if os.geteuid() != 0:
        out("SKIP: needs real root to build the sandboxes (euid is %d)" % os.geteuid())
        return SKIP
    # pf-env itself tells whether a sandbox can be made here.
    with tempfile.NamedTemporaryFile("w", suffix=".json") as empty:
        empty.write("{}")
        empty.flush()
        probe = subprocess.run([pf_env, empty.name, "--", "/bin/true"], capture_output=True, text=True)
    if probe.returncode != 0:
        reason = probe.stderr.strip() or "exit %d" % probe.returncode
        if "clone(" in reason:
            out("SKIP: cannot create a user+network namespace: %s" % reason)
            return SKIP
        out("differential: pf-env cannot build the empty environment: %s" % reason)
        return 1

    single = None
    if os.environ.get("PF_DIFF_SPEC"):
        try:
            single = ("spec", json.loads(os.environ["PF_DIFF_SPEC"]))
        except ValueError as e:
            print("differential: PF_DIFF_SPEC is not JSON: %s" % e, file=sys.stderr)
            return 2
    elif os.environ.get("PF_DIFF_SPEC_FILE"):
        try:
            with open(os.environ["PF_DIFF_SPEC_FILE"]) as f:
                single = ("spec file " + os.environ["PF_DIFF_SPEC_FILE"], json.load(f))
        except (OSError, ValueError) as e:
            print("differential: PF_DIFF_SPEC_FILE: %s" % e, file=sys.stderr)
            return 2
    elif os.environ.get("PF_DIFF_SEED"):
        seed = env_int("PF_DIFF_SEED", 0)
        single = ("seed %d" % seed, generate(seed))
    if selftest:
        single = None
    if single and not isinstance(single[1], dict):
        print("differential: a spec is a JSON object", file=sys.stderr)
        return 2
    if single:
        single[1].pop("comment", None)

    h = Harness(pf_env, ops, tool)
    def on_signal(_sig, _frame):
        raise KeyboardInterrupt  # cleanup() below stops the sandboxes

    signal.signal(signal.SIGTERM, on_signal)
    try:
        preload_modules(h)
        if selftest:
            return self_test(h)
        if single:
            return run_single(h, *single)
        return run_many(h)
    except KeyboardInterrupt:
        out("differential: interrupted")
        return 1
    finally:
        h.cleanup()


def preload_modules(h):
    """The first boundary-ops run loads kernel modules (veth, nat, the nft
    and legacy tables); do it once out here, as real root in a throwaway
    network namespace, so no environment's result depends on being first."""
    unshare = shutil.which("unshare")
    if not unshare:
        out("note: no unshare(1) (util-linux): kernel modules not loaded beforehand")
        return
    for variant in ("nft", "legacy"):
        env = {"PATH": h.pathdirs[variant] + ":/usr/bin:/bin", "LANG": "C"}
        subprocess.run([unshare, "--net", h.ops], env=env, capture_output=True, timeout=60)


def print_disagreement(number, origin, spec, v):
    out("DISAGREEMENT #%d: %s" % (number, KIND_TEXT[v["kind"]]))
    out("  origin: %s" % origin)
    out("  spec: %s" % compact(spec))
    out("  boundary-preflight: %s" % describe_tool(v["tool"]))
    out("  boundary-ops: %s" % describe_ops(v["ops"]))


def run_single(h, origin, spec):
    out("differential: one environment (%s)" % origin)
    out("spec: %s" % compact(spec))
    v = h.judge(spec)
    for name, r in (("boundary-preflight --format json", v["tool"]), ("boundary-ops", v["ops"])):
        out("---- %s: exit %d, %.2f s" % (name, r["rc"], r["seconds"]))
        out("  stdout:")
        out(indent(r["stdout"]))
        if r["stderr"].strip():
            out("  stderr:")
            out(indent(r["stderr"]))
    out("boundary-preflight: %s" % describe_tool(v["tool"]))
    out("boundary-ops: %s" % describe_ops(v["ops"]))
    d = 0
    if v["kind"] == "harness":
        out("HARNESS ERROR: the environment could not be judged")
        out("differential: 1 environments, 0 disagreements")
        return 1
    if v["kind"] != "agree":
        d = 1
        print_disagreement(1, origin, spec, v)
        shrink_and_report(h, spec, v, time.monotonic() + env_int("PF_DIFF_SHRINK_BUDGET", 120))
    else:
        out("agree: %s" % ("both ready" if v["ops"]["state"] == "success" else "both not ready"))
    print_leftovers(h)
    out("differential: 1 environments, %d disagreements" % d)
    return 1 if d else 0


def print_leftovers(h):
    if h.leftovers:
        out("note: processes outlived a target (killed by pf-env):")
        for target, spec, line in h.leftovers[:20]:
            out("  %s in %s: %s" % (target, spec, line))


# Two environments whose truth is not in doubt, judged in every run: if
# boundary-ops does not start in the first or starts in the second, the
# harness (not the tool) is broken here, and nothing it says can be trusted.
ANCHORS = [
    ("permissive", {}, "success"),
    ("clone-kill", {"seccomp": [{"syscall": "clone", "match": "docker-mask", "action": "kill"}]}, "failure"),
]

REGRESSION_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "regressions")


def regression_entries():
    """Hand-written specs (regressions/*.json), each an object with the
    spec's keys and an optional "comment"."""
    entries = []
    if not os.path.isdir(REGRESSION_DIR):
        return entries
    for name in sorted(os.listdir(REGRESSION_DIR)):
        if not name.endswith(".json"):
            continue
        path = os.path.join(REGRESSION_DIR, name)
        with open(path) as f:
            spec = json.load(f)
        spec.pop("comment", None)
        entries.append({"label": name[:-5], "origin": "regression " + path, "spec": spec,
                        "replay": "PF_DIFF_SPEC_FILE=%s" % path})
    return entries


def run_many(h):
    count = env_int("PF_DIFF_COUNT", 300)
    base = env_int("PF_DIFF_BASE_SEED", int(time.time() * 1000) % 1000000000)
    jobs = max(1, env_int("PF_DIFF_JOBS", 2))
    budget = env_int("PF_DIFF_SHRINK_BUDGET", 120)
    entries = [{"label": "anchor-" + name, "origin": "anchor " + name, "spec": spec,
                "replay": "PF_DIFF_SPEC=%s" % shlex.quote(compact(spec)), "expect": expect}
               for name, spec, expect in ANCHORS]
    entries += regression_entries()
    fixed = len(entries)
    entries += [{"label": str(base + i), "origin": "seed %d" % (base + i), "spec": generate(base + i),
                 "replay": "PF_DIFF_SEED=%d" % (base + i)} for i in range(count)]
    out("differential: %d anchors, %d regression specs, %d random environments from base seed %d "
        "(environment i has seed %d+i; replay one with PF_DIFF_SEED=N), %d at once"
        % (len(ANCHORS), fixed - len(ANCHORS), count, base, base, jobs))
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        verdicts = list(pool.map(lambda e: h.judge(e["spec"]), entries))
    judged = time.monotonic() - start
    if os.environ.get("PF_DIFF_VERBOSE"):
        for e, v in zip(entries, verdicts):
            out("env %s: %s; tool %s; ops %s; %s" % (
                e["label"], v["kind"], v["tool"]["state"], v["ops"]["step"] or v["ops"]["state"],
                compact(spec_of(atoms_of(e["spec"])))))

    broken = [(e, v) for e, v in zip(entries, verdicts) if "expect" in e and v["ops"]["state"] != e["expect"]]
    for e, v in broken:
        out("HARNESS ERROR: anchor %s %s, but boundary-ops says: %s" % (
            e["label"], "must start" if e["expect"] == "success" else "must not start", describe_ops(v["ops"])))
        out(indent(v["ops"]["stdout"] + v["ops"]["stderr"]))
    if not broken:
        out("anchors: %s" % "; ".join("%s %s" % (e["label"], "agree" if v["kind"] == "agree" else v["kind"])
                                      for e, v in zip(entries, verdicts) if "expect" in e))

    ready = sum(1 for v in verdicts if v["ops"]["state"] == "success")
    tool_ready = sum(1 for v in verdicts if v["tool"]["state"] == "ready")
    harness = [(e, v) for e, v in zip(entries, verdicts) if v["kind"] == "harness"]
    bad = [(e, v) for e, v in zip(entries, verdicts) if v["kind"] not in ("agree", "harness")]

    # Shrink each disagreement, unless an earlier minimal spec of the same
    # kind and detail is contained in it (then it is most likely that class).
    classes = []  # [kind, detail, minimal atoms, complete, [labels]]
    shrink_deadline = time.monotonic() + budget
    for number, (e, v) in enumerate(bad, 1):
        spec = e["spec"]
        print_disagreement(number, e["origin"], spec, v)
        own = set(atoms_of(spec))
        known = next((c for c in classes if c[0] == v["kind"] and c[1] == v["detail"]
                      and set(c[2]) <= own), None)
        if known:
            known[4].append(e["label"])
            out("  same class as minimal spec %s (not shrunk again); replay: %s"
                % (compact(spec_of(known[2])), e["replay"]))
        elif time.monotonic() > shrink_deadline:
            out("  not shrunk (PF_DIFF_SHRINK_BUDGET spent); replay: %s" % e["replay"])
            classes.append([v["kind"], v["detail"], atoms_of(spec), False, [e["label"]]])
        else:
            atoms, complete = shrink_and_report(h, spec, v, shrink_deadline)
            classes.append([v["kind"], v["detail"], atoms, complete, [e["label"]]])
    for e, v in harness:
        out("HARNESS ERROR %s: spec %s" % (e["origin"], compact(e["spec"])))
        out("  boundary-preflight: %s" % describe_tool(v["tool"]))
        out("  boundary-ops: %s" % describe_ops(v["ops"]))
        for r in (v["tool"], v["ops"]):
            if r["stderr"].strip():
                out(indent(r["stderr"]))

    if classes:
        out("disagreement classes (kind; detail; minimal spec; environments):")
        for kind, detail, atoms, complete, labels in classes:
            out("  %s; %s; %s%s; %s" % (kind, detail or "-", compact(spec_of(atoms)),
                                         "" if complete else " (not fully shrunk)", " ".join(labels)))
    print_leftovers(h)
    out("boundary-ops: %d ready (boundary would start), %d not ready" % (ready, len(verdicts) - ready))
    out("boundary-preflight: %d ready, %d not ready or error" % (tool_ready, len(verdicts) - tool_ready))
    out("timing: %.1f s judging %d environments (%d target runs), %.1f s in all"
        % (judged, len(entries), 2 * len(entries), time.monotonic() - start))
    if harness or broken:
        out("harness errors: %d (environments that could not be judged or anchors that failed)"
            % (len(harness) + len(broken)))
    out("differential: %d environments, %d disagreements" % (len(entries), len(bad)))
    return 1 if bad or harness or broken else 0


if __name__ == "__main__":
    sys.exit(main())
