/* start.c - `berth-runtime start <id>` (src/lifecycle/start.ts). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "cli.h"
#include "guard.h"
#include "refresh.h"

static void sidecar_freep(struct sidecar *s) { sidecar_free(s); }

/* One byte into exec.fifo, whose read end the shim (or, handed off, the
 * container itself) holds (src/native/start-gate.ts). */
static int open_start_gate(const char *dir, const char *id, struct berth_error **err)
{
	char path[4200];
	snprintf(path, sizeof(path), "%s/exec.fifo", dir);
	cleanup_fd int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return berth_fail_code(err, "ENOENT", "starting container %s: container is not in created state", id);
	if (fd < 0 && errno == ENXIO)
		return berth_fail_code(err, "ESRCH", "starting container %s: shim is not running", id);
	if (fd < 0 || write(fd, "s", 1) != 1)
		return CLI_REFERENCE; /* the reference words an unexpected errno its own way */
	/* A handed-off container has no shim to remove the spent gate. */
	unlink(path);
	return 0;
}

int verb_start(const struct cli_call *call, struct berth_error **err)
{
	if (call->n_args != 1 || call->args[0][0] == '-')
		return CLI_REFERENCE;
	const char *id = call->args[0];
	cleanup_free char *dir = sidecar_dir(call->root, id);
	if (!dir)
		return CLI_REFERENCE;
	__attribute__((cleanup(sidecar_freep))) struct sidecar s;
	int r = sidecar_load(dir, id, &s, err);
	if (r != 0)
		return r;
	if (s.hooks)
		return CLI_REFERENCE; /* poststart hooks: the reference runs them */
	struct fresh f;
	if ((r = refresh(&s, false, &f)) != 0)
		return r;
	if (require_action(id, f.status, "start", err) < 0)
		return -1;
	if ((r = open_start_gate(dir, id, err)) != 0)
		return r;
	/* state.json cannot be rewritten from here; the marker tells every later refresh "started". */
	char path[4200];
	snprintf(path, sizeof(path), "%s/started", dir);
	cleanup_fd int marker = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (marker < 0)
		return berth_failno(err, "starting container %s: writing %s", id, path);
	return 0;
}
