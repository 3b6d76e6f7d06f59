/* hooks.c - createContainer and startContainer hooks.
 *
 * They run in the container's namespaces, so the container process runs
 * them: a fork, the state on a pipe, the hook's stdout and stderr on
 * another (the tail goes into the error), and a pidfd polled against the
 * hook's timeout.
 */
#define _GNU_SOURCE
#include "hooks.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

#define OUTPUT_KEPT 512

struct hook_output {
	char tail[OUTPUT_KEPT + 1];
	size_t len;
};

static void keep_tail(struct hook_output *o, const char *buf, size_t n)
{
	if (n >= OUTPUT_KEPT) {
		memcpy(o->tail, buf + n - OUTPUT_KEPT, OUTPUT_KEPT);
		o->len = OUTPUT_KEPT;
		return;
	}
	size_t drop = o->len + n > OUTPUT_KEPT ? o->len + n - OUTPUT_KEPT : 0;
	memmove(o->tail, o->tail + drop, o->len - drop);
	memcpy(o->tail + o->len - drop, buf, n);
	o->len = o->len - drop + n;
}

_Noreturn static void hook_child(const struct berth_hook *h, int in, int out)
{
	dup2(in, 0);
	dup2(out, 1);
	dup2(out, 2);
	/* The container process ignores SIGPIPE while it writes the state;
	 * an ignored signal would survive execve. */
	signal(SIGPIPE, SIG_DFL);
	char *none[] = { NULL };
	char *argv0[] = { h->path, NULL };
	execve(h->path, h->args.n ? h->args.v : argv0, h->env.n ? h->env.v : none);
	dprintf(2, "executing %s: %s", h->path, strerror(errno));
	_exit(127);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for the hook, gathering its output; returns its wait status, or -1
 * after killing it at the deadline. */
static int wait_hook(pid_t pid, int out, int timeout_s, struct hook_output *o)
{
	cleanup_fd int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	long long deadline = now_ms() + (long long)timeout_s * 1000;
	bool exited = false;
	while (!exited || out >= 0) {
		long long left = deadline - now_ms();
		if (left <= 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			return -1;
		}
		struct pollfd pf[2] = { { exited ? -1 : pidfd, POLLIN, 0 }, { out, POLLIN, 0 } };
		/* Without a pidfd (old kernel), look every 10 ms. */
		int r = poll(pf, 2, pidfd < 0 && !exited ? (left < 10 ? (int)left : 10) : (int)left);
		if (r < 0 && errno != EINTR)
			break;
		if (out >= 0 && pf[1].revents) {
			char buf[4096];
			ssize_t n = read(out, buf, sizeof(buf));
			if (n > 0)
				keep_tail(o, buf, (size_t)n);
			else if (n == 0 || errno != EINTR)
				out = -1; /* EOF: every holder of the pipe is gone */
		}
		int st;
		if (!exited && waitpid(pid, &st, WNOHANG) == pid) {
			exited = true;
			/* A daemon the hook left holding the pipe must not hold us. */
			if (out >= 0) {
				char buf[4096];
				ssize_t n;
				fcntl(out, F_SETFL, O_NONBLOCK);
				while ((n = read(out, buf, sizeof(buf))) > 0)
					keep_tail(o, buf, (size_t)n);
			}
			return st;
		}
	}
	int st = 0;
	waitpid(pid, &st, 0);
	return st;
}

static int run_hook(const struct berth_plan *p, const struct berth_hook *h, size_t index,
		    pid_t host_pid, struct berth_error **err)
{
	const char *phase = hook_phase_name(h->phase);
	int in[2], out[2];
	if (pipe2(in, O_CLOEXEC) < 0)
		return berth_failno(err, "hooks.%s[%zu] %s: creating a pipe", phase, index, h->path);
	if (pipe2(out, O_CLOEXEC) < 0) {
		close(in[0]), close(in[1]);
		return berth_failno(err, "hooks.%s[%zu] %s: creating a pipe", phase, index, h->path);
	}
	pid_t pid = fork();
	if (pid == 0)
		hook_child(h, in[0], out[1]);
	close(in[0]);
	close(out[1]);
	if (pid < 0) {
		close(in[1]), close(out[0]);
		return berth_failno(err, "hooks.%s[%zu] %s: forking", phase, index, h->path);
	}
	/* The state is far below a pipe's buffer; a hook that never reads it
	 * must not kill us with SIGPIPE. */
	char pidbuf[24];
	int pl = snprintf(pidbuf, sizeof(pidbuf), "%d", (int)host_pid);
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	write_all(in[1], p->hook_state[h->phase][0], strlen(p->hook_state[h->phase][0]));
	write_all(in[1], pidbuf, (size_t)pl);
	write_all(in[1], p->hook_state[h->phase][1], strlen(p->hook_state[h->phase][1]));
	close(in[1]);
	signal(SIGPIPE, old);

	struct hook_output o = { .len = 0 };
	int st = wait_hook(pid, out[0], h->timeout_s, &o);
	close(out[0]);
	o.tail[o.len] = '\0';
	while (o.len && (o.tail[o.len - 1] == '\n' || o.tail[o.len - 1] == ' '))
		o.tail[--o.len] = '\0';
	const char *sep = o.len ? ": " : "";
	if (st < 0)
		return berth_fail(err, ETIMEDOUT, "hooks.%s[%zu] %s: did not finish within its timeout of %d s%s%s",
				  phase, index, h->path, h->timeout_s, sep, o.tail);
	if (WIFSIGNALED(st))
		return berth_fail(err, ECANCELED, "hooks.%s[%zu] %s: killed by %s%s%s", phase, index, h->path,
				  signal_name(WTERMSIG(st)), sep, o.tail);
	if (WEXITSTATUS(st) != 0)
		return berth_fail(err, ECANCELED, "hooks.%s[%zu] %s: exit status %d%s%s", phase, index, h->path,
				  WEXITSTATUS(st), sep, o.tail);
	return 0;
}

int hooks_run(const struct berth_plan *p, enum hook_phase phase, pid_t host_pid,
	      struct berth_error **err)
{
	size_t index = 0;
	for (size_t i = 0; i < p->n_hooks; i++) {
		if (p->hooks[i].phase != phase)
			continue;
		if (run_hook(p, &p->hooks[i], index++, host_pid, err) < 0)
			return -1;
	}
	return 0;
}
