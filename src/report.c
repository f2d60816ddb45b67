/* SPDX-License-Identifier: MIT */
/* Live run -> report model. Everything a renderer shows comes from here:
 * the facts of each probe become JSON as they are (every field, nothing
 * decided), next to the verdict's status, summary and findings. No I/O
 * beyond reading the clock; nothing from the environment or command line
 * is ever copied in. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sys/capability.h>

#include "pf_config.h"
#include "preflight/report.h"
#include "preflight/strbuf.h"

/* pf_error_set always returns -1; saying so here lets the analyzers see
 * that every failure path returns -1. */
#define FAIL_WITH(...) (pf_error_set(__VA_ARGS__), -1)

#define REDACTED "<redacted>"

/* What --redact removes: the hostname and container id seen by the
 * runtime probe, anything shaped like a container or pod id, and the user
 * name part of home directory paths. */
struct redactor {
	bool on;
	const char *hostname;
	const char *container_id;
};

/* Building state: one allocation failure makes the whole build fail once,
 * at the end, instead of a check after every strdup. */
struct builder {
	struct redactor red;
	bool oom;
};

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Characters that continue a host name or an id. */
static bool is_name_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
}

/* Length of an id-shaped run at s: hex digits, '-' and '_' holding at
 * least 12 hex digits and one decimal digit (Docker's short id is 12 hex;
 * pod UUIDs come with dashes or underscores, as in
 * "kubepods-pod1b2c..._..._....slice"). 0 when none starts at s. */
static size_t id_run(const char *s)
{
	size_t n = 0, hex = 0;
	bool digit = false;
	while (is_hex(s[n]) || s[n] == '-' || s[n] == '_') {
		if (is_hex(s[n]))
			hex++;
		if (s[n] >= '0' && s[n] <= '9')
			digit = true;
		n++;
	}
	/* separators at the end belong to what follows */
	while (n > 0 && (s[n - 1] == '-' || s[n - 1] == '_'))
		n--;
	return hex >= 12 && digit ? n : 0;
}

/* word at s, not part of a longer name on either side */
static bool name_at(const char *start, const char *s, const char *word, size_t wlen)
{
	if (wlen == 0 || strncmp(s, word, wlen) != 0)
		return false;
	if (s > start && is_name_char(s[-1]))
		return false;
	return !is_name_char(s[wlen]);
}

/* Could this hostname be an ordinary word of our own prose ("boundary",
 * "host")? Then prose keeps the word; the hostname field itself is always
 * removed. A name with a digit, '-' or '.' reads as a name anywhere. */
static bool plain_word(const char *name)
{
	return name && strcspn(name, "0123456789-.") == strlen(name);
}

/* Heap copy of s with identifying parts replaced; NULL on OOM. prose: s is
 * our own text quoting machine text (a summary, a message). */
static char *redact_dup(const struct redactor *red, const char *s, bool prose)
{
	if (!red->on)
		return strdup(s);
	struct pf_strbuf b = { 0 };
	size_t hlen = red->hostname && !(prose && plain_word(red->hostname)) ? strlen(red->hostname) : 0;
	size_t clen = red->container_id ? strlen(red->container_id) : 0;
	const char *p = s;
	size_t n;
	pf_strbuf_add(&b, "", 0);
	while (*p) {
		if (name_at(s, p, red->hostname, hlen)) {
			pf_strbuf_add(&b, REDACTED, strlen(REDACTED));
			p += hlen;
		} else if (name_at(s, p, red->container_id, clen)) {
			pf_strbuf_add(&b, REDACTED, strlen(REDACTED));
			p += clen;
		} else if ((n = id_run(p)) > 0) {
			pf_strbuf_add(&b, REDACTED, strlen(REDACTED));
			p += n;
		} else if (strncmp(p, "/home/", 6) == 0 && p[6] && p[6] != '/') {
			/* /home/NAME: NAME is a user name */
			pf_strbuf_add(&b, "/home/" REDACTED, 6 + strlen(REDACTED));
			p += 6;
			while (*p && *p != '/')
				p++;
		} else {
			/* skip a whole hex-ish run so its tail is not taken for an id */
			size_t run = 1;
			while (is_hex(p[0]) && is_hex(p[run]))
				run++;
			pf_strbuf_add(&b, p, run);
			p += run;
		}
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

/* A fixed-size char array of the facts model as a C string. */
static char *bounded_dup(const char *arr, size_t size)
{
	return strndup(arr, strnlen(arr, size));
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is not one. */
static size_t utf8_seq_len(const unsigned char *s)
{
	size_t n;
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return 0;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* overlong, surrogate and beyond-U+10FFFF forms */
	if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) || (s[0] == 0xf0 && s[1] < 0x90) ||
	    (s[0] == 0xf4 && s[1] >= 0x90))
		return 0;
	return n;
}

/* Every string of the model is valid UTF-8, so the JSON writer can never
 * refuse one: summaries and messages quote machine text (a file a
 * container image controls), whose invalid bytes become '?'. */
static void make_utf8(char *text)
{
	for (unsigned char *p = (unsigned char *)text; *p;) {
		size_t n = utf8_seq_len(p);
		if (n == 0) {
			*p++ = '?';
			continue;
		}
		p += n;
	}
}

static char *dup_text(struct builder *bld, const char *s)
{
	char *d = strdup(s ? s : "");
	if (!d) {
		bld->oom = true;
		return NULL;
	}
	make_utf8(d);
	return d;
}

/* ---- JSON values for facts ---- */

static void put(struct builder *bld, json_t *obj, const char *key, json_t *value)
{
	if (!value || json_object_set_new(obj, key, value) != 0)
		bld->oom = true;
}

/* jansson refuses invalid UTF-8; machine text (a hostname, a path) may
 * hold any byte, so non-ASCII bytes of an invalid string become '?'. */
static json_t *json_text_n(const char *s, size_t n)
{
	json_t *j = json_stringn(s, n);
	if (j)
		return j;
	char *copy = malloc(n + 1);
	if (!copy)
		return NULL;
	for (size_t i = 0; i < n; i++)
		copy[i] = (unsigned char)s[i] >= 0x80 || s[i] == '\0' ? '?' : s[i];
	copy[n] = '\0';
	j = json_stringn(copy, n);
	free(copy);
	return j;
}

/* A fixed-size char array of the facts model: bounded, redacted when
 * asked, heap; NULL (and oom noted) on allocation failure. */
enum redact_mode { KEEP, REDACT_FACT, REDACT_PROSE };

static char *fact_dup(struct builder *bld, const char *arr, size_t size, enum redact_mode redact)
{
	char *text = bounded_dup(arr, size);
	if (text && redact != KEEP) {
		char *redacted = redact_dup(&bld->red, text, redact == REDACT_PROSE);
		free(text);
		text = redacted;
	}
	if (!text)
		bld->oom = true;
	else
		make_utf8(text);
	return text;
}

static json_t *fact_string(struct builder *bld, const char *arr, size_t size, enum redact_mode redact)
{
	char *s = fact_dup(bld, arr, size, redact);
	if (!s)
		return NULL;
	json_t *j = json_text_n(s, strlen(s));
	free(s);
	return j;
}

/* Machine text of the facts: null when empty (absent or unknown in the
 * facts model), redacted under --redact. */
static json_t *fact_text(struct builder *bld, const char *arr, size_t size)
{
	if (strnlen(arr, size) == 0)
		return json_null();
	return fact_string(bld, arr, size, REDACT_FACT);
}
#define FACT_TEXT(bld, arr) fact_text((bld), (arr), sizeof(arr))

/* -1 is "unknown / absent" throughout the facts model: null in JSON. */
static json_t *fact_long(long v)
{
	return v < 0 ? json_null() : json_integer(v);
}

static json_t *fact_tri(int v)
{
	return v < 0 ? json_null() : json_boolean(v);
}

static json_t *errno_name(int err)
{
	if (err == 0)
		return json_null();
	const char *name = strerrorname_np(err);
	if (name)
		return json_string(name);
	char buf[24];
	snprintf(buf, sizeof buf, "E%d", err);
	return json_string(buf);
}

static json_t *signal_name(int sig)
{
	if (sig == 0)
		return json_null();
	const char *abbrev = sigabbrev_np(sig);
	char buf[24];
	if (abbrev)
		snprintf(buf, sizeof buf, "SIG%s", abbrev);
	else
		snprintf(buf, sizeof buf, "SIG%d", sig);
	return json_string(buf);
}

static json_t *attempt_json(struct builder *bld, const struct pf_attempt *a)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	put(bld, o, "attempted", json_boolean(a->attempted));
	put(bld, o, "errno", json_integer(a->err));
	put(bld, o, "error", errno_name(a->err));
	put(bld, o, "signal", json_integer(a->signal));
	put(bld, o, "signal_name", signal_name(a->signal));
	put(bld, o, "timed_out", json_boolean(a->timed_out));
	return o;
}

static json_t *oracle_json(struct builder *bld, const struct pf_oracle * or)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	put(bld, o, "call", attempt_json(bld, & or->call));
	put(bld, o, "expected_errno", json_integer(or->expected_errno));
	put(bld, o, "expected_error", errno_name(or->expected_errno));
	put(bld, o, "gate", json_string(pf_gate_name(or->gate)));
	return o;
}

/* A capability set both ways: exact bits for machines, names for people. */
static json_t *capset_json(struct builder *bld, uint64_t set)
{
	json_t *o = json_object();
	json_t *names = json_array();
	char hex[24];
	if (!o || !names) {
		json_decref(o);
		json_decref(names);
		return NULL;
	}
	snprintf(hex, sizeof hex, "0x%016llx", (unsigned long long)set);
	put(bld, o, "hex", json_string(hex));
	for (int bit = 0; bit < 64; bit++) {
		if (!(set & PF_CAP_BIT(bit)))
			continue;
		char *name = cap_to_name((cap_value_t)bit);
		char upper[48];
		if (name) {
			size_t i = 0;
			for (; i < sizeof upper - 1 && name[i]; i++)
				upper[i] = name[i] >= 'a' && name[i] <= 'z' ? (char)(name[i] - 'a' + 'A') : name[i];
			upper[i] = '\0';
			cap_free(name);
		} else {
			snprintf(upper, sizeof upper, "%d", bit);
		}
		if (json_array_append_new(names, json_string(upper)) != 0)
			bld->oom = true;
	}
	put(bld, o, "names", names);
	return o;
}

static json_t *caps_json(struct builder *bld, const struct pf_caps_facts *c)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	put(bld, o, "read_ok", json_boolean(c->read_ok));
	put(bld, o, "effective", capset_json(bld, c->effective));
	put(bld, o, "permitted", capset_json(bld, c->permitted));
	put(bld, o, "inheritable", capset_json(bld, c->inheritable));
	put(bld, o, "bounding", capset_json(bld, c->bounding));
	put(bld, o, "ambient", capset_json(bld, c->ambient));
	put(bld, o, "euid", fact_long(c->euid));
	put(bld, o, "egid", fact_long(c->egid));
	put(bld, o, "no_new_privs", fact_tri(c->no_new_privs));
	return o;
}

static json_t *netadmin_json(struct builder *bld, const struct pf_netadmin_facts *n)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	put(bld, o, "dellink", attempt_json(bld, &n->dellink));
	put(bld, o, "net_admin_here", fact_tri(n->net_admin_here));
	put(bld, o, "netns_owned_here", fact_tri(n->netns_owned_here));
	put(bld, o, "owner_errno", json_integer(n->owner_err));
	put(bld, o, "owner_error", errno_name(n->owner_err));
	return o;
}

static json_t *iptables_proof_json(struct builder *bld, const struct pf_iptables_proof *p)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	put(bld, o, "attempted", json_boolean(p->attempted));
	put(bld, o, "variant", p->variant[0] ? json_string(p->variant) : json_null());
	put(bld, o, "lock", attempt_json(bld, &p->lock));
	put(bld, o, "raw_socket", attempt_json(bld, &p->raw_socket));
	put(bld, o, "nat_table", attempt_json(bld, &p->nat_table));
	return o;
}

static json_t *seccomp_mode_name(int mode)
{
	switch (mode) {
	case 0: return json_string("disabled");
	case 1: return json_string("strict");
	case 2: return json_string("filter");
	default: return json_null();
	}
}

static json_t *seccomp_json(struct builder *bld, const struct pf_seccomp_facts *s)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	put(bld, o, "mode", fact_long(s->mode));
	put(bld, o, "mode_name", seccomp_mode_name(s->mode));
	put(bld, o, "filters", fact_long(s->filters));
	put(bld, o, "no_new_privs", fact_tri(s->no_new_privs));
	put(bld, o, "clone_userns_net", oracle_json(bld, &s->clone_userns_net));
	put(bld, o, "clone_net", oracle_json(bld, &s->clone_net));
	put(bld, o, "clone3", oracle_json(bld, &s->clone3));
	put(bld, o, "unshare", oracle_json(bld, &s->unshare));
	put(bld, o, "setns", oracle_json(bld, &s->setns));
	return o;
}

static json_t *userns_json(struct builder *bld, const struct pf_userns_facts *u)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	put(bld, o, "clone", attempt_json(bld, &u->clone));
	put(bld, o, "setgroups", attempt_json(bld, &u->setgroups));
	put(bld, o, "uid_map", attempt_json(bld, &u->uid_map));
	put(bld, o, "gid_map", attempt_json(bld, &u->gid_map));
	put(bld, o, "lo_up", attempt_json(bld, &u->lo_up));
	put(bld, o, "veth", attempt_json(bld, &u->veth));
	put(bld, o, "addr", attempt_json(bld, &u->addr));
	put(bld, o, "route", attempt_json(bld, &u->route));
	put(bld, o, "jail_iptables", iptables_proof_json(bld, &u->jail_iptables));
	put(bld, o, "clone_user_only", attempt_json(bld, &u->clone_user_only));
	put(bld, o, "mapped_uid", fact_long(u->mapped_uid));
	put(bld, o, "mapped_gid", fact_long(u->mapped_gid));
	put(bld, o, "netns_clone", attempt_json(bld, &u->netns_clone));
	put(bld, o, "netns_veth", attempt_json(bld, &u->netns_veth));
	put(bld, o, "euid", fact_long(u->euid));
	return o;
}

static json_t *sysctl_json(struct builder *bld, const struct pf_sysctl_facts *s)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	put(bld, o, "max_user_namespaces", fact_long(s->max_user_namespaces));
	put(bld, o, "max_net_namespaces", fact_long(s->max_net_namespaces));
	put(bld, o, "unprivileged_userns_clone", fact_long(s->unprivileged_userns_clone));
	put(bld, o, "apparmor_restrict_unprivileged_userns", fact_long(s->apparmor_restrict_unprivileged_userns));
	put(bld, o, "ip_forward", fact_long(s->ip_forward));
	put(bld, o, "ip_forward_writable", fact_tri(s->ip_forward_writable));
	return o;
}

static int evidence_count(const struct pf_runtime_facts *rt)
{
	if (rt->n_evidence < 0)
		return 0;
	return rt->n_evidence > PF_MAX_EVIDENCE ? PF_MAX_EVIDENCE : rt->n_evidence;
}

static json_t *runtime_json(struct builder *bld, const struct pf_runtime_facts *rt)
{
	json_t *o = json_object();
	json_t *ev = json_array();
	if (!o || !ev) {
		json_decref(o);
		json_decref(ev);
		return NULL;
	}
	put(bld, o, "engine", json_string(pf_engine_name(rt->engine)));
	put(bld, o, "engine_beneath", json_string(pf_engine_name(rt->engine_beneath)));
	put(bld, o, "runtime", json_string(pf_runtime_name(rt->runtime)));
	put(bld, o, "in_container", json_boolean(rt->in_container));
	put(bld, o, "stale_marker", json_boolean(rt->stale_marker));
	put(bld, o, "all_initial_namespaces", json_boolean(rt->all_initial_namespaces));
	put(bld, o, "user_ns_initial", fact_tri(rt->user_ns_initial));
	put(bld, o, "confidence", json_string(pf_confidence_name(rt->confidence)));
	for (int i = 0; i < evidence_count(rt); i++) {
		const struct pf_evidence *e = &rt->evidence[i];
		json_t *item = json_object();
		if (!item) {
			bld->oom = true;
			continue;
		}
		put(bld, item, "signal", fact_string(bld, e->signal, sizeof e->signal, KEEP));
		put(bld, item, "value", fact_string(bld, e->value, sizeof e->value, REDACT_FACT));
		put(bld, item, "weight", json_string(pf_weight_name(e->weight)));
		if (json_array_append_new(ev, item) != 0)
			bld->oom = true;
	}
	put(bld, o, "evidence", ev);
	put(bld, o, "container_id", FACT_TEXT(bld, rt->container_id));
	put(bld, o, "hostname", FACT_TEXT(bld, rt->hostname));
	return o;
}

static json_t *lsm_json(struct builder *bld, const struct pf_lsm_facts *l)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	put(bld, o, "apparmor", FACT_TEXT(bld, l->apparmor));
	put(bld, o, "selinux", FACT_TEXT(bld, l->selinux));
	put(bld, o, "apparmor_enabled", json_boolean(l->apparmor_enabled));
	put(bld, o, "selinux_enabled", json_boolean(l->selinux_enabled));
	return o;
}

static json_t *privilege_json(struct builder *bld, const struct pf_privilege_facts *p)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	put(bld, o, "euid", fact_long(p->euid));
	put(bld, o, "sudo_path", FACT_TEXT(bld, p->sudo_path));
	put(bld, o, "setpriv_path", FACT_TEXT(bld, p->setpriv_path));
	put(bld, o, "net_admin_in_bounding", json_boolean(p->net_admin_in_bounding));
	put(bld, o, "sys_admin_in_bounding", json_boolean(p->sys_admin_in_bounding));
	put(bld, o, "setuid_in_bounding", json_boolean(p->setuid_in_bounding));
	put(bld, o, "setgid_in_bounding", json_boolean(p->setgid_in_bounding));
	return o;
}

static json_t *tools_json(struct builder *bld, const struct pf_tools_facts *t)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	put(bld, o, "ip", FACT_TEXT(bld, t->ip));
	put(bld, o, "iptables", FACT_TEXT(bld, t->iptables));
	put(bld, o, "iptables_variant", FACT_TEXT(bld, t->iptables_variant));
	put(bld, o, "sysctl", FACT_TEXT(bld, t->sysctl));
	put(bld, o, "iptables_host", iptables_proof_json(bld, &t->iptables_host));
	return o;
}

static json_t *landlock_json(struct builder *bld, const struct pf_landlock_facts *l)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	put(bld, o, "abi", fact_long(l->abi));
	put(bld, o, "errno", json_integer(l->err));
	put(bld, o, "error", errno_name(l->err));
	return o;
}

/* "kill_process kill_thread trap ..." as a list; null when unreadable. */
static json_t *words_json(struct builder *bld, const char *arr, size_t size)
{
	size_t n = strnlen(arr, size);
	if (n == 0)
		return json_null();
	json_t *list = json_array();
	if (!list)
		return NULL;
	size_t i = 0;
	while (i < n) {
		while (i < n && (arr[i] == ' ' || arr[i] == '\t' || arr[i] == '\n'))
			i++;
		size_t start = i;
		while (i < n && arr[i] != ' ' && arr[i] != '\t' && arr[i] != '\n')
			i++;
		if (i > start && json_array_append_new(list, json_text_n(arr + start, i - start)) != 0)
			bld->oom = true;
	}
	return list;
}

static json_t *kernel_json(struct builder *bld, const struct pf_kernel_facts *k)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	put(bld, o, "release", FACT_TEXT(bld, k->release));
	put(bld, o, "machine", FACT_TEXT(bld, k->machine));
	put(bld, o, "version", FACT_TEXT(bld, k->version));
	put(bld, o, "actions_avail", words_json(bld, k->actions_avail, sizeof k->actions_avail));
	put(bld, o, "libseccomp_version", FACT_TEXT(bld, k->libseccomp_version));
	return o;
}

static json_t *probe_facts_json(struct builder *bld, const struct pf_facts *f, enum pf_probe_id id)
{
	json_t *o = NULL;
	switch (id) {
	case PF_PROBE_CAPABILITIES: o = caps_json(bld, &f->caps); break;
	case PF_PROBE_NETADMIN: o = netadmin_json(bld, &f->netadmin); break;
	case PF_PROBE_SECCOMP: o = seccomp_json(bld, &f->seccomp); break;
	case PF_PROBE_USERNS: o = userns_json(bld, &f->userns); break;
	case PF_PROBE_SYSCTL: o = sysctl_json(bld, &f->sysctl); break;
	case PF_PROBE_RUNTIME: o = runtime_json(bld, &f->runtime); break;
	case PF_PROBE_LSM: o = lsm_json(bld, &f->lsm); break;
	case PF_PROBE_PRIVILEGE: o = privilege_json(bld, &f->privilege); break;
	case PF_PROBE_TOOLS: o = tools_json(bld, &f->tools); break;
	case PF_PROBE_LANDLOCK: o = landlock_json(bld, &f->landlock); break;
	case PF_PROBE_KERNEL: o = kernel_json(bld, &f->kernel); break;
	case PF_PROBE_COUNT: break;
	}
	if (!o) {
		bld->oom = true;
		return NULL;
	}
	/* A probe that could not run says why, next to what it did gather. */
	const struct pf_probe_run *run = &f->run[id];
	if (run->error)
		put(bld, o, "probe_error", fact_text(bld, run->error_msg, sizeof run->error_msg));
	return o;
}

/* ---- the model ---- */

static void string_list_free(struct pf_string_list *l)
{
	for (size_t i = 0; l->items && i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

int pf_string_list_add(struct pf_string_list *l, const char *s)
{
	char *copy = strdup(s);
	char **items = copy ? realloc(l->items, (l->n + 1) * sizeof *items) : NULL;
	if (!items) {
		free(copy);
		return -1;
	}
	items[l->n++] = copy;
	l->items = items;
	return 0;
}

void pf_report_container_free(struct pf_report_container *c)
{
	if (!c)
		return;
	free(c->name);
	free(c->id);
	free(c->image);
	free(c->engine);
	free(c->api_version);
	free(c->runtime);
	free(c->user);
	free(c->userns_mode);
	free(c->network_mode);
	string_list_free(&c->cap_add);
	string_list_free(&c->cap_drop);
	string_list_free(&c->security_opt);
	string_list_free(&c->sysctls);
	string_list_free(&c->devices);
	free(c);
}

static int replace_str(char **field, const char *value)
{
	char *copy = strdup(value);
	if (!copy)
		return -1;
	free(*field);
	*field = copy;
	return 0;
}

int pf_report_container_redact(struct pf_report_container *c)
{
	if (!c)
		return 0;
	/* a numeric uid[:gid] names nobody; a user name does */
	bool user_is_name = c->user && c->user[0] && strspn(c->user, "0123456789:") != strlen(c->user);
	return replace_str(&c->name, REDACTED) < 0 || replace_str(&c->id, REDACTED) < 0 ||
			       replace_str(&c->image, REDACTED) < 0 ||
			       (user_is_name && replace_str(&c->user, REDACTED) < 0)
		       ? -1
		       : 0;
}

void pf_report_free(struct pf_report *r)
{
	if (!r)
		return;
	pf_report_container_free(r->container);
	r->container = NULL;
	free(r->tool_name);
	free(r->tool_version);
	free(r->generated_at);
	free(r->jail);
	free(r->kernel);
	free(r->machine);
	free(r->engine);
	free(r->runtime);
	for (size_t i = 0; r->evidence && i < r->n_evidence; i++) {
		free(r->evidence[i].signal);
		free(r->evidence[i].value);
		free(r->evidence[i].weight);
	}
	free(r->evidence);
	for (size_t i = 0; r->probes && i < r->n_probes; i++) {
		free(r->probes[i].id);
		free(r->probes[i].status);
		free(r->probes[i].summary);
		json_decref(r->probes[i].facts);
	}
	free(r->probes);
	free(r->configuration);
	for (size_t i = 0; r->blockers && i < r->n_blockers; i++) {
		free(r->blockers[i].code);
		free(r->blockers[i].probe);
		free(r->blockers[i].message);
	}
	free(r->blockers);
	for (size_t i = 0; r->warnings && i < r->n_warnings; i++) {
		free(r->warnings[i].code);
		free(r->warnings[i].probe);
		free(r->warnings[i].message);
	}
	free(r->warnings);
	for (size_t i = 0; r->fixes && i < r->n_fixes; i++) {
		free(r->fixes[i].for_code);
		free(r->fixes[i].engine);
		free(r->fixes[i].text);
		free(r->fixes[i].snippet);
	}
	free(r->fixes);
	memset(r, 0, sizeof *r);
}

static char *now_rfc3339(struct builder *bld)
{
	char buf[32];
	struct tm tm;
	time_t now = time(NULL);
	if (!gmtime_r(&now, &tm) || strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, sizeof buf, "1970-01-01T00:00:00Z");
	return dup_text(bld, buf);
}

/* Whole microseconds: enough for a check that takes milliseconds, and the
 * JSON then prints as written ("4.2", not "4.2000000000000002"). */
static double round_ms(double ms)
{
	if (!(ms >= 0)) /* negative or NaN */
		return 0;
	if (ms > 1e12)
		ms = 1e12;
	return (double)(long long)(ms * 1000.0 + 0.5) / 1000.0;
}

static void *calloc_n(struct builder *bld, size_t n, size_t size)
{
	if (n == 0)
		return NULL;
	void *p = calloc(n, size);
	if (!p)
		bld->oom = true;
	return p;
}

static void copy_findings(struct builder *bld, const struct pf_finding *src, int n_src, struct pf_report_finding **out,
			  size_t *n_out)
{
	size_t n = n_src < 0 ? 0 : (size_t)(n_src > PF_MAX_FINDINGS ? PF_MAX_FINDINGS : n_src);
	*out = calloc_n(bld, n, sizeof **out);
	if (!*out)
		return;
	*n_out = n;
	for (size_t i = 0; i < n; i++) {
		(*out)[i].code = dup_text(bld, src[i].code);
		(*out)[i].probe = dup_text(bld, pf_probe_name(src[i].probe));
		(*out)[i].message = fact_dup(bld, src[i].message, sizeof src[i].message, REDACT_PROSE);
	}
}

int pf_report_build(struct pf_report *r, const struct pf_facts *f, const struct pf_verdict *v,
		    const struct pf_options *o, double duration_ms, struct pf_error *e)
{
	char *hostname = bounded_dup(f->runtime.hostname, sizeof f->runtime.hostname);
	char *container_id = bounded_dup(f->runtime.container_id, sizeof f->runtime.container_id);
	struct builder bld = {
		.red = {
			.on = o && o->redact,
			.hostname = hostname && hostname[0] ? hostname : NULL,
			.container_id = container_id && container_id[0] ? container_id : NULL,
		},
		.oom = !hostname || !container_id,
	};

	memset(r, 0, sizeof *r);
	r->tool_name = dup_text(&bld, "boundary-preflight");
	r->tool_version = dup_text(&bld, PF_VERSION);
	r->generated_at = now_rfc3339(&bld);
	r->duration_ms = round_ms(duration_ms);

	r->jail = dup_text(&bld, pf_jail_name(o ? o->jail : PF_JAIL_NSJAIL));
	r->user_namespace = o ? o->user_namespace : true;
	r->strict = o ? o->strict : false;

	r->kernel = fact_dup(&bld, f->kernel.release, sizeof f->kernel.release, KEEP);
	r->machine = fact_dup(&bld, f->kernel.machine, sizeof f->kernel.machine, KEEP);
	r->euid = f->caps.euid;

	const struct pf_runtime_facts *rt = &f->runtime;
	r->engine = dup_text(&bld, pf_engine_name(rt->engine));
	r->runtime = dup_text(&bld, pf_runtime_name(rt->runtime));
	r->in_container = rt->in_container;
	size_t n_ev = (size_t)evidence_count(rt);
	r->evidence = calloc_n(&bld, n_ev, sizeof *r->evidence);
	if (r->evidence) {
		r->n_evidence = n_ev;
		for (size_t i = 0; i < n_ev; i++) {
			const struct pf_evidence *src = &rt->evidence[i];
			r->evidence[i].signal = fact_dup(&bld, src->signal, sizeof src->signal, KEEP);
			r->evidence[i].value = fact_dup(&bld, src->value, sizeof src->value, REDACT_FACT);
			r->evidence[i].weight = dup_text(&bld, pf_weight_name(src->weight));
		}
	}

	r->probes = calloc_n(&bld, PF_PROBE_COUNT, sizeof *r->probes);
	if (r->probes) {
		r->n_probes = PF_PROBE_COUNT;
		for (int id = 0; id < PF_PROBE_COUNT; id++) {
			struct pf_report_probe *p = &r->probes[id];
			const struct pf_probe_assessment *a = &v->probes[id];
			p->id = dup_text(&bld, pf_probe_name((enum pf_probe_id)id));
			p->status = dup_text(&bld, pf_status_name(a->status));
			p->summary = fact_dup(&bld, a->summary, sizeof a->summary, REDACT_PROSE);
			p->duration_us = f->run[id].duration_us;
			p->facts = probe_facts_json(&bld, f, (enum pf_probe_id)id);
		}
	}

	r->configuration = dup_text(&bld, pf_configuration_name(v->configuration));
	r->ready = v->ready;
	r->testing_only = v->testing_only;
	copy_findings(&bld, v->blockers, v->n_blockers, &r->blockers, &r->n_blockers);
	copy_findings(&bld, v->warnings, v->n_warnings, &r->warnings, &r->n_warnings);
	size_t n_fixes = v->n_fixes < 0 ? 0 : (size_t)(v->n_fixes > PF_MAX_FIXES ? PF_MAX_FIXES : v->n_fixes);
	r->fixes = calloc_n(&bld, n_fixes, sizeof *r->fixes);
	if (r->fixes) {
		r->n_fixes = n_fixes;
		for (size_t i = 0; i < n_fixes; i++) {
			const struct pf_fix *src = &v->fixes[i];
			r->fixes[i].for_code = dup_text(&bld, src->for_code);
			r->fixes[i].engine = dup_text(&bld, src->engine ? src->engine : "generic");
			r->fixes[i].text = fact_dup(&bld, src->text, sizeof src->text, KEEP);
			r->fixes[i].snippet = fact_dup(&bld, src->snippet, sizeof src->snippet, KEEP);
		}
	}

	free(hostname);
	free(container_id);
	if (bld.oom) {
		pf_report_free(r);
		return FAIL_WITH(e, ENOMEM, "building the report");
	}
	return 0;
}
