/* SPDX-License-Identifier: GPL-2.0 */
/* Functions of ks_target.ko; ks_target.c describes their return values. */
#ifndef KS_TARGET_H
#define KS_TARGET_H

#include <linux/types.h>

long ks_target_long(void);
int ks_target_int(void);
bool ks_target_bool(void);
unsigned long ks_target_ulong(void);
void *ks_target_ptr(void);
void ks_target_void(void);

#endif /* KS_TARGET_H */
