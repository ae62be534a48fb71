/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ksctl: the operator's tool for killswitch.ko. Shared declarations: the
 * run context, small helpers, error reporting and the command handlers.
 */
#ifndef KSCTL_H
#define KSCTL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "json.h"

/* Exit statuses: 0 success, 1 an operation failed, 2 a usage error. */
#define KSCTL_EXIT_OK		0
#define KSCTL_EXIT_FAILURE	1
#define KSCTL_EXIT_USAGE	2

/* The killswitch securityfs directory, below the root prefix. */
#define KSCTL_KS_DIR		"/sys/kernel/security/killswitch"
/* Configuration that `ksctl apply` reads when given no path. */
#define KSCTL_CONFIG_DIR	"/etc/killswitch.d"

struct ksctl {
	/* Prefix of every system path: "" for the real root, else "/some/dir". */
	char *root;
	/* Release whose /lib/modules tree the module search reads. */
	char *kernel_release;
	/* Print JSON instead of text. */
	bool json;
	/* Command being run, for error messages ("engage"). */
	const char *command;
	struct json_writer out;
};

/* util.c: memory, strings, paths and files. Allocation failure exits. */
void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *text);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list args);

char *ksctl_path(const struct ksctl *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int read_text_file(const char *path, char **text, size_t *len);
bool path_exists(const char *path);
char *trim(char *text);
bool has_prefix(const char *text, const char *prefix);
int parse_ullong(const char *text, unsigned long long max, unsigned long long *value);

/* A growable string. */
struct strbuf {
	char *data;
	size_t len;
	size_t cap;
};
void strbuf_append(struct strbuf *sb, const char *text);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void strbuf_free(struct strbuf *sb);

/* A growable list of owned strings. */
struct strlist {
	char **items;
	size_t count;
	size_t cap;
};
void strlist_add(struct strlist *list, char *owned);
bool strlist_contains(const struct strlist *list, const char *text);
void strlist_free(struct strlist *list);

/* report.c: failures, printed as text on stderr or as a JSON object. */
struct ksctl_failure {
	const char *message;
	/* Errno name behind the failure ("EBUSY"), or NULL. */
	const char *errno_name;
	/* Advice for the operator, or NULL. */
	const char *hint;
	/* Kernel log lines about the failure, or NULL. */
	const char *kernel_log;
};
int ksctl_fail(struct ksctl *ctx, const struct ksctl_failure *failure);
int ksctl_error(struct ksctl *ctx, const char *hint, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int ksctl_usage_error(struct ksctl *ctx, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ksctl_write_failure_json(struct ksctl *ctx, const struct ksctl_failure *failure);

/* opts.c: option matching shared by the command parsers. */
int opt_match(int argc, char **argv, int *index, const char *name,
	      const char **value);
bool opt_is_flag(const char *arg, const char *name);

/* main.c */
int ksctl_parse_global(struct ksctl *ctx, int *argc, char **argv,
		       bool *help);
void ksctl_free(struct ksctl *ctx);
int ksctl_main(int argc, char **argv);

/* Command handlers; argv[0] is the command name. */
int cmd_status(struct ksctl *ctx, int argc, char **argv);
int cmd_engage(struct ksctl *ctx, int argc, char **argv);
int cmd_disengage(struct ksctl *ctx, int argc, char **argv);
int cmd_check(struct ksctl *ctx, int argc, char **argv);
int cmd_watch(struct ksctl *ctx, int argc, char **argv);
int cmd_apply(struct ksctl *ctx, int argc, char **argv);
int cmd_errno(struct ksctl *ctx, int argc, char **argv);
int cmd_catalog(struct ksctl *ctx, int argc, char **argv);
int cmd_help(struct ksctl *ctx, int argc, char **argv);

/* help.c */
struct ksctl_command {
	const char *name;
	int (*run)(struct ksctl *ctx, int argc, char **argv);
	const char *usage;
	const char *summary;
	const char *details;
};
const struct ksctl_command *ksctl_find_command(const char *name);
const struct ksctl_command *ksctl_commands(size_t *count);
int ksctl_print_help(struct ksctl *ctx, const char *command);

#endif /* KSCTL_H */
