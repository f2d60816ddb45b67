/* SPDX-License-Identifier: MIT */
/* `boundary-preflight container NAME|ID`: run the check for a container
 * (running, stopped or exited) in a throwaway twin with the same security
 * settings, through the engine's HTTP API on its unix socket
 * (src/container.c). */
#pragma once

#include <stdbool.h>

#include "preflight/options.h"
#include "preflight/report.h"

/* the API version the twin's settings need: HostConfig.CgroupnsMode came
 * with 1.40 (Docker 19.03); an older engine would drop it silently */
#define PF_ENGINE_MIN_API_MAJOR 1
#define PF_ENGINE_MIN_API_MINOR 40

/* `container`'s own --timeout default: the whole twin run */
#define PF_CONTAINER_TIMEOUT_MS 60000

struct pf_container_request {
	const char *target; /* NAME or ID */
	const char *socket; /* --engine-socket PATH, or NULL */
	const char *binary; /* --binary PATH, or NULL */
	int timeout_ms;     /* the whole twin run */
	bool jail_given;    /* --jail was given: pass it on */
	bool userns_given;  /* --no-user-namespace was given */
};

/* Is the subcommand built into this binary? */
bool pf_container_available(void);

/* Run the check in a twin of q->target. 0: r holds the twin's report with
 * its container section and the fixes written against the container.
 * Otherwise the message is printed and the exit status returned (2 input:
 * socket, container, binary, engine; 3 the twin failed or timed out).
 * A SIGINT, SIGTERM or SIGHUP removes the twin, then ends the process by
 * that signal. */
int pf_container_check(const struct pf_options *o, const struct pf_container_request *q, struct pf_report *r);
