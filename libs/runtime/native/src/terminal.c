/* terminal.c - ptys and fd passing over unix sockets. */
#define _GNU_SOURCE
#include "terminal.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

int terminal_open(int *master, int *slave, char *name, size_t name_len, struct berth_error **err)
{
	cleanup_fd int m = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (m < 0)
		return berth_failno(err, "opening /dev/ptmx");
	if (unlockpt(m) < 0)
		return berth_failno(err, "unlocking pty");
	if (ptsname_r(m, name, name_len) != 0)
		return berth_failno(err, "getting pty name");
	int s = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0)
		return berth_failno(err, "opening pty %s", name);
	*slave = s;
	*master = berth_steal_fd(&m);
	return 0;
}

int terminal_make_controlling(int slave, struct berth_error **err)
{
	if (setsid() < 0)
		return berth_failno(err, "setsid");
	if (ioctl(slave, TIOCSCTTY, 0) < 0)
		return berth_failno(err, "making the pty the controlling terminal");
	for (int fd = 0; fd < 3; fd++)
		if (dup2(slave, fd) < 0)
			return berth_failno(err, "dup2 pty to fd %d", fd);
	if (slave > 2)
		close(slave);
	return 0;
}

int terminal_raw(int fd, struct termios *saved)
{
	struct termios t;
	if (tcgetattr(fd, saved) < 0)
		return -1;
	t = *saved;
	cfmakeraw(&t);
	return tcsetattr(fd, TCSANOW, &t);
}

int send_fd(int sock, int fd, struct berth_error **err)
{
	char byte = 'F';
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	memset(&u, 0, sizeof(u));
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	if (sendmsg(sock, &msg, MSG_NOSIGNAL) < 0)
		return berth_failno(err, "sending fd");
	return 0;
}

int recv_fd(int sock, struct berth_error **err)
{
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = u.buf, .msg_controllen = sizeof(u.buf) };
	ssize_t r;
	do
		r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return berth_failno(err, "receiving fd");
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	if (r == 0 || !c || c->cmsg_type != SCM_RIGHTS)
		return berth_fail(err, EPROTO, "expected an fd on the sync socket");
	int fd;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}
