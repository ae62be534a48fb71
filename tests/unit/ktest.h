/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small TAP harness for the ksctl unit tests. Each check prints
 * "ok N - NAME" or "not ok N - NAME" with "# " diagnostics; the run ends
 * with the plan and one "N passed, N failed" line.
 */
#ifndef KTEST_H
#define KTEST_H

#include <stdbool.h>
#include <stddef.h>

#include "ksctl.h"

/* Record one check; @diag_fmt explains a failure (printf format, may be NULL). */
bool kt_check(bool passed, const char *name, const char *diag_fmt, ...)
	__attribute__((format(printf, 3, 4)));
bool kt_eq_int(const char *name, long long expected, long long actual);
bool kt_eq_str(const char *name, const char *expected, const char *actual);
/* Pass when @needle occurs in @haystack. */
bool kt_contains(const char *name, const char *haystack, const char *needle);
bool kt_not_contains(const char *name, const char *haystack, const char *needle);
void kt_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A fresh, empty directory $KSCTL_SCRATCH/NAME; owned string. */
char *kt_scratch(const char *name);
/* Write @content to ROOT/REL, creating the directories on the way. */
void kt_write(const char *root, const char *rel, const char *content);
void kt_write_bytes(const char *root, const char *rel, const void *data, size_t size);
void kt_mkdir(const char *root, const char *rel);
/* Read ROOT/REL; owned string, "" when missing. */
char *kt_read(const char *root, const char *rel);
/* Path of fixture NAME built by the Makefile ($KSCTL_FIXTURES); owned string. */
char *kt_fixture(const char *name);

/*
 * Run shell command @command and capture its standard output (and, with
 * @with_stderr, its standard error too). Returns the exit status.
 */
int kt_run(const char *command, bool with_stderr, char **output);
/* Run the ASan build of ksctl with @args (shell words) against @root. */
int kt_ksctl(const char *root, const char *args, char **output);
/* Whether @text is valid JSON per the ksjson checker. */
bool kt_valid_json(const char *text);
/* The value at ksjson PATH in JSON @text; owned string without the newline. */
char *kt_json_get(const char *text, const char *path);

/* A context for calling ksctl functions in-process against @root. */
void kt_context(struct ksctl *ctx, const char *root, const char *kernel_release);

/* Silence stderr around calls that print usage errors. */
void kt_quiet_begin(void);
void kt_quiet_end(void);

/* BTF fixtures of test_ksctl_btf.c: a small "vmlinux" with one function per return type. */
struct btf;
struct btf *kt_build_vmlinux_btf(void);
/* Write the raw BTF of @btf (its split part only, for split BTF) to ROOT/REL. */
void kt_write_btf(const char *root, const char *rel, const struct btf *btf);

/* Test groups, one per test_ksctl_*.c file. */
void test_args(void);
void test_errno(void);
void test_engaged(void);
void test_preflight(void);
void test_modules(void);
void test_btf(void);
void test_config(void);
void test_json(void);
void test_catalog(void);
void test_metrics(void);

#endif /* KTEST_H */
