/* SPDX-License-Identifier: GPL-2.0 */
/* ip_fragment: a datagram too large for the egress MTU, cut in pieces. */
#ifndef XR_SP_FRAG_H
#define XR_SP_FRAG_H

#include <stddef.h>
#include <stdint.h>

/* Called once per fragment, in order; frag is valid during the call. */
typedef int (*xr_frag_out)(void *arg, uint8_t *frag, size_t len);

/*
 * ip_do_fragment's slow path: cuts the IP datagram ip (len bytes, header
 * as it is to be sent, TTL included) into fragments of at most mtu
 * bytes. Data is cut on 8-byte boundaries; every fragment but the last
 * has MF (all of them when ip was itself a fragment with MF); offsets
 * continue ip's own; fragments after the first carry only the options
 * with the copy bit (the rest become NOOPs); every header checksum is
 * recomputed. Returns the number of fragments, -EMSGSIZE when ip has DF
 * (the caller answers frag needed), -EINVAL when mtu leaves no room for
 * data or when ip's offset and length pass the 65,535 bytes a datagram
 * can have, or what out returned when it failed.
 */
int xr_ip_fragment(const uint8_t *ip, size_t len, unsigned int mtu,
		   xr_frag_out out, void *arg);

#endif
