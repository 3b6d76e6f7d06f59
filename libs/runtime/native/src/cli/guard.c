/* guard.c - which status allows which verb, worded as requireAction words it. */
#include "guard.h"

#include <string.h>

static const struct {
	const char *action, *verb;
	const char *allowed[5];
} ALLOWED[] = {
	{"start", "start", {"created"}},
	{"kill", "kill", {"created", "running", "paused"}},
	{"delete", "delete", {"stopped"}},
	{"forceDelete", "delete --force", {"created", "running", "paused", "stopped"}},
};

int require_action(const char *id, const char *status, const char *action, struct berth_error **err)
{
	for (size_t i = 0; i < sizeof(ALLOWED) / sizeof(ALLOWED[0]); i++) {
		if (strcmp(ALLOWED[i].action, action))
			continue;
		char needs[128] = "";
		for (const char *const *a = ALLOWED[i].allowed; *a; a++) {
			if (!strcmp(*a, status))
				return 0;
			if (needs[0])
				strncat(needs, " or ", sizeof(needs) - strlen(needs) - 1);
			strncat(needs, *a, sizeof(needs) - strlen(needs) - 1);
		}
		const char *verb = ALLOWED[i].verb;
		return berth_fail_code(err, "INVALID_STATUS", "cannot %s container %s: it is %s; %s needs %s", verb, id, status, verb, needs);
	}
	return berth_fail_code(err, "INVALID_STATUS", "unknown action %s", action);
}
