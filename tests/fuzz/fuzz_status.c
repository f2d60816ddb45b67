/* SPDX-License-Identifier: MIT */
/* /proc/self/status parsing: pf_status_field over arbitrary text, and the
 * number parsers on what it finds (Seccomp, NoNewPrivs: decimal; Cap*: hex). */
#include <stdlib.h>

#include "fuzz.h"
#include "preflight/procfs.h"

static const char *const keys[] = {
	"Seccomp", "Seccomp_filters", "NoNewPrivs", "CapEff", "CapPrm", "CapBnd", "CapAmb", "Uid", "",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		char value[64];
		long l;
		uint64_t u;
		if (pf_status_field(text, keys[i], value, sizeof value) == 0) {
			pf_parse_long(value, &l);
			pf_parse_hex_u64(value, &u);
		}
		/* a one-byte buffer: only the NUL fits */
		char tiny[1];
		pf_status_field(text, keys[i], tiny, sizeof tiny);
	}
	long l;
	uint64_t u;
	pf_parse_long(text, &l);
	pf_parse_hex_u64(text, &u);
	free(text);
	return 0;
}
