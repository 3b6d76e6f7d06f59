/* init.h - tiny PID 1 (like docker --init). */
#ifndef BERTH_INIT_H
#define BERTH_INIT_H

#include "plan.h"

/* Fork the plan's command, forward signals to it, reap every zombie,
 * exit with the command's status (128+N when killed by signal N). */
_Noreturn void init_run(const struct berth_plan *p);

#endif
