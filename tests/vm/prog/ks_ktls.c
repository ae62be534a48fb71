// SPDX-License-Identifier: GPL-2.0
/*
 * ks_ktls - attach the kernel TLS upper-layer protocol to a TCP connection
 * over loopback, the path a catalog entry blocks in tls_init().
 *
 * Usage: ks_ktls
 *
 * Brings lo up, connects a TCP socket to a listener on 127.0.0.1 and sets
 * TCP_ULP "tls" on it. Prints "ok" and exits 0 when that succeeds, else
 * prints "STEP: ERRNAME" for a setup step, or the errno name of the
 * setsockopt, and exits 1.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

static const char *errno_name(int error)
{
	switch (error) {
	case ENOENT: return "ENOENT";
	case EPERM: return "EPERM";
	case ENOTCONN: return "ENOTCONN";
	case EEXIST: return "EEXIST";
	case ECONNREFUSED: return "ECONNREFUSED";
	case ENETUNREACH: return "ENETUNREACH";
	case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
	default: return "other";
	}
}

static int step_failed(const char *step)
{
	printf("%s: %s\n", step, errno_name(errno));
	return 1;
}

/* Set IFF_UP on lo; the VM's init does not configure it. */
static int loopback_up(void)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	int ret = -1;

	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0) {
		ifr.ifr_flags |= IFF_UP;
		ret = ioctl(fd, SIOCSIFFLAGS, &ifr);
	}
	close(fd);
	return ret;
}

int main(void)
{
	struct sockaddr_in addr;
	socklen_t len = sizeof(addr);
	int listener, client, server;

	if (loopback_up())
		return step_failed("lo up");

	listener = socket(AF_INET, SOCK_STREAM, 0);
	if (listener < 0)
		return step_failed("socket");
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(listener, (struct sockaddr *)&addr, sizeof(addr)) ||
	    getsockname(listener, (struct sockaddr *)&addr, &len) || listen(listener, 1))
		return step_failed("listen");

	client = socket(AF_INET, SOCK_STREAM, 0);
	if (client < 0 || connect(client, (struct sockaddr *)&addr, sizeof(addr)))
		return step_failed("connect");
	server = accept(listener, NULL, NULL);
	if (server < 0)
		return step_failed("accept");

	if (setsockopt(client, SOL_TCP, TCP_ULP, "tls", sizeof("tls"))) {
		printf("%s\n", errno_name(errno));
		return 1;
	}
	close(server);
	close(client);
	close(listener);
	printf("ok\n");
	return 0;
}
