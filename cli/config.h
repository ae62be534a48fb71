/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Configuration files of `ksctl apply`: one engagement per line,
 *
 *   SYMBOL RETVAL [--probe SECONDS] [--force]   # comment
 *
 * Each line is turned into a control-language line ("engage ..." or
 * "tryengage ...") and checked with the kernel's own parser, ks_parse_line().
 */
#ifndef KSCTL_CONFIG_H
#define KSCTL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "ksctl.h"

struct config_entry {
	unsigned int line;
	char *symbol;
	char *retval_text;
	long long retval;
	bool probe;
	unsigned int seconds;
	bool force;
};

struct config_error {
	unsigned int line;
	char *message;
};

struct config_file {
	char *path;
	struct config_entry *entries;
	size_t entry_count;
	struct config_error *errors;
	size_t error_count;
};

/*
 * Parse the text of one configuration file, named @path in messages. Bad
 * lines go to out->errors; a file with any error must not be applied.
 */
void config_parse_text(const char *path, const char *text, struct config_file *out);
/*
 * Read and parse @path. Returns 0, or a negative errno from reading it, in
 * which case @out contains that as an error of line 0.
 */
int config_load(const char *path, struct config_file *out);
void config_file_free(struct config_file *file);

/*
 * Add @path to @files: a directory adds its *.conf files in name order, a
 * file adds itself. Returns 0 or a negative errno (-ENOENT: missing).
 */
int config_collect_paths(const char *path, struct strlist *files);

#endif /* KSCTL_CONFIG_H */
