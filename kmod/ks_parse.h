/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The killswitch control language: one command per line.
 *
 *   engage TARGET RETVAL [OPTION...]
 *   tryengage TARGET RETVAL SECONDS [OPTION...]
 *   observe TARGET [reason=TEXT] [force]
 *   disengage TARGET
 *   disengage_all
 *   seal
 *   guard PATTERN
 *
 * TARGET is SYMBOL, or MODULE:SYMBOL for a function in a module that may
 * not be loaded yet. OPTION is scope=all|userns|unpriv, reason=TEXT or
 * force. PATTERN is NAME, PREFIX*, *PART* or [MODULE].
 *
 * This parser has no kernel-only dependency: the module, the unit tests,
 * ksctl and the fuzzer build the same file. It never allocates; it splits
 * the caller's buffer in place and points into it.
 */
#ifndef KS_PARSE_H
#define KS_PARSE_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdbool.h>
#include <stddef.h>
#endif

/* Maximum symbol length kallsyms stores: KSYM_NAME_LEN (512) less the NUL. */
#define KS_SYMBOL_MAX		511
/* Maximum tryengage window, one day. */
#define KS_TRY_SECONDS_MAX	86400
/* Most commands one write may carry. */
#define KS_BATCH_MAX		1024
/* Maximum module name length: MODULE_NAME_LEN (64 on 64-bit) less the NUL. */
#define KS_MODULE_MAX		55
/* Maximum length of a reason tag, such as a CVE or incident id. */
#define KS_REASON_MAX		64
/* Maximum guard pattern length. */
#define KS_PATTERN_MAX		128
/* Largest write the control file accepts, in bytes. */
#define KS_WRITE_MAX		(256 * 1024)
/* Largest errno value: the kernel's MAX_ERRNO, the range IS_ERR_VALUE() covers. */
#define KS_MAX_ERRNO		4095

enum ks_op {
	KS_OP_ENGAGE,
	KS_OP_TRYENGAGE,
	KS_OP_OBSERVE,
	KS_OP_DISENGAGE,
	KS_OP_DISENGAGE_ALL,
	KS_OP_SEAL,
	KS_OP_GUARD,
};

/* The callers an engagement blocks; the others run the real function. */
enum ks_scope {
	KS_SCOPE_ALL,
	/* Callers in a user namespace other than the initial one. */
	KS_SCOPE_USERNS,
	/* Callers without CAP_SYS_ADMIN in the initial user namespace. */
	KS_SCOPE_UNPRIV,
};

/*
 * One parsed command. The strings point into the buffer that was parsed;
 * module and reason are NULL when absent, pattern is set for guard only.
 */
struct ks_cmd {
	enum ks_op op;
	const char *module;
	const char *symbol;
	const char *pattern;
	long long retval;
	unsigned int seconds;
	enum ks_scope scope;
	const char *reason;
	bool force;
	unsigned int line;
};

/* Why parsing failed: the 1-based line, a fixed reason and the bad token. */
struct ks_parse_error {
	unsigned int line;
	const char *reason;
	char token[64];
};

int ks_parse_retval(const char *text, long long *value);
const char *ks_errno_name(long long value);
const char *ks_op_name(enum ks_op op);
const char *ks_scope_name(enum ks_scope scope);
bool ks_symbol_valid(const char *symbol);
bool ks_module_valid(const char *module);
bool ks_reason_valid(const char *reason);
bool ks_pattern_valid(const char *pattern);

int ks_parse_line(char *line, unsigned int lineno, struct ks_cmd *cmd,
		  struct ks_parse_error *err);
int ks_parse_batch(char *buf, size_t len, struct ks_cmd *cmds,
		   unsigned int max_cmds, unsigned int *count,
		   struct ks_parse_error *err);
int ks_parse_boot_entry(char *entry, struct ks_cmd *cmd,
			struct ks_parse_error *err);

#endif /* KS_PARSE_H */
