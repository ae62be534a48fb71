/* SPDX-License-Identifier: GPL-2.0 */
/* Symbol and BTF lookups in the ELF image of a kernel module. */
#ifndef KSCTL_ELFSYM_H
#define KSCTL_ELFSYM_H

#include <stdbool.h>
#include <stddef.h>

#include "ksctl.h"

struct elf_scan {
	/* The symbol is defined in the image. */
	bool found;
	/* It is a function (STT_FUNC), not data. */
	bool is_func;
	/* Defined clones "SYMBOL.SUFFIX", owned strings. */
	struct strlist clones;
	/* Copy of the .BTF section, or NULL when there is none. */
	unsigned char *btf;
	size_t btf_size;
	/* A .BTF.base section: BTF relative to a distilled base, not to vmlinux. */
	bool btf_distilled;
};

/*
 * Look @symbol up in the symbol table of the ELF image @image and copy its
 * .BTF section when @symbol is found. Returns 0 (see out->found), or
 * -EBADMSG when the image is no ELF file libelf can read.
 */
int elf_scan_image(unsigned char *image, size_t size, const char *symbol,
		   struct elf_scan *out);
void elf_scan_free(struct elf_scan *scan);

#endif /* KSCTL_ELFSYM_H */
