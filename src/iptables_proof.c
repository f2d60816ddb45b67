/* SPDX-License-Identifier: MIT */
/* The side-effect-free proof of what boundary's iptables commands need;
 * see include/preflight/iptables_proof.h and docs/facts.md section 7. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* before the linux/ headers: glibc then owns struct in_addr */
#include <netinet/in.h>

#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netlink.h>

#include "preflight/cleanup.h"
#include "preflight/iptables_proof.h"

/* iptables' own default (iptables/xshared.c, XT_LOCK_NAME) */
#define PF_XTABLES_LOCK_DEFAULT "/run/xtables.lock"

const char *pf_xtables_lock_path(void)
{
	const char *env = getenv("XTABLES_LOCKFILE");
	return env && env[0] ? env : PF_XTABLES_LOCK_DEFAULT;
}

static void attempt_set(struct pf_attempt *a, int err)
{
	a->attempted = true;
	a->err = err;
}

/* legacy iptables opens the lock with O_CREAT, mode 0600: an existing file
 * must be readable by this user, a missing one creatable in its directory.
 * Neither is created here. */
static int prove_lock(void)
{
	const char *path = pf_xtables_lock_path();
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd >= 0)
		return 0;
	if (errno != ENOENT)
		return errno;
	char dir[PATH_MAX];
	snprintf(dir, sizeof dir, "%s", path);
	if (faccessat(AT_FDCWD, dirname(dir), W_OK | X_OK, AT_EACCESS) < 0)
		return errno;
	return 0;
}

static int prove_legacy(struct pf_iptables_proof *out)
{
	int err = prove_lock();
	attempt_set(&out->lock, err);
	if (err)
		return err;
	_cleanup_close_ int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	attempt_set(&out->raw_socket, fd < 0 ? errno : 0);
	if (fd < 0)
		return errno;
	struct ipt_getinfo info;
	memset(&info, 0, sizeof info);
	snprintf(info.name, sizeof info.name, "nat");
	socklen_t len = sizeof info;
	err = getsockopt(fd, IPPROTO_IP, IPT_SO_GET_INFO, &info, &len) < 0 ? errno : 0;
	attempt_set(&out->nat_table, err);
	return err;
}

static int prove_nft(struct pf_iptables_proof *out)
{
	_cleanup_close_ int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
	if (fd < 0) {
		attempt_set(&out->nat_table, errno);
		return errno;
	}
	struct {
		struct nlmsghdr nh;
		struct nfgenmsg nfg;
	} req;
	memset(&req, 0, sizeof req);
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof req.nfg);
	req.nh.nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETGEN;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.nh.nlmsg_seq = 1;
	req.nfg.nfgen_family = AF_UNSPEC;
	req.nfg.version = NFNETLINK_V0;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	int err = 0;
	if (sendto(fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel) < 0) {
		err = errno;
	} else {
		char buf[4096];
		ssize_t n;
		while ((n = recv(fd, buf, sizeof buf, 0)) < 0 && errno == EINTR)
			;
		if (n < 0) {
			err = errno;
		} else {
			/* the first message decides: a NEWGEN answer, or an error */
			const struct nlmsghdr *h = (const struct nlmsghdr *)buf;
			if (!NLMSG_OK(h, (size_t)n))
				err = EPROTO;
			else if (h->nlmsg_type == NLMSG_ERROR)
				err = -((const struct nlmsgerr *)NLMSG_DATA(h))->error;
		}
	}
	attempt_set(&out->nat_table, err);
	return err;
}

void pf_iptables_prove(const char *variant, struct pf_iptables_proof *out)
{
	memset(out, 0, sizeof *out);
	bool legacy = variant && strcmp(variant, "legacy") == 0;
	snprintf(out->variant, sizeof out->variant, "%s", legacy ? "legacy" : "nft");
	out->attempted = true;
	if (legacy)
		prove_legacy(out);
	else
		prove_nft(out);
}
