/* main.c - berth-shim subcommand dispatch.
 *
 * Exit codes: 0 success, 1 failure with "berth: ENAME: what" as the last
 * stderr line, 2 usage error; `exec` exits with the process's status.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "exec.h"
#include "serve.h"
#include "shim.h"

static int usage(void)
{
	fprintf(stderr, "usage: berth-shim create <plan-file>\n"
			"       berth-shim start <state-dir>\n"
			"       berth-shim exec <plan-file> <init-pid>\n"
			"       berth-shim kill <state-dir> <signal>\n"
			"       berth-shim serve   (requests on fd 3, see README)\n"
			"       berth-shim release-mounts <state-dir>\n"
			"berth: EINVAL: bad command line\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "create"))
		return cmd_create(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "start"))
		return cmd_start(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "exec"))
		return cmd_exec(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "kill"))
		return cmd_kill(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "release-mounts"))
		return cmd_release_mounts(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "serve"))
		return cmd_serve();
	return usage();
}
