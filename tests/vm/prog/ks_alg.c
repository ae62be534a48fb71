// SPDX-License-Identifier: GPL-2.0
/*
 * ks_alg - encrypt one block with cbc(aes) through an AF_ALG skcipher socket
 * and compare the result with a NIST test vector.
 *
 * Usage: ks_alg [--quiet]
 *
 * Prints "ciphertext HEX" and "ok" and exits 0 when the ciphertext matches.
 * When a step fails it prints "STEP failed: ERRNAME (N)", STEP being socket,
 * bind, setkey, accept, sendmsg or read, and exits 1. A wrong ciphertext
 * prints "mismatch" and exits 2. With --quiet only the last word is printed:
 * ok, mismatch or the errno name. A usage error exits 64.
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <linux/if_alg.h>

#define BLOCK_SIZE 16
#define EXIT_STEP_FAILED 1
#define EXIT_MISMATCH 2
#define EXIT_USAGE 64

/*
 * NIST SP 800-38A, appendix F.2.1 CBC-AES128.Encrypt, first block. Checked
 * with: openssl enc -aes-128-cbc -nopad -K <key> -iv <iv>.
 */
static const unsigned char key[BLOCK_SIZE] = {
	0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6,
	0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c,
};
static const unsigned char iv[BLOCK_SIZE] = {
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07,
	0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
};
static const unsigned char plaintext[BLOCK_SIZE] = {
	0x6b, 0xc1, 0xbe, 0xe2, 0x2e, 0x40, 0x9f, 0x96,
	0xe9, 0x3d, 0x7e, 0x11, 0x73, 0x93, 0x17, 0x2a,
};
static const unsigned char expected[BLOCK_SIZE] = {
	0x76, 0x49, 0xab, 0xac, 0x81, 0x19, 0xb2, 0x46,
	0xce, 0xe9, 0x8e, 0x9b, 0x12, 0xe9, 0x19, 0x7d,
};

static bool quiet;

#define ERRNO_ENTRY(name) { name, #name }

static const struct {
	int value;
	const char *name;
} errno_names[] = {
	ERRNO_ENTRY(EPERM), ERRNO_ENTRY(ENOENT), ERRNO_ENTRY(ESRCH),
	ERRNO_ENTRY(EINTR), ERRNO_ENTRY(EIO), ERRNO_ENTRY(ENXIO),
	ERRNO_ENTRY(E2BIG), ERRNO_ENTRY(EBADF), ERRNO_ENTRY(EAGAIN),
	ERRNO_ENTRY(ENOMEM), ERRNO_ENTRY(EACCES), ERRNO_ENTRY(EFAULT),
	ERRNO_ENTRY(EBUSY), ERRNO_ENTRY(EEXIST), ERRNO_ENTRY(ENODEV),
	ERRNO_ENTRY(EINVAL), ERRNO_ENTRY(ENFILE), ERRNO_ENTRY(EMFILE),
	ERRNO_ENTRY(ENOSPC), ERRNO_ENTRY(EPIPE), ERRNO_ENTRY(ERANGE),
	ERRNO_ENTRY(ENOSYS), ERRNO_ENTRY(ENODATA), ERRNO_ENTRY(ETIME),
	ERRNO_ENTRY(EBADMSG), ERRNO_ENTRY(EOVERFLOW), ERRNO_ENTRY(ENOTSOCK),
	ERRNO_ENTRY(EMSGSIZE), ERRNO_ENTRY(EPROTOTYPE),
	ERRNO_ENTRY(ENOPROTOOPT), ERRNO_ENTRY(EPROTONOSUPPORT),
	ERRNO_ENTRY(ESOCKTNOSUPPORT), ERRNO_ENTRY(EOPNOTSUPP),
	ERRNO_ENTRY(EAFNOSUPPORT), ERRNO_ENTRY(EADDRINUSE),
	ERRNO_ENTRY(ENOBUFS), ERRNO_ENTRY(ETIMEDOUT), ERRNO_ENTRY(ECANCELED),
	ERRNO_ENTRY(ENOKEY), ERRNO_ENTRY(EKEYREJECTED),
};

/* Return the symbolic name of err, or "errno-N" for one not in the table. */
static const char *errno_name(int err)
{
	static char unknown[32];
	size_t i;

	for (i = 0; i < sizeof(errno_names) / sizeof(errno_names[0]); i++) {
		if (errno_names[i].value == err)
			return errno_names[i].name;
	}
	snprintf(unknown, sizeof(unknown), "errno-%d", err);
	return unknown;
}

/* Print that step failed with errno err and return the exit status. */
static int report_errno(const char *step, int err)
{
	if (quiet)
		printf("%s\n", errno_name(err));
	else
		printf("%s failed: %s (%d)\n", step, errno_name(err), err);
	return EXIT_STEP_FAILED;
}

/*
 * Print that step transferred only count of BLOCK_SIZE bytes and return the
 * exit status.
 */
static int report_short(const char *step, ssize_t count)
{
	if (quiet)
		printf("short\n");
	else
		printf("%s failed: transferred %zd of %d bytes\n", step, count,
		       BLOCK_SIZE);
	return EXIT_STEP_FAILED;
}

static void print_hex(const char *label, const unsigned char *bytes)
{
	int i;

	printf("%s ", label);
	for (i = 0; i < BLOCK_SIZE; i++)
		printf("%02x", bytes[i]);
	printf("\n");
}

/* Send the plaintext to the operation socket with the encrypt op and IV. */
static ssize_t send_block(int op_fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int)) +
			 CMSG_SPACE(sizeof(struct af_alg_iv) + BLOCK_SIZE)];
		struct cmsghdr align;
	} control;
	struct iovec iov = {
		.iov_base = (void *)plaintext,
		.iov_len = BLOCK_SIZE,
	};
	struct msghdr msg = {
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = control.buf,
		.msg_controllen = sizeof(control.buf),
	};
	struct cmsghdr *cmsg;
	struct af_alg_iv alg_iv = { .ivlen = BLOCK_SIZE };
	int op = ALG_OP_ENCRYPT;

	memset(&control, 0, sizeof(control));

	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_level = SOL_ALG;
	cmsg->cmsg_type = ALG_SET_OP;
	cmsg->cmsg_len = CMSG_LEN(sizeof(op));
	memcpy(CMSG_DATA(cmsg), &op, sizeof(op));

	cmsg = CMSG_NXTHDR(&msg, cmsg);
	cmsg->cmsg_level = SOL_ALG;
	cmsg->cmsg_type = ALG_SET_IV;
	cmsg->cmsg_len = CMSG_LEN(sizeof(alg_iv) + BLOCK_SIZE);
	memcpy(CMSG_DATA(cmsg), &alg_iv, sizeof(alg_iv));
	memcpy(CMSG_DATA(cmsg) + sizeof(alg_iv), iv, BLOCK_SIZE);

	return sendmsg(op_fd, &msg, 0);
}

/* Run the steps on an open transform socket and return the exit status. */
static int encrypt_block(int tfm_fd)
{
	struct sockaddr_alg addr = {
		.salg_family = AF_ALG,
		.salg_type = "skcipher",
		.salg_name = "cbc(aes)",
	};
	unsigned char ciphertext[BLOCK_SIZE];
	ssize_t transferred;
	int op_fd;
	int status;

	if (bind(tfm_fd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		return report_errno("bind", errno);
	if (setsockopt(tfm_fd, SOL_ALG, ALG_SET_KEY, key, sizeof(key)) < 0)
		return report_errno("setkey", errno);

	op_fd = accept(tfm_fd, NULL, NULL);
	if (op_fd < 0)
		return report_errno("accept", errno);

	transferred = send_block(op_fd);
	if (transferred < 0) {
		status = report_errno("sendmsg", errno);
		goto out;
	}
	if (transferred != BLOCK_SIZE) {
		status = report_short("sendmsg", transferred);
		goto out;
	}

	transferred = read(op_fd, ciphertext, sizeof(ciphertext));
	if (transferred < 0) {
		status = report_errno("read", errno);
		goto out;
	}
	if (transferred != BLOCK_SIZE) {
		status = report_short("read", transferred);
		goto out;
	}

	if (!quiet)
		print_hex("ciphertext", ciphertext);
	if (memcmp(ciphertext, expected, BLOCK_SIZE) != 0) {
		if (!quiet)
			print_hex("expected", expected);
		printf("mismatch\n");
		status = EXIT_MISMATCH;
		goto out;
	}
	printf("ok\n");
	status = EXIT_SUCCESS;
out:
	close(op_fd);
	return status;
}

int main(int argc, char **argv)
{
	int tfm_fd;
	int status;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quiet") == 0) {
			quiet = true;
		} else {
			fprintf(stderr, "ks_alg: unknown argument '%s'\n", argv[i]);
			fprintf(stderr, "usage: ks_alg [--quiet]\n");
			return EXIT_USAGE;
		}
	}

	tfm_fd = socket(AF_ALG, SOCK_SEQPACKET, 0);
	if (tfm_fd < 0)
		return report_errno("socket", errno);

	status = encrypt_block(tfm_fd);
	close(tfm_fd);
	return status;
}
