// SPDX-License-Identifier: GPL-2.0
/*
 * Control-file writes. The kernel logs why it rejected a write as
 * "killswitch: control: ...". To show only the lines of this write, ksctl
 * opens /dev/kmsg before writing, seeks to its end, and afterwards reads
 * what was logged since.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "control.h"
#include "ks_parse.h"
#include "ksctl.h"

const char *errno_name_of(int error)
{
	return ks_errno_name(-(long long)error);
}

/* Open /dev/kmsg positioned at its end, or return -1 when it is not readable. */
static int kmsg_open_at_end(const struct ksctl *ctx)
{
	char *path = ksctl_path(ctx, "/dev/kmsg");
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	free(path);
	if (fd < 0)
		return -1;
	if (lseek(fd, 0, SEEK_END) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * Collect the killswitch control lines logged since kmsg_open_at_end().
 * Each read(2) of /dev/kmsg returns one record, "PRIO,SEQ,USEC,FLAGS;TEXT"
 * followed by optional continuation lines that start with a space.
 */
static char *kmsg_collect(int fd)
{
	struct strbuf lines = { 0 };
	char record[8192];

	for (;;) {
		ssize_t got = read(fd, record, sizeof(record) - 1);
		char *text;

		if (got < 0 && errno == EPIPE)
			continue;	/* Records were overwritten; keep reading. */
		if (got <= 0)
			break;
		record[got] = '\0';
		text = strchr(record, ';');
		if (!text)
			continue;
		text++;
		text[strcspn(text, "\n")] = '\0';
		if (strstr(text, "killswitch: control:"))
			strbuf_printf(&lines, "%s%s", lines.len ? "\n" : "", text);
	}
	return lines.data;
}

int control_write(const struct ksctl *ctx, const char *text, struct control_result *result)
{
	size_t len = strlen(text);
	char *path;
	ssize_t written;
	int kmsg;
	int fd;

	memset(result, 0, sizeof(*result));
	path = ksctl_path(ctx, KSCTL_KS_DIR "/control");
	fd = open(path, O_WRONLY | O_CLOEXEC);
	free(path);
	if (fd < 0) {
		result->error = errno;
		result->at_open = true;
		return -result->error;
	}

	kmsg = kmsg_open_at_end(ctx);
	written = write(fd, text, len);
	if (written < 0)
		result->error = errno;
	else if ((size_t)written != len)
		result->error = EIO;
	if (close(fd) && !result->error)
		result->error = errno;

	if (kmsg >= 0) {
		if (result->error)
			result->kernel_log = kmsg_collect(kmsg);
		close(kmsg);
	}
	return -result->error;
}

void control_result_free(struct control_result *result)
{
	free(result->kernel_log);
	result->kernel_log = NULL;
}

const char *control_error_hint(int error, bool at_open)
{
	if (at_open) {
		switch (error) {
		case ENOENT:
			return "killswitch.ko is not loaded: load it with modprobe killswitch";
		case EACCES:
		case EPERM:
			return "the control file is writable only by root: run ksctl as root";
		default:
			return NULL;
		}
	}

	switch (error) {
	case ENOENT:
		return "the symbol is unknown to the kernel or not engaged: see ksctl check SYMBOL and ksctl status";
	case EBUSY:
		return "the symbol is already engaged (ksctl status), or another ftrace user redirects it (ksctl check SYMBOL)";
	case EINVAL:
		return "the command is malformed, or the kprobe layer rejected the function (blacklisted, or not text): run ksctl check SYMBOL";
	case EPERM:
		return "engaging needs CAP_SYS_ADMIN in the initial user namespace and a kernel that is not locked down";
	case E2BIG:
		return "one write carries at most 1024 commands and 256 KiB: split the change";
	case ENOMEM:
		return "the kernel is out of memory";
	default:
		return NULL;
	}
}

char *control_describe_failure(const char *what, const struct control_result *result,
			       struct ksctl_failure *failure)
{
	const char *name = errno_name_of(result->error);
	char *message;

	if (name)
		message = xasprintf("%s failed: -%s (%s)", what, name, strerror(result->error));
	else
		message = xasprintf("%s failed: %s", what, strerror(result->error));
	memset(failure, 0, sizeof(*failure));
	failure->message = message;
	failure->errno_name = name;
	failure->hint = control_error_hint(result->error, result->at_open);
	failure->kernel_log = result->kernel_log;
	return message;
}

int control_report_failure(struct ksctl *ctx, const char *what,
			   const struct control_result *result)
{
	struct ksctl_failure failure;
	char *message = control_describe_failure(what, result, &failure);

	ksctl_fail(ctx, &failure);
	free(message);
	return KSCTL_EXIT_FAILURE;
}
