/* main.c - berth-runtime: the native fast path's dispatcher (see cli.h).
 *
 * Global options it knows: --root DIR, --root=DIR, -v/--version. Anything
 * else, and every verb but state/start/kill/delete/ps, goes unchanged to the
 * TypeScript CLI, bin/berth-runtime.cjs beside this binary's package.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct {
	const char *name;
	int (*run)(const struct cli_call *, struct berth_error **);
} VERBS[] = {
	{"state", verb_state}, {"start", verb_start}, {"kill", verb_kill}, {"delete", verb_delete}, {"ps", verb_ps},
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

int main(int argc, char **argv)
{
	const char *root = getenv("BERTH_ROOT");
	if (!root || !*root)
		root = "/run/berth";
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--version")) {
			printf(CLI_PROG " version %s\nspec: %s\n", BERTH_VERSION, BERTH_OCI_VERSION);
			return 0;
		}
		if (!strcmp(argv[i], "--root") && i + 1 < argc)
			root = argv[++i];
		else if (!strncmp(argv[i], "--root=", 7))
			root = argv[i] + 7;
		else
			return run_reference(argv);
	}
	if (i == argc)
		return run_reference(argv);
	for (size_t v = 0; v < sizeof(VERBS) / sizeof(VERBS[0]); v++) {
		if (strcmp(argv[i], VERBS[v].name))
			continue;
		struct cli_call call = {root, argv + i + 1, argc - i - 1};
		cleanup_error struct berth_error *err = NULL;
		int r = VERBS[v].run(&call, &err);
		if (r == CLI_REFERENCE)
			return run_reference(argv);
		if (r < 0) {
			fflush(stdout);
			berth_error_print_as(CLI_PROG, err);
			return 1;
		}
		return fflush(stdout) == 0 ? 0 : 1;
	}
	return run_reference(argv);
}
