/* SPDX-License-Identifier: MIT */
/* Unit tests for the file-based probes and runtime detection: each fixture
 * tree under tests/fixtures/, and small trees built here for the parser
 * edge cases (one signal without its partner, malformed text). */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <seccomp.h>
#include <sys/utsname.h>

#include "preflight/iptables_proof.h"
#include "preflight/probe.h"
#include "preflight/settle.h"
#include "preflight/util.h"

#ifndef PF_FIXTURES_DIR
#error "PF_FIXTURES_DIR must name tests/fixtures"
#endif

/* ---- helpers ---------------------------------------------------------- */

/* a/b into out; a path that does not fit fails the test */
static void join(char *out, size_t size, const char *a, const char *b)
{
	int n = snprintf(out, size, "%s%s", a, b);
	ck_assert(n > 0 && (size_t)n < size);
}

static void mkdirs(const char *path)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof tmp, "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p == '/') {
			*p = '\0';
			mkdir(tmp, 0755);
			*p = '/';
		}
	}
	mkdir(tmp, 0755);
}

static void put(const char *root, const char *rel, const char *content, size_t len)
{
	char path[PATH_MAX], dir[PATH_MAX];
	snprintf(path, sizeof path, "%s%s", root, rel);
	snprintf(dir, sizeof dir, "%s", path);
	*strrchr(dir, '/') = '\0';
	mkdirs(dir);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(content, 1, len, f), len);
	fclose(f);
}

static void write_text(const char *root, const char *rel, const char *text)
{
	put(root, rel, text, strlen(text));
}

static void link_ns(const char *root, const char *name, unsigned long ino)
{
	char dir[PATH_MAX], path[PATH_MAX + 16], target[64];
	join(dir, sizeof dir, root, "/proc/self/ns");
	mkdirs(dir);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	snprintf(target, sizeof target, "%s:[%lu]", name, ino);
	unlink(path);
	ck_assert_int_eq(symlink(target, path), 0);
}

static void all_ns(const char *root, bool initial)
{
	link_ns(root, "user", initial ? 4026531837UL : 4026532600UL);
	link_ns(root, "pid", initial ? 4026531836UL : 4026532601UL);
	link_ns(root, "cgroup", initial ? 4026531835UL : 4026532602UL);
	link_ns(root, "ipc", initial ? 4026531839UL : 4026532603UL);
	link_ns(root, "uts", initial ? 4026531838UL : 4026532604UL);
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static char tree[64];

static void tree_teardown(void);

static void tree_setup(void)
{
	snprintf(tree, sizeof tree, "/tmp/pf-probes-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tree));
	/* a failed assertion ends the test process without the teardown;
	 * exit handlers still run, so the tree goes either way */
	atexit(tree_teardown);
	/* the live environment must not leak into tree tests */
	unsetenv("KUBERNETES_SERVICE_HOST");
	unsetenv("ECS_CONTAINER_METADATA_URI_V4");
	unsetenv("ECS_CONTAINER_METADATA_URI");
}

static void tree_teardown(void)
{
	if (tree[0])
		nftw(tree, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	tree[0] = '\0';
}

static struct pf_probe_ctx ctx_for(const char *root)
{
	struct pf_probe_ctx ctx = { .root = root, .deadline_us = pf_now_us() + 5000000 };
	return ctx;
}

static void run_runtime(const char *root, struct pf_runtime_facts *rt)
{
	struct pf_facts f;
	struct pf_probe_run run = { 0 };
	struct pf_probe_ctx ctx = ctx_for(root);
	pf_facts_init(&f);
	*rt = f.runtime;
	ck_assert_int_eq(pf_probe_runtime(&ctx, rt, &run), 0);
	ck_assert(!run.error);
}

static const struct pf_evidence *find_evidence(const struct pf_runtime_facts *rt, const char *signal)
{
	for (int i = 0; i < rt->n_evidence; i++)
		if (strcmp(rt->evidence[i].signal, signal) == 0)
			return &rt->evidence[i];
	return NULL;
}

/* Export the KEY=VALUE lines of a fixture's ENV file, as the fixture
 * script does for the real binary. */
static void load_fixture_env(const char *dir)
{
	char path[PATH_MAX], line[512];
	join(path, sizeof path, dir, "/ENV");
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\n")] = '\0';
		char *eq = strchr(line, '=');
		if (!eq)
			continue;
		*eq = '\0';
		ck_assert_int_eq(setenv(line, eq + 1, 1), 0);
	}
	fclose(f);
}

/* ---- fixture trees ---------------------------------------------------- */

struct fixture_case {
	const char *dir;
	const char *engine;
	const char *beneath;
	const char *runtime;
	bool in_container;
	bool stale_marker;
	bool has_container_id;
};

static const struct fixture_case fixture_cases[] = {
	{ "sysbox", "docker", "none", "sysbox-runc", true, false, false },
	{ "gvisor", "docker", "none", "gvisor", true, false, false },
	{ "kata", "kubernetes", "none", "kata", true, false, false },
	{ "kubernetes-containerd", "kubernetes", "none", "runc-compatible", true, false, true },
	{ "ecs", "ecs", "docker", "runc-compatible", true, false, true },
	{ "wsl", "wsl", "none", "none", false, false, false },
	{ "lxc", "lxc", "none", "unknown", true, false, false },
	{ "stale-dockerenv", "none", "none", "none", false, true, false },
	{ "docker", "docker", "none", "runc-compatible", true, false, true },
	{ "podman", "podman", "none", "runc-compatible", true, false, true },
};

START_TEST(test_fixture_tree)
{
	const struct fixture_case *c = &fixture_cases[_i];
	char dir[PATH_MAX];
	struct pf_runtime_facts rt;

	snprintf(dir, sizeof dir, "%s/%s", PF_FIXTURES_DIR, c->dir);
	load_fixture_env(dir);
	run_runtime(dir, &rt);
	ck_assert_msg(strcmp(pf_engine_name(rt.engine), c->engine) == 0, "%s: engine %s, want %s", c->dir,
		      pf_engine_name(rt.engine), c->engine);
	ck_assert_msg(strcmp(pf_engine_name(rt.engine_beneath), c->beneath) == 0, "%s: beneath %s, want %s", c->dir,
		      pf_engine_name(rt.engine_beneath), c->beneath);
	ck_assert_msg(strcmp(pf_runtime_name(rt.runtime), c->runtime) == 0, "%s: runtime %s, want %s", c->dir,
		      pf_runtime_name(rt.runtime), c->runtime);
	ck_assert_msg(rt.in_container == c->in_container, "%s: in_container %d", c->dir, rt.in_container);
	ck_assert_msg(rt.stale_marker == c->stale_marker, "%s: stale_marker %d", c->dir, rt.stale_marker);
	ck_assert_msg((rt.container_id[0] != '\0') == c->has_container_id, "%s: container_id '%s'", c->dir,
		      rt.container_id);
	ck_assert_int_gt(rt.n_evidence, 0);
	/* evidence must stay free of ids, so --redact has only two fields to clear */
	for (int i = 0; i < rt.n_evidence; i++) {
		if (rt.container_id[0])
			ck_assert_msg(!strstr(rt.evidence[i].value, rt.container_id), "%s: id in evidence %s", c->dir,
				      rt.evidence[i].signal);
		if (rt.hostname[0])
			ck_assert_msg(!strstr(rt.evidence[i].value, rt.hostname), "%s: hostname in evidence %s", c->dir,
				      rt.evidence[i].signal);
	}
}
END_TEST

START_TEST(test_docker_fixture_details)
{
	struct pf_runtime_facts rt;
	run_runtime(PF_FIXTURES_DIR "/docker", &rt);
	/* captured from a real container: the id and hostname it had */
	ck_assert_str_eq(rt.container_id, "e5975a11923733f10fafcd37f09235f9af16e8ef3ef51c38508c5ea815b20c50");
	ck_assert_str_eq(rt.hostname, "e5975a119237");
	ck_assert_ptr_nonnull(find_evidence(&rt, "mountinfo:hostname"));
	ck_assert_ptr_null(find_evidence(&rt, "cgroup")); /* private cgroup namespace: "/" only */
	ck_assert_int_eq(rt.confidence, PF_CONFIDENCE_HIGH);
}
END_TEST

START_TEST(test_stale_fixture_details)
{
	struct pf_runtime_facts rt;
	run_runtime(PF_FIXTURES_DIR "/stale-dockerenv", &rt);
	ck_assert(rt.all_initial_namespaces);
	const struct pf_evidence *e = find_evidence(&rt, "marker:/.dockerenv");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->weight, PF_WEAK);
	ck_assert_int_eq(rt.confidence, PF_CONFIDENCE_HIGH);
}
END_TEST

/* ---- runtime edge cases on trees built here --------------------------- */

static const char sysbox_mounts[] =
	"1021 1001 0:120 / / rw,relatime - overlay overlay rw\n"
	"1023 1022 0:62 /proc/sys /proc/sys rw,nosuid,nodev,relatime - fuse sysboxfs "
	"rw,user_id=0,group_id=0,default_permissions,allow_other\n";

START_TEST(test_sysbox_mounts_alone)
{
	struct pf_runtime_facts rt;
	all_ns(tree, false);
	write_text(tree, "/proc/self/uid_map", "         0          0 4294967295\n");
	write_text(tree, "/proc/self/mountinfo", sysbox_mounts);
	write_text(tree, "/.dockerenv", "");
	run_runtime(tree, &rt);
	ck_assert_str_eq(pf_runtime_name(rt.runtime), "runc-compatible");
	const struct pf_evidence *e = find_evidence(&rt, "mountinfo:sysboxfs");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->weight, PF_WEAK);
}
END_TEST

START_TEST(test_sysbox_userns_alone)
{
	struct pf_runtime_facts rt;
	all_ns(tree, false);
	write_text(tree, "/proc/self/uid_map", "         0     165536      65536\n");
	write_text(tree, "/proc/self/mountinfo", "1021 1001 0:120 / / rw,relatime - overlay overlay rw\n");
	write_text(tree, "/.dockerenv", "");
	run_runtime(tree, &rt);
	ck_assert_str_eq(pf_runtime_name(rt.runtime), "runc-compatible");
	ck_assert_ptr_null(find_evidence(&rt, "mountinfo:sysboxfs"));
}
END_TEST

START_TEST(test_gvisor_version_alone)
{
	struct pf_runtime_facts rt;
	write_text(tree, "/proc/version", "Linux version 4.4.0 #1 SMP Sun Jan 10 15:06:54 PST 2016\n");
	/* a Linux-shaped status: NoNewPrivs present */
	write_text(tree, "/proc/self/status", "Name:\tx\nNoNewPrivs:\t0\nSeccomp:\t0\n");
	run_runtime(tree, &rt);
	ck_assert_str_ne(pf_runtime_name(rt.runtime), "gvisor");
	ck_assert(!rt.in_container);
}
END_TEST

/* gVisor's /proc/sentry-meminfo (seen live under runsc) confirms the build
 * line even when the status looks like Linux's; alone it proves nothing. */
START_TEST(test_gvisor_sentry_meminfo)
{
	struct pf_runtime_facts rt;
	write_text(tree, "/proc/sentry-meminfo", "Alloc:              3047 kB\n");
	run_runtime(tree, &rt);
	ck_assert_str_ne(pf_runtime_name(rt.runtime), "gvisor");

	write_text(tree, "/proc/version", "Linux version 4.4.0 #1 SMP Sun Jan 10 15:06:54 PST 2016\n");
	write_text(tree, "/proc/self/status", "Name:\tx\nNoNewPrivs:\t0\nSeccomp:\t0\n");
	run_runtime(tree, &rt);
	ck_assert_str_eq(pf_runtime_name(rt.runtime), "gvisor");
	ck_assert(rt.in_container);
	const struct pf_evidence *e = find_evidence(&rt, "proc:version");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->weight, PF_STRONG);
	ck_assert_ptr_nonnull(strstr(e->value, "sentry-meminfo"));
}
END_TEST

/* lxc-execute (lxc 5.0.2, live): PID 1 is lxc's init with the caller's
 * environment; the boot_id bind mount from /.lxc-boot-id names LXC. */
START_TEST(test_lxc_boot_id_mount)
{
	struct pf_runtime_facts rt;
	all_ns(tree, false);
	write_text(tree, "/proc/self/mountinfo",
		   "85 63 254:0 /tmp/x/rootfs / rw,relatime shared:1 - ext4 /dev/vda rw\n"
		   "89 87 0:41 /sys /proc/sys ro,relatime shared:5 - proc proc rw\n"
		   "65 89 0:40 /.lxc-boot-id /proc/sys/kernel/random/boot_id ro,nosuid,nodev,noexec,relatime "
		   "shared:2 - tmpfs none rw,size=492k,mode=755\n");
	run_runtime(tree, &rt);
	ck_assert_str_eq(pf_engine_name(rt.engine), "lxc");
	const struct pf_evidence *e = find_evidence(&rt, "mountinfo:lxc-boot-id");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->weight, PF_STRONG);

	/* the same file mounted elsewhere is not the signal */
	write_text(tree, "/proc/self/mountinfo",
		   "85 63 254:0 / / rw,relatime shared:1 - ext4 /dev/vda rw\n"
		   "65 85 0:40 /.lxc-boot-id /boot_id ro - tmpfs none rw\n");
	run_runtime(tree, &rt);
	ck_assert_ptr_null(find_evidence(&rt, "mountinfo:lxc-boot-id"));
}
END_TEST

START_TEST(test_kata_needs_both)
{
	struct pf_runtime_facts rt;
	write_text(tree, "/proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu vme hypervisor lahf_lm\n\n");
	write_text(tree, "/proc/self/mountinfo", "1 0 254:0 / / rw,relatime - ext4 /dev/vda rw\n");
	run_runtime(tree, &rt);
	ck_assert(!rt.in_container); /* an ordinary VM */
	ck_assert_str_eq(pf_runtime_name(rt.runtime), "none");

	/* "hypervisorx" is not the hypervisor flag */
	write_text(tree, "/proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu hypervisorx\n\n");
	write_text(tree, "/proc/self/mountinfo", "1 0 0:26 / / rw,relatime - 9p kataShared rw\n");
	run_runtime(tree, &rt);
	ck_assert_str_eq(pf_runtime_name(rt.runtime), "none");

	write_text(tree, "/proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu hypervisor\n\n");
	run_runtime(tree, &rt);
	ck_assert_str_eq(pf_runtime_name(rt.runtime), "kata");
	ck_assert(rt.in_container);
}
END_TEST

START_TEST(test_marker_without_namespaces)
{
	/* a marker and nothing to check it against: believed, weakly */
	struct pf_runtime_facts rt;
	write_text(tree, "/.dockerenv", "");
	run_runtime(tree, &rt);
	ck_assert(rt.in_container);
	ck_assert(!rt.stale_marker);
	ck_assert_str_eq(pf_engine_name(rt.engine), "docker");
	ck_assert_int_eq(rt.confidence, PF_CONFIDENCE_LOW);
}
END_TEST

START_TEST(test_marker_in_bare_user_namespace)
{
	/* `unshare -Urn` on a machine with a stale marker: only the user (and
	 * net) namespace is private; no engine leaves pid, ipc and uts initial */
	struct pf_runtime_facts rt;
	all_ns(tree, true);
	link_ns(tree, "user", 4026532600UL);
	write_text(tree, "/proc/self/uid_map", "         0          0          1\n");
	write_text(tree, "/.dockerenv", "");
	run_runtime(tree, &rt);
	ck_assert(!rt.in_container);
	ck_assert(rt.stale_marker);
	ck_assert(!rt.all_initial_namespaces);
	ck_assert_str_eq(pf_engine_name(rt.engine), "none");

	/* the same with a private pid namespace is a container */
	link_ns(tree, "pid", 4026532601UL);
	run_runtime(tree, &rt);
	ck_assert(rt.in_container);
	ck_assert(!rt.stale_marker);
}
END_TEST

START_TEST(test_containerenv_engine_line)
{
	struct pf_runtime_facts rt;
	all_ns(tree, false);
	write_text(tree, "/run/.containerenv", "engine=\"podman-4.3.1\"\nname=\"x\"\n");
	run_runtime(tree, &rt);
	ck_assert_str_eq(pf_engine_name(rt.engine), "podman");
	const struct pf_evidence *e = find_evidence(&rt, "marker:/run/.containerenv");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->value, "engine=\"podman-4.3.1\"");
}
END_TEST

START_TEST(test_cgroup_shapes)
{
	static const char id[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char text[512];
	struct pf_runtime_facts rt;

	/* systemd cgroup driver */
	snprintf(text, sizeof text, "0::/system.slice/docker-%s.scope\n", id);
	write_text(tree, "/proc/self/cgroup", text);
	run_runtime(tree, &rt);
	ck_assert_str_eq(pf_engine_name(rt.engine), "docker");
	ck_assert_str_eq(rt.container_id, id);
	ck_assert(rt.in_container);

	/* the host's docker.service is no container */
	write_text(tree, "/proc/self/cgroup", "0::/system.slice/docker.service\n");
	run_runtime(tree, &rt);
	ck_assert(!rt.in_container);
	ck_assert_str_eq(pf_engine_name(rt.engine), "none");

	/* a 63-digit run is not an id */
	write_text(tree, "/proc/self/cgroup",
		   "1:cpu:/docker/123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
	run_runtime(tree, &rt);
	ck_assert(!rt.in_container);

	/* garbage lines are skipped, not fatal */
	write_text(tree, "/proc/self/cgroup", "no colons here\n::\n:\n\n12\n");
	run_runtime(tree, &rt);
	ck_assert(!rt.in_container);
}
END_TEST

START_TEST(test_mountinfo_malformed_and_escaped)
{
	struct pf_runtime_facts rt;
	static const char id[] = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
	char text[2048];
	all_ns(tree, false);
	snprintf(text, sizeof text,
		 "garbage\n"
		 "1 2 3\n"
		 "1 2 3 4 5 6 no separator here\n"
		 "10 1 254:0 /var/lib/docker\\040root/containers/%s/hostname /etc/hostname rw,relatime "
		 "shared:1 master:2 - ext4 /dev/vda rw\n",
		 id);
	write_text(tree, "/proc/self/mountinfo", text);
	run_runtime(tree, &rt);
	ck_assert_str_eq(pf_engine_name(rt.engine), "docker");
	ck_assert_str_eq(rt.container_id, id);
	const struct pf_evidence *e = find_evidence(&rt, "mountinfo:hostname");
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->weight, PF_STRONG);
}
END_TEST

START_TEST(test_namespace_links_malformed)
{
	struct pf_runtime_facts rt;
	char path[PATH_MAX];
	all_ns(tree, true);
	join(path, sizeof path, tree, "/proc/self/ns/pid");
	unlink(path);
	ck_assert_int_eq(symlink("pid:[notanumber]", path), 0);
	write_text(tree, "/.dockerenv", "");
	run_runtime(tree, &rt);
	/* one unreadable namespace: not all initial, so the marker is not stale */
	ck_assert(!rt.all_initial_namespaces);
	ck_assert(!rt.stale_marker);
}
END_TEST

START_TEST(test_container_manager_and_env)
{
	struct pf_runtime_facts rt;
	write_text(tree, "/run/host/container-manager", "systemd-nspawn\n");
	run_runtime(tree, &rt);
	ck_assert_str_eq(pf_engine_name(rt.engine), "systemd-nspawn");
	ck_assert(rt.in_container);
	ck_assert_str_eq(pf_runtime_name(rt.runtime), "unknown");

	tree_teardown();
	tree_setup();
	static const char environ_text[] = "HOME=/\0container=podman\0TERM=xterm\0";
	put(tree, "/proc/1/environ", environ_text, sizeof environ_text - 1);
	run_runtime(tree, &rt);
	ck_assert_str_eq(pf_engine_name(rt.engine), "podman");
	ck_assert_str_eq(pf_runtime_name(rt.runtime), "runc-compatible");

	/* an environment variable's value never reaches the evidence as text */
	tree_teardown();
	tree_setup();
	static const char odd_environ[] = "container=acme-sandbox-4711\0";
	put(tree, "/proc/1/environ", odd_environ, sizeof odd_environ - 1);
	run_runtime(tree, &rt);
	for (int i = 0; i < rt.n_evidence; i++)
		ck_assert_ptr_null(strstr(rt.evidence[i].value, "acme-sandbox"));
	ck_assert_str_eq(pf_engine_name(rt.engine), "unknown");
}
END_TEST

START_TEST(test_openvz)
{
	struct pf_runtime_facts rt;
	write_text(tree, "/proc/vz/veinfo", "");
	run_runtime(tree, &rt);
	ck_assert(rt.in_container);
	ck_assert_str_eq(pf_engine_name(rt.engine), "unknown");

	/* /proc/bc too: the OpenVZ node itself */
	write_text(tree, "/proc/bc/0/resources", "");
	run_runtime(tree, &rt);
	ck_assert(!rt.in_container);
}
END_TEST

START_TEST(test_wsl_with_docker_inside)
{
	/* Docker Desktop on WSL2: the engine wins over the platform */
	struct pf_runtime_facts rt;
	static const char id[] = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	char text[256];
	write_text(tree, "/proc/sys/kernel/osrelease", "5.15.167.4-microsoft-standard-WSL2\n");
	snprintf(text, sizeof text, "0::/docker/%s\n", id);
	write_text(tree, "/proc/self/cgroup", text);
	run_runtime(tree, &rt);
	ck_assert_str_eq(pf_engine_name(rt.engine), "docker");
	ck_assert_ptr_nonnull(find_evidence(&rt, "osrelease"));
}
END_TEST

START_TEST(test_env_value_not_kept)
{
	struct pf_runtime_facts rt;
	setenv("KUBERNETES_SERVICE_HOST", "10.96.0.1", 1);
	run_runtime(tree, &rt);
	ck_assert_str_eq(pf_engine_name(rt.engine), "kubernetes");
	const struct pf_evidence *e = find_evidence(&rt, "env:KUBERNETES_SERVICE_HOST");
	ck_assert_ptr_nonnull(e);
	ck_assert_str_eq(e->value, "set");
}
END_TEST

START_TEST(test_empty_tree)
{
	struct pf_runtime_facts rt;
	run_runtime(tree, &rt);
	ck_assert(!rt.in_container);
	ck_assert(!rt.stale_marker);
	ck_assert_str_eq(pf_engine_name(rt.engine), "none");
	ck_assert_int_eq(rt.confidence, PF_CONFIDENCE_MEDIUM);
}
END_TEST

/* The live machine: what the namespaces say decides, whatever it is. */
START_TEST(test_runtime_live)
{
	struct pf_runtime_facts rt;
	char link[64];
	run_runtime("/", &rt);
	ssize_t n = readlink("/proc/self/ns/pid", link, sizeof link - 1);
	ck_assert_int_gt(n, 0);
	link[n] = '\0';
	if (strcmp(link, "pid:[4026531836]") == 0 && rt.all_initial_namespaces && access("/.dockerenv", F_OK) == 0) {
		/* this project's Firecracker VM (docs/facts.md section 5) */
		ck_assert(!rt.in_container);
		ck_assert(rt.stale_marker);
		ck_assert_str_eq(pf_engine_name(rt.engine), "none");
	} else if (strcmp(link, "pid:[4026531836]") != 0) {
		ck_assert(rt.in_container);
	}
}
END_TEST

/* ---- sysctl ----------------------------------------------------------- */

START_TEST(test_sysctl_tree)
{
	struct pf_sysctl_facts s;
	struct pf_probe_run run = { 0 };
	struct pf_probe_ctx ctx = ctx_for(tree);

	write_text(tree, "/proc/sys/user/max_user_namespaces", "0\n");
	write_text(tree, "/proc/sys/user/max_net_namespaces", "  96365 \n");
	write_text(tree, "/proc/sys/kernel/apparmor_restrict_unprivileged_userns", "1x\n"); /* malformed */
	write_text(tree, "/proc/sys/net/ipv4/ip_forward", "1\n");
	ck_assert_int_eq(pf_probe_sysctl(&ctx, &s, &run), 0);
	ck_assert_int_eq(s.max_user_namespaces, 0);
	ck_assert_int_eq(s.max_net_namespaces, 96365);
	ck_assert_int_eq(s.unprivileged_userns_clone, -1);             /* absent */
	ck_assert_int_eq(s.apparmor_restrict_unprivileged_userns, -1); /* malformed */
	ck_assert_int_eq(s.ip_forward, 1);
	/* a plain file we own: writable for us (root or its owner) */
	ck_assert_int_eq(s.ip_forward_writable, PF_YES);
}
END_TEST

START_TEST(test_sysctl_absent)
{
	struct pf_sysctl_facts s;
	struct pf_probe_run run = { 0 };
	struct pf_probe_ctx ctx = ctx_for(tree);
	ck_assert_int_eq(pf_probe_sysctl(&ctx, &s, &run), 0);
	ck_assert_int_eq(s.max_user_namespaces, -1);
	ck_assert_int_eq(s.ip_forward, -1);
	ck_assert_int_eq(s.ip_forward_writable, PF_UNKNOWN);
}
END_TEST

/* ---- lsm -------------------------------------------------------------- */

START_TEST(test_lsm_apparmor)
{
	struct pf_lsm_facts l;
	struct pf_probe_run run = { 0 };
	struct pf_probe_ctx ctx = ctx_for(tree);
	memset(&l, 0, sizeof l);
	write_text(tree, "/sys/module/apparmor/parameters/enabled", "Y\n");
	write_text(tree, "/proc/self/attr/apparmor/current", "docker-default (enforce)\n");
	write_text(tree, "/proc/self/attr/current", "docker-default (enforce)\n");
	ck_assert_int_eq(pf_probe_lsm(&ctx, &l, &run), 0);
	ck_assert(l.apparmor_enabled);
	ck_assert_str_eq(l.apparmor, "docker-default (enforce)");
	ck_assert(!l.selinux_enabled);
	ck_assert_str_eq(l.selinux, "");
}
END_TEST

START_TEST(test_lsm_selinux)
{
	struct pf_lsm_facts l;
	struct pf_probe_run run = { 0 };
	struct pf_probe_ctx ctx = ctx_for(tree);
	memset(&l, 0, sizeof l);
	write_text(tree, "/sys/fs/selinux/enforce", "1");
	write_text(tree, "/proc/self/attr/current", "system_u:system_r:container_t:s0:c1,c2");
	ck_assert_int_eq(pf_probe_lsm(&ctx, &l, &run), 0);
	ck_assert(l.selinux_enabled);
	ck_assert_str_eq(l.selinux, "system_u:system_r:container_t:s0:c1,c2");
	ck_assert(!l.apparmor_enabled);
	ck_assert_str_eq(l.apparmor, "");
}
END_TEST

/* ---- kernel ----------------------------------------------------------- */

START_TEST(test_kernel)
{
	struct pf_kernel_facts k;
	struct pf_probe_run run = { 0 };
	struct pf_probe_ctx ctx = ctx_for(tree);
	memset(&k, 0, sizeof k);
	write_text(tree, "/proc/sys/kernel/seccomp/actions_avail", "kill_process kill_thread trap errno log allow\n");
	ck_assert_int_eq(pf_probe_kernel(&ctx, &k, &run), 0);
	ck_assert_str_eq(k.actions_avail, "kill_process kill_thread trap errno log allow");
	ck_assert_str_ne(k.release, "");
	ck_assert_str_ne(k.machine, "");
	unsigned a, b, c;
	ck_assert_int_eq(sscanf(k.libseccomp_version, "%u.%u.%u", &a, &b, &c), 3);
	/* major, minor, micro of the library linked in, in that order */
	const struct scmp_version *v = seccomp_version();
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(a, v->major);
	ck_assert_uint_eq(b, v->minor);
	ck_assert_uint_eq(c, v->micro);
	struct utsname u;
	ck_assert_int_eq(uname(&u), 0);
	ck_assert_str_eq(k.release, u.release);
	ck_assert_str_eq(k.machine, u.machine);
}
END_TEST

/* ---- PATH lookups ----------------------------------------------------- */

static void make_exec(const char *path)
{
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("#!/bin/sh\n", f);
	fclose(f);
	ck_assert_int_eq(chmod(path, 0755), 0);
}

START_TEST(test_tools_variants)
{
	struct pf_tools_facts t;
	struct pf_probe_run run = { 0 };
	struct pf_probe_ctx ctx = ctx_for("/");
	char bin[PATH_MAX], p[PATH_MAX], q[PATH_MAX];

	join(bin, sizeof bin, tree, "/bin");
	mkdirs(bin);
	join(p, sizeof p, bin, "/xtables-nft-multi");
	make_exec(p);
	join(q, sizeof q, bin, "/iptables");
	ck_assert_int_eq(symlink("xtables-nft-multi", q), 0);
	join(p, sizeof p, bin, "/ip");
	make_exec(p);
	setenv("PATH", bin, 1);
	memset(&t, 0, sizeof t);
	ck_assert_int_eq(pf_probe_tools(&ctx, &t, &run), 0);
	ck_assert_str_eq(t.ip, p);
	ck_assert_str_eq(t.iptables, q);
	ck_assert_str_eq(t.iptables_variant, "nft");
	ck_assert_str_eq(t.sysctl, "");

	/* alternatives-style: iptables -> iptables-legacy -> a multi-call binary */
	unlink(q);
	join(p, sizeof p, bin, "/multi");
	make_exec(p);
	join(p, sizeof p, bin, "/iptables-legacy");
	ck_assert_int_eq(symlink("multi", p), 0);
	ck_assert_int_eq(symlink(p, q), 0);
	memset(&t, 0, sizeof t);
	ck_assert_int_eq(pf_probe_tools(&ctx, &t, &run), 0);
	ck_assert_str_eq(t.iptables_variant, "legacy");

	/* neither name says: unknown */
	unlink(q);
	make_exec(q);
	memset(&t, 0, sizeof t);
	ck_assert_int_eq(pf_probe_tools(&ctx, &t, &run), 0);
	ck_assert_str_eq(t.iptables_variant, "");
}
END_TEST

START_TEST(test_privilege)
{
	struct pf_privilege_facts pv;
	struct pf_probe_run run = { 0 };
	struct pf_probe_ctx ctx = ctx_for("/");
	char bin[PATH_MAX], p[PATH_MAX], path[PATH_MAX * 2];

	join(bin, sizeof bin, tree, "/bin");
	mkdirs(bin);
	join(p, sizeof p, bin, "/sudo");
	make_exec(p);
	/* an empty entry (the current directory) and a relative one are skipped */
	snprintf(path, sizeof path, "::relative:%s", bin);
	setenv("PATH", path, 1);
	memset(&pv, 0, sizeof pv);
	ck_assert_int_eq(pf_probe_privilege(&ctx, &pv, &run), 0);
	ck_assert_int_eq(pv.euid, (long)geteuid());
	ck_assert_str_eq(pv.sudo_path, p);
	ck_assert_str_eq(pv.setpriv_path, "");
	ck_assert(pv.net_admin_in_bounding == (prctl(PR_CAPBSET_READ, CAP_NET_ADMIN, 0, 0, 0) == 1));
	ck_assert(pv.sys_admin_in_bounding == (prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN, 0, 0, 0) == 1));

	/* a non-executable file is not a program */
	ck_assert_int_eq(chmod(p, 0644), 0);
	memset(&pv, 0, sizeof pv);
	ck_assert_int_eq(pf_probe_privilege(&ctx, &pv, &run), 0);
	/* even root passes X_OK only when some x bit is set */
	ck_assert_str_eq(pv.sudo_path, "");
}
END_TEST

START_TEST(test_privilege_default_path)
{
	struct pf_privilege_facts pv;
	struct pf_tools_facts tl;
	struct pf_probe_run run = { 0 };
	struct pf_probe_ctx ctx = ctx_for("/");
	/* boundary's Go exec.LookPath finds nothing without PATH, so neither
	 * may we, even where the programs exist in the usual directories */
	unsetenv("PATH");
	memset(&pv, 0, sizeof pv);
	memset(&tl, 0, sizeof tl);
	ck_assert_int_eq(pf_probe_privilege(&ctx, &pv, &run), 0);
	ck_assert_str_eq(pv.setpriv_path, "");
	ck_assert_str_eq(pv.sudo_path, "");
	ck_assert_int_eq(pf_probe_tools(&ctx, &tl, &run), 0);
	ck_assert_str_eq(tl.ip, "");
	/* and with PATH set the same directories are searched */
	setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
	ck_assert_int_eq(pf_probe_privilege(&ctx, &pv, &run), 0);
	if (access("/usr/bin/setpriv", X_OK) == 0)
		ck_assert_str_eq(pv.setpriv_path, "/usr/bin/setpriv");
	else
		ck_assert_str_eq(pv.setpriv_path, "");
}
END_TEST

/* ---- landlock --------------------------------------------------------- */

START_TEST(test_landlock_matches_syscall)
{
	struct pf_landlock_facts l;
	struct pf_probe_run run = { 0 };
	struct pf_probe_ctx ctx = ctx_for("/");
	ck_assert_int_eq(pf_probe_landlock(&ctx, &l, &run), 0);
#ifdef SYS_landlock_create_ruleset
	long want = syscall(SYS_landlock_create_ruleset, NULL, 0, 1U);
	int err = errno;
	if (want >= 0) {
		ck_assert_int_eq(l.abi, want);
	} else {
		ck_assert_int_eq(l.abi, -1);
		ck_assert_int_eq(l.err, err);
	}
#endif
}
END_TEST

/* ---- what needs root and real namespaces ------------------------------ */

/* Why a test that needs root and the real kernel does nothing here. */
static const char *cannot_run_here(void)
{
	if (getenv("PF_QEMU_SAFE"))
		return "qemu-user refuses namespace flags and setuid tests belong to the host";
	if (geteuid() != 0)
		return "needs root (as on CI) to become uid 65534 and to own a user namespace";
	return NULL;
}

/* The status of a child that ran fn, or -1. */
static int in_child(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0)
		_exit(fn(arg));
	int status = 0;
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Run fn in a child where root and the real kernel are at hand; its
 * status must be 0. Elsewhere the test says why it did nothing. */
static void root_test_in_child(const char *test, int (*fn)(void *))
{
	const char *why = cannot_run_here();
	if (why) {
		fprintf(stderr, "skip %s: %s\n", test, why);
		return;
	}
	ck_assert_int_eq(in_child(fn, NULL), 0);
}

/* legacy iptables' lock step as uid 65534: the errno, 255 if not tried */
static int lock_as_nobody(void *arg)
{
	(void)arg;
	if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0)
		return 254;
	struct pf_iptables_proof proof;
	memset(&proof, 0, sizeof proof);
	pf_iptables_prove("legacy", &proof);
	return proof.lock.attempted ? proof.lock.err : 255;
}

/* Real iptables-legacy as uid 65534 with the capabilities boundary's
 * re-exec gives it: 0 when it listed the nat table. */
static int real_iptables_as_nobody(void)
{
	return system(
		"setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps +net_admin,+net_raw "
		"--ambient-caps +net_admin,+net_raw iptables-legacy -t nat -S >/dev/null 2>&1");
}

/* A missing lock file must be creatable: its directory writable, not
 * only searchable (iptables opens it with O_CREAT); the proof creates
 * nothing. The real iptables-legacy agrees both ways. */
START_TEST(test_iptables_lock_missing)
{
	const char *why = cannot_run_here();
	if (why) {
		fprintf(stderr, "skip test_iptables_lock_missing: %s\n", why);
		return;
	}
	char dir[] = "/tmp/pf-lock.XXXXXX", lock[64];
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(lock, sizeof lock, "%s/xtables.lock", dir);
	setenv("XTABLES_LOCKFILE", lock, 1);
	bool judge = access("/usr/sbin/iptables-legacy", X_OK) == 0 && access("/usr/bin/setpriv", X_OK) == 0;
	if (!judge)
		fprintf(stderr, "test_iptables_lock_missing: iptables-legacy or setpriv missing, not compared\n");

	ck_assert_int_eq(chmod(dir, 0755), 0);
	ck_assert_int_eq(in_child(lock_as_nobody, NULL), EACCES);
	if (judge)
		ck_assert_int_ne(real_iptables_as_nobody(), 0);

	ck_assert_int_eq(chmod(dir, 01777), 0);
	ck_assert_int_eq(in_child(lock_as_nobody, NULL), 0);
	ck_assert_int_eq(access(lock, F_OK), -1); /* the proof made nothing */
	if (judge)
		ck_assert_int_eq(real_iptables_as_nobody(), 0);

	unsetenv("XTABLES_LOCKFILE");
	unlink(lock);
	ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

static int write_proc(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* In a user namespace of its own with max_user_namespaces=1: pf_user_slot
 * says free, full while a child holds the one slot, free again once the
 * kernel has freed it. Exit 0 when all three held. */
static int slot_states(void *arg)
{
	(void)arg;
	char map[64];
	snprintf(map, sizeof map, "0 %u 1", (unsigned)getuid());
	char gmap[64];
	snprintf(gmap, sizeof gmap, "0 %u 1", (unsigned)getgid());
	if (unshare(CLONE_NEWUSER) < 0 || write_proc("/proc/self/uid_map", map) < 0 ||
	    write_proc("/proc/self/setgroups", "deny") < 0 || write_proc("/proc/self/gid_map", gmap) < 0 ||
	    write_proc("/proc/sys/user/max_user_namespaces", "1") < 0)
		return 10;
	if (pf_user_slot(2000) != PF_SLOT_FREE)
		return 11;
	int ready[2];
	if (pipe(ready) < 0)
		return 12;
	pid_t holder = fork();
	if (holder < 0)
		return 12;
	if (holder == 0) {
		close(ready[0]);
		char ok = unshare(CLONE_NEWUSER) == 0 ? 'y' : 'n';
		if (write(ready[1], &ok, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(ready[1]);
	char ok = 'n';
	if (read(ready[0], &ok, 1) != 1 || ok != 'y')
		return 13;
	int full = pf_user_slot(2000) == PF_SLOT_FULL;
	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	if (!full)
		return 14;
	for (int i = 0; i < 1500; i++) {
		if (pf_user_slot(2000) == PF_SLOT_FREE)
			return 0;
		usleep(2000);
	}
	return 15;
}

/* The five sets made to differ from each other (effective without
 * CAP_NET_ADMIN, which stays permitted, inheritable and ambient; the
 * bounding set without CAP_SYS_MODULE, which stays permitted), then the
 * probe's masks against the kernel's own /proc/self/status lines. Exit 0
 * when all five agree, 10+N when set N differs, 2 when the sets could not
 * be made. */
static int caps_sets_differ(void *arg)
{
	(void)arg;
	cap_value_t net_admin[] = { CAP_NET_ADMIN }, inheritable[] = { CAP_NET_ADMIN, CAP_SETFCAP };
	cap_t c = cap_get_proc();
	if (!c || cap_set_flag(c, CAP_INHERITABLE, 2, inheritable, CAP_SET) < 0 || cap_set_proc(c) < 0 ||
	    cap_set_ambient(CAP_NET_ADMIN, CAP_SET) < 0 ||
	    cap_set_flag(c, CAP_EFFECTIVE, 1, net_admin, CAP_CLEAR) < 0 || cap_drop_bound(CAP_SYS_MODULE) < 0 ||
	    cap_set_proc(c) < 0)
		return 2;
	cap_free(c);
	struct pf_caps_facts f;
	struct pf_probe_run run = { 0 };
	struct pf_probe_ctx ctx = ctx_for("/");
	memset(&f, 0, sizeof f);
	if (pf_probe_capabilities(&ctx, &f, &run) != 0)
		return 3;
	static const char *const keys[] = { "CapInh:", "CapPrm:", "CapEff:", "CapBnd:", "CapAmb:" };
	const uint64_t got[] = { f.inheritable, f.permitted, f.effective, f.bounding, f.ambient };
	FILE *status = fopen("/proc/self/status", "r");
	if (!status)
		return 4;
	char line[256];
	int matched = 0;
	while (fgets(line, sizeof line, status)) {
		for (int i = 0; i < 5; i++) {
			size_t n = strlen(keys[i]);
			if (strncmp(line, keys[i], n) != 0)
				continue;
			if (strtoull(line + n, NULL, 16) != got[i]) {
				fclose(status);
				return 10 + i;
			}
			matched++;
		}
	}
	fclose(status);
	/* the sets really differ, so a probe reading one for another fails */
	if (matched != 5 || f.effective == f.permitted || f.bounding == f.permitted || f.ambient == f.inheritable)
		return 5;
	return 0;
}

/* With the effective uid apart from the real one (as under a setuid
 * program), the probes report the effective one: what decides access. */
static int euid_apart(void *arg)
{
	(void)arg;
	if (setresuid(0, 65534, 0) < 0)
		return 2;
	struct pf_privilege_facts pv;
	struct pf_caps_facts caps;
	struct pf_probe_run run = { 0 };
	struct pf_probe_ctx ctx = ctx_for("/");
	memset(&pv, 0, sizeof pv);
	memset(&caps, 0, sizeof caps);
	if (pf_probe_privilege(&ctx, &pv, &run) != 0 || pf_probe_capabilities(&ctx, &caps, &run) != 0)
		return 3;
	return pv.euid == 65534 && caps.euid == 65534 && getuid() == 0 ? 0 : 4;
}

START_TEST(test_euid_apart_from_uid)
{
	root_test_in_child("test_euid_apart_from_uid", euid_apart);
}
END_TEST

START_TEST(test_capabilities_each_set)
{
	/* 10 inheritable, 11 permitted, 12 effective, 13 bounding, 14 ambient */
	root_test_in_child("test_capabilities_each_set", caps_sets_differ);
}
END_TEST

START_TEST(test_user_slot)
{
	/* 11: not free at first, 14: not full while held, 15: never free again */
	root_test_in_child("test_user_slot", slot_states);
}
END_TEST

/* exec's wait for the check's own namespaces: after a network-only clone
 * (no user namespace slot to test), a small visible limit gets the grace
 * of the measured release; a large one in the initial user namespace
 * none. */
START_TEST(test_settle_grace)
{
	struct pf_facts f;
	pf_facts_init(&f);
	f.userns.netns_clone.attempted = true;
	f.runtime.user_ns_initial = PF_YES;
	f.sysctl.max_user_namespaces = f.sysctl.max_net_namespaces = 100000;
	uint64_t t0 = pf_now_us();
	pf_settle_namespaces(&f, 1000);
	uint64_t large = pf_now_us() - t0;
	ck_assert_msg(large < 100000, "a large limit waited %llu us", (unsigned long long)large);
	f.sysctl.max_net_namespaces = 2;
	t0 = pf_now_us();
	pf_settle_namespaces(&f, 1000);
	uint64_t tight = pf_now_us() - t0;
	ck_assert_msg(tight >= 140000, "a limit of 2 waited only %llu us", (unsigned long long)tight);
	/* nothing made, nothing to wait for */
	f.userns.netns_clone.attempted = false;
	t0 = pf_now_us();
	ck_assert_int_eq(pf_settle_namespaces(&f, 1000), 0);
}
END_TEST

static Suite *probes_suite(void)
{
	Suite *s = suite_create("probes");
	TCase *tc = tcase_create("fixtures");
	tcase_add_loop_test(tc, test_fixture_tree, 0, (int)(sizeof fixture_cases / sizeof fixture_cases[0]));
	tcase_add_test(tc, test_docker_fixture_details);
	tcase_add_test(tc, test_stale_fixture_details);
	tcase_add_test(tc, test_marker_in_bare_user_namespace);
	tcase_add_checked_fixture(tc, tree_setup, tree_teardown);
	suite_add_tcase(s, tc);

	tc = tcase_create("runtime");
	tcase_add_checked_fixture(tc, tree_setup, tree_teardown);
	tcase_add_test(tc, test_sysbox_mounts_alone);
	tcase_add_test(tc, test_sysbox_userns_alone);
	tcase_add_test(tc, test_gvisor_version_alone);
	tcase_add_test(tc, test_gvisor_sentry_meminfo);
	tcase_add_test(tc, test_lxc_boot_id_mount);
	tcase_add_test(tc, test_kata_needs_both);
	tcase_add_test(tc, test_marker_without_namespaces);
	tcase_add_test(tc, test_containerenv_engine_line);
	tcase_add_test(tc, test_cgroup_shapes);
	tcase_add_test(tc, test_mountinfo_malformed_and_escaped);
	tcase_add_test(tc, test_namespace_links_malformed);
	tcase_add_test(tc, test_container_manager_and_env);
	tcase_add_test(tc, test_openvz);
	tcase_add_test(tc, test_wsl_with_docker_inside);
	tcase_add_test(tc, test_env_value_not_kept);
	tcase_add_test(tc, test_empty_tree);
	tcase_add_test(tc, test_runtime_live);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_checked_fixture(tc, tree_setup, tree_teardown);
	tcase_add_test(tc, test_sysctl_tree);
	tcase_add_test(tc, test_sysctl_absent);
	tcase_add_test(tc, test_lsm_apparmor);
	tcase_add_test(tc, test_lsm_selinux);
	tcase_add_test(tc, test_kernel);
	tcase_add_test(tc, test_tools_variants);
	tcase_add_test(tc, test_privilege);
	tcase_add_test(tc, test_privilege_default_path);
	tcase_add_test(tc, test_landlock_matches_syscall);
	tcase_add_test(tc, test_settle_grace);
	tcase_add_test(tc, test_iptables_lock_missing);
	tcase_add_test(tc, test_user_slot);
	tcase_add_test(tc, test_capabilities_each_set);
	tcase_add_test(tc, test_euid_apart_from_uid);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(probes_suite());
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
