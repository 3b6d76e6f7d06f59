/* kill.c - `berth-runtime kill <id> [signal]` (src/lifecycle/kill.ts). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "../util.h"
#include "cli.h"
#include "guard.h"
#include "refresh.h"

static void sidecar_freep(struct sidecar *s) { sidecar_free(s); }

/* Plain numbers 1-64 and the classic names (KILL, SIGKILL, sigkill); -1 for
 * the rest (SIGRTMIN+3, mistakes), which the reference parses or refuses. */
static int simple_signal(const char *text)
{
	size_t n = strlen(text), digits = strspn(text, "0123456789");
	if (n == 0 || n > 16)
		return -1;
	if (digits == n) {
		long number = strtol(text, NULL, 10);
		return number >= 1 && number <= 64 ? (int)number : -1;
	}
	if (strspn(text, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") != n)
		return -1;
	return signal_parse(text);
}

int verb_kill(const struct cli_call *call, struct berth_error **err)
{
	if (call->n_args < 1 || call->n_args > 2 || call->args[0][0] == '-' || (call->n_args == 2 && call->args[1][0] == '-'))
		return CLI_REFERENCE;
	const char *id = call->args[0];
	int sig = simple_signal(call->n_args == 2 ? call->args[1] : "SIGTERM");
	cleanup_free char *dir = sidecar_dir(call->root, id);
	if (sig < 0 || !dir)
		return CLI_REFERENCE;
	__attribute__((cleanup(sidecar_freep))) struct sidecar s;
	int r = sidecar_load(dir, id, &s, err);
	if (r != 0)
		return r;
	struct fresh f;
	if ((r = refresh(&s, false, &f)) != 0)
		return r;
	if (require_action(id, f.status, "kill", err) < 0) {
		/* runc's words too: containerd's shim reads "container not running" as "already finished". */
		if (!strcmp(f.status, "stopped"))
			strncat((*err)->msg, " (container not running)", sizeof((*err)->msg) - strlen((*err)->msg) - 1);
		return -1;
	}
	/* The identity check keeps a recycled pid from receiving a signal meant for our init. */
	if (!f.init.set || !identity_alive(&f.init))
		return berth_fail_code(err, "NOT_RUNNING", "container %s: container not running (its init has exited)", id);
	if (kill((pid_t)f.init.pid, sig) < 0) {
		if (errno == ESRCH)
			return berth_fail_code(err, "NOT_RUNNING", "container %s: container not running (its init has exited)", id);
		return CLI_REFERENCE;
	}
	return 0;
}
