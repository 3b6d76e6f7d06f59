/* state.c - `berth-runtime state <id>`: the OCI state (src/lifecycle/state.ts). */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "json_out.h"
#include "refresh.h"
#include "sidecar.h"

static void sidecar_freep(struct sidecar *s) { sidecar_free(s); }

/* JSON.stringify(state, null, 2) of toOciState's object, key order included. */
static void print_state(const struct sidecar *s, const struct fresh *f)
{
	printf("{\n  \"ociVersion\": ");
	json_string(stdout, BERTH_OCI_VERSION);
	printf(",\n  \"id\": ");
	json_string(stdout, s->id);
	printf(",\n  \"status\": ");
	json_string(stdout, f->status);
	printf(",\n  \"bundle\": ");
	json_string(stdout, s->bundle);
	bool has_process = !strcmp(f->status, "created") || !strcmp(f->status, "running") || !strcmp(f->status, "paused");
	if (has_process && f->init.set)
		printf(",\n  \"pid\": %ld", f->init.pid);
	if (s->ann_keys.n > 0) {
		printf(",\n  \"annotations\": {");
		for (size_t i = 0; i < s->ann_keys.n; i++) {
			printf("%s\n    ", i ? "," : "");
			json_string(stdout, s->ann_keys.v[i]);
			printf(": ");
			json_string(stdout, s->ann_values.v[i]);
		}
		printf("\n  }");
	}
	printf("\n}\n");
}

int verb_state(const struct cli_call *call, struct berth_error **err)
{
	if (call->n_args != 1 || call->args[0][0] == '-')
		return CLI_REFERENCE;
	const char *id = call->args[0];
	cleanup_free char *dir = sidecar_dir(call->root, id);
	if (!dir)
		return CLI_REFERENCE;
	__attribute__((cleanup(sidecar_freep))) struct sidecar s;
	int r = sidecar_load(dir, id, &s, err);
	if (r != 0)
		return r;
	struct fresh f;
	if ((r = refresh(&s, false, &f)) != 0)
		return r;
	print_state(&s, &f);
	return 0;
}
