/* plan.h - the launch plan written by the TypeScript side (see PLAN.md). */
#ifndef BERTH_PLAN_H
#define BERTH_PLAN_H

#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "caps.h"
#include "seccomp.h"
#include "util.h"

enum berth_ns_kind { NS_MOUNT, NS_PID, NS_NET, NS_UTS, NS_IPC, NS_CGROUP, NS_USER, NS_COUNT };

struct berth_ns {
	bool enabled; /* listed in the plan */
	char *path;   /* join this namespace instead of creating one */
};

struct berth_idmap {
	unsigned long inner, outer, size;
};

struct berth_mount {
	char *dest, *type, *source, *options;
};

/* linux.devices: a node made in the container (`device` directive). */
struct berth_device {
	char *path; /* absolute, inside the container */
	char type;  /* 'c', 'b', 'u' (unbuffered char) or 'p' (fifo) */
	unsigned int major, minor;
	mode_t mode; /* permission bits */
	uid_t uid;
	gid_t gid;
};

/* createContainer / startContainer hooks (the runtime-namespace phases run
 * in the TypeScript side).  argv[0] is path when the plan gives no args. */
enum hook_phase { HOOK_CREATE_CONTAINER, HOOK_START_CONTAINER, HOOK_PHASES };

struct berth_hook {
	enum hook_phase phase;
	int timeout_s;
	char *path;
	struct strv args, env;
};

struct berth_rlimit {
	int resource;
	rlim_t soft, hard;
};

#define BERTH_MAX_IDMAPS 32

struct berth_plan {
	char *id, *state_dir, *rootfs;
	char *ovl_lower, *ovl_upper, *ovl_work; /* overlay: lower is "top:...:bottom" */
	bool readonly_root;
	/* linux.rootfsPropagation as mount(2) flags (MS_SLAVE|MS_REC, ...);
	 * 0: Berth's default, rprivate. */
	unsigned long root_propagation;
	/* process.user.umask; -1: runc's default, 0022. */
	int umask;
	bool idmap_rootfs; /* shim hands the child an idmapped clone of rootfs */
	struct berth_ns ns[NS_COUNT];
	struct berth_idmap uid_maps[BERTH_MAX_IDMAPS], gid_maps[BERTH_MAX_IDMAPS];
	size_t n_uid_maps, n_gid_maps;
	char *hostname, *domainname;
	struct berth_mount *mounts;
	size_t n_mounts;
	struct berth_device *devices;
	size_t n_devices;
	struct strv masked, readonly, cgroup_procs, env, argv;
	char *cwd;
	uid_t uid;
	gid_t gid;
	gid_t *gids;
	size_t n_gids;
	struct berth_rlimit *rlimits;
	size_t n_rlimits;
	bool has_oom_score_adj;
	int oom_score_adj;
	bool no_new_privileges;
	bool has_caps; /* `capabilities` given; otherwise they are left as inherited */
	struct berth_caps caps;
	char *seccomp_path; /* host path, read by plan_load into `seccomp` */
	struct berth_seccomp seccomp;
	struct strv sysctl_paths, sysctl_values; /* parallel: /proc/sys/... and value */
	bool terminal, init;
	/* exec with a terminal: its first size, and an fd of the caller's that
	 * carries "ROWS COLS\n" lines to resize it (a remote terminal has no
	 * SIGWINCH); 0 / -1 when absent. */
	unsigned short console_rows, console_cols;
	int resize_fd;
	/* fds 3 .. 3+preserve_fds-1 of `create`'s caller cross into the container
	 * (runc's --preserve-fds); every other fd >= 3 is closed at exec. */
	int preserve_fds;
	/* runc's model (`handoff`): the container's fds 0 and 1 are create's
	 * caller's and its fd 2 is `handoff_stderr` (the caller's real stderr,
	 * passed on a spare fd because create's own fd 2 carries its error
	 * line); once set up, the shim exits and the container, waiting on
	 * exec.fifo itself, is reparented to the caller's subreaper.  -1: off. */
	int handoff_stderr;
	/* With `handoff` and a terminal: where the pty master goes (runc's
	 * --console-socket); NULL: nowhere (refused with a terminal). */
	char *console_socket;
	char *log_dir; /* container.log and its rotations; default: state_dir */
	long long log_max_size; /* 0 = never rotate */
	int log_max_files;
	struct berth_hook *hooks;
	size_t n_hooks;
	/* The state JSON a hook reads on stdin, split around the pid (which
	 * the shim tells the container with SYNC_GO): before, after. */
	char *hook_state[HOOK_PHASES][2];
	char *oom_control; /* memory.oom_control or memory.events to read at exit */
	/* cgroup v2: the eBPF device policy (host path) and the cgroup it guards */
	char *device_program, *device_cgroup;
};

#define BERTH_MAX_PRESERVED_FDS 1024

enum plan_mode { PLAN_CREATE, PLAN_EXEC };

/* Parse and validate; on failure *err says which line was wrong. */
int plan_load(const char *path, enum plan_mode mode, struct berth_plan **out,
	      struct berth_error **err);
void plan_free(struct berth_plan *p);
const char *ns_kind_name(int kind);
const char *hook_phase_name(enum hook_phase phase);
/* Listed in the plan without a path: a namespace of the container's own. */
static inline bool ns_new(const struct berth_plan *p, enum berth_ns_kind k)
{
	return p->ns[k].enabled && !p->ns[k].path;
}
/* Listed with a path: joined. */
static inline bool ns_joined(const struct berth_plan *p, enum berth_ns_kind k)
{
	return p->ns[k].enabled && p->ns[k].path;
}

/* In-place unescape of a plan field (\\, \t, \n); -1 on a bad escape. Shared with serve.c's request lines. */
int plan_unescape(char *s);

#endif
