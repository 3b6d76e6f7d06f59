/* devices.h - the container's /dev. */
#ifndef BERTH_DEVICES_H
#define BERTH_DEVICES_H

#include <stdbool.h>

#include "error.h"
#include "plan.h"

/* Before pivot_root: tmpfs /dev with the standard nodes, pts, shm, mqueue. */
int devices_setup(int rootfd, const struct berth_plan *p, struct berth_error **err);

#endif
