/* SPDX-License-Identifier: MIT */
/* Probe interface: each probe fills its own part of pf_facts and never
 * decides anything. Syscalls that could be denied run through child.h.
 * The probes (src/probe/) implement this; the runner that calls them all
 * (src/probes.c, include/preflight/probes.h) is above it, never below. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "preflight/child.h"
#include "preflight/facts.h"
#include "preflight/util.h"

struct pf_probe_ctx {
	const char *root;     /* root for file reads, "/" live */
	uint64_t deadline_us; /* monotonic; children must end by then */
	bool user_namespace;  /* boundary's mode: user+net, or net only */
};

/* The longest timeout a probe's child is given. */
#define PF_PROBE_MS_MAX 3600000

/* Milliseconds left before the deadline (at least 1 while time remains,
 * 0 once it has passed). */
static inline int pf_probe_ms_left(const struct pf_probe_ctx *ctx)
{
	return pf_ms_until(ctx->deadline_us, PF_PROBE_MS_MAX);
}

/* Each returns 0, or -1 with run->error/error_msg set when the probe itself
 * could not run (the facts it did gather stay). */

/* Mark the probe as failed with a one-line reason; returns -1. */
int pf_probe_fail(struct pf_probe_run *run, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int pf_probe_capabilities(const struct pf_probe_ctx *ctx, struct pf_caps_facts *out, struct pf_probe_run *run);
int pf_probe_netadmin(const struct pf_probe_ctx *ctx, struct pf_netadmin_facts *out, struct pf_probe_run *run);
int pf_probe_seccomp(const struct pf_probe_ctx *ctx, struct pf_seccomp_facts *out, struct pf_probe_run *run);
/* userns in two halves: the namespaces are made while other probes run. */
struct pf_userns_pending {
	struct pf_child userns, netns;
	struct pf_child_result userns_res, netns_res;
	bool userns_started, netns_started;
	bool user_namespace; /* which of the two was tried */
	char variant[16];    /* the found iptables' variant, "" none */
};
void pf_probe_userns_start(const struct pf_probe_ctx *ctx, struct pf_userns_pending *p);
int pf_probe_userns_finish(struct pf_userns_pending *p, struct pf_userns_facts *out, struct pf_probe_run *run);
int pf_probe_sysctl(const struct pf_probe_ctx *ctx, struct pf_sysctl_facts *out, struct pf_probe_run *run);
int pf_probe_runtime(const struct pf_probe_ctx *ctx, struct pf_runtime_facts *out, struct pf_probe_run *run);
int pf_probe_lsm(const struct pf_probe_ctx *ctx, struct pf_lsm_facts *out, struct pf_probe_run *run);
int pf_probe_privilege(const struct pf_probe_ctx *ctx, struct pf_privilege_facts *out, struct pf_probe_run *run);
int pf_probe_tools(const struct pf_probe_ctx *ctx, struct pf_tools_facts *out, struct pf_probe_run *run);
int pf_probe_landlock(const struct pf_probe_ctx *ctx, struct pf_landlock_facts *out, struct pf_probe_run *run);
int pf_probe_kernel(const struct pf_probe_ctx *ctx, struct pf_kernel_facts *out, struct pf_probe_run *run);
