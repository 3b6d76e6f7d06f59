/* init.c - tiny PID 1 (like docker --init / tini).
 *
 * It runs in-process (the container child simply keeps going as init), so
 * no init binary has to exist inside the image.
 */
#define _GNU_SOURCE
#include "init.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "process.h"

/* Reap everything that is ready; returns true once `child` is gone. */
static bool reap(pid_t child, int *status)
{
	bool done = false;
	int st;
	pid_t w;
	while ((w = waitpid(-1, &st, WNOHANG)) > 0)
		if (w == child) {
			*status = st;
			done = true;
		}
	return done;
}

_Noreturn void init_run(const struct berth_plan *p)
{
	sigset_t all, old;
	sigfillset(&all);
	/* Block everything: signals are consumed synchronously below. */
	sigprocmask(SIG_BLOCK, &all, &old);

	pid_t child = fork();
	if (child < 0) {
		struct berth_error *err = NULL;
		berth_failno(&err, "init: forking the command");
		berth_error_print(err);
		_exit(126);
	}
	if (child == 0) {
		struct berth_error *err = NULL;
		sigprocmask(SIG_SETMASK, &old, NULL);
		process_exec(p, &err);
		berth_error_print(err);
		_exit(err->errnum == ENOENT ? 127 : 126);
	}

	/* The command alone holds what was passed in: a pipe's reader must see
	 * EOF when the command closes its end, not when the init exits. */
	for (int fd = 3; fd < 3 + p->preserve_fds; fd++)
		close(fd);

	int status = 0;
	for (;;) {
		siginfo_t si;
		int sig = sigwaitinfo(&all, &si);
		if (sig < 0)
			continue;
		if (sig == SIGCHLD) {
			if (reap(child, &status))
				break;
			continue;
		}
		/* Forward everything else (TERM, INT, HUP, USR1/2, WINCH, ...). */
		kill(child, sig);
	}
	if (WIFEXITED(status))
		_exit(WEXITSTATUS(status));
	_exit(128 + WTERMSIG(status));
}
