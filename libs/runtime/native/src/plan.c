/* plan.c - parser for the line based launch plan (format: PLAN.md).
 *
 * One directive per line, fields separated by a single TAB, fields escaped
 * with \\ \t \n.  The parser is strict: unknown directives and malformed
 * numbers are errors, because a silently ignored line in a container spec
 * is a security bug waiting to happen.
 */
#define _GNU_SOURCE
#include "plan.h"
#include "mounts.h"

#include <limits.h>
#include <string.h>
#include <strings.h>

static const char *const ns_names[NS_COUNT] = {
	[NS_MOUNT] = "mount", [NS_PID] = "pid", [NS_NET] = "network", [NS_UTS] = "uts",
	[NS_IPC] = "ipc",     [NS_CGROUP] = "cgroup", [NS_USER] = "user",
};

const char *ns_kind_name(int kind) { return ns_names[kind]; }

static const char *const hook_names[HOOK_PHASES] = {
	[HOOK_CREATE_CONTAINER] = "createContainer",
	[HOOK_START_CONTAINER] = "startContainer",
};

const char *hook_phase_name(enum hook_phase phase) { return hook_names[phase]; }

static int parse_hook_phase(const char *s)
{
	for (int k = 0; k < HOOK_PHASES; k++)
		if (!strcmp(hook_names[k], s))
			return k;
	return -1;
}

/* In-place unescape of PLAN.md's \\ \t \n escapes; returns -1 on a bad escape. */
int plan_unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (*r != '\\') {
			*w++ = *r;
			continue;
		}
		r++;
		if (*r == '\\')
			*w++ = '\\';
		else if (*r == 't')
			*w++ = '\t';
		else if (*r == 'n')
			*w++ = '\n';
		else
			return -1;
	}
	*w = '\0';
	return 0;
}

static int parse_ull(const char *s, unsigned long long max, unsigned long long *out)
{
	char *end;
	if (!*s || *s == '-')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_ll(const char *s, long long min, long long max, long long *out)
{
	char *end;
	if (!*s)
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_bool(const char *s, bool *out)
{
	if (strcmp(s, "0") && strcmp(s, "1"))
		return -1;
	*out = s[0] == '1';
	return 0;
}

static const struct {
	const char *name;
	int res;
} rlimit_names[] = {
	{ "CPU", RLIMIT_CPU },		 { "FSIZE", RLIMIT_FSIZE },   { "DATA", RLIMIT_DATA },
	{ "STACK", RLIMIT_STACK },	 { "CORE", RLIMIT_CORE },     { "RSS", RLIMIT_RSS },
	{ "NPROC", RLIMIT_NPROC },	 { "NOFILE", RLIMIT_NOFILE }, { "MEMLOCK", RLIMIT_MEMLOCK },
	{ "AS", RLIMIT_AS },		 { "LOCKS", RLIMIT_LOCKS },   { "SIGPENDING", RLIMIT_SIGPENDING },
	{ "MSGQUEUE", RLIMIT_MSGQUEUE }, { "NICE", RLIMIT_NICE },     { "RTPRIO", RLIMIT_RTPRIO },
	{ "RTTIME", RLIMIT_RTTIME },
};

static int parse_rlimit_name(const char *s)
{
	if (strncasecmp(s, "RLIMIT_", 7) == 0)
		s += 7;
	for (size_t i = 0; i < sizeof(rlimit_names) / sizeof(rlimit_names[0]); i++)
		if (strcasecmp(rlimit_names[i].name, s) == 0)
			return rlimit_names[i].res;
	return -1;
}

static int parse_rlim(const char *s, rlim_t *out)
{
	unsigned long long v;
	if (!strcmp(s, "unlimited") || !strcmp(s, "-1")) {
		*out = RLIM_INFINITY;
		return 0;
	}
	if (parse_ull(s, ULLONG_MAX, &v) < 0)
		return -1;
	*out = (rlim_t)v;
	return 0;
}

static int parse_idmap(char **f, int nf, struct berth_idmap *maps, size_t *n)
{
	unsigned long long a, b, c;
	if (nf != 4 || *n >= BERTH_MAX_IDMAPS)
		return -1;
	if (parse_ull(f[1], UINT_MAX, &a) || parse_ull(f[2], UINT_MAX, &b) ||
	    parse_ull(f[3], UINT_MAX, &c) || c == 0)
		return -1;
	maps[*n].inner = a;
	maps[*n].outer = b;
	maps[*n].size = c;
	(*n)++;
	return 0;
}

static int set_once(char **slot, const char *v)
{
	if (*slot)
		return -1; /* duplicated single-valued directive */
	*slot = xstrdup(v);
	return 0;
}

#define NEED(n) \
	do { \
		if (nf != (n)) \
			return -1; \
	} while (0)

/* Apply one directive; returns -1 with *why filled for bad lines. */
static int apply_directive(struct berth_plan *p, char **f, int nf, const char **why)
{
	const char *d = f[0];
	unsigned long long u;
	long long ll;
	*why = "malformed fields";

	if (!strcmp(d, "id")) { NEED(2); return set_once(&p->id, f[1]); }
	if (!strcmp(d, "state_dir")) { NEED(2); return set_once(&p->state_dir, f[1]); }
	if (!strcmp(d, "rootfs")) { NEED(2); return set_once(&p->rootfs, f[1]); }
	if (!strcmp(d, "overlay")) {
		NEED(4);
		if (set_once(&p->ovl_lower, f[1]) < 0)
			return -1;
		p->ovl_upper = xstrdup(f[2]);
		p->ovl_work = xstrdup(f[3]);
		return 0;
	}
	if (!strcmp(d, "readonly_root")) { NEED(2); return parse_bool(f[1], &p->readonly_root); }
	if (!strcmp(d, "root_propagation")) {
		NEED(2);
		struct mount_opts o;
		*why = "root_propagation needs one of private rprivate slave rslave shared rshared unbindable runbindable";
		if (mount_opts_parse(f[1], &o, NULL) < 0 || !o.propagation || o.flags || o.bind || o.data[0])
			return -1;
		p->root_propagation = o.propagation;
		return 0;
	}
	if (!strcmp(d, "umask")) {
		NEED(2);
		if (parse_ll(f[1], 0, 0777, &ll) < 0)
			return -1;
		p->umask = (int)ll;
		return 0;
	}
	if (!strcmp(d, "idmap_rootfs")) { NEED(2); return parse_bool(f[1], &p->idmap_rootfs); }
	if (!strcmp(d, "namespace")) {
		if (nf != 2 && nf != 3)
			return -1;
		for (int k = 0; k < NS_COUNT; k++) {
			if (strcmp(ns_names[k], f[1]))
				continue;
			p->ns[k].enabled = true;
			if (nf == 3 && f[2][0]) {
				free(p->ns[k].path);
				p->ns[k].path = xstrdup(f[2]);
			}
			return 0;
		}
		*why = "unknown namespace";
		return -1;
	}
	if (!strcmp(d, "uid_map")) return parse_idmap(f, nf, p->uid_maps, &p->n_uid_maps);
	if (!strcmp(d, "gid_map")) return parse_idmap(f, nf, p->gid_maps, &p->n_gid_maps);
	if (!strcmp(d, "hostname")) { NEED(2); return set_once(&p->hostname, f[1]); }
	if (!strcmp(d, "domainname")) { NEED(2); return set_once(&p->domainname, f[1]); }
	if (!strcmp(d, "device")) {
		NEED(8);
		long long major, minor, mode, uid, gid;
		*why = "device needs an absolute path, a type c, b, u or p, and numbers";
		if (f[1][0] != '/' || strlen(f[2]) != 1 || !strchr("cbup", f[2][0]) ||
		    parse_ll(f[3], 0, 0xfff, &major) < 0 || parse_ll(f[4], 0, 0xfffff, &minor) < 0 ||
		    parse_ll(f[5], 0, 07777, &mode) < 0 || parse_ll(f[6], 0, UINT32_MAX - 1, &uid) < 0 ||
		    parse_ll(f[7], 0, UINT32_MAX - 1, &gid) < 0)
			return -1;
		p->devices = xrealloc(p->devices, (p->n_devices + 1) * sizeof(*p->devices));
		p->devices[p->n_devices++] = (struct berth_device){ xstrdup(f[1]), f[2][0], (unsigned)major, (unsigned)minor,
								    (mode_t)mode, (uid_t)uid, (gid_t)gid };
		return 0;
	}
	if (!strcmp(d, "mount")) {
		if (nf != 4 && nf != 5)
			return -1;
		p->mounts = xrealloc(p->mounts, (p->n_mounts + 1) * sizeof(*p->mounts));
		struct berth_mount *m = &p->mounts[p->n_mounts++];
		m->dest = xstrdup(f[1]);
		m->type = xstrdup(f[2]);
		m->source = xstrdup(f[3]);
		m->options = xstrdup(nf == 5 ? f[4] : "");
		return 0;
	}
	if (!strcmp(d, "masked_path")) { NEED(2); strv_push(&p->masked, f[1]); return 0; }
	if (!strcmp(d, "readonly_path")) { NEED(2); strv_push(&p->readonly, f[1]); return 0; }
	if (!strcmp(d, "cgroup_procs")) { NEED(2); strv_push(&p->cgroup_procs, f[1]); return 0; }
	if (!strcmp(d, "cwd")) { NEED(2); free(p->cwd); p->cwd = xstrdup(f[1]); return 0; }
	if (!strcmp(d, "user")) {
		NEED(3);
		if (parse_ull(f[1], UINT_MAX - 1, &u) < 0)
			return -1;
		p->uid = (uid_t)u;
		if (parse_ull(f[2], UINT_MAX - 1, &u) < 0)
			return -1;
		p->gid = (gid_t)u;
		return 0;
	}
	if (!strcmp(d, "additional_gid")) {
		NEED(2);
		if (parse_ull(f[1], UINT_MAX - 1, &u) < 0)
			return -1;
		p->gids = xrealloc(p->gids, (p->n_gids + 1) * sizeof(gid_t));
		p->gids[p->n_gids++] = (gid_t)u;
		return 0;
	}
	if (!strcmp(d, "rlimit")) {
		NEED(4);
		struct berth_rlimit r;
		*why = "unknown rlimit or bad value";
		if ((r.resource = parse_rlimit_name(f[1])) < 0 || parse_rlim(f[2], &r.soft) < 0 ||
		    parse_rlim(f[3], &r.hard) < 0 || r.soft > r.hard)
			return -1;
		p->rlimits = xrealloc(p->rlimits, (p->n_rlimits + 1) * sizeof(r));
		p->rlimits[p->n_rlimits++] = r;
		return 0;
	}
	if (!strcmp(d, "oom_score_adj")) {
		NEED(2);
		if (parse_ll(f[1], -1000, 1000, &ll) < 0)
			return -1;
		p->oom_score_adj = (int)ll;
		p->has_oom_score_adj = true;
		return 0;
	}
	if (!strcmp(d, "no_new_privileges")) { NEED(2); return parse_bool(f[1], &p->no_new_privileges); }
	if (!strcmp(d, "capabilities")) {
		NEED(6);
		*why = "capability masks must be 16 hex digits";
		if (p->has_caps)
			return -1;
		uint64_t *sets[5] = { &p->caps.bounding, &p->caps.effective, &p->caps.permitted,
				      &p->caps.inheritable, &p->caps.ambient };
		for (int i = 0; i < 5; i++)
			if (caps_parse_mask(f[i + 1], sets[i]) < 0)
				return -1;
		p->has_caps = true;
		return 0;
	}
	if (!strcmp(d, "seccomp")) {
		NEED(3);
		*why = "seccomp needs an absolute path and decimal flags";
		if (f[1][0] != '/' || parse_ull(f[2], UINT_MAX, &u) < 0 || set_once(&p->seccomp_path, f[1]) < 0)
			return -1;
		p->seccomp.flags = (unsigned int)u;
		return 0;
	}
	if (!strcmp(d, "sysctl")) {
		NEED(3);
		*why = "sysctl path must be under /proc/sys/ without . or .. components";
		if (strncmp(f[1], "/proc/sys/", 10) || !f[1][10] || strstr(f[1], "/.") || strstr(f[1], "//") ||
		    strchr(f[2], '\n'))
			return -1;
		strv_push(&p->sysctl_paths, f[1]);
		strv_push(&p->sysctl_values, f[2]);
		return 0;
	}
	if (!strcmp(d, "env")) {
		NEED(2);
		*why = "env must be KEY=VALUE";
		if (!strchr(f[1], '=') || f[1][0] == '=')
			return -1;
		strv_push(&p->env, f[1]);
		return 0;
	}
	if (!strcmp(d, "arg")) { NEED(2); strv_push(&p->argv, f[1]); return 0; }
	if (!strcmp(d, "terminal")) { NEED(2); return parse_bool(f[1], &p->terminal); }
	if (!strcmp(d, "console_size")) {
		NEED(3);
		long long rows, cols;
		if (parse_ll(f[1], 1, 65535, &rows) < 0 || parse_ll(f[2], 1, 65535, &cols) < 0)
			return -1;
		p->console_rows = (unsigned short)rows;
		p->console_cols = (unsigned short)cols;
		return 0;
	}
	if (!strcmp(d, "resize_fd")) {
		NEED(2);
		if (parse_ll(f[1], 3, 1023, &ll) < 0)
			return -1;
		p->resize_fd = (int)ll;
		return 0;
	}
	if (!strcmp(d, "init")) { NEED(2); return parse_bool(f[1], &p->init); }
	if (!strcmp(d, "log_dir")) {
		NEED(2);
		*why = "log_dir needs an absolute path";
		if (f[1][0] != '/')
			return -1;
		return set_once(&p->log_dir, f[1]);
	}
	if (!strcmp(d, "log_max_size")) {
		NEED(2);
		return parse_ll(f[1], 0, LLONG_MAX, &p->log_max_size);
	}
	if (!strcmp(d, "log_max_files")) {
		NEED(2);
		if (parse_ll(f[1], 1, 1000, &ll) < 0)
			return -1;
		p->log_max_files = (int)ll;
		return 0;
	}
	if (!strcmp(d, "preserve_fds")) {
		NEED(2);
		if (parse_ll(f[1], 0, BERTH_MAX_PRESERVED_FDS, &ll) < 0)
			return -1;
		p->preserve_fds = (int)ll;
		return 0;
	}
	if (!strcmp(d, "handoff")) {
		NEED(2);
		if (parse_ll(f[1], 3, 1023, &ll) < 0)
			return -1;
		p->handoff_stderr = (int)ll;
		return 0;
	}
	if (!strcmp(d, "console_socket")) {
		NEED(2);
		*why = "console_socket needs an absolute path";
		if (f[1][0] != '/')
			return -1;
		return set_once(&p->console_socket, f[1]);
	}
	if (!strcmp(d, "hook")) {
		NEED(4);
		int phase = parse_hook_phase(f[1]);
		*why = "hook needs a phase (createContainer, startContainer), a timeout of 1.. s and an absolute path";
		if (phase < 0 || parse_ll(f[2], 1, 86400, &ll) < 0 || f[3][0] != '/')
			return -1;
		p->hooks = xrealloc(p->hooks, (p->n_hooks + 1) * sizeof(*p->hooks));
		p->hooks[p->n_hooks++] = (struct berth_hook){ .phase = (enum hook_phase)phase, .timeout_s = (int)ll,
							       .path = xstrdup(f[3]) };
		return 0;
	}
	if (!strcmp(d, "hook_arg") || !strcmp(d, "hook_env")) {
		NEED(2);
		*why = "needs a hook line before it";
		if (p->n_hooks == 0)
			return -1;
		struct berth_hook *h = &p->hooks[p->n_hooks - 1];
		strv_push(d[5] == 'a' ? &h->args : &h->env, f[1]);
		return 0;
	}
	if (!strcmp(d, "hook_state")) {
		NEED(4);
		int phase = parse_hook_phase(f[1]);
		*why = "hook_state needs a phase";
		if (phase < 0 || p->hook_state[phase][0])
			return -1;
		p->hook_state[phase][0] = xstrdup(f[2]);
		p->hook_state[phase][1] = xstrdup(f[3]);
		return 0;
	}
	if (!strcmp(d, "oom_control")) { NEED(2); return set_once(&p->oom_control, f[1]); }
	if (!strcmp(d, "device_program")) {
		NEED(3);
		*why = "device_program needs an absolute program path and an absolute cgroup directory";
		if (f[1][0] != '/' || f[2][0] != '/' || set_once(&p->device_program, f[1]) < 0 ||
		    set_once(&p->device_cgroup, f[2]) < 0)
			return -1;
		return 0;
	}
	*why = "unknown directive";
	return -1;
}

/* Split a line on TAB into at most max fields (in place). */
static int split_tabs(char *line, char **f, int max)
{
	int n = 0;
	f[n++] = line;
	for (char *c = line; *c; c++) {
		if (*c != '\t')
			continue;
		if (n == max)
			return -1;
		*c = '\0';
		f[n++] = c + 1;
	}
	return n;
}

static int validate(struct berth_plan *p, enum plan_mode mode, struct berth_error **err)
{
	if (p->argv.n == 0)
		return berth_fail(err, EINVAL, "plan has no arg lines");
	if (p->cwd && p->cwd[0] != '/')
		return berth_fail(err, EINVAL, "cwd %s is not absolute", p->cwd);
	if (mode == PLAN_EXEC)
		return 0;
	if (!p->id || !p->id[0])
		return berth_fail(err, EINVAL, "plan has no id");
	if (!p->state_dir || p->state_dir[0] != '/')
		return berth_fail(err, EINVAL, "plan state_dir missing or not absolute");
	if (!p->rootfs || p->rootfs[0] != '/')
		return berth_fail(err, EINVAL, "plan rootfs missing or not absolute");
	if (p->console_socket && p->handoff_stderr < 0)
		return berth_fail(err, EINVAL, "console_socket needs handoff");
	if (p->handoff_stderr >= 0 && p->terminal && !p->console_socket)
		return berth_fail(err, EINVAL, "a terminal with handoff needs console_socket (nothing would hold the pty)");
	if (p->handoff_stderr >= 0 && p->handoff_stderr < 3 + p->preserve_fds)
		return berth_fail(err, EINVAL, "handoff fd %d is one of the preserved fds", p->handoff_stderr);
	/* A new user namespace exists from clone on; a mount namespace owned
	 * by the host's cannot be joined from inside it. */
	if (ns_new(p, NS_USER) && ns_joined(p, NS_MOUNT))
		return berth_fail(err, ENOTSUP, "joining a mount namespace from a new user namespace is not supported");
	/* Without a mount namespace every mount lands in the caller's (runc
	 * refuses these the same way). */
	if (!p->ns[NS_MOUNT].enabled && (p->masked.n || p->readonly.n))
		return berth_fail(err, EINVAL, "masked and read-only paths need a mount namespace");
	if (!p->ns[NS_MOUNT].enabled && (p->ovl_lower || p->idmap_rootfs))
		return berth_fail(err, EINVAL, "an overlay or idmapped rootfs needs a mount namespace");
	if ((p->hostname || p->domainname) && !ns_new(p, NS_UTS))
		return berth_fail(err, EINVAL, "hostname needs a new uts namespace");
	if (ns_new(p, NS_USER) && (p->n_uid_maps == 0 || p->n_gid_maps == 0))
		return berth_fail(err, EINVAL, "user namespace needs uid_map and gid_map lines");
	if (!ns_new(p, NS_USER) && (p->n_uid_maps || p->n_gid_maps))
		return berth_fail(err, EINVAL, "uid_map/gid_map need a new user namespace");
	for (int k = 0; k < HOOK_PHASES; k++)
		for (size_t i = 0; i < p->n_hooks; i++)
			if (p->hooks[i].phase == (enum hook_phase)k && !p->hook_state[k][0])
				return berth_fail(err, EINVAL, "%s hooks need a hook_state line", hook_names[k]);
	/* The idmap is made relative to the container's user namespace; an
	 * overlay would need every lower dir cloned (not supported yet). */
	if (p->idmap_rootfs && (!ns_new(p, NS_USER) || p->ovl_lower))
		return berth_fail(err, EINVAL, "idmap_rootfs needs a new user namespace and no overlay");
	for (size_t i = 0; i < p->n_mounts; i++)
		if (p->mounts[i].dest[0] != '/')
			return berth_fail(err, EINVAL, "mount destination %s is not absolute",
					  p->mounts[i].dest);
	return 0;
}

int plan_load(const char *path, enum plan_mode mode, struct berth_plan **out,
	      struct berth_error **err)
{
	size_t len;
	cleanup_free char *text = read_file(path, &len);
	if (!text)
		return berth_failno(err, "reading plan %s", path);
	if (strlen(text) != len)
		return berth_fail(err, EINVAL, "plan %s contains a NUL byte", path);

	struct berth_plan *p = calloc(1, sizeof(*p));
	if (!p)
		abort();
	p->log_max_files = 1;
	p->resize_fd = -1;
	p->handoff_stderr = -1;
	p->umask = -1;
	int lineno = 0;
	bool header = false;
	char *save = NULL;
	/* strtok_r skips empty lines, which we allow anyway. */
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lineno++;
		char *f[8];
		const char *why = "malformed fields";
		if (line[0] == '#')
			continue;
		int nf = split_tabs(line, f, 8);
		for (int i = 0; i < nf && nf > 0; i++)
			if (plan_unescape(f[i]) < 0) {
				nf = -1;
				why = "bad escape";
			}
		if (nf > 0 && !header) {
			if (nf != 2 || strcmp(f[0], "berth-plan") || strcmp(f[1], "1")) {
				plan_free(p);
				return berth_fail(err, EINVAL, "plan %s: first line must be 'berth-plan\\t1'", path);
			}
			header = true;
			continue;
		}
		if (nf < 0 || apply_directive(p, f, nf, &why) < 0) {
			berth_fail(err, EINVAL, "plan %s line %d (%s): %s", path, lineno,
				   nf > 0 ? f[0] : "?", why);
			plan_free(p);
			return -1;
		}
	}
	if (!header) {
		plan_free(p);
		return berth_fail(err, EINVAL, "plan %s is empty", path);
	}
	if (validate(p, mode, err) < 0) {
		plan_free(p);
		return berth_context(err, "validating plan %s", path);
	}
	if (!p->cwd)
		p->cwd = xstrdup("/");
	/* The path is a host path: read it now, before any setns or pivot_root. */
	if (p->seccomp_path && seccomp_read(p->seccomp_path, &p->seccomp, err) < 0) {
		plan_free(p);
		return berth_context(err, "loading plan %s", path);
	}
	*out = p;
	return 0;
}

void plan_free(struct berth_plan *p)
{
	if (!p)
		return;
	free(p->id);
	free(p->state_dir);
	free(p->rootfs);
	free(p->ovl_lower);
	free(p->ovl_upper);
	free(p->ovl_work);
	for (int k = 0; k < NS_COUNT; k++)
		free(p->ns[k].path);
	free(p->hostname);
	free(p->domainname);
	for (size_t i = 0; i < p->n_mounts; i++) {
		free(p->mounts[i].dest);
		free(p->mounts[i].type);
		free(p->mounts[i].source);
		free(p->mounts[i].options);
	}
	free(p->mounts);
	for (size_t i = 0; i < p->n_devices; i++)
		free(p->devices[i].path);
	free(p->devices);
	strv_free(&p->masked);
	strv_free(&p->readonly);
	strv_free(&p->cgroup_procs);
	strv_free(&p->env);
	strv_free(&p->argv);
	free(p->cwd);
	free(p->gids);
	free(p->rlimits);
	for (size_t i = 0; i < p->n_hooks; i++) {
		free(p->hooks[i].path);
		strv_free(&p->hooks[i].args);
		strv_free(&p->hooks[i].env);
	}
	free(p->hooks);
	for (int k = 0; k < HOOK_PHASES; k++)
		free(p->hook_state[k][0]), free(p->hook_state[k][1]);
	free(p->oom_control);
	free(p->log_dir);
	free(p->console_socket);
	free(p->device_program);
	free(p->device_cgroup);
	free(p->seccomp_path);
	free(p->seccomp.prog);
	strv_free(&p->sysctl_paths);
	strv_free(&p->sysctl_values);
	free(p);
}
