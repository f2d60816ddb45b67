/* SPDX-License-Identifier: MIT */
/* lsm probe: which AppArmor profile or SELinux context confines us. An LSM
 * answers EACCES to user namespace creation (docs/facts.md section 3), so the
 * report names it. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "preflight/probe.h"
#include "preflight/procfs.h"

/* First line of ROOT/path, trimmed; "" when absent or unreadable (reading
 * attr/current with no LSM loaded answers EINVAL). */
static void read_label(const char *root, const char *path, char *out, size_t size)
{
	char buf[256];
	out[0] = '\0';
	if (pf_read_file(root, path, buf, sizeof buf) <= 0)
		return;
	size_t n = strcspn(buf, "\n");
	while (n > 0 && isspace((unsigned char)buf[n - 1]))
		n--;
	if (n >= size)
		n = size - 1;
	memcpy(out, buf, n);
	out[n] = '\0';
}

int pf_probe_lsm(const struct pf_probe_ctx *ctx, struct pf_lsm_facts *out, struct pf_probe_run *run)
{
	char enabled[8];
	(void)run;

	enabled[0] = '\0';
	read_label(ctx->root, "/sys/module/apparmor/parameters/enabled", enabled, sizeof enabled);
	out->apparmor_enabled = enabled[0] == 'Y' || pf_path_exists(ctx->root, "/sys/kernel/security/apparmor");
	out->selinux_enabled = pf_path_exists(ctx->root, "/sys/fs/selinux/enforce");

	/* Since Linux 5.1 AppArmor has its own attr directory, which stays
	 * right when several LSMs are stacked; attr/current belongs to
	 * whichever major LSM came first. */
	bool own_dir = pf_path_exists(ctx->root, "/proc/self/attr/apparmor/current");
	if (own_dir)
		read_label(ctx->root, "/proc/self/attr/apparmor/current", out->apparmor, sizeof out->apparmor);
	else if (out->apparmor_enabled)
		read_label(ctx->root, "/proc/self/attr/current", out->apparmor, sizeof out->apparmor);

	if (out->selinux_enabled && (own_dir || !out->apparmor_enabled))
		read_label(ctx->root, "/proc/self/attr/current", out->selinux, sizeof out->selinux);
	return 0;
}
