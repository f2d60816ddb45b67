/* SPDX-License-Identifier: MIT */
/* seccomp-jail: install a Docker-like seccomp filter, then exec a command.
 *
 * Emulates only the namespace rules of Docker's default profile for a
 * container without CAP_SYS_ADMIN (docs/facts.md section 2): clone with any flag
 * of the mask 0x7E020000 denied, clone3 -> ENOSYS, unshare and setns ->
 * EPERM. Everything else is allowed, so the tool under test runs normally.
 *
 * usage: seccomp-jail MODE COMMAND [ARG...]
 *   docker       clone rules answer EPERM (Docker's default action)
 *   docker-kill  clone rules kill the process (SCMP_ACT_KILL_PROCESS)
 *   docker-trap  clone rules send SIGSYS (SCMP_ACT_TRAP)
 *   landlock-kill  only landlock_create_ruleset, killed (a profile that
 *                kills what it does not know); namespaces allowed
 *   iptables-kill  only getsockopt(IPPROTO_IP, IPT_SO_GET_INFO), killed:
 *                iptables-legacy's first question to the kernel about a
 *                table; namespaces allowed
 */
#include <errno.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* before the linux/ header: glibc then owns struct in_addr */
#include <netinet/in.h>

#include <linux/netfilter_ipv4/ip_tables.h>

/* NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET (docs/facts.md section 2) */
#define DOCKER_CLONE_NS_MASK UINT64_C(0x7E020000)

#define EXIT_USAGE 2

static void usage(FILE *out)
{
	fprintf(out,
		"usage: seccomp-jail docker|docker-kill|docker-trap|landlock-kill|iptables-kill COMMAND [ARG...]\n");
}

static void release_filter(scmp_filter_ctx *ctx)
{
	if (*ctx)
		seccomp_release(*ctx);
}

/* Docker allows clone only when (flags & mask) == 0. libseccomp has no
 * "masked not-equal" comparison, so deny each flag bit of the mask on its
 * own: any set bit matches one rule, which is the same set of calls. The
 * flags are argument 0 everywhere but s390, where they are argument 1. */
static int add_clone_rules(scmp_filter_ctx ctx, uint32_t action)
{
	unsigned int flags_arg = 0;

#if defined(__s390__) || defined(__s390x__)
	flags_arg = 1;
#endif
	for (int bit = 0; bit < 64; bit++) {
		uint64_t flag = UINT64_C(1) << bit;
		int rc;

		if (!(DOCKER_CLONE_NS_MASK & flag))
			continue;
		rc = seccomp_rule_add(ctx, action, SCMP_SYS(clone), 1,
				      SCMP_CMP(flags_arg, SCMP_CMP_MASKED_EQ, flag, flag));
		if (rc < 0)
			return rc;
	}
	return 0;
}

int main(int argc, char **argv)
{
	scmp_filter_ctx ctx __attribute__((cleanup(release_filter))) = NULL;
	uint32_t clone_action;
	bool kill_iptables = false;
	int rc;

	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	if (argc < 3) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "docker")) {
		clone_action = SCMP_ACT_ERRNO(EPERM);
	} else if (!strcmp(argv[1], "docker-kill")) {
		clone_action = SCMP_ACT_KILL_PROCESS;
	} else if (!strcmp(argv[1], "docker-trap")) {
		clone_action = SCMP_ACT_TRAP;
	} else if (!strcmp(argv[1], "landlock-kill")) {
		clone_action = SCMP_ACT_ALLOW; /* no namespace rule at all */
	} else if (!strcmp(argv[1], "iptables-kill")) {
		clone_action = SCMP_ACT_ALLOW;
		kill_iptables = true;
	} else {
		fprintf(stderr, "seccomp-jail: unknown mode '%s'\n", argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}

	ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx) {
		fprintf(stderr, "seccomp-jail: seccomp_init failed\n");
		return 1;
	}
	/* NO_NEW_PRIVS is libseccomp's default; set it explicitly so an
	 * unprivileged caller can load the filter too. */
	rc = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1);
	if (clone_action == SCMP_ACT_ALLOW) {
		if (rc == 0 && kill_iptables)
			rc = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(getsockopt), 2,
					      SCMP_A1(SCMP_CMP_EQ, IPPROTO_IP), SCMP_A2(SCMP_CMP_EQ, IPT_SO_GET_INFO));
		else if (rc == 0)
			rc = seccomp_rule_add(ctx, SCMP_ACT_KILL_PROCESS, SCMP_SYS(landlock_create_ruleset), 0);
		goto load;
	}
	if (rc == 0)
		rc = add_clone_rules(ctx, clone_action);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(unshare), 0);
	if (rc == 0)
		rc = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(setns), 0);
load:
	if (rc < 0) {
		fprintf(stderr, "seccomp-jail: building the filter: %s\n", strerror(-rc));
		return 1;
	}
	rc = seccomp_load(ctx);
	if (rc < 0) {
		fprintf(stderr, "seccomp-jail: seccomp_load: %s\n", strerror(-rc));
		return 1;
	}

	execvp(argv[2], argv + 2);
	fprintf(stderr, "seccomp-jail: exec %s: %s\n", argv[2], strerror(errno));
	return 127;
}
