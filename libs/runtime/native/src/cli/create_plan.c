/* create_plan.c - createPlan (src/plan/launch-plan.ts) for the specs the
 * native create takes (spec_subset.c); the same directives in the same order. */
#define _GNU_SOURCE
#include "create_plan.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "text_line.h"

static const char *const CAPABILITIES[] = {
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID",
	"CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN",
	"CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE",
	"CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
	"CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP",
	"CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ",
	"CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE", NULL,
};

int capability_bit(const char *name)
{
	for (int bit = 0; CAPABILITIES[bit]; bit++)
		if (!strcmp(CAPABILITIES[bit], name))
			return bit;
	return -1;
}

static void line_number(FILE *out, const char *name, long long value)
{
	char text[32];
	snprintf(text, sizeof(text), "%lld", value);
	text_line(out, name, text, NULL);
}

/* Spec mounts the shim makes itself (launch-plan.ts PROVIDED_BY_SHIM). */
static bool provided_by_shim(const struct json *mount)
{
	static const char *const PROVIDED[][3] = {
		{"/proc", "proc", NULL},  {"/dev", "tmpfs", NULL}, {"/dev/pts", "devpts", NULL},      {"/dev/mqueue", "mqueue", NULL},
		{"/sys", "sysfs", NULL}, {"/sys/fs/cgroup", "cgroup", "cgroup2"},
	};
	const struct json *type = json_get(mount, "type");
	const char *destination = json_get(mount, "destination")->text;
	for (size_t i = 0; i < sizeof(PROVIDED) / sizeof(PROVIDED[0]); i++)
		if (!strcmp(PROVIDED[i][0], destination) && type &&
		    (!strcmp(PROVIDED[i][1], type->text) || (PROVIDED[i][2] && !strcmp(PROVIDED[i][2], type->text))))
			return true;
	return false;
}

static bool has_option(const struct json *options, const char *name)
{
	for (size_t i = 0; options && i < options->n; i++)
		if (!strcmp(options->items[i]->text, name))
			return true;
	return false;
}

/* writeMount */
static void write_mount(FILE *out, const struct json *mount)
{
	const struct json *type = json_get(mount, "type"), *source = json_get(mount, "source"), *options = json_get(mount, "options");
	bool bind = (type && !strcmp(type->text, "bind")) || has_option(options, "bind") || has_option(options, "rbind");
	const char *kind = bind ? "bind" : type ? type->text : "none";
	text_begin(out, "mount");
	text_field(out, json_get(mount, "destination")->text);
	text_field(out, kind);
	text_field(out, source ? source->text : kind);
	char *joined = NULL;
	size_t size = 0;
	FILE *list = open_memstream(&joined, &size);
	bool any = false;
	if (bind && !has_option(options, "bind") && !has_option(options, "rbind")) {
		fputs("bind", list);
		any = true;
	}
	for (size_t i = 0; options && i < options->n; i++) {
		if (!options->items[i]->text[0])
			continue;
		fprintf(list, "%s%s", any ? "," : "", options->items[i]->text);
		any = true;
	}
	fclose(list);
	if (any)
		text_field(out, joined);
	free(joined);
	text_end(out);
}

static uint64_t capability_mask(const struct json *names)
{
	uint64_t mask = 0;
	for (size_t i = 0; names && i < names->n; i++)
		mask |= 1ULL << capability_bit(names->items[i]->text);
	return mask;
}

static void write_capabilities(FILE *out, const struct json *caps)
{
	static const char *const SETS[] = {"bounding", "effective", "permitted", "inheritable", "ambient"};
	text_begin(out, "capabilities");
	for (size_t i = 0; i < 5; i++) {
		char hex[17];
		snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)capability_mask(json_get(caps, SETS[i])));
		text_field(out, hex);
	}
	text_end(out);
}

static bool is_true(const struct json *v)
{
	return v && v->type == JSON_TRUE;
}

static void each_string(FILE *out, const char *name, const struct json *array)
{
	for (size_t i = 0; array && i < array->n; i++)
		text_line(out, name, array->items[i]->text, NULL);
}

/* writeProcess */
static void write_process(FILE *out, const struct json *process, const struct plan_input *in)
{
	const struct json *user = json_get(process, "user"), *rlimits = json_get(process, "rlimits");
	text_line(out, "cwd", json_get(process, "cwd")->text, NULL);
	text_line(out, "user", json_get(user, "uid")->text, json_get(user, "gid")->text, NULL);
	if (json_get(user, "umask"))
		text_line(out, "umask", json_get(user, "umask")->text, NULL);
	const struct json *gids = json_get(user, "additionalGids");
	for (size_t i = 0; gids && i < gids->n; i++)
		text_line(out, "additional_gid", gids->items[i]->text, NULL);
	for (size_t i = 0; rlimits && i < rlimits->n; i++) {
		const struct json *r = rlimits->items[i];
		text_line(out, "rlimit", json_get(r, "type")->text, json_get(r, "soft")->text, json_get(r, "hard")->text, NULL);
	}
	if (json_get(process, "oomScoreAdj"))
		text_line(out, "oom_score_adj", json_get(process, "oomScoreAdj")->text, NULL);
	if (is_true(json_get(process, "noNewPrivileges")))
		text_line(out, "no_new_privileges", "1", NULL);
	if (json_get(process, "capabilities"))
		write_capabilities(out, json_get(process, "capabilities"));
	each_string(out, "env", json_get(process, "env"));
	each_string(out, "arg", json_get(process, "args"));
	if (is_true(json_get(process, "terminal")))
		text_line(out, "terminal", "1", NULL);
	if (in->seccomp_path) {
		char flags[24];
		snprintf(flags, sizeof(flags), "%ld", in->seccomp_flags);
		text_line(out, "seccomp", in->seccomp_path, flags, NULL);
	}
}

void create_plan(FILE *out, const struct plan_input *in)
{
	const struct json *spec = in->spec, *linux_spec = json_get(spec, "linux"), *root = json_get(spec, "root");
	const struct json *mounts = json_get(spec, "mounts"), *namespaces = json_get(linux_spec, "namespaces");
	const struct json *hostname = json_get(spec, "hostname");
	text_line(out, "berth-plan", "1", NULL);
	text_line(out, "id", in->id, NULL);
	text_line(out, "state_dir", in->state_dir, NULL);
	text_line(out, "rootfs", json_get(root, "path")->text, NULL);
	if (is_true(json_get(root, "readonly")))
		text_line(out, "readonly_root", "1", NULL);
	for (size_t i = 0; i < namespaces->n; i++)
		text_line(out, "namespace", json_get(namespaces->items[i], "type")->text, NULL);
	if (hostname && hostname->text[0])
		text_line(out, "hostname", hostname->text, NULL);
	for (size_t i = 0; i < mounts->n; i++)
		if (!provided_by_shim(mounts->items[i]))
			write_mount(out, mounts->items[i]);
	each_string(out, "masked_path", json_get(linux_spec, "maskedPaths"));
	each_string(out, "readonly_path", json_get(linux_spec, "readonlyPaths"));
	cgroups_plan_lines(in->cgroups, in->device_program, out);
	write_process(out, json_get(spec, "process"), in);
	if (in->preserve_fds > 0)
		line_number(out, "preserve_fds", in->preserve_fds);
	line_number(out, "handoff", in->handoff_fd);
	if (in->console_socket)
		text_line(out, "console_socket", in->console_socket, NULL);
}
