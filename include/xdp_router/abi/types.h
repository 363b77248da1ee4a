/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The integer types of the ABI: __u32, __be32 ... come from vmlinux.h on
 * the BPF side (included first), from <linux/types.h> in user space and
 * in handlers. Every header of abi/ starts here.
 */
#ifndef XDP_ROUTER_ABI_TYPES_H
#define XDP_ROUTER_ABI_TYPES_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#endif
