// SPDX-License-Identifier: GPL-2.0
/*
 * The prototype from BTF and whether the return value fits its return
 * type. Loaded code has BTF in /sys/kernel/btf/{vmlinux,MODULE}; a module
 * that is not loaded yet may carry it in the .BTF section of its file.
 */
/* For memfd_create(). */
#define _GNU_SOURCE

#include <bpf/btf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ksctl.h"
#include "preflight.h"
#include "retfit.h"

/*
 * Parse raw split BTF from memory. libbpf 1.1 (Debian 12) declares
 * btf__new_split() but does not export it, so the bytes go through a
 * memfd and btf__parse_raw_split().
 */
static struct btf *parse_split_from_memory(const unsigned char *data, size_t size,
					   struct btf *base)
{
	struct btf *btf = NULL;
	size_t done = 0;
	char *path;
	int fd;

	fd = memfd_create("ksctl-btf", MFD_CLOEXEC);
	if (fd < 0)
		return NULL;
	while (done < size) {
		ssize_t written = write(fd, data + done, size - done);

		if (written <= 0)
			break;
		done += (size_t)written;
	}
	if (done == size) {
		path = xasprintf("/proc/self/fd/%d", fd);
		btf = btf__parse_raw_split(path, base);
		free(path);
	}
	close(fd);
	return btf;
}

/* Prototype from the .BTF section of the module file, split on vmlinux BTF. */
static int lookup_module_file(struct preflight_state *state, const char *name,
			      struct fn_proto *proto, char **source)
{
	const struct elf_scan *scan = &state->module_match.scan;
	struct btf *base = btf_cache_vmlinux(&state->btf);
	struct btf *btf;
	int ret;

	/* libbpf 1.1 cannot relocate BTF against a distilled base (.BTF.base). */
	if (!scan->btf || scan->btf_distilled || !base)
		return -ENODATA;
	btf = parse_split_from_memory(scan->btf, scan->btf_size, base);
	if (!btf)
		return -ENODATA;
	ret = btf_describe_function(btf, name, proto);
	btf__free(btf);
	if (ret == 0)
		*source = xasprintf("the .BTF section of %s", state->module_match.path);
	return ret;
}

static char *missing_btf_reason(struct preflight_state *state, const char *module, int ret)
{
	if (ret == -ENOENT)
		return xasprintf("the BTF of %s has no function %s", module,
				 state->request->symbol);
	if (!btf_cache_vmlinux(&state->btf))
		return xasprintf("/sys/kernel/btf/vmlinux cannot be read: %s",
				 strerror(-state->btf.vmlinux_error));
	if (state->module_found)
		return xasprintf("module file %s has no usable .BTF section",
				 state->module_match.path);
	return xasprintf("module %s has no BTF (/sys/kernel/btf/%s is missing)", module, module);
}

void rule_prototype(struct preflight_state *state)
{
	struct preflight_result *result = state->result;
	const char *symbol = state->request->symbol;
	char *base_name = clone_base_name(symbol);
	const char *name = base_name ? base_name : symbol;
	const char *module = result->owner;
	char *source = NULL;
	struct fn_proto proto;
	int ret;

	if (!module) {
		free(base_name);
		return;
	}

	if (state->module_found)
		ret = lookup_module_file(state, name, &proto, &source);
	else
		ret = btf_lookup(&state->btf, module, name, &proto, &source);

	if (ret) {
		char *reason = missing_btf_reason(state, module, ret);

		findings_add(&result->findings, FINDING_WARNING, "prototype",
			     xasprintf("no prototype for %s: %s", symbol, reason),
			     xstrdup("read the function's source for its return type before choosing RETVAL"));
		free(reason);
		free(base_name);
		return;
	}

	result->prototype = xstrdup(proto.text);
	result->return_type = xstrdup(proto.ret.name);
	result->return_class = ret_class_name(proto.ret.cls);
	if (base_name)
		findings_add(&result->findings, FINDING_WARNING, "prototype",
			     xasprintf("%s is a clone; BTF describes only %s: %s", symbol, name, proto.text),
			     xstrdup("the clone may take other arguments or return nothing: read its callers"));
	else
		findings_add(&result->findings, FINDING_OK, "prototype",
			     xasprintf("%s (BTF from %s)", proto.text, source), NULL);

	retval_fit(&proto.ret, state->request->has_retval, state->request->retval,
		   &result->findings);
	fn_proto_free(&proto);
	free(source);
	free(base_name);
}
