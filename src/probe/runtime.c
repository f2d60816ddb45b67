/* SPDX-License-Identifier: MIT */
/* runtime probe: which container engine and OCI runtime we run under, each
 * conclusion resting on recorded evidence (docs/facts.md section 5).
 *
 * Like systemd's detection, this is an ordered table of signals, strongest
 * first. Unlike it, no single signal decides: every signal only adds
 * evidence and votes, and the verdict on "are we in a container" comes from
 * namespace inodes and engine-made state (cgroup paths, bind mounts) that
 * cannot be left behind in an image. Marker files alone are weak, because a
 * VM built from a container image keeps /.dockerenv (docs/facts.md section 5).
 *
 * Evidence values never carry container ids or hostnames: those go to
 * container_id and hostname only, which --redact removes. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "preflight/cleanup.h"
#include "preflight/probe.h"
#include "preflight/procfs.h"

/* Inode numbers of the initial namespaces (include/linux/proc_ns.h,
 * docs/facts.md section 4). */
#define PF_INIT_USER_NS 4026531837UL
#define PF_INIT_IPC_NS 4026531839UL
#define PF_INIT_UTS_NS 4026531838UL
#define PF_INIT_PID_NS 4026531836UL
#define PF_INIT_CGROUP_NS 4026531835UL

#define PF_HEX_ID_LEN 64

/* gVisor's fixed /proc/version tail (docs/facts.md section 5). */
#define PF_GVISOR_VERSION_TAIL "#1 SMP Sun Jan 10 15:06:54 PST 2016"

enum ns_state { NS_UNKNOWN, NS_INITIAL, NS_PRIVATE };

struct rt_scan {
	const char *root;
	struct pf_runtime_facts *out;

	/* files read once, shared by several signals; NULL/"" when absent */
	char *mountinfo;
	char uid_map[256];
	bool uid_map_read;
	bool uid_map_initial;

	enum ns_state ns_user, ns_pid, ns_cgroup, ns_ipc, ns_uts;

	/* votes: the heaviest weight seen per engine, and the order in which
	 * engines first got their heaviest vote (table order = priority) */
	int vote[PF_ENGINE_COUNT]; /* 0 none, 1 weak, 2 strong */
	int vote_order[PF_ENGINE_COUNT];
	int n_votes;

	enum pf_runtime runtime_found; /* sysbox, gvisor or kata, on two signals */
	bool container_proved;         /* a strong signal that only a container gives */
	bool marker_seen;
	bool wsl;
};

/* ---- small helpers ---------------------------------------------------- */

static void add_evidence(struct rt_scan *s, const char *signal, enum pf_weight w, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_evidence(struct rt_scan *s, const char *signal, enum pf_weight w, const char *fmt, ...)
{
	struct pf_runtime_facts *o = s->out;
	if (o->n_evidence >= PF_MAX_EVIDENCE)
		return;
	struct pf_evidence *e = &o->evidence[o->n_evidence++];
	va_list ap;
	snprintf(e->signal, sizeof e->signal, "%s", signal);
	va_start(ap, fmt);
	vsnprintf(e->value, sizeof e->value, fmt, ap);
	va_end(ap);
	e->weight = w;
}

static void vote(struct rt_scan *s, enum pf_engine e, enum pf_weight w)
{
	int weight = w == PF_STRONG ? 2 : 1;
	if (s->vote[e] == 0)
		s->vote_order[e] = s->n_votes++;
	if (weight > s->vote[e])
		s->vote[e] = weight;
	if (w == PF_STRONG)
		s->container_proved = true;
}

/* Copy the first line of text, trimmed, into out. */
static void first_line(const char *text, char *out, size_t size)
{
	size_t n = strcspn(text, "\n");
	while (n > 0 && isspace((unsigned char)text[n - 1]))
		n--;
	if (n >= size)
		n = size - 1;
	memmove(out, text, n); /* out may be text itself */
	out[n] = '\0';
}

/* A run of exactly 64 hex digits in s (container ids of Docker, podman,
 * containerd), copied to out. Returns true when found. */
static bool find_hex_id(const char *s, char *out, size_t size)
{
	for (const char *p = s; *p; p++) {
		if (!isxdigit((unsigned char)*p) || (p > s && isxdigit((unsigned char)p[-1])))
			continue;
		size_t n = 0;
		while (isxdigit((unsigned char)p[n]))
			n++;
		if (n == PF_HEX_ID_LEN) {
			snprintf(out, size, "%.*s", (int)n, p);
			return true;
		}
		p += n - 1;
	}
	return false;
}

/* Engine names used by container= and /run/host/container-manager
 * (systemd's table in src/basic/virt.c uses the same words). */
static enum pf_engine engine_from_manager(const char *v)
{
	if (strcmp(v, "docker") == 0)
		return PF_ENGINE_DOCKER;
	if (strcmp(v, "podman") == 0)
		return PF_ENGINE_PODMAN;
	if (strcmp(v, "lxc") == 0 || strcmp(v, "lxc-libvirt") == 0)
		return PF_ENGINE_LXC;
	if (strcmp(v, "systemd-nspawn") == 0)
		return PF_ENGINE_NSPAWN;
	if (strcmp(v, "wsl") == 0)
		return PF_ENGINE_WSL;
	return PF_ENGINE_UNKNOWN;
}

/* What a manager name says, as evidence: the engine it names, never the
 * raw text (an environment variable's value stays out of the report). */
static const char *manager_evidence(const char *v)
{
	enum pf_engine e = engine_from_manager(v);
	return e == PF_ENGINE_UNKNOWN ? "an unrecognised manager" : pf_engine_name(e);
}

/* Call fn for every well-formed mountinfo line until it returns true
 * (the parsing is procfs.h's, pf_mountinfo_each). */
static void for_each_mount(struct rt_scan *s, pf_mount_fn fn, void *arg)
{
	if (s->mountinfo)
		pf_mountinfo_each(s->mountinfo, fn, arg);
}

static enum ns_state read_ns(const char *root, const char *name, unsigned long initial)
{
	char path[64], link[64];
	snprintf(path, sizeof path, "/proc/self/ns/%s", name);
	if (pf_readlink(root, path, link, sizeof link) < 0)
		return NS_UNKNOWN;
	/* "user:[4026531837]" */
	const char *lb = strchr(link, '[');
	if (!lb)
		return NS_UNKNOWN;
	char *end;
	unsigned long ino = strtoul(lb + 1, &end, 10);
	if (end == lb + 1 || *end != ']')
		return NS_UNKNOWN;
	return ino == initial ? NS_INITIAL : NS_PRIVATE;
}

/* ---- the signals, strongest first ------------------------------------- */

/* Namespace inodes: the initial namespaces have fixed inode numbers, so a
 * private pid namespace is proof of confinement that no file in an image
 * can fake, and all-initial namespaces prove a marker file stale. */
static void sig_namespaces(struct rt_scan *s)
{
	const struct {
		const char *name;
		unsigned long initial;
		enum ns_state *state;
	} ns[] = {
		{ "user", PF_INIT_USER_NS, &s->ns_user },       { "pid", PF_INIT_PID_NS, &s->ns_pid },
		{ "cgroup", PF_INIT_CGROUP_NS, &s->ns_cgroup }, { "ipc", PF_INIT_IPC_NS, &s->ns_ipc },
		{ "uts", PF_INIT_UTS_NS, &s->ns_uts },
	};
	char priv[64] = "", init[64] = "", unknown[64] = "";

	for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++) {
		enum ns_state st = read_ns(s->root, ns[i].name, ns[i].initial);
		*ns[i].state = st;
		char *list = st == NS_PRIVATE ? priv : st == NS_INITIAL ? init : unknown;
		size_t l = strlen(list);
		snprintf(list + l, sizeof priv - l, "%s%s", l ? "," : "", ns[i].name);
	}
	s->out->user_ns_initial = s->ns_user == NS_INITIAL ? PF_YES : s->ns_user == NS_PRIVATE ? PF_NO : PF_UNKNOWN;
	/* the cgroup namespace is missing before Linux 4.6; the rest are older */
	s->out->all_initial_namespaces = s->ns_user == NS_INITIAL && s->ns_pid == NS_INITIAL &&
					 s->ns_ipc == NS_INITIAL && s->ns_uts == NS_INITIAL &&
					 s->ns_cgroup != NS_PRIVATE;

	if (s->ns_pid == NS_PRIVATE) {
		s->container_proved = true;
		add_evidence(s, "namespaces", PF_STRONG, "private: %s%s%s", priv, init[0] ? "; initial: " : "", init);
	} else if (s->out->all_initial_namespaces) {
		add_evidence(s, "namespaces", PF_STRONG, "all initial: %s", init);
	} else if (priv[0] || init[0]) {
		add_evidence(s, "namespaces", PF_WEAK, "private: %s; initial: %s%s%s", priv[0] ? priv : "none",
			     init[0] ? init : "none", unknown[0] ? "; unreadable: " : "", unknown);
	}
}

/* uid_map "0 0 4294967295" is the initial user namespace (docs/facts.md
 * section 4.3); anything else is a user namespace some engine set up. Only
 * recorded here; sysbox combines it with its mounts. */
static void sig_uid_map(struct rt_scan *s)
{
	char buf[256];
	if (pf_read_file(s->root, "/proc/self/uid_map", buf, sizeof buf) <= 0)
		return;
	unsigned long inside, outside, count;
	if (sscanf(buf, "%lu %lu %lu", &inside, &outside, &count) != 3)
		return;
	s->uid_map_read = true;
	s->uid_map_initial = inside == 0 && outside == 0 && count == 4294967295UL;
	snprintf(s->uid_map, sizeof s->uid_map, "%lu %lu %lu", inside, outside, count);
	add_evidence(s, "uid_map", PF_WEAK, "%s%s", s->uid_map, s->uid_map_initial ? " (initial user namespace)" : "");
}

struct sysbox_seen {
	int count;
	char where[120];
};

static bool visit_sysboxfs(const struct pf_mount *m, void *arg)
{
	struct sysbox_seen *seen = arg;
	if (strncmp(m->fstype, "fuse", 4) != 0 || strcmp(m->source, "sysboxfs") != 0)
		return false;
	size_t l = strlen(seen->where), ml = strlen(m->mountpoint);
	/* name the first few; the count says how many there were */
	if (seen->count < 3 && l + 2 + ml < sizeof seen->where) {
		if (l) {
			memcpy(seen->where + l, ", ", 2);
			l += 2;
		}
		memcpy(seen->where + l, m->mountpoint, ml + 1);
	}
	seen->count++;
	return false;
}

/* sysbox-runc: sysbox-fs (FUSE, source "sysboxfs") over /proc/sys and
 * friends, together with the exclusive user namespace sysbox always sets
 * up (docs/facts.md section 5). Two independent facts: a copied mountinfo or an
 * unrelated user namespace alone decides nothing. */
static void sig_sysbox(struct rt_scan *s)
{
	struct sysbox_seen seen = { 0, "" };
	for_each_mount(s, visit_sysboxfs, &seen);
	if (seen.count == 0)
		return;
	bool userns = s->uid_map_read && !s->uid_map_initial;
	add_evidence(s, "mountinfo:sysboxfs", userns ? PF_STRONG : PF_WEAK, "fuse sysboxfs on %s (%d mounts)%s",
		     seen.where, seen.count, userns ? "" : "; but the user namespace is initial");
	if (userns) {
		s->runtime_found = PF_RUNTIME_SYSBOX;
		s->container_proved = true;
	}
}

/* gVisor: its kernel answers /proc/version with a fixed 2016 build line,
 * and its /proc/self/status has "Seccomp: 0" with no NoNewPrivs line, which
 * Linux has printed since 4.10 (docs/facts.md section 5). Its /proc also holds
 * "sentry-meminfo" (the Go heap of gVisor's kernel, the Sentry), which Linux
 * has no file for: seen live under runsc 20221219 (tests/fixtures/gvisor).
 * The build line plus either shape is strong. Read root-relative so
 * fixtures reproduce it; uname would only tell about the live kernel. */
static void sig_gvisor(struct rt_scan *s)
{
	char version[512], status[4096], mode[16], nnp[16];
	if (pf_read_file(s->root, "/proc/version", version, sizeof version) <= 0 ||
	    !strstr(version, PF_GVISOR_VERSION_TAIL))
		return;
	bool status_shape = pf_read_file(s->root, "/proc/self/status", status, sizeof status) > 0 &&
			    pf_status_field(status, "Seccomp", mode, sizeof mode) == 0 && strcmp(mode, "0") == 0 &&
			    pf_status_field(status, "NoNewPrivs", nnp, sizeof nnp) < 0;
	bool sentry = pf_path_exists(s->root, "/proc/sentry-meminfo");
	bool strong = status_shape || sentry;
	add_evidence(s, "proc:version", strong ? PF_STRONG : PF_WEAK, "gVisor build line \"%s\"%s%s",
		     PF_GVISOR_VERSION_TAIL,
		     status_shape ? "; status has Seccomp: 0 and no NoNewPrivs" : "; status is Linux-shaped",
		     sentry ? "; /proc/sentry-meminfo present" : "");
	if (strong) {
		s->runtime_found = PF_RUNTIME_GVISOR;
		s->container_proved = true;
	}
}

/* Is word in the first "flags<tabs>: ..." line of /proc/cpuinfo text? */
static bool cpu_has_flag(const char *cpuinfo, const char *word)
{
	size_t wl = strlen(word);
	for (const char *p = cpuinfo; p && *p;) {
		size_t len = strcspn(p, "\n");
		if (strncmp(p, "flags", 5) == 0 && (p[5] == '\t' || p[5] == ' ' || p[5] == ':')) {
			const char *colon = memchr(p, ':', len);
			if (!colon)
				return false;
			for (const char *w = colon + 1; w < p + len;) {
				while (w < p + len && (*w == ' ' || *w == '\t'))
					w++;
				size_t n = 0;
				while (w + n < p + len && w[n] != ' ' && w[n] != '\t')
					n++;
				if (n == wl && strncmp(w, word, wl) == 0)
					return true;
				w += n;
			}
			return false;
		}
		p += len;
		if (*p == '\n')
			p++;
	}
	return false;
}

static bool visit_kata_root(const struct pf_mount *m, void *arg)
{
	bool *found = arg;
	if (strcmp(m->mountpoint, "/") != 0)
		return false;
	*found = strcmp(m->fstype, "virtiofs") == 0 || strcmp(m->source, "kataShared") == 0;
	return *found;
}

/* Kata Containers: a real VM (the "hypervisor" cpu flag) whose root file
 * system is shared from the host as kataShared (9p) or virtiofs
 * (docs/facts.md section 5.9). A VM alone is no container; both together
 * are Kata. */
static void sig_kata(struct rt_scan *s)
{
	_cleanup_free_ char *cpuinfo = malloc(PF_READ_MAX);
	bool hypervisor = false, shared_root = false;

	if (cpuinfo && pf_read_file(s->root, "/proc/cpuinfo", cpuinfo, PF_READ_MAX) > 0)
		hypervisor = cpu_has_flag(cpuinfo, "hypervisor");
	for_each_mount(s, visit_kata_root, &shared_root);
	if (!hypervisor || !shared_root)
		return;
	add_evidence(s, "kata", PF_STRONG, "hypervisor cpu flag; root file system shared from the host");
	s->runtime_found = PF_RUNTIME_KATA;
	s->container_proved = true;
}

/* OpenVZ/Virtuozzo: /proc/vz exists in containers and on the node, /proc/bc
 * only on the node (systemd, src/basic/virt.c). No engine name for it. */
static void sig_openvz(struct rt_scan *s)
{
	if (!pf_path_exists(s->root, "/proc/vz") || pf_path_exists(s->root, "/proc/bc"))
		return;
	add_evidence(s, "proc:vz", PF_STRONG, "/proc/vz without /proc/bc (OpenVZ container)");
	vote(s, PF_ENGINE_UNKNOWN, PF_STRONG);
}

/* /run/host/container-manager: written by podman, nspawn and others into
 * the container's private /run, which an image does not carry. */
static void sig_container_manager(struct rt_scan *s)
{
	char buf[128], name[64];
	if (pf_read_file(s->root, "/run/host/container-manager", buf, sizeof buf) <= 0)
		return;
	first_line(buf, name, sizeof name);
	if (!name[0])
		return;
	add_evidence(s, "run:host/container-manager", PF_STRONG, "%s", manager_evidence(name));
	vote(s, engine_from_manager(name), PF_STRONG);
}

/* container= in PID 1's environment: set by the engine when it starts the
 * container's init (lxc, nspawn, podman images); /run/systemd/container is
 * where systemd copies it. PID 1's environ may be unreadable: no signal. */
static void sig_container_env(struct rt_scan *s)
{
	_cleanup_free_ char *env = malloc(PF_READ_MAX);
	char buf[128], name[64];

	if (env && pf_read_file(s->root, "/proc/1/environ", env, PF_READ_MAX) > 0) {
		/* NUL separators were turned into spaces by the reader */
		for (const char *p = env; p && *p;) {
			if (strncmp(p, "container=", 10) == 0) {
				size_t n = strcspn(p + 10, " \n");
				snprintf(name, sizeof name, "%.*s", (int)n, p + 10);
				if (name[0]) {
					add_evidence(s, "environ:container", PF_STRONG,
						     "PID 1 has container= naming %s", manager_evidence(name));
					vote(s, engine_from_manager(name), PF_STRONG);
					return;
				}
			}
			p = strchr(p, ' ');
			if (p)
				p++;
		}
	}
	if (pf_read_file(s->root, "/run/systemd/container", buf, sizeof buf) > 0) {
		first_line(buf, name, sizeof name);
		if (name[0]) {
			add_evidence(s, "run:systemd/container", PF_STRONG, "%s", manager_evidence(name));
			vote(s, engine_from_manager(name), PF_STRONG);
		}
	}
}

/* cgroup paths: the engine puts the container's processes in a cgroup named
 * after it; a process outside the container is not in it. With a private
 * cgroup namespace (cgroup v2 default) the path is "/" and says nothing. */
static void sig_cgroup(struct rt_scan *s)
{
	static const struct {
		const char *needle;
		enum pf_engine engine;
		const char *shape;
	} table[] = {
		{ "kubepods", PF_ENGINE_KUBERNETES, "kubepods" },
		{ "/ecs/", PF_ENGINE_ECS, "/ecs/<task>/<id>" },
		{ "/docker/", PF_ENGINE_DOCKER, "/docker/<id>" },
		{ "docker-", PF_ENGINE_DOCKER, "docker-<id>.scope" },
		{ "/libpod-", PF_ENGINE_PODMAN, "/libpod-<id>" },
		{ "libpod-", PF_ENGINE_PODMAN, "libpod-<id>.scope" },
		{ "/lxc/", PF_ENGINE_LXC, "/lxc/<name>" },
		{ "/lxc.payload", PF_ENGINE_LXC, "/lxc.payload.<name>" },
	};
	char buf[8192];
	bool seen[PF_ENGINE_COUNT] = { false }; /* one piece of evidence per engine */

	if (pf_read_file(s->root, "/proc/self/cgroup", buf, sizeof buf) <= 0)
		return;
	for (const char *p = buf; *p;) {
		size_t len = strcspn(p, "\n");
		/* "hierarchy:controllers:path"; the path may itself hold ':' */
		const char *c1 = memchr(p, ':', len);
		const char *c2 = c1 ? memchr(c1 + 1, ':', len - (size_t)(c1 + 1 - p)) : NULL;
		if (c2) {
			char path[1024];
			snprintf(path, sizeof path, "%.*s", (int)(len - (size_t)(c2 + 1 - p)), c2 + 1);
			for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
				if (seen[table[i].engine] || !strstr(path, table[i].needle))
					continue;
				/* a docker-<id> needle must be an id, not any name with "docker-" */
				char id[PF_HEX_ID_LEN + 1];
				bool has_id = find_hex_id(path, id, sizeof id);
				if (table[i].engine == PF_ENGINE_DOCKER || table[i].engine == PF_ENGINE_PODMAN) {
					if (!has_id)
						continue;
				}
				seen[table[i].engine] = true;
				if (has_id && !s->out->container_id[0])
					snprintf(s->out->container_id, sizeof s->out->container_id, "%s", id);
				add_evidence(s, "cgroup", PF_STRONG, "%s", table[i].shape);
				vote(s, table[i].engine, PF_STRONG);
			}
		}
		p += len;
		if (*p == '\n')
			p++;
	}
}

struct hostname_seen {
	enum pf_engine engine;
	bool cri_sandbox;
	char id[PF_HEX_ID_LEN + 1];
};

static bool visit_hostname_mount(const struct pf_mount *m, void *arg)
{
	struct hostname_seen *seen = arg;
	if (strcmp(m->mountpoint, "/etc/hostname") != 0)
		return false;
	char id[PF_HEX_ID_LEN + 1];
	if (!find_hex_id(m->root, id, sizeof id))
		return false;
	/* Docker: <data-root>/containers/<id>/hostname; podman and CRI-O
	 * (containers/storage): .../overlay-containers/<id>/userdata/hostname;
	 * containerd's CRI: .../sandboxes/<pod sandbox id>/hostname */
	char docker[PF_HEX_ID_LEN + 32], storage[PF_HEX_ID_LEN + 48], cri[PF_HEX_ID_LEN + 32];
	snprintf(docker, sizeof docker, "/containers/%s/hostname", id);
	snprintf(storage, sizeof storage, "/overlay-containers/%s/userdata/hostname", id);
	snprintf(cri, sizeof cri, "/sandboxes/%s/hostname", id);
	if (strstr(m->root, docker)) {
		seen->engine = PF_ENGINE_DOCKER;
		snprintf(seen->id, sizeof seen->id, "%s", id);
	} else if (strstr(m->root, storage)) {
		seen->engine = PF_ENGINE_PODMAN;
		snprintf(seen->id, sizeof seen->id, "%s", id);
	} else if (strstr(m->root, cri)) {
		seen->cri_sandbox = true;
	}
	return true;
}

/* /etc/hostname bind-mounted from the engine's per-container directory:
 * made by the engine at container start, so it survives a private cgroup
 * namespace and cannot be stale. */
static void sig_hostname_mount(struct rt_scan *s)
{
	struct hostname_seen seen = { PF_ENGINE_NONE, false, "" };
	for_each_mount(s, visit_hostname_mount, &seen);
	if (seen.engine == PF_ENGINE_DOCKER) {
		add_evidence(s, "mountinfo:hostname", PF_STRONG, "/etc/hostname from .../containers/<id>/hostname");
		vote(s, PF_ENGINE_DOCKER, PF_STRONG);
	} else if (seen.engine == PF_ENGINE_PODMAN) {
		add_evidence(s, "mountinfo:hostname", PF_STRONG,
			     "/etc/hostname from .../overlay-containers/<id>/userdata/hostname");
		vote(s, PF_ENGINE_PODMAN, PF_STRONG);
	} else if (seen.cri_sandbox) {
		add_evidence(s, "mountinfo:hostname", PF_STRONG,
			     "/etc/hostname from a CRI pod sandbox (.../sandboxes/<id>/hostname)");
		vote(s, PF_ENGINE_KUBERNETES, PF_STRONG);
	}
	if (seen.id[0] && !s->out->container_id[0])
		snprintf(s->out->container_id, sizeof s->out->container_id, "%s", seen.id);
}

/* LXC: liblxc (4.0 and later) bind-mounts a file of its own /dev tmpfs,
 * "/.lxc-boot-id", over /proc/sys/kernel/random/boot_id so that each
 * container gets its own boot id. Seen live with lxc-execute of Debian 12's
 * lxc 5.0.2, privileged, where PID 1 is lxc's init without container= in
 * its environment (it keeps the caller's). Engine-made state: strong. */
static bool visit_lxc_boot_id(const struct pf_mount *m, void *arg)
{
	if (strcmp(m->mountpoint, "/proc/sys/kernel/random/boot_id") != 0 || strcmp(m->root, "/.lxc-boot-id") != 0)
		return false;
	*(bool *)arg = true;
	return true;
}

static void sig_lxc_boot_id(struct rt_scan *s)
{
	bool seen = false;
	for_each_mount(s, visit_lxc_boot_id, &seen);
	if (!seen)
		return;
	add_evidence(s, "mountinfo:lxc-boot-id", PF_STRONG, "/proc/sys/kernel/random/boot_id from /.lxc-boot-id");
	vote(s, PF_ENGINE_LXC, PF_STRONG);
}

/* Kubernetes: the kubelet injects KUBERNETES_SERVICE_HOST into every
 * container and mounts the service account token (docs/facts.md section 5). The
 * environment is read live, never from a fixture; the value is not kept. */
static void sig_kubernetes(struct rt_scan *s)
{
	const char *host = getenv("KUBERNETES_SERVICE_HOST");
	if (host && *host) {
		add_evidence(s, "env:KUBERNETES_SERVICE_HOST", PF_STRONG, "set");
		vote(s, PF_ENGINE_KUBERNETES, PF_STRONG);
	}
	/* a directory could be baked into an image: weak on its own */
	if (pf_path_exists(s->root, "/var/run/secrets/kubernetes.io/serviceaccount")) {
		add_evidence(s, "kubernetes:serviceaccount", PF_WEAK, "/var/run/secrets/kubernetes.io/serviceaccount");
		vote(s, PF_ENGINE_KUBERNETES, PF_WEAK);
	}
}

/* ECS: the agent sets the task metadata endpoint in every container
 * (docs/facts.md section 5). Live environment; the value (a URL with ids) is
 * not kept. */
static void sig_ecs(struct rt_scan *s)
{
	/* the v4 endpoint, or the older v3 name on old agents */
	static const char *const names[] = { "ECS_CONTAINER_METADATA_URI_V4", "ECS_CONTAINER_METADATA_URI" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		const char *uri = getenv(names[i]);
		if (uri && *uri) {
			char signal[48];
			snprintf(signal, sizeof signal, "env:%s", names[i]);
			add_evidence(s, signal, PF_STRONG, "set");
			vote(s, PF_ENGINE_ECS, PF_STRONG);
			return;
		}
	}
}

/* Marker files: they name the engine but can outlive it (docs/facts.md
 * section 5.1), so they are weak and never prove a container by themselves. */
static void sig_markers(struct rt_scan *s)
{
	if (pf_path_exists(s->root, "/.dockerenv")) {
		s->marker_seen = true;
		add_evidence(s, "marker:/.dockerenv", PF_WEAK, "present");
		vote(s, PF_ENGINE_DOCKER, PF_WEAK);
	}
	if (pf_path_exists(s->root, "/run/.containerenv")) {
		char buf[1024], engine[96] = "";
		s->marker_seen = true;
		if (pf_read_file(s->root, "/run/.containerenv", buf, sizeof buf) > 0) {
			/* engine="podman-4.3.1" */
			for (const char *p = buf; p && *p;) {
				if (strncmp(p, "engine=", 7) == 0) {
					first_line(p + 7, engine, sizeof engine);
					break;
				}
				p = strchr(p, '\n');
				if (p)
					p++;
			}
		}
		add_evidence(s, "marker:/run/.containerenv", PF_WEAK, "%s%s", engine[0] ? "engine=" : "present",
			     engine);
		vote(s, PF_ENGINE_PODMAN, PF_WEAK);
	}
}

/* WSL: the Microsoft kernel says so in its release string. A platform, not
 * a container engine: an engine found inside WSL (Docker Desktop) wins. */
static void sig_wsl(struct rt_scan *s)
{
	char buf[256];
	if (pf_read_file(s->root, "/proc/sys/kernel/osrelease", buf, sizeof buf) <= 0)
		return;
	if (!strstr(buf, "Microsoft") && !strstr(buf, "microsoft") && !strstr(buf, "WSL"))
		return;
	char rel[128];
	first_line(buf, rel, sizeof rel);
	s->wsl = true;
	add_evidence(s, "osrelease", PF_STRONG, "%s", rel);
}

/* The VM a desktop engine runs its containers in, named by its kernel's
 * release string, which every container of that VM shares: Docker
 * Desktop's LinuxKit kernel ("6.10.0-linuxkit",
 * https://github.com/docker/for-mac/issues/7402) and
 * OrbStack's ("6.7.11-orbstack-00143-ge6b82e26cd22", 
 * https://github.com/orbstack/orbstack/issues/1138). Evidence only, no vote: the engine inside the VM is Docker, and
 * Docker's fixes apply. Podman machine (a Fedora CoreOS kernel) and Colima
 * (an Ubuntu kernel) look like any Fedora or Ubuntu host from inside, so
 * nothing is claimed for them (tests/fixtures/podman-machine, colima). */
static void sig_vm_kernel(struct rt_scan *s)
{
	static const struct {
		const char *needle;
		const char *vm;
	} vms[] = {
		{ "linuxkit", "Docker Desktop VM (LinuxKit kernel)" },
		{ "orbstack", "OrbStack VM" },
	};
	char buf[256];
	if (pf_read_file(s->root, "/proc/sys/kernel/osrelease", buf, sizeof buf) <= 0)
		return;
	char rel[128];
	first_line(buf, rel, sizeof rel);
	for (size_t i = 0; i < sizeof vms / sizeof vms[0]; i++)
		if (strstr(rel, vms[i].needle)) {
			add_evidence(s, "osrelease:vm", PF_WEAK, "%s: %s", vms[i].vm, rel);
			return;
		}
}

typedef void (*rt_signal_fn)(struct rt_scan *s);

/* Order matters only for how evidence is listed and for ties between
 * engines with equal weight: earlier wins. Namespaces and uid_map come
 * first because later signals read what they found. */
static const rt_signal_fn rt_signals[] = {
	sig_namespaces,  sig_uid_map,           sig_sysbox,        sig_gvisor,  sig_kata,
	sig_openvz,      sig_container_manager, sig_container_env, sig_cgroup,  sig_hostname_mount,
	sig_lxc_boot_id, sig_kubernetes,        sig_ecs,           sig_markers, sig_wsl,
	sig_vm_kernel,
};

/* ---- conclusions ------------------------------------------------------ */

/* Heaviest vote among the given engines, earliest on a tie. */
static enum pf_engine best_engine(const struct rt_scan *s, const enum pf_engine *among, size_t n)
{
	enum pf_engine best = PF_ENGINE_NONE;
	for (size_t i = 0; i < n; i++) {
		enum pf_engine e = among[i];
		if (!s->vote[e])
			continue;
		if (best == PF_ENGINE_NONE || s->vote[e] > s->vote[best] ||
		    (s->vote[e] == s->vote[best] && s->vote_order[e] < s->vote_order[best]))
			best = e;
	}
	return best;
}

static void conclude(struct rt_scan *s)
{
	struct pf_runtime_facts *o = s->out;
	static const enum pf_engine engines[] = {
		PF_ENGINE_DOCKER, PF_ENGINE_PODMAN, PF_ENGINE_LXC, PF_ENGINE_NSPAWN, PF_ENGINE_WSL, PF_ENGINE_UNKNOWN,
	};
	bool any_vote = s->n_votes > 0;
	int max_vote = 0;
	for (int e = 0; e < PF_ENGINE_COUNT; e++)
		max_vote = s->vote[e] > max_vote ? s->vote[e] : max_vote;
	/* Every OCI engine gives a container its own pid, ipc or uts namespace
	 * (at least one survives --pid/--ipc/--uts=host). A private user or
	 * network namespace alone is what `unshare -Urn` makes on a host, so
	 * with only weak hints (a marker file) it is not a container. */
	bool engine_ns_initial = s->ns_pid == NS_INITIAL && s->ns_ipc == NS_INITIAL && s->ns_uts == NS_INITIAL &&
				 s->ns_cgroup != NS_PRIVATE;

	/* Not in a container: nothing only a container gives, and either the
	 * namespaces prove it or there is not even a strong hint. */
	if (!s->container_proved && (o->all_initial_namespaces || !any_vote || (engine_ns_initial && max_vote < 2))) {
		o->in_container = false;
		o->stale_marker = s->marker_seen && engine_ns_initial;
		o->engine = s->wsl ? PF_ENGINE_WSL : PF_ENGINE_NONE;
		o->engine_beneath = PF_ENGINE_NONE;
		o->runtime = PF_RUNTIME_NONE;
		o->confidence = o->all_initial_namespaces ? PF_CONFIDENCE_HIGH : PF_CONFIDENCE_MEDIUM;
		if (o->stale_marker)
			add_evidence(
				s, "conclusion", PF_STRONG,
				"marker file, but the pid, ipc, uts and cgroup namespaces are initial: stale, not a container");
		return;
	}

	o->in_container = true;
	o->stale_marker = false;
	enum pf_engine named = best_engine(s, engines, sizeof engines / sizeof engines[0]);
	/* orchestrators over an engine: the engine beneath when it shows */
	if (s->vote[PF_ENGINE_KUBERNETES] || s->vote[PF_ENGINE_ECS]) {
		o->engine = s->vote[PF_ENGINE_KUBERNETES] ? PF_ENGINE_KUBERNETES : PF_ENGINE_ECS;
		o->engine_beneath = named == PF_ENGINE_DOCKER || named == PF_ENGINE_PODMAN ? named : PF_ENGINE_NONE;
	} else if (named != PF_ENGINE_NONE && named != PF_ENGINE_WSL) {
		o->engine = named;
	} else {
		o->engine = s->wsl ? PF_ENGINE_WSL : PF_ENGINE_UNKNOWN;
	}

	if (s->runtime_found != PF_RUNTIME_NONE)
		o->runtime = s->runtime_found;
	else if (o->engine == PF_ENGINE_DOCKER || o->engine == PF_ENGINE_PODMAN || o->engine == PF_ENGINE_KUBERNETES ||
		 o->engine == PF_ENGINE_ECS)
		/* an OCI engine with none of sysbox, gVisor or Kata showing:
		 * runc or crun, which look the same from inside */
		o->runtime = PF_RUNTIME_RUNC_COMPATIBLE;
	else
		o->runtime = PF_RUNTIME_UNKNOWN;

	int strong = 0;
	for (int i = 0; i < o->n_evidence; i++)
		strong += o->evidence[i].weight == PF_STRONG;
	bool engine_strong = s->vote[o->engine] == 2;
	if (engine_strong && strong >= 2)
		o->confidence = PF_CONFIDENCE_HIGH;
	else if (engine_strong || s->container_proved)
		o->confidence = PF_CONFIDENCE_MEDIUM;
	else
		o->confidence = PF_CONFIDENCE_LOW;
}

static void read_hostname(struct rt_scan *s)
{
	char buf[256];
	if (pf_read_file(s->root, "/etc/hostname", buf, sizeof buf) <= 0 ||
	    (first_line(buf, buf, sizeof buf), !buf[0])) {
		if (pf_read_file(s->root, "/proc/sys/kernel/hostname", buf, sizeof buf) <= 0)
			return;
		first_line(buf, buf, sizeof buf);
	}
	snprintf(s->out->hostname, sizeof s->out->hostname, "%.64s", buf);
}

int pf_probe_runtime(const struct pf_probe_ctx *ctx, struct pf_runtime_facts *out, struct pf_probe_run *run)
{
	_cleanup_free_ char *mountinfo = malloc(PF_READ_MAX);
	struct rt_scan s;

	(void)run;
	memset(out, 0, sizeof *out);
	memset(&s, 0, sizeof s);
	s.root = ctx->root;
	s.out = out;
	s.runtime_found = PF_RUNTIME_NONE;
	if (mountinfo && pf_read_file(ctx->root, "/proc/self/mountinfo", mountinfo, PF_READ_MAX) > 0)
		s.mountinfo = mountinfo;

	for (size_t i = 0; i < sizeof rt_signals / sizeof rt_signals[0]; i++)
		rt_signals[i](&s);
	conclude(&s);
	read_hostname(&s);
	return 0;
}
