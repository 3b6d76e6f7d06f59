/* process.c - credentials, limits and environment of the container process. */
#define _GNU_SOURCE
#include "process.h"

#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

static int set_oom_score_adj(int v, struct berth_error **err)
{
	char buf[16];
	int n = snprintf(buf, sizeof(buf), "%d", v);
	if (write_file("/proc/self/oom_score_adj", buf, (size_t)n, err) < 0)
		return berth_context(err, "setting oom_score_adj");
	return 0;
}

int process_apply(const struct berth_plan *p, struct berth_error **err)
{
	/* Lowering oom_score_adj needs CAP_SYS_RESOURCE: do it while root. */
	if (p->has_oom_score_adj && set_oom_score_adj(p->oom_score_adj, err) < 0)
		return -1;
	for (size_t i = 0; i < p->n_rlimits; i++) {
		struct rlimit rl = { p->rlimits[i].soft, p->rlimits[i].hard };
		if (setrlimit(p->rlimits[i].resource, &rl) < 0)
			return berth_failno(err, "setting rlimit %d", p->rlimits[i].resource);
	}
	if (setgroups(p->n_gids, p->gids) < 0)
		return berth_failno(err, "setting additional groups");
	if (setresgid(p->gid, p->gid, p->gid) < 0)
		return berth_failno(err, "setting gid %u", p->gid);
	if (setresuid(p->uid, p->uid, p->uid) < 0)
		return berth_failno(err, "setting uid %u", p->uid);
	if (p->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return berth_failno(err, "setting no_new_privileges");
	if (chdir(p->cwd) < 0)
		return berth_failno(err, "changing to cwd %s", p->cwd);
	return 0;
}

static bool env_has(const struct berth_plan *p, const char *key)
{
	size_t kl = strlen(key);
	for (size_t i = 0; i < p->env.n; i++)
		if (!strncmp(p->env.v[i], key, kl) && p->env.v[i][kl] == '=')
			return true;
	return false;
}

char **process_envp(const struct berth_plan *p)
{
	struct strv e = { 0 };
	if (!env_has(p, "PATH"))
		strv_push(&e, "PATH=" DEFAULT_PATH);
	if (p->terminal && !env_has(p, "TERM"))
		strv_push(&e, "TERM=xterm");
	for (size_t i = 0; i < p->env.n; i++)
		strv_push(&e, p->env.v[i]);
	if (!e.v)
		strv_push(&e, "PATH=" DEFAULT_PATH);
	return e.v;
}

static bool is_executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

int process_find_exec(const char *file, char *const envp[], char out[PATH_MAX],
		      struct berth_error **err)
{
	if (strchr(file, '/')) {
		if (!is_executable(file))
			return berth_failno(err, "executable %s", file);
		snprintf(out, PATH_MAX, "%s", file);
		return 0;
	}
	const char *path = DEFAULT_PATH;
	for (size_t i = 0; envp[i]; i++)
		if (!strncmp(envp[i], "PATH=", 5))
			path = envp[i] + 5;
	cleanup_free char *copy = xstrdup(path);
	char *save = NULL;
	for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		snprintf(out, PATH_MAX, "%s/%s", dir, file);
		if (is_executable(out))
			return 0;
	}
	return berth_fail(err, ENOENT, "executable file %s not found in $PATH", file);
}

int process_exec(const struct berth_plan *p, struct berth_error **err)
{
	char **envp = process_envp(p);
	char path[PATH_MAX];
	if (process_find_exec(p->argv.v[0], envp, path, err) < 0)
		return -1;
	execve(path, p->argv.v, envp);
	return berth_failno(err, "executing %s", path);
}
