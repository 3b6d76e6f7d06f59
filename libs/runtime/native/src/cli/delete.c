/* delete.c - `berth-runtime delete [-f] <id>` (src/lifecycle/delete.ts, teardown.ts). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgroup_make.h"
#include "cli.h"
#include "guard.h"
#include "refresh.h"

/* teardown.ts's budgets: a stuck container is the reference's to report. */
#define SHIM_EXIT_TIMEOUT_MS 5000
#define CGROUP_EMPTY_TIMEOUT_MS 5000

static void sidecar_freep(struct sidecar *s) { sidecar_free(s); }

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {0, ms * 1000000L};
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* SIGKILL everything in the cgroup until it is empty; false when it will not empty. */
static bool kill_cgroup(const struct sidecar *s)
{
	long long deadline = now_ms() + CGROUP_EMPTY_TIMEOUT_MS;
	for (;;) {
		cleanup_free long *pids = NULL;
		size_t n = 0;
		if (cgroup_pids(s, &pids, &n) < 0)
			return false;
		if (n == 0)
			return true;
		if (now_ms() >= deadline)
			return false;
		for (size_t i = 0; i < n; i++)
			if (kill((pid_t)pids[i], SIGKILL) < 0 && errno != ESRCH)
				return false;
		sleep_ms(10);
	}
}

static bool wait_gone(const struct identity *p, long timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	while (identity_alive(p)) {
		if (now_ms() >= deadline)
			return false;
		sleep_ms(10);
	}
	return true;
}

/* removeCgroupDirs per group: innermost first; a busy outer directory is someone else's too. */
static bool remove_cgroups(const struct sidecar *s)
{
	for (size_t g = 0; g < s->n_remove; g++)
		if (cgroup_remove_group(&s->remove[g]) < 0)
			return false;
	return true;
}

static bool frozen_now(const struct sidecar *s, const struct fresh *f)
{
	if (!strcmp(f->status, "paused"))
		return true;
	if (!s->freezer_version)
		return false;
	/* Reading it again here is what teardown does; refresh's answer may predate a freeze. */
	cleanup_free char *text = read_file(s->freezer_path, NULL);
	return text && (s->freezer_version == 1 ? strstr(text, "FROZEN") != NULL : strstr(text, "frozen 1") != NULL);
}

int verb_delete(const struct cli_call *call, struct berth_error **err)
{
	bool force = false;
	const char *id = NULL;
	for (int i = 0; i < call->n_args; i++) {
		const char *a = call->args[i];
		if (!strcmp(a, "-f") || !strcmp(a, "--force"))
			force = true;
		else if (a[0] == '-' || id)
			return CLI_REFERENCE;
		else
			id = a;
	}
	if (!id)
		return CLI_REFERENCE;
	cleanup_free char *dir = sidecar_dir(call->root, id);
	if (!dir)
		return CLI_REFERENCE;
	__attribute__((cleanup(sidecar_freep))) struct sidecar s;
	int r = sidecar_load(dir, id, &s, err);
	if (r != 0)
		return r;
	if (s.hooks)
		return CLI_REFERENCE; /* poststop hooks: the reference runs them */
	char mounts[4200];
	snprintf(mounts, sizeof(mounts), "%s/host_mount", dir);
	if (access(mounts, F_OK) == 0)
		return CLI_REFERENCE; /* mounts in the caller's namespace: the reference detaches them */
	struct fresh f;
	/* A lost container is simply stopped here: delete removes its record anyway. */
	refresh(&s, true, &f);
	if (require_action(id, f.status, force && strcmp(f.status, "stopped") ? "forceDelete" : "delete", err) < 0)
		return -1;
	/* Thawing a frozen cgroup is the reference's work; nothing has been touched yet. */
	if (frozen_now(&s, &f))
		return CLI_REFERENCE;
	/* teardown's `state.init ?? initFromFiles(dir)`, and the same for the shim. */
	struct identity init = f.init.set ? f.init : identity_from_file(dir, "init.pid");
	struct identity shim = f.shim.set ? f.shim : identity_from_file(dir, "shim.pid");
	if (init.set && identity_alive(&init) && kill((pid_t)init.pid, SIGKILL) < 0 && errno != ESRCH)
		return CLI_REFERENCE;
	/* From here on every step is one the reference repeats harmlessly, so any surprise goes to it. */
	if (!kill_cgroup(&s))
		return CLI_REFERENCE;
	if (shim.set && !wait_gone(&shim, SHIM_EXIT_TIMEOUT_MS))
		return CLI_REFERENCE;
	if (!remove_cgroups(&s))
		return CLI_REFERENCE;
	if (remove_tree(dir) < 0)
		return CLI_REFERENCE;
	return 0;
}
