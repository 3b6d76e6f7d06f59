/* caps.h - the five capability sets of the container process (`capabilities`). */
#ifndef BERTH_CAPS_H
#define BERTH_CAPS_H

#include <stdint.h>
#include <sys/types.h>

#include "error.h"

struct berth_caps {
	uint64_t bounding, effective, permitted, inheritable, ambient;
};

/* Parse 16 hex digits (bit n = capability n). */
int caps_parse_mask(const char *s, uint64_t *out);
/* Step 1, while still fully privileged: drop every capability not in
 * `bounding` from the bounding set (needs CAP_SETPCAP), and, when the
 * process is about to change to a non-zero uid, PR_SET_KEEPCAPS so the
 * permitted set survives setresuid. */
int caps_prepare(const struct berth_caps *c, uid_t target_uid, struct berth_error **err);
/* Step 2, after groups/gid/uid: capset(2) effective/permitted/inheritable,
 * then clear and raise the ambient set. */
int caps_apply(const struct berth_caps *c, struct berth_error **err);

#endif
