// SPDX-License-Identifier: GPL-2.0
/*
 * kstool: the in-VM test suites' helper for what a shell cannot do: write
 * exact bytes in one write(2) and print the errno by name, hold a file
 * open across a disengage, drop one capability, and pass a file descriptor
 * between processes of different privilege.
 *
 *   kstool write [-o OFFSET] FILE TEXT    one write of TEXT (escapes \n \t
 *                                         \\ \0 \xHH); prints ok or ERRNAME
 *   kstool write-file FILE SOURCE         one write of SOURCE's contents
 *   kstool read FILE                      prints the contents or ERRNAME
 *   kstool hold FILE READY GO             open FILE, create READY, wait
 *                                         for GO to exist, then read
 *                                         and print like read
 *   kstool dropcap CMD [ARG...]           run CMD without CAP_SYS_ADMIN
 *   kstool setuid UID CMD [ARG...]        run CMD as UID (no capabilities)
 *   kstool write-opened-by-dropped FILE TEXT
 *                                         a child without CAP_SYS_ADMIN
 *                                         opens FILE and passes the fd to
 *                                         this process, which writes TEXT
 *   kstool write-opened-by-root UID FILE TEXT
 *                                         open FILE as root, become UID
 *                                         keeping the fd, write TEXT
 *
 * Statically linked so it runs in the busybox initramfs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct {
	int value;
	const char *name;
} errno_names[] = {
	{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EIO, "EIO" },
	{ E2BIG, "E2BIG" }, { EBADF, "EBADF" }, { EAGAIN, "EAGAIN" },
	{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
	{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { ENODEV, "ENODEV" },
	{ ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" }, { EINVAL, "EINVAL" },
	{ ENOSPC, "ENOSPC" }, { ESPIPE, "ESPIPE" }, { EROFS, "EROFS" },
	{ ERANGE, "ERANGE" }, { ENAMETOOLONG, "ENAMETOOLONG" },
	{ ENOSYS, "ENOSYS" }, { EOPNOTSUPP, "EOPNOTSUPP" },
	{ EADDRNOTAVAIL, "EADDRNOTAVAIL" }, { ETIMEDOUT, "ETIMEDOUT" },
	{ EILSEQ, "EILSEQ" }, { EFBIG, "EFBIG" },
};

static const char *errno_name(int value)
{
	static char unknown[32];
	size_t i;

	for (i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++) {
		if (errno_names[i].value == value)
			return errno_names[i].name;
	}
	snprintf(unknown, sizeof(unknown), "E%d", value);
	return unknown;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode the escapes of @text into @out; returns the byte count. */
static size_t unescape(const char *text, char *out)
{
	size_t n = 0;

	while (*text) {
		if (*text != '\\' || text[1] == '\0') {
			out[n++] = *text++;
			continue;
		}
		text++;
		switch (*text) {
		case 'n':
			out[n++] = '\n';
			break;
		case 't':
			out[n++] = '\t';
			break;
		case '0':
			out[n++] = '\0';
			break;
		case 'x':
			if (hex_value(text[1]) >= 0 && hex_value(text[2]) >= 0) {
				out[n++] = (char)(hex_value(text[1]) * 16 + hex_value(text[2]));
				text += 2;
				break;
			}
			out[n++] = 'x';
			break;
		default:
			out[n++] = *text;
			break;
		}
		text++;
	}
	return n;
}

/* One write of @len bytes at @offset (-1: plain write); prints the result. */
static int write_fd(int fd, const char *data, size_t len, long offset)
{
	ssize_t ret;

	if (offset >= 0)
		ret = pwrite(fd, data, len, offset);
	else
		ret = write(fd, data, len);

	if (ret < 0) {
		printf("%s\n", errno_name(errno));
		return 1;
	}
	if ((size_t)ret != len) {
		printf("short write %zd of %zu\n", ret, len);
		return 1;
	}
	printf("ok\n");
	return 0;
}

static int cmd_write(int argc, char **argv)
{
	long offset = -1;
	char *data;
	size_t len;
	int fd;

	if (argc >= 2 && strcmp(argv[0], "-o") == 0) {
		offset = strtol(argv[1], NULL, 0);
		argc -= 2;
		argv += 2;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: kstool write [-o OFFSET] FILE TEXT\n");
		return 2;
	}

	data = malloc(strlen(argv[1]) + 1);
	if (!data)
		return 2;
	len = unescape(argv[1], data);

	fd = open(argv[0], O_WRONLY);
	if (fd < 0) {
		printf("%s\n", errno_name(errno));
		return 1;
	}
	return write_fd(fd, data, len, offset);
}

static int cmd_write_file(int argc, char **argv)
{
	struct stat st;
	char *data;
	int fd, src;

	if (argc != 2) {
		fprintf(stderr, "usage: kstool write-file FILE SOURCE\n");
		return 2;
	}
	src = open(argv[1], O_RDONLY);
	if (src < 0 || fstat(src, &st) < 0) {
		perror(argv[1]);
		return 2;
	}
	data = malloc((size_t)st.st_size + 1);
	if (!data || read(src, data, (size_t)st.st_size) != st.st_size) {
		perror(argv[1]);
		return 2;
	}

	fd = open(argv[0], O_WRONLY);
	if (fd < 0) {
		printf("%s\n", errno_name(errno));
		return 1;
	}
	return write_fd(fd, data, (size_t)st.st_size, -1);
}

static int read_fd(int fd)
{
	char buf[4096];
	ssize_t n;

	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0) {
		printf("%s\n", errno_name(errno));
		return 1;
	}
	buf[n] = '\0';
	fputs(buf, stdout);
	return 0;
}

static int cmd_read(int argc, char **argv)
{
	int fd;

	if (argc != 1) {
		fprintf(stderr, "usage: kstool read FILE\n");
		return 2;
	}
	fd = open(argv[0], O_RDONLY);
	if (fd < 0) {
		printf("%s\n", errno_name(errno));
		return 1;
	}
	return read_fd(fd);
}

static int cmd_hold(int argc, char **argv)
{
	int fd, ready;

	if (argc != 3) {
		fprintf(stderr, "usage: kstool hold FILE READY GO\n");
		return 2;
	}
	fd = open(argv[0], O_RDONLY);
	if (fd < 0) {
		printf("%s\n", errno_name(errno));
		return 1;
	}
	ready = open(argv[1], O_CREAT | O_WRONLY, 0600);
	if (ready < 0) {
		perror(argv[1]);
		return 2;
	}
	close(ready);

	/* Bounded wait: the suite creates GO within seconds. */
	for (int i = 0; i < 600 && access(argv[2], F_OK) != 0; i++)
		usleep(100000);
	return read_fd(fd);
}

static int drop_sys_admin(void)
{
	struct __user_cap_header_struct header = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];
	unsigned int word = CAP_SYS_ADMIN / 32;
	unsigned int bit = 1U << (CAP_SYS_ADMIN % 32);

	if (prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0) < 0)
		return -1;
	if (syscall(SYS_capget, &header, data) < 0)
		return -1;
	data[word].effective &= ~bit;
	data[word].permitted &= ~bit;
	data[word].inheritable &= ~bit;
	return (int)syscall(SYS_capset, &header, data);
}

static int cmd_dropcap(int argc, char **argv)
{
	if (argc < 1) {
		fprintf(stderr, "usage: kstool dropcap CMD [ARG...]\n");
		return 2;
	}
	if (drop_sys_admin() < 0) {
		perror("dropping CAP_SYS_ADMIN");
		return 2;
	}
	execvp(argv[0], argv);
	perror(argv[0]);
	return 2;
}

static int become(const char *uid_text)
{
	uid_t uid = (uid_t)strtoul(uid_text, NULL, 10);

	if (setgroups(0, NULL) < 0 || setresgid(uid, uid, uid) < 0 ||
	    setresuid(uid, uid, uid) < 0) {
		perror("setresuid");
		return -1;
	}
	return 0;
}

static int cmd_setuid(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: kstool setuid UID CMD [ARG...]\n");
		return 2;
	}
	if (become(argv[0]) < 0)
		return 2;
	execvp(argv[1], argv + 1);
	perror(argv[1]);
	return 2;
}

static int send_fd(int sock, int fd)
{
	char control[CMSG_SPACE(sizeof(int))] = { 0 };
	char byte = 'f';
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control, .msg_controllen = sizeof(control),
	};
	struct cmsghdr *cmsg = CMSG_FIRSTHDR(&msg);

	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -1;
}

static int receive_fd(int sock)
{
	char control[CMSG_SPACE(sizeof(int))] = { 0 };
	char byte;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control, .msg_controllen = sizeof(control),
	};
	struct cmsghdr *cmsg;
	int fd;

	if (recvmsg(sock, &msg, 0) != 1)
		return -1;
	cmsg = CMSG_FIRSTHDR(&msg);
	if (!cmsg || cmsg->cmsg_type != SCM_RIGHTS)
		return -1;
	memcpy(&fd, CMSG_DATA(cmsg), sizeof(int));
	return fd;
}

static int cmd_write_opened_by_dropped(int argc, char **argv)
{
	char data[4096];
	int sv[2], fd, status;
	size_t len;
	pid_t child;

	if (argc != 2 || strlen(argv[1]) >= sizeof(data)) {
		fprintf(stderr, "usage: kstool write-opened-by-dropped FILE TEXT\n");
		return 2;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return 2;

	child = fork();
	if (child == 0) {
		close(sv[0]);
		if (drop_sys_admin() < 0)
			_exit(2);
		fd = open(argv[0], O_WRONLY);
		if (fd < 0 || send_fd(sv[1], fd) < 0)
			_exit(3);
		_exit(0);
	}
	close(sv[1]);
	fd = receive_fd(sv[0]);
	waitpid(child, &status, 0);
	if (fd < 0) {
		fprintf(stderr, "the child could not open %s\n", argv[0]);
		return 2;
	}

	len = unescape(argv[1], data);
	return write_fd(fd, data, len, -1);
}

static int cmd_write_opened_by_root(int argc, char **argv)
{
	char data[4096];
	size_t len;
	int fd;

	if (argc != 3 || strlen(argv[2]) >= sizeof(data)) {
		fprintf(stderr, "usage: kstool write-opened-by-root UID FILE TEXT\n");
		return 2;
	}
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		printf("%s\n", errno_name(errno));
		return 1;
	}
	if (become(argv[0]) < 0)
		return 2;

	len = unescape(argv[2], data);
	return write_fd(fd, data, len, -1);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} commands[] = {
		{ "write", cmd_write },
		{ "write-file", cmd_write_file },
		{ "read", cmd_read },
		{ "hold", cmd_hold },
		{ "dropcap", cmd_dropcap },
		{ "setuid", cmd_setuid },
		{ "write-opened-by-dropped", cmd_write_opened_by_dropped },
		{ "write-opened-by-root", cmd_write_opened_by_root },
	};
	size_t i;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc < 2) {
		fprintf(stderr, "usage: kstool COMMAND [ARGS]; see the source for commands\n");
		return 2;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 2, argv + 2);
	}
	fprintf(stderr, "kstool: unknown command '%s'\n", argv[1]);
	return 2;
}
