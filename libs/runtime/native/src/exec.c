/* exec.c - `berth-shim exec <plan> <init pid>`.
 *
 * Joins the cgroups (host paths, so before entering the mount namespace),
 * then every namespace of the container's init, then forks: only a child
 * created after setns(CLONE_NEWPID) really lives in the container's pid
 * namespace.  Foreground like `runc exec`: stdio is inherited, or relayed
 * through a pty allocated from the container's own /dev/pts.
 */
#define _GNU_SOURCE
#include "exec.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "console_socket.h"
#include "namespaces.h"
#include "plan.h"
#include "process.h"
#include "terminal.h"
#include "util.h"

static int join_cgroups(const struct berth_plan *p, struct berth_error **err)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d\n", getpid());
	for (size_t i = 0; i < p->cgroup_procs.n; i++)
		if (write_file(p->cgroup_procs.v[i], buf, (size_t)n, err) < 0)
			return berth_context(err, "joining cgroup");
	return 0;
}

_Noreturn static void exec_child(const struct berth_plan *p, int slave, sigset_t *old)
{
	struct berth_error *err = NULL;
	sigprocmask(SIG_SETMASK, old, NULL);
	if ((slave < 0 || terminal_make_controlling(slave, &err) == 0) &&
	    process_apply(p, &err) == 0)
		process_exec(p, &err);
	berth_error_print(err);
	_exit(err->errnum == ENOENT ? 127 : 126);
}

static void copy_winsize(int master)
{
	struct winsize ws;
	if (ioctl(0, TIOCGWINSZ, &ws) == 0)
		ioctl(master, TIOCSWINSZ, &ws);
}

/* Read what is there on `from` and write it to `to`; false on EOF/error. */
static bool relay(int from, int to)
{
	char buf[16384];
	ssize_t r = read(from, buf, sizeof(buf));
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return true;
	if (r <= 0)
		return false;
	return write_all(to, buf, (size_t)r) >= 0;
}

/* One "ROWS COLS\n" line per resize; partial lines wait for the rest. */
static bool read_resizes(int fd, int master, char *pending, size_t *len)
{
	ssize_t r = read(fd, pending + *len, 63 - *len);
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return true;
	if (r <= 0)
		return false;
	*len += (size_t)r;
	pending[*len] = '\0';
	char *line = pending, *nl;
	while ((nl = strchr(line, '\n'))) {
		*nl = '\0';
		unsigned rows, cols;
		if (sscanf(line, "%u %u", &rows, &cols) == 2 && rows > 0 && rows < 65536 && cols > 0 && cols < 65536) {
			struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
			ioctl(master, TIOCSWINSZ, &ws);
		}
		line = nl + 1;
	}
	*len = strlen(line);
	memmove(pending, line, *len);
	if (*len >= 63) /* garbage without a newline: drop it */
		*len = 0;
	return true;
}

/* Event loop: caller stdin -> master, master -> caller stdout, resizes, signals. */
static int supervise(pid_t child, int master, int sigfd, int resize_fd)
{
	char pending[64];
	size_t pending_len = 0;
	bool resize_open = master >= 0 && resize_fd >= 0;
	bool in_open = master >= 0, out_open = master >= 0, exited = false;
	int status = 0;
	if (master >= 0)
		fcntl(master, F_SETFL, O_NONBLOCK);
	while (!exited || out_open) {
		struct pollfd pf[4] = { { sigfd, POLLIN, 0 },
					{ in_open ? 0 : -1, POLLIN, 0 },
					{ out_open ? master : -1, POLLIN, 0 },
					{ resize_open ? resize_fd : -1, POLLIN, 0 } };
		if (exited) /* child gone: drain the pty without blocking */
			pf[0].fd = pf[1].fd = pf[3].fd = -1;
		if (poll(pf, 4, exited ? 100 : -1) <= 0) {
			if (exited)
				break;
			continue;
		}
		if (pf[0].revents) {
			struct signalfd_siginfo si;
			while (read(sigfd, &si, sizeof(si)) == sizeof(si)) {
				if (si.ssi_signo == SIGWINCH && master >= 0)
					copy_winsize(master);
				else if (si.ssi_signo != SIGCHLD)
					kill(child, (int)si.ssi_signo);
			}
			if (waitpid(child, &status, WNOHANG) == child)
				exited = true;
		}
		if (pf[1].revents && !relay(0, master))
			in_open = false;
		if (pf[2].revents && !relay(master, 1))
			out_open = false;
		if (pf[3].revents && !read_resizes(resize_fd, master, pending, &pending_len))
			resize_open = false;
	}
	if (!exited)
		waitpid(child, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* handoff (runc's `exec --detach`): the process keeps our fds 0 and 1 and
 * takes handoff_stderr as its fd 2 (or, with a terminal, a pty whose master
 * goes to the console socket); we wait only until it has exec'd, report its
 * pid as "pid N" on stderr and exit, leaving it to our caller's subreaper. */
static int exec_handoff(const struct berth_plan *p, int console, struct berth_error **err)
{
	int master = -1, slave = -1;
	char name[64];
	if (p->terminal && console < 0)
		return berth_fail(err, EINVAL, "a terminal with handoff needs console_socket");
	if (p->terminal && terminal_open(&master, &slave, name, sizeof(name), err) < 0)
		return -1;
	/* Close-on-exec: EOF without a byte means the command is running. */
	int report[2];
	if (pipe2(report, O_CLOEXEC) < 0)
		return berth_failno(err, "creating the exec report pipe");
	pid_t child = fork();
	if (child < 0)
		return berth_failno(err, "forking into the container");
	if (child == 0) {
		struct berth_error *e = NULL;
		close(report[0]);
		if (master >= 0)
			close(master);
		int r = slave >= 0 ? terminal_make_controlling(slave, &e) : (dup2(p->handoff_stderr, 2) < 0 ? berth_failno(&e, "taking the caller's stderr") : 0);
		if (r == 0 && process_apply(p, &e) == 0)
			process_exec(p, &e);
		dprintf(report[1], "%d\t%s", e->errnum, e->msg);
		_exit(e->errnum == ENOENT ? 127 : 126);
	}
	close(report[1]);
	close(p->handoff_stderr);
	if (slave >= 0)
		close(slave);
	int sent = master >= 0 ? console_socket_send_on(console, master, err) : 0;
	if (master >= 0)
		close(master);
	char msg[BERTH_ERRMSG_MAX + 16];
	ssize_t n = read_all(report[0], msg, sizeof(msg) - 1);
	close(report[0]);
	if (n > 0 || sent < 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
		if (sent < 0)
			return -1;
		msg[n] = '\0';
		char *text;
		int errnum = (int)strtol(msg, &text, 10);
		return berth_fail(err, errnum, "%s", *text == '\t' ? text + 1 : text);
	}
	fprintf(stderr, "pid %d\n", child);
	return 0;
}

int cmd_exec(const char *plan_path, const char *pid_str)
{
	struct berth_error *err = NULL;
	struct berth_plan *p = NULL;
	char *end;
	long pid = strtol(pid_str, &end, 10);
	if (!*pid_str || *end || pid <= 0) {
		berth_fail(&err, EINVAL, "bad container pid %s", pid_str);
		return berth_error_exit(err);
	}
	if (plan_load(plan_path, PLAN_EXEC, &p, &err) < 0)
		return berth_error_exit(err);
	/* The console socket is a host path: connect before joining the mount namespace. */
	cleanup_fd int console = p->console_socket ? console_socket_connect(p->console_socket, &err) : -1;
	if ((p->console_socket && console < 0) || join_cgroups(p, &err) < 0 ||
	    process_set_oom_score_adj(p, getpid(), &err) < 0 || ns_join_process((pid_t)pid, &err) < 0)
		return berth_error_exit(err);
	if (p->handoff_stderr >= 0) {
		int r = exec_handoff(p, console, &err);
		plan_free(p);
		return r < 0 ? berth_error_exit(err) : 0;
	}

	int master = -1, slave = -1;
	char name[64];
	if (p->terminal && terminal_open(&master, &slave, name, sizeof(name), &err) < 0)
		return berth_error_exit(err);
	if (master >= 0) {
		copy_winsize(master);
		if (p->console_rows) {
			struct winsize ws = { .ws_row = p->console_rows, .ws_col = p->console_cols };
			ioctl(master, TIOCSWINSZ, &ws);
		}
	}
	if (p->resize_fd >= 0 && fcntl(p->resize_fd, F_SETFL, O_NONBLOCK) < 0) {
		berth_failno(&err, "resize_fd %d is not open", p->resize_fd);
		return berth_error_exit(err);
	}

	/* Signals become events; the child gets the old mask back. */
	sigset_t set, old;
	sigemptyset(&set);
	int fwd[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT };
	for (size_t i = 0; i < sizeof(fwd) / sizeof(fwd[0]); i++)
		sigaddset(&set, fwd[i]);
	sigprocmask(SIG_BLOCK, &set, &old);
	int sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (sigfd < 0) {
		berth_failno(&err, "creating signalfd");
		return berth_error_exit(err);
	}

	pid_t child = fork();
	if (child < 0) {
		berth_failno(&err, "forking into the container");
		return berth_error_exit(err);
	}
	if (child == 0)
		exec_child(p, slave, &old);
	if (slave >= 0)
		close(slave);

	struct termios saved;
	bool raw = master >= 0 && isatty(0) && terminal_raw(0, &saved) == 0;
	int code = supervise(child, master, sigfd, p->resize_fd);
	if (raw)
		tcsetattr(0, TCSANOW, &saved);
	plan_free(p);
	return code;
}
