// SPDX-License-Identifier: GPL-2.0
/*
 * ksstress: the concurrency stress driver of the VM bench. It runs for a
 * given time with these threads at once, on ks_target.ko's functions:
 *
 *   callers   call the functions in tight loops through /proc/ks_target/repeat
 *             and check every returned value: the function's own value, or
 *             one of the values this driver ever engages
 *   owners    two threads, each the only writer of its own symbols, so each
 *             tracks their state and predicts the exact errno of every
 *             engage, tryengage, disengage and two-line write
 *   racers    two threads that engage, tryengage and disengage one shared
 *             set of symbols without coordination, and send malformed lines
 *   retval    writes fn/SYMBOL/retval of whatever is engaged
 *   holder    opens per-function files and the engaged file, holds them
 *             across whatever happens, then reads and writes through them
 *   readers   read engaged, every fn/ file and the module parameters
 *   loader    unloads and reloads ks_target.ko, and writes disengage_all;
 *             it excludes the owners meanwhile (a pthread rwlock), because
 *             both end engagements behind the owners' backs
 *
 * ks_target_ulong is never engaged, so its callers must always see 100.
 *
 * Then it stops every thread, waits for tryengage windows to end, and checks
 * the engaged listing and fn/ against what the owners believe, and ends
 * with disengage_all.
 *
 * Usage: ksstress [-t SECONDS] [-s SEED] TARGET_KO
 *        ksstress -u TARGET_KO
 *   -t   duration of the stress phase (default 10)
 *   -s   random seed (default: the time)
 *   -u   instead of the stress phase, engage a few targets and unload
 *        killswitch.ko while callers run, then check that every call runs
 *        the body again
 *
 * Output, one line each: "PASS NAME", "FAIL NAME: DETAIL" and
 * "STAT KIND COUNT PER_SECOND". Exits 0 when every check passed.
 *
 * Statically linked so it runs in the busybox initramfs.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define KS_DIR "/sys/kernel/security/killswitch"
#define KS_CONTROL KS_DIR "/control"
#define KS_ENGAGED KS_DIR "/engaged"
#define KS_FN KS_DIR "/fn"
#define REPEAT_FILE "/proc/ks_target/repeat"
#define CALLS_PER_WRITE 200
#define CALLERS 4

/* The values this driver engages: the text written and its value. */
static const struct {
	const char *text;
	long value;
} retvals[] = {
	{ "5", 5 }, { "-EPERM", -1 }, { "-22", -22 }, { "-ENOMEM", -12 },
	{ "0x10", 16 }, { "0", 0 }, { "1", 1 }, { "-4095", -4095 },
};
#define RETVAL_COUNT (sizeof(retvals) / sizeof(retvals[0]))

enum kind { KIND_LONG, KIND_INT, KIND_BOOL, KIND_VOID, KIND_PTR };

/* Who may change a target's engagement. */
enum role { ROLE_NEVER, ROLE_OWNER_A, ROLE_OWNER_B, ROLE_RACERS };

/* What an owner knows about its symbol. */
enum belief { BELIEF_ABSENT, BELIEF_ENGAGED, BELIEF_UNCERTAIN };

struct target {
	const char *name;	/* the repeat file's name */
	const char *symbol;
	enum kind kind;
	long natural;		/* what the body returns, as the repeat file reports it */
	enum role role;
	enum belief belief;	/* owners only, under the owner's read lock */
};

static struct target targets[] = {
	{ "long", "ks_target_long", KIND_LONG, 42, ROLE_OWNER_A, BELIEF_ABSENT },
	{ "int", "ks_target_int", KIND_INT, 7, ROLE_OWNER_B, BELIEF_ABSENT },
	{ "bool", "ks_target_bool", KIND_BOOL, 1, ROLE_OWNER_B, BELIEF_ABSENT },
	{ "ulong", "ks_target_ulong", KIND_LONG, 100, ROLE_NEVER, BELIEF_ABSENT },
	{ "ptr", "ks_target_ptr", KIND_PTR, 0, ROLE_RACERS, BELIEF_ABSENT },
	{ "void", "ks_target_void", KIND_VOID, 0, ROLE_RACERS, BELIEF_ABSENT },
	{ "fn00", "ks_target_fn00", KIND_LONG, 1000, ROLE_OWNER_A, BELIEF_ABSENT },
	{ "fn01", "ks_target_fn01", KIND_LONG, 1001, ROLE_OWNER_A, BELIEF_ABSENT },
	{ "fn02", "ks_target_fn02", KIND_LONG, 1002, ROLE_OWNER_A, BELIEF_ABSENT },
	{ "fn03", "ks_target_fn03", KIND_LONG, 1003, ROLE_OWNER_A, BELIEF_ABSENT },
	{ "fn04", "ks_target_fn04", KIND_LONG, 1004, ROLE_OWNER_A, BELIEF_ABSENT },
	{ "fn05", "ks_target_fn05", KIND_LONG, 1005, ROLE_OWNER_A, BELIEF_ABSENT },
	{ "fn06", "ks_target_fn06", KIND_LONG, 1006, ROLE_OWNER_B, BELIEF_ABSENT },
	{ "fn07", "ks_target_fn07", KIND_LONG, 1007, ROLE_OWNER_B, BELIEF_ABSENT },
	{ "fn08", "ks_target_fn08", KIND_LONG, 1008, ROLE_OWNER_B, BELIEF_ABSENT },
	{ "fn09", "ks_target_fn09", KIND_LONG, 1009, ROLE_OWNER_B, BELIEF_ABSENT },
	{ "fn10", "ks_target_fn10", KIND_LONG, 1010, ROLE_OWNER_B, BELIEF_ABSENT },
	{ "fn11", "ks_target_fn11", KIND_LONG, 1011, ROLE_OWNER_B, BELIEF_ABSENT },
	{ "fn12", "ks_target_fn12", KIND_LONG, 1012, ROLE_RACERS, BELIEF_ABSENT },
	{ "fn13", "ks_target_fn13", KIND_LONG, 1013, ROLE_RACERS, BELIEF_ABSENT },
	{ "fn14", "ks_target_fn14", KIND_LONG, 1014, ROLE_RACERS, BELIEF_ABSENT },
	{ "fn15", "ks_target_fn15", KIND_LONG, 1015, ROLE_RACERS, BELIEF_ABSENT },
};
#define TARGET_COUNT (sizeof(targets) / sizeof(targets[0]))

/* The checks; each reports PASS, or FAIL with its count and first detail. */
enum check {
	CHECK_CALL_VALUES,
	CHECK_NEVER_ENGAGED,
	CHECK_OWNER_ERRNO,
	CHECK_RACER_ERRNO,
	CHECK_MALFORMED,
	CHECK_RETVAL_WRITES,
	CHECK_HELD_FILES,
	CHECK_ENGAGED_FORMAT,
	CHECK_FN_FILES,
	CHECK_MODULE_CYCLE,
	CHECK_DISENGAGE_ALL,
	CHECK_FINAL_LISTING,
	CHECK_FINAL_FN_DIRS,
	CHECK_FINAL_CALLS,
	CHECK_CLEANUP,
	CHECK_UNLOAD_UNDER_LOAD,
	CHECK_CALLS_AFTER_UNLOAD,
	CHECK_COUNT,
};

static const char *const check_names[CHECK_COUNT] = {
	[CHECK_CALL_VALUES] = "callers see only natural or engaged values",
	[CHECK_NEVER_ENGAGED] = "never-engaged ulong always returns 100",
	[CHECK_OWNER_ERRNO] = "owner writes get the predicted errno",
	[CHECK_RACER_ERRNO] = "racer writes get ok, EBUSY, ENOENT, EAGAIN or EINVAL",
	[CHECK_MALFORMED] = "malformed writes under load get EINVAL",
	[CHECK_RETVAL_WRITES] = "retval writes get ok, ENOENT or ENODEV",
	[CHECK_HELD_FILES] = "held files read a value or ENODEV",
	[CHECK_ENGAGED_FORMAT] = "engaged lines are well-formed and unique",
	[CHECK_FN_FILES] = "fn files read a value, ENOENT or ENODEV",
	[CHECK_MODULE_CYCLE] = "ks_target unloads and reloads under load",
	[CHECK_DISENGAGE_ALL] = "disengage_all under load succeeds",
	[CHECK_FINAL_LISTING] = "final listing matches the owners' beliefs",
	[CHECK_FINAL_FN_DIRS] = "final fn dirs match the listing",
	[CHECK_FINAL_CALLS] = "final calls return the listed values",
	[CHECK_CLEANUP] = "disengage_all leaves nothing behind",
	[CHECK_UNLOAD_UNDER_LOAD] = "killswitch unloads while callers run",
	[CHECK_CALLS_AFTER_UNLOAD] = "calls run their bodies after unload",
};

static struct {
	pthread_mutex_t lock;
	unsigned long failures[CHECK_COUNT];
	char first[CHECK_COUNT][256];
} results = { .lock = PTHREAD_MUTEX_INITIALIZER };

/* Operation counters for the STAT lines. */
enum counter {
	STAT_CALLS,
	STAT_ENGAGE,
	STAT_TRYENGAGE,
	STAT_DISENGAGE,
	STAT_BATCH,
	STAT_CONTROL_REJECTED,
	STAT_MALFORMED,
	STAT_RETVAL_WRITE,
	STAT_FILE_READ,
	STAT_HOLD,
	STAT_MODULE_CYCLE,
	STAT_DISENGAGE_ALL,
	STAT_COUNT,
};

static const char *const stat_names[STAT_COUNT] = {
	[STAT_CALLS] = "target-calls",
	[STAT_ENGAGE] = "engage-ok",
	[STAT_TRYENGAGE] = "tryengage-ok",
	[STAT_DISENGAGE] = "disengage-ok",
	[STAT_BATCH] = "two-line-write-ok",
	[STAT_CONTROL_REJECTED] = "control-write-rejected",
	[STAT_MALFORMED] = "malformed-write",
	[STAT_RETVAL_WRITE] = "retval-write",
	[STAT_FILE_READ] = "file-read",
	[STAT_HOLD] = "held-file-cycle",
	[STAT_MODULE_CYCLE] = "target-unload-reload",
	[STAT_DISENGAGE_ALL] = "disengage-all",
};

static atomic_ulong stats[STAT_COUNT];
static atomic_bool stop;
static const char *target_ko;

/*
 * The owners take this for reading around each control write and the
 * belief update after it. The loader takes it for writing while it unloads
 * ks_target or writes disengage_all, which end the owners' engagements.
 * main() makes it prefer writers: the two owners overlap their read locks
 * all the time and would starve the loader otherwise.
 */
static pthread_rwlock_t owner_lock;
/* Whether ks_target.ko is loaded; changed under owner_lock for writing. */
static bool target_loaded = true;

static void fail(enum check check, const char *format, ...)
{
	va_list args;

	pthread_mutex_lock(&results.lock);
	if (results.failures[check]++ == 0) {
		va_start(args, format);
		vsnprintf(results.first[check], sizeof(results.first[check]),
			  format, args);
		va_end(args);
	}
	pthread_mutex_unlock(&results.lock);
}

static void count(enum counter counter)
{
	atomic_fetch_add(&stats[counter], 1);
}

/* xorshift64: each thread has its own state. */
static uint64_t next_random(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

static unsigned int pick(uint64_t *state, unsigned int n)
{
	return (unsigned int)(next_random(state) % n);
}

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *errno_text(int err)
{
	static const struct {
		int value;
		const char *name;
	} names[] = {
		{ 0, "ok" }, { EPERM, "EPERM" }, { ENOENT, "ENOENT" },
		{ EIO, "EIO" }, { E2BIG, "E2BIG" }, { EAGAIN, "EAGAIN" },
		{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
		{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { ENODEV, "ENODEV" },
		{ EINVAL, "EINVAL" }, { ESPIPE, "ESPIPE" }, { EROFS, "EROFS" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (names[i].value == err)
			return names[i].name;
	}
	return "other errno";
}

/* One write(2) of @text to @path; returns 0 or the errno. */
static int write_file(const char *path, const char *text)
{
	ssize_t ret;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	ret = write(fd, text, strlen(text));
	if (ret < 0)
		err = errno;
	else if ((size_t)ret != strlen(text))
		err = EIO;
	close(fd);
	return err;
}

/* Read up to @size - 1 bytes of @fd from offset 0; returns 0 or the errno. */
static int read_fd(int fd, char *buf, size_t size)
{
	ssize_t n = pread(fd, buf, size - 1, 0);

	if (n < 0)
		return errno ? errno : EIO;
	buf[n] = '\0';
	return 0;
}

static int read_file(const char *path, char *buf, size_t size)
{
	int fd, err;

	buf[0] = '\0';
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno ? errno : EIO;
	err = read_fd(fd, buf, size);
	close(fd);
	count(STAT_FILE_READ);
	return err;
}

/* The value a caller of @kind gets when the target is engaged with @value. */
static long as_seen(enum kind kind, long value)
{
	switch (kind) {
	case KIND_INT:
		return (long)(int)value;
	case KIND_BOOL:
		return (long)(unsigned char)value;
	default:
		return value;
	}
}

static bool engaged_value(enum kind kind, long seen)
{
	size_t i;

	for (i = 0; i < RETVAL_COUNT; i++) {
		if (as_seen(kind, retvals[i].value) == seen)
			return true;
	}
	return false;
}

static bool retval_known(long value)
{
	size_t i;

	for (i = 0; i < RETVAL_COUNT; i++) {
		if (retvals[i].value == value)
			return true;
	}
	return false;
}

/*
 * Call @t CALLS_PER_WRITE times through @fd and check the values. Returns
 * false when the file went away with its module; the caller reopens it.
 */
static bool call_target(int fd, const struct target *t)
{
	char request[32], result[160], name[16];
	unsigned int calls, natural, other;
	long last_other;

	snprintf(request, sizeof(request), "%s %d", t->name, CALLS_PER_WRITE);
	if (write(fd, request, strlen(request)) < 0 || read_fd(fd, result, sizeof(result)))
		return false;
	if (sscanf(result, "%15s calls=%u natural=%u other=%u last_other=%ld",
		   name, &calls, &natural, &other, &last_other) != 5 ||
	    strcmp(name, t->name) != 0 || natural + other != calls) {
		fail(CHECK_CALL_VALUES, "repeat file returned '%s' for %s", result, t->name);
		return true;
	}
	atomic_fetch_add(&stats[STAT_CALLS], calls);

	if (t->role == ROLE_NEVER && other != 0)
		fail(CHECK_NEVER_ENGAGED, "%s returned %ld in %u of %u calls",
		     t->symbol, last_other, other, calls);
	else if (other != 0 && !engaged_value(t->kind, last_other))
		fail(CHECK_CALL_VALUES, "%s returned %ld, which is neither its own value nor an engaged one",
		     t->symbol, last_other);
	return true;
}

static void *caller_thread(void *arg)
{
	uint64_t seed = (uint64_t)(uintptr_t)arg;
	int fd = -1;

	while (!atomic_load(&stop)) {
		const struct target *t = &targets[pick(&seed, TARGET_COUNT)];

		if (fd < 0) {
			fd = open(REPEAT_FILE, O_RDWR | O_CLOEXEC);
			if (fd < 0) {
				/* ks_target is being reloaded. */
				sleep_ms(1);
				continue;
			}
		}
		if (!call_target(fd, t)) {
			close(fd);
			fd = -1;
		}
	}
	if (fd >= 0)
		close(fd);
	return NULL;
}

/* Pick a target of @role. */
static struct target *pick_target(uint64_t *seed, enum role role)
{
	struct target *t;

	do {
		t = &targets[pick(seed, TARGET_COUNT)];
	} while (t->role != role);
	return t;
}

/*
 * Whether result @err is possible for engaging or disengaging a symbol in
 * state @belief; ENOENT is the only result while ks_target is unloaded.
 */
static bool owner_result_ok(bool engage, enum belief belief, int err)
{
	if (!target_loaded)
		return err == ENOENT;
	if (engage) {
		if (belief == BELIEF_ABSENT)
			return err == 0;
		if (belief == BELIEF_ENGAGED)
			return err == EBUSY;
		return err == 0 || err == EBUSY;
	}
	if (belief == BELIEF_ABSENT)
		return err == ENOENT;
	if (belief == BELIEF_ENGAGED)
		return err == 0;
	return err == 0 || err == ENOENT;
}

/* The state after an engage (@engage) or disengage with result @err. */
static enum belief owner_next(bool engage, bool tryengage, enum belief belief, int err)
{
	if (!target_loaded)
		return BELIEF_ABSENT;
	if (engage) {
		if (err == 0)
			return tryengage ? BELIEF_UNCERTAIN : BELIEF_ENGAGED;
		return belief;
	}
	return BELIEF_ABSENT;
}

/* Predict a two-line write's result: the first line that fails, in order. */
static int owner_predict_batch(const struct target *engage_t, const struct target *disengage_t)
{
	if (!target_loaded)
		return ENOENT;
	if (engage_t->belief == BELIEF_ENGAGED)
		return EBUSY;
	if (disengage_t->belief == BELIEF_ABSENT)
		return ENOENT;
	return 0;
}

static void owner_step(uint64_t *seed, enum role role)
{
	struct target *t = pick_target(seed, role);
	struct target *other;
	const char *value = retvals[pick(seed, RETVAL_COUNT)].text;
	char text[256];
	unsigned int op = pick(seed, 10);
	bool engage, tryengage = false;
	int err, expected;

	pthread_rwlock_rdlock(&owner_lock);

	if (op == 9) {
		/* Two lines: engage one symbol, disengage another. */
		other = pick_target(seed, role);
		if (other == t || t->belief == BELIEF_UNCERTAIN ||
		    other->belief == BELIEF_UNCERTAIN) {
			pthread_rwlock_unlock(&owner_lock);
			return;
		}
		snprintf(text, sizeof(text), "engage %s %s\ndisengage %s\n",
			 t->symbol, value, other->symbol);
		expected = owner_predict_batch(t, other);
		err = write_file(KS_CONTROL, text);
		if (err != expected) {
			fail(CHECK_OWNER_ERRNO, "'engage %s; disengage %s' returned %s, expected %s",
			     t->symbol, other->symbol, errno_text(err), errno_text(expected));
			/* The state is unknown now: learn it from later writes. */
			t->belief = BELIEF_UNCERTAIN;
			other->belief = BELIEF_UNCERTAIN;
		} else if (err == 0) {
			t->belief = BELIEF_ENGAGED;
			other->belief = BELIEF_ABSENT;
			count(STAT_BATCH);
		} else {
			count(STAT_CONTROL_REJECTED);
		}
		pthread_rwlock_unlock(&owner_lock);
		return;
	}

	engage = op < 6;
	if (engage && op == 5) {
		tryengage = true;
		snprintf(text, sizeof(text), "tryengage %s %s %u\n", t->symbol, value, pick(seed, 2));
	} else if (engage) {
		snprintf(text, sizeof(text), "engage %s %s\n", t->symbol, value);
	} else {
		snprintf(text, sizeof(text), "disengage %s\n", t->symbol);
	}

	err = write_file(KS_CONTROL, text);
	if (!owner_result_ok(engage, t->belief, err)) {
		fail(CHECK_OWNER_ERRNO, "'%.*s' returned %s with the symbol %s and ks_target %s",
		     (int)strcspn(text, "\n"), text, errno_text(err),
		     t->belief == BELIEF_ABSENT ? "absent" :
		     t->belief == BELIEF_ENGAGED ? "engaged" : "possibly engaged",
		     target_loaded ? "loaded" : "unloaded");
		t->belief = BELIEF_UNCERTAIN;
	} else {
		t->belief = owner_next(engage, tryengage, t->belief, err);
		if (err != 0)
			count(STAT_CONTROL_REJECTED);
		else if (tryengage)
			count(STAT_TRYENGAGE);
		else
			count(engage ? STAT_ENGAGE : STAT_DISENGAGE);
	}
	pthread_rwlock_unlock(&owner_lock);
}

static void *owner_thread(void *arg)
{
	enum role role = (enum role)(uintptr_t)arg;
	uint64_t seed = 0x9e3779b97f4a7c15ULL * (unsigned int)role + (uint64_t)time(NULL);

	while (!atomic_load(&stop))
		owner_step(&seed, role);
	return NULL;
}

static const char *const malformed[] = {
	"engage ks_target_fn12\n",
	"engage ks_target_fn12 -EFOO\n",
	"engage ks_target_fn12 1\nengage ks_target_fn12 2\n",
	"tryengage ks_target_fn13 1 86401\n",
	"disengage_all now\n",
	"engage 1ks_target_fn14 1\n",
};

static void *racer_thread(void *arg)
{
	uint64_t seed = (uint64_t)(uintptr_t)arg;
	char text[256];
	int err;

	while (!atomic_load(&stop)) {
		const struct target *t = pick_target(&seed, ROLE_RACERS);
		const struct target *u = pick_target(&seed, ROLE_RACERS);
		const char *value = retvals[pick(&seed, RETVAL_COUNT)].text;
		unsigned int op = pick(&seed, 12);
		enum counter success;

		if (op == 11) {
			const char *bad = malformed[pick(&seed, sizeof(malformed) / sizeof(malformed[0]))];

			err = write_file(KS_CONTROL, bad);
			if (err != EINVAL)
				fail(CHECK_MALFORMED, "'%.*s' returned %s", (int)strcspn(bad, "\n"),
				     bad, errno_text(err));
			count(STAT_MALFORMED);
			continue;
		}
		if (op < 4) {
			snprintf(text, sizeof(text), "engage %s %s\n", t->symbol, value);
			success = STAT_ENGAGE;
		} else if (op < 6) {
			snprintf(text, sizeof(text), "tryengage %s %s %u\n", t->symbol, value,
				 pick(&seed, 2));
			success = STAT_TRYENGAGE;
		} else if (op < 10 || t == u) {
			snprintf(text, sizeof(text), "disengage %s\n", t->symbol);
			success = STAT_DISENGAGE;
		} else {
			snprintf(text, sizeof(text), "disengage %s\nengage %s %s\n",
				 t->symbol, u->symbol, value);
			success = STAT_BATCH;
		}
		err = write_file(KS_CONTROL, text);
		/*
		 * EAGAIN: the target module was in the middle of loading.
		 * EINVAL: the kprobe layer found the symbol, then the module's
		 * text went away as it unloaded; the racers' lines are
		 * well-formed, so EINVAL means nothing else here.
		 */
		if (err != 0 && err != EBUSY && err != ENOENT && err != EAGAIN && err != EINVAL)
			fail(CHECK_RACER_ERRNO, "'%.*s' returned %s", (int)strcspn(text, "\n"),
			     text, errno_text(err));
		count(err == 0 ? success : STAT_CONTROL_REJECTED);
	}
	return NULL;
}

static void *retval_thread(void *arg)
{
	uint64_t seed = (uint64_t)(uintptr_t)arg;
	char path[256];
	int err;

	while (!atomic_load(&stop)) {
		const struct target *t = &targets[pick(&seed, TARGET_COUNT)];

		snprintf(path, sizeof(path), KS_FN "/%s/retval", t->symbol);
		err = write_file(path, retvals[pick(&seed, RETVAL_COUNT)].text);
		if (err != 0 && err != ENOENT && err != ENODEV)
			fail(CHECK_RETVAL_WRITES, "%s returned %s", path, errno_text(err));
		if (err == 0)
			count(STAT_RETVAL_WRITE);
		else
			sleep_ms(1);
	}
	return NULL;
}

/* Check the contents of per-function file @file of @symbol. */
static bool fn_content_ok(const char *file, const char *content)
{
	char *end;
	long value;

	if (strcmp(file, "state") == 0)
		return strcmp(content, "engaged\n") == 0 || strcmp(content, "probing\n") == 0;
	errno = 0;
	value = strtol(content, &end, 10);
	if (errno || end == content || strcmp(end, "\n") != 0)
		return false;
	if (strcmp(file, "retval") == 0)
		return retval_known(value);
	return value >= 0;
}

static void *holder_thread(void *arg)
{
	static const char *const files[] = { "retval", "hits", "state" };
	uint64_t seed = (uint64_t)(uintptr_t)arg;
	char path[256], buf[4096];
	int fds[3], engaged_fd, err;
	size_t i;

	while (!atomic_load(&stop)) {
		const struct target *t = &targets[pick(&seed, TARGET_COUNT)];

		for (i = 0; i < 3; i++) {
			snprintf(path, sizeof(path), KS_FN "/%s/%s", t->symbol, files[i]);
			fds[i] = open(path, i == 0 ? O_RDWR | O_CLOEXEC : O_RDONLY | O_CLOEXEC);
		}
		engaged_fd = open(KS_ENGAGED, O_RDONLY | O_CLOEXEC);
		if (fds[0] < 0 && fds[1] < 0 && fds[2] < 0) {
			if (engaged_fd >= 0)
				close(engaged_fd);
			sleep_ms(1);
			continue;
		}

		/* Hold them while the other threads change things. */
		sleep_ms(pick(&seed, 30));

		for (i = 0; i < 3; i++) {
			if (fds[i] < 0)
				continue;
			err = read_fd(fds[i], buf, sizeof(buf));
			if (err == 0 && !fn_content_ok(files[i], buf))
				fail(CHECK_HELD_FILES, "held %s of %s read '%s'", files[i], t->symbol, buf);
			else if (err != 0 && err != ENODEV)
				fail(CHECK_HELD_FILES, "held %s of %s: %s", files[i], t->symbol,
				     errno_text(err));
			count(STAT_FILE_READ);
		}
		if (fds[0] >= 0) {
			const char *value = retvals[pick(&seed, RETVAL_COUNT)].text;
			ssize_t n = write(fds[0], value, strlen(value));

			if (n < 0 && errno != ENODEV)
				fail(CHECK_HELD_FILES, "write through held retval of %s: %s",
				     t->symbol, errno_text(errno));
		}
		if (engaged_fd >= 0) {
			err = read_fd(engaged_fd, buf, sizeof(buf));
			if (err)
				fail(CHECK_HELD_FILES, "held engaged: %s", errno_text(err));
			close(engaged_fd);
		}
		for (i = 0; i < 3; i++) {
			if (fds[i] >= 0)
				close(fds[i]);
		}
		count(STAT_HOLD);
	}
	return NULL;
}

static bool known_symbol(const char *symbol, const struct target **found)
{
	size_t i;

	for (i = 0; i < TARGET_COUNT; i++) {
		if (strcmp(targets[i].symbol, symbol) == 0) {
			*found = &targets[i];
			return true;
		}
	}
	return false;
}

/*
 * Copy the value of key @key from engaged line @line (up to its newline)
 * into @value; returns false if the key is missing or its value too long.
 */
static bool line_value(const char *line, const char *key, char *value, size_t size)
{
	size_t key_len = strlen(key), line_len = strcspn(line, "\n"), len;
	const char *p = line;

	while (p < line + line_len) {
		len = strcspn(p, " \n");
		if (len > key_len && strncmp(p, key, key_len) == 0 && p[key_len] == '=') {
			if (len - key_len - 1 >= size)
				return false;
			memcpy(value, p + key_len + 1, len - key_len - 1);
			value[len - key_len - 1] = '\0';
			return true;
		}
		p += len;
		p += strspn(p, " ");
	}
	return false;
}

/*
 * Parse one engaged listing into @present (indexed like targets), @values
 * and @probing; report malformed lines, unknown or repeated symbols to
 * @check. Lines are parsed by key, since later versions may add keys.
 */
static void parse_engaged(const char *listing, enum check check, bool present[TARGET_COUNT],
			  long values[TARGET_COUNT], bool probing[TARGET_COUNT])
{
	const char *line = listing;

	memset(present, 0, sizeof(bool) * TARGET_COUNT);
	memset(probing, 0, sizeof(bool) * TARGET_COUNT);
	memset(values, 0, sizeof(long) * TARGET_COUNT);
	while (*line) {
		char symbol[128], module[64], state[16], retval_text[32], hits[32], *end;
		int line_len = (int)strcspn(line, "\n");
		const struct target *t;
		size_t index;
		long retval = 0;

		if (line_value(line, "retval", retval_text, sizeof(retval_text))) {
			errno = 0;
			retval = strtol(retval_text, &end, 10);
			if (errno || *end)
				retval_text[0] = '\0';
		}
		if (!line_value(line, "symbol", symbol, sizeof(symbol)) ||
		    !line_value(line, "module", module, sizeof(module)) ||
		    !line_value(line, "state", state, sizeof(state)) ||
		    !line_value(line, "hits", hits, sizeof(hits)) ||
		    !line_value(line, "retval", retval_text, sizeof(retval_text)) ||
		    strncmp(line, "symbol=", 7) != 0 || line[line_len] != '\n') {
			fail(check, "malformed line '%.*s'", line_len, line);
		} else if (!known_symbol(symbol, &t) || strcmp(module, "ks_target") != 0) {
			fail(check, "unexpected engagement '%.*s'", line_len, line);
		} else if (present[index = (size_t)(t - targets)]) {
			fail(check, "%s listed twice", symbol);
		} else if (!retval_known(retval) ||
			   (strcmp(state, "engaged") != 0 && strcmp(state, "probing") != 0)) {
			fail(check, "unexpected value or state in '%.*s'", line_len, line);
		} else {
			present[index] = true;
			values[index] = retval;
			probing[index] = strcmp(state, "probing") == 0;
		}
		line += line_len;
		if (*line)
			line++;
	}
}

static void *reader_thread(void *arg)
{
	static const char *const files[] = { "retval", "hits", "state" };
	static const char *const others[] = {
		"/proc/ks_target/calls",
		"/sys/module/killswitch/parameters/fail_nth",
		"/sys/module/killswitch/parameters/engage",
	};
	bool present[TARGET_COUNT], probing[TARGET_COUNT];
	long values[TARGET_COUNT];
	char buf[16384], path[512];
	struct dirent *entry;
	size_t i;
	DIR *dir;
	int err;

	(void)arg;
	while (!atomic_load(&stop)) {
		err = read_file(KS_ENGAGED, buf, sizeof(buf));
		if (err)
			fail(CHECK_ENGAGED_FORMAT, "reading engaged: %s", errno_text(err));
		else
			parse_engaged(buf, CHECK_ENGAGED_FORMAT, present, values, probing);

		dir = opendir(KS_FN);
		if (!dir) {
			fail(CHECK_FN_FILES, "opendir fn: %s", errno_text(errno));
			continue;
		}
		while ((entry = readdir(dir)) != NULL) {
			if (entry->d_name[0] == '.')
				continue;
			for (i = 0; i < 3; i++) {
				snprintf(path, sizeof(path), KS_FN "/%s/%s", entry->d_name, files[i]);
				err = read_file(path, buf, sizeof(buf));
				if (err == 0 && !fn_content_ok(files[i], buf))
					fail(CHECK_FN_FILES, "%s read '%s'", path, buf);
				else if (err != 0 && err != ENOENT && err != ENODEV)
					fail(CHECK_FN_FILES, "%s: %s", path, errno_text(err));
			}
		}
		closedir(dir);
		for (i = 0; i < sizeof(others) / sizeof(others[0]); i++)
			read_file(others[i], buf, sizeof(buf));
	}
	return NULL;
}

static int load_target(void)
{
	int fd, ret;

	fd = open(target_ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	ret = (int)syscall(SYS_finit_module, fd, "", 0);
	ret = ret < 0 ? errno : 0;
	close(fd);
	return ret;
}

static int unload_module(const char *name)
{
	return syscall(SYS_delete_module, name, O_NONBLOCK) < 0 ? errno : 0;
}

/* End every owner engagement: mark the owners' symbols absent. */
static void owners_forget(void)
{
	size_t i;

	for (i = 0; i < TARGET_COUNT; i++)
		targets[i].belief = BELIEF_ABSENT;
}

static void *loader_thread(void *arg)
{
	uint64_t seed = (uint64_t)(uintptr_t)arg;
	int err, tries;

	while (!atomic_load(&stop)) {
		sleep_ms(500 + pick(&seed, 1000));
		if (atomic_load(&stop))
			break;

		pthread_rwlock_wrlock(&owner_lock);
		if (pick(&seed, 3) == 0) {
			err = write_file(KS_CONTROL, "disengage_all\n");
			if (err)
				fail(CHECK_DISENGAGE_ALL, "disengage_all returned %s", errno_text(err));
			owners_forget();
			count(STAT_DISENGAGE_ALL);
			pthread_rwlock_unlock(&owner_lock);
			continue;
		}
		/*
		 * A racer's kprobe registration holds a reference to ks_target
		 * for a moment, and delete_module() then returns EAGAIN.
		 */
		err = unload_module("ks_target");
		for (tries = 0; err == EAGAIN && tries < 100; tries++) {
			sleep_ms(10);
			err = unload_module("ks_target");
		}
		if (err) {
			fail(CHECK_MODULE_CYCLE, "rmmod ks_target: %s", errno_text(err));
			pthread_rwlock_unlock(&owner_lock);
			continue;
		}
		owners_forget();
		target_loaded = false;
		pthread_rwlock_unlock(&owner_lock);

		/* Let the other threads meet the unloaded module. */
		sleep_ms(20 + pick(&seed, 200));

		pthread_rwlock_wrlock(&owner_lock);
		err = load_target();
		if (err)
			fail(CHECK_MODULE_CYCLE, "insmod %s: %s", target_ko, errno_text(err));
		else
			target_loaded = true;
		pthread_rwlock_unlock(&owner_lock);
		count(STAT_MODULE_CYCLE);
	}
	return NULL;
}

struct thread_spec {
	void *(*run)(void *arg);
	int count;
};

static int start_threads(const struct thread_spec *specs, size_t nspecs, pthread_t *threads,
			 uint64_t seed)
{
	int n = 0;
	size_t i;
	int j;

	for (i = 0; i < nspecs; i++) {
		for (j = 0; j < specs[i].count; j++) {
			uintptr_t arg = (uintptr_t)(seed + (uint64_t)n * 0x9e3779b97f4a7c15ULL) | 1;

			if (specs[i].run == owner_thread)
				arg = (uintptr_t)(j == 0 ? ROLE_OWNER_A : ROLE_OWNER_B);
			if (pthread_create(&threads[n], NULL, specs[i].run, (void *)arg) != 0) {
				perror("pthread_create");
				exit(2);
			}
			n++;
		}
	}
	return n;
}

static void stop_threads(pthread_t *threads, int n)
{
	int i;

	atomic_store(&stop, true);
	for (i = 0; i < n; i++)
		pthread_join(threads[i], NULL);
	atomic_store(&stop, false);
}

/* Compare the listing and fn/ with the owners' beliefs after the run. */
static void check_final_state(void)
{
	bool present[TARGET_COUNT], probing[TARGET_COUNT], dir_found[TARGET_COUNT] = { false };
	long values[TARGET_COUNT];
	char listing[16384], path[256], result[160];
	const struct target *t;
	struct dirent *entry;
	size_t i;
	DIR *dir;
	int fd, err;

	err = read_file(KS_ENGAGED, listing, sizeof(listing));
	if (err) {
		fail(CHECK_FINAL_LISTING, "reading engaged: %s", errno_text(err));
		return;
	}
	parse_engaged(listing, CHECK_FINAL_LISTING, present, values, probing);

	for (i = 0; i < TARGET_COUNT; i++) {
		t = &targets[i];
		if (probing[i] && present[i])
			fail(CHECK_FINAL_LISTING, "%s still probing after its window", t->symbol);
		if (t->role == ROLE_NEVER && present[i])
			fail(CHECK_FINAL_LISTING, "%s is engaged but nobody engaged it", t->symbol);
		if (t->role != ROLE_OWNER_A && t->role != ROLE_OWNER_B)
			continue;
		if (t->belief == BELIEF_ENGAGED && !present[i])
			fail(CHECK_FINAL_LISTING, "%s is missing although its owner engaged it",
			     t->symbol);
		if (t->belief == BELIEF_ABSENT && present[i])
			fail(CHECK_FINAL_LISTING, "%s is listed although its owner believes it absent",
			     t->symbol);
	}

	dir = opendir(KS_FN);
	if (!dir) {
		fail(CHECK_FINAL_FN_DIRS, "opendir fn: %s", errno_text(errno));
		return;
	}
	while ((entry = readdir(dir)) != NULL) {
		if (entry->d_name[0] == '.')
			continue;
		if (!known_symbol(entry->d_name, &t) || !present[t - targets])
			fail(CHECK_FINAL_FN_DIRS, "fn/%s exists but is not listed", entry->d_name);
		else
			dir_found[t - targets] = true;
	}
	closedir(dir);
	for (i = 0; i < TARGET_COUNT; i++) {
		if (present[i] && !dir_found[i])
			fail(CHECK_FINAL_FN_DIRS, "%s is listed but fn/%s is missing",
			     targets[i].symbol, targets[i].symbol);
	}

	/* Each engaged function returns its listed value; the others run. */
	fd = open(REPEAT_FILE, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fail(CHECK_FINAL_CALLS, "open %s: %s", REPEAT_FILE, errno_text(errno));
		return;
	}
	for (i = 0; i < TARGET_COUNT; i++) {
		unsigned int calls, natural, other;
		long last_other;
		char name[16];

		t = &targets[i];
		snprintf(path, sizeof(path), "%s 10", t->name);
		if (write(fd, path, strlen(path)) < 0 || read_fd(fd, result, sizeof(result)) ||
		    sscanf(result, "%15s calls=%u natural=%u other=%u last_other=%ld", name,
			   &calls, &natural, &other, &last_other) != 5) {
			fail(CHECK_FINAL_CALLS, "calling %s failed", t->symbol);
			continue;
		}
		if (!present[i] || t->kind == KIND_VOID ||
		    as_seen(t->kind, values[i]) == t->natural) {
			if (other != 0)
				fail(CHECK_FINAL_CALLS, "%s returned %ld, expected its own %ld",
				     t->symbol, last_other, t->natural);
		} else if (natural != 0 || last_other != as_seen(t->kind, values[i])) {
			fail(CHECK_FINAL_CALLS, "%s listed with %ld: %u calls ran the body, last other value %ld",
			     t->symbol, values[i], natural, last_other);
		}
	}
	close(fd);
}

static void check_cleanup(void)
{
	char listing[4096];
	DIR *dir;
	struct dirent *entry;
	int err;

	err = write_file(KS_CONTROL, "disengage_all\n");
	if (err)
		fail(CHECK_CLEANUP, "disengage_all returned %s", errno_text(err));
	err = read_file(KS_ENGAGED, listing, sizeof(listing));
	if (err || listing[0] != '\0')
		fail(CHECK_CLEANUP, "engaged after disengage_all: '%s' (%s)", listing,
		     errno_text(err));
	dir = opendir(KS_FN);
	if (!dir) {
		fail(CHECK_CLEANUP, "opendir fn: %s", errno_text(errno));
		return;
	}
	while ((entry = readdir(dir)) != NULL) {
		if (entry->d_name[0] != '.')
			fail(CHECK_CLEANUP, "fn/%s left after disengage_all", entry->d_name);
	}
	closedir(dir);
}

/* Engage a few targets, then unload killswitch.ko while callers run. */
static void unload_under_load(uint64_t seed)
{
	static const struct thread_spec callers[] = { { caller_thread, CALLERS } };
	pthread_t threads[CALLERS];
	char result[160];
	size_t i;
	int n, err, fd;

	err = write_file(KS_CONTROL,
			 "engage ks_target_long 5\nengage ks_target_int -EPERM\n"
			 "engage ks_target_fn00 0x10\ntryengage ks_target_fn01 1 600\n");
	if (err) {
		fail(CHECK_UNLOAD_UNDER_LOAD, "engaging before the unload returned %s",
		     errno_text(err));
		return;
	}
	n = start_threads(callers, 1, threads, seed);
	sleep_ms(1000);
	err = unload_module("killswitch");
	if (err)
		fail(CHECK_UNLOAD_UNDER_LOAD, "rmmod killswitch: %s", errno_text(err));
	sleep_ms(500);
	stop_threads(threads, n);
	if (access(KS_DIR, F_OK) == 0)
		fail(CHECK_UNLOAD_UNDER_LOAD, "%s still exists after the unload", KS_DIR);

	fd = open(REPEAT_FILE, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		fail(CHECK_CALLS_AFTER_UNLOAD, "open %s: %s", REPEAT_FILE, errno_text(errno));
		return;
	}
	for (i = 0; i < TARGET_COUNT; i++) {
		char request[32];
		unsigned int other = 1;

		snprintf(request, sizeof(request), "%s 100", targets[i].name);
		if (write(fd, request, strlen(request)) < 0 || read_fd(fd, result, sizeof(result)) ||
		    sscanf(result, "%*s calls=%*u natural=%*u other=%u", &other) != 1 || other != 0)
			fail(CHECK_CALLS_AFTER_UNLOAD, "%s after the unload: '%s'",
			     targets[i].symbol, result);
	}
	close(fd);
}

static void usage(void)
{
	fprintf(stderr, "usage: ksstress [-t SECONDS] [-s SEED] TARGET_KO\n"
			"       ksstress -u TARGET_KO\n");
}

int main(int argc, char **argv)
{
	static const struct thread_spec specs[] = {
		{ caller_thread, CALLERS }, { owner_thread, 2 }, { racer_thread, 2 },
		{ retval_thread, 1 },	    { holder_thread, 1 }, { reader_thread, 2 },
		{ loader_thread, 1 },
	};
	pthread_t threads[CALLERS + 9];
	pthread_rwlockattr_t lock_attr;
	uint64_t seed = (uint64_t)time(NULL);
	bool unload_killswitch = false;
	unsigned int seconds = 10;
	double start, elapsed;
	int opt, n, failed = 0;
	size_t i;

	while ((opt = getopt(argc, argv, "t:s:u")) != -1) {
		switch (opt) {
		case 't':
			seconds = (unsigned int)strtoul(optarg, NULL, 10);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'u':
			unload_killswitch = true;
			break;
		default:
			usage();
			return 2;
		}
	}
	if (optind != argc - 1 || seconds == 0) {
		usage();
		return 2;
	}
	target_ko = argv[optind];
	setvbuf(stdout, NULL, _IOLBF, 0);
	pthread_rwlockattr_init(&lock_attr);
	pthread_rwlockattr_setkind_np(&lock_attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
	pthread_rwlock_init(&owner_lock, &lock_attr);

	start = now_seconds();
	if (unload_killswitch) {
		unload_under_load(seed);
		elapsed = now_seconds() - start;
	} else {
		printf("INFO seed %" PRIu64 ", %u s, %d threads\n", seed, seconds, CALLERS + 9);
		n = start_threads(specs, sizeof(specs) / sizeof(specs[0]), threads, seed);
		sleep(seconds);
		stop_threads(threads, n);
		elapsed = now_seconds() - start;

		if (!target_loaded) {
			int err = load_target();

			if (err)
				fail(CHECK_MODULE_CYCLE, "final insmod %s: %s", target_ko,
				     errno_text(err));
		}
		/* Windows are 0 or 1 s long: let every one commit or abort. */
		sleep(3);
		check_final_state();
		check_cleanup();
	}

	for (i = 0; i < STAT_COUNT; i++) {
		unsigned long value = atomic_load(&stats[i]);

		if (value != 0 || !unload_killswitch)
			printf("STAT %s %lu %.1f\n", stat_names[i], value, (double)value / elapsed);
	}
	for (i = 0; i < CHECK_COUNT; i++) {
		bool unload_check = i == CHECK_UNLOAD_UNDER_LOAD || i == CHECK_CALLS_AFTER_UNLOAD ||
				    i == CHECK_CALL_VALUES;

		if (unload_killswitch != unload_check && i != CHECK_CALL_VALUES)
			continue;
		if (results.failures[i] == 0) {
			printf("PASS %s\n", check_names[i]);
		} else {
			printf("FAIL %s: %lu failures, first: %s\n", check_names[i],
			       results.failures[i], results.first[i]);
			failed = 1;
		}
	}
	return failed;
}
