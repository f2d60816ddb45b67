/* SPDX-License-Identifier: MIT */
/* The human report: one line per probe, then the verdict with each
 * blocker's evidence and fixes, then warnings. Reads only the model (a live
 * run or a saved report), so it never probes. Prose wraps at the style's
 * width; snippets are printed as they are so they stay paste-able. Text
 * from a saved report is untrusted: control bytes never reach the terminal. */
#include <stdio.h>
#include <string.h>

#include "preflight/report.h"

#define DEFAULT_WIDTH 80
#define MIN_WIDTH 40

#define ANSI_RESET "\033[0m"
#define ANSI_BOLD "\033[1m"
#define ANSI_RED "\033[1;31m"
#define ANSI_GREEN "\033[32m"
#define ANSI_YELLOW "\033[33m"

struct text_out {
	FILE *out;
	bool color;
	int width;
};

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* Columns a UTF-8 string takes: one per character, not per byte. */
static int columns(const char *s, size_t n)
{
	int cols = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			cols++;
	return cols;
}

/* Write n bytes with control characters (ESC above all) made harmless. */
static void put_clean(struct text_out *t, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		fputc(c < 0x20 || c == 0x7f ? '?' : c, t->out);
	}
}

static void put_spaces(struct text_out *t, int n)
{
	for (int i = 0; i < n; i++)
		fputc(' ', t->out);
}

static void put_colored(struct text_out *t, const char *ansi, const char *s)
{
	if (t->color && ansi)
		fputs(ansi, t->out);
	put_clean(t, s, strlen(s));
	if (t->color && ansi)
		fputs(ANSI_RESET, t->out);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Word-wrap text. The cursor is at column col; continuation lines start at
 * column indent. A word longer than a whole line is cut, so no line ever
 * passes the width. Ends with a newline. */
static void wrap(struct text_out *t, const char *text, int col, int indent)
{
	const char *p = text;
	bool line_has_word = false;
	while (*p) {
		if (*p == '\n') {
			fputc('\n', t->out);
			put_spaces(t, indent);
			col = indent;
			line_has_word = false;
			p++;
			continue;
		}
		if (is_blank(*p)) {
			p++;
			continue;
		}
		size_t len = 0;
		while (p[len] && p[len] != '\n' && !is_blank(p[len]))
			len++;
		int wcols = columns(p, len);
		int need = wcols + (line_has_word ? 1 : 0);
		if (line_has_word && col + need > t->width) {
			fputc('\n', t->out);
			put_spaces(t, indent);
			col = indent;
			line_has_word = false;
		}
		if (line_has_word) {
			fputc(' ', t->out);
			col++;
		}
		/* a word wider than the line: cut it at the width */
		while (col + wcols > t->width && t->width - col > 0) {
			int room = t->width - col;
			size_t cut = 0;
			for (int c = 0; p[cut] && c < room; c++) {
				cut++;
				while (((unsigned char)p[cut] & 0xc0) == 0x80)
					cut++;
			}
			put_clean(t, p, cut);
			fputc('\n', t->out);
			put_spaces(t, indent);
			col = indent;
			p += cut;
			len -= cut;
			wcols = columns(p, len);
		}
		put_clean(t, p, len);
		col += wcols;
		line_has_word = true;
		p += len;
	}
	fputc('\n', t->out);
}

static const char *engine_display(const char *engine)
{
	static const struct {
		const char *name, *display;
	} names[] = {
		{ "docker", "Docker" },
		{ "podman", "Podman" },
		{ "kubernetes", "Kubernetes" },
		{ "ecs", "Amazon ECS" },
		{ "lxc", "LXC" },
		{ "systemd-nspawn", "systemd-nspawn" },
		{ "wsl", "WSL" },
		{ "compose", "Docker Compose" },
		{ "host", "On the host" },
		{ "unknown", "an unrecognised container" },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(names[i].name, engine) == 0)
			return names[i].display;
	return engine;
}

/* The configuration table of docs/design.md ("Verdict"), in words. */
static const char *configuration_display(const char *conf)
{
	static const struct {
		const char *id, *display;
	} confs[] = {
		{ "runc-cap-net-admin", "documented configuration 1, runc with CAP_NET_ADMIN" },
		{ "runc-cap-sys-admin", "documented configuration 2, runc with CAP_SYS_ADMIN, for testing only" },
		{ "sysbox-runc-cap-net-admin", "documented configuration 3, sysbox-runc with CAP_NET_ADMIN" },
		{ "host", "not in a container" },
		{ "landjail", "landjail with Landlock ABI 4 or later" },
	};
	for (size_t i = 0; i < sizeof confs / sizeof confs[0]; i++)
		if (strcmp(confs[i].id, conf) == 0)
			return confs[i].display;
	return NULL;
}

static void header(struct text_out *t, const struct pf_report *r)
{
	char line[512];
	if (!r->in_container)
		snprintf(line, sizeof line, "%s %s: %s readiness, host (not in a container)", nz(r->tool_name),
			 nz(r->tool_version), nz(r->jail));
	else
		snprintf(line, sizeof line, "%s %s: %s readiness, %s (%s)", nz(r->tool_name), nz(r->tool_version),
			 nz(r->jail), engine_display(nz(r->engine)), nz(r->runtime));
	wrap(t, line, 0, 4);
	snprintf(line, sizeof line, "kernel %s (%s), euid %ld, %s, %.1f ms", nz(r->kernel), nz(r->machine), r->euid,
		 nz(r->generated_at), r->duration_ms);
	wrap(t, line, 0, 4);
	fputc('\n', t->out);
}

static void add_flag(char *buf, size_t size, const char *flag, const char *value)
{
	size_t len = strlen(buf);
	if (len < size)
		snprintf(buf + len, size - len, "%s%s%s", len ? " " : "", flag, value);
}

/* A `container` report: which container, and the settings its twin copied,
 * spelled as the run flags that give them. */
static void container_lines(struct text_out *t, const struct pf_report_container *c)
{
	char line[2048] = "", id[16];
	snprintf(id, sizeof id, "%.12s", nz(c->id));
	char head[512];
	snprintf(head, sizeof head, "container %s (%s), image %.19s, %s API %s", nz(c->name), id, nz(c->image),
		 engine_display(nz(c->engine)), nz(c->api_version));
	wrap(t, head, 0, 4);
	if (c->privileged)
		add_flag(line, sizeof line, "--privileged", "");
	for (size_t i = 0; i < c->cap_add.n; i++)
		add_flag(line, sizeof line, "--cap-add=", c->cap_add.items[i]);
	for (size_t i = 0; i < c->cap_drop.n; i++)
		add_flag(line, sizeof line, "--cap-drop=", c->cap_drop.items[i]);
	for (size_t i = 0; i < c->security_opt.n; i++)
		add_flag(line, sizeof line, "--security-opt ", c->security_opt.items[i]);
	if (c->runtime && c->runtime[0])
		add_flag(line, sizeof line, "--runtime=", c->runtime);
	if (c->user && c->user[0])
		add_flag(line, sizeof line, "--user ", c->user);
	if (c->userns_mode && c->userns_mode[0])
		add_flag(line, sizeof line, "--userns=", c->userns_mode);
	if (c->network_mode && c->network_mode[0] && strcmp(c->network_mode, "default") != 0)
		add_flag(line, sizeof line, "--network ", c->network_mode);
	for (size_t i = 0; i < c->sysctls.n; i++)
		add_flag(line, sizeof line, "--sysctl ", c->sysctls.items[i]);
	for (size_t i = 0; i < c->devices.n; i++)
		add_flag(line, sizeof line, "--device ", c->devices.items[i]);
	fputs("  checked in a throwaway twin with its settings; the fixes add to them:", t->out);
	if (line[0]) {
		fputc('\n', t->out);
		put_spaces(t, 4);
		wrap(t, line, 4, 4);
	} else {
		fputs(" the engine's defaults\n", t->out);
	}
	fputc('\n', t->out);
}

static const char *status_label(const char *status, const char **ansi)
{
	*ansi = NULL;
	if (strcmp(status, "pass") == 0) {
		*ansi = ANSI_GREEN;
		return "pass";
	}
	if (strcmp(status, "fail") == 0) {
		*ansi = ANSI_RED;
		return "FAIL";
	}
	if (strcmp(status, "warn") == 0) {
		*ansi = ANSI_YELLOW;
		return "warn";
	}
	if (strcmp(status, "error") == 0) {
		*ansi = ANSI_RED;
		return "ERROR";
	}
	return status;
}

static void probe_lines(struct text_out *t, const struct pf_report *r)
{
	int status_w = 4, id_w = 0;
	for (size_t i = 0; i < r->n_probes; i++) {
		const char *ansi;
		const char *label = status_label(nz(r->probes[i].status), &ansi);
		int sw = columns(label, strlen(label));
		int iw = columns(nz(r->probes[i].id), strlen(nz(r->probes[i].id)));
		status_w = sw > status_w ? sw : status_w;
		id_w = iw > id_w ? iw : id_w;
	}
	int indent = 2 + status_w + 2 + id_w + 2;
	bool summary_below = t->width - indent < 24;
	for (size_t i = 0; i < r->n_probes; i++) {
		const struct pf_report_probe *p = &r->probes[i];
		const char *ansi;
		const char *label = status_label(nz(p->status), &ansi);
		fputs("  ", t->out);
		put_colored(t, ansi, label);
		put_spaces(t, status_w - columns(label, strlen(label)) + 2);
		put_clean(t, nz(p->id), strlen(nz(p->id)));
		if (!p->summary || !p->summary[0]) {
			fputc('\n', t->out);
			continue;
		}
		if (summary_below) {
			fputc('\n', t->out);
			put_spaces(t, 6);
			wrap(t, p->summary, 6, 6);
			continue;
		}
		put_spaces(t, id_w - columns(nz(p->id), strlen(nz(p->id))) + 2);
		wrap(t, p->summary, indent, indent);
	}
}

/* A snippet line that is a shell command can be folded with " \"
 * continuations and still be pasted as is; YAML or JSON cannot. */
static bool shell_command(const char *line, size_t len)
{
	static const char *const commands[] = {
		"docker ", "podman ", "boundary-preflight ", "sudo ", "kubectl ", "sysctl ", NULL,
	};
	for (size_t i = 0; commands[i]; i++) {
		size_t n = strlen(commands[i]);
		if (len > n && strncmp(line, commands[i], n) == 0)
			return true;
	}
	return false;
}

/* Fold at spaces outside quotes, so every word keeps its meaning. */
static void shell_line(struct text_out *t, const char *s, size_t len, int indent)
{
	int col = indent;
	bool first = true;
	size_t i = 0;
	put_spaces(t, indent);
	while (i < len) {
		while (i < len && s[i] == ' ')
			i++;
		if (i >= len)
			break;
		size_t start = i;
		char quote = 0;
		while (i < len && (quote || s[i] != ' ')) {
			if (quote && s[i] == quote)
				quote = 0;
			else if (!quote && (s[i] == '\'' || s[i] == '"'))
				quote = s[i];
			else if (!quote && s[i] == '\\' && i + 1 < len)
				i++;
			i++;
		}
		int wcols = columns(s + start, i - start);
		size_t rest = i;
		while (rest < len && s[rest] == ' ')
			rest++;
		/* room for the word, and for " \\" unless it is the last one */
		int need = 1 + wcols + (rest < len ? 2 : 0);
		if (!first && col + need > t->width) {
			fputs(" \\\n", t->out);
			put_spaces(t, indent + 4);
			col = indent + 4;
		} else if (!first) {
			fputc(' ', t->out);
			col++;
		}
		put_clean(t, s + start, i - start);
		col += wcols;
		first = false;
	}
	fputc('\n', t->out);
}

/* Snippet lines, indented; a long shell command is folded, anything else
 * is printed as it is so it stays paste-able. */
static void snippet(struct text_out *t, const char *s, int indent)
{
	while (*s) {
		size_t len = strcspn(s, "\n");
		if (indent + columns(s, len) > t->width && shell_command(s, len)) {
			shell_line(t, s, len, indent);
		} else {
			put_spaces(t, indent);
			put_clean(t, s, len);
			fputc('\n', t->out);
		}
		s += len;
		if (*s == '\n')
			s++;
	}
}

static void fix_item(struct text_out *t, const struct pf_report *r, const struct pf_report_fix *fix, const char *bullet,
		     int indent)
{
	char text[1024];
	const char *engine = nz(fix->engine);
	/* name the engine only when it is not the one this report is about */
	bool about_this = strcmp(engine, nz(r->engine)) == 0 || (strcmp(engine, "host") == 0 && !r->in_container);
	const char *display = engine_display(engine);
	/* a fix text that already names its engine needs no label */
	bool names_itself = strncmp(nz(fix->text), display, strlen(display)) == 0;
	if (engine[0] && strcmp(engine, "generic") != 0 && !about_this && !names_itself)
		snprintf(text, sizeof text, "%s: %s", display, nz(fix->text));
	else
		snprintf(text, sizeof text, "%s", nz(fix->text));
	put_spaces(t, indent);
	fputs(bullet, t->out);
	int col = indent + (int)strlen(bullet);
	wrap(t, text, col, col);
	if (fix->snippet && fix->snippet[0])
		snippet(t, fix->snippet, col);
}

/* The text shows a generic fix only when no fix names an engine: the
 * engine-specific ones say the same thing in paste-able form, and the JSON
 * keeps every fix for a support engineer. */
static bool fix_shown(const struct pf_report *r, size_t i, const char *code, bool has_specific)
{
	const struct pf_report_fix *fix = &r->fixes[i];
	if (strcmp(nz(fix->for_code), code) != 0)
		return false;
	return !has_specific || strcmp(nz(fix->engine), "generic") != 0;
}

static void fixes_for(struct text_out *t, const struct pf_report *r, const char *code)
{
	bool has_specific = false;
	for (size_t i = 0; i < r->n_fixes; i++)
		has_specific |=
			strcmp(nz(r->fixes[i].for_code), code) == 0 && strcmp(nz(r->fixes[i].engine), "generic") != 0;
	size_t n = 0;
	for (size_t i = 0; i < r->n_fixes; i++)
		n += fix_shown(r, i, code, has_specific);
	if (n == 0)
		return;
	if (n == 1) {
		for (size_t i = 0; i < r->n_fixes; i++)
			if (fix_shown(r, i, code, has_specific))
				fix_item(t, r, &r->fixes[i], "Fix: ", 2);
		return;
	}
	fputs("  Fix (safest first):\n", t->out);
	for (size_t i = 0, k = 0; i < r->n_fixes; i++) {
		if (!fix_shown(r, i, code, has_specific))
			continue;
		char bullet[16];
		snprintf(bullet, sizeof bullet, "%zu. ", ++k);
		fix_item(t, r, &r->fixes[i], bullet, 4);
	}
}

static void finding(struct text_out *t, const struct pf_report *r, const struct pf_report_finding *f, const char *ansi)
{
	int code_w = columns(nz(f->code), strlen(nz(f->code)));
	fputs("  ", t->out);
	put_colored(t, ansi, nz(f->code));
	int indent = 2 + code_w + 2;
	/* a long code leaves too little room: the message goes below it */
	if (indent > t->width / 2) {
		fputc('\n', t->out);
		put_spaces(t, 4);
		wrap(t, nz(f->message), 4, 4);
	} else {
		put_spaces(t, 2);
		wrap(t, nz(f->message), indent, indent);
	}
	fixes_for(t, r, nz(f->code));
}

static bool code_listed(const struct pf_report_finding *items, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(nz(items[i].code), code) == 0)
			return true;
	return false;
}

static void verdict_lines(struct text_out *t, const struct pf_report *r)
{
	char line[512];
	const char *conf = nz(r->configuration);
	const char *what = configuration_display(conf);
	fputc('\n', t->out);
	if (r->ready) {
		put_colored(t, ANSI_GREEN, r->testing_only ? "READY (testing only)" : "READY");
		snprintf(line, sizeof line, ": %s%s%s%s.", conf, what ? " (" : "", what ? what : "", what ? ")" : "");
	} else {
		put_colored(t, ANSI_RED, "NOT READY");
		if (!what || strcmp(conf, "none") == 0)
			snprintf(line, sizeof line, ": no documented configuration matches.");
		else
			snprintf(line, sizeof line, ": %s (%s) does not count%s.", conf, what,
				 r->strict && r->testing_only ? " under --strict" : "");
	}
	int col = r->ready ? (r->testing_only ? 20 : 5) : 9;
	wrap(t, line, col, 2);

	/* a blank line between findings keeps each with its own fixes */
	for (size_t i = 0; i < r->n_blockers; i++) {
		if (i > 0)
			fputc('\n', t->out);
		finding(t, r, &r->blockers[i], ANSI_BOLD);
	}

	if (r->n_warnings) {
		fputs("\nWarnings:\n", t->out);
		for (size_t i = 0; i < r->n_warnings; i++) {
			if (i > 0)
				fputc('\n', t->out);
			finding(t, r, &r->warnings[i], ANSI_YELLOW);
		}
	}

	/* fixes that answer no listed finding still reach the reader */
	bool header_done = false;
	for (size_t i = 0; i < r->n_fixes; i++) {
		const char *code = nz(r->fixes[i].for_code);
		if (code_listed(r->blockers, r->n_blockers, code) || code_listed(r->warnings, r->n_warnings, code))
			continue;
		if (!header_done) {
			fputs("\nOther fixes:\n", t->out);
			header_done = true;
		}
		fputs("  ", t->out);
		put_colored(t, ANSI_BOLD, code);
		fputc('\n', t->out);
		fix_item(t, r, &r->fixes[i], "Fix: ", 2);
	}
}

void pf_render_text(FILE *out, const struct pf_report *r, const struct pf_text_style *style)
{
	struct text_out t = {
		.out = out,
		.color = style && style->color,
		.width = style && style->width > 0 ? style->width : DEFAULT_WIDTH,
	};
	if (t.width < MIN_WIDTH)
		t.width = MIN_WIDTH;
	header(&t, r);
	if (r->container)
		container_lines(&t, r->container);
	probe_lines(&t, r);
	verdict_lines(&t, r);
}
