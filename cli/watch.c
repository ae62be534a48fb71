// SPDX-License-Identifier: GPL-2.0
/* ksctl watch [--interval SECONDS] [--count N]: live hits per engagement. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "engaged.h"
#include "ksctl.h"
#include "retfit.h"
#include "table.h"

#define WATCH_INTERVAL_MIN_MS	10u
#define WATCH_INTERVAL_MAX_MS	3600000u

static volatile sig_atomic_t watch_stop;

static void watch_on_signal(int signal_number)
{
	(void)signal_number;
	watch_stop = 1;
}

int parse_interval_ms(const char *text, unsigned int *ms)
{
	unsigned long long whole = 0;
	unsigned long long fraction = 0;
	unsigned long long scale = 1000;
	const char *p = text;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (unsigned long long)(*p - '0');
		if (whole > WATCH_INTERVAL_MAX_MS / 1000)
			return -EINVAL;
	}
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -EINVAL;
		for (; *p >= '0' && *p <= '9'; p++) {
			/* Digits below a millisecond are dropped. */
			if (scale > 1) {
				scale /= 10;
				fraction += (unsigned long long)(*p - '0') * scale;
			}
		}
	}
	if (*p != '\0')
		return -EINVAL;

	whole = whole * 1000 + fraction;
	if (whole < WATCH_INTERVAL_MIN_MS || whole > WATCH_INTERVAL_MAX_MS)
		return -EINVAL;
	*ms = (unsigned int)whole;
	return 0;
}

int watch_parse_args(struct ksctl *ctx, int argc, char **argv, struct watch_args *out)
{
	int i;

	out->interval_ms = 2000;
	out->count = 0;
	for (i = 1; i < argc; i++) {
		const char *value;
		int match;

		match = opt_match(argc, argv, &i, "--interval", &value);
		if (match < 0)
			return ksctl_usage_error(ctx, "--interval needs a number of seconds");
		if (match > 0) {
			if (parse_interval_ms(value, &out->interval_ms))
				return ksctl_usage_error(ctx, "invalid --interval '%s': give seconds from 0.01 to 3600, such as 0.5",
							 value);
			continue;
		}
		match = opt_match(argc, argv, &i, "--count", &value);
		if (match < 0)
			return ksctl_usage_error(ctx, "--count needs a number of refreshes");
		if (match > 0) {
			if (parse_ullong(value, ~0ULL, &out->count) || out->count == 0)
				return ksctl_usage_error(ctx, "invalid --count '%s': give a number of refreshes of 1 or more",
							 value);
			continue;
		}
		return ksctl_usage_error(ctx, "unexpected argument '%s'", argv[i]);
	}
	return 0;
}

/*
 * Hits of @symbol in the previous refresh, or -1 when it was not engaged
 * then or there was no previous refresh (@previous NULL).
 */
static long long previous_hits(const struct engagement_list *previous, const char *symbol)
{
	const struct engagement *e = previous ? engaged_find(previous, symbol) : NULL;

	return e ? (long long)e->hits : -1;
}

static void write_refresh_json(struct ksctl *ctx, const struct engagement_list *now,
			       const struct engagement_list *previous, double seconds)
{
	struct json_writer *w = &ctx->out;
	size_t i;

	json_object_begin(w);
	json_kv_int(w, "time", (long long)time(NULL));
	json_key(w, "engaged");
	json_array_begin(w);
	for (i = 0; i < now->count; i++) {
		const struct engagement *e = &now->items[i];
		long long before = previous_hits(previous, e->symbol);

		json_object_begin(w);
		json_kv_string(w, "symbol", e->symbol);
		json_kv_string(w, "module", e->module);
		json_kv_string(w, "state", e->state);
		json_kv_uint(w, "hits", e->hits);
		json_key(w, "delta");
		if (before >= 0 && e->hits >= (unsigned long long)before)
			json_uint(w, e->hits - (unsigned long long)before);
		else
			json_null(w);
		json_key(w, "rate");
		if (before >= 0 && e->hits >= (unsigned long long)before)
			json_double(w, (double)(e->hits - (unsigned long long)before) / seconds);
		else
			json_null(w);
		json_object_end(w);
	}
	json_array_end(w);
	json_object_end(w);
}

static void print_refresh_text(const struct engagement_list *now,
			       const struct engagement_list *previous, double seconds,
			       bool terminal)
{
	static const char *const headers[] = {
		"SYMBOL", "MODULE", "RETVAL", "STATE", "HITS", "DELTA", "PER-SECOND",
	};
	char stamp[32];
	struct table table;
	time_t now_time = time(NULL);
	struct tm local;
	size_t i;

	localtime_r(&now_time, &local);
	strftime(stamp, sizeof(stamp), "%H:%M:%S", &local);
	if (terminal)
		fputs("\033[H\033[2J", stdout);
	printf("%s  %zu engaged, every %.2f s (Ctrl-C stops)\n", stamp, now->count, seconds);

	table_init(&table, 7, headers);
	for (i = 0; i < now->count; i++) {
		const struct engagement *e = &now->items[i];
		long long before = previous_hits(previous, e->symbol);
		bool known = before >= 0 && e->hits >= (unsigned long long)before;
		unsigned long long delta = known ? e->hits - (unsigned long long)before : 0;

		table_add(&table, xstrdup(e->symbol));
		table_add(&table, xstrdup(e->module));
		table_add(&table, format_retval(e->retval));
		table_add(&table, xstrdup(e->state));
		table_add(&table, xasprintf("%llu", e->hits));
		table_add(&table, known ? xasprintf("%llu", delta) : xstrdup("-"));
		table_add(&table, known ? xasprintf("%.1f", (double)delta / seconds) : xstrdup("-"));
	}
	table_print(&table, stdout);
	table_free(&table);
	if (!terminal)
		putchar('\n');
	fflush(stdout);
}

/* Sleep @ms milliseconds unless SIGINT or SIGTERM arrives first. */
static void watch_sleep(unsigned int ms)
{
	struct timespec left = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (!watch_stop && nanosleep(&left, &left) && errno == EINTR)
		;
}

int cmd_watch(struct ksctl *ctx, int argc, char **argv)
{
	struct engagement_list previous = { 0 };
	struct sigaction action;
	struct watch_args args;
	unsigned long long refreshes = 0;
	bool terminal = isatty(STDOUT_FILENO);
	int status;

	status = watch_parse_args(ctx, argc, argv, &args);
	if (status)
		return status;

	memset(&action, 0, sizeof(action));
	action.sa_handler = watch_on_signal;
	sigemptyset(&action.sa_mask);
	watch_stop = 0;
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);

	status = KSCTL_EXIT_OK;
	while (!watch_stop) {
		struct engagement_list now = { 0 };
		unsigned int bad_line = 0;
		int ret;

		ret = engaged_read(ctx, &now, &bad_line);
		if (ret) {
			if (ret == -ENOENT)
				status = ksctl_error(ctx, "load it with modprobe killswitch",
						     "killswitch.ko is not loaded");
			else if (ret == -EBADMSG)
				status = ksctl_error(ctx, "make sure ksctl matches the loaded killswitch.ko",
						     "line %u of %s/engaged is malformed", bad_line,
						     KSCTL_KS_DIR);
			else
				status = ksctl_error(ctx, "run ksctl as root", "cannot read %s/engaged: %s",
						     KSCTL_KS_DIR, strerror(-ret));
			break;
		}

		if (ctx->json)
			write_refresh_json(ctx, &now, refreshes ? &previous : NULL,
					   args.interval_ms / 1000.0);
		else
			print_refresh_text(&now, refreshes ? &previous : NULL,
					   args.interval_ms / 1000.0, terminal);
		engagement_list_free(&previous);
		previous = now;
		refreshes++;

		if (args.count && refreshes >= args.count)
			break;
		watch_sleep(args.interval_ms);
	}

	engagement_list_free(&previous);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	return status;
}
