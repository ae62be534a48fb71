// SPDX-License-Identifier: GPL-2.0
/*
 * ksbench: timing helper for the in-VM benchmark.
 *
 *   ksbench time-write FILE SOURCE   one write(2) of SOURCE's contents to
 *                                    FILE; prints "ns=N result=ok" or
 *                                    "ns=N result=ERRNO"
 *   ksbench syscalls N               N rounds of getpid(2) and a 64-byte
 *                                    read(2) from /dev/zero; prints
 *                                    "rounds=N ns=TOTAL"
 *
 * Times come from CLOCK_MONOTONIC. Statically linked for the initramfs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000000000ULL + (unsigned long long)ts.tv_nsec;
}

static int time_write(const char *file, const char *source)
{
	unsigned long long start, elapsed;
	struct stat st;
	ssize_t ret;
	char *data;
	int fd, src;

	src = open(source, O_RDONLY);
	if (src < 0 || fstat(src, &st) < 0) {
		perror(source);
		return 2;
	}
	data = malloc((size_t)st.st_size + 1);
	if (!data || read(src, data, (size_t)st.st_size) != st.st_size) {
		perror(source);
		return 2;
	}
	fd = open(file, O_WRONLY);
	if (fd < 0) {
		perror(file);
		return 2;
	}

	start = now_ns();
	ret = write(fd, data, (size_t)st.st_size);
	elapsed = now_ns() - start;

	if (ret < 0) {
		printf("ns=%llu result=%s\n", elapsed, strerrorname_np(errno));
		return 1;
	}
	printf("ns=%llu result=ok\n", elapsed);
	return 0;
}

static int syscalls(const char *count_text)
{
	unsigned long rounds = strtoul(count_text, NULL, 10);
	unsigned long long start, elapsed;
	char buf[64];
	unsigned long i;
	int fd;

	fd = open("/dev/zero", O_RDONLY);
	if (fd < 0 || rounds == 0) {
		fprintf(stderr, "ksbench: need /dev/zero and a round count above 0\n");
		return 2;
	}
	start = now_ns();
	for (i = 0; i < rounds; i++) {
		syscall(SYS_getpid);
		if (read(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			return 1;
	}
	elapsed = now_ns() - start;
	printf("rounds=%lu ns=%llu\n", rounds, elapsed);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 4 && strcmp(argv[1], "time-write") == 0)
		return time_write(argv[2], argv[3]);
	if (argc == 3 && strcmp(argv[1], "syscalls") == 0)
		return syscalls(argv[2]);
	fprintf(stderr, "usage: ksbench time-write FILE SOURCE | ksbench syscalls N\n");
	return 2;
}
