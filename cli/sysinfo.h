/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel taint and lockdown state. */
#ifndef KSCTL_SYSINFO_H
#define KSCTL_SYSINFO_H

struct ksctl;

/*
 * Read the active lockdown mode ("none", "integrity", "confidentiality")
 * from /sys/kernel/security/lockdown, the bracketed word. Returns 0 or a
 * negative errno (-ENOENT: no lockdown LSM).
 */
int lockdown_read(const struct ksctl *ctx, char **mode);
/* Parse the text of the lockdown file; returns the bracketed word or NULL. */
char *lockdown_parse(const char *text);

/* Read /proc/sys/kernel/tainted. Returns 0 or a negative errno. */
int taint_read(const struct ksctl *ctx, unsigned long long *value);
/* The letters of the set taint bits, as the kernel prints them ("OE"). */
char *taint_letters(unsigned long long value);

#endif /* KSCTL_SYSINFO_H */
