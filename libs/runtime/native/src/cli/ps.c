/* ps.c - `berth-runtime ps [-f table|json] <id> [ps-args...]` (src/lifecycle/ps.ts, src/cli/format.ts). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../util.h"
#include "cli.h"
#include "refresh.h"

static void sidecar_freep(struct sidecar *s) { sidecar_free(s); }

/* `ps ARGS`'s whole output, or NULL when it could not run or failed (the reference words that). */
static char *run_ps(char **args, int n)
{
	int pipefd[2];
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return NULL;
	pid_t child = fork();
	if (child < 0)
		return NULL;
	if (child == 0) {
		dup2(pipefd[1], 1);
		char **argv = xmalloc((size_t)(n + 2) * sizeof(char *));
		argv[0] = "ps";
		for (int i = 0; i < n; i++)
			argv[i + 1] = args[i];
		argv[n + 1] = NULL;
		execvp("ps", argv);
		_exit(127);
	}
	close(pipefd[1]);
	size_t cap = 65536, len = 0;
	char *out = xmalloc(cap + 1);
	for (;;) {
		if (len == cap)
			out = xrealloc(out, (cap *= 2) + 1);
		ssize_t r = read(pipefd[0], out + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	close(pipefd[0]);
	out[len] = '\0';
	int status;
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* The n-th whitespace-separated word of a line (0-based), copied into buf; false when absent. */
static bool word_at(const char *line, int n, char *buf, size_t size)
{
	const char *p = line;
	for (int i = 0;; i++) {
		p += strspn(p, " \t\r\v\f");
		if (!*p)
			return false;
		size_t len = strcspn(p, " \t\r\v\f");
		if (i == n) {
			snprintf(buf, size, "%.*s", (int)len, p);
			return true;
		}
		p += len;
	}
}

static bool is_wanted(const char *word, const long *pids, size_t n)
{
	char *end;
	if (!*word || strspn(word, "0123456789") != strlen(word))
		return false;
	long pid = strtol(word, &end, 10);
	for (size_t i = 0; i < n; i++)
		if (pids[i] == pid)
			return true;
	return false;
}

/* filterPsOutput: the header, then the lines whose PID column is one of the container's. */
static void print_filtered(char *output, const long *pids, size_t n)
{
	char *next = output, *header = strsep(&next, "\n");
	int column = -1;
	char word[64];
	for (int i = 0; word_at(header, i, word, sizeof(word)); i++)
		if (!strcmp(word, "PID")) {
			column = i;
			break;
		}
	fputs(header, stdout);
	for (char *line; (line = strsep(&next, "\n"));) {
		if (column >= 0 && word_at(line, column, word, sizeof(word)) && is_wanted(word, pids, n))
			printf("\n%s", line);
	}
	fputs("\n", stdout);
}

int verb_ps(const struct cli_call *call, struct berth_error **err)
{
	/* [-f|--format table|json] <id> [ps-args...]; options after the id belong to ps(1). */
	const char *format = "table";
	int i = 0;
	if (i + 1 < call->n_args && (!strcmp(call->args[i], "-f") || !strcmp(call->args[i], "--format"))) {
		format = call->args[i + 1];
		i += 2;
	}
	if (strcmp(format, "table") && strcmp(format, "json"))
		return CLI_REFERENCE;
	if (i >= call->n_args || call->args[i][0] == '-')
		return CLI_REFERENCE;
	const char *id = call->args[i++];
	cleanup_free char *dir = sidecar_dir(call->root, id);
	if (!dir)
		return CLI_REFERENCE;
	__attribute__((cleanup(sidecar_freep))) struct sidecar s;
	int r = sidecar_load(dir, id, &s, err);
	if (r != 0)
		return r;
	struct fresh f;
	if ((r = refresh(&s, false, &f)) != 0)
		return r;
	cleanup_free long *pids = NULL;
	size_t n = 0;
	if (strcmp(f.status, "stopped") && cgroup_pids(&s, &pids, &n) < 0)
		return CLI_REFERENCE;
	if (!strcmp(format, "json")) {
		putchar('[');
		for (size_t k = 0; k < n; k++)
			printf("%s%ld", k ? "," : "", pids[k]);
		puts("]");
		return 0;
	}
	static char *default_args[] = {"-ef"};
	bool given = i < call->n_args;
	cleanup_free char *output = run_ps(given ? call->args + i : default_args, given ? call->n_args - i : 1);
	if (!output)
		return CLI_REFERENCE;
	print_filtered(output, pids, n);
	return 0;
}
