/* SPDX-License-Identifier: MIT */
/* Per-architecture facts the probes and the seccomp profile need: which
 * clone(2) argument carries the flags, and how libseccomp and Docker's
 * profiles name the architecture. Pure tables, no I/O. */
#pragma once

enum pf_arch {
	PF_ARCH_X86_64,
	PF_ARCH_AARCH64,
	PF_ARCH_S390X,
	PF_ARCH_S390,
	PF_ARCH_X86,
	PF_ARCH_ARM,
	PF_ARCH_PPC64LE,
	PF_ARCH_RISCV64,
	PF_ARCH_UNKNOWN,
	PF_ARCH_COUNT = PF_ARCH_UNKNOWN
};

/* The architecture this binary was compiled for. */
enum pf_arch pf_arch_current(void);

/* Index (0-based) of the clone(2) argument that holds the flags: 1 on
 * s390/s390x (CONFIG_CLONE_BACKWARDS2: stack first, flags second), 0 on
 * every other architecture (kernel/fork.c, the clone SYSCALL_DEFINE
 * variants). PF_ARCH_UNKNOWN answers 0. */
unsigned pf_clone_flags_arg(enum pf_arch a);

/* The uname(2) machine spelling ("x86_64", "aarch64", "s390x", ...);
 * "unknown" for PF_ARCH_UNKNOWN or a value out of range. */
const char *pf_arch_name(enum pf_arch a);

/* PF_ARCH_UNKNOWN when name is not a machine this table knows. Accepts
 * the uname spellings ("i686" and the other x86 ones, "armv7l", ...). */
enum pf_arch pf_arch_from_name(const char *name);

/* libseccomp's token, as Docker profiles spell it in "architectures" and
 * "archMap" ("SCMP_ARCH_X86_64", ...); NULL for PF_ARCH_UNKNOWN. */
const char *pf_arch_seccomp_token(enum pf_arch a);

/* The five raw clone(2) arguments for a fork-like clone on architecture a:
 * every argument 0 but the flags word, in the slot pf_clone_flags_arg
 * names. Pure. */
void pf_clone_args(enum pf_arch a, unsigned long flags, unsigned long args[5]);

/* clone(2) with no stack, as Go's runtime issues it for SysProcAttr: 0 in
 * the child, the child's pid or -1 with errno in the caller. The flags go
 * where this architecture expects them. */
long pf_raw_clone(unsigned long flags);
