/* run.c - `berth-runtime run <id>` in the foreground without Node: create,
 * start, wait, delete, and exit with the container's status, as runc run.
 *
 * The reference (lifecycle/run.ts runAttached) keeps a shim that relays the
 * container's stdio over its attach socket. Here the container simply keeps
 * ours, as with create: what the user sees (output, input, exit status,
 * nothing left behind) is the same, without a relay in between. This
 * process becomes a subreaper first, so the container, handed off by the
 * shim, is our child and its status ours to collect. Detached runs, a
 * terminal on our side (the reference puts it in raw mode) and everything
 * the native create does not take are the reference's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "create.h"

/* The signals the reference passes on to the container (main.ts FORWARDED_SIGNALS). */
static const int FORWARDED[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};

static volatile sig_atomic_t container_pid;

static void forward(int sig)
{
	if (container_pid > 0)
		kill((pid_t)container_pid, sig);
}

static void forward_signals(bool on)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on ? forward : SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(FORWARDED) / sizeof(FORWARDED[0]); i++)
		sigaction(FORWARDED[i], &sa, NULL);
}

/* Reaps children (the spent shim, then the container) until the container
 * has exited; its status as a shell reports it: the code, or 128 + signal. */
static int wait_container(pid_t pid)
{
	for (;;) {
		int status;
		pid_t done = waitpid(-1, &status, 0);
		if (done < 0 && errno == EINTR)
			continue;
		if (done < 0)
			return 255; /* nothing left to wait for: it cannot have been ours */
		if (done != pid)
			continue;
		return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
	}
}

static bool has_flag(const struct cli_call *call, const char *a, const char *b)
{
	for (int i = 0; i < call->n_args; i++)
		if (!strcmp(call->args[i], a) || !strcmp(call->args[i], b))
			return true;
	return false;
}

int verb_run(const struct cli_call *call, struct berth_error **err)
{
	if (has_flag(call, "-d", "--detach") || isatty(0))
		return CLI_REFERENCE;
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
		return CLI_REFERENCE;
	struct create *c = NULL;
	int r = create_container(call, true, &c);
	if (r) {
		/* The attribute survives exec: the reference's run must not inherit it. */
		prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
		return r;
	}
	const char *id = create_id(c);
	container_pid = (sig_atomic_t)create_init_pid(c);
	forward_signals(true);
	char *start_args[] = {(char *)id, NULL};
	struct cli_call start = {call->root, start_args, 1};
	r = verb_start(&start, err);
	int status = r == 0 ? wait_container((pid_t)container_pid) : 0;
	forward_signals(false);
	/* Force is a no-op for an exited container and kills one a failed start left behind. */
	bool removed = create_remove(c) == 0;
	create_release(c);
	if (r > 0)
		prctl(PR_SET_CHILD_SUBREAPER, 0, 0, 0, 0);
	if (r)
		return r < 0 ? -1 : CLI_REFERENCE; /* nothing is left: the reference may run it afresh */
	if (!removed)
		return berth_fail_code(err, "EBUSY", "container %s exited with %d, but its cgroup still holds processes", id, status);
	return CLI_EXIT(status);
}
