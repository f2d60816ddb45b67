/* SPDX-License-Identifier: MIT */
/* Guard-byte tests for every bounded reader of src/procfs.c: the buffer
 * handed to the reader sits inside a larger array filled with a sentinel,
 * and a value that exactly fills the buffer (and one a byte longer) must
 * leave every byte after it untouched, with the result NUL-terminated
 * inside the buffer. Then the mountinfo parser: lines the kernel wrote,
 * its octal escapes (checked against the kernel's own), malformed lines. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "preflight/procfs.h"

#define SENTINEL 0x5a
#define GUARD 32
/* the buffer size under test: small, so the values are easy to build */
#define SIZE 16

static char dir[] = "/tmp/pf-test-procfs.XXXXXX";

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
	strcpy(dir, "/tmp/pf-test-procfs.XXXXXX");
}

/* arena: GUARD sentinel bytes, the SIZE-byte buffer, GUARD sentinel bytes */
struct arena {
	unsigned char before[GUARD];
	char buf[SIZE];
	unsigned char after[GUARD];
};

static void arena_init(struct arena *a)
{
	memset(a, SENTINEL, sizeof *a);
}

static void arena_check(const struct arena *a, const char *what)
{
	for (size_t i = 0; i < GUARD; i++) {
		ck_assert_msg(a->before[i] == SENTINEL, "%s: byte %zu before the buffer changed", what, GUARD - i);
		ck_assert_msg(a->after[i] == SENTINEL, "%s: byte %zu after the buffer changed (0x%02x)", what, i,
			      a->after[i]);
	}
	ck_assert_msg(memchr(a->buf, '\0', SIZE) != NULL, "%s: no NUL inside the buffer", what);
}

static void fill(char *s, size_t n, char c)
{
	memset(s, c, n);
	s[n] = '\0';
}

static void write_file(const char *name, const char *text, size_t len)
{
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

/* pf_read_file: SIZE-1 bytes fill the buffer with its NUL; SIZE and more
 * are cut at SIZE-1 */
START_TEST(test_read_file_exact)
{
	char text[SIZE + 8];
	for (size_t len = SIZE - 2; len <= SIZE + 1; len++) {
		fill(text, len, 'x');
		write_file("f", text, len);
		struct arena a;
		arena_init(&a);
		ssize_t n = pf_read_file(dir, "/f", a.buf, SIZE);
		arena_check(&a, "pf_read_file");
		size_t want = len < SIZE - 1 ? len : SIZE - 1;
		ck_assert_int_eq(n, (ssize_t)want);
		ck_assert_uint_eq(strlen(a.buf), want);
	}
}
END_TEST

/* A /proc file larger than a page is handed out a page or so per read()
 * (seq_file: /proc/kallsyms gives about 4 KiB each time); the reader keeps
 * reading until its buffer is full, so it gets what stdio reads. */
START_TEST(test_read_file_short_reads)
{
	enum { WANT = 32768 };
	FILE *f = fopen("/proc/kallsyms", "r");
	if (!f) {
		fprintf(stderr, "skip test_read_file_short_reads: /proc/kallsyms: %s\n", strerror(errno));
		return;
	}
	static char expected[WANT], got[WANT + 1];
	size_t have = fread(expected, 1, WANT, f);
	fclose(f);
	ck_assert_uint_eq(have, WANT);
	int fd = open("/proc/kallsyms", O_RDONLY);
	ck_assert_int_ge(fd, 0);
	ssize_t first = read(fd, got, WANT);
	close(fd);
	ck_assert_msg(first > 0 && first < WANT - 1, "a first read() of %zd bytes is not short", first);
	ssize_t n = pf_read_file("/", "/proc/kallsyms", got, sizeof got);
	ck_assert_int_eq(n, WANT);
	ck_assert_int_eq(memcmp(got, expected, WANT), 0);
	ck_assert_int_eq(got[WANT], '\0');
}
END_TEST

/* pf_read_long reads through a 64-byte buffer: 63 digits fill it */
START_TEST(test_read_long_exact)
{
	char text[80];
	long v = -1;
	fill(text, 63, ' ');
	text[62] = '7';
	write_file("n", text, 63);
	ck_assert_int_eq(pf_read_long(dir, "/n", &v), 0);
	ck_assert_int_eq(v, 7);
	fill(text, 64, ' ');
	text[63] = '7'; /* cut off: nothing but blanks is read */
	write_file("n", text, 64);
	ck_assert_int_eq(pf_read_long(dir, "/n", &v), -EINVAL);
}
END_TEST

/* pf_readlink: a target of SIZE-1 bytes fills the buffer; longer ones
 * are cut */
START_TEST(test_readlink_exact)
{
	char target[SIZE + 8], path[PATH_MAX];
	snprintf(path, sizeof path, "%s/l", dir);
	for (size_t len = SIZE - 2; len <= SIZE + 1; len++) {
		fill(target, len, 't');
		unlink(path);
		ck_assert_int_eq(symlink(target, path), 0);
		struct arena a;
		arena_init(&a);
		ssize_t n = pf_readlink(dir, "/l", a.buf, SIZE);
		arena_check(&a, "pf_readlink");
		size_t want = len < SIZE - 1 ? len : SIZE - 1;
		ck_assert_int_eq(n, (ssize_t)want);
		ck_assert_uint_eq(strlen(a.buf), want);
	}
}
END_TEST

/* pf_status_field: a value of SIZE-1 bytes fills out; longer ones are cut */
START_TEST(test_status_field_exact)
{
	char value[SIZE + 8], text[128];
	for (size_t len = SIZE - 2; len <= SIZE + 1; len++) {
		fill(value, len, 'v');
		snprintf(text, sizeof text, "Name:\tx\nKey:\t%s\nOther:\t1\n", value);
		struct arena a;
		arena_init(&a);
		ck_assert_int_eq(pf_status_field(text, "Key", a.buf, SIZE), 0);
		arena_check(&a, "pf_status_field");
		size_t want = len < SIZE - 1 ? len : SIZE - 1;
		ck_assert_uint_eq(strlen(a.buf), want);
		ck_assert(strncmp(a.buf, value, want) == 0);
	}
	/* the last line, without a newline */
	fill(value, SIZE - 1, 'w');
	snprintf(text, sizeof text, "Key:\t%s", value);
	struct arena a;
	arena_init(&a);
	ck_assert_int_eq(pf_status_field(text, "Key", a.buf, SIZE), 0);
	arena_check(&a, "pf_status_field (last line)");
	ck_assert_str_eq(a.buf, value);
}
END_TEST

/* pf_root_path: a joined path of SIZE-1 bytes fits; SIZE bytes is
 * ENAMETOOLONG, and nothing past the buffer is written either way */
/* A key is matched whole: "Seccomp" must not take "Seccomp_filters:"'s
 * value even when that line comes first. */
START_TEST(test_status_field_whole_key)
{
	char out[SIZE];
	ck_assert_int_eq(pf_status_field("Seccomp_filters:\t1\nSeccomp:\t2\n", "Seccomp", out, sizeof out), 0);
	ck_assert_str_eq(out, "2");
	ck_assert_int_eq(pf_status_field("Seccomp_filters:\t1\n", "Seccomp", out, sizeof out), -ENOENT);
}
END_TEST

START_TEST(test_root_path_exact)
{
	char path[SIZE + 8];
	for (size_t len = SIZE - 2; len <= SIZE + 1; len++) {
		fill(path, len, 'p');
		path[0] = '/';
		struct arena a;
		arena_init(&a);
		int r = pf_root_path("/", path, a.buf, SIZE);
		arena_check(&a, "pf_root_path");
		if (len <= SIZE - 1) {
			ck_assert_int_eq(r, 0);
			ck_assert_str_eq(a.buf, path);
		} else {
			ck_assert_int_eq(r, -ENAMETOOLONG);
		}
	}
	/* with a root: "/r" + "/ppp..." */
	fill(path, SIZE - 3, 'q');
	path[0] = '/';
	struct arena a;
	arena_init(&a);
	ck_assert_int_eq(pf_root_path("/r/", path, a.buf, SIZE), 0);
	arena_check(&a, "pf_root_path (root)");
	ck_assert_uint_eq(strlen(a.buf), SIZE - 1);
}
END_TEST

/* ---- mountinfo (pf_unescape_octal, pf_mountinfo_parse_line, _each) ---- */

static void parse_ok(const char *line, const char *root, const char *mountpoint, const char *fstype, const char *source)
{
	struct pf_mount m;
	ck_assert_msg(pf_mountinfo_parse_line(line, strlen(line), &m) == 0, "not parsed: %s", line);
	ck_assert_str_eq(m.root, root);
	ck_assert_str_eq(m.mountpoint, mountpoint);
	ck_assert_str_eq(m.fstype, fstype);
	ck_assert_str_eq(m.source, source);
}

/* Lines as the kernel wrote them: this machine's /proc/self/mountinfo and
 * the captured trees of tests/fixtures (optional fields, gVisor's two
 * spaces before the separator, an OverlayFS root). */
START_TEST(test_mountinfo_real_lines)
{
	parse_ok("21 26 0:20 / /proc rw,relatime - proc proc rw", "/", "/proc", "proc", "proc");
	parse_ok("24 23 0:22 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24683620k", "/", "/dev/shm", "tmpfs",
		 "tmpfs");
	/* tests/fixtures/docker */
	parse_ok(
		"85 67 254:0 /tmp/dkr/data/containers/e5975a11923733f10fafcd37f09235f9af16e8ef3ef51c38508c5ea815b20c50"
		"/hostname /etc/hostname rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534",
		"/tmp/dkr/data/containers/e5975a11923733f10fafcd37f09235f9af16e8ef3ef51c38508c5ea815b20c50/hostname",
		"/etc/hostname", "ext4", "/dev/vda");
	/* tests/fixtures/lxc-execute: an optional field before the separator */
	parse_ok(
		"53 101 0:48 /.lxc-boot-id /proc/sys/kernel/random/boot_id ro,nosuid,nodev,noexec,relatime shared:3"
		" - tmpfs none rw,size=492k,mode=755",
		"/.lxc-boot-id", "/proc/sys/kernel/random/boot_id", "tmpfs", "none");
	/* tests/fixtures/gvisor: no optional field, two spaces before " - " */
	parse_ok("16 8 0:15 / /etc/hostname rw  - 9p none rw,trans=fd,rfdno=7,wfdno=7,aname=/", "/", "/etc/hostname",
		 "9p", "none");
	/* tests/fixtures/kata */
	parse_ok("95 80 0:26 / / rw,relatime - virtiofs kataShared rw", "/", "/", "virtiofs", "kataShared");
	/* no super options after the source: still two fields after " - " */
	parse_ok("1 0 8:1 / / rw - ext4 /dev/sda1", "/", "/", "ext4", "/dev/sda1");
}
END_TEST

/* Lines without the fields the probes need are refused, and every
 * refusal leaves the walk to the next line. */
START_TEST(test_mountinfo_malformed)
{
	static const char *const bad[] = {
		"",
		"   ",
		"21 26 0:20 /",                                /* four fields */
		"21 26 0:20 / /proc",                          /* five, no separator */
		"21 26 0:20 / /proc rw,relatime proc proc rw", /* no " - " */
		"21 26 0:20 / /proc rw,relatime - proc",       /* one field after it */
		"21 26 0:20 / /proc rw,relatime -",            /* nothing after it */
		"21 26 0:20 / /proc rw,relatime - ",
		"21 26 0:20 / /proc rw,relatime -proc proc rw", /* "-" glued to the type */
		"- proc proc rw",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct pf_mount m;
		ck_assert_msg(pf_mountinfo_parse_line(bad[i], strlen(bad[i]), &m) == -EINVAL, "parsed: \"%s\"", bad[i]);
	}
	/* a "-" among the first five fields is a field (here the root), not
	 * the separator: " - " is looked for only after them */
	struct pf_mount m;
	ck_assert_int_eq(pf_mountinfo_parse_line("1 2 3 - / x - t s", 17, &m), 0);
	ck_assert_str_eq(m.root, "-");
	ck_assert_str_eq(m.mountpoint, "/");
	ck_assert_str_eq(m.fstype, "t");
	ck_assert_str_eq(m.source, "s");
}
END_TEST

/* Nothing past len is read: the same line cut short parses what is left. */
START_TEST(test_mountinfo_len_bound)
{
	const char *line = "21 26 0:20 / /proc rw,relatime - proc procXYZ rw";
	size_t cut = strlen("21 26 0:20 / /proc rw,relatime - proc proc");
	struct pf_mount m;
	ck_assert_int_eq(pf_mountinfo_parse_line(line, cut, &m), 0);
	ck_assert_str_eq(m.source, "proc");
	/* cut inside the type: one field after the separator */
	ck_assert_int_eq(pf_mountinfo_parse_line(line, strlen("21 26 0:20 / /proc rw,relatime - pr"), &m), -EINVAL);
	/* an exactly sized heap copy with no NUL (an overread is an ASan error) */
	size_t n = strlen(line);
	char *exact = malloc(n);
	ck_assert_ptr_nonnull(exact);
	memcpy(exact, line, n);
	ck_assert_int_eq(pf_mountinfo_parse_line(exact, n, &m), 0);
	ck_assert_str_eq(m.source, "procXYZ");
	free(exact);
}
END_TEST

START_TEST(test_unescape_octal)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{ "/a\\040b", "/a b" },                               /* space */
		{ "/a\\011b", "/a\tb" },                              /* tab */
		{ "/a\\012b", "/a\nb" },                              /* newline */
		{ "/a\\134b", "/a\\b" },                              /* backslash */
		{ "\\040\\040", "  " },   { "/a\\400b", "/a\\400b" }, /* first digit above 3: not an escape */
		{ "/a\\08b", "/a\\08b" },                             /* 8 is not octal */
		{ "/a\\04", "/a\\04" },                               /* too short at the end */
		{ "/a\\", "/a\\" },       { "\\\\040", "\\ " },       /* a backslash, then an escape */
		{ "\\1010", "A0" },       { "", "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char out[32];
		pf_unescape_octal(cases[i].in, strlen(cases[i].in), out, sizeof out);
		ck_assert_msg(strcmp(out, cases[i].out) == 0, "\"%s\" gave \"%s\"", cases[i].in, out);
	}
	/* an escape cut by len is not completed from the bytes after it */
	char cut[8];
	pf_unescape_octal("/a\\040", 5, cut, sizeof cut);
	ck_assert_str_eq(cut, "/a\\04");
	/* \000 decodes to a NUL that ends the string there */
	char out[8];
	pf_unescape_octal("a\\000b", 6, out, sizeof out);
	ck_assert_str_eq(out, "a");
}
END_TEST

/* pf_unescape_octal: SIZE-1 decoded bytes fill the buffer, more are cut,
 * an escape straddling the end is decoded whole or not at all */
START_TEST(test_unescape_octal_exact)
{
	char text[SIZE + 16];
	for (size_t len = SIZE - 2; len <= SIZE + 1; len++) {
		fill(text, len, 'e');
		struct arena a;
		arena_init(&a);
		pf_unescape_octal(text, len, a.buf, SIZE);
		arena_check(&a, "pf_unescape_octal");
		ck_assert_uint_eq(strlen(a.buf), len < SIZE - 1 ? len : SIZE - 1);
	}
	/* SIZE-2 plain bytes and an escape: SIZE-1 decoded, the buffer full */
	fill(text, SIZE - 2, 'e');
	strcat(text, "\\040");
	struct arena a;
	arena_init(&a);
	pf_unescape_octal(text, strlen(text), a.buf, SIZE);
	arena_check(&a, "pf_unescape_octal (escape last)");
	ck_assert_uint_eq(strlen(a.buf), SIZE - 1);
	ck_assert_int_eq(a.buf[SIZE - 2], ' ');
	/* SIZE-1 plain bytes and an escape: the escape is cut, not half-copied */
	fill(text, SIZE - 1, 'e');
	strcat(text, "\\040");
	arena_init(&a);
	pf_unescape_octal(text, strlen(text), a.buf, SIZE);
	arena_check(&a, "pf_unescape_octal (escape cut)");
	ck_assert_uint_eq(strlen(a.buf), SIZE - 1);
	ck_assert_int_eq(a.buf[SIZE - 2], 'e');
	/* a one-byte buffer: only the NUL */
	arena_init(&a);
	pf_unescape_octal("\\040abc", 7, a.buf, 1);
	arena_check(&a, "pf_unescape_octal (size 1)");
	ck_assert_str_eq(a.buf, "");
}
END_TEST

/* Every field longer than its buffer is cut to fit, and nothing after the
 * struct is written. */
START_TEST(test_mountinfo_fields_exact)
{
	struct {
		struct pf_mount m;
		unsigned char after[GUARD];
	} g;
	size_t lens[] = { sizeof g.m.root, sizeof g.m.mountpoint, sizeof g.m.fstype, sizeof g.m.source };
	char *fields[4];
	for (int i = 0; i < 4; i++) {
		fields[i] = malloc(lens[i] + 2);
		ck_assert_ptr_nonnull(fields[i]);
		fill(fields[i], lens[i] + 1, (char)('a' + i)); /* one byte too many */
		fields[i][0] = i < 2 ? '/' : 'x';
	}
	char *line = malloc(4096);
	ck_assert_ptr_nonnull(line);
	snprintf(line, 4096, "1 2 3:4 %s %s rw - %s %s rw", fields[0], fields[1], fields[2], fields[3]);
	memset(&g, SENTINEL, sizeof g);
	ck_assert_int_eq(pf_mountinfo_parse_line(line, strlen(line), &g.m), 0);
	for (size_t i = 0; i < GUARD; i++)
		ck_assert_msg(g.after[i] == SENTINEL, "byte %zu after struct pf_mount changed", i);
	const char *got[] = { g.m.root, g.m.mountpoint, g.m.fstype, g.m.source };
	for (int i = 0; i < 4; i++) {
		ck_assert_uint_eq(strlen(got[i]), lens[i] - 1);
		ck_assert(strncmp(got[i], fields[i], lens[i] - 1) == 0);
		free(fields[i]);
	}
	free(line);
}
END_TEST

struct visit_log {
	int calls;
	int stop_at;
	char mountpoints[4][sizeof(((struct pf_mount *)0)->mountpoint)];
};

static bool log_visit(const struct pf_mount *m, void *arg)
{
	struct visit_log *v = arg;
	if (v->calls < 4)
		snprintf(v->mountpoints[v->calls], sizeof v->mountpoints[0], "%s", m->mountpoint);
	return ++v->calls == v->stop_at;
}

/* The walk: well-formed lines in order, malformed and empty ones
 * skipped, a last line without a newline taken, stopped on request. */
START_TEST(test_mountinfo_each)
{
	const char *text =
		"21 26 0:20 / /proc rw,relatime - proc proc rw\n"
		"garbage\n"
		"\n"
		"22 26 0:21 / /sys rw,relatime - sysfs sysfs rw\n"
		"23 26 0:6 / /dev rw,relatime -\n"
		"24 23 0:22 / /dev/shm\\040x rw,relatime - tmpfs tmpfs rw";
	struct visit_log v = { 0, -1, { "" } };
	ck_assert(!pf_mountinfo_each(text, log_visit, &v));
	ck_assert_int_eq(v.calls, 3);
	ck_assert_str_eq(v.mountpoints[0], "/proc");
	ck_assert_str_eq(v.mountpoints[1], "/sys");
	ck_assert_str_eq(v.mountpoints[2], "/dev/shm x");
	struct visit_log stop = { 0, 2, { "" } };
	ck_assert(pf_mountinfo_each(text, log_visit, &stop));
	ck_assert_int_eq(stop.calls, 2);
	struct visit_log none = { 0, -1, { "" } };
	ck_assert(!pf_mountinfo_each("", log_visit, &none));
	ck_assert_int_eq(none.calls, 0);
}
END_TEST

struct find_mount {
	const char *mountpoint;
	struct pf_mount found;
	int hits;
};

static bool find_visit(const struct pf_mount *m, void *arg)
{
	struct find_mount *f = arg;
	if (strcmp(m->mountpoint, f->mountpoint) != 0)
		return false;
	f->found = *m;
	f->hits++;
	return false;
}

/* The kernel's own escapes: in a private mount namespace, a tmpfs whose
 * source and mount point hold a space, a tab, a newline and a backslash,
 * and a bind mount of a directory with a space in its name (the root
 * field); /proc/self/mountinfo, read through pf_read_file, must give them
 * back decoded. Runs in Check's forked child, so the mounts go with its
 * namespace. */
START_TEST(test_mountinfo_kernel_escapes)
{
	if (unshare(CLONE_NEWNS) < 0) {
		fprintf(stderr, "SKIP test_mountinfo_kernel_escapes: unshare(CLONE_NEWNS): %s (needs root)\n",
			strerror(errno));
		return;
	}
	ck_assert_int_eq(mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL), 0);
	char mnt[PATH_MAX / 2], sub[PATH_MAX], bind[PATH_MAX];
	snprintf(mnt, sizeof mnt, "%s/m p\tq\nr\\s", dir);
	snprintf(bind, sizeof bind, "%s/b", dir);
	ck_assert_int_eq(mkdir(mnt, 0700), 0);
	ck_assert_int_eq(mkdir(bind, 0700), 0);
	ck_assert_int_eq(mount("src x\\y", mnt, "tmpfs", 0, "size=64k"), 0);
	snprintf(sub, sizeof sub, "%s/sub dir", mnt);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	ck_assert_int_eq(mount(sub, bind, NULL, MS_BIND, NULL), 0);

	char *text = malloc(PF_READ_MAX);
	ck_assert_ptr_nonnull(text);
	ck_assert_int_gt(pf_read_file("/", "/proc/self/mountinfo", text, PF_READ_MAX), 0);
	/* the raw text has the escapes, not the bytes */
	ck_assert_ptr_nonnull(strstr(text, "/m\\040p\\011q\\012r\\134s "));
	struct find_mount f = { .mountpoint = mnt };
	pf_mountinfo_each(text, find_visit, &f);
	ck_assert_int_eq(f.hits, 1);
	ck_assert_str_eq(f.found.root, "/");
	ck_assert_str_eq(f.found.fstype, "tmpfs");
	ck_assert_str_eq(f.found.source, "src x\\y");
	struct find_mount b = { .mountpoint = bind };
	pf_mountinfo_each(text, find_visit, &b);
	ck_assert_int_eq(b.hits, 1);
	ck_assert_str_eq(b.found.root, "/sub dir");
	ck_assert_str_eq(b.found.fstype, "tmpfs");
	free(text);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("procfs");
	TCase *tc = tcase_create("bounded");
	/* unchecked: made and removed in this process, so a failed test (its
	 * forked child exits at once) leaves nothing behind */
	tcase_add_unchecked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_read_file_exact);
	tcase_add_test(tc, test_read_file_short_reads);
	tcase_add_test(tc, test_read_long_exact);
	tcase_add_test(tc, test_readlink_exact);
	tcase_add_test(tc, test_status_field_exact);
	tcase_add_test(tc, test_status_field_whole_key);
	tcase_add_test(tc, test_root_path_exact);
	suite_add_tcase(s, tc);
	TCase *mi = tcase_create("mountinfo");
	tcase_add_unchecked_fixture(mi, setup, teardown);
	tcase_add_test(mi, test_mountinfo_real_lines);
	tcase_add_test(mi, test_mountinfo_malformed);
	tcase_add_test(mi, test_mountinfo_len_bound);
	tcase_add_test(mi, test_unescape_octal);
	tcase_add_test(mi, test_unescape_octal_exact);
	tcase_add_test(mi, test_mountinfo_fields_exact);
	tcase_add_test(mi, test_mountinfo_each);
	tcase_add_test(mi, test_mountinfo_kernel_escapes);
	suite_add_tcase(s, mi);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
