/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linkwatch for the daemon: the kernel's link and address events of both
 * families (rtnetlink groups RTMGRP_LINK, RTMGRP_IPV4_IFADDR and
 * RTMGRP_IPV6_IFADDR), reduced to the
 * ifindexes they touched. What changed is then read again the way
 * `link attach` reads it (lib/netdev), so no attribute is parsed here.
 */
#ifndef XR_SP_LINKWATCH_H
#define XR_SP_LINKWATCH_H

#include <stdint.h>

/* A non-blocking rtnetlink socket joined to the groups; -errno. */
int xr_linkwatch_open(void);
/* Drain it; calls changed() once per ifindex an event named. Returns 1
 * when events were lost (the socket overflowed): look at every link. */
int xr_linkwatch_read(int fd, void (*changed)(void *arg, uint32_t ifindex),
		      void *arg);

#endif
