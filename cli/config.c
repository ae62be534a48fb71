// SPDX-License-Identifier: GPL-2.0
/* Configuration file parsing for `ksctl apply`; see config.h. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "ks_parse.h"

#define CONFIG_MAX_TOKENS 8

static void add_error(struct config_file *file, unsigned int line, char *message)
{
	file->errors = xrealloc(file->errors, (file->error_count + 1) * sizeof(*file->errors));
	file->errors[file->error_count].line = line;
	file->errors[file->error_count].message = message;
	file->error_count++;
}

/* Cut a "#" comment that starts a token; "foo#bar" is left for the parser to reject. */
static void strip_comment(char *line)
{
	char *p;

	for (p = line; *p; p++) {
		if (*p == '#' && (p == line || p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			return;
		}
	}
}

/* Split @line at whitespace; returns the count, or CONFIG_MAX_TOKENS + 1 if too many. */
static int split_tokens(char *line, char **tokens)
{
	char *save = NULL;
	char *token;
	int count = 0;

	for (token = strtok_r(line, " \t\r", &save); token; token = strtok_r(NULL, " \t\r", &save)) {
		if (count == CONFIG_MAX_TOKENS)
			return CONFIG_MAX_TOKENS + 1;
		tokens[count++] = token;
	}
	return count;
}

/*
 * Parse the options and positional tokens of one line into @entry.
 * Returns NULL, or an error message for the line.
 */
static char *parse_tokens(char **tokens, int count, struct config_entry *entry,
			  const char **seconds_text)
{
	const char *positional[2];
	int positional_count = 0;
	int i;

	for (i = 0; i < count; i++) {
		if (strcmp(tokens[i], "--force") == 0) {
			entry->force = true;
		} else if (strcmp(tokens[i], "--probe") == 0) {
			if (i + 1 == count)
				return xstrdup("--probe needs a number of seconds");
			*seconds_text = tokens[++i];
			entry->probe = true;
		} else if (has_prefix(tokens[i], "--probe=")) {
			*seconds_text = tokens[i] + strlen("--probe=");
			entry->probe = true;
		} else if (has_prefix(tokens[i], "--")) {
			return xasprintf("unknown option '%s' (use --probe SECONDS or --force)", tokens[i]);
		} else if (positional_count == 2) {
			return xasprintf("unexpected '%s': a line is SYMBOL RETVAL [--probe SECONDS] [--force]",
					 tokens[i]);
		} else {
			positional[positional_count++] = tokens[i];
		}
	}
	if (positional_count < 2)
		return xstrdup("missing RETVAL: a line is SYMBOL RETVAL [--probe SECONDS] [--force]");

	entry->symbol = xstrdup(positional[0]);
	entry->retval_text = xstrdup(positional[1]);
	return NULL;
}

/* Check @entry by parsing its control-language form; returns NULL or a message. */
static char *check_with_kernel_parser(struct config_entry *entry, const char *seconds_text)
{
	struct ks_parse_error error = { 0 };
	struct ks_cmd cmd;
	char *line;
	char *message = NULL;

	if (entry->probe)
		line = xasprintf("tryengage %s %s %s", entry->symbol, entry->retval_text, seconds_text);
	else
		line = xasprintf("engage %s %s", entry->symbol, entry->retval_text);

	if (ks_parse_line(line, entry->line, &cmd, &error) != 0) {
		message = xasprintf("%s: '%s'", error.reason, error.token);
	} else {
		entry->retval = cmd.retval;
		entry->seconds = cmd.seconds;
	}
	free(line);
	return message;
}

static const struct config_entry *find_entry(const struct config_file *file, const char *symbol)
{
	size_t i;

	if (!symbol)
		return NULL;
	for (i = 0; i < file->entry_count; i++) {
		if (file->entries[i].symbol && strcmp(file->entries[i].symbol, symbol) == 0)
			return &file->entries[i];
	}
	return NULL;
}

static void parse_line(struct config_file *file, char *line, unsigned int lineno)
{
	char *tokens[CONFIG_MAX_TOKENS];
	const char *seconds_text = NULL;
	const struct config_entry *earlier;
	struct config_entry entry = { .line = lineno };
	char *message;
	int count;

	strip_comment(line);
	count = split_tokens(line, tokens);
	if (count == 0)
		return;
	if (count > CONFIG_MAX_TOKENS) {
		add_error(file, lineno, xstrdup("too many words: a line is SYMBOL RETVAL [--probe SECONDS] [--force]"));
		return;
	}

	message = parse_tokens(tokens, count, &entry, &seconds_text);
	if (!message)
		message = check_with_kernel_parser(&entry, seconds_text);
	if (!message) {
		earlier = find_entry(file, entry.symbol);
		if (earlier)
			message = xasprintf("%s is already listed on line %u", entry.symbol, earlier->line);
	}
	if (message) {
		add_error(file, lineno, message);
		free(entry.symbol);
		free(entry.retval_text);
		return;
	}

	file->entries = xrealloc(file->entries, (file->entry_count + 1) * sizeof(*file->entries));
	file->entries[file->entry_count++] = entry;
}

void config_parse_text(const char *path, const char *text, struct config_file *out)
{
	unsigned int lineno = 0;
	char *copy = xstrdup(text);
	char *line;
	char *next;

	memset(out, 0, sizeof(*out));
	out->path = xstrdup(path);
	for (line = copy; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		parse_line(out, line, lineno);
	}
	free(copy);
}

int config_load(const char *path, struct config_file *out)
{
	size_t len;
	char *text;
	int ret;

	ret = read_text_file(path, &text, &len);
	if (ret) {
		config_parse_text(path, "", out);
		add_error(out, 0, xasprintf("cannot read the file: %s", strerror(-ret)));
		return ret;
	}
	config_parse_text(path, text, out);
	/* The text stops at a NUL byte; reject the file as the kernel would. */
	if (strlen(text) != len)
		add_error(out, 0, xstrdup("the file contains a NUL byte"));
	free(text);
	return 0;
}

void config_file_free(struct config_file *file)
{
	size_t i;

	for (i = 0; i < file->entry_count; i++) {
		free(file->entries[i].symbol);
		free(file->entries[i].retval_text);
	}
	for (i = 0; i < file->error_count; i++)
		free(file->errors[i].message);
	free(file->entries);
	free(file->errors);
	free(file->path);
	memset(file, 0, sizeof(*file));
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_conf_name(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && len > 5 && strcmp(name + len - 5, ".conf") == 0;
}

int config_collect_paths(const char *path, struct strlist *files)
{
	struct strlist names = { 0 };
	struct dirent *entry;
	struct stat st;
	size_t i;
	DIR *dir;

	if (stat(path, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode)) {
		strlist_add(files, xstrdup(path));
		return 0;
	}

	dir = opendir(path);
	if (!dir)
		return -errno;
	while ((entry = readdir(dir))) {
		if (is_conf_name(entry->d_name))
			strlist_add(&names, xstrdup(entry->d_name));
	}
	closedir(dir);

	if (names.count)
		qsort(names.items, names.count, sizeof(*names.items), compare_names);
	for (i = 0; i < names.count; i++)
		strlist_add(files, xasprintf("%s/%s", path, names.items[i]));
	strlist_free(&names);
	return 0;
}
