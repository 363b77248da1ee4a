/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's address classes (include/linux/in.h, ipv4_is_*), on host
 * order addresses: the martians of ip_route_input_slow. Shared by the
 * fast path and the tests that check it never forwards them.
 */
#ifndef XR_MARTIAN_H
#define XR_MARTIAN_H

#define IPV4_IS_ZERONET(a)   (((a) & 0xff000000u) == 0x00000000u)
#define IPV4_IS_LOOPBACK(a)  (((a) & 0xff000000u) == 0x7f000000u)
#define IPV4_IS_MULTICAST(a) (((a) & 0xf0000000u) == 0xe0000000u)
#define IPV4_IS_LBCAST(a)    ((a) == 0xffffffffu)

#endif
