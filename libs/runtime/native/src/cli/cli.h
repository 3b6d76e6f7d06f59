/* cli.h - berth-runtime's native fast path (see native/STATE.md).
 *
 * `state`, `start`, `kill`, `delete` and `ps` only read state and signal, so
 * they are answered here without starting Node. Whatever this side is not
 * sure to answer exactly as the TypeScript CLI would - an option it does not
 * know, a sidecar that lags state.json, a container whose refresh must be
 * recorded, an unexpected errno - it hands on, unchanged, to the TypeScript
 * CLI (the reference): a verb returns CLI_REFERENCE and main() execs Node.
 */
#ifndef BERTH_CLI_H
#define BERTH_CLI_H

#include "../error.h"

/* Not an error: "run the TypeScript CLI with the same command line". */
#define CLI_REFERENCE 1

#define CLI_PROG "berth-runtime"

/* A verb's success with an exit status of its own (run: the container's). */
#define CLI_EXIT(status) (0x100 | ((status) & 0xff))

/* What every verb gets: the state root and the verb's own arguments. */
struct cli_call {
	const char *root;
	char **args;
	int n_args;
};

int verb_create(const struct cli_call *call, struct berth_error **err);
int verb_run(const struct cli_call *call, struct berth_error **err);
int verb_state(const struct cli_call *call, struct berth_error **err);
int verb_start(const struct cli_call *call, struct berth_error **err);
int verb_kill(const struct cli_call *call, struct berth_error **err);
int verb_delete(const struct cli_call *call, struct berth_error **err);
int verb_ps(const struct cli_call *call, struct berth_error **err);

#endif
