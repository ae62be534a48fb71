// SPDX-License-Identifier: GPL-2.0
/*
 * ksaudit: a minimal audit daemon for the in-VM suites. It registers as
 * the audit daemon over NETLINK_AUDIT, as auditd does, and appends every
 * record it receives to a file as "type=N TEXT", until a stop file
 * appears. Without a daemon the kernel only prints records through a
 * rate-limited printk, which drops records in bursts.
 *
 *   ksaudit OUTPUT READY STOP     create READY once registered; exit when
 *                                 STOP exists (checked every 100 ms)
 *
 * Statically linked so it runs in the busybox initramfs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Larger than any audit record, which the kernel caps near 8970 bytes. */
#define KS_AUDIT_BUFFER 16384

/* Ask the kernel to send audit records to this process. */
static int register_daemon(int sock)
{
	struct {
		struct nlmsghdr header;
		struct audit_status status;
	} request;
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };

	memset(&request, 0, sizeof(request));
	request.header.nlmsg_len = sizeof(request);
	request.header.nlmsg_type = AUDIT_SET;
	request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	request.header.nlmsg_seq = 1;
	request.status.mask = AUDIT_STATUS_ENABLED | AUDIT_STATUS_PID;
	request.status.enabled = 1;
	request.status.pid = (unsigned int)getpid();

	if (sendto(sock, &request, sizeof(request), 0,
		   (struct sockaddr *)&kernel, sizeof(kernel)) < 0)
		return -1;
	return 0;
}

/*
 * Append the record in one datagram; returns -1 on a netlink error. The
 * kernel sends one record per datagram and, for historical reasons, sets
 * nlmsg_len without the header, so the datagram length gives the text.
 */
static int write_record(FILE *out, char *buf, ssize_t len)
{
	struct nlmsghdr *header = (struct nlmsghdr *)buf;
	char *text = buf + NLMSG_HDRLEN;
	ssize_t text_len = len - NLMSG_HDRLEN;

	if (len < (ssize_t)NLMSG_HDRLEN)
		return 0;
	if (header->nlmsg_type == NLMSG_ERROR) {
		struct nlmsgerr *error = NLMSG_DATA(header);

		if (error->error) {
			fprintf(stderr, "ksaudit: AUDIT_SET failed: %s\n",
				strerror(-error->error));
			return -1;
		}
		return 0;
	}

	/* Some LSM contexts carry NUL bytes; keep the rest of the record. */
	while (text_len > 0 && text[text_len - 1] == '\0')
		text_len--;
	for (ssize_t i = 0; i < text_len; i++) {
		if (text[i] == '\0')
			text[i] = ' ';
	}
	fprintf(out, "type=%u %.*s\n", header->nlmsg_type, (int)text_len, text);
	fflush(out);
	return 0;
}

int main(int argc, char **argv)
{
	static char buf[KS_AUDIT_BUFFER];
	FILE *out;
	int sock, ready;

	if (argc != 4) {
		fprintf(stderr, "usage: ksaudit OUTPUT READY STOP\n");
		return 2;
	}
	out = fopen(argv[1], "a");
	if (!out) {
		perror(argv[1]);
		return 2;
	}
	sock = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (sock < 0 || register_daemon(sock) < 0) {
		perror("ksaudit: NETLINK_AUDIT");
		fclose(out);
		return 2;
	}
	ready = open(argv[2], O_CREAT | O_WRONLY, 0600);
	if (ready < 0) {
		perror(argv[2]);
		fclose(out);
		return 2;
	}
	close(ready);

	/* Bounded: the suites create STOP within seconds; 10 minutes at most. */
	for (int i = 0; i < 6000 && access(argv[3], F_OK) != 0; i++) {
		struct pollfd pfd = { .fd = sock, .events = POLLIN };
		ssize_t len;

		if (poll(&pfd, 1, 100) <= 0)
			continue;
		len = recv(sock, buf, sizeof(buf), 0);
		if (len < 0 && errno != EINTR) {
			perror("ksaudit: recv");
			fclose(out);
			return 1;
		}
		if (len > 0 && write_record(out, buf, len) < 0) {
			fclose(out);
			return 1;
		}
	}
	fclose(out);
	return 0;
}
