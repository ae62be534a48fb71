// SPDX-License-Identifier: GPL-2.0
/*
 * ks_uring - set up one io_uring instance with four entries and close it,
 * the path a catalog entry blocks in io_uring_setup().
 *
 * Usage: ks_uring
 *
 * Prints "ok" and exits 0 when io_uring_setup() succeeds, else prints the
 * errno name (EPERM, ENOSYS, other) and exits 1.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/io_uring.h>

int main(void)
{
	struct io_uring_params params;
	long fd;

	memset(&params, 0, sizeof(params));
	fd = syscall(__NR_io_uring_setup, 4, &params);
	if (fd < 0) {
		const char *name = "other";

		if (errno == EPERM)
			name = "EPERM";
		else if (errno == ENOSYS)
			name = "ENOSYS";
		printf("%s\n", name);
		return 1;
	}
	close((int)fd);
	printf("ok\n");
	return 0;
}
