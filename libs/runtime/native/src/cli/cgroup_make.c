/* cgroup_make.c - a new container's cgroups, as src/cgroups makes them (cgroup_make.h). */
#define _GNU_SOURCE
#include "cgroup_make.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "paths.h"
#include "text_line.h"

/* mountinfo's octal escapes (\040 for a space), undone in place. */
static void unescape_octal(char *s)
{
	char *out = s;
	for (char *p = s; *p; p++) {
		if (p[0] == '\\' && p[1] >= '0' && p[1] <= '7' && p[2] >= '0' && p[2] <= '7' && p[3] >= '0' && p[3] <= '7') {
			*out++ = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
			p += 3;
		} else
			*out++ = *p;
	}
	*out = '\0';
}

/* Super options of a v1 cgroup mount that name no controller (host-layout.ts isMountFlag). */
static bool mount_flag(const char *option)
{
	return !strcmp(option, "rw") || !strcmp(option, "ro") || !strcmp(option, "xattr") || !strcmp(option, "noprefix") ||
	       !strcmp(option, "clone_children") || !strncmp(option, "release_agent=", 14) || !strcmp(option, "cpuset_v2_mode");
}

/* This process's cgroup for a controllers field of /proc/self/cgroup ("" for v2); "/" when absent. */
static char *own_path(const char *proc_cgroup, const char *key)
{
	const char *line = proc_cgroup;
	while (*line) {
		const char *end = strchrnul(line, '\n');
		const char *first = memchr(line, ':', (size_t)(end - line));
		const char *second = first ? memchr(first + 1, ':', (size_t)(end - first - 1)) : NULL;
		if (second && (size_t)(second - first - 1) == strlen(key) && !strncmp(first + 1, key, strlen(key)))
			return strndup(second + 1, (size_t)(end - second - 1));
		line = *end ? end + 1 : end;
	}
	return xstrdup("/");
}

static char *join_controllers(const struct strv *controllers)
{
	size_t n = 1;
	for (size_t i = 0; i < controllers->n; i++)
		n += strlen(controllers->v[i]) + 1;
	char *key = xmalloc(n);
	key[0] = '\0';
	for (size_t i = 0; i < controllers->n; i++) {
		if (i)
			strcat(key, ",");
		strcat(key, controllers->v[i]);
	}
	return key;
}

/* One mountinfo line: a hierarchy to add, or nothing. -1 when the host has more than we hold. */
static int read_mount(struct cgroups *c, char *line, const char *proc_cgroup)
{
	char *sep = strstr(line, " - ");
	if (!sep)
		return 0;
	*sep = '\0';
	char *fields[6] = {0}, *save = NULL;
	size_t n = 0;
	for (char *f = strtok_r(line, " ", &save); f && n < 6; f = strtok_r(NULL, " ", &save))
		fields[n++] = f;
	char *tail_save = NULL;
	char *fs_type = strtok_r(sep + 3, " ", &tail_save);
	strtok_r(NULL, " ", &tail_save); /* the source */
	char *super = strtok_r(NULL, " ", &tail_save);
	if (n < 5 || !fs_type)
		return 0;
	bool v2 = !strcmp(fs_type, "cgroup2");
	if (!v2 && strcmp(fs_type, "cgroup"))
		return 0;
	if (v2 && c->has_v2)
		return 0; /* a second mount of the same tree */
	struct hierarchy h = {0};
	if (!v2) {
		char *opt_save = NULL;
		for (char *o = strtok_r(super ? super : (char[]){""}, ",", &opt_save); o; o = strtok_r(NULL, ",", &opt_save))
			if (!mount_flag(o))
				strv_push(&h.controllers, o);
	}
	char *key = join_controllers(&h.controllers);
	for (size_t i = 0; !v2 && i < c->n_v1; i++) {
		char *other = join_controllers(&c->v1[i].controllers);
		bool same = !strcmp(other, key);
		free(other);
		if (same) {
			free(key);
			strv_free(&h.controllers);
			return 0;
		}
	}
	unescape_octal(fields[3]);
	unescape_octal(fields[4]);
	h.mount_root = xstrdup(fields[3]);
	h.mount_point = xstrdup(fields[4]);
	h.own_path = own_path(proc_cgroup, key);
	free(key);
	if (v2) {
		c->v2 = h;
		c->has_v2 = true;
		return 0;
	}
	if (c->n_v1 == CGROUP_MAX_HIERARCHIES)
		return -1;
	c->v1[c->n_v1++] = h;
	return 0;
}

/* cgroupDirectory: `path` in a hierarchy (relative paths below our own cgroup). */
static char *directory_of(const struct hierarchy *h, const char *path)
{
	char *cgroup = path[0] == '/' ? path_join("/", path) : path_join(h->own_path, path);
	const char *root = strcmp(h->mount_root, "/") ? h->mount_root : "";
	size_t n = strlen(root);
	const char *inside = cgroup;
	if (n && !strncmp(cgroup, root, n) && (cgroup[n] == '\0' || cgroup[n] == '/'))
		inside = cgroup + n;
	char *dir = path_join(h->mount_point, inside);
	free(cgroup);
	return dir;
}

int cgroups_plan(struct cgroups *c, const char *path, bool is_default)
{
	memset(c, 0, sizeof(*c));
	cleanup_free char *mountinfo = read_file("/proc/self/mountinfo", NULL);
	cleanup_free char *proc_cgroup = read_file("/proc/self/cgroup", NULL);
	if (!mountinfo || !proc_cgroup)
		return CLI_REFERENCE;
	char *save = NULL;
	for (char *line = strtok_r(mountinfo, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (read_mount(c, line, proc_cgroup) < 0)
			return CLI_REFERENCE;
	if (c->n_v1 == 0 && !c->has_v2)
		return CLI_REFERENCE;
	c->v2_controllers = c->n_v1 == 0;
	c->owns_parent = is_default;
	for (size_t i = 0; i < c->n_v1; i++) {
		c->dirs[i].h = &c->v1[i];
		c->dirs[i].path = directory_of(&c->v1[i], path);
	}
	if (c->has_v2) {
		c->unified.h = &c->v2;
		c->unified.path = directory_of(&c->v2, path);
	}
	return 0;
}

static char *parent_of(const char *path)
{
	char *parent = xstrdup(path);
	char *slash = strrchr(parent, '/');
	if (slash == parent)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	return parent;
}

int cgroup_remove_group(const struct strv *dirs)
{
	for (size_t i = dirs->n; i-- > 0;) {
		if (rmdir(dirs->v[i]) == 0 || errno == ENOENT)
			continue;
		if (i != dirs->n - 1 && (errno == EBUSY || errno == ENOTEMPTY))
			return 0;
		return -1;
	}
	return 0;
}

/* makeCgroupDir: the missing levels from just below `stop_at` down to `dir`, made outermost first. */
static int make_levels(const char *dir, const char *stop_at, struct strv *made, struct berth_error **err)
{
	struct strv missing = {0};
	char *current = xstrdup(dir);
	while (strcmp(current, stop_at) && strcmp(current, "/")) {
		char procs[4200];
		snprintf(procs, sizeof(procs), "%s/cgroup.procs", current);
		struct stat st;
		if (stat(procs, &st) == 0)
			break;
		if (errno != ENOENT) {
			berth_failno(err, "looking at %s", procs);
			free(current);
			strv_free(&missing);
			return -1;
		}
		strv_push(&missing, current);
		char *up = parent_of(current);
		free(current);
		current = up;
	}
	free(current);
	int r = 0;
	for (size_t i = missing.n; i-- > 0;) {
		if (mkdir(missing.v[i], 0755) == 0)
			strv_push(made, missing.v[i]);
		else if (errno != EEXIST) {
			r = berth_failno(err, "creating cgroup %s", missing.v[i]);
			cgroup_remove_group(made);
			break;
		}
	}
	strv_free(&missing);
	return r;
}

/* removalList: with the default berth/<id>, the shared parent and the leaf always belong to the runtime. */
static void removal_list(struct cgroup_dir *d, struct strv *made, bool owns_parent)
{
	if (!owns_parent) {
		d->created = *made;
		return;
	}
	struct strv list = {0};
	char *parent = parent_of(d->path);
	strv_push(&list, parent);
	free(parent);
	for (size_t i = 0; i < made->n; i++)
		strv_push(&list, made->v[i]);
	strv_push(&list, d->path);
	for (size_t i = 0; i < list.n; i++) {
		bool seen = false;
		for (size_t j = 0; j < d->created.n && !seen; j++)
			seen = !strcmp(d->created.v[j], list.v[i]);
		if (!seen)
			strv_push(&d->created, list.v[i]);
	}
	strv_free(&list);
	strv_free(made);
}

/* A new v1 cpuset starts empty and takes no process: copy the parent's cpus and mems, level by level. */
static int inherit_cpuset(const struct cgroup_dir *d, struct berth_error **err)
{
	const char *mount = d->h->mount_point;
	size_t n = strlen(mount);
	for (const char *p = d->path + n; p && *p; p = strchr(p + 1, '/')) {
		char *level = strndup(d->path, (size_t)(strchrnul(p + 1, '/') - d->path));
		for (int f = 0; f < 2; f++) {
			const char *file = f ? "cpuset.mems" : "cpuset.cpus";
			char path[4200], parent[4300];
			snprintf(path, sizeof(path), "%s/%s", level, file);
			snprintf(parent, sizeof(parent), "%s/../%s", level, file);
			cleanup_free char *own = read_file(path, NULL);
			if (own && own[strspn(own, " \n")] != '\0')
				continue;
			cleanup_free char *value = read_file(parent, NULL);
			if (!own || !value || write_file(path, value, strcspn(value, "\n"), err) < 0) {
				if (!own || !value)
					berth_failno(err, "initialising %s from its parent", path);
				free(level);
				return -1;
			}
		}
		free(level);
	}
	return 0;
}

static bool has_controller(const struct hierarchy *h, const char *name)
{
	for (size_t i = 0; i < h->controllers.n; i++)
		if (!strcmp(h->controllers.v[i], name))
			return true;
	return false;
}

static int make_dir(struct cgroup_dir *d, bool owns_parent, struct berth_error **err)
{
	struct strv made = {0};
	/* A concurrent delete may remove an empty shared parent between our look and our mkdir. */
	int r = -1;
	for (int attempt = 1; attempt <= 3; attempt++) {
		if (*err) {
			free(*err);
			*err = NULL;
		}
		r = make_levels(d->path, d->h->mount_point, &made, err);
		if (r == 0 || (*err)->errnum != ENOENT)
			break;
		strv_free(&made); /* make_levels removed them again */
	}
	if (r < 0) {
		strv_free(&made);
		return -1;
	}
	removal_list(d, &made, owns_parent);
	return 0;
}

/* Whether the space-separated `list` names `word`. */
static bool listed(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; (p = strstr(p, word)); p += n)
		if ((p == list || p[-1] == ' ' || p[-1] == '\n') && (p[n] == '\0' || p[n] == ' ' || p[n] == '\n'))
			return true;
	return false;
}

/* enableControllers (v2-manager.ts): cpu, cpuset, io, memory and pids in
 * cgroup.subtree_control from the mount point down to the leaf's parent.
 * Best effort: EBUSY (a level with processes of its own) and ENOENT leave it
 * to apply to report the missing file. */
static int enable_controllers(const char *mount_point, const char *leaf, struct berth_error **err)
{
	static const char *const WANTED[] = {"cpu", "cpuset", "io", "memory", "pids"};
	size_t mount_len = strlen(mount_point);
	for (const char *end = leaf + mount_len; end && *end; end = strchr(end + 1, '/')) {
		char *dir = strndup(leaf, (size_t)(end - leaf)), path[4200], wanted[64] = "";
		snprintf(path, sizeof(path), "%s/cgroup.controllers", dir);
		cleanup_free char *available = read_file(path, NULL);
		snprintf(path, sizeof(path), "%s/cgroup.subtree_control", dir);
		cleanup_free char *enabled = read_file(path, NULL);
		for (size_t i = 0; i < sizeof(WANTED) / sizeof(WANTED[0]); i++)
			if (available && listed(available, WANTED[i]) && !(enabled && listed(enabled, WANTED[i])))
				snprintf(wanted + strlen(wanted), sizeof(wanted) - strlen(wanted), "%s+%s", *wanted ? " " : "", WANTED[i]);
		if (*wanted) {
			cleanup_fd int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
			if ((fd < 0 || write_all(fd, wanted, strlen(wanted)) < 0) && errno != EBUSY && errno != ENOENT) {
				berth_failno(err, "enabling %s in %s", wanted, path);
				free(dir);
				return -1;
			}
		}
		free(dir);
	}
	return 0;
}

int cgroups_make(struct cgroups *c, struct berth_error **err)
{
	for (size_t i = 0; i < c->n_v1; i++) {
		if (make_dir(&c->dirs[i], c->owns_parent, err) < 0 ||
		    (has_controller(c->dirs[i].h, "cpuset") && inherit_cpuset(&c->dirs[i], err) < 0)) {
			cgroups_remove(c);
			return -1;
		}
	}
	if (c->has_v2 && (make_dir(&c->unified, c->owns_parent, err) < 0 ||
			  (c->v2_controllers && enable_controllers(c->v2.mount_point, c->unified.path, err) < 0))) {
		cgroups_remove(c);
		return -1;
	}
	return 0;
}

int cgroups_remove(struct cgroups *c)
{
	int r = 0;
	for (size_t i = 0; i < c->n_v1; i++)
		if (cgroup_remove_group(&c->dirs[i].created) < 0)
			r = -1;
	if (c->has_v2 && cgroup_remove_group(&c->unified.created) < 0)
		r = -1;
	return r;
}

/* SIGKILL to every pid in the container's cgroups. */
static void kill_members(const struct cgroups *c)
{
	for (size_t i = 0; i < c->n_v1 + c->has_v2; i++) {
		char path[4200];
		snprintf(path, sizeof(path), "%s/cgroup.procs", i < c->n_v1 ? c->dirs[i].path : c->unified.path);
		cleanup_free char *pids = read_file(path, NULL);
		for (char *p = pids; p && *p;) {
			char *end;
			long pid = strtol(p, &end, 10);
			if (end == p)
				break;
			if (pid > 0)
				kill((pid_t)pid, SIGKILL);
			p = end + (*end == '\n');
		}
	}
}

int cgroups_empty_and_remove(struct cgroups *c)
{
	/* A killed process leaves its cgroup once its parent has reaped it: a few ms. */
	for (int attempt = 0; attempt < 400; attempt++) {
		kill_members(c);
		if (cgroups_remove(c) == 0)
			return 0;
		usleep(5000);
	}
	return -1;
}

/* deviceRuleText: "c 1:3 rwm", "a *:* rwm"; empty for fifos and empty access (nothing to write). */
static void rule_text(char *out, size_t size, const char *type, long long major, long long minor, const char *access)
{
	if (!strcmp(type, "u"))
		type = "c";
	if (!strcmp(type, "p") || !*access) {
		out[0] = '\0';
		return;
	}
	if (!strcmp(type, "a")) {
		snprintf(out, size, "a *:* %s", access);
		return;
	}
	char ma[24] = "*", mi[24] = "*";
	if (major >= 0)
		snprintf(ma, sizeof(ma), "%lld", major);
	if (minor >= 0)
		snprintf(mi, sizeof(mi), "%lld", minor);
	snprintf(out, size, "%s %s:%s %s", type, ma, mi, access);
}

/* DENY_ALL_DEVICES then DEFAULT_ALLOWED_DEVICES (device-policy.ts). */
static const struct {
	bool allow;
	const char *type;
	int major, minor;
	const char *access;
} STANDARD_POLICY[] = {
	{false, "a", -1, -1, "rwm"}, {true, "c", 1, 3, "rwm"}, {true, "c", 1, 5, "rwm"},   {true, "c", 1, 7, "rwm"},
	{true, "c", 1, 8, "rwm"},    {true, "c", 1, 9, "rwm"}, {true, "c", 5, 0, "rwm"},   {true, "c", 5, 1, "rwm"},
	{true, "c", 5, 2, "rwm"},    {true, "c", 136, -1, "rwm"}, {true, "c", -1, -1, "m"}, {true, "b", -1, -1, "m"},
};

static int write_rule(const char *dir, bool allow, const char *text, struct berth_error **err)
{
	if (!*text)
		return 0;
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s", dir, allow ? "devices.allow" : "devices.deny");
	/* O_TRUNC without O_CREAT, as writeCgroupFile: a missing file is an error, never a new file. */
	cleanup_fd int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0 || write_all(fd, text, strlen(text)) < 0)
		return berth_failno(err, "writing \"%s\" to %s", text, path);
	return 0;
}

static int write_standard(const char *dir, struct berth_error **err)
{
	for (size_t i = 0; i < sizeof(STANDARD_POLICY) / sizeof(STANDARD_POLICY[0]); i++) {
		char text[64];
		rule_text(text, sizeof(text), STANDARD_POLICY[i].type, STANDARD_POLICY[i].major, STANDARD_POLICY[i].minor,
			  STANDARD_POLICY[i].access);
		if (write_rule(dir, STANDARD_POLICY[i].allow, text, err) < 0)
			return -1;
	}
	return 0;
}

static const char *dir_with(const struct cgroups *c, const char *controller);

/* One limit into its controller's file, as writeCgroupFile (no O_CREAT). */
static int write_limit(const struct cgroups *c, const char *controller, const char *file, const char *value,
		       struct berth_error **err)
{
	const char *dir = c->v2_controllers ? c->unified.path : dir_with(c, controller);
	if (!dir)
		return berth_fail_code(err, "NOT_SUPPORTED", "this host has no %s cgroup controller", controller);
	char path[4200];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	cleanup_fd int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0 || write_all(fd, value, strlen(value)) < 0)
		return berth_failno(err, "writing \"%s\" to %s", value, path);
	return 0;
}

/* v1Limits for the limits spec_subset.c lets through, in its order. */
static int apply_limits(const struct cgroups *c, const struct json *resources, struct berth_error **err)
{
	static const struct {
		const char *object, *key, *controller, *file;
	} LIMITS[] = {
		{"memory", "limit", "memory", "memory.limit_in_bytes"}, {"cpu", "shares", "cpu", "cpu.shares"},
		{"cpu", "period", "cpu", "cpu.cfs_period_us"},		{"cpu", "quota", "cpu", "cpu.cfs_quota_us"},
	};
	for (size_t i = 0; i < sizeof(LIMITS) / sizeof(LIMITS[0]); i++) {
		const struct json *v = json_get(json_get(resources, LIMITS[i].object), LIMITS[i].key);
		if (v && write_limit(c, LIMITS[i].controller, LIMITS[i].file, v->text, err) < 0)
			return -1;
	}
	const struct json *pids = json_get(json_get(resources, "pids"), "limit");
	if (pids && write_limit(c, "pids", "pids.max", pids->value > 0 ? pids->text : "max", err) < 0)
		return -1;
	return 0;
}

/* sharesToWeight: cpu.shares (2..262144) onto cpu.weight (1..10000). */
static long long shares_to_weight(long long shares)
{
	return 1 + ((shares - 2) * 9999) / 262142;
}

/* v2Limits for the limits spec_subset.c lets through, in its order. */
static int apply_v2_limits(const struct cgroups *c, const struct json *resources, struct berth_error **err)
{
	const struct json *cpu = json_get(resources, "cpu"), *memory = json_get(json_get(resources, "memory"), "limit");
	const struct json *shares = json_get(cpu, "shares"), *quota = json_get(cpu, "quota"), *period = json_get(cpu, "period");
	const struct json *pids = json_get(json_get(resources, "pids"), "limit");
	char value[64];
	if (memory && write_limit(c, "memory", "memory.max", memory->value < 0 ? "max" : memory->text, err) < 0)
		return -1;
	snprintf(value, sizeof(value), "%lld", shares ? shares_to_weight(shares->value) : 0);
	if (shares && write_limit(c, "cpu", "cpu.weight", value, err) < 0)
		return -1;
	/* A period alone would need the quota in force: the reference refuses it in its words. */
	if (period && !quota)
		return berth_fail_code(err, "INVALID_RESOURCES", "linux.resources.cpu.period: on cgroup v2 give cpu.quota together with cpu.period");
	snprintf(value, sizeof(value), "%s%s%s", quota && quota->value < 0 ? "max" : quota ? quota->text : "", period ? " " : "",
		 period ? period->text : "");
	if (quota && write_limit(c, "cpu", "cpu.max", value, err) < 0)
		return -1;
	if (pids && write_limit(c, "pids", "pids.max", pids->value > 0 ? pids->text : "max", err) < 0)
		return -1;
	return 0;
}

int cgroups_apply(struct cgroups *c, const struct json *resources, struct berth_error **err)
{
	if (c->v2_controllers)
		return apply_v2_limits(c, resources, err);
	if (apply_limits(c, resources, err) < 0)
		return -1;
	const struct json *rules = json_get(resources, "devices");
	const char *dir = dir_with(c, "devices");
	if (!dir)
		return berth_fail_code(err, "NOT_SUPPORTED", "linux.resources.devices: this host has no devices cgroup controller");
	if (write_standard(dir, err) < 0)
		return -1;
	for (size_t i = 0; rules && i < rules->n; i++) {
		const struct json *rule = rules->items[i];
		const struct json *type = json_get(rule, "type"), *access = json_get(rule, "access");
		const struct json *major = json_get(rule, "major"), *minor = json_get(rule, "minor");
		const char *type_text = type ? type->text : "a", *access_text = access ? access->text : "rwm";
		bool allow = json_get(rule, "allow")->type == JSON_TRUE;
		bool deny_all = !allow && !strcmp(type_text, "a") && strchr(access_text, 'r') && strchr(access_text, 'w') &&
				strchr(access_text, 'm');
		/* "Start from nothing" is the default policy, which keeps /dev/null usable. */
		if (deny_all) {
			if (write_standard(dir, err) < 0)
				return -1;
			continue;
		}
		char text[96];
		rule_text(text, sizeof(text), type_text, major ? major->value : -1, minor ? minor->value : -1, access_text);
		if (write_rule(dir, allow, text, err) < 0)
			return -1;
	}
	return 0;
}

static struct json *string_array(const struct strv *items)
{
	struct json *array = json_new(JSON_ARRAY);
	for (size_t i = 0; i < items->n; i++)
		json_push(array, json_new_string(items->v[i]));
	return array;
}

static struct json *v1_record(const struct cgroups *c);

struct json *cgroups_record(const struct cgroups *c)
{
	struct json *record = json_new(JSON_OBJECT);
	if (c->n_v1 > 0)
		json_put(record, "v1", v1_record(c));
	if (c->has_v2) {
		struct json *v2 = json_new(JSON_OBJECT);
		json_put(v2, "mountPoint", json_new_string(c->v2.mount_point));
		json_put(v2, "path", json_new_string(c->unified.path));
		json_put(v2, "ownsMemory", json_new_bool(c->v2_controllers));
		json_put(v2, "created", string_array(&c->unified.created));
		json_put(v2, "ownsParent", json_new_bool(c->owns_parent));
		json_put(record, "v2", v2);
	}
	return record;
}

static struct json *v1_record(const struct cgroups *c)
{
	struct json *v1 = json_new(JSON_OBJECT), *dirs = json_new(JSON_ARRAY), *created = json_new(JSON_ARRAY);
	for (size_t i = 0; i < c->n_v1; i++) {
		struct json *dir = json_new(JSON_OBJECT);
		json_put(dir, "controllers", string_array(&c->v1[i].controllers));
		json_put(dir, "mountPoint", json_new_string(c->v1[i].mount_point));
		json_put(dir, "path", json_new_string(c->dirs[i].path));
		json_push(dirs, dir);
		json_push(created, string_array(&c->dirs[i].created));
	}
	json_put(v1, "dirs", dirs);
	json_put(v1, "created", created);
	json_put(v1, "ownsParent", json_new_bool(c->owns_parent));
	return v1;
}

static const char *dir_with(const struct cgroups *c, const char *controller)
{
	for (size_t i = 0; i < c->n_v1; i++)
		if (has_controller(c->dirs[i].h, controller))
			return c->dirs[i].path;
	return NULL;
}

void cgroups_sidecar_lines(const struct cgroups *c, FILE *out)
{
	const char *freezer = c->v2_controllers ? c->unified.path : dir_with(c, "freezer");
	if (freezer) {
		char path[4200];
		snprintf(path, sizeof(path), "%s/%s", freezer, c->v2_controllers ? "cgroup.events" : "freezer.state");
		text_line(out, "freezer", c->v2_controllers ? "v2" : "v1", path, NULL);
	}
	for (size_t i = 0; i < c->n_v1 + c->has_v2; i++) {
		char path[4200];
		snprintf(path, sizeof(path), "%s/cgroup.procs", i < c->n_v1 ? c->dirs[i].path : c->unified.path);
		text_line(out, "procs", path, NULL);
	}
	for (size_t i = 0; i < c->n_v1 + c->has_v2; i++) {
		const struct strv *group = i < c->n_v1 ? &c->dirs[i].created : &c->unified.created;
		/* removalGroups: one per v1 hierarchy, even empty; v2's only when it made something. */
		if (i == c->n_v1 && group->n == 0)
			continue;
		text_begin(out, "remove");
		for (size_t j = 0; j < group->n; j++)
			text_field(out, group->v[j]);
		text_end(out);
	}
}

void cgroups_plan_lines(const struct cgroups *c, const char *device_program, FILE *out)
{
	for (size_t i = 0; i < c->n_v1 + c->has_v2; i++) {
		char path[4200];
		snprintf(path, sizeof(path), "%s/cgroup.procs", i < c->n_v1 ? c->dirs[i].path : c->unified.path);
		text_line(out, "cgroup_procs", path, NULL);
	}
	const char *memory = c->v2_controllers ? c->unified.path : dir_with(c, "memory");
	if (memory) {
		char path[4200];
		snprintf(path, sizeof(path), "%s/%s", memory, c->v2_controllers ? "memory.events" : "memory.oom_control");
		text_line(out, "oom_control", path, NULL);
	}
	if (c->v2_controllers && device_program)
		text_line(out, "device_program", device_program, c->unified.path, NULL);
}

static void free_hierarchy(struct hierarchy *h)
{
	free(h->mount_point);
	free(h->mount_root);
	free(h->own_path);
	strv_free(&h->controllers);
}

void cgroups_free(struct cgroups *c)
{
	for (size_t i = 0; i < c->n_v1; i++) {
		free_hierarchy(&c->v1[i]);
		free(c->dirs[i].path);
		strv_free(&c->dirs[i].created);
	}
	if (c->has_v2) {
		free_hierarchy(&c->v2);
		free(c->unified.path);
		strv_free(&c->unified.created);
	}
}
