/* main.c - berth-runtime: the native fast path's dispatcher (see cli.h).
 *
 * Global options it knows: --root, --log, --log-format (json or text),
 * --systemd-cgroup, --debug, --rootless false|auto (each `--x V` or
 * `--x=V`), -v/--version.  Anything else, and every verb but
 * create/run/state/start/kill/delete/ps, goes unchanged to the TypeScript CLI,
 * bin/berth-runtime.cjs beside this binary's package.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "log_file.h"

static const struct {
	const char *name;
	int (*run)(const struct cli_call *, struct berth_error **);
} VERBS[] = {
	{"create", verb_create}, {"run", verb_run}, {"state", verb_state}, {"start", verb_start}, {"kill", verb_kill}, {"delete", verb_delete}, {"ps", verb_ps},
};

/* exec node <package>/bin/berth-runtime.cjs with our own arguments; returns only on failure. */
static int run_reference(char **argv)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0) {
		perror(CLI_PROG ": finding the TypeScript CLI");
		return 1;
	}
	self[n] = '\0';
	/* <package>/native/build/berth-runtime -> <package>/bin/berth-runtime.cjs */
	for (int up = 0; up < 3; up++) {
		char *slash = strrchr(self, '/');
		if (slash)
			*slash = '\0';
	}
	char script[PATH_MAX + 32];
	snprintf(script, sizeof(script), "%s/bin/berth-runtime.cjs", self);
	int argc = 0;
	while (argv[argc])
		argc++;
	char **args = calloc((size_t)argc + 2, sizeof(char *));
	if (!args)
		return 1;
	args[0] = "node";
	args[1] = script;
	for (int i = 1; i < argc; i++)
		args[i + 1] = argv[i];
	fflush(stdout);
	execvp("node", args);
	perror(CLI_PROG ": running node for the TypeScript CLI");
	return 1;
}

/* A global option with a value, as `--name V` or `--name=V`; advances *i. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(argv[*i], name, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

enum { GLOBAL_REFERENCE = 1, GLOBAL_VERSION };

/* The global options runc's callers pass before the verb (containerd's shim:
 * --root R --log F --log-format json [--systemd-cgroup]).  Returns
 * GLOBAL_REFERENCE for one it does not know, or a value only the reference
 * can judge; GLOBAL_VERSION for -v/--version. */
static int global_options(int argc, char **argv, int *i, const char **root, struct log_target *log)
{
	for (; *i < argc && argv[*i][0] == '-'; ++*i) {
		const char *v;
		if (!strcmp(argv[*i], "-v") || !strcmp(argv[*i], "--version"))
			return GLOBAL_VERSION;
		if ((v = option_value(argc, argv, i, "--root")))
			*root = v;
		else if ((v = option_value(argc, argv, i, "--log-format"))) {
			if (strcmp(v, "json") && strcmp(v, "text"))
				return GLOBAL_REFERENCE;
			log->json = !strcmp(v, "json");
		} else if ((v = option_value(argc, argv, i, "--log")))
			log->file = v;
		else if ((v = option_value(argc, argv, i, "--rootless"))) {
			if (strcmp(v, "false") && strcmp(v, "auto"))
				return GLOBAL_REFERENCE; /* the reference refuses it, in its words */
		} else if (strcmp(argv[*i], "--systemd-cgroup") && strcmp(argv[*i], "--debug"))
			return GLOBAL_REFERENCE;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *root = getenv("BERTH_ROOT");
	if (!root || !*root)
		root = "/run/berth";
	int i = 1;
	struct log_target log = { NULL, 0 };
	int r = global_options(argc, argv, &i, &root, &log);
	if (r == GLOBAL_VERSION) {
		printf(CLI_PROG " version %s\nspec: %s\n", BERTH_VERSION, BERTH_OCI_VERSION);
		return 0;
	}
	if (r || i == argc)
		return run_reference(argv);
	for (size_t v = 0; v < sizeof(VERBS) / sizeof(VERBS[0]); v++) {
		if (strcmp(argv[i], VERBS[v].name))
			continue;
		struct cli_call call = {root, argv + i + 1, argc - i - 1};
		cleanup_error struct berth_error *err = NULL;
		r = VERBS[v].run(&call, &err);
		if (r == CLI_REFERENCE)
			return run_reference(argv);
		if (r < 0) {
			fflush(stdout);
			berth_error_print_as(CLI_PROG, err);
			log_file_error(&log, err);
			return 1;
		}
		if (fflush(stdout) != 0)
			return 1;
		return r & 0x100 ? r & 0xff : 0;
	}
	return run_reference(argv);
}
