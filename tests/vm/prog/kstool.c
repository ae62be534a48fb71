// SPDX-License-Identifier: GPL-2.0
/*
 * kstool: the in-VM test suites' helper for what a shell cannot do: write
 * exact bytes in one write(2) and print the errno by name, hold a file
 * open across a disengage, drop one capability, and pass a file descriptor
 * between processes of different privilege.
 *
 *   kstool write [-o OFFSET] FILE TEXT    one write of TEXT (escapes \n \r
 *                                         \t \\ \0 \xHH); prints ok or ERRNAME
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
 *   kstool write-fd FD TEXT               one write of TEXT to the inherited
 *                                         file descriptor FD
 *   kstool read-opened-by-root UID FILE   open FILE as root, become UID
 *                                         keeping the fd, read like read
 *   kstool repeat NAME COUNT              call ks_target function NAME COUNT
 *                                         times through /proc/ks_target/repeat
 *                                         and print the result line
 *   kstool table DIR FILE                 run the hostile-input table FILE
 *                                         against the killswitch tree DIR;
 *                                         see cmd_table() for the format
 *   kstool sysinfo                        call sysinfo(2); prints ok or
 *                                         ERRNAME (check-intree.sh engages
 *                                         it from the kernel command line
 *                                         because nothing else in the
 *                                         bench calls it)
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
#include <dirent.h>
#include <sys/sysinfo.h>
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
		case 'r':
			out[n++] = '\r';
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
	int fd, ret;

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
		free(data);
		return 1;
	}
	ret = write_fd(fd, data, len, offset);
	free(data);
	return ret;
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

static int cmd_write_fd(int argc, char **argv)
{
	char *data;
	size_t len;
	int ret;

	if (argc != 2) {
		fprintf(stderr, "usage: kstool write-fd FD TEXT\n");
		return 2;
	}
	data = malloc(strlen(argv[1]) + 1);
	if (!data)
		return 2;
	len = unescape(argv[1], data);
	ret = write_fd(atoi(argv[0]), data, len, -1);
	free(data);
	return ret;
}

static int cmd_read_opened_by_root(int argc, char **argv)
{
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: kstool read-opened-by-root UID FILE\n");
		return 2;
	}
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		printf("%s\n", errno_name(errno));
		return 1;
	}
	if (become(argv[0]) < 0)
		return 2;
	return read_fd(fd);
}

static int cmd_repeat(int argc, char **argv)
{
	char request[64], result[256];
	ssize_t n;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: kstool repeat NAME COUNT\n");
		return 2;
	}
	snprintf(request, sizeof(request), "%s %s", argv[0], argv[1]);
	fd = open("/proc/ks_target/repeat", O_RDWR);
	if (fd < 0 || write(fd, request, strlen(request)) < 0) {
		printf("%s\n", errno_name(errno));
		return 1;
	}
	/* The result is kept per open file; read it from the start. */
	n = pread(fd, result, sizeof(result) - 1, 0);
	if (n < 0) {
		printf("%s\n", errno_name(errno));
		return 1;
	}
	result[n] = '\0';
	fputs(result, stdout);
	return 0;
}

/* A growable string for the state snapshots of cmd_table(). */
struct text {
	char *data;
	size_t len;
	size_t size;
};

static void text_append(struct text *t, const char *data, size_t len)
{
	if (t->len + len + 1 > t->size) {
		t->size = (t->len + len + 1) * 2;
		t->data = realloc(t->data, t->size);
		if (!t->data) {
			perror("realloc");
			exit(2);
		}
	}
	memcpy(t->data + t->len, data, len);
	t->len += len;
	t->data[t->len] = '\0';
}

/* Append the contents of @path, or its errno name, to @t. */
static void text_append_file(struct text *t, const char *path)
{
	char buf[65536];
	ssize_t n;
	int fd;

	text_append(t, path, strlen(path));
	text_append(t, ":\n", 2);
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		text_append(t, errno_name(errno), strlen(errno_name(errno)));
		return;
	}
	n = read(fd, buf, sizeof(buf));
	if (n < 0)
		text_append(t, errno_name(errno), strlen(errno_name(errno)));
	else
		text_append(t, buf, (size_t)n);
	close(fd);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The state a rejected write must leave alone: the engaged listing and
 * every file under fn/, in name order.
 */
static void snapshot(const char *dir, struct text *t)
{
	static const char *const files[] = { "retval", "hits", "state" };
	char path[4096], *names[1100];
	size_t count = 0, i, j;
	struct dirent *entry;
	DIR *fn;

	t->len = 0;
	snprintf(path, sizeof(path), "%s/engaged", dir);
	text_append_file(t, path);
	snprintf(path, sizeof(path), "%s/fn", dir);
	fn = opendir(path);
	if (!fn) {
		text_append(t, "no fn directory", 15);
		return;
	}
	while ((entry = readdir(fn)) != NULL && count < sizeof(names) / sizeof(names[0])) {
		if (entry->d_name[0] != '.')
			names[count++] = strdup(entry->d_name);
	}
	closedir(fn);
	qsort(names, count, sizeof(names[0]), compare_names);
	for (i = 0; i < count; i++) {
		for (j = 0; j < sizeof(files) / sizeof(files[0]); j++) {
			snprintf(path, sizeof(path), "%s/fn/%s/%s", dir, names[i], files[j]);
			text_append_file(t, path);
		}
		free(names[i]);
	}
}

/* errno name of the result of a write: "ok", "short N" or ERRNAME. */
static const char *write_result(ssize_t ret, size_t len, char *buf, size_t size)
{
	if (ret < 0)
		return errno_name(errno);
	if ((size_t)ret != len) {
		snprintf(buf, size, "short %zd", ret);
		return buf;
	}
	return "ok";
}

/* Write @data as uid @uid through @fd, in a child; returns the result. */
static void write_as_uid(int fd, const char *data, size_t len, uid_t uid, char *result,
			 size_t size)
{
	int pipefd[2], status;
	ssize_t n;
	pid_t child;

	if (pipe(pipefd) < 0) {
		snprintf(result, size, "pipe failed");
		return;
	}
	child = fork();
	if (child == 0) {
		char buf[64];
		const char *text;

		close(pipefd[0]);
		if (setgroups(0, NULL) < 0 || setresgid(uid, uid, uid) < 0 ||
		    setresuid(uid, uid, uid) < 0)
			_exit(2);
		text = write_result(write(fd, data, len), len, buf, sizeof(buf));
		if (write(pipefd[1], text, strlen(text)) < 0)
			_exit(2);
		_exit(0);
	}
	close(pipefd[1]);
	n = read(pipefd[0], result, size - 1);
	result[n > 0 ? n : 0] = '\0';
	if (n <= 0)
		snprintf(result, size, "the child failed");
	close(pipefd[0]);
	waitpid(child, &status, 0);
}

/*
 * Perform one table row; writes the results, comma-separated, to @result.
 * Modes:
 *   ctl        one write(2) of TEXT to control
 *   ctl@N      one pwrite(2) of TEXT to control at offset N
 *   split@K    bytes 0..K-1 of TEXT and then the rest, two write(2) calls
 *              on one open file; two results
 *   retval     one write(2) of TEXT to fn/ks_target_long/retval
 *   retval@N   one pwrite(2) of TEXT to fn/ks_target_long/retval at N
 *   file       one write(2) to control of the contents of the file TEXT
 *   uid1000    control opened by root, TEXT written by uid 1000
 */
static void run_row(const char *dir, const char *mode, const char *data, size_t len,
		    char *result, size_t size)
{
	char path[4096], buf[64], *contents = NULL;
	const char *file = "control";
	long offset = -1;
	size_t split = 0;
	int fd, flags = O_WRONLY;

	if (strncmp(mode, "retval", 6) == 0) {
		file = "fn/ks_target_long/retval";
		mode += 6;
	} else if (strncmp(mode, "ctl", 3) == 0) {
		mode += 3;
	}
	if (mode[0] == '@')
		offset = strtol(mode + 1, NULL, 0);
	else if (strncmp(mode, "split@", 6) == 0)
		split = strtoul(mode + 6, NULL, 0);

	if (strcmp(mode, "file") == 0) {
		struct stat st;
		int src = open(data, O_RDONLY);

		if (src < 0 || fstat(src, &st) < 0) {
			snprintf(result, size, "cannot read %s", data);
			return;
		}
		contents = malloc((size_t)st.st_size + 1);
		if (!contents || read(src, contents, (size_t)st.st_size) != st.st_size) {
			snprintf(result, size, "cannot read %s", data);
			return;
		}
		close(src);
		data = contents;
		len = (size_t)st.st_size;
	}

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, flags);
	if (fd < 0) {
		snprintf(result, size, "%s", errno_name(errno));
		free(contents);
		return;
	}
	if (strcmp(mode, "uid1000") == 0) {
		write_as_uid(fd, data, len, 1000, result, size);
	} else if (offset >= 0) {
		snprintf(result, size, "%s", write_result(pwrite(fd, data, len, offset), len, buf,
							  sizeof(buf)));
	} else if (split > 0 && split < len) {
		snprintf(result, size, "%s,", write_result(write(fd, data, split), split, buf,
							   sizeof(buf)));
		snprintf(result + strlen(result), size - strlen(result), "%s",
			 write_result(write(fd, data + split, len - split), len - split, buf,
				      sizeof(buf)));
	} else {
		snprintf(result, size, "%s", write_result(write(fd, data, len), len, buf,
							  sizeof(buf)));
	}
	close(fd);
	free(contents);
}

/*
 * Run a table of hostile writes. Each line of FILE is
 * EXPECTED<TAB>MODE<TAB>TEXT: the expected result (ok or ERRNAME, two
 * comma-separated for split@K), a mode of run_row() and the text with the
 * escapes of kstool write. For each row it prints "ok N MODE TEXT" or
 * "not ok N MODE TEXT" followed by "# " lines saying what differed: the
 * result, or the engaged listing and fn/ files, which must be the same
 * after the write as before it.
 */
static int cmd_table(int argc, char **argv)
{
	struct text before = { 0 }, after = { 0 };
	char line[300000], result[128];
	unsigned int row = 0;
	int failed = 0;
	FILE *table;

	if (argc != 2) {
		fprintf(stderr, "usage: kstool table DIR FILE\n");
		return 2;
	}
	table = fopen(argv[1], "r");
	if (!table) {
		perror(argv[1]);
		return 2;
	}
	while (fgets(line, sizeof(line), table)) {
		char *expected = line, *mode, *escaped, *data;
		size_t len;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#')
			continue;
		mode = strchr(expected, '\t');
		escaped = mode ? strchr(mode + 1, '\t') : NULL;
		if (!escaped) {
			fprintf(stderr, "kstool table: malformed row '%s'\n", line);
			failed = 2;
			break;
		}
		*mode++ = '\0';
		*escaped++ = '\0';
		row++;

		data = malloc(strlen(escaped) + 1);
		if (!data) {
			failed = 2;
			break;
		}
		len = unescape(escaped, data);
		/* The file mode takes the text as a path. */
		data[len] = '\0';

		snapshot(argv[0], &before);
		run_row(argv[0], mode, data, len, result, sizeof(result));
		snapshot(argv[0], &after);
		free(data);

		/* Long texts are shortened in the test name. */
		if (strcmp(result, expected) == 0 && strcmp(before.data, after.data) == 0) {
			printf("ok %u %s %.60s\n", row, mode, escaped);
			continue;
		}
		failed = 1;
		printf("not ok %u %s %.60s\n", row, mode, escaped);
		if (strcmp(result, expected) != 0)
			printf("# expected %s, got %s\n", expected, result);
		if (strcmp(before.data, after.data) != 0)
			printf("# the state changed\n# before: %s\n# after: %s\n", before.data,
			       after.data);
	}
	fclose(table);
	free(before.data);
	free(after.data);
	return failed;
}

static int cmd_sysinfo(int argc, char **argv)
{
	struct sysinfo info;

	(void)argv;
	if (argc != 0) {
		fprintf(stderr, "usage: kstool sysinfo\n");
		return 2;
	}
	if (sysinfo(&info) != 0) {
		printf("%s\n", errno_name(errno));
		return 1;
	}
	printf("ok\n");
	return 0;
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
		{ "write-fd", cmd_write_fd },
		{ "read-opened-by-root", cmd_read_opened_by_root },
		{ "repeat", cmd_repeat },
		{ "table", cmd_table },
		{ "sysinfo", cmd_sysinfo },
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
