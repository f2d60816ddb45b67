/* SPDX-License-Identifier: MIT */
/* rtnetlink in a few dozen lines: build one request, read its ack. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "preflight/netlink.h"

struct nl_req {
	struct nlmsghdr nh;
	struct ifinfomsg ifi;
	char attrs[512];
};

int pf_nl_open(void)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		int err = errno;
		close(fd);
		return -err;
	}
	return fd;
}

static void req_init(struct nl_req *r, int type, int flags)
{
	memset(r, 0, sizeof *r);
	r->nh.nlmsg_len = NLMSG_LENGTH(sizeof r->ifi);
	r->nh.nlmsg_type = (unsigned short)type;
	r->nh.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | NLM_F_ACK | flags);
	r->nh.nlmsg_seq = 1;
	r->ifi.ifi_family = AF_UNSPEC;
}

/* Append an attribute; returns it (for nesting) or NULL when out of room. */
static struct rtattr *attr_add(struct nl_req *r, unsigned short type, const void *data, size_t len)
{
	size_t off = NLMSG_ALIGN(r->nh.nlmsg_len);
	size_t need = RTA_LENGTH(len);
	if (off + RTA_ALIGN(need) > sizeof *r)
		return NULL;
	struct rtattr *a = (struct rtattr *)((char *)r + off);
	a->rta_type = type;
	a->rta_len = (unsigned short)need;
	if (len)
		memcpy(RTA_DATA(a), data, len);
	r->nh.nlmsg_len = (unsigned)(off + RTA_ALIGN(need));
	return a;
}

static void attr_end(struct nl_req *r, struct rtattr *nest)
{
	nest->rta_len = (unsigned short)((char *)r + r->nh.nlmsg_len - (char *)nest);
}

static int transact(int fd, struct nl_req *r)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	ssize_t n = sendto(fd, r, r->nh.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof kernel);
	if (n < 0)
		return -errno;
	char buf[4096];
	for (;;) {
		n = recv(fd, buf, sizeof buf, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		size_t len = (size_t)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);
				return e->error; /* 0 = ack, else -errno */
			}
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
		}
	}
}

/* Requests whose body is not an ifinfomsg: the same buffer, its first
 * bytes reinterpreted (ifaddrmsg and rtmsg are no larger than ifinfomsg). */
_Static_assert(sizeof(struct ifaddrmsg) <= sizeof(struct ifinfomsg), "ifaddrmsg fits the body");
_Static_assert(sizeof(struct rtmsg) <= sizeof(struct ifinfomsg), "rtmsg fits the body");

static void req_init_body(struct nl_req *r, int type, int flags, const void *body, size_t len)
{
	req_init(r, type, flags);
	memset(&r->ifi, 0, sizeof r->ifi);
	memcpy(&r->ifi, body, len);
	r->nh.nlmsg_len = NLMSG_LENGTH(len);
}

int pf_nl_addr_add(int fd, int ifindex, uint32_t addr_be, int prefix_len)
{
	struct ifaddrmsg ifa = {
		.ifa_family = AF_INET,
		.ifa_prefixlen = (unsigned char)prefix_len,
		.ifa_index = (unsigned)ifindex,
	};
	struct nl_req r;
	req_init_body(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &ifa, sizeof ifa);
	if (!attr_add(&r, IFA_LOCAL, &addr_be, sizeof addr_be) || !attr_add(&r, IFA_ADDRESS, &addr_be, sizeof addr_be))
		return -ENOBUFS;
	return transact(fd, &r);
}

int pf_nl_route_add_default(int fd, int ifindex, uint32_t gateway_be)
{
	struct rtmsg rtm = {
		.rtm_family = AF_INET,
		.rtm_table = RT_TABLE_MAIN,
		.rtm_protocol = RTPROT_BOOT,
		.rtm_scope = RT_SCOPE_UNIVERSE,
		.rtm_type = RTN_UNICAST,
	};
	uint32_t oif = (uint32_t)ifindex;
	struct nl_req r;
	req_init_body(&r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, &rtm, sizeof rtm);
	if (!attr_add(&r, RTA_GATEWAY, &gateway_be, sizeof gateway_be) || !attr_add(&r, RTA_OIF, &oif, sizeof oif))
		return -ENOBUFS;
	return transact(fd, &r);
}

int pf_nl_dellink(int fd, int ifindex)
{
	struct nl_req r;
	req_init(&r, RTM_DELLINK, 0);
	r.ifi.ifi_index = ifindex;
	return transact(fd, &r);
}

int pf_nl_link_up(int fd, int ifindex)
{
	struct nl_req r;
	req_init(&r, RTM_NEWLINK, 0);
	r.ifi.ifi_index = ifindex;
	r.ifi.ifi_flags = IFF_UP;
	r.ifi.ifi_change = IFF_UP;
	return transact(fd, &r);
}

int pf_nl_add_veth(int fd, const char *name, const char *peer)
{
	struct nl_req r;
	req_init(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	if (!attr_add(&r, IFLA_IFNAME, name, strlen(name) + 1))
		return -ENAMETOOLONG;
	struct rtattr *linkinfo = attr_add(&r, IFLA_LINKINFO, NULL, 0);
	if (!linkinfo || !attr_add(&r, IFLA_INFO_KIND, "veth", 5))
		return -ENOBUFS;
	struct rtattr *data = attr_add(&r, IFLA_INFO_DATA, NULL, 0);
	struct rtattr *peer_attr = data ? attr_add(&r, VETH_INFO_PEER, NULL, 0) : NULL;
	if (!peer_attr)
		return -ENOBUFS;
	/* the peer's own ifinfomsg, then its attributes */
	struct ifinfomsg peer_ifi = { .ifi_family = AF_UNSPEC };
	size_t off = NLMSG_ALIGN(r.nh.nlmsg_len);
	if (off + sizeof peer_ifi > sizeof r)
		return -ENOBUFS;
	memcpy((char *)&r + off, &peer_ifi, sizeof peer_ifi);
	r.nh.nlmsg_len = (unsigned)(off + NLMSG_ALIGN(sizeof peer_ifi));
	if (!attr_add(&r, IFLA_IFNAME, peer, strlen(peer) + 1))
		return -ENAMETOOLONG;
	attr_end(&r, peer_attr);
	attr_end(&r, data);
	attr_end(&r, linkinfo);
	return transact(fd, &r);
}
