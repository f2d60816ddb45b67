/* SPDX-License-Identifier: MIT */
/* Internal to the verdict: the fix builder. It reads the findings (their
 * codes and causes) only, never the facts. */
#pragma once

#include <stdbool.h>

#include "preflight/verdict.h"

/* Append the fixes for every blocker (a code once), then every warning, in
 * v, written for the engine the runtime probe detected (in_container
 * false: for this machine) plus a generic one. Pure. */
void pf_fixes_add(struct pf_verdict *v, bool in_container, enum pf_engine engine);
