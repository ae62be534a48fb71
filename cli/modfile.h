/* SPDX-License-Identifier: GPL-2.0 */
/* Search of the module files of a kernel release (/lib/modules/KVER). */
#ifndef KSCTL_MODFILE_H
#define KSCTL_MODFILE_H

#include "elfsym.h"

struct ksctl;

struct modfile_match {
	/* Module name as the kernel spells it (underscores). */
	char *module;
	/* Path of the module file. */
	char *path;
	/* Symbol table result, including the .BTF copy. */
	struct elf_scan scan;
	/* Module files read to find it. */
	unsigned int files_read;
};

/*
 * Find the module file that defines @symbol. Exported symbols are looked
 * up through libkmod's modules.symbols index first. Any other symbol needs
 * a scan of every module listed in modules.dep, which decompresses each
 * one: about 6 s for the 4230 modules of Debian's 6.12 kernel on the
 * 2-core build machine (measured with `ksctl check` of a missing symbol).
 *
 * Returns 1 when found (fill @match), 0 when no module defines it,
 * -ENOENT when /lib/modules/KVER is missing, or another negative errno.
 */
int modfile_find(const struct ksctl *ctx, const char *symbol,
		 struct modfile_match *match);
void modfile_match_free(struct modfile_match *match);

/* Module name of file @path: basename without .ko[.xz|.zst|.gz], '-' as '_'. */
char *module_name_from_path(const char *path);

#endif /* KSCTL_MODFILE_H */
