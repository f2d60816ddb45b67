/* SPDX-License-Identifier: MIT */
/* /proc/self/mountinfo parsing (src/procfs.c): pf_mountinfo_each over the
 * input as text, pf_mountinfo_parse_line over the raw bytes with nothing
 * after them (an overread is an ASan error), and pf_unescape_octal into a
 * small buffer with guard bytes after it. Every field that comes back must
 * be NUL-terminated inside its buffer and no longer than the input. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "preflight/procfs.h"

struct walk {
	size_t input_len;
	size_t lines;
};

static void check_mount(const struct pf_mount *m, size_t input_len)
{
	const struct {
		const char *s;
		size_t size;
	} f[] = {
		{ m->root, sizeof m->root },
		{ m->mountpoint, sizeof m->mountpoint },
		{ m->fstype, sizeof m->fstype },
		{ m->source, sizeof m->source },
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		size_t n = strnlen(f[i].s, f[i].size);
		if (n == f[i].size || n > input_len)
			abort(); /* not terminated, or grew while decoding */
	}
}

static bool visit(const struct pf_mount *m, void *arg)
{
	struct walk *w = arg;
	check_mount(m, w->input_len);
	w->lines++;
	/* stop at the root mount sometimes, as the kata signal does */
	return strcmp(m->mountpoint, "/") == 0 && (w->lines & 1);
}

#define GUARD 16
#define SMALL 8
#define SENTINEL 0x5a

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);
	struct walk w = { size, 0 };
	pf_mountinfo_each(text, visit, &w);
	free(text);

	/* the raw bytes as one line, in an exactly sized copy */
	char *line = malloc(size ? size : 1);
	if (!line)
		abort();
	memcpy(line, data, size);
	struct pf_mount m;
	if (pf_mountinfo_parse_line(line, size, &m) == 0)
		check_mount(&m, size);

	unsigned char small[SMALL + GUARD];
	memset(small, SENTINEL, sizeof small);
	pf_unescape_octal(line, size, (char *)small, SMALL);
	if (!memchr(small, '\0', SMALL))
		abort();
	for (size_t i = SMALL; i < sizeof small; i++)
		if (small[i] != SENTINEL)
			abort();
	free(line);
	return 0;
}
