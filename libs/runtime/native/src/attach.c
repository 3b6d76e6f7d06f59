/* attach.c - the attach socket: live output out, stdin in (framing in
 * attach.h and README.md).  Single threaded, non-blocking; driven by the
 * shim's poll loop. */
#define _GNU_SOURCE
#include "attach.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "util.h"

int attach_listen(struct attach_server *s, const char *dir, struct berth_error **err)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	s->n_clients = 0;
	snprintf(s->path, sizeof(s->path), "%s/attach.sock", dir);
	if (strlen(s->path) >= sizeof(addr.sun_path))
		return berth_fail(err, ENAMETOOLONG, "attach socket path %s", s->path);
	strcpy(addr.sun_path, s->path);
	unlink(s->path);
	s->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (s->listen_fd < 0)
		return berth_failno(err, "creating attach socket");
	if (bind(s->listen_fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    chmod(s->path, 0600) < 0 || listen(s->listen_fd, 16) < 0) {
		berth_failno(err, "binding attach socket %s", s->path);
		close(s->listen_fd);
		s->listen_fd = -1;
		return -1;
	}
	return 0;
}

void attach_accept(struct attach_server *s)
{
	int fd = accept4(s->listen_fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	if (s->n_clients == ATTACH_MAX_CLIENTS) {
		close(fd);
		return;
	}
	s->clients[s->n_clients++] = (struct attach_client){ .fd = fd };
}

void attach_drop(struct attach_server *s, size_t i)
{
	close(s->clients[i].fd);
	free(s->clients[i].out);
	s->clients[i] = s->clients[--s->n_clients];
}

void attach_flush(struct attach_server *s, size_t i)
{
	struct attach_client *c = &s->clients[i];
	while (c->out_len > 0) {
		ssize_t w = send(c->fd, c->out, c->out_len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno == EAGAIN)
			return;
		if (w < 0) {
			attach_drop(s, i);
			return;
		}
		memmove(c->out, c->out + w, c->out_len - (size_t)w);
		c->out_len -= (size_t)w;
	}
}

void attach_broadcast(struct attach_server *s, int stream, const char *data, size_t n)
{
	unsigned char hdr[5] = { (unsigned char)stream, (unsigned char)(n >> 24),
				 (unsigned char)(n >> 16), (unsigned char)(n >> 8),
				 (unsigned char)n };
	/* Walk backwards: attach_drop moves the last client into slot i. */
	for (size_t i = s->n_clients; i-- > 0;) {
		struct attach_client *c = &s->clients[i];
		if (c->out_len + n + 5 > ATTACH_MAX_BACKLOG) {
			attach_drop(s, i);
			continue;
		}
		c->out = xrealloc(c->out, c->out_len + n + 5);
		memcpy(c->out + c->out_len, hdr, 5);
		memcpy(c->out + c->out_len + 5, data, n);
		c->out_len += n + 5;
		attach_flush(s, i);
	}
}

void attach_close(struct attach_server *s)
{
	for (size_t i = s->n_clients; i-- > 0;) {
		/* Give each reader up to a second to take the tail of the output. */
		struct timeval tv = { .tv_sec = 1 };
		int fd = s->clients[i].fd;
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
		if (s->clients[i].out_len)
			write_all(fd, s->clients[i].out, s->clients[i].out_len);
		attach_drop(s, i);
	}
	if (s->listen_fd >= 0) {
		close(s->listen_fd);
		unlink(s->path);
	}
	s->listen_fd = -1;
}
