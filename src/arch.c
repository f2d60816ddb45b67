/* SPDX-License-Identifier: MIT */
/* Architecture tables (include/preflight/arch.h).
 *
 * Clone's flags argument: the kernel defines clone(2) with four argument
 * orders (kernel/fork.c in Linux 6.x: CLONE_BACKWARDS, CLONE_BACKWARDS2,
 * CLONE_BACKWARDS3 and the default); only CONFIG_CLONE_BACKWARDS2, selected
 * by arch/s390/Kconfig, moves the flags out of the first argument (stack
 * first, flags second). clone(2)'s man page says the same in "C library/
 * kernel differences", and moby's profiles/seccomp/default.json carries a
 * twin of its clone rule on "index": 1 for the arches s390 and s390x.
 *
 * Seccomp tokens: libseccomp's names (seccomp_arch_resolve_name takes
 * them lowercased without the prefix; Docker profiles use them whole). */
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "preflight/arch.h"

static const struct {
	const char *name;  /* uname -m */
	const char *token; /* libseccomp / Docker */
	unsigned clone_flags_arg;
} arches[PF_ARCH_COUNT] = {
	[PF_ARCH_X86_64] = { "x86_64", "SCMP_ARCH_X86_64", 0 },
	[PF_ARCH_AARCH64] = { "aarch64", "SCMP_ARCH_AARCH64", 0 },
	[PF_ARCH_S390X] = { "s390x", "SCMP_ARCH_S390X", 1 },
	[PF_ARCH_S390] = { "s390", "SCMP_ARCH_S390", 1 },
	[PF_ARCH_X86] = { "i686", "SCMP_ARCH_X86", 0 },
	[PF_ARCH_ARM] = { "armv7l", "SCMP_ARCH_ARM", 0 },
	[PF_ARCH_PPC64LE] = { "ppc64le", "SCMP_ARCH_PPC64LE", 0 },
	[PF_ARCH_RISCV64] = { "riscv64", "SCMP_ARCH_RISCV64", 0 },
};

enum pf_arch pf_arch_current(void)
{
#if defined(__x86_64__) && !defined(__ILP32__)
	return PF_ARCH_X86_64;
#elif defined(__aarch64__)
	return PF_ARCH_AARCH64;
#elif defined(__s390x__)
	return PF_ARCH_S390X;
#elif defined(__s390__)
	return PF_ARCH_S390;
#elif defined(__i386__)
	return PF_ARCH_X86;
#elif defined(__arm__)
	return PF_ARCH_ARM;
#elif defined(__powerpc64__) && defined(__LITTLE_ENDIAN__)
	return PF_ARCH_PPC64LE;
#elif defined(__riscv) && __riscv_xlen == 64
	return PF_ARCH_RISCV64;
#else
	return PF_ARCH_UNKNOWN;
#endif
}

static int valid(enum pf_arch a)
{
	return (unsigned)a < PF_ARCH_COUNT;
}

unsigned pf_clone_flags_arg(enum pf_arch a)
{
	return valid(a) ? arches[a].clone_flags_arg : 0;
}

const char *pf_arch_name(enum pf_arch a)
{
	return valid(a) ? arches[a].name : "unknown";
}

const char *pf_arch_seccomp_token(enum pf_arch a)
{
	return valid(a) ? arches[a].token : NULL;
}

enum pf_arch pf_arch_from_name(const char *name)
{
	if (!name)
		return PF_ARCH_UNKNOWN;
	for (int i = 0; i < PF_ARCH_COUNT; i++)
		if (!strcmp(arches[i].name, name))
			return (enum pf_arch)i;
	/* the other spellings uname gives for the same 32-bit families */
	static const char *const x86[] = { "i386", "i486", "i586" };
	for (size_t i = 0; i < sizeof x86 / sizeof x86[0]; i++)
		if (!strcmp(x86[i], name))
			return PF_ARCH_X86;
	/* 32-bit little-endian ARM: armv6l, armv7l, armv8l (AArch32) */
	size_t n = strlen(name);
	if (n > 5 && !strncmp(name, "armv", 4) && name[n - 1] == 'l')
		return PF_ARCH_ARM;
	return PF_ARCH_UNKNOWN;
}

void pf_clone_args(enum pf_arch a, unsigned long flags, unsigned long args[5])
{
	for (int i = 0; i < 5; i++)
		args[i] = 0;
	args[pf_clone_flags_arg(a)] = flags;
}

long pf_raw_clone(unsigned long flags)
{
	unsigned long args[5];
	pf_clone_args(pf_arch_current(), flags, args);
	return syscall(SYS_clone, args[0], args[1], args[2], args[3], args[4]);
}
