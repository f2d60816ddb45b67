/* SPDX-License-Identifier: MIT */
/* `boundary-preflight seccomp-profile`: patch a Docker-format seccomp profile
 * so that boundary's clone(CLONE_NEWUSER|CLONE_NEWNET) passes without
 * CAP_SYS_ADMIN, and nothing else changes (docs/facts.md sections 1 and 2). */
#pragma once

#include <jansson.h>

#include "preflight/error.h"

/* Docker's default profile allows clone only when flags & this == 0
 * (NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET, docs/facts.md section 2). */
#define PF_DOCKER_CLONE_NS_MASK 0x7E020000UL
/* The namespace flags boundary's clone carries (docs/facts.md section 1). */
#define PF_BOUNDARY_CLONE_NS_FLAGS 0x50000000UL /* CLONE_NEWUSER|CLONE_NEWNET */
/* The added rule allows clone when flags & this == 0: every namespace flag
 * Docker guards except boundary's two. */
#define PF_BOUNDARY_CLONE_MASK (PF_DOCKER_CLONE_NS_MASK & ~PF_BOUNDARY_CLONE_NS_FLAGS)

/* Maximum size of a --base file. */
#define PF_SECCOMP_PROFILE_MAX_BYTES (8u << 20)

/* What pf_seccomp_profile_write did; main.c turns it into the exit status
 * (0, 2 and 3, as for the other subcommands). */
enum pf_seccomp_profile_status {
	PF_SECCOMP_PROFILE_WRITTEN,
	PF_SECCOMP_PROFILE_BAD_INPUT,   /* base unreadable, malformed or of a wrong shape */
	PF_SECCOMP_PROFILE_NOT_WRITTEN, /* output could not be written, or out of memory */
};

/* The subcommand's work, its options parsed: patch the profile at base (the
 * rules alone, as a fragment, when base is NULL) and write it atomically to
 * output (standard output when NULL). Messages go to stderr. */
enum pf_seccomp_profile_status pf_seccomp_profile_write(const char *base, const char *output);

/* The rules boundary needs, in Docker's format: a new array of two rule
 * objects (all arches but s390/s390x, then s390/s390x). NULL on ENOMEM. */
json_t *pf_seccomp_boundary_rules(void);

/* Check that profile has the shape of a Docker seccomp profile (an object;
 * "syscalls", when present, an array of rule objects, ...). On a wrong shape
 * returns -1 with e->msg = "JSON.PATH: expected ...". */
int pf_seccomp_profile_check(const json_t *profile, struct pf_error *e);

/* Check profile, then append to its "syscalls" (created at the end when
 * absent) each of boundary's rules it does not already hold. Returns the
 * number of rules added (0 when already patched), -1 with e set on a wrong
 * shape or ENOMEM. Every other key and rule stays as it was, in order. */
int pf_seccomp_profile_patch(json_t *profile, struct pf_error *e);
