/* process.c - credentials, limits and environment of the container process. */
#define _GNU_SOURCE
#include "process.h"

#include <fcntl.h>
#include <grp.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

int process_set_oom_score_adj(const struct berth_plan *p, pid_t pid, struct berth_error **err)
{
	if (!p->has_oom_score_adj)
		return 0;
	char path[64], buf[16];
	snprintf(path, sizeof(path), "/proc/%d/oom_score_adj", (int)pid);
	int n = snprintf(buf, sizeof(buf), "%d", p->oom_score_adj);
	if (write_file(path, buf, (size_t)n, err) < 0)
		return berth_context(err, "setting oom_score_adj %d (lowering it needs CAP_SYS_RESOURCE on the host)",
				     p->oom_score_adj);
	return 0;
}

static bool setgroups_denied(void)
{
	cleanup_free char *text = read_file("/proc/self/setgroups", NULL);
	return text && !strncmp(text, "deny", 4);
}

int process_apply(const struct berth_plan *p, struct berth_error **err)
{
	for (size_t i = 0; i < p->n_rlimits; i++) {
		struct rlimit rl = { p->rlimits[i].soft, p->rlimits[i].hard };
		if (setrlimit(p->rlimits[i].resource, &rl) < 0)
			return berth_failno(err, "setting rlimit %d", p->rlimits[i].resource);
	}
	/* Without no_new_privs only CAP_SYS_ADMIN may load a filter: do it now,
	 * before anything is dropped.  The filter then sees the rest of the
	 * setup (setgroups, setres[ug]id, capset, prctl, execve). */
	if (!p->no_new_privileges && seccomp_load(&p->seccomp, err) < 0)
		return berth_context(err, "loading seccomp filter %s", p->seccomp_path);
	/* Until execve (which resets it) nobody without CAP_SYS_PTRACE may open
	 * our /proc/<pid>/exe, which is still the host's berth-shim: a process
	 * in the container must never get a handle on the runtime binary. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return berth_failno(err, "clearing the dumpable flag");
	/* Bounding set while CAP_SETPCAP is ours; keepcaps across setresuid. */
	if (p->has_caps && caps_prepare(&p->caps, p->uid, err) < 0)
		return -1;
	if (setgroups_denied()) {
		/* A user namespace whose maker wrote "deny" (unshare -r does):
		 * the kernel refuses setgroups, and there are none to drop but
		 * the ones it was made with (as runc). */
		if (p->n_gids)
			return berth_fail(err, EPERM, "setting additional groups: setgroups is denied in this user namespace");
	} else if (setgroups(p->n_gids, p->gids) < 0) {
		return berth_failno(err, "setting additional groups");
	}
	if (setresgid(p->gid, p->gid, p->gid) < 0)
		return berth_failno(err, "setting gid %u", p->gid);
	if (setresuid(p->uid, p->uid, p->uid) < 0)
		return berth_failno(err, "setting uid %u", p->uid);
	if (p->has_caps && caps_apply(&p->caps, err) < 0)
		return -1;
	if (p->no_new_privileges && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return berth_failno(err, "setting no_new_privileges");
	if (chdir(p->cwd) < 0)
		return berth_failno(err, "changing to cwd %s", p->cwd);
	/* process.user.umask, or runc's default: never the shim's own. */
	umask(p->umask >= 0 ? (mode_t)p->umask : 022);
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

int process_confine(const struct berth_plan *p, struct berth_error **err)
{
	/* Only 0, 1, 2 and the preserved fds cross execve.  CLOEXEC rather than
	 * close: the exec itself may still fail and want to report on a
	 * descriptor.  Nothing of ours sits among the preserved numbers: they
	 * were taken before the shim opened anything. */
	unsigned int first = 3 + (unsigned int)p->preserve_fds;
	if (syscall(SYS_close_range, first, ~0U, CLOSE_RANGE_CLOEXEC) < 0) {
		long max = sysconf(_SC_OPEN_MAX);
		for (int fd = (int)first; fd < max; fd++)
			fcntl(fd, F_SETFD, FD_CLOEXEC);
	}
	/* The very last step: nothing but execve runs under the filter. */
	if (seccomp_load(&p->seccomp, err) < 0)
		return berth_context(err, "loading seccomp filter %s", p->seccomp_path);
	return 0;
}

int process_exec(const struct berth_plan *p, struct berth_error **err)
{
	char **envp = process_envp(p);
	char path[PATH_MAX];
	if (process_find_exec(p->argv.v[0], envp, path, err) < 0)
		return -1;
	if (process_confine(p, err) < 0)
		return -1;
	execve(path, p->argv.v, envp);
	return berth_failno(err, "executing %s", path);
}

int process_sysctls(const struct berth_plan *p, struct berth_error **err)
{
	if (p->sysctl_paths.n == 0)
		return 0;
	/* The container's own /proc (we are past pivot_root); no symlink in
	 * /proc/sys may lead the write elsewhere. */
	cleanup_fd int dir = open("/proc/sys", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return berth_failno(err, "opening /proc/sys");
	for (size_t i = 0; i < p->sysctl_paths.n; i++) {
		const char *path = p->sysctl_paths.v[i], *val = p->sysctl_values.v[i];
		struct open_how how = { .flags = O_WRONLY | O_CLOEXEC,
					.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
						   RESOLVE_NO_MAGICLINKS };
		cleanup_fd int fd = (int)syscall(SYS_openat2, dir, path + strlen("/proc/sys/"), &how,
						 sizeof(how));
		if (fd < 0)
			return berth_failno(err, "setting sysctl %s", path);
		if (write_all(fd, val, strlen(val)) < 0)
			return berth_failno(err, "setting sysctl %s to %s", path, val);
	}
	return 0;
}
