/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `ksctl status --prometheus`: the state of killswitch and the catalog
 * coverage in the Prometheus text exposition format (version 0.0.4). The
 * metric names and labels are documented in ksctl(8) and docs/fleet.md.
 */
#ifndef KSCTL_METRICS_H
#define KSCTL_METRICS_H

#include <stdio.h>

struct ksctl;
struct engagement_list;

/*
 * Escape @value for a label value: backslash, double quote and newline
 * become \\, \" and \n. Returns an allocated string.
 */
char *metrics_escape_label(const char *value);

/*
 * Write every metric to @out. @list is NULL when killswitch.ko is not
 * loaded. @taint_status is 0 when @taint was read. Catalog metrics come
 * from $KSCTL_CATALOG or the installed catalog and the running kernel's
 * stable version ($KSCTL_KERNEL_VERSION or uname).
 */
void metrics_write(struct ksctl *ctx, FILE *out, const struct engagement_list *list,
		   int taint_status, unsigned long long taint);

#endif /* KSCTL_METRICS_H */
