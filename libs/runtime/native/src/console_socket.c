/* console_socket.c - handing a pty master to a runc-style --console-socket.
 *
 * containerd's shim (and every runc caller that wants the terminal) listens
 * on a unix socket and reads one message: the pty name as data, the master
 * as its single SCM_RIGHTS descriptor.  Node cannot pass descriptors, so
 * this lives here.
 */
#define _GNU_SOURCE
#include "console_socket.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "util.h"

int console_socket_connect(const char *path, struct berth_error **err)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	if (strlen(path) >= sizeof(addr.sun_path))
		return berth_fail(err, ENAMETOOLONG, "console socket path %s is too long", path);
	strcpy(addr.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return berth_failno(err, "creating a socket for the console socket");
	if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		int saved = errno;
		close(fd);
		return berth_fail(err, saved, "connecting to console socket %s", path);
	}
	return fd;
}

int console_socket_send(const char *path, int master, struct berth_error **err)
{
	cleanup_fd int sock = console_socket_connect(path, err);
	return sock < 0 ? -1 : console_socket_send_on(sock, master, err);
}

int console_socket_send_on(int sock, int master, struct berth_error **err)
{
	unsigned int n = 0;
	char name[64];
	if (ioctl(master, TIOCGPTN, &n) < 0)
		return berth_failno(err, "reading the pty number");
	int len = snprintf(name, sizeof(name), "/dev/pts/%u", n);
	struct iovec iov = { .iov_base = name, .iov_len = (size_t)len };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	memset(&u, 0, sizeof(u));
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &master, sizeof(int));
	ssize_t sent;
	do
		sent = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (sent < 0 && errno == EINTR);
	if (sent < 0)
		return berth_failno(err, "sending the pty master to the console socket");
	return 0;
}
