// SPDX-License-Identifier: GPL-2.0
/* The command table and the help texts. */
#include <string.h>

#include "ksctl.h"

static const struct ksctl_command commands[] = {
	{
		"status", cmd_status, "ksctl status [--prometheus]",
		"show engaged functions, kernel taint and lockdown",
		"Lists each engagement with its module, return value (with the errno\n"
		"name), state, hit count and prototype from BTF, and whether the kernel\n"
		"is tainted (/proc/sys/kernel/tainted) and locked down\n"
		"(/sys/kernel/security/lockdown).\n"
		"\n"
		"  --prometheus  print the state and the catalog coverage as Prometheus\n"
		"                metrics (text format 0.0.4), for the node_exporter\n"
		"                textfile collector; metric names are in ksctl(8)\n",
	},
	{
		"engage", cmd_engage,
		"ksctl engage [MODULE:]SYMBOL RETVAL [--probe SECONDS] [--scope SCOPE] [--reason TEXT] [--force]",
		"make SYMBOL return RETVAL without running its body",
		"RETVAL is a decimal or 0x number, or -ENAME such as -EPERM.\n"
		"MODULE:SYMBOL engages a function of a module that need not be loaded:\n"
		"the engagement stays pending and arms when the module loads.\n"
		"Runs the checks of 'ksctl check' first and refuses on an error unless\n"
		"--force is given.\n"
		"\n"
		"  --probe SECONDS  count calls for SECONDS (0 to 86400) and engage only\n"
		"                   if none was seen; otherwise drop the engagement\n"
		"  --scope SCOPE    all (default), userns (block only callers in a user\n"
		"                   namespace) or unpriv (block only callers without\n"
		"                   CAP_SYS_ADMIN)\n"
		"  --reason TEXT    a tag such as a CVE id, 1 to 64 of A-Z a-z 0-9 . _ : / + -\n"
		"  --force          engage even when the checks found errors\n",
	},
	{
		"disengage", cmd_disengage, "ksctl disengage [MODULE:]SYMBOL|--all",
		"let SYMBOL, or every engaged function, run normally again",
		"  --all  disengage everything in one transaction\n",
	},
	{
		"check", cmd_check, "ksctl check [MODULE:]SYMBOL [RETVAL]",
		"run the preflight checks without engaging",
		"Checks that the symbol exists (in vmlinux, a loaded module, or a module\n"
		"file not loaded yet), that the kprobe layer accepts it, which compiler\n"
		"clones would keep running its body, its prototype from BTF and whether\n"
		"RETVAL fits the return type, and that no livepatch or other ftrace user\n"
		"redirects it. Each finding is ok, warning or error, with what to do.\n"
		"Exits 1 when any finding is an error.\n",
	},
	{
		"watch", cmd_watch, "ksctl watch [--interval SECONDS] [--count N]",
		"show hits per engaged function, refreshing until Ctrl-C",
		"  --interval SECONDS  time between refreshes, 0.01 to 3600 (default 2)\n"
		"  --count N           stop after N refreshes\n"
		"With --json, prints one JSON document per refresh.\n",
	},
	{
		"apply", cmd_apply, "ksctl apply [FILE|DIR...] [--dry-run]",
		"engage what configuration files list (default /etc/killswitch.d/*.conf)",
		"Each line is '[MODULE:]SYMBOL RETVAL [--probe SECONDS] [--force]'; '#'\n"
		"starts a comment. A directory means its *.conf files in name order. Functions\n"
		"already engaged are skipped. A file with an invalid line is reported\n"
		"with FILE:LINE and nothing of it is applied.\n"
		"\n"
		"  --dry-run  show what would change, change nothing\n",
	},
	{
		"catalog", cmd_catalog,
		"ksctl catalog list [--applicable] | show CVE | apply CVE...|--all-applicable [--dry-run] [--ignore-version] [--force]",
		"list, show and apply the mitigations of the CVE catalog",
		"The catalog holds one JSON file per CVE (see docs/catalog.md) in\n"
		"/usr/share/killswitch/catalog, or --catalog DIR, or $KSCTL_CATALOG.\n"
		"Applicability compares the kernel's stable version (from uname -v on\n"
		"Debian, else uname -r; --kernel-version X.Y.Z or $KSCTL_KERNEL_VERSION\n"
		"overrides it) with the entry's first fixed version of that line: a fixed\n"
		"kernel is skipped, a line with an unknown fixed version applies with a\n"
		"warning.\n"
		"\n"
		"  list [--applicable]  every entry, or those that apply to this kernel\n"
		"  show CVE             the whole entry: versions with their sources,\n"
		"                       targets, rationale\n"
		"  apply CVE...         preflight every target of each CVE, then engage\n"
		"                       them in one transaction per CVE (all or nothing)\n"
		"  --all-applicable     apply every entry that applies to this kernel\n"
		"  --dry-run            show the transactions, change nothing\n"
		"  --ignore-version     apply even when the kernel is fixed\n"
		"  --force              engage even when the preflight found errors\n"
		"  --catalog DIR        read the catalog from DIR\n"
		"  --kernel-version V   take V as the running stable version\n",
	},
	{
		"errno", cmd_errno, "ksctl errno [NAME|NUMBER]",
		"translate errno names and numbers (EPERM <-> 1)",
		"Accepts EPERM, -EPERM, 1 or -1. Without an argument, prints the table.\n",
	},
	{
		"help", cmd_help, "ksctl help [COMMAND]",
		"show the commands, or the help of one command",
		"",
	},
};

#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

static const char global_options[] =
	"Options for every command:\n"
	"  --json                 print JSON instead of text (errors too)\n"
	"  --root DIR             read /sys, /proc, /lib/modules and /etc below DIR\n"
	"                         (default: $KSCTL_ROOT, else /)\n"
	"  --kernel-release REL   search the modules of REL (default: uname -r)\n"
	"  -h, --help             show help\n";

const struct ksctl_command *ksctl_commands(size_t *count)
{
	*count = COMMAND_COUNT;
	return commands;
}

const struct ksctl_command *ksctl_find_command(const char *name)
{
	size_t i;

	for (i = 0; i < COMMAND_COUNT; i++) {
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	}
	return NULL;
}

static void write_command_json(struct json_writer *w, const struct ksctl_command *command)
{
	json_object_begin(w);
	json_kv_string(w, "name", command->name);
	json_kv_string(w, "usage", command->usage);
	json_kv_string(w, "summary", command->summary);
	json_kv_string(w, "details", command->details);
	json_object_end(w);
}

/* Print the help of @name, or the overview when @name is NULL. */
int ksctl_print_help(struct ksctl *ctx, const char *name)
{
	const struct ksctl_command *command = NULL;
	size_t i;

	if (name) {
		command = ksctl_find_command(name);
		if (!command)
			return ksctl_usage_error(ctx, "unknown command '%s'", name);
	}

	if (ctx->json) {
		if (command) {
			write_command_json(&ctx->out, command);
			return KSCTL_EXIT_OK;
		}
		json_object_begin(&ctx->out);
		json_key(&ctx->out, "commands");
		json_array_begin(&ctx->out);
		for (i = 0; i < COMMAND_COUNT; i++)
			write_command_json(&ctx->out, &commands[i]);
		json_array_end(&ctx->out);
		json_object_end(&ctx->out);
		return KSCTL_EXIT_OK;
	}

	if (command) {
		printf("usage: %s\n\n%s.\n", command->usage, command->summary);
		if (command->details[0])
			printf("\n%s", command->details);
		printf("\n%s", global_options);
		return KSCTL_EXIT_OK;
	}

	printf("usage: ksctl [OPTIONS] COMMAND [ARGS]\n\n"
	       "Control killswitch.ko, which makes a kernel function return a fixed value.\n\n"
	       "Commands:\n");
	for (i = 0; i < COMMAND_COUNT; i++)
		printf("  %-10s %s\n", commands[i].name, commands[i].summary);
	printf("\n%s\nRun 'ksctl help COMMAND' or 'ksctl COMMAND --help' for the details.\n",
	       global_options);
	return KSCTL_EXIT_OK;
}

int cmd_help(struct ksctl *ctx, int argc, char **argv)
{
	if (argc > 2)
		return ksctl_usage_error(ctx, "too many arguments: '%s'", argv[2]);
	return ksctl_print_help(ctx, argc == 2 ? argv[1] : NULL);
}
