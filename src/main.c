/* SPDX-License-Identifier: MIT */
/* boundary-preflight: argument parsing, subcommand dispatch, exit status.
 * Data flows one way: probes -> facts -> verdict -> report -> renderer. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pf_config.h"
#include "pf_vcs.h"
#include "preflight/arch.h"
#include "preflight/container.h"
#include "preflight/output.h"
#include "preflight/probes.h"
#include "preflight/report.h"
#include "preflight/seccomp_profile.h"
#include "preflight/settle.h"
#include "preflight/util.h"
#include "preflight/verdict.h"

/* exec waits at most this long for the check's namespaces to be freed */
#define PF_SETTLE_TIMEOUT_MS 1000

enum { EXIT_READY = 0, EXIT_NOT_READY = 1, EXIT_USAGE = 2, EXIT_INTERNAL = 3 };

/* SIGCHLD as the caller left it. An ignored SIGCHLD (inherited across exec)
 * makes the kernel reap children itself, and with them the signal that
 * killed a probe child: the tool runs with the default and gives the
 * caller's disposition back to the command exec runs. */
static struct sigaction caller_sigchld;

static const char usage_text[] =
	"Usage:\n"
	"  boundary-preflight [check] [OPTIONS]\n"
	"  boundary-preflight exec [OPTIONS] -- COMMAND [ARG...]\n"
	"  boundary-preflight container [OPTIONS] NAME|ID\n"
	"  boundary-preflight explain [--format text|json] REPORT.json\n"
	"  boundary-preflight seccomp-profile [--base PROFILE.json] [--output FILE]\n"
	"  boundary-preflight --help | --version\n"
	"\n"
	"Tells whether this environment can run Agent Boundaries' nsjail jail, which\n"
	"documented container configuration it matches, and what blocks it if none.\n"
	"\n"
	"Subcommands:\n"
	"  check            run the check and print the report (the default)\n"
	"  exec             run the check; when ready, replace this process with COMMAND;\n"
	"                   otherwise print the report to stderr and exit 1\n"
	"  container        on the engine's host: check a container (running, stopped or\n"
	"                   exited) in a throwaway twin with its security settings\n"
	"  explain          print a saved JSON report as text (or JSON again)\n"
	"  seccomp-profile  write a Docker seccomp profile allowing what boundary needs\n"
	"\n"
	"Check options:\n"
	"  --format text|json    report format (default text)\n"
	"  --output FILE         write the report to FILE atomically instead of stdout\n"
	"  --jail nsjail|landjail\n"
	"                        jail type to check (default $BOUNDARY_JAIL_TYPE, else\n"
	"                        nsjail)\n"
	"  --no-user-namespace   check boundary's --no-user-namespace mode\n"
	"                        (default from $BOUNDARY_NO_USER_NAMESPACE)\n"
	"  --strict              the testing-only CAP_SYS_ADMIN configuration does not\n"
	"                        count as ready\n"
	"  --quiet               print nothing when ready\n"
	"  --timeout MS          total time budget for all probes (default 5000)\n"
	"  --color auto|always|never\n"
	"                        colour in text output (default auto; NO_COLOR disables)\n"
	"  --redact              leave hostnames, container ids and user names out\n"
	"  --root DIR            read /proc, /sys and marker files under DIR (a captured\n"
	"                        tree); syscall probes still test this machine live\n"
	"  -h, --help            show this help\n"
	"  --version             show the version, git commit and architecture\n"
	"\n"
	"Container options (the check options apply too; --root does not):\n"
	"  --engine-socket PATH  the engine's API socket (default: DOCKER_HOST as\n"
	"                        unix://PATH, else /var/run/docker.sock, else podman's\n"
	"                        /run/podman/podman.sock or $XDG_RUNTIME_DIR/podman/)\n"
	"  --binary PATH         the static boundary-preflight the twin runs, mounted\n"
	"                        read-only (default $BOUNDARY_PREFLIGHT_STATIC, else\n"
	"                        boundary-preflight-static next to this binary)\n"
	"  --timeout MS          the whole twin run, default 60000; the check inside\n"
	"                        gets 5000, or half of MS when that is less\n"
	"  The twin gets the container's image, user, environment, capabilities,\n"
	"  privileged flag, security options (seccomp profile as applied, AppArmor,\n"
	"  SELinux, no-new-privileges), runtime, namespaces, sysctls and devices;\n"
	"  it is removed when the check ends, times out or is interrupted. Fixes\n"
	"  name only what to add to that container. BOUNDARY_* variables come from\n"
	"  the container's environment, not this shell's.\n"
	"\n"
	"Seccomp-profile options:\n"
	"  -b, --base FILE       the Docker-format profile to patch, e.g. the engine's\n"
	"                        default.json; without it only boundary's clone rules\n"
	"                        are written, a fragment to merge into a profile\n"
	"  -o, --output FILE     write FILE atomically (default: standard output)\n"
	"  Then: docker run --cap-add=NET_ADMIN --security-opt seccomp=FILE ...\n"
	"\n"
	"Exit status: 0 ready, 1 not ready, 2 usage or input error, 3 internal error;\n"
	"exec returns COMMAND's own status when it runs it; explain and\n"
	"seccomp-profile exit 0 when done, 3 when the output cannot be written.\n";

static void usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* getopt leaves optind on the cluster for "-xy": name the letter itself. */
static void unknown_option(char **argv)
{
	if (optopt > 0 && optopt < 256) {
		char opt[3] = { '-', (char)optopt, '\0' };
		usage_error("unknown option '%s'", opt);
	} else {
		usage_error("unknown option '%s'", argv[optind - 1]);
	}
}

static void usage_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "boundary-preflight: ");
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'boundary-preflight --help'.\n");
}

/* What every subcommand's getopt loop does with -h/--help, an option
 * without its value and an unknown option (c as getopt_long returned it,
 * with ":" leading its optstring). Returns the exit status. */
static int other_option(int c, char **argv)
{
	switch (c) {
	case 'h': fputs(usage_text, stdout); return EXIT_READY;
	case ':': usage_error("option '%s' needs a value", argv[optind - 1]); return EXIT_USAGE;
	default: unknown_option(argv); return EXIT_USAGE;
	}
}

/* BOUNDARY_NO_USER_NAMESPACE is read by boundary as a Go bool
 * (strconv.ParseBool): exactly these spellings. */
static int parse_bool_env(const char *name, const char *v, bool *out)
{
	static const char *const yes[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const no[] = { "0", "f", "F", "FALSE", "false", "False" };
	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (!strcmp(v, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcmp(v, no[i])) {
			*out = false;
			return 0;
		}
	}
	fprintf(stderr, "boundary-preflight: %s=%s: expected true or false (as boundary reads it)\n", name, v);
	return -1;
}

static int parse_jail(const char *what, const char *v, enum pf_jail *out)
{
	if (!strcmp(v, "nsjail"))
		*out = PF_JAIL_NSJAIL;
	else if (!strcmp(v, "landjail"))
		*out = PF_JAIL_LANDJAIL;
	else {
		fprintf(stderr, "boundary-preflight: %s '%s': expected nsjail or landjail\n", what, v);
		return -1;
	}
	return 0;
}

/* Defaults from boundary's own environment, for what no flag set: flags win,
 * and a bad value that a flag overrides is no error. */
static int options_from_env(struct pf_options *o, bool jail_flag, bool userns_flag)
{
	const char *v = getenv("BOUNDARY_JAIL_TYPE");
	if (!jail_flag && v && *v && parse_jail("BOUNDARY_JAIL_TYPE", v, &o->jail) < 0)
		return -1;
	v = getenv("BOUNDARY_NO_USER_NAMESPACE");
	bool no_userns = false;
	if (!userns_flag && v && *v) {
		if (parse_bool_env("BOUNDARY_NO_USER_NAMESPACE", v, &no_userns) < 0)
			return -1;
		o->user_namespace = !no_userns;
	}
	return 0;
}

enum {
	OPT_FORMAT = 256,
	OPT_OUTPUT,
	OPT_JAIL,
	OPT_NO_USERNS,
	OPT_STRICT,
	OPT_QUIET,
	OPT_TIMEOUT,
	OPT_COLOR,
	OPT_REDACT,
	OPT_ROOT,
	OPT_VERSION,
	OPT_ENGINE_SOCKET,
	OPT_BINARY,
	OPT_BASE,
};

static const struct option check_options[] = {
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "output", required_argument, NULL, OPT_OUTPUT },
	{ "jail", required_argument, NULL, OPT_JAIL },
	{ "no-user-namespace", no_argument, NULL, OPT_NO_USERNS },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ "quiet", no_argument, NULL, OPT_QUIET },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "color", required_argument, NULL, OPT_COLOR },
	{ "colour", required_argument, NULL, OPT_COLOR },
	{ "redact", no_argument, NULL, OPT_REDACT },
	{ "root", required_argument, NULL, OPT_ROOT },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "engine-socket", required_argument, NULL, OPT_ENGINE_SOCKET },
	{ "binary", required_argument, NULL, OPT_BINARY },
	{ NULL, 0, NULL, 0 },
};

static int parse_format(const char *v, enum pf_format *out)
{
	if (!strcmp(v, "text"))
		*out = PF_FORMAT_TEXT;
	else if (!strcmp(v, "json"))
		*out = PF_FORMAT_JSON;
	else {
		usage_error("--format '%s': expected text or json", v);
		return -1;
	}
	return 0;
}

static int parse_color(const char *v, enum pf_color *out)
{
	if (!strcmp(v, "auto"))
		*out = PF_COLOR_AUTO;
	else if (!strcmp(v, "always"))
		*out = PF_COLOR_ALWAYS;
	else if (!strcmp(v, "never"))
		*out = PF_COLOR_NEVER;
	else {
		usage_error("--color '%s': expected auto, always or never", v);
		return -1;
	}
	return 0;
}

/* Returns -1 on a usage error (already reported), 1 when --help/--version
 * was handled, 0 otherwise. */
static int parse_check_options(int argc, char **argv, struct pf_options *o, bool *jail_flag, bool *userns_flag,
			       struct pf_container_request *cq)
{
	int c;
	optind = 1;
	opterr = 0;
	/* '+': stop at the first non-option, so exec's COMMAND keeps its flags;
	 * container takes NAME anywhere among its options */
	while ((c = getopt_long(argc, argv, cq ? ":h" : "+:h", check_options, NULL)) != -1) {
		if (!cq && (c == OPT_ENGINE_SOCKET || c == OPT_BINARY)) {
			usage_error("option '%s' belongs to the container subcommand", argv[optind - 1]);
			return -1;
		}
		switch (c) {
		case OPT_ENGINE_SOCKET: cq->socket = optarg; break;
		case OPT_BINARY: cq->binary = optarg; break;
		case OPT_FORMAT:
			if (parse_format(optarg, &o->format) < 0)
				return -1;
			break;
		case OPT_OUTPUT:
			if (!*optarg) {
				usage_error("--output%s: expected a file name", "");
				return -1;
			}
			o->output = optarg;
			break;
		case OPT_JAIL:
			*jail_flag = true;
			if (parse_jail("--jail", optarg, &o->jail) < 0) {
				fprintf(stderr, "Try 'boundary-preflight --help'.\n");
				return -1;
			}
			break;
		case OPT_NO_USERNS:
			*userns_flag = true;
			o->user_namespace = false;
			break;
		case OPT_STRICT: o->strict = true; break;
		case OPT_QUIET: o->quiet = true; break;
		case OPT_REDACT: o->redact = true; break;
		case OPT_TIMEOUT: {
			char *end;
			errno = 0;
			long ms = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end || ms < 1 || ms > 600000) {
				usage_error("--timeout '%s': expected milliseconds between 1 and 600000", optarg);
				return -1;
			}
			o->timeout_ms = (int)ms;
			if (cq)
				cq->timeout_ms = (int)ms;
			break;
		}
		case OPT_COLOR:
			if (parse_color(optarg, &o->color) < 0)
				return -1;
			break;
		case OPT_ROOT: {
			struct stat st;
			if (cq) {
				usage_error("--root does not apply to container (the twin reads its own /proc)%s", "");
				return -1;
			}
			/* a file or a missing path is no tree: refused before any probe */
			int err = stat(optarg, &st) < 0 ? errno : S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
			if (err) {
				usage_error("--root '%s': %s", optarg,
					    err == ENOTDIR ? "not a directory" : strerror(err));
				return -1;
			}
			o->root = optarg;
			break;
		}
		case OPT_VERSION:
			/* the commit is captured at build time ("unknown" outside git) */
			printf("boundary-preflight %s (commit %s, %s)\n", PF_VERSION, PF_VCS_COMMIT,
			       pf_arch_name(pf_arch_current()));
			return 1;
		default: return other_option(c, argv) == EXIT_READY ? 1 : -1;
		}
	}
	return 0;
}

/* Colour only on a terminal, never with NO_COLOR set (docs/design.md "Command line (contract)"). */
static bool want_color(enum pf_color c, FILE *out)
{
	const char *no_color = getenv("NO_COLOR");
	if (no_color && *no_color)
		return false;
	if (c == PF_COLOR_NEVER)
		return false;
	if (c == PF_COLOR_ALWAYS)
		return true;
	const char *term = getenv("TERM");
	return isatty(fileno(out)) && !(term && !strcmp(term, "dumb"));
}

/* Render r as text or JSON into a malloc'd string. */
static char *render(const struct pf_report *r, enum pf_format format, bool color, size_t *len)
{
	if (format == PF_FORMAT_JSON) {
		char *s = pf_render_json(r);
		if (s)
			*len = strlen(s);
		return s;
	}
	char *buf = NULL;
	FILE *mem = open_memstream(&buf, len);
	if (!mem)
		return NULL;
	struct pf_text_style style = { .color = color, .width = 80 };
	pf_render_text(mem, r, &style);
	if (fclose(mem) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static int emit(const char *data, size_t len, FILE *stream, const char *path)
{
	struct pf_error e = { 0 };
	if (path) {
		if (pf_write_file_atomic(path, data, len, &e) < 0) {
			fprintf(stderr, "boundary-preflight: %s\n", e.msg);
			return -1;
		}
		return 0;
	}
	if (fwrite(data, 1, len, stream) != len || fflush(stream) != 0) {
		fprintf(stderr, "boundary-preflight: cannot write the report: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

/* The facts of the last check: exec reads them to know what the check made. */
static struct pf_facts facts;

/* Run every probe and decide. Returns 0 with r filled, or -1. */
static int run_check(const struct pf_options *o, struct pf_report *r, bool *ready)
{
	static struct pf_verdict verdict;
	struct pf_error e = { 0 };
	uint64_t t0 = pf_now_us();
	pf_facts_init(&facts);
	pf_probe_all(o, &facts);
	pf_decide(&facts, o, &verdict);
	double ms = (double)(pf_now_us() - t0) / 1000.0;
	if (pf_report_build(r, &facts, &verdict, o, ms, &e) < 0) {
		fprintf(stderr, "boundary-preflight: internal error: %s\n", e.msg);
		return -1;
	}
	*ready = verdict.ready;
	return 0;
}

/* Print or write r as the options ask; the exit status for it. */
static int print_report(const struct pf_options *op, const struct pf_report *rp, bool ready, bool exec_mode)
{
	const struct pf_options o = *op;
	const struct pf_report r = *rp;
	/* exec prints to stderr: stdout belongs to COMMAND */
	FILE *stream = exec_mode ? stderr : stdout;
	int status = ready ? EXIT_READY : EXIT_NOT_READY;
	size_t len = 0;
	bool color = o.format == PF_FORMAT_TEXT && !o.output && want_color(o.color, stream);

	/* print: check prints unless --quiet and ready; exec only when it refuses */
	bool print = exec_mode ? !ready : !(o.quiet && ready);
	if (o.output || print) {
		char *text = render(&r, exec_mode && !o.output ? PF_FORMAT_TEXT : o.format, color, &len);
		if (!text) {
			fprintf(stderr, "boundary-preflight: internal error: cannot render the report\n");
			return EXIT_INTERNAL;
		}
		int w = 0;
		if (o.output)
			w = emit(text, len, stream, o.output);
		else if (print)
			w = emit(text, len, stream, NULL);
		free(text);
		if (w < 0)
			return EXIT_INTERNAL;
		/* with --output, exec still shows why it refuses */
		if (exec_mode && !ready && o.output) {
			text = render(&r, PF_FORMAT_TEXT, want_color(o.color, stderr), &len);
			if (text)
				emit(text, len, stderr, NULL);
			free(text);
		}
	}
	return status;
}

static int cmd_check(int argc, char **argv, bool exec_mode)
{
	struct pf_options o = {
		.jail = PF_JAIL_NSJAIL,
		.user_namespace = true,
		.timeout_ms = PF_DEFAULT_TIMEOUT_MS,
		.root = "/",
	};
	bool jail_flag = false, userns_flag = false;
	int p = parse_check_options(argc, argv, &o, &jail_flag, &userns_flag, NULL);
	if (p != 0)
		return p > 0 ? EXIT_READY : EXIT_USAGE;
	if (options_from_env(&o, jail_flag, userns_flag) < 0)
		return EXIT_USAGE;

	char **command = NULL;
	if (exec_mode) {
		if (optind < 1 || strcmp(argv[optind - 1], "--") != 0 || optind >= argc) {
			usage_error("exec: expected '-- COMMAND [ARG...]'%s", "");
			return EXIT_USAGE;
		}
		command = &argv[optind];
	} else if (optind < argc) {
		usage_error("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}

	struct pf_report r = { 0 };
	bool ready = false;
	if (run_check(&o, &r, &ready) < 0)
		return EXIT_INTERNAL;

	int status = print_report(&o, &r, ready, exec_mode);
	if (exec_mode && ready && !o.quiet && status == EXIT_READY)
		fprintf(stderr, "boundary-preflight: ready (%s); running %s\n", r.configuration, command[0]);
	pf_report_free(&r);
	if (status == EXIT_INTERNAL)
		return status;

	if (exec_mode && ready) {
		/* the command will make the same namespaces: let ours be freed first */
		pf_settle_namespaces(&facts, PF_SETTLE_TIMEOUT_MS);
		fflush(NULL);
		sigaction(SIGCHLD, &caller_sigchld, NULL);
		execvp(command[0], command);
		int err = errno;
		fprintf(stderr, "boundary-preflight: exec %s: %s\n", command[0], strerror(err));
		return err == ENOENT ? 127 : 126;
	}
	return status;
}

/* container NAME|ID: the check in a throwaway twin of that container; the
 * report as check prints it, with the container section. */
static int cmd_container(int argc, char **argv)
{
	struct pf_options o = {
		.jail = PF_JAIL_NSJAIL,
		.user_namespace = true,
		.timeout_ms = PF_CONTAINER_TIMEOUT_MS,
		.root = "/",
	};
	struct pf_container_request q = { .timeout_ms = PF_CONTAINER_TIMEOUT_MS };
	int p = parse_check_options(argc, argv, &o, &q.jail_given, &q.userns_given, &q);
	if (p != 0)
		return p > 0 ? EXIT_READY : EXIT_USAGE;
	/* BOUNDARY_* come from the container's environment (the twin has it),
	 * not from this shell's */
	if (optind != argc - 1 || !argv[optind][0]) {
		usage_error(optind < argc - 1 ? "container: expected one NAME or ID, got '%s' too"
					      : "container: expected a container NAME or ID%s",
			    optind < argc - 1 ? argv[optind + 1] : "");
		return EXIT_USAGE;
	}
	if (!pf_container_available())
		return pf_container_check(&o, &q, NULL);
	q.target = argv[optind];
	struct pf_report r = { 0 };
	int rc = pf_container_check(&o, &q, &r);
	if (rc != 0)
		return rc;
	int status = print_report(&o, &r, r.ready, false);
	pf_report_free(&r);
	return status;
}

static int cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	enum pf_format format = PF_FORMAT_TEXT;
	enum pf_color color = PF_COLOR_AUTO;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_FORMAT:
			if (parse_format(optarg, &format) < 0)
				return EXIT_USAGE;
			break;
		case OPT_COLOR:
			if (parse_color(optarg, &color) < 0)
				return EXIT_USAGE;
			break;
		default: return other_option(c, argv);
		}
	}
	if (optind != argc - 1) {
		usage_error("explain: expected one REPORT.json%s", "");
		return EXIT_USAGE;
	}
	struct pf_report r = { 0 };
	struct pf_error e = { 0 };
	if (pf_report_from_file(argv[optind], &r, &e) < 0) {
		fprintf(stderr, "boundary-preflight: %s\n", e.msg);
		pf_report_free(&r);
		return EXIT_USAGE;
	}
	size_t len = 0;
	char *text = render(&r, format, format == PF_FORMAT_TEXT && want_color(color, stdout), &len);
	pf_report_free(&r);
	if (!text) {
		fprintf(stderr, "boundary-preflight: internal error: cannot render the report\n");
		return EXIT_INTERNAL;
	}
	int w = emit(text, len, stdout, NULL);
	free(text);
	return w < 0 ? EXIT_INTERNAL : EXIT_READY;
}

/* seccomp-profile [--base FILE] [--output FILE]: the profile; the work is
 * in seccomp_profile.c */
static int cmd_seccomp_profile(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "base", required_argument, NULL, OPT_BASE },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *base = NULL, *output = NULL;
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":b:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'b':
		case OPT_BASE:
		case 'o':
		case OPT_OUTPUT: {
			bool is_base = c == 'b' || c == OPT_BASE;
			if (!*optarg) {
				usage_error("%s: expected a file name", is_base ? "--base" : "--output");
				return EXIT_USAGE;
			}
			*(is_base ? &base : &output) = optarg;
			break;
		}
		default: return other_option(c, argv);
		}
	}
	if (optind < argc) {
		usage_error("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	switch (pf_seccomp_profile_write(base, output)) {
	case PF_SECCOMP_PROFILE_WRITTEN: return EXIT_READY;
	case PF_SECCOMP_PROFILE_BAD_INPUT: return EXIT_USAGE;
	case PF_SECCOMP_PROFILE_NOT_WRITTEN: break;
	}
	return EXIT_INTERNAL;
}

int main(int argc, char **argv)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigemptyset(&dfl.sa_mask);
	sigaction(SIGCHLD, &dfl, &caller_sigchld);

	if (argc >= 2) {
		const char *sub = argv[1];
		if (!strcmp(sub, "check"))
			return cmd_check(argc - 1, argv + 1, false);
		if (!strcmp(sub, "exec"))
			return cmd_check(argc - 1, argv + 1, true);
		if (!strcmp(sub, "explain"))
			return cmd_explain(argc - 1, argv + 1);
		if (!strcmp(sub, "container"))
			return cmd_container(argc - 1, argv + 1);
		if (!strcmp(sub, "seccomp-profile"))
			return cmd_seccomp_profile(argc - 1, argv + 1);
		if (sub[0] != '-') {
			usage_error("unknown subcommand '%s'", sub);
			return EXIT_USAGE;
		}
	}
	return cmd_check(argc, argv, false);
}
