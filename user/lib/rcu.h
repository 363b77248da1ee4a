/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The grace period: wait until no BPF program still reads what was
 * given up (FIB groups and next hops, a handler's dispatch slot).
 */
#ifndef XR_RCU_H
#define XR_RCU_H

/* Wait until every XDP or tc program that may have read the maps before
 * the call has finished (the kernel's synchronize_rcu). 0 or -errno. */
int xr_synchronize_rcu(void);

#endif
