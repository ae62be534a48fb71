// SPDX-License-Identifier: GPL-2.0
/* The Prometheus export of `ksctl status --prometheus`. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "catalog.h"
#include "engaged.h"
#include "ksctl.h"
#include "metrics.h"

/* The engagement states of the engaged file, in the order they are exported. */
static const char *const engagement_states[] = { "engaged", "pending", "probing", "observing" };

char *metrics_escape_label(const char *value)
{
	struct strbuf sb = { 0 };
	const char *p;

	strbuf_append(&sb, "");
	for (p = value; *p; p++) {
		if (*p == '\\')
			strbuf_append(&sb, "\\\\");
		else if (*p == '"')
			strbuf_append(&sb, "\\\"");
		else if (*p == '\n')
			strbuf_append(&sb, "\\n");
		else
			strbuf_printf(&sb, "%c", *p);
	}
	return sb.data;
}

static void write_header(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* 1 when the control file is sealed, 0 when not, -1 when unknown. */
static int read_sealed(const struct ksctl *ctx)
{
	char *path = ksctl_path(ctx, KSCTL_KS_DIR "/sealed");
	char *text = NULL;
	int sealed = -1;

	if (read_text_file(path, &text, NULL) == 0)
		sealed = text[0] == '1' ? 1 : 0;
	free(text);
	free(path);
	return sealed;
}

static void write_engagements(FILE *out, const struct engagement_list *list)
{
	size_t i, s;

	write_header(out, "killswitch_engagements", "gauge",
		     "Engagements per state: engaged, pending (module not loaded yet), probing, observing.");
	for (s = 0; s < sizeof(engagement_states) / sizeof(engagement_states[0]); s++) {
		size_t count = 0;

		for (i = 0; i < list->count; i++)
			count += strcmp(list->items[i].state, engagement_states[s]) == 0;
		fprintf(out, "killswitch_engagements{state=\"%s\"} %zu\n", engagement_states[s], count);
	}

	write_header(out, "killswitch_engagement_info", "gauge",
		     "One series per engagement, value 1; the labels carry its settings.");
	for (i = 0; i < list->count; i++) {
		const struct engagement *e = &list->items[i];
		char *symbol = metrics_escape_label(e->symbol);
		char *module = metrics_escape_label(e->module);
		char *state = metrics_escape_label(e->state);
		char *scope = metrics_escape_label(e->scope);
		char *reason = metrics_escape_label(strcmp(e->reason, "-") == 0 ? "" : e->reason);

		fprintf(out,
			"killswitch_engagement_info{symbol=\"%s\",module=\"%s\",state=\"%s\",retval=\"%lld\",scope=\"%s\",reason=\"%s\"} 1\n",
			symbol, module, state, e->retval, scope, reason);
		free(symbol);
		free(module);
		free(state);
		free(scope);
		free(reason);
	}

	write_header(out, "killswitch_hits_total", "counter",
		     "Calls that returned the fixed value instead of running the function (observing: calls counted). Resets when the engagement is made again.");
	for (i = 0; i < list->count; i++) {
		char *symbol = metrics_escape_label(list->items[i].symbol);
		char *module = metrics_escape_label(list->items[i].module);

		fprintf(out, "killswitch_hits_total{symbol=\"%s\",module=\"%s\"} %llu\n", symbol, module,
			list->items[i].hits);
		free(symbol);
		free(module);
	}

	write_header(out, "killswitch_passed_total", "counter",
		     "Calls that ran the real function because the caller was outside the engagement's scope.");
	for (i = 0; i < list->count; i++) {
		char *symbol = metrics_escape_label(list->items[i].symbol);
		char *module = metrics_escape_label(list->items[i].module);

		fprintf(out, "killswitch_passed_total{symbol=\"%s\",module=\"%s\"} %llu\n", symbol, module,
			list->items[i].passed);
		free(symbol);
		free(module);
	}
}

/* The running stable version: $KSCTL_KERNEL_VERSION, else uname. Returns 0 or -1. */
static int running_version(struct kversion *v)
{
	const char *text = getenv("KSCTL_KERNEL_VERSION");
	struct utsname name;

	if (text && text[0])
		return kversion_parse(text, v) ? -1 : 0;
	if (uname(&name))
		return -1;
	return kversion_from_uname(name.version, name.release, v) ? -1 : 0;
}

/*
 * Whether every target of @e on kernel line @line is engaged or pending
 * (pending: the module is not loaded, so its code cannot run either).
 */
static bool cve_covered(const struct catalog_entry *e, enum catalog_line line,
			const struct engagement_list *list)
{
	size_t i, on_line = 0;

	for (i = 0; i < e->target_count; i++) {
		const struct engagement *found;

		if (!catalog_target_on_line(&e->targets[i], line))
			continue;
		on_line++;
		found = list ? engaged_find(list, e->targets[i].symbol) : NULL;
		if (!found || (strcmp(found->state, "engaged") != 0 && strcmp(found->state, "pending") != 0))
			return false;
	}
	return on_line > 0;
}

static void write_catalog(const struct ksctl *ctx, FILE *out, const struct engagement_list *list)
{
	static const enum catalog_verdict verdicts[] = {
		VERDICT_APPLIES, VERDICT_UNKNOWN, VERDICT_FIXED, VERDICT_NOT_AFFECTED,
	};
	size_t counts[sizeof(verdicts) / sizeof(verdicts[0])] = { 0 };
	const char *env = getenv("KSCTL_CATALOG");
	char *dir = env && env[0] ? xstrdup(env) : ksctl_path(ctx, "%s", KSCTL_CATALOG_DIR);
	struct strlist errors = { 0 };
	struct catalog cat = { 0 };
	struct kversion v;
	size_t problems, i, k;
	enum catalog_line line;

	problems = catalog_load_dir(dir, &cat, &errors);
	if (!problems && running_version(&v)) {
		strlist_add(&errors, xstrdup("cannot tell the kernel's stable version from uname: set KSCTL_KERNEL_VERSION"));
		problems = 1;
	}
	write_header(out, "killswitch_catalog_errors", "gauge",
		     "Problems that kept the catalog metrics from being computed: invalid or missing catalog files, unknown kernel version. Run ksctl catalog list to see them.");
	fprintf(out, "killswitch_catalog_errors %zu\n", problems);
	if (problems) {
		/* Comments, so the scrape stays valid and the operator sees why. */
		for (i = 0; i < errors.count && i < 5; i++) {
			char *text = metrics_escape_label(errors.items[i]);

			fprintf(out, "# killswitch: %s\n", text);
			free(text);
		}
		goto out;
	}
	line = kversion_line(&v);

	write_header(out, "killswitch_catalog_cve_covered", "gauge",
		     "Per catalog CVE that applies to the running kernel and has a target: 1 when each of its targets on this kernel line is engaged or pending, else 0.");
	for (i = 0; i < cat.count; i++) {
		const struct catalog_entry *e = &cat.entries[i];
		enum catalog_verdict verdict;
		char *reason;

		verdict = catalog_applicability(e, &v, &reason);
		free(reason);
		for (k = 0; k < sizeof(verdicts) / sizeof(verdicts[0]); k++)
			counts[k] += verdict == verdicts[k];
		if (e->target_count == 0 || (verdict != VERDICT_APPLIES && verdict != VERDICT_UNKNOWN))
			continue;
		fprintf(out, "killswitch_catalog_cve_covered{cve=\"%s\",applicability=\"%s\"} %d\n", e->id,
			catalog_verdict_name(verdict), cve_covered(e, line, list) ? 1 : 0);
	}

	write_header(out, "killswitch_catalog_entries", "gauge",
		     "Catalog entries per applicability to the running kernel: applies, unknown (fixed version not known), fixed, not-affected.");
	for (k = 0; k < sizeof(verdicts) / sizeof(verdicts[0]); k++)
		fprintf(out, "killswitch_catalog_entries{applicability=\"%s\"} %zu\n",
			catalog_verdict_name(verdicts[k]), counts[k]);
out:
	catalog_free(&cat);
	strlist_free(&errors);
	free(dir);
}

void metrics_write(struct ksctl *ctx, FILE *out, const struct engagement_list *list,
		   int taint_status, unsigned long long taint)
{
	static const struct engagement_list empty = { 0 };
	int sealed = list ? read_sealed(ctx) : -1;

	write_header(out, "killswitch_loaded", "gauge", "Whether killswitch.ko is loaded (1) or not (0).");
	fprintf(out, "killswitch_loaded %d\n", list ? 1 : 0);
	if (sealed >= 0) {
		write_header(out, "killswitch_sealed", "gauge",
			     "Whether the control file is sealed until reboot (1) or not (0).");
		fprintf(out, "killswitch_sealed %d\n", sealed);
	}
	if (taint_status == 0) {
		write_header(out, "killswitch_kernel_taint", "gauge",
			     "The kernel's taint bits, from /proc/sys/kernel/tainted.");
		fprintf(out, "killswitch_kernel_taint %llu\n", taint);
	}
	write_engagements(out, list ? list : &empty);
	write_catalog(ctx, out, list);
}
