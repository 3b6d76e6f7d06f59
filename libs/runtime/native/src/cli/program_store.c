/* program_store.c - the BPF programs the TypeScript side compiled, for the
 * native create (src/native/program-store.ts writes them).
 *
 * The C core compiles neither seccomp profiles nor (cgroup v2) device
 * policies: those become programs only in TypeScript. Each program it
 * compiles is kept under <root>/.programs, named after its kind and input
 * JSON, and holds that JSON in full. The native create writes the spec's
 * input as JSON.stringify would and uses an entry only when the kind, input
 * text, CPU and compiler id are the same byte for byte; otherwise the create
 * is the reference's, which compiles it and leaves an entry behind.
 */
#define _GNU_SOURCE
#include "program_store.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "sidecar.h"

#define STORE_DIR ".programs"

#if defined(__x86_64__)
#define NODE_ARCH "x64"
#elif defined(__aarch64__)
#define NODE_ARCH "arm64"
#else
#define NODE_ARCH "unknown"
#endif

/* The input as JSON.stringify writes it; NULL when it cannot be exact. */
static char *input_key(const struct json *input, size_t *len)
{
	char *key = NULL;
	FILE *out = open_memstream(&key, len);
	if (!out)
		return NULL;
	int r = json_write(out, input, 0, true);
	if (fclose(out) != 0 || r < 0) {
		free(key);
		return NULL;
	}
	return key;
}

/* "<name>\t<value>\n" at *p; advances past it and returns the value, or NULL. */
static char *header_line(char **p, const char *name)
{
	size_t n = strlen(name);
	if (strncmp(*p, name, n) || (*p)[n] != '\t')
		return NULL;
	char *value = *p + n + 1;
	char *end = strchr(value, '\n');
	if (!end)
		return NULL;
	*end = '\0';
	*p = end + 1;
	return value;
}

/* Where in `entry` the program starts, when the entry is for this key; else NULL. */
static const char *match_entry(char *entry, size_t size, const char *kind, const char *key, size_t key_len, long *flags)
{
	char *p = entry;
	char *version = header_line(&p, "berth-program");
	char *entry_kind = version ? header_line(&p, "kind") : NULL;
	char *compiler = entry_kind ? header_line(&p, "compiler") : NULL;
	char *arch = compiler ? header_line(&p, "arch") : NULL;
	char *flag_text = arch ? header_line(&p, "flags") : NULL;
	char *length = flag_text ? header_line(&p, "key") : NULL;
	if (!length || strcmp(version, "1") || strcmp(entry_kind, kind) || strcmp(compiler, BERTH_PROGRAM_COMPILER) ||
	    strcmp(arch, NODE_ARCH))
		return NULL;
	char *end;
	*flags = strtol(flag_text, &end, 10);
	if (*end || *flags < 0 || strtoull(length, &end, 10) != key_len || *end)
		return NULL;
	size_t at = (size_t)(p - entry);
	if (size < at + key_len + 1 || memcmp(p, key, key_len) || p[key_len] != '\n')
		return NULL;
	return p + key_len + 1;
}

int program_store_find(const char *root, const char *kind, const struct json *input, struct stored_program *out)
{
	memset(out, 0, sizeof(*out));
	size_t key_len = 0;
	cleanup_free char *key = input_key(input, &key_len);
	if (!key)
		return CLI_REFERENCE;
	char name[4200];
	snprintf(name, sizeof(name), "%s/" STORE_DIR "/%s-%08x-%zu", strcmp(root, "/") ? root : "", kind,
		 fnv1a32(key, key_len), key_len);
	size_t size = 0;
	char *entry = read_file(name, &size);
	if (!entry)
		return CLI_REFERENCE;
	const char *program = match_entry(entry, size, kind, key, key_len, &out->flags);
	size_t program_len = program ? size - (size_t)(program - entry) : 0;
	/* Classic (seccomp) and extended (devices) BPF are whole 8-byte instructions. */
	if (program_len == 0 || program_len % 8) {
		free(entry);
		return CLI_REFERENCE;
	}
	out->entry = entry;
	out->program = program;
	out->len = program_len;
	return 0;
}

int program_store_write(const struct stored_program *p, const char *path, struct berth_error **err)
{
	cleanup_fd int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || write_all(fd, p->program, p->len) < 0)
		return berth_failno(err, "writing %s", path);
	return 0;
}

void program_store_free(struct stored_program *p)
{
	free(p->entry);
	p->entry = NULL;
}
