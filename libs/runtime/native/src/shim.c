/* shim.c - the per-container shim.
 *
 * `create` forks the shim (setsid, no second fork: see cmd_create), which
 * clones the container and reports "OK" or "ERR" back over a result pipe.
 * The foreground process prints that and exits, so its death never affects
 * the container.  The shim then owns the container's stdio, writes logs,
 * serves the attach socket, reaps, and records exit.json.
 */
#define _GNU_SOURCE
#include "shim.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attach.h"
#include "cgroup_device.h"
#include "console_socket.h"
#include "container.h"
#include "logs.h"
#include "namespaces.h"
#include "terminal.h"
#include "plan.h"
#include "process.h"
#include "rootfs.h"
#include "util.h"

struct shim {
	struct berth_plan *p;
	bool created_dir;
	pid_t child;
	int sync;		/* shim end of the sync socket */
	int in_w, out_r, err_r; /* pipes (no terminal) */
	int pty;		/* pty master (terminal) */
	int fifo;		/* exec.fifo read end until started */
	int sigfd;
	int start_result; /* <state dir>/start-hooks for the child, until clone */
	struct berth_log log;
	struct attach_server att;
	char stdin_buf[65536];
	size_t stdin_len;
	bool stdin_dead;
	bool stdin_eof; /* a client ended its input: close the pipe once drained */
	bool exited;
	int status;
	int host_mnt_id; /* > 0: the child's rootfs self-bind in our mount namespace */
};

static const char *const state_files[] = { "shim.pid", "init.pid", "exec.fifo", "attach.sock",
					   "container.log", "status", "exit.json", "host_mount", "start-hooks" };

static void state_path(const struct shim *s, const char *name, char *out, size_t n)
{
	snprintf(out, n, "%s/%s", s->p->state_dir, name);
}

static void write_state(struct shim *s, const char *name, const char *fmt, long v)
{
	char buf[64];
	int n = snprintf(buf, sizeof(buf), fmt, v);
	write_file_replace(s->p->state_dir, name, buf, (size_t)n, NULL);
}

/* ---------------------------------------------------------------- failure */

/* A child without a mount namespace of its own mounted into ours; the
 * rootfs self-bind it reported holds every one of those mounts. */
static void note_host_mount(struct shim *s, int id)
{
	char buf[4200];
	s->host_mnt_id = id;
	int n = snprintf(buf, sizeof(buf), "%d\t%s", id, s->p->rootfs);
	write_file_replace(s->p->state_dir, "host_mount", buf, (size_t)n, NULL);
}

static void release_host_mount(struct shim *s)
{
	struct sync_msg m;
	/* Reports the child queued that we never read (it died, or we failed first). */
	while (s->sync >= 0 && recv(s->sync, &m, sizeof(m) - 1, MSG_DONTWAIT) >= (ssize_t)offsetof(struct sync_msg, msg))
		if (m.type == SYNC_HOST_MOUNT)
			s->host_mnt_id = m.errnum;
	if (s->host_mnt_id > 0)
		rootfs_release_host_mount(s->p->rootfs, s->host_mnt_id, NULL);
}

/* Undo everything `create` did, report the error and die: a failed create
 * leaves no process, no mount (they lived in the child's namespace) and no
 * state files behind. */
_Noreturn static void shim_fail(struct shim *s, int res, struct berth_error *err)
{
	if (s->child > 0) {
		kill(s->child, SIGKILL);
		waitpid(s->child, NULL, 0);
	}
	release_host_mount(s);
	char path[4200], msg[BERTH_ERRMSG_MAX + 32];
	for (size_t i = 0; i < sizeof(state_files) / sizeof(state_files[0]); i++) {
		state_path(s, state_files[i], path, sizeof(path));
		unlink(path);
	}
	if (s->created_dir)
		rmdir(s->p->state_dir);
	int n = snprintf(msg, sizeof(msg), "ERR\t%d\t%s", err->errnum, err->msg);
	write_all(res, msg, (size_t)n);
	_exit(1);
}

/* ------------------------------------------------------------------ setup */

static int make_pipe(int fds[2], struct berth_error **err)
{
	if (pipe2(fds, O_CLOEXEC) < 0)
		return berth_failno(err, "creating stdio pipe");
	return 0;
}

static int open_fifo(struct shim *s, struct berth_error **err)
{
	char path[4200];
	state_path(s, "exec.fifo", path, sizeof(path));
	s->fifo = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (s->fifo < 0)
		return berth_failno(err, "opening %s", path);
	return 0;
}

/* Pipes and the sync socket: all the child needs from us at clone time. */
static int shim_prepare(struct shim *s, int child_io[3], int child_sync[1], struct berth_error **err)
{
	if (!s->p->terminal && s->p->handoff_stderr < 0) {
		int in[2], out[2], er[2];
		if (make_pipe(in, err) < 0 || make_pipe(out, err) < 0 || make_pipe(er, err) < 0)
			return -1;
		child_io[0] = in[0], s->in_w = in[1];
		s->out_r = out[0], child_io[1] = out[1];
		s->err_r = er[0], child_io[2] = er[1];
		fcntl(s->in_w, F_SETFL, O_NONBLOCK);
		fcntl(s->out_r, F_SETFL, O_NONBLOCK);
		fcntl(s->err_r, F_SETFL, O_NONBLOCK);
	}
	int sp[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sp) < 0)
		return berth_failno(err, "creating sync socket");
	s->sync = sp[0];
	child_sync[0] = sp[1];
	/* Where the container records its startContainer hooks' outcome; `start`
	 * waits for it (container.c, run_start_hooks). */
	for (size_t i = 0; i < s->p->n_hooks && s->start_result < 0; i++) {
		if (s->p->hooks[i].phase != HOOK_START_CONTAINER)
			continue;
		char path[4200];
		state_path(s, "start-hooks", path, sizeof(path));
		s->start_result = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (s->start_result < 0)
			return berth_failno(err, "creating %s", path);
	}
	return ns_join_paths(s->p, err);
}

/* The state dir files of a created container, made while the child sets
 * itself up.  init.pid goes in with them: the pid is final from clone on. */
static int shim_publish(struct shim *s, struct berth_error **err)
{
	char path[4200];
	if (s->p->handoff_stderr >= 0) {
		/* No shim stays: no shim.pid, log or attach socket; the fifo
		 * goes to the container (shim_handoff). */
		write_state(s, "init.pid", "%ld\n", (long)s->child);
		state_path(s, "exec.fifo", path, sizeof(path));
		unlink(path);
		if (mkfifo(path, 0600) < 0)
			return berth_failno(err, "creating %s", path);
		return 0;
	}
	write_state(s, "shim.pid", "%ld\n", (long)getpid());
	write_state(s, "init.pid", "%ld\n", (long)s->child);
	if (log_open(&s->log, s->p->log_dir ? s->p->log_dir : s->p->state_dir, s->p->log_max_size, s->p->log_max_files, err) < 0 ||
	    attach_listen(&s->att, s->p->state_dir, err) < 0)
		return -1;
	state_path(s, "exec.fifo", path, sizeof(path));
	unlink(path);
	if (mkfifo(path, 0600) < 0)
		return berth_failno(err, "creating %s", path);
	return open_fifo(s, err);
}

/* A child that failed before SYNC_GO has already queued its SYNC_ERROR; its
 * reason beats whatever its death made us trip over (ESRCH from
 * cgroup.procs, EPIPE on the socket). */
static int child_error(struct shim *s, struct berth_error **err)
{
	struct sync_msg m;
	memset(&m, 0, sizeof(m));
	ssize_t r;
	/* A mount report may queue ahead of the error: take it in passing. */
	while ((r = recv(s->sync, &m, sizeof(m) - 1, MSG_DONTWAIT | MSG_PEEK)) >= (ssize_t)offsetof(struct sync_msg, msg) &&
	       m.type == SYNC_HOST_MOUNT) {
		note_host_mount(s, m.errnum);
		recv(s->sync, &m, sizeof(m) - 1, MSG_DONTWAIT);
	}
	if (r >= (ssize_t)offsetof(struct sync_msg, msg) && m.type == SYNC_ERROR) {
		free(*err);
		*err = NULL;
		return berth_fail(err, m.errnum, "%s", m.msg);
	}
	return -1;
}

static int place_in_cgroups(struct shim *s, struct berth_error **err)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%d\n", s->child);
	for (size_t i = 0; i < s->p->cgroup_procs.n; i++)
		if (write_file(s->p->cgroup_procs.v[i], buf, (size_t)n, err) < 0)
			return berth_context(err, "joining cgroup");
	return 0;
}

/* Drive the child through setup until it reports READY. */
static int wait_ready(struct shim *s, struct berth_error **err)
{
	for (;;) {
		struct sync_msg m;
		int t = sync_recv(s->sync, &m, err);
		if (t < 0)
			return -1;
		if (t == SYNC_READY)
			return 0;
		if (t == SYNC_PTY) {
			s->pty = recv_fd(s->sync, err);
			if (s->pty < 0)
				return -1;
			fcntl(s->pty, F_SETFL, O_NONBLOCK);
			continue;
		}
		if (t == SYNC_HOST_MOUNT) {
			note_host_mount(s, m.errnum);
			continue;
		}
		if (t == SYNC_INIT_PID) {
			/* The child forked the container's PID 1 and exits: the new
			 * init is ours as subreaper, and the container's process. */
			waitpid(s->child, NULL, 0);
			s->child = (pid_t)m.errnum;
			write_state(s, "init.pid", "%ld\n", (long)s->child);
			continue;
		}
		if (t == SYNC_ERROR)
			return berth_fail(err, m.errnum, "%s", m.msg);
		int st = 0;
		waitpid(s->child, &st, 0);
		s->child = 0;
		return berth_fail(err, EIO, "container process died during setup (status %d)", st);
	}
}

/* clone, then overlap: the child builds what it can of its rootfs while we
 * move it into its cgroups, and finishes (cgroup namespace, pivot, ...)
 * while we publish the state files. */
static int shim_spawn(struct shim *s, int child_io[3], int child_sync, struct berth_error **err)
{
	int flags = ns_clone_flags(s->p);
	/* fork-like raw clone: no separate stack, the child continues here. */
	pid_t pid = (pid_t)syscall(SYS_clone, (unsigned long)flags | SIGCHLD, NULL, NULL, NULL, 0);
	if (pid < 0)
		return berth_failno(err, "cloning the container process");
	if (pid == 0) {
		struct container_fds fds = { child_sync, child_io[0], child_io[1], child_io[2], s->start_result };
		container_child(s->p, &fds);
	}
	s->child = pid;
	/* The container has its copies now; ours would keep a pipe open. */
	for (int fd = 3; fd < 3 + s->p->preserve_fds; fd++)
		close(fd);
	if (s->p->handoff_stderr >= 0)
		close(s->p->handoff_stderr);
	for (int i = 0; i < 3; i++)
		if (child_io[i] >= 0)
			close(child_io[i]);
	close(child_sync);
	if (s->start_result >= 0) {
		close(s->start_result);
		s->start_result = -1;
	}

	if (ns_new(s->p, NS_USER) && ns_write_idmaps(pid, s->p, err) < 0)
		return child_error(s, err);
	/* Only now: the idmap is read from the child's user namespace, which
	 * must have its maps, and only we (host root) may idmap a host mount. */
	cleanup_fd int idmapped = -1;
	if (s->p->idmap_rootfs && (idmapped = ns_idmapped_clone(pid, s->p->rootfs, err)) < 0)
		return -1;
	/* The device policy goes on before the child joins: it must never run
	 * in its cgroup unguarded. */
	if (s->p->device_program && cgroup_device_attach(s->p->device_program, s->p->device_cgroup, err) < 0)
		return child_error(s, err);
	if (process_set_oom_score_adj(s->p, pid, err) < 0 || place_in_cgroups(s, err) < 0)
		return child_error(s, err);
	/* A failed send means the child is gone: wait_ready reports why.  The
	 * clone follows GO: a child with a user namespace waits for GO before
	 * it touches its rootfs, and then takes the fd. */
	if (sync_send_value(s->sync, SYNC_GO, (int32_t)pid) == 0 && idmapped >= 0)
		send_fd(s->sync, idmapped, NULL);
	if (shim_publish(s, err) < 0 || wait_ready(s, err) < 0)
		return -1;
	return 0;
}

/* handoff: the pty master to the console socket, the start gate to the
 * container; returns once the container no longer dies with us. */
static int shim_handoff(struct shim *s, struct berth_error **err)
{
	if (s->p->terminal) {
		if (s->pty < 0)
			return berth_fail(err, EIO, "the container sent no pty master");
		if (console_socket_send(s->p->console_socket, s->pty, err) < 0)
			return -1;
	}
	char path[4200];
	state_path(s, "exec.fifo", path, sizeof(path));
	cleanup_fd int gate = open(path, O_RDWR | O_CLOEXEC);
	if (gate < 0)
		return berth_failno(err, "opening %s", path);
	struct sync_msg m;
	if (sync_send(s->sync, SYNC_HANDOFF, NULL) < 0 || send_fd(s->sync, gate, err) < 0 ||
	    sync_recv(s->sync, &m, err) != SYNC_HANDOFF)
		return berth_fail(err, EIO, "container process died during handoff");
	return 0;
}

/* The caller's fds 0 and 1 and its stderr (passed as handoff_stderr), as
 * the container's stdio; taken before the shim points its own at /dev/null. */
static int handoff_stdio(const struct berth_plan *p, int child_io[3], struct berth_error **err)
{
	if (p->handoff_stderr < 0 || p->terminal)
		return 0;
	child_io[0] = dup(0);
	child_io[1] = dup(1);
	child_io[2] = p->handoff_stderr;
	if (child_io[0] < 0 || child_io[1] < 0)
		return berth_failno(err, "taking the caller's stdio for the container");
	return 0;
}

/* ------------------------------------------------------------ event loop */

static int stdin_target(const struct shim *s) { return s->p->terminal ? s->pty : s->in_w; }

static void handle_start(struct shim *s)
{
	char c;
	ssize_t r = read(s->fifo, &c, 1);
	if (r == 0) {
		/* A writer came and went without a byte: re-arm the fifo. */
		close(s->fifo);
		open_fifo(s, NULL);
		return;
	}
	if (r < 0)
		return;
	/* Release the container first: the bookkeeping below overlaps its execve. */
	sync_send(s->sync, SYNC_START, NULL);
	close(s->sync);
	s->sync = -1;
	char path[4200];
	state_path(s, "exec.fifo", path, sizeof(path));
	unlink(path);
	close(s->fifo);
	s->fifo = -1;
	write_file_replace(s->p->state_dir, "status", "running\n", 8, NULL);
}

/* Read what is available from one output fd; returns false on EOF. */
static bool pump_output(struct shim *s, int *fd, int stream)
{
	char buf[65536];
	for (;;) {
		ssize_t r = read(*fd, buf, sizeof(buf));
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && errno == EAGAIN)
			return true;
		if (r <= 0) { /* EOF, or EIO from a pty whose slave is gone */
			close(*fd);
			*fd = -1;
			return false;
		}
		log_feed(&s->log, stream, buf, (size_t)r);
		attach_broadcast(&s->att, stream, buf, (size_t)r);
		if (!s->exited)
			return true; /* one chunk per wakeup keeps the loop fair */
	}
}

static void pump_stdin(struct shim *s)
{
	ssize_t w = write(stdin_target(s), s->stdin_buf, s->stdin_len);
	if (w < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (w < 0) { /* container closed its stdin: discard from now on */
		s->stdin_dead = true;
		s->stdin_len = 0;
		return;
	}
	memmove(s->stdin_buf, s->stdin_buf + w, s->stdin_len - (size_t)w);
	s->stdin_len -= (size_t)w;
}

static void read_client(struct shim *s, size_t i)
{
	struct attach_client *c = &s->att.clients[i];
	size_t room = sizeof(s->stdin_buf) - s->stdin_len;
	if (room == 0)
		return; /* back-pressure: read it once the container caught up */
	ssize_t r = read(c->fd, s->stdin_buf + s->stdin_len, room);
	if (r < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (r <= 0) {
		c->input_closed = true;
		/* `echo hi | docker run -i … cat`: the end of the caller's input is the
		 * container's EOF, as with Docker's StdinOnce. A pty has no EOF to pass. */
		if (r == 0 && !s->p->terminal)
			s->stdin_eof = true;
		return;
	}
	if (!s->stdin_dead)
		s->stdin_len += (size_t)r;
}

static void reap(struct shim *s)
{
	struct signalfd_siginfo si;
	while (read(s->sigfd, &si, sizeof(si)) > 0)
		;
	int st;
	pid_t w;
	/* We are a subreaper: orphans from the container land here too. */
	while ((w = waitpid(-1, &st, WNOHANG)) > 0)
		if (w == s->child) {
			s->exited = true;
			s->status = st;
		}
}

enum { P_SIG, P_FIFO, P_OUT, P_ERR, P_IN, P_LISTEN, P_CLIENTS };

static void shim_loop(struct shim *s)
{
	struct pollfd pf[P_CLIENTS + ATTACH_MAX_CLIENTS];
	while (!s->exited) {
		int out = s->p->terminal ? s->pty : s->out_r;
		pf[P_SIG] = (struct pollfd){ s->sigfd, POLLIN, 0 };
		pf[P_FIFO] = (struct pollfd){ s->fifo, POLLIN, 0 };
		pf[P_OUT] = (struct pollfd){ out, POLLIN, 0 };
		pf[P_ERR] = (struct pollfd){ s->p->terminal ? -1 : s->err_r, POLLIN, 0 };
		pf[P_IN] = (struct pollfd){ s->stdin_len ? stdin_target(s) : -1, POLLOUT, 0 };
		pf[P_LISTEN] = (struct pollfd){ s->att.listen_fd, POLLIN, 0 };
		size_t nc = s->att.n_clients;
		for (size_t i = 0; i < nc; i++) {
			struct attach_client *c = &s->att.clients[i];
			short ev = (short)((c->out_len ? POLLOUT : 0) |
					   (!s->stdin_len && !c->input_closed ? POLLIN : 0));
			pf[P_CLIENTS + i] = (struct pollfd){ c->fd, ev, 0 };
		}
		if (poll(pf, P_CLIENTS + nc, -1) < 0)
			continue;

		if (pf[P_SIG].revents)
			reap(s);
		if (pf[P_FIFO].revents)
			handle_start(s);
		if (pf[P_OUT].revents)
			pump_output(s, s->p->terminal ? &s->pty : &s->out_r, STREAM_STDOUT);
		if (pf[P_ERR].revents)
			pump_output(s, &s->err_r, STREAM_STDERR);
		if (pf[P_IN].revents && s->stdin_len)
			pump_stdin(s);
		/* Clients: walk backwards, attach_drop moves the last one into i. */
		for (size_t i = nc; i-- > 0;) {
			short re = pf[P_CLIENTS + i].revents;
			if (i >= s->att.n_clients || s->att.clients[i].fd != pf[P_CLIENTS + i].fd)
				continue; /* dropped by a broadcast above */
			if (re & POLLIN)
				read_client(s, i);
			if (re & POLLOUT)
				attach_flush(&s->att, i);
			else if ((re & (POLLHUP | POLLERR)) && !(re & POLLIN))
				attach_drop(&s->att, i); /* fully closed; a half-close keeps output flowing */
		}
		if (pf[P_LISTEN].revents & POLLIN)
			attach_accept(&s->att);
		if (s->stdin_len)
			pump_stdin(s);
		if (s->stdin_eof && !s->stdin_len && s->in_w >= 0) {
			close(s->in_w);
			s->in_w = -1;
			s->stdin_dead = true;
		}
	}
}

/* ------------------------------------------------------------------ exit */

static bool oom_killed(const struct berth_plan *p)
{
	if (!p->oom_control)
		return false;
	cleanup_free char *text = read_file(p->oom_control, NULL);
	/* memory.oom_control and memory.events both carry "oom_kill N". */
	char *at = text ? strstr(text, "oom_kill ") : NULL;
	return at && strtoll(at + 9, NULL, 10) > 0;
}

static void write_exit_json(struct shim *s)
{
	char ts[64], buf[256], sig[48] = "null";
	int code;
	rfc3339_now(ts, sizeof(ts));
	if (WIFSIGNALED(s->status)) {
		code = 128 + WTERMSIG(s->status);
		snprintf(sig, sizeof(sig), "\"%s\"", signal_name(WTERMSIG(s->status)));
	} else {
		code = WEXITSTATUS(s->status);
	}
	int n = snprintf(buf, sizeof(buf),
			 "{\"exitCode\":%d,\"signal\":%s,\"oomKilled\":%s,\"finishedAt\":\"%s\"}\n",
			 code, sig, oom_killed(s->p) ? "true" : "false", ts);
	write_file_atomic(s->p->state_dir, "exit.json", buf, (size_t)n, NULL);
}

static void shim_finish(struct shim *s)
{
	/* Init is gone, and with it its pid namespace: drain what is left. */
	int *outfd = s->p->terminal ? &s->pty : &s->out_r;
	if (*outfd >= 0)
		pump_output(s, outfd, STREAM_STDOUT);
	if (s->err_r >= 0)
		pump_output(s, &s->err_r, STREAM_STDERR);
	log_flush(&s->log);
	log_close(&s->log);
	attach_close(&s->att);
	char path[4200];
	state_path(s, "exec.fifo", path, sizeof(path));
	unlink(path);
	write_exit_json(s);
	write_file_replace(s->p->state_dir, "status", "stopped\n", 8, NULL);
}

/* ------------------------------------------------------------- daemonize */

_Noreturn static void shim_main(struct berth_plan *p, int res, bool created_dir)
{
	struct shim s = { .p = p, .created_dir = created_dir, .sync = -1, .in_w = -1,
			  .out_r = -1, .err_r = -1, .pty = -1, .fifo = -1, .sigfd = -1, .start_result = -1 };
	s.att.listen_fd = -1;
	s.log.fd = -1;
	struct berth_error *err = NULL;
	int child_io[3] = { -1, -1, -1 }, child_sync = -1;

	if (handoff_stdio(p, child_io, &err) < 0)
		shim_fail(&s, res, err);
	int devnull = open("/dev/null", O_RDWR);
	if (devnull >= 0) {
		dup2(devnull, 0), dup2(devnull, 1), dup2(devnull, 2);
		if (devnull > 2)
			close(devnull);
	}
	if (chdir("/") < 0)
		_exit(1);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	signal(SIGPIPE, SIG_IGN);
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	s.sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	if (s.sigfd < 0) {
		berth_failno(&err, "creating signalfd");
		shim_fail(&s, res, err);
	}
	if (shim_prepare(&s, child_io, &child_sync, &err) < 0 ||
	    shim_spawn(&s, child_io, child_sync, &err) < 0) {
		berth_context(&err, "creating container %s", p->id);
		shim_fail(&s, res, err);
	}
	if (p->handoff_stderr >= 0 && shim_handoff(&s, &err) < 0) {
		berth_context(&err, "creating container %s", p->id);
		shim_fail(&s, res, err);
	}
	write_file_replace(p->state_dir, "status", "created\n", 8, NULL);
	write_all(res, "OK", 2);
	close(res);
	if (p->handoff_stderr >= 0)
		_exit(0); /* the container is the caller's subreaper's from here */

	shim_loop(&s);
	shim_finish(&s);
	_exit(0);
}

/* Hands `err` to the caller of shim_create, freeing the plan. */
static int fail_with(struct berth_error **errp, struct berth_error *err, struct berth_plan *p)
{
	if (p)
		plan_free(p);
	*errp = err;
	return -1;
}

/* Foreground half: spawn the daemon, relay its verdict. */
int shim_create(const char *plan_path, struct berth_error **errp)
{
	struct berth_error *err = NULL;
	struct berth_plan *p = NULL;
	if (plan_load(plan_path, PLAN_CREATE, &p, &err) < 0)
		return fail_with(errp, err, NULL);
	/* A preserved number that is not open would be taken by the next fd we
	 * open, which would then leak into the container. */
	for (int fd = 3; fd < 3 + p->preserve_fds; fd++)
		if (fcntl(fd, F_GETFD) < 0) {
			berth_fail(&err, EBADF, "preserve_fds %d: fd %d is not open", p->preserve_fds, fd);
			return fail_with(errp, err, p);
		}
	struct stat st;
	if (stat(p->rootfs, &st) < 0 || !S_ISDIR(st.st_mode)) {
		berth_fail(&err, errno ? errno : ENOTDIR, "opening rootfs %s", p->rootfs);
		return fail_with(errp, err, p);
	}
	bool created_dir = mkdir(p->state_dir, 0700) == 0;
	if (!created_dir && errno != EEXIST) {
		berth_failno(&err, "creating state dir %s", p->state_dir);
		return fail_with(errp, err, p);
	}
	char pidfile[4200];
	snprintf(pidfile, sizeof(pidfile), "%s/shim.pid", p->state_dir);
	if (access(pidfile, F_OK) == 0) {
		/* Never reuse a dir: a failing create would wipe a live container's files. */
		berth_fail(&err, EEXIST, "state dir %s already holds a container", p->state_dir);
		return fail_with(errp, err, p);
	}
	int res[2];
	pid_t pid = -1;
	if (pipe2(res, O_CLOEXEC) < 0)
		berth_failno(&err, "creating result pipe");
	else if ((pid = fork()) < 0)
		berth_failno(&err, "forking the shim");
	if (pid < 0) {
		if (created_dir)
			rmdir(p->state_dir); /* a failed create leaves nothing behind */
		return fail_with(errp, err, p);
	}
	if (pid == 0) {
		close(res[0]);
		/* Its own session: the caller's terminal, job control and hangup
		 * never reach the shim.  No second fork: that classic step only
		 * keeps a daemon from acquiring a controlling terminal by opening
		 * one, and the shim never opens a tty (the pty master arrives over
		 * SCM_RIGHTS, which assigns none).  Once we exit, the shim is
		 * reparented to the nearest subreaper, as a grandchild would be. */
		setsid();
		shim_main(p, res[1], created_dir);
	}
	close(res[1]);
	char msg[BERTH_ERRMSG_MAX + 64];
	/* Read until EOF: the write end closes only once the shim either
	 * succeeded or has finished cleaning up and exited. */
	ssize_t n = read_all(res[0], msg, sizeof(msg) - 1);
	close(res[0]);
	msg[n > 0 ? n : 0] = '\0';
	if (n >= 2 && !strncmp(msg, "OK", 2)) {
		plan_free(p);
		return 0;
	}
	int errnum = EIO;
	char *text = "shim exited without a result";
	if (!strncmp(msg, "ERR\t", 4)) {
		errnum = (int)strtol(msg + 4, &text, 10);
		if (*text == '\t')
			text++;
	}
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		; /* the failed shim, our child */
	if (created_dir)
		rmdir(p->state_dir);
	berth_fail(&err, errnum, "%s", text);
	return fail_with(errp, err, p);
}

int cmd_create(const char *plan_path)
{
	struct berth_error *err = NULL;
	if (shim_create(plan_path, &err) < 0)
		return berth_error_exit(err);
	return 0;
}

int cmd_start(const char *state_dir)
{
	struct berth_error *err = NULL;
	char path[4200];
	snprintf(path, sizeof(path), "%s/exec.fifo", state_dir);
	/* O_NONBLOCK: ENXIO instead of hanging when no shim holds the fifo. */
	cleanup_fd int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			berth_fail(&err, ENOENT, "starting %s: container is not in created state", state_dir);
		else if (errno == ENXIO)
			berth_fail(&err, ESRCH, "starting %s: shim is not running", state_dir);
		else
			berth_failno(&err, "starting %s: opening %s", state_dir, path);
		return berth_error_exit(err);
	}
	if (write(fd, "s", 1) != 1) {
		berth_failno(&err, "starting %s: writing %s", state_dir, path);
		return berth_error_exit(err);
	}
	return 0;
}

int cmd_kill(const char *state_dir, const char *signal)
{
	struct berth_error *err = NULL;
	char path[4200];
	int sig = signal_parse(signal);
	if (sig < 0) {
		berth_fail(&err, EINVAL, "unknown signal %s", signal);
		return berth_error_exit(err);
	}
	snprintf(path, sizeof(path), "%s/exit.json", state_dir);
	if (access(path, F_OK) == 0) {
		berth_fail(&err, ESRCH, "killing %s: container has exited", state_dir);
		return berth_error_exit(err);
	}
	snprintf(path, sizeof(path), "%s/init.pid", state_dir);
	cleanup_free char *text = read_file(path, NULL);
	long pid = text ? strtol(text, NULL, 10) : 0;
	if (pid <= 0) {
		berth_fail(&err, text ? EINVAL : errno, "reading %s", path);
		return berth_error_exit(err);
	}
	if (kill((pid_t)pid, sig) < 0) {
		berth_failno(&err, "sending %s to pid %ld", signal_name(sig), pid);
		return berth_error_exit(err);
	}
	return 0;
}

/* Delete's part for a container without a mount namespace: detach the
 * mounts it left in ours (the `host_mount` file), then forget them. */
int cmd_release_mounts(const char *state_dir)
{
	struct berth_error *err = NULL;
	char path[4200];
	snprintf(path, sizeof(path), "%s/host_mount", state_dir);
	cleanup_free char *text = read_file(path, NULL);
	if (!text)
	{
		if (errno == ENOENT)
			return 0;
		berth_failno(&err, "reading %s", path);
		return berth_error_exit(err);
	}
	char *rootfs = NULL;
	long id = strtol(text, &rootfs, 10);
	if (id <= 0 || *rootfs != '\t' || rootfs[1] != '/') {
		berth_fail(&err, EINVAL, "%s: expected <mount id> TAB <rootfs>", path);
		return berth_error_exit(err);
	}
	if (rootfs_release_host_mount(rootfs + 1, (int)id, &err) < 0)
		return berth_error_exit(err);
	unlink(path);
	return 0;
}
