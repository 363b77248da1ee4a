/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's address classes (include/linux/in.h, ipv4_is_*), on host
 * order addresses: the martians of ip_route_input_slow. Shared by the
 * fast path and the tests that check it never forwards them.
 */
#ifndef XR_MARTIAN_H
#define XR_MARTIAN_H

/* 0.0.0.0 alone since Linux 5.3 ("Allow 0.0.0.0/8 as a valid address
 * range"): the rest of 0.0.0.0/8 is unicast, as source and destination. */
#define IPV4_IS_ZERONET(a)   ((a) == 0u)
#define IPV4_IS_LOOPBACK(a)  (((a) & 0xff000000u) == 0x7f000000u)
#define IPV4_IS_MULTICAST(a) (((a) & 0xf0000000u) == 0xe0000000u)
#define IPV4_IS_LBCAST(a)    ((a) == 0xffffffffu)

#endif
