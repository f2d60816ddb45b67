/* SPDX-License-Identifier: MIT */
/* Synthetic facts and a hand-made verdict for the renderer tests: a Docker
 * container with --cap-add=NET_ADMIN under Docker's default seccomp profile
 * (the Docker example of the README), and a ready host. Not produced by pf_decide: the
 * renderers are tested on their own. */
#pragma once

#include "preflight/facts.h"
#include "preflight/verdict.h"

#define SAMPLE_HOSTNAME "buildhost-7"
#define SAMPLE_CONTAINER_ID "3f2a9c41d0e5b6a7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5"
#define SAMPLE_USER "alice"
/* Docker's default capability set plus CAP_NET_ADMIN */
#define SAMPLE_EFFECTIVE UINT64_C(0xa80435fb)
#define SAMPLE_LONG_SUMMARY \
	"filter active (1); clone with CLONE_NEWUSER|CLONE_NEWNET denied (invalid-flag probe: " \
	"EPERM, expected EINVAL); clone3 ENOSYS; unshare and setns EPERM"

void sample_docker(struct pf_facts *f, struct pf_verdict *v);
void sample_host(struct pf_facts *f, struct pf_verdict *v);
