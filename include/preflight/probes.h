/* SPDX-License-Identifier: MIT */
/* The probe runner (src/probes.c): every probe of include/preflight/probe.h
 * in turn, each timed and under a share of the total budget. Only the
 * binaries' entry points include this; no probe does. */
#pragma once

#include "preflight/facts.h"
#include "preflight/options.h"

/* Run every probe into f, timing each. */
void pf_probe_all(const struct pf_options *opts, struct pf_facts *f);
