/* attach.h - the attach socket: live output out, stdin in.
 *
 * Server -> client frames: [1 byte stream: 1 stdout, 2 stderr]
 *                          [4 bytes big-endian payload length][payload]
 * Client -> server: raw bytes, forwarded to the container's stdin.
 */
#ifndef BERTH_ATTACH_H
#define BERTH_ATTACH_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define ATTACH_MAX_CLIENTS 32
#define ATTACH_MAX_BACKLOG (4 * 1024 * 1024) /* slow clients get dropped */

struct attach_client {
	int fd;
	bool input_closed;
	char *out;
	size_t out_len;
};

struct attach_server {
	int listen_fd;
	char path[4200];
	struct attach_client clients[ATTACH_MAX_CLIENTS];
	size_t n_clients;
};

int attach_listen(struct attach_server *s, const char *dir, struct berth_error **err);
void attach_accept(struct attach_server *s);
/* Queue a frame for every client. */
void attach_broadcast(struct attach_server *s, int stream, const char *data, size_t n);
/* Try to send queued frames; drop clients that fail. */
void attach_flush(struct attach_server *s, size_t i);
void attach_drop(struct attach_server *s, size_t i);
/* Best effort final flush (bounded wait), then close everything. */
void attach_close(struct attach_server *s);

#endif
