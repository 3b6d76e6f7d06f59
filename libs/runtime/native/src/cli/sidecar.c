/* sidecar.c - state.txt: the plain-text twin of state.json (native/STATE.md). */
#define _GNU_SOURCE
#include "sidecar.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../plan.h"
#include "cli.h"

/* sun_path is 108 bytes; the TypeScript side refuses ids whose attach socket would not fit. */
#define MAX_SOCKET_PATH 107
#define MAX_FIELDS 64

static bool valid_id(const char *id)
{
	size_t n = strlen(id);
	if (n < 1 || n > 128)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
		if (!alnum && (i == 0 || !strchr("_.+-", c)))
			return false;
	}
	return true;
}

/* Only roots that path.resolve() would leave as they are; anything else is the reference's. */
static bool plain_absolute(const char *root)
{
	size_t n = strlen(root);
	if (root[0] != '/' || (n > 1 && root[n - 1] == '/'))
		return false;
	return !strstr(root, "//") && !strstr(root, "/./") && !strstr(root, "/../") &&
	       !(n >= 2 && !strcmp(root + n - 2, "/.")) && !(n >= 3 && !strcmp(root + n - 3, "/.."));
}

char *sidecar_dir(const char *root, const char *id)
{
	if (!valid_id(id) || !plain_absolute(root))
		return NULL;
	char *dir = NULL;
	if (asprintf(&dir, "%s/%s", strcmp(root, "/") ? root : "", id) < 0)
		return NULL;
	if (strlen(dir) + strlen("/attach.sock") > MAX_SOCKET_PATH) {
		free(dir);
		return NULL;
	}
	return dir;
}

uint32_t fnv1a32(const char *bytes, size_t n)
{
	uint32_t hash = 0x811c9dc5u;
	for (size_t i = 0; i < n; i++)
		hash = (hash ^ (unsigned char)bytes[i]) * 0x01000193u;
	return hash;
}

static int split(char *line, char **f)
{
	int n = 0;
	f[n++] = line;
	for (char *p = line; *p; p++)
		if (*p == '\t') {
			if (n == MAX_FIELDS)
				return -1;
			*p = '\0';
			f[n++] = p + 1;
		}
	for (int i = 0; i < n; i++)
		if (plan_unescape(f[i]) < 0)
			return -1;
	return n;
}

static int parse_identity(char **f, int nf, struct identity *out)
{
	char *end;
	if (nf != 3 || out->set)
		return -1;
	errno = 0;
	out->pid = strtol(f[1], &end, 10);
	if (errno || *end || out->pid <= 0)
		return -1;
	out->start = strtoull(f[2], &end, 10);
	if (errno || *end)
		return -1;
	out->set = true;
	return 0;
}

static int apply(struct sidecar *s, char **f, int nf)
{
	const char *d = f[0];
	if (!strcmp(d, "id") && nf == 2 && !s->id)
		s->id = f[1];
	else if (!strcmp(d, "bundle") && nf == 2 && !s->bundle)
		s->bundle = f[1];
	else if (!strcmp(d, "status") && nf == 2 && !s->status)
		s->status = f[1];
	else if (!strcmp(d, "annotation") && nf == 3) {
		strv_push(&s->ann_keys, f[1]);
		strv_push(&s->ann_values, f[2]);
	} else if (!strcmp(d, "init"))
		return parse_identity(f, nf, &s->init);
	else if (!strcmp(d, "shim"))
		return parse_identity(f, nf, &s->shim);
	else if (!strcmp(d, "creator"))
		return parse_identity(f, nf, &s->creator);
	else if (!strcmp(d, "handoff") && nf == 2 && !strcmp(f[1], "1"))
		s->handoff = true;
	else if (!strcmp(d, "hooks") && nf == 2 && !strcmp(f[1], "1"))
		s->hooks = true;
	else if (!strcmp(d, "freezer") && nf == 3 && !s->freezer_version) {
		s->freezer_version = !strcmp(f[1], "v1") ? 1 : !strcmp(f[1], "v2") ? 2 : 0;
		s->freezer_path = f[2];
		return s->freezer_version ? 0 : -1;
	} else if (!strcmp(d, "procs") && nf == 2)
		strv_push(&s->procs, f[1]);
	else if (!strcmp(d, "remove") && nf >= 2 && s->n_remove < SIDECAR_MAX_GROUPS) {
		for (int i = 1; i < nf; i++)
			strv_push(&s->remove[s->n_remove], f[i]);
		s->n_remove++;
	} else
		return -1;
	return 0;
}

/* The header and the json line: is this the sidecar of exactly these state.json bytes? */
static bool describes(char **f, int nf, const char *json, size_t json_len)
{
	if (nf != 3 || strcmp(f[0], "json"))
		return false;
	char hex[9], *end;
	snprintf(hex, sizeof(hex), "%08x", fnv1a32(json, json_len));
	unsigned long long len = strtoull(f[1], &end, 10);
	return !*end && len == json_len && !strcmp(f[2], hex);
}

int sidecar_load(const char *dir, const char *id, struct sidecar *s, struct berth_error **err)
{
	memset(s, 0, sizeof(*s));
	char path[4200];
	snprintf(path, sizeof(path), "%s/state.json", dir);
	size_t json_len = 0;
	cleanup_free char *json = read_file(path, &json_len);
	if (!json)
		return errno == ENOENT ? berth_fail_code(err, "CONTAINER_NOT_FOUND", "container %s does not exist", id)
				       : CLI_REFERENCE;
	snprintf(path, sizeof(path), "%s/state.txt", dir);
	s->text = read_file(path, NULL);
	if (!s->text)
		return CLI_REFERENCE;
	char *f[MAX_FIELDS], *next = s->text;
	for (int line = 0; next && *next; line++) {
		char *cur = next, *nl = strchr(cur, '\n');
		if (!nl)
			return CLI_REFERENCE; /* every line ends with \n: a cut file is not ours to trust */
		*nl = '\0';
		next = nl + 1;
		int nf = split(cur, f);
		if (nf < 1)
			return CLI_REFERENCE;
		if (line == 0 && (nf != 2 || strcmp(f[0], "berth-state") || strcmp(f[1], "1")))
			return CLI_REFERENCE;
		if (line == 1 && !describes(f, nf, json, json_len))
			return CLI_REFERENCE;
		if (line >= 2 && apply(s, f, nf) < 0)
			return CLI_REFERENCE;
	}
	if (!s->id || !s->bundle || !s->status || strcmp(s->id, id))
		return CLI_REFERENCE;
	s->dir = strdup(dir);
	return 0;
}

void sidecar_free(struct sidecar *s)
{
	strv_free(&s->ann_keys);
	strv_free(&s->ann_values);
	strv_free(&s->procs);
	for (size_t i = 0; i < s->n_remove; i++)
		strv_free(&s->remove[i]);
	free(s->text);
	free(s->dir);
	memset(s, 0, sizeof(*s));
}
