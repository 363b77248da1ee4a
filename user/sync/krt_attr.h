/* SPDX-License-Identifier: GPL-2.0 */
/* What krt.c and krt_nh.c share: an address attribute read by family. */
#ifndef XR_SYNC_KRT_ATTR_H
#define XR_SYNC_KRT_ATTR_H

#include <linux/netlink.h>
#include "xdp_router/abi.h"

/* An attribute holding an address of the family (AF_INET: 4 bytes into
 * a[0], AF_INET6: 16), the rest of a zeroed; -EINVAL otherwise. */
int xr_krt_addr(const struct nlattr *at, uint8_t family, struct xr_in6 *a);

#endif
