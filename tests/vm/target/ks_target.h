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
long ks_target_fn00(void);
long ks_target_fn01(void);
long ks_target_fn02(void);
long ks_target_fn03(void);
long ks_target_fn04(void);
long ks_target_fn05(void);
long ks_target_fn06(void);
long ks_target_fn07(void);
long ks_target_fn08(void);
long ks_target_fn09(void);
long ks_target_fn10(void);
long ks_target_fn11(void);
long ks_target_fn12(void);
long ks_target_fn13(void);
long ks_target_fn14(void);
long ks_target_fn15(void);

#endif /* KS_TARGET_H */
