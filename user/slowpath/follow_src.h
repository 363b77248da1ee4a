/* SPDX-License-Identifier: GPL-2.0 */
/* The mirror and its sources, for follow.c (slowpath/follow.h). */
#ifndef XR_SP_FOLLOW_SRC_H
#define XR_SP_FOLLOW_SRC_H

#include "slowpath/follow.h"

/* The mirror, the kernel's sockets (and FPM's listener), a first resync. */
int xr_follow_src_open(struct xr_follow *f);
void xr_follow_src_close(struct xr_follow *f);
/* A full resync from the kernel (routes only in kernel mode). */
void xr_follow_src_resync(struct xr_follow *f);
/* Every 15 s: the kernel asked to confirm the STALE gateways of the
 * next hops in use (NTF_USE), as its own use of them would. */
void xr_follow_probe(struct xr_follow *f);

#endif
