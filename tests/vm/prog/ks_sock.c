// SPDX-License-Identifier: GPL-2.0
/*
 * ks_sock - create one socket of an optional protocol family, the path a
 * catalog entry blocks at the family's create function.
 *
 * Usage: ks_sock FAMILY
 *
 * FAMILY is one of the names in the table below. Some entries also set a
 * socket option, the step a catalog entry may block instead. Prints "ok"
 * and exits 0 when every step succeeds, else prints the errno name of the
 * failed step and exits 1. An unknown FAMILY exits 64.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define EXIT_USAGE 64

struct family {
	const char *name;
	int domain;
	int type;
	int protocol;
	/* setsockopt(level, option, &value) after socket(), when option != 0. */
	int level;
	int option;
	unsigned int value;
};

#define SOL_TIPC_LEVEL		271
#define TIPC_CONN_TIMEOUT_OPT	130

static const struct family families[] = {
	/* AF_RXRPC with an IPv4 transport, as kafs and the rxrpc tools use it. */
	{ "rxrpc", 33, SOCK_DGRAM, AF_INET, 0, 0, 0 },
	/* AF_VSOCK stream: creating it needs no transport, connect() would. */
	{ "vsock", 40, SOCK_STREAM, 0, 0, 0, 0 },
	/* AF_TIPC with TIPC_CONN_TIMEOUT set to 8000 ms, the default. */
	{ "tipc-conn-timeout", 30, SOCK_SEQPACKET, 0, SOL_TIPC_LEVEL, TIPC_CONN_TIMEOUT_OPT, 8000 },
	/* AF_RDS, reliable datagram sockets. */
	{ "rds", 21, SOCK_SEQPACKET, 0, 0, 0, 0 },
	/* AF_CAN transport protocols: ISO-TP (6) and J1939 (7). */
	{ "can-isotp", 29, SOCK_DGRAM, 6, 0, 0, 0 },
	{ "can-j1939", 29, SOCK_DGRAM, 7, 0, 0, 0 },
	/* AF_PHONET datagram (PN_PROTO_PHONET). */
	{ "phonet", 35, SOCK_DGRAM, 0, 0, 0, 0 },
	/* One-to-one SCTP over IPv4 and IPv6. */
	{ "sctp", AF_INET, SOCK_STREAM, 132, 0, 0, 0 },
	{ "sctp6", AF_INET6, SOCK_STREAM, 132, 0, 0, 0 },
};

static const char *errno_name(int error)
{
	switch (error) {
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case EINVAL: return "EINVAL";
	case ENOENT: return "ENOENT";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case ESOCKTNOSUPPORT: return "ESOCKTNOSUPPORT";
	case ENOMEM: return "ENOMEM";
	case ENOPROTOOPT: return "ENOPROTOOPT";
	default: return "other";
	}
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc != 2) {
		fprintf(stderr, "usage: ks_sock FAMILY\n");
		return EXIT_USAGE;
	}
	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		const struct family *f = &families[i];
		int fd;

		if (strcmp(argv[1], f->name) != 0)
			continue;
		fd = socket(f->domain, f->type, f->protocol);
		if (fd < 0) {
			printf("%s\n", errno_name(errno));
			return 1;
		}
		if (f->option &&
		    setsockopt(fd, f->level, f->option, &f->value, sizeof(f->value)) < 0) {
			printf("%s\n", errno_name(errno));
			close(fd);
			return 1;
		}
		close(fd);
		printf("ok\n");
		return 0;
	}
	fprintf(stderr, "ks_sock: unknown family '%s'\n", argv[1]);
	return EXIT_USAGE;
}
