#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The container suite: `boundary-preflight container NAME` against a real
# private Docker daemon and a real podman API service (scripts/lib/engine.sh).
# For each container the twin's verdict (configuration, ready, blocker
# codes) must equal the verdict the tool gives inside the original
# container itself; the fixes must not ask for what the container already
# has; errors exit 2 naming their input; and after every run no twin
# container, volume or process is left. Everything started here is stopped
# and removed at the end.
#
# Environment (tests/container/meson.build): BOUNDARY_PREFLIGHT (the dynamic
# binary), BOUNDARY_PREFLIGHT_STATIC, PF_SLEEPER (static), PF_SOURCE_ROOT.
# Exit 0 passed, 1 failed, 77 skipped (with the reason).
set -uo pipefail
# shellcheck source=tests/lib/libtest.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/libtest.sh"

readonly BP=$BOUNDARY_PREFLIGHT
readonly BPS=$BOUNDARY_PREFLIGHT_STATIC
readonly SLEEPER=$PF_SLEEPER
readonly SRC=${PF_SOURCE_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
# Debian's python3 (python3-jsonschema): a version manager's shim costs
# seconds per start on a loaded machine
PY=/usr/bin/python3
[[ -x $PY ]] || PY=python3
readonly DOCKER_DEFAULT_PROFILE=/usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json
readonly LABEL=org.boundary-preflight.twin-of
readonly IMG=pf-container-test:tools
# podman needs limits it may set in a container on this machine (as in
# scripts/engine-matrix)
readonly PODMAN_FLAGS="--runtime runc --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024"

fake_pid=""
# ok/fail/check (counted in checks and failures) and skip: tests/lib/libtest.sh

[[ $(id -u) == 0 ]] || skip "needs root (starts dockerd and podman's service)"
command -v dockerd >/dev/null || skip "dockerd is not installed (docker.io)"
command -v podman >/dev/null || skip "podman is not installed"
"$PY" -c 'import jsonschema' 2>/dev/null || skip "$PY has no jsonschema (python3-jsonschema)"
[[ -f $DOCKER_DEFAULT_PROFILE ]] || skip "no Docker default profile at $DOCKER_DEFAULT_PROFILE (golang-github-docker-docker-dev)"
if "$BP" container x 2>&1 | grep -q 'not built into this binary'; then
	skip "this build has no container subcommand (no libcurl)"
fi

# shellcheck source=scripts/lib/engine.sh
. "$SRC/scripts/lib/engine.sh"
pf_engine_work=$(mktemp -d /tmp/pf-container.XXXXXX)
# the socket's own mode must be what refuses a user, not the directory's
chmod 755 "$pf_engine_work"

cleanup() {
	local status=$?
	trap - EXIT INT TERM
	[[ -n $fake_pid ]] && kill "$fake_pid" 2>/dev/null && wait "$fake_pid" 2>/dev/null
	[[ -n ${podman_pid:-} ]] && kill "$podman_pid" 2>/dev/null && wait "$podman_pid" 2>/dev/null
	if [[ -n $pf_dockerd_pid ]]; then
		pf_docker ps -aq | xargs -r "$PF_DOCKER_CLI" -H "$pf_docker_host" rm -f -v >/dev/null 2>&1
		pf_dockerd_stop
	fi
	if [[ -n $pf_podman_pid ]]; then
		pf_podman rm -f -a -v >/dev/null 2>&1
		pf_podman_stop
	fi
	pf_engine_work_remove
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t0=$SECONDS
pf_make_root "$pf_engine_work/root" "$BPS" "$SLEEPER" || { echo "building the image root failed"; exit 1; }
mv "$pf_engine_work/root/$(basename "$BPS")" "$pf_engine_work/root/boundary-preflight.bin" 2>/dev/null
mv "$pf_engine_work/root/boundary-preflight.bin" "$pf_engine_work/root/boundary-preflight"
mv "$pf_engine_work/root/$(basename "$SLEEPER")" "$pf_engine_work/root/sleeper"
tar -C "$pf_engine_work/root" -cf "$pf_engine_work/root.tar" .
podman_up=false
pf_podman_start && podman_up=true
pf_dockerd_start || skip "a private dockerd cannot start here (log above)"
pf_docker import --change "ENV PATH=$PF_IMAGE_PATH" "$pf_engine_work/root.tar" "$IMG" >/dev/null ||
	{ echo "docker import failed"; exit 1; }
readonly DSOCK=${pf_docker_host#unix://}
"$BP" seccomp-profile --base "$DOCKER_DEFAULT_PROFILE" --output "$pf_engine_work/p.json" ||
	{ echo "seccomp-profile failed"; exit 1; }
echo "# dockerd $pf_dockerd_pid at $DSOCK, podman service ${pf_podman_pid:-(none)}, ready in $((SECONDS - t0)) s"

# A twin's processes run the mounted binary, in the engine's cgroup (the
# other engine's twins may be running at the same time).
twin_processes() {
	local pattern=/docker/ pid
	[[ $1 == podman ]] && pattern=libpod
	for pid in $(pgrep -f '^/\.boundary-preflight-twin'); do
		grep -q "$pattern" "/proc/$pid/cgroup" 2>/dev/null && echo "$pid"
	done
}

# No twin container, volume or process may be left. ENGINE is docker|podman.
no_twin_left() {
	local engine=$1 what=$2 twins volumes procs
	if [[ $engine == docker ]]; then
		twins=$(pf_docker ps -aq --filter "label=$LABEL")
		volumes=$(pf_docker volume ls -q)
	else
		twins=$(pf_podman ps -aq --filter "label=$LABEL")
		volumes=$(pf_podman volume ls -q)
	fi
	procs=$(twin_processes "$engine")
	check "$what: no twin container left${twins:+ (left: $twins)}" [ -z "$twins" ]
	check "$what: no volume left${volumes:+ (left: $volumes)}" [ -z "$volumes" ]
	check "$what: no twin process left${procs:+ (left: $procs)}" [ -z "$procs" ]
}

# judge INSIDE TWIN EXIT NAME ENGINE [ASSERT...]: one python for a case (a
# python start is costly on a loaded machine). The twin's verdict
# (configuration, ready, blocker codes) and exit status must be the
# inside one's; the report must validate against docs/report.schema.json;
# each ASSERT is a python expression over r (the twin's report) and
# snippets(engine) (the snippets of that engine's fixes).
judge() {
	"$PY" - "$SRC/docs/report.schema.json" "$@" <<'PY'
import json, sys
from jsonschema import Draft202012Validator
schema_path, inside_path, twin_path, rc, name, engine = sys.argv[1:7]
label = "%s/%s" % (engine, name)
def load(path):
    try:
        return json.load(open(path))
    except (OSError, ValueError):
        return None
def verdict(report):
    if not report:
        return "no-report"
    v = report["verdict"]
    return "%s %s %s" % (v["configuration"], str(v["ready"]).lower(),
                         ",".join(sorted(b["code"] for b in v["blockers"])) or "-")
def out(good, what):
    print(("ok   " if good else "FAIL ") + label + ": " + what)
inside, r = load(inside_path), load(twin_path)
want_rc = 0 if inside and inside["verdict"]["ready"] else 1
out(inside is not None, "inside: " + verdict(inside))
out(r is not None and verdict(r) == verdict(inside) and int(rc) == want_rc,
    "twin: %s (exit %s, expected %d)" % (verdict(r), rc, want_rc))
if r is None:
    sys.exit(0)
errors = [e.message for e in Draft202012Validator(json.load(open(schema_path))).iter_errors(r)]
out(not errors, "the report validates against the schema %s" % "; ".join(errors)[:300])
fixes = r["verdict"]["fixes"]
def snippets(engine):
    return [f["snippet"] for f in fixes if f["engine"] == engine]
for expr in ["r['container']['name'] == %r" % name, "r['container']['engine'] == %r" % engine,
             "r['environment']['engine'] == %r" % engine] + sys.argv[7:]:
    try:
        good = eval(expr)
    except Exception as e:
        good = False
        expr += " (%s)" % e
    out(good, expr)
PY
}

# count the ok and FAIL lines of judge (or of a section's log)
tally() {
	local line
	while IFS= read -r line; do
		printf '%s\n' "$line"
		case $line in ok*) checks=$((checks + 1)) ;; FAIL*) checks=$((checks + 1)) failures=$((failures + 1)) ;; esac
	done
}

# one_case ENGINE NAME INSIDE_REPORT [ASSERT...]: the twin of container NAME
# must reach the verdict INSIDE_REPORT holds, with the same exit status.
# $case_opts: more options for the run.
case_opts=""
one_case() {
	local engine=$1 name=$2 inside=$3 sock out rc=0 want_rc
	shift 3
	sock=$DSOCK
	[[ $engine == podman ]] && sock=$pf_podman_socket
	out=$pf_engine_work/twin-$engine-$name.json
	# shellcheck disable=SC2086
	"$BP" container "$name" --engine-socket "$sock" --format json --output "$out" $case_opts \
		>"$out.stdout" 2>"$out.err" || rc=$?
	check "$engine/$name: nothing on stdout with --output${case_opts:+ $case_opts}" [ ! -s "$out.stdout" ]
	[[ -s $out.err ]] && printf '# %s/%s stderr: %s\n' "$engine" "$name" "$(head -c 300 "$out.err")"
	# not a pipe: tally must count in this shell, not in a subshell
	tally < <(judge "$inside" "$out" "$rc" "$name" "$engine" "$@")
	"$BP" explain --format json "$out" >"$out.again" 2>&1
	check "$engine/$name: explain reproduces the report byte for byte" cmp -s "$out" "$out.again"
	no_twin_left "$engine" "$engine/$name"
}

# expect_error WHAT NEEDLE COMMAND...: exit 2, NEEDLE in the message, nothing on stdout
# (files per shell: the podman section runs at the same time)
error_ok() {
	[[ $1 == 2 ]] && grep -qF -- "$2" "$3" && [[ ! -s $3.out ]]
}
expect_error() {
	local what=$1 needle=$2 rc=0 err=$pf_engine_work/err.$BASHPID
	shift 2
	"$@" >"$err.out" 2>"$err" || rc=$?
	check "$what: exit 2 naming \"$needle\" (exit $rc: $(head -c 200 "$err"))" error_ok "$rc" "$needle" "$err"
}

# ---- podman's Docker-compatible service -------------------------------------
# Runs next to the Docker cases (its own engine, its own containers); its
# lines are counted when it ends.

podman_section() {
	pf_podman import --change "ENV PATH=$PF_IMAGE_PATH" "$pf_engine_work/root.tar" "$IMG" >/dev/null 2>&1 ||
		fail "podman import"
	# shellcheck disable=SC2086
	pf_podman run --name p-default $PODMAN_FLAGS "$IMG" /boundary-preflight --format json \
		>"$pf_engine_work/inside-p-default.json" 2>/dev/null
	one_case podman p-default "$pf_engine_work/inside-p-default.json" \
		"any('--cap-add=NET_ADMIN' in s for s in snippets('podman'))"
	# shellcheck disable=SC2086
	pf_podman run --name p-net-admin $PODMAN_FLAGS --cap-add=NET_ADMIN "$IMG" /boundary-preflight --format json \
		>"$pf_engine_work/inside-p-net-admin.json" 2>/dev/null
	one_case podman p-net-admin "$pf_engine_work/inside-p-net-admin.json" \
		"r['verdict']['ready'] is True" \
		"'NET_ADMIN' in r['container']['settings']['cap_add']"
	expect_error "podman: no such container" "no such container 'p-nope'" \
		"$BP" container p-nope --engine-socket "$pf_podman_socket"
}
podman_pid=""
if [[ $podman_up == true ]]; then
	podman_section >"$pf_engine_work/podman.log" 2>&1 &
	podman_pid=$!
else
	fail "podman system service did not start (log above)"
fi

# ---- Docker ----------------------------------------------------------------

# docker_original NAME FLAGS...: run the tool as the container's command;
# its output is the verdict inside the container itself. Leaves it exited.
docker_original() {
	local name=$1
	shift
	pf_docker run --name "$name" --network none "$@" "$IMG" /boundary-preflight --format json \
		>"$pf_engine_work/inside-$name.json" 2>"$pf_engine_work/inside-$name.err"
}

echo "# $((SECONDS - t0)) s: Docker cases"
docker_original d-default
one_case docker d-default "$pf_engine_work/inside-d-default.json" \
	"any('--cap-add=NET_ADMIN' in s for s in snippets('docker'))" \
	"r['container']['settings']['cap_add'] in ([], None)"

docker_original d-net-admin --cap-add=NET_ADMIN
one_case docker d-net-admin "$pf_engine_work/inside-d-net-admin.json" \
	"r['container']['settings']['cap_add'] == ['NET_ADMIN']" \
	"len(snippets('docker')) > 0" \
	"not any('--cap-add=NET_ADMIN' in s for s in snippets('docker'))" \
	"not any('- NET_ADMIN' in s for s in snippets('compose'))" \
	"any('--security-opt seccomp=boundary-seccomp.json' in s for s in snippets('docker'))" \
	"any('--cap-add=SYS_ADMIN' in s for s in snippets('docker'))"

docker_original d-profile --cap-add=NET_ADMIN --security-opt "seccomp=$pf_engine_work/p.json"
case_opts=--quiet one_case docker d-profile "$pf_engine_work/inside-d-profile.json" \
	"r['verdict']['ready'] is True" \
	"r['verdict']['configuration'] == 'runc-cap-net-admin'" \
	"any(o.startswith('seccomp=<custom profile, ') for o in r['container']['settings']['security_opt'])"

docker_original d-nobody --user 65534 --cap-add=NET_ADMIN
one_case docker d-nobody "$pf_engine_work/inside-d-nobody.json" \
	"r['container']['settings']['user'] == '65534'" \
	"r['system']['euid'] == 65534" \
	"'NONROOT_ESCALATION_FAILS' in [b['code'] for b in r['verdict']['blockers']]" \
	"not any('--cap-add=NET_ADMIN' in s for s in snippets('docker'))"

# a running container, then the same stopped
pf_docker run -d --name d-running --network none --cap-add=NET_ADMIN "$IMG" /sleeper >/dev/null
pf_docker exec d-running /boundary-preflight --format json >"$pf_engine_work/inside-d-running.json" 2>/dev/null
one_case docker d-running "$pf_engine_work/inside-d-running.json"
# the same stopped, and one created but never started (same settings:
# the verdict inside the running one holds for both)
pf_docker stop -t 1 d-running >/dev/null
check "docker/d-running is stopped now" [ "$(pf_docker inspect -f '{{.State.Status}}' d-running)" == exited ]
one_case docker d-running "$pf_engine_work/inside-d-running.json"
pf_docker create --name d-created --network none --cap-add=NET_ADMIN "$IMG" /sleeper >/dev/null
check "docker/d-created was never started" [ "$(pf_docker inspect -f '{{.State.Status}}' d-created)" == created ]
one_case docker d-created "$pf_engine_work/inside-d-running.json"
# --strict reaches the twin (the testing-only configuration no longer
# counts) and --color always colours the text
docker_original d-sys-admin --cap-add=NET_ADMIN --cap-add=SYS_ADMIN
rc=0
NO_COLOR='' "$BP" container d-sys-admin --engine-socket "$DSOCK" --strict --color always \
	>"$pf_engine_work/strict" 2>&1 || rc=$?
check "d-sys-admin inside: $(grep -o '"configuration": "[a-z-]*"' "$pf_engine_work/inside-d-sys-admin.json")" \
	grep -q '"configuration": "runc-cap-sys-admin"' "$pf_engine_work/inside-d-sys-admin.json"
check "--strict: the twin's testing-only configuration does not count (exit $rc)" \
	sh -c "[ $rc = 1 ] && tr -s '\n ' '  ' <'$pf_engine_work/strict' | grep -q 'TESTING_ONLY_SYS_ADMIN.* --strict does not accept it'"
check "--color always: the text has colour" grep -q $'\033\\[' "$pf_engine_work/strict"
no_twin_left docker "after the --strict run"

# the text report, redacted: the container section and fix 1 without NET_ADMIN
rc=0
"$BP" container d-net-admin --engine-socket "$DSOCK" --redact >"$pf_engine_work/text" 2>&1 || rc=$?
id=$(pf_docker inspect -f '{{.Id}}' d-net-admin)
check "text report: exit 1 (exit $rc) and the container section, redacted" \
	grep -q '^container <redacted> (<redacted>), image <redacted>, Docker API 1\.' "$pf_engine_work/text"
check "text report: no container id or name" sh -c "! grep -q -e '${id:0:12}' -e d-net-admin '$pf_engine_work/text'"
check "text report: the settings the twin copied" grep -q -- '--cap-add=NET_ADMIN .*--network none' "$pf_engine_work/text"
check "text report: fix 1 adds only the profile" \
	grep -q '^       docker run --security-opt seccomp=boundary-seccomp.json \.\.\.$' "$pf_engine_work/text"
no_twin_left docker "after the text run"

# ---- errors: exit 2, the message names the input -----------------------------
echo "# $((SECONDS - t0)) s: errors"

expect_error "no socket (--engine-socket)" "$pf_engine_work/nope.sock" \
	"$BP" container d-default --engine-socket "$pf_engine_work/nope.sock"
expect_error "no socket (DOCKER_HOST)" "$pf_engine_work/nope.sock" \
	env DOCKER_HOST="unix://$pf_engine_work/nope.sock" "$BP" container d-default
expect_error "DOCKER_HOST not a unix socket" "tcp://127.0.0.1:2375" \
	env DOCKER_HOST=tcp://127.0.0.1:2375 "$BP" container d-default
expect_error "permission denied on the socket (as nobody)" "$DSOCK: permission denied" \
	setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps=-all "$BP" container d-default --engine-socket "$DSOCK"
expect_error "no such container" "no such container 'no-such-container'" \
	"$BP" container no-such-container --engine-socket "$DSOCK"
expect_error "a dynamic --binary" "dynamically linked" \
	"$BP" container d-default --engine-socket "$DSOCK" --binary "$BP"
expect_error "the static binary has no container subcommand" "not built into this binary" \
	"$BPS" container d-default
expect_error "no container named" "expected a container NAME or ID" "$BP" container --engine-socket "$DSOCK"

# an engine whose API is too old: a real HTTP server answering as Docker 1.12 did
"$PY" - "$pf_engine_work/old.sock" <<'PY' &
import http.server, json, os, socketserver, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"Version": "1.12.6", "ApiVersion": "1.24"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a):
        pass
class S(socketserver.UnixStreamServer):
    def get_request(self):
        r, _ = super().get_request()
        return r, ("local", 0)
S(sys.argv[1], H).serve_forever()
PY
fake_pid=$!
pf_wait_for 10 "$fake_pid" test -S "$pf_engine_work/old.sock"
expect_error "engine API too old" "API 1.24 is older than 1.40" \
	"$BP" container d-default --engine-socket "$pf_engine_work/old.sock"
kill "$fake_pid" 2>/dev/null
wait "$fake_pid" 2>/dev/null
fake_pid=""
expect_error "nothing listens on the socket" "$pf_engine_work/old.sock: nothing answers" \
	"$BP" container d-default --engine-socket "$pf_engine_work/old.sock"

# ---- the twin never outlives the command: signals and the timeout ---------

echo "# $((SECONDS - t0)) s: signals and timeout"
# a twin that does not finish (the sleeper as its binary), then SIG
interrupt_case() {
	local sig=$1 want=$2 pid rc=0 waited=0
	"$BP" container d-net-admin --engine-socket "$DSOCK" --binary "$SLEEPER" >/dev/null 2>"$pf_engine_work/sig.err" &
	pid=$!
	until [[ -n $(pf_docker ps -q --filter "label=$LABEL" --filter status=running) ]] || ((waited > 300)); do
		sleep 0.1
		waited=$((waited + 1))
	done
	check "SIG$sig: the twin was running" [ "$waited" -le 300 ]
	check "SIG$sig: and its process is seen where no_twin_left looks" [ -n "$(twin_processes docker)" ]
	kill -"$sig" "$pid"
	wait "$pid" || rc=$?
	check "SIG$sig: the command ends by the signal (exit $rc, expected $want)" [ "$rc" == "$want" ]
	check "SIG$sig: it says the twin is removed" grep -q 'the twin is removed' "$pf_engine_work/sig.err"
	no_twin_left docker "after SIG$sig"
}
interrupt_case INT 130
interrupt_case TERM 143

rc=0
start=$SECONDS
"$BP" container d-net-admin --engine-socket "$DSOCK" --binary "$SLEEPER" --timeout 6000 \
	>/dev/null 2>"$pf_engine_work/timeout.err" || rc=$?
check "--timeout 6000: exit 3 after $((SECONDS - start)) s, saying so ($(head -c 200 "$pf_engine_work/timeout.err"))" \
	sh -c "[ $rc = 3 ] && grep -q 'timed out after 6000 ms' '$pf_engine_work/timeout.err' && [ $((SECONDS - start)) -lt 30 ]"
no_twin_left docker "after the timeout"

echo "# $((SECONDS - t0)) s: Docker done"
if [[ -n $podman_pid ]]; then
	wait "$podman_pid"
	podman_pid=""
	tally <"$pf_engine_work/podman.log"
fi

# ---- everything started here goes -----------------------------------------

pf_docker ps -aq | xargs -r "$PF_DOCKER_CLI" -H "$pf_docker_host" rm -f -v >/dev/null 2>&1
pf_dockerd_stop
if [[ -n $pf_podman_pid ]]; then
	pf_podman rm -f -a -v >/dev/null 2>&1
	pf_podman_stop
fi
left=$(pgrep -f "$pf_engine_work" || true)
check "no dockerd, containerd, podman or conmon of this suite is left${left:+ (left: $left)}" [ -z "$left" ]
work=$pf_engine_work
pf_engine_work_remove
check "the work directory is gone" [ ! -e "$work" ]
pf_engine_work=""

printf '%d passed, %d failed in %d s\n' "$((checks - failures))" "$failures" "$((SECONDS - t0))"
((failures == 0))
