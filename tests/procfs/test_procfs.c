/* SPDX-License-Identifier: MIT */
/* Guard-byte tests for every bounded reader of src/procfs.c: the buffer
 * handed to the reader sits inside a larger array filled with a sentinel,
 * and a value that exactly fills the buffer (and one a byte longer) must
 * leave every byte after it untouched, with the result NUL-terminated
 * inside the buffer. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
