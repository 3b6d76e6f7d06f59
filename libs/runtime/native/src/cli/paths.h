/* paths.h - path.resolve and path.join as Node computes them (lexically). */
#ifndef BERTH_CLI_PATHS_H
#define BERTH_CLI_PATHS_H

#include <stdbool.h>

/* path.resolve(path): absolute (against the working directory), `.` and
 * `..` folded, no repeated or trailing slash. malloc'd; NULL if no cwd. */
char *path_resolve(const char *path);
/* path.join(dir, name) for an absolute dir: the same folding. */
char *path_join(const char *dir, const char *name);
/* Whether path.join/normalize would keep a trailing slash here (a case the
 * native side leaves to the reference rather than reproduce). */
bool path_has_trailing_slash(const char *path);

#endif
