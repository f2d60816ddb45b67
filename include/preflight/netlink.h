/* SPDX-License-Identifier: MIT */
/* Minimal rtnetlink requests used by the probes: no `ip` binary needed,
 * and every request answers with an errno we can read as a fact. */
#pragma once

#include <stdint.h>

/* Open a NETLINK_ROUTE socket. Returns fd or -errno. */
int pf_nl_open(void);
/* RTM_DELLINK for ifindex. Returns 0 or -errno from the kernel's answer. */
int pf_nl_dellink(int fd, int ifindex);
/* Set IFF_UP on ifindex. */
int pf_nl_link_up(int fd, int ifindex);
/* RTM_NEWLINK type veth with the given peer name. */
int pf_nl_add_veth(int fd, const char *name, const char *peer);
/* RTM_NEWADDR: an IPv4 address (network byte order) on ifindex. */
int pf_nl_addr_add(int fd, int ifindex, uint32_t addr_be, int prefix_len);
/* RTM_NEWROUTE: default route via gateway (network byte order) out of ifindex. */
int pf_nl_route_add_default(int fd, int ifindex, uint32_t gateway_be);
