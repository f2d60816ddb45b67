/* boundary-ops: perform boundary's real nsjail operations (FACTS.md section 1)
 * and print what each step did. It is the ground truth the engine matrix
 * holds boundary-preflight's verdict against: ready must mean these
 * operations succeed.
 *
 * Steps, in boundary's order:
 *   1.1 veth pair in this network namespace (needs CAP_NET_ADMIN here),
 *       its address and link up; is ip_forward writable (allowed to fail;
 *       the current value is written back, never changed).
 *       boundary's iptables rules (nat MASQUERADE, nat REDIRECT, two FORWARD
 *       ACCEPT), run with the real iptables when it is on PATH and removed
 *       again at the end; ip, iptables and sysctl must be on PATH.
 *   1.2 clone(2) (never clone3 or unshare) with CLONE_NEWUSER|CLONE_NEWNET
 *       (CLONE_NEWNET alone with --no-user-namespace); the parent writes
 *       uid_map, setgroups=deny, gid_map as Go's SysProcAttr does, each
 *       mapping the caller's own id with size 1.
 *   1.3 the parent moves the peer into the child's namespace by pid; the
 *       child raises CAP_NET_ADMIN as ambient, waits up to 5 s for the
 *       peer, gives it 192.168.100.2/24, brings it and lo up, adds a
 *       default route, and adds the DNS stub's DNAT rule (1.4).
 *   1.5 not root: boundary re-executes through sudo and setpriv
 *       --inh-caps +net_admin,+sys_admin; both must be on PATH. Whether
 *       setpriv's capset would work is tested too (informational for root).
 *
 * Output: one "step: ok" or "step: FAIL errno-name (text)" line per step,
 * "info:" lines for context, and a closing "RESULT: success" or
 * "RESULT: failure at STEP". Exit 0 on success, 1 on failure, 2 on usage.
 *
 * Everything it creates (links, namespaces, the child) is gone when it
 * exits: the child is killed and the host end of the veth deleted. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h> /* before linux/ headers: glibc defines IFF_* itself */
#include <linux/capability.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <arpa/inet.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define HOST_ADDR "192.168.100.1"
#define CHILD_ADDR "192.168.100.2"
#define PREFIX_LEN 24
#define PEER_WAIT_MS 5000

static const char *first_failure;

static void report(const char *step, int err, bool essential)
{
	if (err == 0) {
		printf("%s: ok\n", step);
	} else {
		printf("%s: FAIL %s (%s)%s\n", step, strerrorname_np(err) ? strerrorname_np(err) : "?",
		       strerror(err), essential ? "" : " [informational]");
		if (essential && !first_failure)
			first_failure = step;
	}
	fflush(stdout);
}

/* ---- rtnetlink ------------------------------------------------------- */

struct nl_msg {
	union {
		struct nlmsghdr hdr;
		char buf[1024];
	};
};

static void nl_init(struct nl_msg *m, int type, int flags, const void *body, size_t len)
{
	memset(m, 0, sizeof(*m));
	m->hdr.nlmsg_len = NLMSG_LENGTH(len);
	m->hdr.nlmsg_type = type;
	m->hdr.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
	memcpy(NLMSG_DATA(&m->hdr), body, len);
}

static struct rtattr *nl_attr(struct nl_msg *m, int type, const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)(m->buf + NLMSG_ALIGN(m->hdr.nlmsg_len));

	if (NLMSG_ALIGN(m->hdr.nlmsg_len) + RTA_SPACE(len) > sizeof(m->buf))
		abort(); /* fixed messages: a programming error */
	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), data, len);
	m->hdr.nlmsg_len = NLMSG_ALIGN(m->hdr.nlmsg_len) + RTA_ALIGN(a->rta_len);
	return a;
}

static void nl_nest_end(struct nl_msg *m, struct rtattr *nest)
{
	nest->rta_len = (unsigned short)(m->buf + m->hdr.nlmsg_len - (char *)nest);
}

/* Send one request, return 0 or the errno of the kernel's answer. */
static int nl_talk(struct nl_msg *m)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	char answer[4096];
	int fd, err;
	ssize_t n;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return errno;
	if (sendto(fd, m->buf, m->hdr.nlmsg_len, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		err = errno;
		close(fd);
		return err;
	}
	n = recv(fd, answer, sizeof(answer), 0);
	err = n < 0 ? errno : EPROTO;
	if (n >= (ssize_t)NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
		struct nlmsghdr *h = (struct nlmsghdr *)answer;

		if (h->nlmsg_type == NLMSG_ERROR)
			err = -((struct nlmsgerr *)NLMSG_DATA(h))->error;
	}
	close(fd);
	return err;
}

static int link_add_veth(const char *name, const char *peer)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct rtattr *linkinfo, *data, *peer_attr;
	struct nl_msg m;

	nl_init(&m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof(ifi));
	nl_attr(&m, IFLA_IFNAME, name, strlen(name) + 1);
	linkinfo = nl_attr(&m, IFLA_LINKINFO, NULL, 0);
	nl_attr(&m, IFLA_INFO_KIND, "veth", 4);
	data = nl_attr(&m, IFLA_INFO_DATA, NULL, 0);
	peer_attr = nl_attr(&m, VETH_INFO_PEER, &ifi, sizeof(ifi));
	nl_attr(&m, IFLA_IFNAME, peer, strlen(peer) + 1);
	nl_nest_end(&m, peer_attr);
	nl_nest_end(&m, data);
	nl_nest_end(&m, linkinfo);
	return nl_talk(&m);
}

static int link_del(const char *name)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	struct nl_msg m;

	nl_init(&m, RTM_DELLINK, 0, &ifi, sizeof(ifi));
	nl_attr(&m, IFLA_IFNAME, name, strlen(name) + 1);
	return nl_talk(&m);
}

static int link_up(const char *name)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_flags = IFF_UP, .ifi_change = IFF_UP };
	struct nl_msg m;

	nl_init(&m, RTM_NEWLINK, 0, &ifi, sizeof(ifi));
	nl_attr(&m, IFLA_IFNAME, name, strlen(name) + 1);
	return nl_talk(&m);
}

/* ip link set NAME netns PID */
static int link_move(const char *name, pid_t pid)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC };
	unsigned int target = (unsigned int)pid;
	struct nl_msg m;

	nl_init(&m, RTM_NEWLINK, 0, &ifi, sizeof(ifi));
	nl_attr(&m, IFLA_IFNAME, name, strlen(name) + 1);
	nl_attr(&m, IFLA_NET_NS_PID, &target, sizeof(target));
	return nl_talk(&m);
}

static int addr_add(const char *name, const char *addr)
{
	struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = PREFIX_LEN };
	struct in_addr in;
	struct nl_msg m;

	ifa.ifa_index = if_nametoindex(name);
	if (ifa.ifa_index == 0)
		return errno;
	inet_pton(AF_INET, addr, &in);
	nl_init(&m, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &ifa, sizeof(ifa));
	nl_attr(&m, IFA_LOCAL, &in, sizeof(in));
	nl_attr(&m, IFA_ADDRESS, &in, sizeof(in));
	return nl_talk(&m);
}

static int route_add_default(const char *name, const char *gateway)
{
	struct rtmsg rtm = {
		.rtm_family = AF_INET,
		.rtm_table = RT_TABLE_MAIN,
		.rtm_protocol = RTPROT_BOOT,
		.rtm_scope = RT_SCOPE_UNIVERSE,
		.rtm_type = RTN_UNICAST,
	};
	unsigned int oif = if_nametoindex(name);
	struct in_addr gw;
	struct nl_msg m;

	if (oif == 0)
		return errno;
	inet_pton(AF_INET, gateway, &gw);
	nl_init(&m, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, &rtm, sizeof(rtm));
	nl_attr(&m, RTA_GATEWAY, &gw, sizeof(gw));
	nl_attr(&m, RTA_OIF, &oif, sizeof(oif));
	return nl_talk(&m);
}

/* ---- small helpers ---------------------------------------------------- */

static int write_file(const char *path, const char *text)
{
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		err = errno ? errno : EIO;
	if (close(fd) < 0 && err == 0)
		err = errno;
	return err;
}

/* Is a sysctl writable? Write its current value back: boundary sets
 * ip_forward=1, but this helper must not change the environment. */
static int rewrite_file(const char *path)
{
	char value[64];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	n = read(fd, value, sizeof(value) - 1);
	close(fd);
	if (n <= 0)
		return n < 0 ? errno : EIO;
	value[n] = '\0';
	return write_file(path, value);
}

static void print_status_lines(void)
{
	static const char *const keys[] = { "Seccomp:", "Seccomp_filters:", "NoNewPrivs:", "CapEff:", "CapBnd:", NULL };
	char line[256];
	FILE *f = fopen("/proc/self/status", "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		for (int i = 0; keys[i]; i++)
			if (strncmp(line, keys[i], strlen(keys[i])) == 0)
				printf("info: %s", line);
	}
	fclose(f);
}

static bool on_path(const char *program)
{
	const char *path = getenv("PATH");
	char candidate[PATH_MAX];

	if (!path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	while (*path) {
		size_t len = strcspn(path, ":");

		if (len > 0 && snprintf(candidate, sizeof(candidate), "%.*s/%s", (int)len, path, program) <
				       (int)sizeof(candidate) &&
		    access(candidate, X_OK) == 0)
			return true;
		path += len;
		if (*path == ':')
			path++;
	}
	return false;
}

/* Run one of boundary's commands (iptables) as boundary does: by PATH,
 * output passed through. Returns 0 or an errno-like code: ENOENT when not
 * on PATH, EPERM standing in for any non-zero exit (its message says why). */
static int run_cmd(char *const argv[])
{
	int status;
	pid_t pid;

	if (!on_path(argv[0]))
		return ENOENT;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return errno;
	if (pid == 0) {
		dup2(STDOUT_FILENO, STDERR_FILENO);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return errno;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	printf("info: %s exited with %d\n", argv[0], WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return EPERM;
}

/* What setpriv --inh-caps +net_admin,+sys_admin does: add both to the
 * inheritable set. Done in a throwaway child so this process keeps its sets. */
static int try_inheritable_caps(void)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return errno;
	if (pid == 0) {
		struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
		struct __user_cap_data_struct data[2];

		if (syscall(SYS_capget, &hdr, data) < 0)
			_exit(errno);
		data[0].inheritable |= (1u << CAP_NET_ADMIN) | (1u << CAP_SYS_ADMIN);
		if (syscall(SYS_capset, &hdr, data) < 0)
			_exit(errno);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) < 0)
		return errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : EINTR;
}

/* Go's AmbientCaps: add to inheritable, then raise as ambient. */
static int raise_ambient_net_admin(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data) < 0)
		return errno;
	data[0].inheritable |= 1u << CAP_NET_ADMIN;
	if (syscall(SYS_capset, &hdr, data) < 0)
		return errno;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_ADMIN, 0, 0) < 0)
		return errno;
	return 0;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* boundary's host-side rules (networking_host.go): action "-A" adds them
 * (reported), "-D" removes them again (quietly: this helper leaves nothing). */
static void iptables_rules(const char *host_if, const char *action, bool add)
{
	char *const masquerade[] = { "iptables", "-t", "nat", (char *)action, "POSTROUTING", "-s", "192.168.100.0/24",
				     "-j", "MASQUERADE", NULL };
	char *const redirect[] = { "iptables", "-t", "nat", (char *)action, "PREROUTING", "-i", (char *)host_if, "-p",
				   "tcp", "-j", "REDIRECT", "--to-ports", "8080", NULL };
	char *const forward_out[] = { "iptables", (char *)action, "FORWARD", "-s", "192.168.100.0/24", "-j", "ACCEPT", NULL };
	char *const forward_in[] = { "iptables", (char *)action, "FORWARD", "-d", "192.168.100.0/24", "-j", "ACCEPT", NULL };
	int err;

	err = run_cmd(masquerade);
	if (add)
		report("iptables-nat-masquerade", err, true);
	err = run_cmd(redirect);
	if (add)
		report("iptables-nat-redirect", err, true);
	err = run_cmd(forward_out);
	if (add)
		report("iptables-forward-out", err, true);
	err = run_cmd(forward_in);
	if (add)
		report("iptables-forward-in", err, true);
}

/* ---- the child: boundary's jailed side ---------------------------------- */

/* Runs in the new namespaces. Waits for "go" from the parent (maps written,
 * peer moved), then configures its side as boundary's child does. Each
 * step's result is printed here; the exit status is the number of failures. */
static int child_main(int go_fd, const char *peer)
{
	long deadline;
	char go;
	int failures = 0, err;

	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (read(go_fd, &go, 1) != 1)
		_exit(100); /* parent gave up: nothing to report */
	close(go_fd);

	err = raise_ambient_net_admin();
	report("child-ambient-cap-net-admin", err, true);
	failures += err != 0;

	deadline = now_ms() + PEER_WAIT_MS;
	while (if_nametoindex(peer) == 0 && now_ms() < deadline)
		usleep(10000);
	err = if_nametoindex(peer) ? 0 : ENODEV;
	report("child-peer-visible", err, true);
	failures += err != 0;

	err = addr_add(peer, CHILD_ADDR);
	report("child-addr-add", err, true);
	failures += err != 0;
	err = link_up(peer);
	report("child-peer-up", err, true);
	failures += err != 0;
	err = link_up("lo");
	report("child-lo-up", err, true);
	failures += err != 0;
	err = route_add_default(peer, HOST_ADDR);
	report("child-default-route", err, true);
	failures += err != 0;
	if (on_path("iptables")) {
		/* 1.4: the DNS stub's DNAT, in the jail's own namespace; the
		 * namespace and its rule vanish with this child. */
		char *const dnat[] = { "iptables", "-t", "nat", "-A", "OUTPUT", "-p", "udp", "--dport", "53", "-j",
				       "DNAT", "--to-destination", "127.0.0.1:5353", NULL };

		err = run_cmd(dnat);
		report("child-iptables-dns-dnat", err, true);
		failures += err != 0;
	}
	return failures;
}

/* ---- the parent: boundary's host side ----------------------------------- */

static int write_maps(pid_t pid, uid_t uid, gid_t gid)
{
	char path[64], map[64];
	int err;

	/* Order as Go's SysProcAttr: uid_map, setgroups deny, gid_map. */
	snprintf(path, sizeof(path), "/proc/%d/uid_map", pid);
	snprintf(map, sizeof(map), "%u %u 1\n", uid, uid);
	err = write_file(path, map);
	report("uid-map", err, true);
	if (err)
		return err;
	snprintf(path, sizeof(path), "/proc/%d/setgroups", pid);
	err = write_file(path, "deny");
	report("setgroups-deny", err, true);
	if (err)
		return err;
	snprintf(path, sizeof(path), "/proc/%d/gid_map", pid);
	snprintf(map, sizeof(map), "%u %u 1\n", gid, gid);
	err = write_file(path, map);
	report("gid-map", err, true);
	return err;
}

static void usage(void)
{
	fprintf(stderr, "usage: boundary-ops [--no-user-namespace]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	bool user_namespace = true, veth_made = false, tools_present;
	char host_if[IFNAMSIZ], peer_if[IFNAMSIZ];
	int go_pipe[2], err, status;
	uid_t uid = geteuid();
	gid_t gid = getegid();
	unsigned long flags;
	pid_t child;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--no-user-namespace") == 0)
			user_namespace = false;
		else
			usage();
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("info: euid=%u egid=%u mode=%s\n", uid, gid, user_namespace ? "user+net" : "net-only");
	print_status_lines();

	/* 1.5: a non-root user needs sudo and setpriv to get the capabilities. */
	err = try_inheritable_caps();
	report("setpriv-inh-caps-net-admin-sys-admin", err, false);
	if (uid != 0) {
		report("escalation-sudo-on-path", on_path("sudo") ? 0 : ENOENT, true);
		report("escalation-setpriv-on-path", on_path("setpriv") ? 0 : ENOENT, true);
	}

	/* boundary runs ip, iptables and sysctl by name (FACTS.md section 1). */
	tools_present = on_path("ip") && on_path("iptables") && on_path("sysctl");
	report("tools-ip-iptables-sysctl-on-path", tools_present ? 0 : ENOENT, true);

	/* 1.1: host side, in this network namespace. */
	snprintf(host_if, sizeof(host_if), "pfops_h%d", (int)(getpid() % 100000));
	snprintf(peer_if, sizeof(peer_if), "pfops_n%d", (int)(getpid() % 100000));
	err = link_add_veth(host_if, peer_if);
	report("veth-add", err, true);
	veth_made = err == 0;
	if (veth_made) {
		report("host-addr-add", addr_add(host_if, HOST_ADDR), true);
		report("host-veth-up", link_up(host_if), true);
	}
	report("sysctl-ip-forward-writable", rewrite_file("/proc/sys/net/ipv4/ip_forward"), false);
	if (tools_present)
		iptables_rules(host_if, "-A", true);

	/* 1.2: the child, by clone(2) as Go issues it. */
	if (pipe2(go_pipe, O_CLOEXEC) < 0) {
		perror("pipe2");
		return 3;
	}
	flags = CLONE_NEWNET | SIGCHLD;
	if (user_namespace)
		flags |= CLONE_NEWUSER;
	fflush(stdout);
	child = (pid_t)syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
	if (child == 0) {
		close(go_pipe[1]);
		_exit(child_main(go_pipe[0], peer_if));
	}
	close(go_pipe[0]);
	report(user_namespace ? "clone-newuser-newnet" : "clone-newnet", child < 0 ? errno : 0, true);

	if (child > 0) {
		bool go = true;

		if (user_namespace)
			go = write_maps(child, uid, gid) == 0;
		/* 1.3: the peer into the child's namespace. */
		if (go && veth_made) {
			err = link_move(peer_if, child);
			report("veth-move-to-child", err, true);
			go = err == 0;
		} else if (go) {
			go = false; /* nothing to move: the child would wait in vain */
		}
		if (go && write(go_pipe[1], "g", 1) != 1)
			go = false;
		close(go_pipe[1]);
		if (waitpid(child, &status, 0) < 0) {
			perror("waitpid");
			return 3;
		}
		if (go && !(WIFEXITED(status) && WEXITSTATUS(status) == 0) && !first_failure)
			first_failure = "child";
	} else {
		close(go_pipe[1]);
	}

	if (tools_present)
		iptables_rules(host_if, "-D", false);
	if (veth_made)
		link_del(host_if);
	if (first_failure) {
		printf("RESULT: failure at %s\n", first_failure);
		return 1;
	}
	printf("RESULT: success\n");
	return 0;
}
