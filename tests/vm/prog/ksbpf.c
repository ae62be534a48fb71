// SPDX-License-Identifier: GPL-2.0
/*
 * ksbpf: attach a minimal BPF program to a kernel function through a perf
 * kprobe, for the fault suite, without libbpf or bpftool. The program
 * counts its runs in a one-entry array map:
 *
 *   r1 = map; *(u32 *)(r10 - 4) = 0; r2 = r10 - 4
 *   r0 = bpf_map_lookup_elem(r1, r2)
 *   if r0 != 0: lock *(u64 *)r0 += 1
 *   return 0
 *
 * Usage: ksbpf SYMBOL DIR
 *
 * It loads the program, opens a kprobe perf event on SYMBOL, attaches the
 * program (PERF_EVENT_IOC_SET_BPF), enables it and creates DIR/ready; on
 * failure it prints "failed STEP: ERRNAME" and exits 1. Then, every 20 ms:
 * if DIR/dump exists, it writes the run count to DIR/count and removes
 * DIR/dump; if DIR/stop exists, it detaches (closes the event) and exits 0.
 *
 * Statically linked so it runs in the busybox initramfs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *errno_name(int value)
{
	static char unknown[32];

	switch (value) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case EINVAL: return "EINVAL";
	case EBUSY: return "EBUSY";
	case EACCES: return "EACCES";
	case ENOMEM: return "ENOMEM";
	case E2BIG: return "E2BIG";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	default:
		snprintf(unknown, sizeof(unknown), "E%d", value);
		return unknown;
	}
}

static int fail(const char *step)
{
	printf("failed %s: %s\n", step, errno_name(errno));
	return 1;
}

static int bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static int create_map(void)
{
	union bpf_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.map_type = BPF_MAP_TYPE_ARRAY;
	attr.key_size = sizeof(uint32_t);
	attr.value_size = sizeof(uint64_t);
	attr.max_entries = 1;
	return bpf(BPF_MAP_CREATE, &attr);
}

#define INSN(CODE, DST, SRC, OFF, IMM) \
	((struct bpf_insn){ .code = (CODE), .dst_reg = (DST), .src_reg = (SRC), \
			    .off = (OFF), .imm = (IMM) })

static int load_program(int map_fd)
{
	static char log[65536];
	const struct bpf_insn insns[] = {
		/* r1 = map_fd, a 16-byte load that the verifier resolves. */
		INSN(BPF_LD | BPF_DW | BPF_IMM, BPF_REG_1, BPF_PSEUDO_MAP_FD, 0, map_fd),
		INSN(0, 0, 0, 0, 0),
		/* *(u32 *)(r10 - 4) = 0: the key. */
		INSN(BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, -4, 0),
		/* r2 = r10 - 4 */
		INSN(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_2, BPF_REG_10, 0, 0),
		INSN(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_2, 0, 0, -4),
		INSN(BPF_JMP | BPF_CALL, 0, 0, 0, BPF_FUNC_map_lookup_elem),
		/* if r0 == 0 skip the increment */
		INSN(BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, 2, 0),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_1, 0, 0, 1),
		INSN(BPF_STX | BPF_ATOMIC | BPF_DW, BPF_REG_0, BPF_REG_1, 0, BPF_ADD),
		INSN(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, 0),
		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
	};
	union bpf_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_KPROBE;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	attr.license = (uint64_t)(uintptr_t)"GPL";
	attr.log_buf = (uint64_t)(uintptr_t)log;
	attr.log_size = sizeof(log);
	attr.log_level = 1;
	fd = bpf(BPF_PROG_LOAD, &attr);
	if (fd < 0)
		fprintf(stderr, "ksbpf: verifier log:\n%s\n", log);
	return fd;
}

/* The PMU type of kprobe perf events, from sysfs. */
static int kprobe_pmu_type(void)
{
	char buf[32] = "";
	int fd, type = -1;

	fd = open("/sys/bus/event_source/devices/kprobe/type", O_RDONLY);
	if (fd < 0)
		return -1;
	if (read(fd, buf, sizeof(buf) - 1) > 0)
		type = atoi(buf);
	close(fd);
	return type;
}

static int open_kprobe_event(const char *symbol)
{
	struct perf_event_attr attr;
	int type = kprobe_pmu_type();

	if (type < 0) {
		errno = ENOENT;
		return -1;
	}
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = (uint32_t)type;
	attr.config1 = (uint64_t)(uintptr_t)symbol;	/* kprobe_func */
	attr.config2 = 0;				/* offset */
	attr.sample_period = 1;
	attr.wakeup_events = 1;
	attr.disabled = 1;
	/* The program runs on every CPU; the event itself needs one. */
	return (int)syscall(SYS_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
}

static int read_count(int map_fd, uint64_t *value)
{
	union bpf_attr attr;
	uint32_t key = 0;

	memset(&attr, 0, sizeof(attr));
	attr.map_fd = (uint32_t)map_fd;
	attr.key = (uint64_t)(uintptr_t)&key;
	attr.value = (uint64_t)(uintptr_t)value;
	return bpf(BPF_MAP_LOOKUP_ELEM, &attr);
}

/* Create @path, empty. */
static int touch(const char *path)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);

	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	char ready[4096], dump[4096], stop[4096], count[4096], tmp[4200];
	int map_fd, prog_fd, event_fd;
	uint64_t value;
	FILE *out;

	if (argc != 3) {
		fprintf(stderr, "usage: ksbpf SYMBOL DIR\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	snprintf(ready, sizeof(ready), "%s/ready", argv[2]);
	snprintf(dump, sizeof(dump), "%s/dump", argv[2]);
	snprintf(stop, sizeof(stop), "%s/stop", argv[2]);
	snprintf(count, sizeof(count), "%s/count", argv[2]);
	snprintf(tmp, sizeof(tmp), "%s.tmp", count);

	map_fd = create_map();
	if (map_fd < 0)
		return fail("BPF_MAP_CREATE");
	prog_fd = load_program(map_fd);
	if (prog_fd < 0)
		return fail("BPF_PROG_LOAD");
	event_fd = open_kprobe_event(argv[1]);
	if (event_fd < 0)
		return fail("perf_event_open");
	if (ioctl(event_fd, PERF_EVENT_IOC_SET_BPF, prog_fd) < 0)
		return fail("PERF_EVENT_IOC_SET_BPF");
	if (ioctl(event_fd, PERF_EVENT_IOC_ENABLE, 0) < 0)
		return fail("PERF_EVENT_IOC_ENABLE");
	printf("attached\n");
	if (touch(ready) < 0)
		return fail("creating the ready file");

	/* Bounded: the suite stops it within minutes. */
	for (int i = 0; i < 30000 && access(stop, F_OK) != 0; i++) {
		if (access(dump, F_OK) == 0) {
			if (read_count(map_fd, &value) < 0)
				return fail("BPF_MAP_LOOKUP_ELEM");
			out = fopen(tmp, "w");
			if (!out)
				return fail("writing the count");
			fprintf(out, "%llu\n", (unsigned long long)value);
			fclose(out);
			unlink(dump);
			rename(tmp, count);
		}
		usleep(20000);
	}
	close(event_fd);
	printf("detached\n");
	return 0;
}
