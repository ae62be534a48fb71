/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsed arguments of the commands. Each parser returns 0, or the exit
 * status of the usage error it already reported.
 */
#ifndef KSCTL_COMMANDS_H
#define KSCTL_COMMANDS_H

#include "ks_parse.h"

#include <stdbool.h>

struct ksctl;

/* A [MODULE:]SYMBOL argument, split in its own buffer. */
struct target_arg {
	char text[KS_MODULE_MAX + 1 + KS_SYMBOL_MAX + 1];
	/* NULL unless given as MODULE:SYMBOL. */
	const char *module;
	const char *symbol;
};

/* Split and validate @text into @out; 0, or -EINVAL with a usage error. */
int target_parse(struct ksctl *ctx, const char *text, struct target_arg *out);

struct engage_args {
	struct target_arg target;
	const char *symbol;
	const char *retval_text;
	long long retval;
	/* --probe SECONDS: tryengage instead of engage. */
	bool probe;
	unsigned int seconds;
	bool force;
	/* --scope and --reason; NULL when not given. */
	const char *scope;
	const char *reason;
};
int engage_parse_args(struct ksctl *ctx, int argc, char **argv, struct engage_args *out);
/* The control-language line for @args, validated with ks_parse_line(). */
char *engage_command_line(const struct engage_args *args);

struct disengage_args {
	struct target_arg target;
	const char *symbol;
	bool all;
};
int disengage_parse_args(struct ksctl *ctx, int argc, char **argv, struct disengage_args *out);

struct check_args {
	struct target_arg target;
	const char *symbol;
	bool has_retval;
	long long retval;
};
int check_parse_args(struct ksctl *ctx, int argc, char **argv, struct check_args *out);

struct watch_args {
	/* Refresh period in milliseconds. */
	unsigned int interval_ms;
	/* Number of refreshes; 0 means until SIGINT. */
	unsigned long long count;
};
int watch_parse_args(struct ksctl *ctx, int argc, char **argv, struct watch_args *out);
/* Parse "2", "0.5" or "1.25" seconds into milliseconds, 10 ms .. 1 hour. */
int parse_interval_ms(const char *text, unsigned int *ms);

struct apply_args {
	/* Files and directories; none means KSCTL_CONFIG_DIR. */
	char **paths;
	int path_count;
	bool dry_run;
};
int apply_parse_args(struct ksctl *ctx, int argc, char **argv, struct apply_args *out);

/* Parse "EPERM", "-EPERM", "1" or "-1" into the positive errno value. */
int errno_lookup(const char *text, int *value, const char **name);

#endif /* KSCTL_COMMANDS_H */
