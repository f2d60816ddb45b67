/* SPDX-License-Identifier: MIT */
/* Fixes written against one container (`boundary-preflight container`):
 * the report's fix snippets name run flags and compose keys for a
 * container started from scratch; this leaves out of them what the
 * container already has (its settings in r->container), so each fix says
 * only what to add. A shell line "docker run ..." / "podman run ..." loses
 * the flags it already has, and the line goes when no flag is left; a
 * compose list (cap_add, security_opt) loses its items the container has,
 * and the key goes with its last item; "runtime: X" goes when it runs X.
 * A fix whose snippet is left with nothing to add is dropped. Pure: no
 * I/O, nothing but the model. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "preflight/strbuf.h"
#include "preflight/report.h"

static bool list_has(const struct pf_string_list *l, const char *s, size_t n)
{
	for (size_t i = 0; i < l->n; i++)
		if (strlen(l->items[i]) == n && strncmp(l->items[i], s, n) == 0)
			return true;
	return false;
}

/* Does the container already hold capability name[0..n) (with or without
 * the CAP_ prefix, any case)? --privileged and "ALL" hold every one. */
static bool has_cap(const struct pf_report_container *c, const char *name, size_t n)
{
	if (c->privileged)
		return true;
	if (n > 4 && strncasecmp(name, "CAP_", 4) == 0) {
		name += 4;
		n -= 4;
	}
	for (size_t i = 0; i < c->cap_add.n; i++) {
		const char *have = c->cap_add.items[i];
		if (strncasecmp(have, "CAP_", 4) == 0)
			have += 4;
		if (strcasecmp(have, "ALL") == 0 || (strlen(have) == n && strncasecmp(have, name, n) == 0))
			return true;
	}
	return false;
}

static bool same(const char *a, const char *b, size_t n)
{
	return a && strlen(a) == n && strncmp(a, b, n) == 0;
}

static void strbuf_str(struct pf_strbuf *b, const char *s)
{
	pf_strbuf_add(b, s, strlen(s));
}

/* The value of "--flag=V" or "--flag V" when word is flag: 1 = the value is
 * in the word itself, 2 = it is the next word, 0 = not this flag. */
static int flag_value(const char *word, size_t wlen, const char *next, size_t nlen, const char *flag, const char **v,
		      size_t *vlen)
{
	size_t f = strlen(flag);
	if (wlen > f && strncmp(word, flag, f) == 0 && word[f] == '=') {
		*v = word + f + 1;
		*vlen = wlen - f - 1;
		return 1;
	}
	if (wlen == f && strncmp(word, flag, f) == 0 && next) {
		*v = next;
		*vlen = nlen;
		return 2;
	}
	return 0;
}

/* How many words (1 or 2) starting at word are a flag the container
 * already has; 0 when the flag is to be kept. */
static int redundant_words(const struct pf_report_container *c, const char *word, size_t wlen, const char *next,
			   size_t nlen)
{
	const char *v;
	size_t vlen;
	int k;
	if (wlen == 12 && strncmp(word, "--privileged", 12) == 0)
		return c->privileged ? 1 : 0;
	if ((k = flag_value(word, wlen, next, nlen, "--cap-add", &v, &vlen)))
		return has_cap(c, v, vlen) ? k : 0;
	if ((k = flag_value(word, wlen, next, nlen, "--runtime", &v, &vlen)))
		return same(c->runtime, v, vlen) ? k : 0;
	if ((k = flag_value(word, wlen, next, nlen, "--security-opt", &v, &vlen)))
		return list_has(&c->security_opt, v, vlen) ? k : 0;
	if ((k = flag_value(word, wlen, next, nlen, "--sysctl", &v, &vlen)))
		return list_has(&c->sysctls, v, vlen) ? k : 0;
	if ((k = flag_value(word, wlen, next, nlen, "--user", &v, &vlen)))
		return same(c->user, v, vlen) ? k : 0;
	return 0;
}

static size_t word_end(const char *s, size_t i, size_t len)
{
	while (i < len && s[i] != ' ')
		i++;
	return i;
}

static size_t skip_blanks(const char *s, size_t i, size_t len)
{
	while (i < len && s[i] == ' ')
		i++;
	return i;
}

/* "docker run FLAGS ..." without the flags the container has; nothing when
 * no flag is left (the line would add nothing). */
static void run_line(struct pf_strbuf *out, const struct pf_report_container *c, const char *s, size_t len)
{
	struct pf_strbuf line = { 0 };
	size_t i = 0;
	int kept_flags = 0, words = 0;
	while ((i = skip_blanks(s, i, len)) < len) {
		size_t end = word_end(s, i, len);
		size_t next = skip_blanks(s, end, len);
		size_t next_end = word_end(s, next, len);
		int drop = words >= 2
				   ? redundant_words(c, s + i, end - i, next < len ? s + next : NULL, next_end - next)
				   : 0;
		if (drop == 2)
			end = next_end;
		if (!drop) {
			if (line.len)
				pf_strbuf_add(&line, " ", 1);
			pf_strbuf_add(&line, s + i, end - i);
			if (words >= 2 && s[i] == '-')
				kept_flags++;
		}
		words++;
		i = end;
	}
	if (line.oom)
		out->oom = true;
	else if (kept_flags > 0)
		pf_strbuf_add(out, line.p, line.len);
	free(line.p);
}

static bool is_run_line(const char *s, size_t len)
{
	return (len > 11 && strncmp(s, "docker run ", 11) == 0) || (len > 11 && strncmp(s, "podman run ", 11) == 0);
}

static size_t indent_of(const char *s, size_t len)
{
	size_t n = 0;
	while (n < len && s[n] == ' ')
		n++;
	return n;
}

/* A compose list item "- VALUE" (after the indent) the container has. */
static bool redundant_item(const struct pf_report_container *c, const char *list_key, const char *v, size_t vlen)
{
	if (strcmp(list_key, "cap_add") == 0)
		return has_cap(c, v, vlen);
	if (strcmp(list_key, "security_opt") == 0)
		return list_has(&c->security_opt, v, vlen);
	return false;
}

/* One snippet, line by line. */
static char *adjust_snippet(const struct pf_report_container *c, const char *snippet)
{
	struct pf_strbuf out = { 0 };
	const char *s = snippet;
	/* a compose list key waits until one of its items is kept */
	const char *pending = NULL;
	size_t pending_len = 0, pending_indent = 0;
	char list_key[32] = "";
	strbuf_str(&out, "");
	while (*s) {
		size_t len = strcspn(s, "\n");
		size_t ind = indent_of(s, len);
		const char *body = s + ind;
		size_t blen = len - ind;
		size_t mark = out.len;
		bool item = blen >= 2 && body[0] == '-' && body[1] == ' ';
		if (list_key[0] && !(item && ind > pending_indent)) {
			list_key[0] = '\0'; /* the list ended */
			pending = NULL;
		}
		if (is_run_line(s, len)) {
			run_line(&out, c, s, len);
		} else if (list_key[0]) {
			if (!redundant_item(c, list_key, body + 2, blen - 2)) {
				if (pending) {
					pf_strbuf_add(&out, pending, pending_len);
					pf_strbuf_add(&out, "\n", 1);
					pending = NULL;
				}
				pf_strbuf_add(&out, s, len);
			}
		} else if ((blen == 8 && strncmp(body, "cap_add:", 8) == 0) ||
			   (blen == 13 && strncmp(body, "security_opt:", 13) == 0)) {
			snprintf(list_key, sizeof list_key, "%.*s", (int)blen - 1, body);
			pending = s;
			pending_len = len;
			pending_indent = ind;
		} else if (blen > 9 && strncmp(body, "runtime: ", 9) == 0 && same(c->runtime, body + 9, blen - 9)) {
			/* it already runs with this runtime */
		} else {
			pf_strbuf_add(&out, s, len);
		}
		if (out.len > mark)
			pf_strbuf_add(&out, "\n", 1);
		s += len;
		if (*s == '\n')
			s++;
	}
	if (out.len && out.p[out.len - 1] == '\n')
		out.p[--out.len] = '\0';
	if (out.oom) {
		free(out.p);
		return NULL;
	}
	return out.p;
}

/* Does the snippet still ask for something? Compose keys with no value
 * ("services:", "agent:") and commands alone add nothing to a container. */
static bool adds_something(const char *snippet)
{
	const char *s = snippet;
	while (*s) {
		size_t len = strcspn(s, "\n");
		size_t ind = indent_of(s, len);
		bool key_only = len > ind && s[len - 1] == ':';
		if (len > ind && !key_only)
			return true;
		s += len;
		if (*s == '\n')
			s++;
	}
	return false;
}

int pf_report_fixes_for_container(struct pf_report *r)
{
	if (!r->container)
		return 0;
	size_t kept = 0;
	for (size_t i = 0; i < r->n_fixes; i++) {
		struct pf_report_fix *f = &r->fixes[i];
		bool drop = false;
		if (f->snippet && f->snippet[0]) {
			char *adjusted = adjust_snippet(r->container, f->snippet);
			if (!adjusted)
				return -1;
			drop = !adds_something(adjusted);
			free(f->snippet);
			f->snippet = adjusted;
		}
		if (drop) {
			free(f->for_code);
			free(f->engine);
			free(f->text);
			free(f->snippet);
			continue;
		}
		r->fixes[kept++] = *f;
	}
	r->n_fixes = kept;
	return 0;
}
