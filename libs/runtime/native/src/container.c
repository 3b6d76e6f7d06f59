/* container.c - what the cloned child does between clone(2) and execve(2).
 *
 * Order matters.  Early (while the shim moves us into our cgroups; with a
 * user namespace only after it mapped our ids): unshare the namespaces
 * clone left to us, build the rootfs with everything that does not depend
 * on our cgroups.  Then wait for SYNC_GO, unshare the cgroup namespace (so
 * its root is our cgroup), mount the cgroup hierarchies and the plan's
 * mounts, pivot, set up the terminal, sysctls, masked/read-only paths, drop
 * privileges (capabilities too), report READY and block until `berth-shim
 * start`; then mark fds >= 3 close-on-exec, load the seccomp filter and exec.
 */
#define _GNU_SOURCE
#include "container.h"
#include "loopback.h"

#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "devices.h"
#include "hooks.h"
#include "init.h"
#include "mounts.h"
#include "namespaces.h"
#include "process.h"
#include "rootfs.h"
#include "terminal.h"

int sync_send(int fd, int type, const struct berth_error *e)
{
	struct sync_msg m = { .type = type };
	size_t len = offsetof(struct sync_msg, msg);
	if (e) {
		m.errnum = e->errnum;
		snprintf(m.msg, sizeof(m.msg), "%s", e->msg);
		len += strlen(m.msg) + 1;
	}
	return send(fd, &m, len, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

int sync_send_value(int fd, int type, int32_t value)
{
	struct sync_msg m = { .type = type, .errnum = value };
	return send(fd, &m, offsetof(struct sync_msg, msg), MSG_NOSIGNAL) < 0 ? -1 : 0;
}

int sync_recv(int fd, struct sync_msg *m, struct berth_error **err)
{
	ssize_t r;
	memset(m, 0, sizeof(*m));
	do
		r = recv(fd, m, sizeof(*m) - 1, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return berth_failno(err, "reading sync socket");
	if (r == 0)
		return 0;
	if (r < (ssize_t)offsetof(struct sync_msg, msg))
		return berth_fail(err, EPROTO, "short sync message");
	return m->type;
}

/* Returns the message's value (errnum), 0 when it carries none. */
static int expect(int fd, int type, struct berth_error **err)
{
	struct sync_msg m;
	int t = sync_recv(fd, &m, err);
	if (t < 0)
		return -1;
	if (t != type)
		return berth_fail(err, EPIPE, "shim went away during setup");
	return m.errnum;
}

/* Our pid as the host sees it (SYNC_GO carries it): what hooks read as the
 * state's pid, where our own getpid() may be 1. */
static pid_t host_pid;

static int setup_stdio(const struct container_fds *fds, struct berth_error **err)
{
	if (fds->stdin_r < 0)
		return 0; /* terminal: fds 0-2 become the pty later */
	if (dup2(fds->stdin_r, 0) < 0 || dup2(fds->stdout_w, 1) < 0 || dup2(fds->stderr_w, 2) < 0)
		return berth_failno(err, "setting up stdio");
	return 0;
}

static int become_ns_root(const struct berth_plan *p, struct berth_error **err)
{
	if (!ns_new(p, NS_USER))
		return 0;
	/* Our host uid is unmapped in the new namespace; become its root so
	 * files we create are owned by the mapped root. */
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return berth_failno(err, "becoming root in the user namespace");
	if (setgroups(0, NULL) < 0)
		return berth_failno(err, "dropping host groups");
	return 0;
}

static int set_names(const struct berth_plan *p, struct berth_error **err)
{
	if (p->hostname && sethostname(p->hostname, strlen(p->hostname)) < 0)
		return berth_failno(err, "setting hostname %s", p->hostname);
	if (p->domainname && setdomainname(p->domainname, strlen(p->domainname)) < 0)
		return berth_failno(err, "setting domainname %s", p->domainname);
	return 0;
}

static int setup_terminal(int sync, struct berth_error **err)
{
	cleanup_fd int master = -1;
	int slave = -1;
	char name[64];
	if (terminal_open(&master, &slave, name, sizeof(name), err) < 0)
		return -1;
	if (mount(name, "/dev/console", NULL, MS_BIND, NULL) < 0) {
		close(slave);
		return berth_failno(err, "binding %s to /dev/console", name);
	}
	if (sync_send(sync, SYNC_PTY, NULL) < 0 || send_fd(sync, master, err) < 0) {
		close(slave);
		return berth_failno(err, "sending the pty master to the shim");
	}
	return terminal_make_controlling(slave, err);
}

/* In the caller's mount namespace our mounts outlive us: the shim records
 * the rootfs self-bind (its mount id) so delete can detach the lot. */
static int report_host_mount(const struct berth_plan *p, int sync, struct berth_error **err)
{
	int id = rootfs_mount_id(p->rootfs, err);
	if (id < 0)
		return -1;
	if (sync_send_value(sync, SYNC_HOST_MOUNT, id) < 0)
		return berth_failno(err, "reporting the rootfs mount to the shim");
	return 0;
}

/* Everything that depends neither on the id maps nor on our cgroups: the
 * namespaces clone(2) left to us, the rootfs and its default mounts except
 * /sys/fs/cgroup, /dev, the names.  Without a user namespace this runs while
 * the shim is still moving us into our cgroups (the first write to a fresh
 * cgroup.procs waits for an RCU grace period, milliseconds). */
static int setup_early(const struct berth_plan *p, int sync, int *rootfd,
		       struct rootfs_cgroups *cg, struct berth_error **err)
{
	/* Joined first: new namespaces belong to a joined user namespace, and
	 * a joined mount namespace is where the rootfs is built. */
	if (ns_join_child(p, err) < 0)
		return -1;
	int flags = ns_unshare_flags(p);
	if (flags && unshare(flags) < 0)
		return berth_failno(err, "creating namespaces");
	/* A network namespace of our own starts with lo down. */
	if (p->ns[NS_NET].enabled && !p->ns[NS_NET].path && loopback_up(err) < 0)
		return -1;
	int idmapped = -1;
	if (p->idmap_rootfs && (idmapped = recv_fd(sync, err)) < 0)
		return berth_context(err, "receiving the idmapped rootfs");
	*rootfd = rootfs_prepare(p, idmapped, err);
	if (idmapped >= 0)
		close(idmapped);
	if (*rootfd >= 0 && !p->ns[NS_MOUNT].enabled && report_host_mount(p, sync, err) < 0)
		return -1;
	if (*rootfd < 0 || rootfs_default_mounts(*rootfd, p, err) < 0 ||
	    rootfs_cgroup_prepare(*rootfd, p, cg, err) < 0 || devices_setup(*rootfd, p, err) < 0)
		return berth_context(err, "setting up rootfs %s", p->rootfs);
	return set_names(p, err);
}

/* After SYNC_GO: our cgroups are final, so the cgroup namespace rooted at
 * them can be made and mounted; then the plan's mounts (always after the
 * defaults) and the pivot. */
static int setup_late(const struct berth_plan *p, int rootfd, const struct rootfs_cgroups *cg,
		      struct berth_error **err)
{
	if (p->ns[NS_CGROUP].enabled && !p->ns[NS_CGROUP].path && unshare(CLONE_NEWCGROUP) < 0)
		return berth_failno(err, "creating the cgroup namespace");
	int r = rootfs_cgroup_mounts(rootfd, cg, err);
	for (size_t i = 0; r == 0 && i < p->n_mounts; i++)
		r = mount_spec(rootfd, &p->mounts[i], err);
	if (r == 0) {
		/* Like docker, create a missing working directory (best effort). */
		ensure_in_root(rootfd, p->cwd, false, NULL);
		/* createContainer: mounts done, old root still reachable, cwd
		 * the rootfs (runtime-spec, as runc). */
		if (fchdir(rootfd) < 0)
			return berth_failno(err, "entering rootfs %s", p->rootfs);
		if (hooks_run(p, HOOK_CREATE_CONTAINER, host_pid, err) < 0)
			return -1;
		/* pivot_root in the caller's namespace would move every process
		 * in it: without a mount namespace of our own, chroot (runc). */
		r = p->ns[NS_MOUNT].enabled ? rootfs_pivot(rootfd, err) : rootfs_chroot(rootfd, err);
		if (r == 0)
			r = rootfs_root_propagation(p, err);
	}
	return r < 0 ? berth_context(err, "setting up rootfs %s", p->rootfs) : 0;
}

/* A joined user namespace with a new pid namespace (a Kubernetes pod with
 * user namespaces): the pid namespace must belong to the joined user
 * namespace, so the shim cannot make it at clone.  As runc's stage 2: join,
 * unshare(CLONE_NEWPID), fork the container's PID 1 and tell the shim its
 * pid; this process then exits.  Returns in the new PID 1 only. */
static int become_pid_init(const struct berth_plan *p, int sync, struct berth_error **err)
{
	if (ns_join_child(p, err) < 0)
		return -1;
	if (unshare(CLONE_NEWPID) < 0)
		return berth_failno(err, "creating the pid namespace");
	int pp[2];
	if (pipe2(pp, O_CLOEXEC) < 0)
		return berth_failno(err, "creating a pipe");
	pid_t pid = fork();
	if (pid < 0)
		return berth_failno(err, "forking the container's init");
	if (pid == 0) {
		/* Our host pid, for the hooks' state: only our parent can see it. */
		pid_t me = 0;
		close(pp[1]);
		if (read(pp[0], &me, sizeof(me)) != (ssize_t)sizeof(me))
			return berth_fail(err, EPIPE, "learning the container's host pid");
		close(pp[0]);
		host_pid = me;
		return 0;
	}
	close(pp[0]);
	write_all(pp[1], &pid, sizeof(pid));
	close(pp[1]);
	/* No death signal for the new init (fork clears it, and its parent is
	 * about to go): a shim that dies closes the sync socket, which ends it. */
	_exit(sync_send_value(sync, SYNC_INIT_PID, (int32_t)pid) < 0 ? 1 : 0);
}

static int setup(const struct berth_plan *p, const struct container_fds *fds, int *start_result,
		 struct berth_error **err)
{
	cleanup_fd int rootfd = -1;
	struct rootfs_cgroups cg;
	bool userns = ns_new(p, NS_USER);
	bool pid_init = ns_joined(p, NS_USER) && ns_new(p, NS_PID);
	if (setup_stdio(fds, err) < 0)
		return -1;
	/* The shim's fds are none of ours; the preserved ones below them are. */
	close_fds_keeping(3 + p->preserve_fds, fds->sync, fds->start_result);
	*start_result = fds->start_result;
	/* In a user namespace nothing works before the shim has written our id
	 * maps: unmapped, we could not even create a mount point. */
	if (!userns && !pid_init && setup_early(p, fds->sync, &rootfd, &cg, err) < 0)
		return -1;
	int go = expect(fds->sync, SYNC_GO, err);
	if (go < 0)
		return -1;
	host_pid = go;
	/* After GO: the new init must be forked inside our cgroups. */
	if (pid_init && become_pid_init(p, fds->sync, err) < 0)
		return -1;
	if ((userns || pid_init) &&
	    (become_ns_root(p, err) < 0 || setup_early(p, fds->sync, &rootfd, &cg, err) < 0))
		return -1;
	if (setup_late(p, rootfd, &cg, err) < 0)
		return -1;
	if (p->terminal && setup_terminal(fds->sync, err) < 0)
		return berth_context(err, "setting up the terminal");
	/* Our /proc is mounted; /proc/sys becomes read-only in rootfs_finalize. */
	if (process_sysctls(p, err) < 0 || rootfs_finalize(p, err) < 0 || process_apply(p, err) < 0)
		return -1;
	/* Fail `create` (not the later start) on a missing command. */
	char path[PATH_MAX];
	char **envp = process_envp(p);
	return process_find_exec(p->argv.v[0], envp, path, err);
}

/* handoff (runc's model): the shim exits after create, so the start gate is
 * ours.  The fifo comes open O_RDWR: we count as its writer too, so a
 * `start` that came and went never reads as EOF, and a non-blocking
 * writer's open finds a reader. */
static int await_start_gate(int sync)
{
	if (expect(sync, SYNC_HANDOFF, NULL) < 0)
		return -1;
	int gate = recv_fd(sync, NULL);
	if (gate < 0)
		return -1;
	prctl(PR_SET_PDEATHSIG, 0);
	if (sync_send(sync, SYNC_HANDOFF, NULL) < 0) {
		close(gate);
		return -1;
	}
	char c;
	ssize_t r;
	do
		r = read(gate, &c, 1);
	while (r < 0 && errno == EINTR);
	close(gate);
	return r == 1 ? 0 : -1;
}

/* startContainer: after the start gate, before the command.  A failure is
 * written for `start` to report and ends the container (runtime-spec). */
static void run_start_hooks(const struct berth_plan *p, int result)
{
	struct berth_error *err = NULL;
	char buf[BERTH_ERRMSG_MAX + 32];
	int ok = hooks_run(p, HOOK_START_CONTAINER, host_pid, &err);
	int n = ok == 0 ? snprintf(buf, sizeof(buf), "ok\n")
			: snprintf(buf, sizeof(buf), "error\t%s\t%s\n", berth_errno_name(err->errnum), err->msg);
	write_all(result, buf, (size_t)(n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1));
	close(result);
	if (ok == 0)
		return;
	berth_error_print(err);
	_exit(1);
}

_Noreturn void container_child(const struct berth_plan *p, const struct container_fds *fds)
{
	struct berth_error *err = NULL;
	sigset_t none;
	/* The shim blocks SIGCHLD for its signalfd; masks survive execve. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* If the shim dies while we are half set up, die with it. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	/* The shim ignores SIGPIPE; ignored signals survive execve. */
	signal(SIGPIPE, SIG_DFL);

	int start_result = -1;
	if (setup(p, fds, &start_result, &err) < 0) {
		sync_send(fds->sync, SYNC_ERROR, err);
		_exit(1);
	}
	if (sync_send(fds->sync, SYNC_READY, NULL) < 0)
		_exit(1);
	if (p->handoff_stderr >= 0 ? await_start_gate(fds->sync) < 0 : expect(fds->sync, SYNC_START, NULL) < 0)
		_exit(1);
	prctl(PR_SET_PDEATHSIG, 0);
	close(fds->sync);
	if (start_result >= 0)
		run_start_hooks(p, start_result);

	if (p->init) {
		/* The init is confined like the command it forks (same caps, same
		 * filter: it needs only fork, wait4, kill and sigtimedwait). */
		if (process_confine(p, &err) < 0) {
			berth_error_print(err);
			_exit(126);
		}
		init_run(p);
	}
	process_exec(p, &err);
	berth_error_print(err);
	_exit(err->errnum == ENOENT ? 127 : 126);
}
