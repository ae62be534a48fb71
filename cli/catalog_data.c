// SPDX-License-Identifier: GPL-2.0
/*
 * Reading and validating catalog entries with json-c, and deciding whether
 * an entry applies to a kernel version.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

/*
 * json-c names a typedef json_bool, and ksctl's JSON writer a function: give
 * the typedef another name in this file.
 */
#define json_bool jsonc_bool
#include <json-c/json.h>
#undef json_bool

#include "catalog.h"
#include "ks_parse.h"

const char *const catalog_line_names[LINE_COUNT] = { "6.1", "6.6", "6.12", "mainline" };

static const char *const entry_keys[] = {
	"schema", "id", "name", "title", "subsystem", "affected_from", "affected_from_source",
	"fixed", "targets", "no_safe_target", "rationale", "verify", "verifier", NULL,
};
static const char *const target_keys[] = { "target", "retval", "scope", "kernels", NULL };
static const char *const fix_keys[] = { "version", "commit", "source", NULL };
static const char *const rationale_keys[] = { "chokepoint", "retval", "impact", NULL };

struct loader {
	const char *path;
	struct strlist *errors;
	size_t problems;
};

static void problem(struct loader *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(struct loader *l, const char *fmt, ...)
{
	va_list args;
	char *message;

	va_start(args, fmt);
	message = xvasprintf(fmt, args);
	va_end(args);
	strlist_add(l->errors, xasprintf("%s: %s", l->path, message));
	free(message);
	l->problems++;
}

static bool key_known(const char *const *keys, const char *key)
{
	for (; *keys; keys++) {
		if (strcmp(*keys, key) == 0)
			return true;
	}
	return false;
}

/* Report members of object @obj (named @where) not in @keys. */
static void check_keys(struct loader *l, struct json_object *obj, const char *const *keys,
		       const char *where)
{
	json_object_object_foreach(obj, key, value) {
		(void)value;
		if (!key_known(keys, key))
			problem(l, "%s: unknown member \"%s\"", where, key);
	}
}

/* The non-empty string member @key of @obj, copied; NULL (with a problem if required). */
static char *get_string(struct loader *l, struct json_object *obj, const char *key,
			const char *where, bool required)
{
	struct json_object *value;
	const char *text;

	if (!json_object_object_get_ex(obj, key, &value) || json_object_is_type(value, json_type_null)) {
		if (required)
			problem(l, "%s: missing \"%s\"", where, key);
		return NULL;
	}
	if (!json_object_is_type(value, json_type_string)) {
		problem(l, "%s: \"%s\" must be a string", where, key);
		return NULL;
	}
	text = json_object_get_string(value);
	if (text[0] == '\0') {
		problem(l, "%s: \"%s\" is empty", where, key);
		return NULL;
	}
	return xstrdup(text);
}

static bool cve_id_valid(const char *id)
{
	const char *p;

	if (strncmp(id, "CVE-", 4) != 0 || strlen(id) < 13)
		return false;
	for (p = id + 4; p < id + 8; p++) {
		if (!isdigit((unsigned char)*p))
			return false;
	}
	if (id[8] != '-')
		return false;
	for (p = id + 9; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return false;
	}
	return true;
}

/* An abbreviated or full git commit id: 12 to 40 lower-case hex digits. */
static bool commit_valid(const char *commit)
{
	size_t i, len = strlen(commit);

	if (strcmp(commit, "unknown") == 0)
		return true;
	if (len < 12 || len > 40)
		return false;
	for (i = 0; i < len; i++) {
		if (!isxdigit((unsigned char)commit[i]) || isupper((unsigned char)commit[i]))
			return false;
	}
	return true;
}

/* An https URL without spaces or control characters. */
static bool source_valid(const char *source)
{
	const char *p;

	if (strncmp(source, "https://", 8) != 0 || source[8] == '\0')
		return false;
	for (p = source; *p; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return false;
	}
	return true;
}

/* Parse a decimal number of at most 100000 at *p and advance *p past it. */
static int parse_number(const char **p, unsigned int *out)
{
	char *end;
	unsigned long n;

	if (!isdigit((unsigned char)**p))
		return -1;
	n = strtoul(*p, &end, 10);
	if (n > 100000)
		return -1;
	*out = (unsigned int)n;
	*p = end;
	return 0;
}

/*
 * Parse "X.Y", "X.Y.Z" and either with "-rcN" at the start of @text; *end
 * gets the first character after it. Returns the number of dotted parts
 * (2 or 3), or -1.
 */
static int kversion_scan(const char *text, struct kversion *out, const char **end)
{
	unsigned int part[3] = { 0, 0, 0 };
	unsigned int rc = 0;
	const char *p = text;
	int count = 0;

	while (count < 3) {
		if (parse_number(&p, &part[count]))
			return -1;
		count++;
		if (*p != '.' || !isdigit((unsigned char)p[1]))
			break;
		p++;
	}
	if (count < 2)
		return -1;
	if (strncmp(p, "-rc", 3) == 0 && isdigit((unsigned char)p[3])) {
		p += 3;
		if (parse_number(&p, &rc) || rc == 0)
			return -1;
	}
	out->major = part[0];
	out->minor = part[1];
	out->patch = part[2];
	out->rc = rc;
	*end = p;
	return count;
}

int kversion_parse(const char *text, struct kversion *out)
{
	struct kversion v;
	const char *end;

	if (kversion_scan(text, &v, &end) < 0 || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

int kversion_cmp(const struct kversion *a, const struct kversion *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	if (a->patch != b->patch)
		return a->patch < b->patch ? -1 : 1;
	if (a->rc != b->rc) {
		/* rc 0 is the release, which follows every release candidate. */
		if (a->rc == 0 || b->rc == 0)
			return a->rc == 0 ? 1 : -1;
		return a->rc < b->rc ? -1 : 1;
	}
	return 0;
}

char *kversion_text(const struct kversion *v)
{
	if (v->rc)
		return xasprintf("%u.%u.%u-rc%u", v->major, v->minor, v->patch, v->rc);
	return xasprintf("%u.%u.%u", v->major, v->minor, v->patch);
}

/*
 * Parse the version at the start of a uname string: "6.1.192-3" (Debian's
 * revision is not a release candidate), "7.1.0-rc2-amd64".
 */
static int kversion_prefix(const char *text, struct kversion *out)
{
	const char *end;

	return kversion_scan(text, out, &end) < 0 ? -1 : 0;
}

int kversion_from_uname(const char *version, const char *release, struct kversion *out)
{
	const char *debian = version ? strstr(version, "Debian ") : NULL;

	if (debian && kversion_prefix(debian + strlen("Debian "), out) == 0)
		return 0;
	if (release && kversion_prefix(release, out) == 0)
		return 0;
	return -1;
}

enum catalog_line kversion_line(const struct kversion *v)
{
	if (v->major == 6 && v->minor == 1)
		return LINE_6_1;
	if (v->major == 6 && v->minor == 6)
		return LINE_6_6;
	if (v->major == 6 && v->minor == 12)
		return LINE_6_12;
	return LINE_MAINLINE;
}

const char *catalog_verdict_name(enum catalog_verdict verdict)
{
	switch (verdict) {
	case VERDICT_APPLIES:
		return "applies";
	case VERDICT_UNKNOWN:
		return "unknown";
	case VERDICT_FIXED:
		return "fixed";
	case VERDICT_NOT_AFFECTED:
		return "not-affected";
	}
	return "?";
}

enum catalog_verdict catalog_applicability(const struct catalog_entry *entry,
					   const struct kversion *v, char **reason)
{
	enum catalog_line line = kversion_line(v);
	const struct catalog_fix *fix = &entry->fixed[line];
	struct kversion from, fixed;
	char *running = kversion_text(v);
	enum catalog_verdict verdict;

	if (strcmp(entry->affected_from, "unknown") != 0 &&
	    kversion_parse(entry->affected_from, &from) == 0 && kversion_cmp(v, &from) < 0) {
		*reason = xasprintf("%s is older than %s, where the bug was introduced", running,
				    entry->affected_from);
		verdict = VERDICT_NOT_AFFECTED;
	} else if (strcmp(fix->version, "not-affected") == 0) {
		*reason = xasprintf("the %s line was never affected", catalog_line_names[line]);
		verdict = VERDICT_NOT_AFFECTED;
	} else if (kversion_parse(fix->version, &fixed) != 0) {
		*reason = xasprintf("the first fixed %s version is unknown: assuming %s is affected",
				    catalog_line_names[line], running);
		verdict = VERDICT_UNKNOWN;
	} else if (line == LINE_MAINLINE && (v->major != fixed.major || v->minor != fixed.minor) &&
		   kversion_cmp(v, &fixed) < 0) {
		*reason = xasprintf("%s is older than mainline %s and its stable line is not in the entry: assuming it is affected",
				    running, fix->version);
		verdict = VERDICT_UNKNOWN;
	} else if (kversion_cmp(v, &fixed) >= 0) {
		*reason = xasprintf("fixed in %s, running %s", fix->version, running);
		verdict = VERDICT_FIXED;
	} else {
		*reason = xasprintf("affected: fixed in %s, running %s", fix->version, running);
		verdict = VERDICT_APPLIES;
	}
	free(running);
	return verdict;
}

bool catalog_target_on_line(const struct catalog_target *t, enum catalog_line line)
{
	if (line == LINE_6_1)
		return t->on_6_1;
	if (line == LINE_6_12)
		return t->on_6_12;
	return true;
}

/*
 * Check the version of line @line: a stable line takes X.Y.Z of its own
 * X.Y, mainline takes the release or release candidate that first had the
 * fix (X.Y or X.Y-rcN).
 */
static void check_fix_version(struct loader *l, enum catalog_line line, const char *where,
			      const char *version)
{
	struct kversion v, line_version = { 0 };
	const char *end;
	int parts;

	if (strcmp(version, "unknown") == 0 || strcmp(version, "not-affected") == 0)
		return;
	parts = kversion_scan(version, &v, &end);
	if (parts < 0 || *end != '\0') {
		problem(l, "%s.version \"%s\" is not a version, \"unknown\" or \"not-affected\"",
			where, version);
		return;
	}
	if (line == LINE_MAINLINE) {
		if (parts != 2)
			problem(l, "%s.version \"%s\" must be a mainline release (X.Y or X.Y-rcN)",
				where, version);
		return;
	}
	kversion_parse(catalog_line_names[line], &line_version);
	if (v.major != line_version.major || v.minor != line_version.minor || parts != 3 || v.rc)
		problem(l, "%s.version \"%s\" is not a release of the %s line (%s.N)", where, version,
			catalog_line_names[line], catalog_line_names[line]);
}

/*
 * Check that a line with a known fact (a version or a commit) cites the
 * record it comes from, and that a line never affected has no fix commit.
 */
static void check_fix_source(struct loader *l, const char *where, const struct catalog_fix *fix)
{
	bool known = (fix->version && strcmp(fix->version, "unknown") != 0) ||
		     (fix->commit && strcmp(fix->commit, "unknown") != 0);

	if (fix->source && !source_valid(fix->source))
		problem(l, "%s.source \"%s\" must be an https URL", where, fix->source);
	else if (known && !fix->source)
		problem(l, "%s: missing \"source\", the URL of the record that states the version and commit",
			where);
	if (fix->version && strcmp(fix->version, "not-affected") == 0 && fix->commit &&
	    strcmp(fix->commit, "unknown") != 0)
		problem(l, "%s: a line that was never affected has no fix commit (write \"unknown\")",
			where);
}

static void load_fixed(struct loader *l, struct json_object *obj, struct catalog_entry *entry)
{
	int i;

	for (i = 0; i < LINE_COUNT; i++)
		entry->fixed[i].version = NULL;
	if (!json_object_is_type(obj, json_type_object)) {
		problem(l, "\"fixed\" must be an object");
		return;
	}
	json_object_object_foreach(obj, key, value) {
		struct catalog_fix *fix;
		char *where;

		for (i = 0; i < LINE_COUNT; i++) {
			if (strcmp(key, catalog_line_names[i]) == 0)
				break;
		}
		if (i == LINE_COUNT) {
			problem(l, "fixed: unknown line \"%s\" (use 6.1, 6.6, 6.12, mainline)", key);
			continue;
		}
		where = xasprintf("fixed.%s", key);
		if (!json_object_is_type(value, json_type_object)) {
			problem(l, "%s must be an object", where);
			free(where);
			continue;
		}
		fix = &entry->fixed[i];
		check_keys(l, value, fix_keys, where);
		fix->version = get_string(l, value, "version", where, true);
		fix->commit = get_string(l, value, "commit", where, true);
		fix->source = get_string(l, value, "source", where, false);
		if (fix->version)
			check_fix_version(l, (enum catalog_line)i, where, fix->version);
		if (fix->commit && !commit_valid(fix->commit))
			problem(l, "%s.commit \"%s\" must be a commit id of 12 to 40 lower-case hex digits or \"unknown\"",
				where, fix->commit);
		check_fix_source(l, where, fix);
		free(where);
	}
	for (i = 0; i < LINE_COUNT; i++) {
		if (!entry->fixed[i].version)
			problem(l, "fixed: the %s line is missing (write \"unknown\" when it is)",
				catalog_line_names[i]);
	}
}

static void load_target(struct loader *l, struct json_object *obj, size_t index,
			struct catalog_target *t)
{
	char *where = xasprintf("targets[%zu]", index);
	struct json_object *kernels;
	char *colon;

	memset(t, 0, sizeof(*t));
	if (!json_object_is_type(obj, json_type_object)) {
		problem(l, "%s must be an object", where);
		goto out;
	}
	check_keys(l, obj, target_keys, where);
	t->target = get_string(l, obj, "target", where, true);
	t->retval_text = get_string(l, obj, "retval", where, true);
	t->scope = get_string(l, obj, "scope", where, true);
	if (t->target) {
		colon = strchr(t->target, ':');
		if (colon) {
			t->module = xstrdup(t->target);
			t->module[colon - t->target] = '\0';
			t->symbol = xstrdup(colon + 1);
			if (!ks_module_valid(t->module))
				problem(l, "%s: invalid module name \"%s\"", where, t->module);
		} else {
			t->symbol = xstrdup(t->target);
		}
		if (!ks_symbol_valid(t->symbol))
			problem(l, "%s: invalid symbol name \"%s\"", where, t->symbol);
	}
	if (t->retval_text && ks_parse_retval(t->retval_text, &t->retval))
		problem(l, "%s: invalid retval \"%s\" (a number or -ENAME)", where, t->retval_text);
	if (t->scope && strcmp(t->scope, "all") != 0 && strcmp(t->scope, "userns") != 0 &&
	    strcmp(t->scope, "unpriv") != 0)
		problem(l, "%s: scope must be all, userns or unpriv, not \"%s\"", where, t->scope);

	t->on_6_1 = t->on_6_12 = true;
	if (json_object_object_get_ex(obj, "kernels", &kernels)) {
		size_t i, n;

		t->on_6_1 = t->on_6_12 = false;
		if (!json_object_is_type(kernels, json_type_array) ||
		    json_object_array_length(kernels) == 0) {
			problem(l, "%s: \"kernels\" must be a non-empty array of \"6.1\" and \"6.12\"", where);
			goto out;
		}
		n = json_object_array_length(kernels);
		for (i = 0; i < n; i++) {
			const char *k = json_object_get_string(json_object_array_get_idx(kernels, i));

			if (k && strcmp(k, "6.1") == 0)
				t->on_6_1 = true;
			else if (k && strcmp(k, "6.12") == 0)
				t->on_6_12 = true;
			else
				problem(l, "%s: \"kernels\" may list only \"6.1\" and \"6.12\"", where);
		}
	}
out:
	free(where);
}

/*
 * One engagement per function: the kernel rejects a write that names a
 * symbol twice, so an entry that does would never apply.
 */
static void check_repeated_targets(struct loader *l, const struct catalog_entry *entry)
{
	size_t i, j;

	for (i = 0; i < entry->target_count; i++) {
		const char *symbol = entry->targets[i].symbol;

		if (!symbol)
			continue;
		for (j = 0; j < i; j++) {
			if (entry->targets[j].symbol && strcmp(entry->targets[j].symbol, symbol) == 0) {
				problem(l, "targets[%zu]: %s is already targets[%zu]: give each function once",
					i, symbol, j);
				break;
			}
		}
	}
}

static void load_entry(struct loader *l, struct json_object *root, struct catalog_entry *entry)
{
	struct json_object *value;
	const char *base;
	size_t i;

	if (!json_object_is_type(root, json_type_object)) {
		problem(l, "the file must hold one JSON object");
		return;
	}
	check_keys(l, root, entry_keys, "entry");
	if (!json_object_object_get_ex(root, "schema", &value) ||
	    !json_object_is_type(value, json_type_int) || json_object_get_int(value) != CATALOG_SCHEMA)
		problem(l, "\"schema\" must be %d", CATALOG_SCHEMA);

	entry->id = get_string(l, root, "id", "entry", true);
	entry->name = get_string(l, root, "name", "entry", false);
	entry->title = get_string(l, root, "title", "entry", true);
	entry->subsystem = get_string(l, root, "subsystem", "entry", true);
	entry->affected_from = get_string(l, root, "affected_from", "entry", true);
	entry->no_safe_target = get_string(l, root, "no_safe_target", "entry", false);
	entry->verify = get_string(l, root, "verify", "entry", true);
	entry->verifier = get_string(l, root, "verifier", "entry", false);
	if (!entry->affected_from)
		entry->affected_from = xstrdup("unknown");

	if (entry->id) {
		base = strrchr(l->path, '/');
		base = base ? base + 1 : l->path;
		if (!cve_id_valid(entry->id))
			problem(l, "\"id\" \"%s\" is not a CVE id (CVE-YYYY-NNNN)", entry->id);
		else if (strncmp(base, entry->id, strlen(entry->id)) != 0 ||
			 strcmp(base + strlen(entry->id), ".json") != 0)
			problem(l, "the file must be named %s.json", entry->id);
	}
	entry->affected_from_source = get_string(l, root, "affected_from_source", "entry", false);
	if (strcmp(entry->affected_from, "unknown") != 0) {
		struct kversion v;

		if (kversion_parse(entry->affected_from, &v) != 0)
			problem(l, "\"affected_from\" \"%s\" must be a version or \"unknown\"",
				entry->affected_from);
		if (!entry->affected_from_source)
			problem(l, "missing \"affected_from_source\", the URL of the record that states \"affected_from\"");
	}
	if (entry->affected_from_source && !source_valid(entry->affected_from_source))
		problem(l, "\"affected_from_source\" \"%s\" must be an https URL",
			entry->affected_from_source);

	if (json_object_object_get_ex(root, "fixed", &value)) {
		load_fixed(l, value, entry);
	} else {
		problem(l, "missing \"fixed\"");
		for (i = 0; i < LINE_COUNT; i++)
			entry->fixed[i].version = NULL;
	}
	for (i = 0; i < LINE_COUNT; i++) {
		if (!entry->fixed[i].version)
			entry->fixed[i].version = xstrdup("unknown");
		if (!entry->fixed[i].commit)
			entry->fixed[i].commit = xstrdup("unknown");
	}

	if (json_object_object_get_ex(root, "rationale", &value) &&
	    json_object_is_type(value, json_type_object)) {
		check_keys(l, value, rationale_keys, "rationale");
		entry->why_chokepoint = get_string(l, value, "chokepoint", "rationale", true);
		entry->why_retval = get_string(l, value, "retval", "rationale", false);
		entry->impact = get_string(l, value, "impact", "rationale", true);
	} else {
		problem(l, "missing \"rationale\" object");
	}

	if (!json_object_object_get_ex(root, "targets", &value) ||
	    !json_object_is_type(value, json_type_array)) {
		problem(l, "missing \"targets\" array (empty when there is no safe target)");
		return;
	}
	entry->target_count = json_object_array_length(value);
	if (entry->target_count > CATALOG_TARGETS_MAX) {
		problem(l, "%zu targets: an entry takes at most %d, the chokepoints of one bug",
			entry->target_count, CATALOG_TARGETS_MAX);
		entry->target_count = 0;
		return;
	}
	entry->targets = xcalloc(entry->target_count ? entry->target_count : 1, sizeof(*entry->targets));
	for (i = 0; i < entry->target_count; i++)
		load_target(l, json_object_array_get_idx(value, i), i, &entry->targets[i]);
	check_repeated_targets(l, entry);

	if (entry->target_count == 0 && !entry->no_safe_target)
		problem(l, "no targets: say why in \"no_safe_target\"");
	if (entry->target_count > 0 && entry->no_safe_target)
		problem(l, "\"no_safe_target\" is only for an entry without targets");
	if (entry->target_count > 0 && !entry->why_retval)
		problem(l, "rationale: missing \"retval\" (why callers handle the value)");
	if (entry->verifier && entry->target_count == 0)
		problem(l, "\"verifier\" needs a target to verify");
}

size_t catalog_load_file(const char *path, struct catalog_entry *entry, struct strlist *errors)
{
	struct loader l = { path, errors, 0 };
	struct json_tokener *tok;
	struct json_object *root;
	char *text = NULL;
	size_t len = 0;
	int ret;

	memset(entry, 0, sizeof(*entry));
	entry->path = xstrdup(path);
	ret = read_text_file(path, &text, &len);
	if (ret) {
		problem(&l, "cannot read: %s", strerror(-ret));
		goto fill;
	}
	tok = json_tokener_new();
	root = json_tokener_parse_ex(tok, text, (int)len);
	if (!root) {
		problem(&l, "invalid JSON at byte %zu: %s", json_tokener_get_parse_end(tok),
			json_tokener_error_desc(json_tokener_get_error(tok)));
	} else {
		if (json_tokener_get_parse_end(tok) < len) {
			const char *rest = text + json_tokener_get_parse_end(tok);

			while (*rest && isspace((unsigned char)*rest))
				rest++;
			if (*rest)
				problem(&l, "text after the JSON object");
		}
		load_entry(&l, root, entry);
		json_object_put(root);
	}
	json_tokener_free(tok);
	free(text);
fill:
	/* Keep every field printable even for a broken entry. */
	if (!entry->id)
		entry->id = xstrdup("?");
	if (!entry->title)
		entry->title = xstrdup("?");
	if (!entry->subsystem)
		entry->subsystem = xstrdup("?");
	if (!entry->affected_from)
		entry->affected_from = xstrdup("unknown");
	for (int i = 0; i < LINE_COUNT; i++) {
		if (!entry->fixed[i].version)
			entry->fixed[i].version = xstrdup("unknown");
		if (!entry->fixed[i].commit)
			entry->fixed[i].commit = xstrdup("unknown");
	}
	return l.problems;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t catalog_load_dir(const char *dir, struct catalog *catalog, struct strlist *errors)
{
	struct strlist names = { 0 };
	struct dirent *de;
	size_t problems = 0;
	size_t i, j;
	DIR *d;

	memset(catalog, 0, sizeof(*catalog));
	d = opendir(dir);
	if (!d) {
		strlist_add(errors, xasprintf("%s: cannot open the catalog directory: %s", dir,
					      strerror(errno)));
		return 1;
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] != '.' && len > 5 && strcmp(de->d_name + len - 5, ".json") == 0)
			strlist_add(&names, xstrdup(de->d_name));
	}
	closedir(d);
	if (names.count)
		qsort(names.items, names.count, sizeof(*names.items), name_cmp);

	catalog->entries = xcalloc(names.count ? names.count : 1, sizeof(*catalog->entries));
	for (i = 0; i < names.count; i++) {
		char *path = xasprintf("%s/%s", dir, names.items[i]);

		problems += catalog_load_file(path, &catalog->entries[catalog->count++], errors);
		free(path);
	}
	for (i = 0; i < catalog->count; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(catalog->entries[i].id, catalog->entries[j].id) == 0) {
				strlist_add(errors, xasprintf("%s: duplicate id %s", catalog->entries[i].path,
							      catalog->entries[i].id));
				problems++;
			}
		}
	}
	strlist_free(&names);
	return problems;
}

void catalog_entry_free(struct catalog_entry *e)
{
	size_t i;

	for (i = 0; i < e->target_count; i++) {
		free(e->targets[i].target);
		free(e->targets[i].module);
		free(e->targets[i].symbol);
		free(e->targets[i].retval_text);
		free(e->targets[i].scope);
	}
	free(e->targets);
	for (i = 0; i < LINE_COUNT; i++) {
		free(e->fixed[i].version);
		free(e->fixed[i].commit);
		free(e->fixed[i].source);
	}
	free(e->path);
	free(e->id);
	free(e->name);
	free(e->title);
	free(e->subsystem);
	free(e->affected_from);
	free(e->affected_from_source);
	free(e->no_safe_target);
	free(e->why_chokepoint);
	free(e->why_retval);
	free(e->impact);
	free(e->verify);
	free(e->verifier);
	memset(e, 0, sizeof(*e));
}

void catalog_free(struct catalog *catalog)
{
	size_t i;

	for (i = 0; i < catalog->count; i++)
		catalog_entry_free(&catalog->entries[i]);
	free(catalog->entries);
	memset(catalog, 0, sizeof(*catalog));
}

const struct catalog_entry *catalog_find(const struct catalog *catalog, const char *id)
{
	size_t i;

	for (i = 0; i < catalog->count; i++) {
		if (strcasecmp(catalog->entries[i].id, id) == 0)
			return &catalog->entries[i];
	}
	return NULL;
}
