// SPDX-License-Identifier: GPL-2.0
/*
 * Whether the kprobe layer accepts the symbol and whether another ftrace
 * user already redirects it. killswitch's kprobe has a post handler, so on
 * an ftrace-based kprobe the kprobe layer uses its IPMODIFY ftrace_ops,
 * and ftrace allows only one IPMODIFY user per function.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ksctl.h"
#include "preflight.h"

/*
 * Whether a "NAME [MODULE]" listing names our symbol: the name matches and,
 * when both sides know the module, the module matches too.
 */
static bool listing_matches(const char *name, const char *module,
			    const struct preflight_state *state)
{
	const char *own_module = preflight_kallsyms_module(state);

	if (strcmp(name, state->request->symbol) != 0)
		return false;
	if (!module || !state->kallsyms_read || state->exact.count == 0)
		return true;
	return own_module && strcmp(module, own_module) == 0;
}

/* Split "[mod]" into "mod" in place; NULL when @token is no module column. */
static char *module_column(char *token)
{
	if (!token || token[0] != '[')
		return NULL;
	token++;
	token[strcspn(token, "]")] = '\0';
	return token;
}

/* Open the first readable file of @paths below the root prefix. */
static FILE *open_first(const struct ksctl *ctx, const char *const *paths,
			size_t count, char **opened, int *error)
{
	size_t i;

	*error = ENOENT;
	for (i = 0; i < count; i++) {
		char *path = ksctl_path(ctx, "%s", paths[i]);
		FILE *file = fopen(path, "re");

		if (file) {
			*opened = path;
			return file;
		}
		*error = errno;
		free(path);
	}
	*opened = NULL;
	return NULL;
}

void rule_blacklist(struct preflight_state *state)
{
	static const char *const paths[] = { "/sys/kernel/debug/kprobes/blacklist" };
	const char *symbol = state->request->symbol;
	bool listed = false;
	char *line = NULL;
	size_t cap = 0;
	char *opened;
	FILE *file;
	int error;

	file = open_first(state->ctx, paths, 1, &opened, &error);
	if (!file) {
		findings_add(&state->result->findings, FINDING_WARNING, "blacklist",
			     xasprintf("cannot read the kprobe blacklist %s: %s", paths[0],
				       strerror(error)),
			     xstrdup("mount debugfs (mount -t debugfs none /sys/kernel/debug) and run as root to check it"));
		return;
	}

	/* Lines are "0xSTART-0xEND\tNAME" with an optional "\t[MODULE]". */
	while (!listed && getline(&line, &cap, file) > 0) {
		char *save = NULL;
		char *name;

		if (!strtok_r(line, " \t\n", &save))
			continue;
		name = strtok_r(NULL, " \t\n", &save);
		if (name && listing_matches(name, module_column(strtok_r(NULL, " \t\n", &save)), state))
			listed = true;
	}
	free(line);
	fclose(file);

	if (listed)
		findings_add(&state->result->findings, FINDING_ERROR, "blacklist",
			     xasprintf("%s is on the kprobe blacklist (%s): the kprobe layer rejects it with EINVAL",
				       symbol, opened),
			     xstrdup("engage a caller or a callee of it instead"));
	else
		findings_add(&state->result->findings, FINDING_OK, "blacklist",
			     xasprintf("%s is not on the kprobe blacklist", symbol), NULL);
	free(opened);
}

void rule_ftrace_entry(struct preflight_state *state)
{
	static const char *const paths[] = {
		"/sys/kernel/tracing/available_filter_functions",
		"/sys/kernel/debug/tracing/available_filter_functions",
	};
	const char *symbol = state->request->symbol;
	bool listed = false;
	char *line = NULL;
	size_t cap = 0;
	char *opened;
	FILE *file;
	int error;

	file = open_first(state->ctx, paths, 2, &opened, &error);
	if (!file) {
		findings_add(&state->result->findings, FINDING_WARNING, "ftrace",
			     xasprintf("cannot read %s: %s", paths[0], strerror(error)),
			     xstrdup("mount tracefs (mount -t tracefs none /sys/kernel/tracing) and run as root to check it"));
		return;
	}

	/* Lines are "NAME" or "NAME [MODULE]". */
	while (!listed && getline(&line, &cap, file) > 0) {
		char *save = NULL;
		char *name = strtok_r(line, " \t\n", &save);

		if (name && listing_matches(name, module_column(strtok_r(NULL, " \t\n", &save)), state))
			listed = true;
	}
	free(line);
	fclose(file);
	free(opened);

	if (listed)
		findings_add(&state->result->findings, FINDING_OK, "ftrace",
			     xasprintf("%s has an ftrace entry: the kprobe sits on it at no extra cost", symbol),
			     NULL);
	else
		findings_add(&state->result->findings, FINDING_WARNING, "ftrace",
			     xasprintf("%s is not in available_filter_functions (notrace, or no ftrace entry): the kprobe uses an int3 breakpoint instead",
				       symbol),
			     xstrdup("this works, but each call takes a trap; make sure the function is not notrace because it runs where a trap is unsafe"));
}

/* Whether livepatch directory entry @name ("FUNC,SYMPOS") patches @symbol. */
static bool livepatch_entry_matches(const char *name, const char *symbol)
{
	size_t len = strlen(symbol);

	return strncmp(name, symbol, len) == 0 && (name[len] == '\0' || name[len] == ',');
}

/* Search one patch directory, /sys/kernel/livepatch/PATCH/OBJECT/FUNC,SYMPOS. */
static bool livepatch_search(const char *patch_dir, const char *symbol,
			     char **object_out)
{
	struct dirent *object;
	bool found = false;
	DIR *patch;

	patch = opendir(patch_dir);
	if (!patch)
		return false;
	while (!found && (object = readdir(patch))) {
		struct dirent *func;
		char *object_path;
		DIR *dir;

		if (object->d_name[0] == '.')
			continue;
		object_path = xasprintf("%s/%s", patch_dir, object->d_name);
		dir = opendir(object_path);
		free(object_path);
		if (!dir)
			continue;
		while ((func = readdir(dir))) {
			if (livepatch_entry_matches(func->d_name, symbol)) {
				*object_out = xstrdup(object->d_name);
				found = true;
				break;
			}
		}
		closedir(dir);
	}
	closedir(patch);
	return found;
}

void rule_livepatch(struct preflight_state *state)
{
	const char *symbol = state->request->symbol;
	struct dirent *entry;
	bool found = false;
	char *root;
	DIR *dir;

	root = ksctl_path(state->ctx, "/sys/kernel/livepatch");
	dir = opendir(root);
	if (!dir) {
		/* No livepatch support, or no patch was ever loaded. */
		findings_add(&state->result->findings, FINDING_OK, "livepatch",
			     xasprintf("%s is not livepatched", symbol), NULL);
		free(root);
		return;
	}

	while ((entry = readdir(dir))) {
		char *object = NULL;
		char *patch_dir;

		if (entry->d_name[0] == '.')
			continue;
		patch_dir = xasprintf("%s/%s", root, entry->d_name);
		if (livepatch_search(patch_dir, symbol, &object)) {
			findings_add(&state->result->findings, FINDING_ERROR, "livepatch",
				     xasprintf("%s is patched by livepatch %s (object %s): livepatch and killswitch both redirect it and cannot coexist",
					       symbol, entry->d_name, object),
				     xasprintf("disable the livepatch (echo 0 > /sys/kernel/livepatch/%s/enabled) or engage another function",
					       entry->d_name));
			free(object);
			found = true;
		}
		free(patch_dir);
	}
	closedir(dir);
	free(root);

	if (!found)
		findings_add(&state->result->findings, FINDING_OK, "livepatch",
			     xasprintf("%s is not livepatched", symbol), NULL);
}

/*
 * One record of enabled_functions: "NAME [MODULE] (COUNT) FLAGS\ttramp: ..."
 * where FLAGS has R (regs), I (IPMODIFY), D (direct call), O and M. A record
 * may continue on lines that start with a tab ("\tdirect-->ADDR"). The
 * format is that of ftrace.c's t_show() in Linux 6.1 and 6.12.
 */
struct ftrace_record {
	bool ipmodify;
	bool direct;
	bool kprobe_ops;
};

static void parse_ftrace_flags(const char *line, struct ftrace_record *record)
{
	size_t flags_len = strcspn(line, "\t\n");
	char *flags = xmalloc(flags_len + 1);
	char *save = NULL;
	char *token;
	bool after_count = false;

	memcpy(flags, line, flags_len);
	flags[flags_len] = '\0';
	for (token = strtok_r(flags, " ", &save); token; token = strtok_r(NULL, " ", &save)) {
		if (token[0] == '(') {
			after_count = true;
			continue;
		}
		if (!after_count)
			continue;
		if (strcmp(token, "I") == 0)
			record->ipmodify = true;
		else if (strcmp(token, "D") == 0)
			record->direct = true;
	}
	free(flags);

	/*
	 * " ->FUNC" after a trampoline only names what the trampoline calls;
	 * a direct call shows as the D flag and a "direct-->" line.
	 */
	if (strstr(line, "direct-->"))
		record->direct = true;
	if (strstr(line, "kprobe_ftrace_handler"))
		record->kprobe_ops = true;
}

/* Read the record of our symbol from enabled_functions; false when it has none. */
static bool find_ftrace_record(FILE *file, const struct preflight_state *state,
			       struct ftrace_record *record)
{
	bool in_record = false;
	char *line = NULL;
	size_t cap = 0;

	memset(record, 0, sizeof(*record));
	while (getline(&line, &cap, file) > 0) {
		char *copy;
		char *save = NULL;
		char *name;
		char *module;

		if (line[0] == '\t' || line[0] == ' ') {
			if (in_record && strstr(line, "direct-->"))
				record->direct = true;
			continue;
		}
		if (in_record)
			break;

		copy = xstrdup(line);
		name = strtok_r(copy, " \t\n", &save);
		module = module_column(strtok_r(NULL, " \t\n", &save));
		if (name && listing_matches(name, module, state)) {
			in_record = true;
			parse_ftrace_flags(line, record);
		}
		free(copy);
	}
	free(line);
	return in_record;
}

void rule_ipmodify(struct preflight_state *state)
{
	static const char *const paths[] = {
		"/sys/kernel/tracing/enabled_functions",
		"/sys/kernel/debug/tracing/enabled_functions",
	};
	const char *symbol = state->request->symbol;
	struct ftrace_record record;
	char *opened;
	FILE *file;
	bool found;
	int error;

	file = open_first(state->ctx, paths, 2, &opened, &error);
	if (!file) {
		findings_add(&state->result->findings, FINDING_WARNING, "ipmodify",
			     xasprintf("cannot read %s: %s", paths[0], strerror(error)),
			     xstrdup("mount tracefs (mount -t tracefs none /sys/kernel/tracing) and run as root to check it"));
		return;
	}
	found = find_ftrace_record(file, state, &record);
	fclose(file);
	free(opened);

	if (found && engaged_find(&state->engaged, symbol)) {
		/* killswitch's own kprobe: the "engaged" finding reports it. */
		findings_add(&state->result->findings, FINDING_OK, "ipmodify",
			     xasprintf("the ftrace entry of %s is killswitch's own engagement", symbol),
			     NULL);
	} else if (found && record.direct) {
		findings_add(&state->result->findings, FINDING_ERROR, "ipmodify",
			     xasprintf("%s has a direct ftrace call (a BPF trampoline): it cannot coexist with the engagement",
				       symbol),
			     xstrdup("detach the BPF program (bpftool link) or engage another function"));
	} else if (found && record.ipmodify && record.kprobe_ops) {
		findings_add(&state->result->findings, FINDING_WARNING, "ipmodify",
			     xasprintf("another kprobe with a post handler is on %s; killswitch's kprobe will share its ftrace entry",
				       symbol),
			     xstrdup("make sure that kprobe's user expects the function to be skipped"));
	} else if (found && record.ipmodify) {
		findings_add(&state->result->findings, FINDING_ERROR, "ipmodify",
			     xasprintf("another ftrace user modifies the instruction pointer of %s (flag I in enabled_functions): it cannot coexist with the engagement",
				       symbol),
			     xstrdup("find it in /sys/kernel/tracing/enabled_functions, remove it, or engage another function"));
	} else {
		findings_add(&state->result->findings, FINDING_OK, "ipmodify",
			     xasprintf("no other ftrace user modifies the instruction pointer of %s", symbol),
			     NULL);
	}
}
