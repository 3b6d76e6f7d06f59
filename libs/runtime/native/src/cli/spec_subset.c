/* spec_subset.c - which config.json the native create takes (spec_subset.h).
 * Each check mirrors one of validate-spec.ts; a failed check never refuses
 * anything itself, it hands the create to the reference. */
#define _GNU_SOURCE
#include "spec_subset.h"

#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "create_plan.h"
#include "paths.h"

#define MAX_ID 0xffffffffLL
#define REJECT CLI_REFERENCE

static const char *const RLIMITS[] = {
	"RLIMIT_AS",	  "RLIMIT_CORE",   "RLIMIT_CPU",    "RLIMIT_DATA",	 "RLIMIT_FSIZE",  "RLIMIT_LOCKS",
	"RLIMIT_MEMLOCK", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_NOFILE", "RLIMIT_NPROC", "RLIMIT_RSS",
	"RLIMIT_RTPRIO",  "RLIMIT_RTTIME", "RLIMIT_SIGPENDING", "RLIMIT_STACK", NULL,
};

/* The namespaces a new container may list here (user and time are the reference's). */
static const char *const NAMESPACES[] = {"pid", "network", "ipc", "uts", "mount", "cgroup", NULL};

static bool in_list(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (!strcmp(*list, name))
			return true;
	return false;
}

/* Every key of `object` is one of `known` (NULL-terminated). */
static bool only_keys(const struct json *object, const char *const *known)
{
	if (!object || object->type != JSON_OBJECT)
		return false;
	for (size_t i = 0; i < object->n; i++)
		if (!in_list(known, object->keys[i]))
			return false;
	return true;
}

static bool absolute_string(const struct json *v)
{
	return json_is_string(v) && v->text[0] == '/';
}

/* An array of strings each passing `ok` (NULL: any string). */
static bool strings(const struct json *v, bool (*ok)(const char *))
{
	if (!v || v->type != JSON_ARRAY)
		return false;
	for (size_t i = 0; i < v->n; i++)
		if (!json_is_string(v->items[i]) || (ok && !ok(v->items[i]->text)))
			return false;
	return true;
}

static bool env_entry(const char *entry)
{
	return entry[0] != '=' && strchr(entry, '=') != NULL;
}

static bool absolute(const char *path)
{
	return path[0] == '/';
}

static bool user_ok(const struct json *user)
{
	static const char *const KEYS[] = {"uid", "gid", "additionalGids", "umask", NULL};
	if (!only_keys(user, KEYS) || !json_is_int(json_get(user, "uid"), 0, MAX_ID) ||
	    !json_is_int(json_get(user, "gid"), 0, MAX_ID))
		return false;
	const struct json *umask = json_get(user, "umask"), *gids = json_get(user, "additionalGids");
	if (umask && !json_is_int(umask, 0, 0777))
		return false;
	for (size_t i = 0; gids && i < gids->n; i++)
		if (!json_is_int(gids->items[i], 0, MAX_ID))
			return false;
	return !gids || gids->type == JSON_ARRAY;
}

static bool rlimits_ok(const struct json *rlimits)
{
	static const char *const KEYS[] = {"type", "soft", "hard", NULL};
	if (!rlimits)
		return true;
	if (rlimits->type != JSON_ARRAY)
		return false;
	for (size_t i = 0; i < rlimits->n; i++) {
		const struct json *r = rlimits->items[i], *type = json_get(r, "type");
		const struct json *soft = json_get(r, "soft"), *hard = json_get(r, "hard");
		if (!only_keys(r, KEYS) || !json_is_string(type) || !in_list(RLIMITS, type->text) ||
		    !json_is_int(soft, 0, LLONG_MAX) || !json_is_int(hard, 0, LLONG_MAX) || soft->value > hard->value)
			return false;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(json_get(rlimits->items[j], "type")->text, type->text))
				return false;
	}
	return true;
}

static bool capability(const char *name)
{
	return capability_bit(name) >= 0;
}

static bool contains(const struct json *names, const char *name)
{
	for (size_t i = 0; names && i < names->n; i++)
		if (!strcmp(names->items[i]->text, name))
			return true;
	return false;
}

static bool capabilities_ok(const struct json *caps)
{
	static const char *const SETS[] = {"bounding", "effective", "permitted", "inheritable", "ambient", NULL};
	if (!caps)
		return true;
	if (!only_keys(caps, SETS))
		return false;
	for (size_t i = 0; i < caps->n; i++)
		if (!strings(caps->items[i], capability))
			return false;
	const struct json *ambient = json_get(caps, "ambient");
	for (size_t i = 0; ambient && i < ambient->n; i++)
		if (!contains(json_get(caps, "permitted"), ambient->items[i]->text) ||
		    !contains(json_get(caps, "inheritable"), ambient->items[i]->text))
			return false;
	return true;
}

static bool process_ok(const struct json *process)
{
	static const char *const KEYS[] = {"terminal", "user", "args", "env", "cwd", "capabilities", "rlimits",
					   "noNewPrivileges", "oomScoreAdj", NULL};
	if (!only_keys(process, KEYS))
		return false;
	const struct json *args = json_get(process, "args"), *env = json_get(process, "env");
	const struct json *terminal = json_get(process, "terminal"), *nnp = json_get(process, "noNewPrivileges");
	const struct json *oom = json_get(process, "oomScoreAdj");
	return strings(args, NULL) && args->n > 0 && args->items[0]->text[0] && absolute_string(json_get(process, "cwd")) &&
	       (!env || strings(env, env_entry)) && user_ok(json_get(process, "user")) &&
	       (!terminal || json_is_bool(terminal)) && (!nnp || json_is_bool(nnp)) && (!oom || json_is_int(oom, -1000, 1000)) &&
	       rlimits_ok(json_get(process, "rlimits")) && capabilities_ok(json_get(process, "capabilities"));
}

/* isBindMount */
static bool bind_mount(const struct json *mount)
{
	const struct json *type = json_get(mount, "type"), *options = json_get(mount, "options");
	if (type && !strcmp(type->text, "bind"))
		return true;
	for (size_t i = 0; options && i < options->n; i++)
		if (!strcmp(options->items[i]->text, "bind") || !strcmp(options->items[i]->text, "rbind"))
			return true;
	return false;
}

static bool option_ok(const char *option)
{
	return !strchr(option, ',') && !strchr(option, '\n');
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

/* A relative path as validate-spec.ts resolves it (path.join with the bundle); absolute ones stay as written. */
static bool absolutize(struct json *object, const char *key, const char *bundle)
{
	const char *path = json_get(object, key)->text;
	if (path[0] == '/')
		return true;
	if (path_has_trailing_slash(path))
		return false; /* path.join keeps it; not worth reproducing */
	char *joined = path_join(bundle, path);
	if (!joined)
		return false;
	json_set_string(object, key, joined);
	free(joined);
	return true;
}

static bool mounts_ok(struct json *mounts, const char *bundle)
{
	static const char *const KEYS[] = {"destination", "type", "source", "options", NULL};
	if (mounts->type != JSON_ARRAY)
		return false;
	for (size_t i = 0; i < mounts->n; i++) {
		struct json *m = mounts->items[i];
		const struct json *type = json_get(m, "type"), *source = json_get(m, "source"), *options = json_get(m, "options");
		if (!only_keys(m, KEYS) || !absolute_string(json_get(m, "destination")) || (type && !json_is_string(type)) ||
		    (source && !json_is_string(source)) || (options && !strings(options, option_ok)))
			return false;
		if (!bind_mount(m)) {
			if (!type || !type->text[0])
				return false;
			continue;
		}
		if (!source || !source->text[0] || !absolutize(m, "source", bundle) || !exists(json_get(m, "source")->text))
			return false;
	}
	return true;
}

static bool namespaces_ok(const struct json *namespaces, bool *uts)
{
	static const char *const KEYS[] = {"type", "path", NULL};
	bool mount = false;
	if (!namespaces || namespaces->type != JSON_ARRAY)
		return false;
	for (size_t i = 0; i < namespaces->n; i++) {
		const struct json *ns = namespaces->items[i], *type = json_get(ns, "type"), *path = json_get(ns, "path");
		if (!only_keys(ns, KEYS) || !json_is_string(type) || !in_list(NAMESPACES, type->text) ||
		    (path && !(json_is_string(path) && !path->text[0])))
			return false;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(json_get(namespaces->items[j], "type")->text, type->text))
				return false;
		mount |= !strcmp(type->text, "mount");
		*uts |= !strcmp(type->text, "uts");
	}
	/* Without a mount namespace the rootfs mounts stay in ours (host_mount): the reference's. */
	return mount;
}

static bool access_ok(const char *access)
{
	size_t n = strlen(access);
	if (n > 3 || strspn(access, "rwm") != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (strchr(access + i + 1, access[i]))
			return false;
	return true;
}

static bool device_rules_ok(const struct json *rules)
{
	static const char *const KEYS[] = {"allow", "type", "major", "minor", "access", NULL};
	static const char *const TYPES[] = {"a", "b", "c", "u", "p", NULL};
	if (!rules)
		return true;
	if (rules->type != JSON_ARRAY)
		return false;
	for (size_t i = 0; i < rules->n; i++) {
		const struct json *r = rules->items[i], *type = json_get(r, "type"), *access = json_get(r, "access");
		const struct json *major = json_get(r, "major"), *minor = json_get(r, "minor");
		if (!only_keys(r, KEYS) || !json_is_bool(json_get(r, "allow")) || (type && !(json_is_string(type) && in_list(TYPES, type->text))) ||
		    (major && !json_is_int(major, -1, LLONG_MAX)) || (minor && !json_is_int(minor, -1, LLONG_MAX)) ||
		    (access && !(json_is_string(access) && access_ok(access->text))))
			return false;
	}
	return true;
}

/* cgroupsPath as validate-spec.ts takes it, minus systemd's slice:prefix:name (the reference's). */
static bool cgroups_path_ok(const struct json *path)
{
	if (!json_is_string(path) || strchr(path->text, ':') || path_has_trailing_slash(path->text))
		return false;
	char *copy = xstrdup(path->text), *save = NULL;
	bool ok = true;
	for (char *part = strtok_r(copy, "/", &save); part; part = strtok_r(NULL, "/", &save))
		ok &= strcmp(part, "..") != 0;
	free(copy);
	return ok;
}

/* A member that is absent or an integer in [min, max], or exactly `also`. */
static bool optional_int(const struct json *object, const char *key, long long min, long long max, long long also)
{
	const struct json *v = json_get(object, key);
	return !v || json_is_int(v, min, max) || json_is_int(v, also, also);
}

/* The limits cgroup_make.c writes (validate-resources.ts's bounds): CPU shares and quota, memory, pids. */
static bool limits_ok(const struct json *resources)
{
	static const char *const CPU[] = {"shares", "period", "quota", NULL};
	static const char *const ONLY_LIMIT[] = {"limit", NULL};
	const struct json *cpu = json_get(resources, "cpu"), *memory = json_get(resources, "memory"), *pids = json_get(resources, "pids");
	return (!cpu || (only_keys(cpu, CPU) && optional_int(cpu, "shares", 2, 262144, 2) && optional_int(cpu, "period", 1000, 1000000, 1000) &&
			 optional_int(cpu, "quota", 1000, LLONG_MAX, -1))) &&
	       (!memory || (only_keys(memory, ONLY_LIMIT) && optional_int(memory, "limit", 1, LLONG_MAX, -1))) &&
	       (!pids || (only_keys(pids, ONLY_LIMIT) && json_is_int(json_get(pids, "limit"), -1, LLONG_MAX)));
}

static bool linux_ok(const struct json *linux_spec, bool *uts)
{
	static const char *const KEYS[] = {"resources", "namespaces", "maskedPaths", "readonlyPaths", "seccomp", "cgroupsPath", NULL};
	static const char *const RESOURCES[] = {"devices", "cpu", "memory", "pids", NULL};
	const struct json *resources = json_get(linux_spec, "resources"), *masked = json_get(linux_spec, "maskedPaths");
	const struct json *readonly = json_get(linux_spec, "readonlyPaths"), *seccomp = json_get(linux_spec, "seccomp");
	const struct json *cgroups_path = json_get(linux_spec, "cgroupsPath");
	return only_keys(linux_spec, KEYS) && namespaces_ok(json_get(linux_spec, "namespaces"), uts) &&
	       (!resources || (only_keys(resources, RESOURCES) && device_rules_ok(json_get(resources, "devices")) && limits_ok(resources))) &&
	       (!masked || strings(masked, absolute)) && (!readonly || strings(readonly, absolute)) &&
	       (!seccomp || seccomp->type == JSON_OBJECT) && (!cgroups_path || cgroups_path_ok(cgroups_path));
}

static bool root_ok(struct json *root, const char *bundle)
{
	static const char *const KEYS[] = {"path", "readonly", NULL};
	const struct json *path = json_get(root, "path"), *readonly = json_get(root, "readonly");
	if (!only_keys(root, KEYS) || !json_is_string(path) || !path->text[0] || (readonly && !json_is_bool(readonly)) ||
	    !absolutize(root, "path", bundle))
		return false;
	struct stat st;
	return stat(json_get(root, "path")->text, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ociVersion: a 1.x runtime-spec version. */
static bool version_ok(const struct json *version)
{
	regex_t re;
	if (!json_is_string(version) || regcomp(&re, "^1\\.[0-9]+\\.[0-9]+", REG_EXTENDED | REG_NOSUB))
		return false;
	bool ok = regexec(&re, version->text, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

static bool annotations_ok(const struct json *annotations)
{
	if (!annotations)
		return true;
	if (annotations->type != JSON_OBJECT)
		return false;
	for (size_t i = 0; i < annotations->n; i++)
		if (!json_is_string(annotations->items[i]))
			return false;
	return true;
}

/* At most 64 UTF-16 units: plain ASCII only here, where bytes and units agree. */
static bool hostname_ok(const struct json *hostname, bool uts)
{
	if (!hostname)
		return true;
	if (!json_is_string(hostname) || strlen(hostname->text) > 64 || !uts)
		return false;
	for (const char *p = hostname->text; *p; p++)
		if ((unsigned char)*p >= 0x80)
			return false;
	return true;
}

int spec_subset(struct json *spec, const char *bundle)
{
	static const char *const KEYS[] = {"ociVersion", "process", "root", "hostname", "mounts", "linux", "annotations", NULL};
	bool uts = false;
	struct json *mounts = json_get(spec, "mounts");
	if (!only_keys(spec, KEYS) || !version_ok(json_get(spec, "ociVersion")) || !process_ok(json_get(spec, "process")) ||
	    !root_ok(json_get(spec, "root"), bundle) || !linux_ok(json_get(spec, "linux"), &uts) ||
	    !hostname_ok(json_get(spec, "hostname"), uts) || !annotations_ok(json_get(spec, "annotations")) ||
	    (mounts && !mounts_ok(mounts, bundle)))
		return REJECT;
	json_default_array(spec, "mounts");
	return 0;
}
