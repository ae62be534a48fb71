/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The CVE catalog: one JSON file per CVE (format in docs/catalog.md), read
 * with json-c and validated here. Shared by `ksctl catalog` and the catalog
 * checker that `make check` runs.
 */
#ifndef KSCTL_CATALOG_H
#define KSCTL_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "ksctl.h"

/*
 * Default catalog directory, below the root prefix; $KSCTL_CATALOG and
 * --catalog override it. The Makefile passes its CATALOGDIR.
 */
#ifndef KSCTL_CATALOG_DIR
#define KSCTL_CATALOG_DIR	"/usr/share/killswitch/catalog"
#endif
#define CATALOG_SCHEMA		1
/* The maximum number of targets in one entry. */
#define CATALOG_TARGETS_MAX	64

/* The kernel lines an entry records a fixed version for. */
enum catalog_line {
	LINE_6_1,
	LINE_6_6,
	LINE_6_12,
	LINE_MAINLINE,
	LINE_COUNT,
};
extern const char *const catalog_line_names[LINE_COUNT];

struct catalog_fix {
	/*
	 * "6.1.170" on a stable line, "7.0" or "7.1-rc3" on mainline, "unknown"
	 * or "not-affected"; never NULL once loaded.
	 */
	char *version;
	/* Commit id of 12 to 40 lower-case hex digits, or "unknown". */
	char *commit;
	/* URL of the record that states the version and commit, or NULL. */
	char *source;
};

struct catalog_target {
	/* As written: "af_alg:af_alg_sendmsg" or "esp_input". */
	char *target;
	/* Module part, NULL for a vmlinux symbol. */
	char *module;
	char *symbol;
	char *retval_text;
	long long retval;
	/* "all", "userns" or "unpriv". */
	char *scope;
	/* The Debian kernels it exists in: "6.1", "6.12" (default: both). */
	bool on_6_1;
	bool on_6_12;
};

struct catalog_entry {
	char *path;
	char *id;
	char *name;		/* common name ("Copy Fail") or NULL */
	char *title;
	char *subsystem;
	/* Earliest version the record lists as affected, in any line, or "unknown". */
	char *affected_from;
	char *affected_from_source;	/* URL of that record, or NULL */
	struct catalog_fix fixed[LINE_COUNT];
	struct catalog_target *targets;
	size_t target_count;
	/* Reason there is no safe target, when targets is empty. */
	char *no_safe_target;
	char *why_chokepoint;
	char *why_retval;
	char *impact;
	char *verify;
	/* tests/vm/prog program that exercises the real path, or NULL. */
	char *verifier;
};

struct catalog {
	struct catalog_entry *entries;
	size_t count;
};

/*
 * Load and validate one file. Every problem is added to @errors as
 * "PATH: message"; returns the number of problems (0: @entry is usable).
 */
size_t catalog_load_file(const char *path, struct catalog_entry *entry, struct strlist *errors);
/* Load every *.json file of @dir in name order; returns the number of problems. */
size_t catalog_load_dir(const char *dir, struct catalog *catalog, struct strlist *errors);
void catalog_entry_free(struct catalog_entry *entry);
void catalog_free(struct catalog *catalog);
const struct catalog_entry *catalog_find(const struct catalog *catalog, const char *id);

/* A kernel version X.Y.Z, or a mainline release candidate X.Y-rcN. */
struct kversion {
	unsigned int major, minor, patch;
	/* N of -rcN, 0 for a release: X.Y-rc1 < X.Y-rc2 < X.Y (= X.Y.0). */
	unsigned int rc;
};
/* Parse "X.Y", "X.Y.Z" or either with "-rcN" (N >= 1); returns 0 on success. */
int kversion_parse(const char *text, struct kversion *out);
int kversion_cmp(const struct kversion *a, const struct kversion *b);
/* @v as text: "6.1.192", "7.1.0-rc2"; allocated. */
char *kversion_text(const struct kversion *v);
/*
 * The stable version of a kernel from `uname -v` and `uname -r`: Debian's
 * "#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-3 (...)" carries it in -v, other
 * kernels in the release. Returns 0 and fills @out, or -1.
 */
int kversion_from_uname(const char *version, const char *release, struct kversion *out);
/* The entry line of @v: 6.1, 6.6, 6.12, else mainline (LINE_COUNT if older). */
enum catalog_line kversion_line(const struct kversion *v);

enum catalog_verdict {
	VERDICT_APPLIES,	/* affected and not fixed in this line */
	VERDICT_UNKNOWN,	/* the fixed version of this line is unknown: applies, with a warning */
	VERDICT_FIXED,		/* the running kernel has the fix */
	VERDICT_NOT_AFFECTED,	/* older than the bug, or the line was never affected */
};
const char *catalog_verdict_name(enum catalog_verdict verdict);
/* Decide for running version @v; *reason is an allocated sentence. */
enum catalog_verdict catalog_applicability(const struct catalog_entry *entry,
					   const struct kversion *v, char **reason);
/* Whether target @t exists on the Debian kernel of line @line (6.1 or 6.12; others: true). */
bool catalog_target_on_line(const struct catalog_target *t, enum catalog_line line);

#endif /* KSCTL_CATALOG_H */
