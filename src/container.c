/* SPDX-License-Identifier: MIT */
/* `boundary-preflight container NAME|ID`, run where the engine runs: read
 * the container's configuration through the engine's HTTP API on its unix
 * socket (Docker Engine API; podman's Docker-compatible service), start a
 * throwaway twin from the same image with the same security settings and
 * the static binary bind-mounted read-only as its command, collect the
 * twin's JSON report from the logs, and remove the twin, always: also on a
 * timeout and on SIGINT, SIGTERM and SIGHUP.
 *
 * The API calls (Docker Engine API reference, v1.41): GET /version,
 * GET /containers/{id}/json, POST /containers/create,
 * POST /containers/{id}/start, POST /containers/{id}/wait,
 * GET /containers/{id}/logs (a non-TTY container's stream is multiplexed:
 * 8-byte frame headers, byte 0 the stream, bytes 4-7 the big-endian size),
 * DELETE /containers/{id}?force=1&v=1 (v: its anonymous volumes too).
 * HTTP is libcurl's (CURLOPT_UNIX_SOCKET_PATH), JSON jansson's. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "preflight/cleanup.h"
#include "preflight/container.h"
#include "preflight/util.h"

enum { EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

#if defined(PF_CONTAINER) && PF_CONTAINER

#include <curl/curl.h>

/* where the static binary appears inside the twin */
#define TWIN_BINARY "/.boundary-preflight-twin"
#define TWIN_LABEL "org.boundary-preflight.twin-of"
/* an engine answer larger than this is not one we asked for */
#define MAX_BODY ((size_t)16 * 1024 * 1024)
/* create and remove are never cut short (a half-made twin could not be
 * removed), but an engine that does not answer at all is given up on */
#define UNINTERRUPTED_TIMEOUT_MS 60000L

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

struct engine {
	CURL *curl;
	char socket[sizeof(((struct sockaddr_un *)0)->sun_path)];
	uint64_t deadline_us;
	bool interruptible; /* this request may be cut short */
	bool timed_out;
};

struct body {
	char *p;
	size_t len;
	bool too_big;
};

static size_t on_data(char *data, size_t size, size_t n, void *user)
{
	struct body *b = user;
	size_t add = size * n;
	if (b->len + add > MAX_BODY) {
		b->too_big = true;
		return 0;
	}
	char *p = realloc(b->p, b->len + add + 1);
	if (!p)
		return 0;
	memcpy(p + b->len, data, add);
	b->p = p;
	b->len += add;
	b->p[b->len] = '\0';
	return add;
}

/* libcurl calls this while a request runs: a signal or the deadline cuts
 * an interruptible request short. */
static int on_progress(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	struct engine *en = user;
	if (!en->interruptible)
		return 0;
	if (got_signal)
		return 1;
	if (pf_now_us() >= en->deadline_us) {
		en->timed_out = true;
		return 1;
	}
	return 0;
}

struct response {
	long status; /* HTTP status; 0 when there was no answer */
	struct body body;
	CURLcode code;
	char error[CURL_ERROR_SIZE];
};

static void response_free(struct response *r)
{
	free(r->body.p);
	memset(r, 0, sizeof *r);
}

/* One request. payload (JSON) may be NULL. Returns 0 when the engine
 * answered (any status), -1 when it did not (r->error says why). */
static int request(struct engine *en, const char *method, const char *path, const char *payload, bool interruptible,
		   struct response *r)
{
	memset(r, 0, sizeof *r);
	char url[1024];
	snprintf(url, sizeof url, "http://localhost%s", path);
	CURL *c = en->curl;
	curl_easy_reset(c);
	en->interruptible = interruptible;
	struct curl_slist *headers = NULL;
	if (payload) {
		headers = curl_slist_append(headers, "Content-Type: application/json");
		if (!headers) {
			snprintf(r->error, sizeof r->error, "out of memory");
			return -1;
		}
	}
	long timeout_ms = UNINTERRUPTED_TIMEOUT_MS;
	if (interruptible) {
		uint64_t now = pf_now_us();
		timeout_ms = en->deadline_us > now ? (long)((en->deadline_us - now) / 1000) + 1 : 1;
	}
	curl_easy_setopt(c, CURLOPT_UNIX_SOCKET_PATH, en->socket);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r->body);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, en);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->error);
	if (payload) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload);
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	} else if (!strcmp(method, "POST")) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
	}
	r->code = curl_easy_perform(c);
	curl_slist_free_all(headers);
	en->interruptible = false;
	if (r->code != CURLE_OK) {
		if (r->body.too_big)
			snprintf(r->error, sizeof r->error, "the answer is larger than %zu MiB", MAX_BODY >> 20);
		else if (!r->error[0])
			snprintf(r->error, sizeof r->error, "%s", curl_easy_strerror(r->code));
		return -1;
	}
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	return 0;
}

/* The engine's own words for a refusal: {"message": "..."} */
static const char *engine_message(const struct response *r, char *buf, size_t size)
{
	json_t *root = r->body.p ? json_loadb(r->body.p, r->body.len, 0, NULL) : NULL;
	const char *m = json_string_value(json_object_get(root, "message"));
	snprintf(buf, size, "%s", m ? m : (r->body.p ? r->body.p : ""));
	json_decref(root);
	/* one line */
	for (char *p = buf; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	size_t n = strlen(buf);
	while (n && buf[n - 1] == ' ')
		buf[--n] = '\0';
	return buf;
}

static void perr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void perr(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("boundary-preflight: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* ---- the socket ---- */

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 || errno != ENOENT;
}

/* --engine-socket, DOCKER_HOST=unix://PATH, else the first default that
 * exists: Docker's, then podman's (root, then this user's). */
static int choose_socket(const char *flag, char *out, size_t size)
{
	if (flag) {
		if (!*flag) {
			perr("--engine-socket: expected a path");
			return -1;
		}
		snprintf(out, size, "%s", flag);
		return 0;
	}
	const char *host = getenv("DOCKER_HOST");
	if (host && *host) {
		if (strncmp(host, "unix://", 7) != 0 || !host[7]) {
			perr("DOCKER_HOST=%s: only unix:// sockets are supported; use --engine-socket PATH", host);
			return -1;
		}
		snprintf(out, size, "%s", host + 7);
		return 0;
	}
	char user_socket[PATH_MAX] = "";
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	if (xdg && *xdg)
		snprintf(user_socket, sizeof user_socket, "%s/podman/podman.sock", xdg);
	const char *const defaults[] = { "/var/run/docker.sock", "/run/podman/podman.sock", user_socket };
	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
		if (defaults[i][0] && exists(defaults[i])) {
			snprintf(out, size, "%s", defaults[i]);
			return 0;
		}
	}
	perr("no engine socket: none of /var/run/docker.sock, /run/podman/podman.sock%s%s exists; is the "
	     "engine running? (give it with --engine-socket PATH or DOCKER_HOST=unix://PATH)",
	     user_socket[0] ? ", " : "", user_socket);
	return -1;
}

/* Connect once ourselves before libcurl does, for the errno: a missing
 * socket, a refused permission and a dead engine each get their own words. */
static int check_socket(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof sa.sun_path) {
		perr("engine socket %s: the path is too long for a unix socket", path);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	_cleanup_close_ int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perr("engine socket %s: %s", path, strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0)
		return 0;
	int err = errno;
	if (err == ENOENT)
		perr("engine socket %s: no such file; is the engine running? (--engine-socket PATH or "
		     "DOCKER_HOST=unix://PATH names another)",
		     path);
	else if (err == EACCES || err == EPERM)
		perr("engine socket %s: permission denied; run as root or as a member of the socket's group "
		     "(docker)",
		     path);
	else if (err == ECONNREFUSED)
		perr("engine socket %s: nothing answers there (connection refused); is the engine running?", path);
	else
		perr("engine socket %s: %s", path, strerror(err));
	return -1;
}

/* ---- the static binary ---- */

/* Is path a statically linked ELF executable (no PT_INTERP)? */
static int check_static(const char *path, char *why, size_t size)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, size, "%s", strerror(errno));
		return -1;
	}
	Elf64_Ehdr eh;
	if (pread(fd, &eh, sizeof eh, 0) != (ssize_t)sizeof eh || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_phentsize != sizeof(Elf64_Phdr)) {
		snprintf(why, size, "not a 64-bit ELF executable");
		return -1;
	}
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		if (pread(fd, &ph, sizeof ph, (off_t)(eh.e_phoff + (uint64_t)i * sizeof ph)) != (ssize_t)sizeof ph) {
			snprintf(why, size, "truncated ELF program headers");
			return -1;
		}
		if (ph.p_type == PT_INTERP) {
			snprintf(why, size,
				 "dynamically linked; the twin's image need not hold its libraries, so it "
				 "must be the static build (boundary-preflight-static, or -Dstatic=true)");
			return -1;
		}
	}
	if (access(path, X_OK) < 0) {
		snprintf(why, size, "not executable");
		return -1;
	}
	return 0;
}

/* --binary, BOUNDARY_PREFLIGHT_STATIC, else boundary-preflight-static next
 * to this binary. */
static int choose_binary(const char *flag, char *out, size_t size)
{
	char guess[PATH_MAX] = "", why[256];
	const char *path = flag, *from = "--binary";
	if (!path || !*path) {
		path = getenv("BOUNDARY_PREFLIGHT_STATIC");
		from = "BOUNDARY_PREFLIGHT_STATIC";
	}
	if (!path || !*path) {
		char self[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		if (n <= 0) {
			perr("cannot find this binary (/proc/self/exe); give the static binary with --binary PATH");
			return -1;
		}
		self[n] = '\0';
		char *slash = strrchr(self, '/');
		if (slash)
			*slash = '\0';
		if ((size_t)snprintf(guess, sizeof guess, "%.4000s/boundary-preflight-static", self) >= sizeof guess) {
			perr("this binary's directory is too long; give the static binary with --binary PATH");
			return -1;
		}
		path = guess;
		from = "the static binary next to this one";
	}
	if (check_static(path, why, sizeof why) < 0) {
		perr("%s %s: %s (the twin runs the static binary: --binary PATH or BOUNDARY_PREFLIGHT_STATIC)", from,
		     path, why);
		return -1;
	}
	if (!realpath(path, out)) {
		perr("%s %s: %s", from, path, strerror(errno));
		return -1;
	}
	(void)size;
	return 0;
}

/* ---- engine and container ---- */

static int parse_api_version(const char *v, int *major, int *minor)
{
	return v && sscanf(v, "%d.%d", major, minor) == 2 ? 0 : -1;
}

/* GET /version: the engine's name and API version. */
static int engine_version(struct engine *en, char *engine, size_t esize, char *api, size_t asize)
{
	struct response r;
	char msg[512];
	if (request(en, "GET", "/version", NULL, true, &r) < 0) {
		perr("engine socket %s: no answer to GET /version: %s", en->socket, r.error);
		response_free(&r);
		return -1;
	}
	json_t *root = r.status == 200 ? json_loadb(r.body.p ? r.body.p : "", r.body.len, 0, NULL) : NULL;
	const char *v = json_string_value(json_object_get(root, "ApiVersion"));
	int major = 0, minor = 0;
	if (!root || parse_api_version(v, &major, &minor) < 0) {
		perr("engine socket %s: GET /version answered %ld without an ApiVersion (%s); not a Docker Engine "
		     "API?",
		     en->socket, r.status, engine_message(&r, msg, sizeof msg));
		json_decref(root);
		response_free(&r);
		return -1;
	}
	snprintf(api, asize, "%s", v);
	snprintf(engine, esize, "docker");
	size_t i;
	json_t *comp;
	json_array_foreach(json_object_get(root, "Components"), i, comp)
	{
		const char *name = json_string_value(json_object_get(comp, "Name"));
		if (name && strstr(name, "Podman"))
			snprintf(engine, esize, "podman");
	}
	json_decref(root);
	response_free(&r);
	if (major < PF_ENGINE_MIN_API_MAJOR || (major == PF_ENGINE_MIN_API_MAJOR && minor < PF_ENGINE_MIN_API_MINOR)) {
		perr("engine socket %s: the engine's API %s is older than %d.%d, which the twin needs "
		     "(HostConfig.CgroupnsMode); upgrade the engine (Docker 19.03 or later)",
		     en->socket, api, PF_ENGINE_MIN_API_MAJOR, PF_ENGINE_MIN_API_MINOR);
		return -1;
	}
	return 0;
}

/* GET /containers/{target}/json */
static json_t *inspect(struct engine *en, const char *target)
{
	char *escaped = curl_easy_escape(en->curl, target, 0);
	if (!escaped) {
		perr("out of memory");
		return NULL;
	}
	char path[1024], msg[512];
	snprintf(path, sizeof path, "/containers/%s/json", escaped);
	curl_free(escaped);
	struct response r;
	if (request(en, "GET", path, NULL, true, &r) < 0) {
		perr("engine socket %s: no answer to the inspection of container '%s': %s", en->socket, target,
		     r.error);
		response_free(&r);
		return NULL;
	}
	json_t *root = NULL;
	if (r.status == 404)
		perr("no such container '%s' at %s (%s)", target, en->socket, engine_message(&r, msg, sizeof msg));
	else if (r.status != 200)
		perr("container '%s': the engine at %s answered %ld: %s", target, en->socket, r.status,
		     engine_message(&r, msg, sizeof msg));
	else if (!(root = json_loadb(r.body.p ? r.body.p : "", r.body.len, 0, NULL)) ||
		 !json_is_object(json_object_get(root, "HostConfig")) ||
		 !json_is_string(json_object_get(root, "Image"))) {
		perr("container '%s': the engine at %s gave no usable inspection (no HostConfig or Image)", target,
		     en->socket);
		json_decref(root);
		root = NULL;
	}
	response_free(&r);
	return root;
}

static const char *jstr(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

static int add_strings(struct pf_string_list *l, const json_t *arr)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
	{
		if (json_is_string(v) && pf_string_list_add(l, json_string_value(v)) < 0)
			return -1;
	}
	return 0;
}

/* The security options as the twin gets them: the container's, plus its
 * AppArmor profile when the engine chose a non-default one without an
 * option saying so. */
static json_t *twin_security_opt(const json_t *inspected)
{
	const json_t *host = json_object_get(inspected, "HostConfig");
	const json_t *opts = json_object_get(host, "SecurityOpt");
	json_t *out = json_is_array(opts) ? json_deep_copy(opts) : json_array();
	if (!out)
		return NULL;
	const char *aa = jstr(inspected, "AppArmorProfile");
	bool named = false;
	size_t i;
	json_t *v;
	json_array_foreach(out, i, v)
	{
		const char *s = json_string_value(v);
		named |= s && strncmp(s, "apparmor", 8) == 0;
	}
	if (aa[0] && !named && strcmp(aa, "docker-default") != 0 && strncmp(aa, "containers-default", 18) != 0) {
		char opt[300];
		snprintf(opt, sizeof opt, "apparmor=%s", aa);
		json_array_append_new(out, json_string(opt));
	}
	return out;
}

/* The container section: who, and the settings the twin copies. */
static struct pf_report_container *describe(const json_t *in, const json_t *security_opt, const char *engine,
					    const char *api)
{
	struct pf_report_container *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	const json_t *host = json_object_get(in, "HostConfig"), *config = json_object_get(in, "Config");
	const char *name = jstr(in, "Name");
	if (name[0] == '/')
		name++;
	c->name = strdup(name);
	c->id = strdup(jstr(in, "Id"));
	c->image = strdup(jstr(in, "Image"));
	c->engine = strdup(engine);
	c->api_version = strdup(api);
	c->privileged = json_is_true(json_object_get(host, "Privileged"));
	c->runtime = strdup(jstr(host, "Runtime"));
	c->user = strdup(jstr(config, "User"));
	c->userns_mode = strdup(jstr(host, "UsernsMode"));
	c->network_mode = strdup(jstr(host, "NetworkMode"));
	bool ok = c->name && c->id && c->image && c->engine && c->api_version && c->runtime && c->user &&
		  c->userns_mode && c->network_mode;
	ok = ok && add_strings(&c->cap_add, json_object_get(host, "CapAdd")) == 0 &&
	     add_strings(&c->cap_drop, json_object_get(host, "CapDrop")) == 0;
	size_t i;
	json_t *v;
	json_array_foreach(security_opt, i, v)
	{
		const char *s = json_string_value(v);
		char summary[96];
		/* a custom profile travels as its whole JSON text: summarised */
		if (s && strncmp(s, "seccomp=", 8) == 0 && strchr(s, '{')) {
			snprintf(summary, sizeof summary, "seccomp=<custom profile, %zu bytes>", strlen(s + 8));
			s = summary;
		}
		ok = ok && (!s || pf_string_list_add(&c->security_opt, s) == 0);
	}
	const char *key;
	json_object_foreach(json_object_get(host, "Sysctls"), key, v)
	{
		char kv[512];
		snprintf(kv, sizeof kv, "%s=%s", key, json_string_value(v) ? json_string_value(v) : "");
		ok = ok && pf_string_list_add(&c->sysctls, kv) == 0;
	}
	json_array_foreach(json_object_get(host, "Devices"), i, v)
	{
		char dev[PATH_MAX * 2 + 16];
		snprintf(dev, sizeof dev, "%s:%s:%s", jstr(v, "PathOnHost"), jstr(v, "PathInContainer"),
			 jstr(v, "CgroupPermissions"));
		ok = ok && pf_string_list_add(&c->devices, dev) == 0;
	}
	if (!ok) {
		pf_report_container_free(c);
		return NULL;
	}
	return c;
}

/* HostConfig keys the twin copies: every one that decides what a process
 * in the container may do (capabilities, seccomp, LSM labels,
 * no-new-privileges, runtime, namespaces, sysctls, devices, masked
 * paths, limits). */
static const char *const copied_host_keys[] = {
	"CapAdd",      "CapDrop",       "Privileged",   "Runtime",        "UsernsMode", "NetworkMode",       "PidMode",
	"IpcMode",     "UTSMode",       "CgroupnsMode", "Sysctls",        "Devices",    "DeviceCgroupRules", "GroupAdd",
	"MaskedPaths", "ReadonlyPaths", "Ulimits",      "ReadonlyRootfs", NULL,
};

static char *twin_request(const json_t *in, json_t *security_opt, const struct pf_options *o,
			  const struct pf_container_request *q, const char *binary, const char *engine)
{
	const json_t *host = json_object_get(in, "HostConfig"), *config = json_object_get(in, "Config");
	json_t *req = json_object(), *hc = json_object(), *cmd = json_array(), *labels = json_object();
	json_t *binds = json_array(), *log = json_object();
	bool ok = req && hc && cmd && labels && binds && log;
	for (size_t i = 0; ok && copied_host_keys[i]; i++) {
		const json_t *v = json_object_get(host, copied_host_keys[i]);
		if (v && !json_is_null(v))
			ok = json_object_set_new(hc, copied_host_keys[i], json_deep_copy(v)) == 0;
	}
	/* podman inspects limits as "RLIMIT_NOFILE" but creates from "nofile" */
	size_t u;
	json_t *limit;
	json_array_foreach(json_object_get(hc, "Ulimits"), u, limit)
	{
		const char *lname = json_string_value(json_object_get(limit, "Name"));
		if (ok && lname && strncmp(lname, "RLIMIT_", 7) == 0) {
			char lower[32];
			size_t k = 0;
			for (; lname[7 + k] && k < sizeof lower - 1; k++)
				lower[k] = (char)(lname[7 + k] >= 'A' && lname[7 + k] <= 'Z' ? lname[7 + k] + 32
											     : lname[7 + k]);
			lower[k] = '\0';
			ok = json_object_set_new(limit, "Name", json_string(lower)) == 0;
		}
	}
	char bind[PATH_MAX + 64];
	snprintf(bind, sizeof bind, "%s:%s:ro", binary, TWIN_BINARY);
	ok = ok && json_object_set(hc, "SecurityOpt", security_opt) == 0 &&
	     json_array_append_new(binds, json_string(bind)) == 0 && json_object_set(hc, "Binds", binds) == 0 &&
	     json_object_set_new(hc, "AutoRemove", json_false()) == 0 &&
	     /* the logs API reads the twin's output back: a driver that keeps it */
	     json_object_set_new(log, "Type", json_string(strcmp(engine, "podman") ? "json-file" : "k8s-file")) == 0 &&
	     json_object_set(hc, "LogConfig", log) == 0;

	/* the twin's check: what this command was told, in the twin */
	char budget[16];
	int twin_budget = q->timeout_ms / 2 < PF_DEFAULT_TIMEOUT_MS ? q->timeout_ms / 2 : PF_DEFAULT_TIMEOUT_MS;
	snprintf(budget, sizeof budget, "%d", twin_budget > 0 ? twin_budget : 1);
	ok = ok && json_array_append_new(cmd, json_string("--format")) == 0 &&
	     json_array_append_new(cmd, json_string("json")) == 0;
	if (q->jail_given)
		ok = ok && json_array_append_new(cmd, json_string("--jail")) == 0 &&
		     json_array_append_new(cmd, json_string(pf_jail_name(o->jail))) == 0;
	if (q->userns_given && !o->user_namespace)
		ok = ok && json_array_append_new(cmd, json_string("--no-user-namespace")) == 0;
	if (o->strict)
		ok = ok && json_array_append_new(cmd, json_string("--strict")) == 0;
	if (o->redact)
		ok = ok && json_array_append_new(cmd, json_string("--redact")) == 0;
	if (twin_budget != PF_DEFAULT_TIMEOUT_MS)
		ok = ok && json_array_append_new(cmd, json_string("--timeout")) == 0 &&
		     json_array_append_new(cmd, json_string(budget)) == 0;

	const json_t *env = json_object_get(config, "Env");
	ok = ok && json_object_set_new(req, "Image", json_string(jstr(in, "Image"))) == 0 &&
	     json_object_set_new(req, "Entrypoint", json_pack("[s]", TWIN_BINARY)) == 0 &&
	     json_object_set(req, "Cmd", cmd) == 0 &&
	     /* the same user and environment: boundary's settings and PATH, which the tools probe reads */
	     json_object_set_new(req, "User", json_string(jstr(config, "User"))) == 0 &&
	     json_object_set_new(req, "Env", json_is_array(env) ? json_deep_copy(env) : json_array()) == 0 &&
	     json_object_set_new(labels, TWIN_LABEL, json_string(jstr(in, "Id"))) == 0 &&
	     json_object_set(req, "Labels", labels) == 0 && json_object_set(req, "HostConfig", hc) == 0;
	char *text = ok ? json_dumps(req, JSON_COMPACT) : NULL;
	json_decref(req);
	json_decref(hc);
	json_decref(cmd);
	json_decref(labels);
	json_decref(binds);
	json_decref(log);
	return text;
}

/* ---- the twin ---- */

/* Remove the twin, never cut short. */
static int remove_twin(struct engine *en, const char *id_or_name)
{
	char path[512], msg[512];
	snprintf(path, sizeof path, "/containers/%s?force=1&v=1", id_or_name);
	struct response r;
	int rc = request(en, "DELETE", path, NULL, false, &r);
	if (rc < 0)
		perr("could not remove the twin %s: %s; remove it with: docker rm -f -v %s", id_or_name, r.error,
		     id_or_name);
	else if (r.status != 204 && r.status != 200 && r.status != 404)
		perr("could not remove the twin %s: %s; remove it with: docker rm -f -v %s", id_or_name,
		     engine_message(&r, msg, sizeof msg), id_or_name);
	else
		rc = 0;
	response_free(&r);
	return rc;
}

/* Split the logs stream into stdout and stderr. A stream without frame
 * headers (a TTY) is all stdout. */
static int demux(const struct body *b, struct body *out, struct body *err)
{
	const unsigned char *p = (const unsigned char *)(b->p ? b->p : "");
	size_t n = b->len;
	bool framed = n >= 8 && p[0] <= 2 && !p[1] && !p[2] && !p[3];
	if (!framed)
		return on_data((char *)p, 1, n, out) == n ? 0 : -1;
	while (n >= 8) {
		size_t size = (size_t)p[4] << 24 | (size_t)p[5] << 16 | (size_t)p[6] << 8 | p[7];
		if (size > n - 8)
			size = n - 8;
		struct body *to = p[0] == 2 ? err : out;
		if (size && on_data((char *)p + 8, 1, size, to) != size)
			return -1;
		p += 8 + size;
		n -= 8 + size;
	}
	return 0;
}

static bool interrupted(const struct engine *en)
{
	return got_signal || en->timed_out || pf_now_us() >= en->deadline_us;
}

static void say_interrupted(const struct engine *en, const struct pf_container_request *q, const char *step)
{
	if (got_signal)
		perr("interrupted (signal %d) while %s; the twin is removed", (int)got_signal, step);
	else
		perr("timed out after %d ms (--timeout) while %s; the twin is removed", q->timeout_ms, step);
	(void)en;
}

/* Create, start, wait, read the logs. Returns 0 with the twin's stdout in
 * *out, or an exit status. *twin gets the id as soon as it exists. */
static int run_twin(struct engine *en, const struct pf_container_request *q, const char *payload, const char *name,
		    char *twin, size_t tsize, struct body *out, struct body *errs, long *status)
{
	char path[512], msg[512];
	struct response r;
	snprintf(path, sizeof path, "/containers/create?name=%s", name);
	/* not cut short: a twin created after we gave up could not be removed */
	if (request(en, "POST", path, payload, false, &r) < 0) {
		perr("creating the twin: no answer from %s: %s", en->socket, r.error);
		response_free(&r);
		snprintf(twin, tsize, "%s", name); /* it may exist all the same */
		return EXIT_INTERNAL;
	}
	json_t *root = r.status == 201 ? json_loadb(r.body.p ? r.body.p : "", r.body.len, 0, NULL) : NULL;
	const char *id = json_string_value(json_object_get(root, "Id"));
	if (!id) {
		if (r.status == 201)
			snprintf(twin, tsize, "%s", name);
		perr("creating the twin: the engine answered %ld: %s", r.status, engine_message(&r, msg, sizeof msg));
		json_decref(root);
		response_free(&r);
		return r.status == 404 ? EXIT_USAGE : EXIT_INTERNAL;
	}
	snprintf(twin, tsize, "%s", id);
	json_decref(root);
	response_free(&r);

	const char *step = "starting the twin";
	snprintf(path, sizeof path, "/containers/%s/start", twin);
	if (interrupted(en) || request(en, "POST", path, NULL, true, &r) < 0)
		goto cut;
	if (r.status != 204 && r.status != 304) {
		perr("starting the twin: the engine answered %ld: %s", r.status, engine_message(&r, msg, sizeof msg));
		response_free(&r);
		return EXIT_INTERNAL;
	}
	response_free(&r);

	step = "waiting for the twin's check";
	snprintf(path, sizeof path, "/containers/%s/wait", twin);
	if (interrupted(en) || request(en, "POST", path, NULL, true, &r) < 0)
		goto cut;
	root = r.status == 200 ? json_loadb(r.body.p ? r.body.p : "", r.body.len, 0, NULL) : NULL;
	json_t *code = json_object_get(root, "StatusCode");
	if (!json_is_integer(code)) {
		perr("waiting for the twin: the engine answered %ld: %s", r.status,
		     engine_message(&r, msg, sizeof msg));
		json_decref(root);
		response_free(&r);
		return EXIT_INTERNAL;
	}
	*status = (long)json_integer_value(code);
	json_decref(root);
	response_free(&r);

	step = "reading the twin's report";
	snprintf(path, sizeof path, "/containers/%s/logs?stdout=1&stderr=1", twin);
	if (interrupted(en) || request(en, "GET", path, NULL, true, &r) < 0)
		goto cut;
	if (r.status != 200) {
		perr("reading the twin's output: the engine answered %ld: %s", r.status,
		     engine_message(&r, msg, sizeof msg));
		response_free(&r);
		return EXIT_INTERNAL;
	}
	int rc = demux(&r.body, out, errs);
	response_free(&r);
	if (rc < 0) {
		perr("reading the twin's output: out of memory");
		return EXIT_INTERNAL;
	}
	return 0;
cut:
	if (interrupted(en) || r.code == CURLE_ABORTED_BY_CALLBACK || r.code == CURLE_OPERATION_TIMEDOUT)
		say_interrupted(en, q, step);
	else
		perr("%s: no answer from %s: %s", step, en->socket, r.error);
	response_free(&r);
	return EXIT_INTERNAL;
}

bool pf_container_available(void)
{
	return true;
}

int pf_container_check(const struct pf_options *o, const struct pf_container_request *q, struct pf_report *r)
{
	struct engine en = { 0 };
	char binary[PATH_MAX], engine[16], api[32], twin[128] = "", name[96];
	if (choose_socket(q->socket, en.socket, sizeof en.socket) < 0 || check_socket(en.socket) < 0 ||
	    choose_binary(q->binary, binary, sizeof binary) < 0)
		return EXIT_USAGE;

	/* from here a signal is noted, and acted on once the twin is gone */
	struct sigaction sa = { .sa_handler = on_signal }, old[3];
	const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };
	sigemptyset(&sa.sa_mask);
	got_signal = 0;
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);

	int status = EXIT_INTERNAL;
	json_t *inspected = NULL, *security_opt = NULL;
	char *payload = NULL;
	struct body out = { 0 }, errs = { 0 };
	en.deadline_us = pf_now_us() + (uint64_t)q->timeout_ms * 1000;
	if (curl_global_init(CURL_GLOBAL_NOTHING) != CURLE_OK || !(en.curl = curl_easy_init())) {
		perr("internal error: cannot start libcurl");
		goto out;
	}
	if (engine_version(&en, engine, sizeof engine, api, sizeof api) < 0 || !(inspected = inspect(&en, q->target))) {
		status = got_signal || en.timed_out ? EXIT_INTERNAL : EXIT_USAGE;
		if (got_signal || en.timed_out)
			say_interrupted(&en, q, "asking the engine");
		goto out;
	}
	security_opt = twin_security_opt(inspected);
	payload = security_opt ? twin_request(inspected, security_opt, o, q, binary, engine) : NULL;
	if (!payload) {
		perr("internal error: out of memory");
		goto out;
	}
	snprintf(name, sizeof name, "boundary-preflight-twin-%ld-%ld", (long)getpid(), (long)time(NULL));
	long twin_status = -1;
	status = run_twin(&en, q, payload, name, twin, sizeof twin, &out, &errs, &twin_status);
	if (twin[0] && remove_twin(&en, twin) < 0 && status == 0)
		status = EXIT_INTERNAL;
	if (status != 0)
		goto out;

	/* the twin ran the check: 0 ready, 1 not ready, with a JSON report */
	json_error_t jerr;
	json_t *report = (twin_status == 0 || twin_status == 1) && out.p
				 ? json_loadb(out.p, out.len, JSON_REJECT_DUPLICATES, &jerr)
				 : NULL;
	struct pf_error e = { 0 };
	if (!report || pf_report_from_json(report, "the twin's report", r, &e) < 0) {
		perr("the twin's check failed (exit %ld)%s%s%s%.600s", twin_status, e.msg[0] ? ": " : "", e.msg,
		     errs.p ? "; its stderr: " : "", errs.p ? errs.p : "");
		json_decref(report);
		status = EXIT_INTERNAL;
		goto out;
	}
	json_decref(report);
	r->container = describe(inspected, security_opt, engine, api);
	if (!r->container || pf_report_fixes_for_container(r) < 0 ||
	    (o->redact && pf_report_container_redact(r->container) < 0)) {
		perr("internal error: out of memory");
		pf_report_free(r);
		status = EXIT_INTERNAL;
		goto out;
	}
	status = 0;
out:
	free(payload);
	free(out.p);
	free(errs.p);
	json_decref(security_opt);
	json_decref(inspected);
	if (en.curl)
		curl_easy_cleanup(en.curl);
	curl_global_cleanup();
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	if (got_signal) {
		/* the twin is gone: end the way the signal would have */
		int sig = got_signal;
		pf_report_free(r);
		fflush(NULL);
		signal(sig, SIG_DFL);
		raise(sig);
		return 128 + sig;
	}
	return status;
}

#else /* !PF_CONTAINER */

bool pf_container_available(void)
{
	return false;
}

int pf_container_check(const struct pf_options *o, const struct pf_container_request *q, struct pf_report *r)
{
	(void)o, (void)q, (void)r;
	fprintf(stderr,
		"boundary-preflight: the container subcommand is not built into this binary (the static "
		"build has no HTTP client); run the dynamically linked boundary-preflight on the engine's "
		"host\n");
	return EXIT_USAGE;
}

#endif
