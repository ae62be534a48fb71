// SPDX-License-Identifier: GPL-2.0
/* Module symbol tables read with libelf from an in-memory image. */
#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdlib.h>
#include <string.h>

#include "elfsym.h"
#include "kallsyms.h"

static void scan_symtab(Elf *elf, Elf_Scn *section, const GElf_Shdr *header,
			const char *symbol, struct elf_scan *out)
{
	Elf_Data *data = elf_getdata(section, NULL);
	size_t count;
	size_t i;

	if (!data || header->sh_entsize == 0)
		return;
	count = header->sh_size / header->sh_entsize;

	for (i = 0; i < count; i++) {
		GElf_Sym sym;
		const char *name;

		if (!gelf_getsym(data, (int)i, &sym) || sym.st_shndx == SHN_UNDEF)
			continue;
		name = elf_strptr(elf, header->sh_link, sym.st_name);
		if (!name)
			continue;
		if (strcmp(name, symbol) == 0) {
			out->found = true;
			out->is_func = GELF_ST_TYPE(sym.st_info) == STT_FUNC;
		} else if (clone_suffix(name, symbol) &&
			   !strlist_contains(&out->clones, name)) {
			strlist_add(&out->clones, xstrdup(name));
		}
	}
}

int elf_scan_image(unsigned char *image, size_t size, const char *symbol,
		   struct elf_scan *out)
{
	Elf_Scn *btf_section = NULL;
	Elf_Scn *section = NULL;
	size_t names_index;
	Elf *elf;

	memset(out, 0, sizeof(*out));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EBADMSG;
	elf = elf_memory((char *)image, size);
	if (!elf)
		return -EBADMSG;
	if (elf_kind(elf) != ELF_K_ELF || elf_getshdrstrndx(elf, &names_index)) {
		elf_end(elf);
		return -EBADMSG;
	}

	while ((section = elf_nextscn(elf, section))) {
		GElf_Shdr header;
		const char *name;

		if (!gelf_getshdr(section, &header))
			continue;
		if (header.sh_type == SHT_SYMTAB) {
			scan_symtab(elf, section, &header, symbol, out);
			continue;
		}
		name = elf_strptr(elf, names_index, header.sh_name);
		if (!name)
			continue;
		if (strcmp(name, ".BTF") == 0)
			btf_section = section;
		else if (strcmp(name, ".BTF.base") == 0)
			out->btf_distilled = true;
	}

	if (out->found && btf_section) {
		Elf_Data *data = elf_getdata(btf_section, NULL);

		if (data && data->d_buf && data->d_size > 0) {
			out->btf = xmalloc(data->d_size);
			memcpy(out->btf, data->d_buf, data->d_size);
			out->btf_size = data->d_size;
		}
	}
	elf_end(elf);
	return 0;
}

void elf_scan_free(struct elf_scan *scan)
{
	strlist_free(&scan->clones);
	free(scan->btf);
	scan->btf = NULL;
}
