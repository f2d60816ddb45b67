/* SPDX-License-Identifier: MIT */
/* Internal to src/verdict/: the decision's state, the finding adder, and
 * the pieces each file of the directory gives the others. The public model
 * is include/preflight/verdict.h; the data flows one way: facts in,
 * findings with their causes out, then src/fixes.c reads the findings. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "preflight/findings.h"
#include "preflight/options.h"
#include "preflight/verdict.h"

/* ---- evidence.c: bounded text and the words for what a probe saw ---- */

/* Bounded appender: text past the end is dropped, never overruns. */
struct sbuf {
	char *buf;
	size_t size, len;
};
void vd_sb_init(struct sbuf *s, char *buf, size_t size);
__attribute__((format(printf, 2, 3))) void vd_sb_add(struct sbuf *s, const char *fmt, ...);
const char *vd_errname(int err);
bool vd_attempt_failed(const struct pf_attempt *a);
bool vd_attempt_ok(const struct pf_attempt *a);
/* "ok", "EPERM", "killed by SIGSYS", "timed out", "not tried" */
const char *vd_attempt_result(const struct pf_attempt *a, char *buf, size_t size);
/* "allowed (EINVAL)", "denied: EPERM, expected EINVAL", "killed by SIGSYS" */
void vd_oracle_describe(struct sbuf *s, const struct pf_oracle *o);
bool vd_gate_blocks(enum pf_gate g);
/* Why, in words, an iptables proof failed; what boundary's iptables would print. */
const char *vd_iptables_cause_text(enum pf_iptables_cause cause, int err, char *buf, size_t size);

/* ---- causes.c: causes read off the facts, for messages and findings ---- */

enum pf_userns_cause vd_userns_restriction_cause(const struct pf_facts *f, int err);
bool vd_caps_readable(const struct pf_facts *f);
/* PF_ESCALATION_* bits; only meaningful for a non-root euid */
unsigned vd_escalation_failures(const struct pf_facts *f);
enum pf_iptables_cause vd_iptables_cause(const struct pf_iptables_proof *p, int *err);
unsigned vd_missing_tools(const struct pf_facts *f); /* PF_TOOL_* bits */
/* The sysctl whose limit a clone hit with ENOSPC (docs/facts.md section 3):
 * after a failed clone(CLONE_NEWUSER|CLONE_NEWNET), the probe's
 * clone(CLONE_NEWUSER) alone tells which of the two was used up. */
const char *vd_namespace_limit_sysctl(const struct pf_facts *f, bool user_namespace);
/* The value that limit shows here, -1 when unreadable. */
long vd_namespace_limit_value(const struct pf_facts *f, bool user_namespace);
/* Why the id maps failed: CAP_SETFCAP missing for a map of uid 0 (Linux
 * 5.12+, docs/facts.md section 3), the AppArmor sysctl, or other. */
enum pf_idmap_cause vd_idmap_cause(const struct pf_facts *f);
/* Fill in what fd's fixes need (fd->cause) for its code. */
void vd_fill_cause(const struct pf_facts *f, bool user_namespace, struct pf_finding *fd);

/* ---- decide.c: the decision's state and the finding adder ---- */

struct decide {
	const struct pf_facts *f;
	const struct pf_options *o;
	struct pf_verdict *v;
	bool nsjail;
	bool user_namespace; /* boundary's default mode (not --no-user-namespace) */
	long euid;
	bool nonroot;
	unsigned escalation; /* vd_escalation_failures, nonroot only */
	bool escalation_ok;
	unsigned probe_error; /* probes already reported as PROBE_ERROR */
};

/* Add a blocker or warning with its message and its cause. */
__attribute__((format(printf, 5, 6))) void vd_add_finding(struct decide *d, bool blocker, enum pf_code code,
							  enum pf_probe_id probe, const char *fmt, ...);
#define BLOCKER(d, code, probe, ...) vd_add_finding((d), true, (code), (probe), __VA_ARGS__)
#define WARNING(d, code, probe, ...) vd_add_finding((d), false, (code), (probe), __VA_ARGS__)
/* A probe that errored cannot decide its requirement: one PROBE_ERROR each. */
bool vd_probe_errored(struct decide *d, enum pf_probe_id id);
/* A PROBE_ERROR for a probe whose facts do not decide, unless it has one. */
__attribute__((format(printf, 3, 4))) void vd_undecided(struct decide *d, enum pf_probe_id id, const char *fmt, ...);

/* ---- blockers.c: capabilities, escalation, tools, iptables, seccomp ---- */

void vd_check_net_admin(struct decide *d);
void vd_check_escalation(struct decide *d);
void vd_check_tools(struct decide *d);
void vd_check_iptables_host(struct decide *d);
/* Returns true when seccomp's answer alone blocks boundary's clone. */
bool vd_check_seccomp_gate(struct decide *d);

/* ---- namespaces.c: the clone, the id maps, the jail's network ---- */

void vd_check_namespaces(struct decide *d, bool seccomp_blocks);
/* A non-root probe's clone that boundary, after setpriv, would not repeat. */
bool vd_nonroot_clone_unrepresentative(const struct decide *d, const struct pf_attempt *a);

/* ---- warnings.c ---- */

void vd_general_warnings(struct decide *d);
/* after the configuration: IP_FORWARD_READONLY, RUNTIME_UNDOCUMENTED, LANDJAIL_AVAILABLE */
void vd_nsjail_warnings(struct decide *d);

/* ---- probes.c: each probe's line ---- */

void vd_assess_probes(const struct decide *d);
/* A finding makes its probe's line fail (blocker) or warn (warning). */
void vd_mark_findings(struct pf_verdict *v);
