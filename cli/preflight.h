/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Preflight: the checks `ksctl check` prints and `ksctl engage` runs before
 * it writes to the control file.
 */
#ifndef KSCTL_PREFLIGHT_H
#define KSCTL_PREFLIGHT_H

#include <stdbool.h>

#include "btfinfo.h"
#include "engaged.h"
#include "findings.h"
#include "kallsyms.h"
#include "modfile.h"

struct ksctl;

struct preflight_request {
	const char *symbol;
	/* The MODULE of a MODULE:SYMBOL target, or NULL. */
	const char *module;
	bool has_retval;
	long long retval;
};

struct clone_info {
	char *name;
	enum clone_kind kind;
};

struct preflight_result {
	struct finding_list findings;
	/* "vmlinux" or the module that defines the symbol; NULL if not found. */
	char *owner;
	/* The owner is loaded, so the kernel can resolve the symbol now. */
	bool loaded;
	/* The module file, when the symbol was found only there. */
	char *module_file;
	/* C prototype from BTF, NULL without BTF. */
	char *prototype;
	/* The return type as C text and its class, when known. */
	char *return_type;
	const char *return_class;
	struct clone_info *clones;
	size_t clone_count;
	/* ksctl commands that engage the clones which bypass the symbol. */
	struct strlist suggestions;
};

/* Run every rule; returns the number of error-level findings. */
size_t preflight_run(const struct ksctl *ctx, const struct preflight_request *request,
		     struct preflight_result *result);
void preflight_result_free(struct preflight_result *result);

/* Text and JSON output shared by check, engage and apply. */
void preflight_print_text(const struct preflight_request *request,
			  const struct preflight_result *result, FILE *out,
			  enum finding_level min_level);
void preflight_write_json(struct ksctl *ctx, const struct preflight_request *request,
			  const struct preflight_result *result);

/* State the rules share while they run. */
struct preflight_state {
	const struct ksctl *ctx;
	const struct preflight_request *request;
	struct preflight_result *result;
	/* kallsyms lines naming the symbol exactly, and its clones. */
	struct ksym_list exact;
	struct ksym_list kallsyms_clones;
	bool kallsyms_read;
	/* The module file that defines the symbol, when it is not loaded. */
	struct modfile_match module_match;
	bool module_found;
	/* killswitch state: whether it is loaded, and what it has engaged. */
	bool killswitch_loaded;
	struct engagement_list engaged;
	struct btf_cache btf;
};

/* The rules, one group per file: rules_symbol.c, rules_kprobe.c, ... */
void rule_symbol(struct preflight_state *state);
void rule_blacklist(struct preflight_state *state);
void rule_ftrace_entry(struct preflight_state *state);
void rule_livepatch(struct preflight_state *state);
void rule_ipmodify(struct preflight_state *state);
void rule_clones(struct preflight_state *state);
void rule_prototype(struct preflight_state *state);
void rule_killswitch(struct preflight_state *state);

/* The symbol's module per kallsyms, or NULL for vmlinux. */
const char *preflight_kallsyms_module(const struct preflight_state *state);

#endif /* KSCTL_PREFLIGHT_H */
