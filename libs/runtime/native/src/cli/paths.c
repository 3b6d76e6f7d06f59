/* paths.c - lexical path folding, as Node's path.resolve/join (paths.h). */
#define _GNU_SOURCE
#include "paths.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util.h"

/* Folds an absolute path: "/a//b/./c/../d/" -> "/a/b/d". */
static char *fold(const char *path)
{
	size_t len = strlen(path);
	char *out = xmalloc(len + 2);
	size_t n = 0;
	const char *p = path;
	while (*p) {
		while (*p == '/')
			p++;
		const char *end = strchrnul(p, '/');
		size_t part = (size_t)(end - p);
		if (part == 0 || (part == 1 && p[0] == '.')) {
			/* nothing */
		} else if (part == 2 && p[0] == '.' && p[1] == '.') {
			while (n > 0 && out[n - 1] != '/')
				n--;
			if (n > 0)
				n--; /* the slash before the dropped part */
		} else {
			out[n++] = '/';
			memcpy(out + n, p, part);
			n += part;
		}
		p = end;
	}
	if (n == 0)
		out[n++] = '/';
	out[n] = '\0';
	return out;
}

char *path_join(const char *dir, const char *name)
{
	char *joined = NULL;
	if (asprintf(&joined, "%s/%s", dir, name) < 0)
		return NULL;
	char *out = fold(joined);
	free(joined);
	return out;
}

char *path_resolve(const char *path)
{
	if (path[0] == '/')
		return fold(path);
	char cwd[PATH_MAX];
	return getcwd(cwd, sizeof(cwd)) ? path_join(cwd, path) : NULL;
}

bool path_has_trailing_slash(const char *path)
{
	size_t n = strlen(path);
	return n > 1 && path[n - 1] == '/';
}
