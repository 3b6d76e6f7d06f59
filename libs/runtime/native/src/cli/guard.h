/* guard.h - the status machine's guards (src/model/container-status.ts). */
#ifndef BERTH_CLI_GUARD_H
#define BERTH_CLI_GUARD_H

#include "../error.h"

/* `action`: start, kill, delete or forceDelete. 0 when allowed, else -1
 * with INVALID_STATUS and requireAction's message. */
int require_action(const char *id, const char *status, const char *action, struct berth_error **err);

#endif
