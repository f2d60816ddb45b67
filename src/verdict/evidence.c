/* SPDX-License-Identifier: MIT */
/* The words for what a probe saw: a bounded appender, errno and signal
 * names, oracle and iptables proof results. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "decide.h"

void vd_sb_init(struct sbuf *s, char *buf, size_t size)
{
	s->buf = buf;
	s->size = size;
	s->len = 0;
	if (size)
		buf[0] = '\0';
}

void vd_sb_add(struct sbuf *s, const char *fmt, ...)
{
	if (s->len + 1 >= s->size)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(s->buf + s->len, s->size - s->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	s->len += (size_t)n;
	if (s->len >= s->size)
		s->len = s->size - 1;
}

const char *vd_errname(int err)
{
	const char *name = strerrorname_np(err);
	return name ? name : "an unknown errno";
}

bool vd_attempt_failed(const struct pf_attempt *a)
{
	return a->attempted && (a->err != 0 || a->signal != 0 || a->timed_out);
}

bool vd_attempt_ok(const struct pf_attempt *a)
{
	return a->attempted && !vd_attempt_failed(a);
}

/* "ok", "EPERM", "killed by SIGSYS", "timed out", "not tried" */
const char *vd_attempt_result(const struct pf_attempt *a, char *buf, size_t size)
{
	if (!a->attempted)
		return "not tried";
	if (a->timed_out)
		return "timed out";
	if (a->signal) {
		const char *abbrev = sigabbrev_np(a->signal);
		if (abbrev)
			snprintf(buf, size, "killed by SIG%s", abbrev);
		else
			snprintf(buf, size, "killed by signal %d", a->signal);
		return buf;
	}
	if (a->err == 0)
		return "ok";
	return vd_errname(a->err);
}

/* "allowed (EINVAL)", "denied: EPERM, expected EINVAL", "killed by SIGSYS" */
void vd_oracle_describe(struct sbuf *s, const struct pf_oracle *o)
{
	char tmp[48];
	switch (o->gate) {
	case PF_GATE_ALLOWED: vd_sb_add(s, "allowed (%s)", vd_attempt_result(&o->call, tmp, sizeof tmp)); break;
	case PF_GATE_DENIED:
		vd_sb_add(s, "denied: %s, expected %s", vd_attempt_result(&o->call, tmp, sizeof tmp),
			  vd_errname(o->expected_errno));
		break;
	case PF_GATE_NOSYS: vd_sb_add(s, "denied: ENOSYS, expected %s", vd_errname(o->expected_errno)); break;
	case PF_GATE_KILLED: vd_sb_add(s, "killed by SIGSYS (seccomp KILL/TRAP)"); break;
	case PF_GATE_UNKNOWN:
	default: vd_sb_add(s, "unknown (%s)", vd_attempt_result(&o->call, tmp, sizeof tmp)); break;
	}
}

bool vd_gate_blocks(enum pf_gate g)
{
	return g == PF_GATE_DENIED || g == PF_GATE_NOSYS || g == PF_GATE_KILLED;
}

/* Why, in words, a proof failed; what boundary's iptables would print. */
const char *vd_iptables_cause_text(enum pf_iptables_cause cause, int err, char *buf, size_t size)
{
	switch (cause) {
	case PF_IPT_LOCK:
		snprintf(buf, size,
			 "iptables-legacy cannot open its lock file %s (%s; it is root's, mode 0600): "
			 "\"can't open lock file\"",
			 "/run/xtables.lock", vd_errname(err));
		break;
	case PF_IPT_NO_NET_RAW:
		snprintf(buf, size,
			 "iptables-legacy needs a raw socket, which needs CAP_NET_RAW (%s): \"can't "
			 "initialize iptables table 'nat': Permission denied\"",
			 vd_errname(err));
		break;
	case PF_IPT_NO_BACKEND:
		snprintf(buf, size,
			 "the kernel has no tables for this iptables variant (%s: module missing or "
			 "not built)",
			 vd_errname(err));
		break;
	case PF_IPT_KILLED:
		snprintf(buf, size, "the proof was killed or hung (a seccomp KILL/TRAP on socket or getsockopt)");
		break;
	case PF_IPT_NO_NET_ADMIN:
		snprintf(buf, size, "the nat table refuses this process (EPERM: CAP_NET_ADMIN)");
		break;
	default: snprintf(buf, size, "%s", vd_errname(err)); break;
	}
	return buf;
}
