/* SPDX-License-Identifier: MIT */
/* kernel probe: release, machine and the seccomp actions this kernel has.
 * uname is answered live (it describes the kernel we run on); the actions
 * list is read root-relative like every other file. */
#include <ctype.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "preflight/probe.h"
#include "preflight/procfs.h"

int pf_probe_kernel(const struct pf_probe_ctx *ctx, struct pf_kernel_facts *out, struct pf_probe_run *run)
{
	struct utsname u;
	char buf[256];

	if (uname(&u) == 0) {
		snprintf(out->release, sizeof out->release, "%s", u.release);
		snprintf(out->machine, sizeof out->machine, "%s", u.machine);
		snprintf(out->version, sizeof out->version, "%s", u.version);
	} else {
		pf_probe_fail(run, "uname failed"); /* the files below still count */
	}

	if (pf_read_file(ctx->root, "/proc/sys/kernel/seccomp/actions_avail", buf, sizeof buf) > 0) {
		size_t n = strlen(buf);
		while (n > 0 && isspace((unsigned char)buf[n - 1]))
			n--;
		buf[n] = '\0';
		snprintf(out->actions_avail, sizeof out->actions_avail, "%s", buf);
	}

	/* the library linked in, which is what seccomp-profile and the tests
	 * use for syscall tables */
	const struct scmp_version *v = seccomp_version();
	if (v)
		snprintf(out->libseccomp_version, sizeof out->libseccomp_version, "%u.%u.%u", v->major, v->minor,
			 v->micro);
	return run->error ? -1 : 0;
}
