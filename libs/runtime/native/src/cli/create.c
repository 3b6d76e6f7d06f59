/* create.c - `berth-runtime create` without Node, for the specs it can take
 * exactly as the TypeScript create would (spec_subset.h), which is how
 * containerd's runc shim creates every container.
 *
 * It does what lifecycle/create.ts does, in its order, and leaves the same
 * files: the state dir with config.json (the spec after validation),
 * state.json and state.txt (creating, then created), the cgroups with the
 * device policy, seccomp.bpf, the plan, and the container handed to the
 * caller's subreaper (runc's model, stdio 'inherit'). Whatever it is not
 * sure of before it claims the id goes to the reference unchanged; any
 * failure after that undoes everything it made and hands over too, so the
 * reference makes the container or reports the error in its own words.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../shim.h"
#include "cgroup_make.h"
#include "cli.h"
#include "create.h"
#include "create_plan.h"
#include "json.h"
#include "paths.h"
#include "refresh.h"
#include "program_store.h"
#include "spec_subset.h"
#include "sidecar.h"
#include "text_line.h"

struct create {
	const char *id, *bundle_arg, *pid_file, *console_arg;
	int preserve_fds;
	char *dir, *bundle, *console_socket, *created;
	struct json *spec;
	struct stored_program seccomp, devices;
	bool has_seccomp;
	struct cgroups cgroups;
	bool cgroups_made;
	struct identity creator, init;
};

/* A positive integer option, as the reference's positiveInt takes it. */
static bool positive(const char *text, int *out)
{
	char *end;
	errno = 0;
	long value = strtol(text, &end, 10);
	if (errno || *end || end == text || value < 1 || value > 1024 || text[0] < '0' || text[0] > '9')
		return false;
	*out = (int)value;
	return true;
}

/* The options the reference's create (and run) takes and this side can honour; CLI_REFERENCE for any other. */
static int parse_args(const struct cli_call *call, bool run, struct create *c)
{
	c->bundle_arg = ".";
	for (int i = 0; i < call->n_args; i++) {
		const char *a = call->args[i];
		const char *next = i + 1 < call->n_args ? call->args[i + 1] : NULL;
		if ((!strcmp(a, "-b") || !strcmp(a, "--bundle")) && next)
			c->bundle_arg = call->args[++i];
		else if (!strncmp(a, "--bundle=", 9))
			c->bundle_arg = a + 9;
		else if (!strcmp(a, "--pid-file") && next)
			c->pid_file = call->args[++i];
		else if (!strncmp(a, "--pid-file=", 11))
			c->pid_file = a + 11;
		else if (!run && !strcmp(a, "--console-socket") && next)
			c->console_arg = call->args[++i];
		else if (!run && !strncmp(a, "--console-socket=", 17))
			c->console_arg = a + 17;
		else if (!strcmp(a, "--preserve-fds") && next) {
			if (!positive(call->args[++i], &c->preserve_fds))
				return CLI_REFERENCE;
		} else if (!strcmp(a, "--no-new-keyring"))
			continue;
		else if (a[0] == '-' || c->id)
			return CLI_REFERENCE;
		else
			c->id = a;
	}
	/* An empty value is the reference's to judge. */
	if (!c->id || !*c->bundle_arg || (c->pid_file && !*c->pid_file) || (c->console_arg && !*c->console_arg))
		return CLI_REFERENCE;
	return 0;
}

/* Reads and checks the spec, the seccomp program and the cgroups: nothing is made yet. */
static int prepare(const struct cli_call *call, struct create *c)
{
	c->dir = sidecar_dir(call->root, c->id);
	c->bundle = path_resolve(c->bundle_arg);
	if (!c->dir || !c->bundle)
		return CLI_REFERENCE;
	char path[PATH_MAX + 16];
	snprintf(path, sizeof(path), "%s/config.json", c->bundle);
	cleanup_free char *text = read_file(path, NULL);
	if (!text || !(c->spec = json_parse(text)) || spec_subset(c->spec, c->bundle))
		return CLI_REFERENCE;
	const struct json *process = json_get(c->spec, "process"), *linux_spec = json_get(c->spec, "linux");
	const struct json *terminal = json_get(process, "terminal");
	bool tty = terminal && terminal->type == JSON_TRUE;
	if (tty != (c->console_arg != NULL))
		return CLI_REFERENCE; /* the reference says which of the two is missing */
	if (c->console_arg && !(c->console_socket = path_resolve(c->console_arg)))
		return CLI_REFERENCE;
	const struct json *seccomp = json_get(linux_spec, "seccomp");
	if (seccomp) {
		if (program_store_find(call->root, "seccomp", seccomp, &c->seccomp))
			return CLI_REFERENCE;
		c->has_seccomp = true;
	}
	const struct json *cgroups_path = json_get(linux_spec, "cgroupsPath");
	char default_path[256];
	snprintf(default_path, sizeof(default_path), "berth/%s", c->id);
	int r = cgroups_plan(&c->cgroups, cgroups_path ? cgroups_path->text : default_path, !cgroups_path);
	if (r || !c->cgroups.v2_controllers)
		return r;
	/* cgroup v2 has no devices controller: the policy is a program compiled from the rules. */
	const struct json *rules = json_get(json_get(linux_spec, "resources"), "devices");
	struct json *none = rules ? NULL : json_new(JSON_ARRAY);
	r = program_store_find(call->root, "devices", rules ? rules : none, &c->devices);
	json_free(none);
	return r;
}

/* mkdir -p for the state root (0711, as StateRoot.ensure). */
static int make_root(const char *root)
{
	char *copy = xstrdup(root);
	for (char *p = copy + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char saved = *p;
		*p = '\0';
		if (mkdir(copy, 0711) < 0 && errno != EEXIST) {
			free(copy);
			return -1;
		}
		if (!saved)
			break;
		*p = saved;
	}
	free(copy);
	return 0;
}

/* writeFileAtomic (0600) into the state dir: a temp file beside it, then rename. */
static int write_in_dir(const struct create *c, const char *name, const char *data, size_t len, struct berth_error **err)
{
	return write_file_replace_mode(c->dir, name, data, len, 0600, err);
}

/* --pid-file, relative to our working directory or absolute, written the same way. */
static int write_pid_file(const char *path, long pid, struct berth_error **err)
{
	char text[24];
	snprintf(text, sizeof(text), "%ld", pid);
	cleanup_free char *copy = xstrdup(path);
	char *slash = strrchr(copy, '/');
	const char *dir = slash ? (slash == copy ? "/" : copy) : ".";
	if (slash)
		*slash = '\0';
	return write_file_replace_mode(dir, slash ? slash + 1 : copy, text, strlen(text), 0644, err);
}

/* JSON.stringify(value, null, 2) + "\n" into the state dir. */
static int write_json(const struct create *c, const char *name, const struct json *value, char **bytes, size_t *len,
		      struct berth_error **err)
{
	FILE *out = open_memstream(bytes, len);
	if (!out)
		return berth_failno(err, "writing %s", name);
	json_write(out, value, 2, false);
	fputc('\n', out);
	if (fclose(out) != 0)
		return berth_failno(err, "writing %s", name);
	return write_in_dir(c, name, *bytes, *len, err);
}

static struct json *identity_json(const struct identity *id)
{
	struct json *v = json_new(JSON_OBJECT);
	json_put(v, "pid", json_new_int(id->pid));
	json_put(v, "startTime", json_new_int((long long)id->start));
	return v;
}

/* The ContainerState create.ts records, in its key order. */
static struct json *state_of(const struct create *c, const char *status)
{
	bool created = !strcmp(status, "created");
	struct json *state = json_new(JSON_OBJECT), *annotations = json_new(JSON_OBJECT);
	const struct json *own = json_get(c->spec, "annotations");
	for (size_t i = 0; own && i < own->n; i++)
		json_put(annotations, own->keys[i], json_new_string(own->items[i]->text));
	json_put(state, "id", json_new_string(c->id));
	json_put(state, "bundle", json_new_string(c->bundle));
	json_put(state, "rootfs", json_new_string(json_get(json_get(c->spec, "root"), "path")->text));
	json_put(state, "status", json_new_string(status));
	json_put(state, "created", json_new_string(c->created));
	json_put(state, "annotations", annotations);
	json_put(state, "owner", json_new_int(getuid()));
	if (!created && c->creator.set)
		json_put(state, "creator", identity_json(&c->creator));
	json_put(state, "cgroup", c->cgroups_made ? cgroups_record(&c->cgroups) : json_new(JSON_OBJECT));
	if (created) {
		json_put(state, "shim", identity_json(&c->init));
		json_put(state, "init", identity_json(&c->init));
		json_put(state, "handoff", json_new_bool(true));
	}
	return state;
}

static void identity_line(FILE *out, const char *name, const struct identity *id)
{
	char pid[24], start[24];
	snprintf(pid, sizeof(pid), "%ld", id->pid);
	snprintf(start, sizeof(start), "%llu", id->start);
	text_line(out, name, pid, start, NULL);
}

/* state.txt (state-sidecar.ts formatSidecar) for the state.json bytes just written. */
static char *sidecar_of(const struct create *c, const char *status, const char *json, size_t json_len, size_t *len)
{
	char *text = NULL;
	FILE *out = open_memstream(&text, len);
	char length[24], hash[16];
	snprintf(length, sizeof(length), "%zu", json_len);
	snprintf(hash, sizeof(hash), "%08x", fnv1a32(json, json_len));
	text_line(out, "berth-state", "1", NULL);
	text_line(out, "json", length, hash, NULL);
	text_line(out, "id", c->id, NULL);
	text_line(out, "bundle", c->bundle, NULL);
	text_line(out, "status", status, NULL);
	const struct json *annotations = json_get(c->spec, "annotations");
	for (size_t i = 0; annotations && i < annotations->n; i++)
		text_line(out, "annotation", annotations->keys[i], annotations->items[i]->text, NULL);
	bool created = !strcmp(status, "created");
	if (created) {
		identity_line(out, "init", &c->init);
		identity_line(out, "shim", &c->init);
	} else if (c->creator.set)
		identity_line(out, "creator", &c->creator);
	if (created)
		text_line(out, "handoff", "1", NULL);
	if (c->cgroups_made)
		cgroups_sidecar_lines(&c->cgroups, out);
	fclose(out);
	return text;
}

/* StateRoot.write: state.json, then its sidecar (written second, so it never leads). */
static int save_state(const struct create *c, const char *status, struct berth_error **err)
{
	struct json *state = state_of(c, status);
	cleanup_free char *json = NULL;
	size_t json_len = 0, len = 0;
	int r = write_json(c, "state.json", state, &json, &json_len, err);
	json_free(state);
	if (r < 0)
		return -1;
	cleanup_free char *sidecar = sidecar_of(c, status, json, json_len, &len);
	return write_in_dir(c, "state.txt", sidecar, len, err);
}

/* new Date().toISOString(): milliseconds. */
static char *iso_now(void)
{
	char nanos[64];
	rfc3339_now(nanos, sizeof(nanos));
	char *out = NULL;
	if (asprintf(&out, "%.23sZ", nanos) < 0)
		return NULL;
	return out;
}

static int write_plan(struct create *c, struct berth_error **err)
{
	char seccomp_path[PATH_MAX];
	snprintf(seccomp_path, sizeof(seccomp_path), "%s/seccomp.bpf", c->dir);
	char devices_path[PATH_MAX];
	snprintf(devices_path, sizeof(devices_path), "%s/devices.bpf", c->dir);
	if (c->has_seccomp && program_store_write(&c->seccomp, seccomp_path, err) < 0)
		return -1;
	if (c->devices.entry && program_store_write(&c->devices, devices_path, err) < 0)
		return -1;
	struct plan_input in = {
		.id = c->id,
		.state_dir = c->dir,
		.spec = c->spec,
		.cgroups = &c->cgroups,
		.seccomp_path = c->has_seccomp ? seccomp_path : NULL,
		.seccomp_flags = c->seccomp.flags,
		.device_program = c->devices.entry ? devices_path : NULL,
		.preserve_fds = c->preserve_fds,
		.handoff_fd = 3 + c->preserve_fds,
		.console_socket = c->console_socket,
	};
	cleanup_free char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	create_plan(out, &in);
	fclose(out);
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/plan", c->dir);
	cleanup_fd int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write_all(fd, text, len) < 0)
		return berth_failno(err, "writing %s", path);
	return 0;
}

/* SpawnLauncher's handoff layout, in this process: fds 0 and 1 stay, the
 * preserved ones follow, then our stderr for the container's; nothing else
 * of what our caller left open may reach it. */
static int launch(struct create *c, struct berth_error **err)
{
	int handoff = 3 + c->preserve_fds;
	for (int fd = 3; fd < handoff; fd++)
		if (fcntl(fd, F_GETFD) < 0)
			return CLI_REFERENCE; /* the reference words a preserved fd that is not open */
	if (dup2(2, handoff) < 0)
		return berth_failno(err, "passing stderr on");
	close_fds_from(handoff + 1, -1);
	char plan[PATH_MAX];
	snprintf(plan, sizeof(plan), "%s/plan", c->dir);
	if (shim_create(plan, err) < 0)
		return -1;
	close(handoff);
	c->init = identity_from_file(c->dir, "init.pid");
	if (!c->init.set)
		return berth_fail(err, ESRCH, "container %s exited during create", c->id);
	return 0;
}

/* Everything made since the id was claimed, in reverse: the container's
 * processes, its cgroups, the dir. 0, or -1 when a cgroup would not go. */
static int undo(struct create *c)
{
	int r = 0;
	if (c->init.set)
		kill((pid_t)c->init.pid, SIGKILL);
	if (c->cgroups_made)
		r = cgroups_empty_and_remove(&c->cgroups);
	remove_tree(c->dir);
	return r;
}

static int make(struct create *c, struct berth_error **err)
{
	const struct json *resources = json_get(json_get(c->spec, "linux"), "resources");
	cleanup_free char *config = NULL;
	size_t len = 0;
	c->creator = identity_of(getpid());
	if (!(c->created = iso_now()) || write_json(c, "config.json", c->spec, &config, &len, err) < 0 ||
	    save_state(c, "creating", err) < 0)
		return -1;
	if (cgroups_make(&c->cgroups, err) < 0)
		return -1;
	c->cgroups_made = true;
	/* Before the shim places the process: a container never runs a moment unconfined. */
	if (save_state(c, "creating", err) < 0 || cgroups_apply(&c->cgroups, resources, err) < 0 ||
	    write_plan(c, err) < 0)
		return -1;
	int r = launch(c, err);
	if (r)
		return r;
	if (save_state(c, "created", err) < 0)
		return -1;
	if (c->pid_file && write_pid_file(c->pid_file, c->init.pid, err) < 0)
		return -1;
	return 0;
}

void create_release(struct create *c)
{
	free(c->dir);
	free(c->bundle);
	free(c->console_socket);
	free(c->created);
	json_free(c->spec);
	program_store_free(&c->seccomp);
	program_store_free(&c->devices);
	cgroups_free(&c->cgroups);
	free(c);
}

int create_container(const struct cli_call *call, bool run, struct create **out)
{
	struct create *c = xmalloc(sizeof(*c));
	memset(c, 0, sizeof(*c));
	cleanup_error struct berth_error *err = NULL;
	int r = parse_args(call, run, c);
	if (!r)
		r = prepare(call, c);
	/* Claiming the id: an existing one is the reference's to report. */
	if (!r && (make_root(call->root) < 0 || mkdir(c->dir, 0700) < 0))
		r = CLI_REFERENCE;
	else if (!r && make(c, &err) != 0) {
		undo(c);
		r = CLI_REFERENCE;
	}
	if (r) {
		create_release(c);
		return r;
	}
	*out = c;
	return 0;
}

const char *create_id(const struct create *c)
{
	return c->id;
}

long create_init_pid(const struct create *c)
{
	return c->init.pid;
}

const char *create_dir(const struct create *c)
{
	return c->dir;
}

int create_remove(struct create *c)
{
	return undo(c);
}

int verb_create(const struct cli_call *call, struct berth_error **err)
{
	(void)err;
	struct create *c = NULL;
	int r = create_container(call, false, &c);
	if (!r)
		create_release(c);
	return r;
}
