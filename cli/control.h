/* SPDX-License-Identifier: GPL-2.0 */
/* Transactions on the killswitch control file. */
#ifndef KSCTL_CONTROL_H
#define KSCTL_CONTROL_H

#include <stdbool.h>

struct ksctl;

struct control_result {
	/* 0, or the positive errno of the failed step. */
	int error;
	/* The failure happened opening the file, not writing to it. */
	bool at_open;
	/* "killswitch: control: ..." kernel log lines the write caused, or NULL. */
	char *kernel_log;
};

/*
 * Write @text to the control file in one write(2), which the kernel
 * applies as one transaction. On failure, collect the kernel log lines the
 * write caused from /dev/kmsg when it is readable. Returns 0 or -error.
 */
int control_write(const struct ksctl *ctx, const char *text, struct control_result *result);
void control_result_free(struct control_result *result);

/* What the operator can do about control-file error @error. */
const char *control_error_hint(int error, bool at_open);

/*
 * Fill @failure for a failed transaction described by @what ("engage foo
 * -1"). Returns the message, which the caller frees after using @failure.
 */
struct ksctl_failure;
char *control_describe_failure(const char *what, const struct control_result *result,
			       struct ksctl_failure *failure);

/* Report a failed transaction described by @what; returns KSCTL_EXIT_FAILURE. */
int control_report_failure(struct ksctl *ctx, const char *what,
			   const struct control_result *result);

/* The errno name of positive @error, "EPERM", or NULL when unknown. */
const char *errno_name_of(int error);

#endif /* KSCTL_CONTROL_H */
