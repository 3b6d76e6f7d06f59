/* serve.c - `berth-shim serve`: a fork server for `create`.
 *
 * A long-lived Node process that spawns `berth-shim create` pays for Node's
 * fork (libuv copies the whole process, page tables and all) plus an exec on
 * every container.  This tiny static process is started once instead; per
 * request it forks itself (cheap: a few hundred KiB mapped) and the child
 * runs exactly cmd_create, so both paths share one implementation.
 *
 * Protocol on fd 3 (a unix stream socket from the parent), one line each,
 * fields TAB separated and escaped as in PLAN.md:
 *   server -> parent, once, before reading anything:  "ready\n"
 *   parent -> server:  <id> TAB "create" TAB <plan path> "\n"
 *   server -> parent:  <id> TAB <exit code> TAB <stderr of the create> "\n"
 * Requests may overlap; replies come in completion order and carry the id.
 * EOF on fd 3 means the parent is gone: the server exits.
 */
#define _GNU_SOURCE
#include "serve.h"
#include "plan.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shim.h"
#include "util.h"

#define SERVE_FD 3
#define MAX_PENDING 64	      /* more in flight and we stop reading requests */
#define MAX_LINE 16384	      /* a request: id + verb + a path (PATH_MAX 4096, escaped) */
#define MAX_ID 64
#define MAX_STDERR 16384      /* the tail is kept: the `berth:` error line is last */

struct request {
	bool used;
	char id[MAX_ID + 1];
	pid_t pid;
	int err_r;		/* read end of the child's stderr pipe */
	char out[MAX_STDERR];
	size_t out_len;
};

static struct request reqs[MAX_PENDING];
static size_t n_pending;
static sigset_t orig_mask;

/* ------------------------------------------------------------ escaping */

/* Send one reply line; a failed write means the parent is gone, which the
 * next read of fd 3 reports as EOF. */
static void reply(const char *id, int code, const char *text, size_t len)
{
	size_t cap = strlen(id) + 16 + 2 * len + 2, n;
	char *line = xmalloc(cap);
	n = (size_t)snprintf(line, cap, "%s\t%d\t", id, code);
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (c == '\\' || c == '\t' || c == '\n') {
			line[n++] = '\\';
			c = c == '\t' ? 't' : c == '\n' ? 'n' : '\\';
		}
		line[n++] = c;
	}
	line[n++] = '\n';
	/* MSG_NOSIGNAL instead of ignoring SIGPIPE: an ignored disposition
	 * would be inherited by every shim and container we fork. */
	for (size_t off = 0; off < n;) {
		ssize_t w = send(SERVE_FD, line + off, n - off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	free(line);
}

static void reply_error(const char *id, int code, struct berth_error *err)
{
	char line[BERTH_ERRMSG_MAX + 64];
	int n = snprintf(line, sizeof(line), "berth: %s: %s\n", berth_errno_name(err->errnum), err->msg);
	reply(id, code, line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
	free(err);
}

/* ------------------------------------------------------------ requests */

/* The child: nothing of the server survives into cmd_create but its stdio,
 * so it runs as if exec'd by the parent with stderr on a pipe. */
_Noreturn static void run_create(const char *plan_path, int err_w)
{
	dup2(err_w, 2);
	close_fds_from(3, -1); /* fd 3, the signalfd, other requests' pipes */
	sigprocmask(SIG_SETMASK, &orig_mask, NULL);
	_exit(cmd_create(plan_path));
}

static void start_request(const char *id, char *plan_path)
{
	struct berth_error *err = NULL;
	struct request *r = NULL;
	for (size_t i = 0; i < MAX_PENDING && !r; i++)
		if (!reqs[i].used)
			r = &reqs[i];
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0) {
		berth_failno(&err, "creating the stderr pipe of a create");
		return reply_error(id, 1, err);
	}
	pid_t pid = fork();
	if (pid < 0) {
		berth_failno(&err, "forking a create");
		close(fds[0]), close(fds[1]);
		return reply_error(id, 1, err);
	}
	if (pid == 0)
		run_create(plan_path, fds[1]);
	/* Close the write end at once: the next fork must not inherit it, or
	 * that child would hold this pipe open. */
	close(fds[1]);
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	*r = (struct request){ .used = true, .pid = pid, .err_r = fds[0] };
	snprintf(r->id, sizeof(r->id), "%s", id);
	n_pending++;
}

static void handle_line(char *line)
{
	char *fields[4] = { 0 };
	size_t nf = 0;
	for (char *s = line; nf < 4; nf++) {
		fields[nf] = s;
		char *tab = strchr(s, '\t');
		if (!tab) {
			nf++;
			break;
		}
		*tab = '\0';
		s = tab + 1;
	}
	struct berth_error *err = NULL;
	const char *id = fields[0];
	if (strlen(id) > MAX_ID) {
		berth_fail(&err, EINVAL, "bad request: id longer than %d bytes", MAX_ID);
		return reply_error("", 2, err);
	}
	if (nf != 3 || strcmp(fields[1], "create") || plan_unescape(fields[2]) < 0 || !fields[2][0]) {
		berth_fail(&err, EINVAL, "bad request: want <id> TAB create TAB <plan>");
		return reply_error(id, 2, err);
	}
	start_request(id, fields[2]);
}

/* Keep the tail of the child's stderr; false once the pipe is drained. */
static bool read_stderr(struct request *r)
{
	for (;;) {
		if (r->out_len == sizeof(r->out)) {
			size_t half = sizeof(r->out) / 2;
			memmove(r->out, r->out + half, sizeof(r->out) - half);
			r->out_len -= half;
		}
		ssize_t n = read(r->err_r, r->out + r->out_len, sizeof(r->out) - r->out_len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false; /* EOF, or EAGAIN: nothing more for now */
		r->out_len += (size_t)n;
	}
}

static void reap(int sigfd)
{
	struct signalfd_siginfo si;
	while (read(sigfd, &si, sizeof(si)) > 0)
		;
	int st;
	pid_t pid;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		for (size_t i = 0; i < MAX_PENDING; i++) {
			struct request *r = &reqs[i];
			if (!r->used || r->pid != pid)
				continue;
			/* Everything the child wrote is in the pipe now.  Reply
			 * without waiting for EOF: a grandchild that kept the
			 * pipe open must not hold up the answer. */
			read_stderr(r);
			close(r->err_r);
			reply(r->id, WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st), r->out, r->out_len);
			r->used = false;
			n_pending--;
		}
	}
}

/* ---------------------------------------------------------------- main */

int cmd_serve(void)
{
	struct berth_error *err = NULL;
	/* The parent going away must end us even if fd 3 somehow stays open;
	 * EOF on fd 3 covers a parent that died before this prctl. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	int fl = fcntl(SERVE_FD, F_GETFL);
	if (fl < 0) {
		berth_failno(&err, "serve: fd 3 is not open");
		return berth_error_exit(err);
	}
	/* Blocking replies (small, and the parent always reads); reads only
	 * happen after poll says so. */
	fcntl(SERVE_FD, F_SETFL, fl & ~O_NONBLOCK);
	fcntl(SERVE_FD, F_SETFD, FD_CLOEXEC);

	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &orig_mask);
	int sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sigfd < 0) {
		berth_failno(&err, "serve: creating signalfd");
		return berth_error_exit(err);
	}
	/* Before the first read: a parent that never saw this line knows no
	 * request of its was started, so it may safely run them elsewhere. */
	if (send(SERVE_FD, "ready\n", 6, MSG_NOSIGNAL) != 6) {
		berth_failno(&err, "serve: writing to fd 3 (must be a unix stream socket)");
		return berth_error_exit(err);
	}

	static char buf[MAX_LINE];
	size_t len = 0;
	for (;;) {
		/* Start what is buffered, as far as the limit allows; the rest
		 * waits for a free slot (back-pressure: fd 3 is not polled). */
		char *start = buf, *nl;
		while (n_pending < MAX_PENDING && (nl = memchr(start, '\n', len - (size_t)(start - buf)))) {
			*nl = '\0';
			handle_line(start);
			start = nl + 1;
		}
		len -= (size_t)(start - buf);
		memmove(buf, start, len);
		if (n_pending < MAX_PENDING && len == sizeof(buf) - 1) {
			/* No id can be trusted in a line this long: drop the whole
			 * connection rather than guess; the parent falls back. */
			berth_fail(&err, EMSGSIZE, "serve: request line longer than %d bytes", MAX_LINE);
			return berth_error_exit(err);
		}

		struct pollfd pf[2 + MAX_PENDING];
		size_t slot[MAX_PENDING], n = 0;
		pf[0] = (struct pollfd){ sigfd, POLLIN, 0 };
		pf[1] = (struct pollfd){ n_pending < MAX_PENDING ? SERVE_FD : -1, POLLIN, 0 };
		for (size_t i = 0; i < MAX_PENDING; i++)
			if (reqs[i].used) {
				slot[n] = i;
				pf[2 + n++] = (struct pollfd){ reqs[i].err_r, POLLIN, 0 };
			}
		if (poll(pf, 2 + n, -1) < 0)
			continue;
		/* Drain pipes first: a child blocked on a full pipe cannot exit. */
		for (size_t k = 0; k < n; k++)
			if (pf[2 + k].revents && reqs[slot[k]].used)
				read_stderr(&reqs[slot[k]]);
		if (pf[0].revents)
			reap(sigfd);
		if (pf[1].revents) {
			ssize_t r = read(SERVE_FD, buf + len, sizeof(buf) - 1 - len);
			if (r == 0 || (r < 0 && errno != EINTR && errno != EAGAIN))
				return 0; /* the parent is gone; running creates finish alone */
			if (r > 0)
				len += (size_t)r;
		}
	}
}
