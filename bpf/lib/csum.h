/* SPDX-License-Identifier: GPL-2.0 */
/* Internet checksum helpers: csum_fold, and IPv4's ip_fast_csum and
 * ip_decrease_ttl. */
#ifndef XR_BPF_CSUM_H
#define XR_BPF_CSUM_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

static __always_inline __u16 csum_fold(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

/*
 * ip_fast_csum: 0 when the header of ihl 32-bit words sums to 0xffff
 * (checksum valid). The caller has checked that ihl*4 bytes are present;
 * the loop checks again for the verifier.
 */
static __always_inline __u16 ip_fast_csum(const void *iph, __u32 ihl,
					  const void *data_end)
{
	const __u16 *p = iph;
	__u32 sum = 0;
	int i;

	if (ihl == 5) {
		if ((const void *)(p + 10) > data_end)
			return 1;
		sum = (__u32)p[0] + p[1] + p[2] + p[3] + p[4] + p[5] + p[6] +
		      p[7] + p[8] + p[9];
		return csum_fold(sum);
	}
	for (i = 0; i < 30; i++) {
		if (i >= (int)ihl * 2)
			break;
		if ((const void *)(p + i + 1) > data_end)
			return 1;
		sum += p[i];
	}
	return csum_fold(sum);
}

/*
 * ip_decrease_ttl, as the kernel writes it (include/net/ip.h): the TTL
 * byte is the high byte of its 16-bit word, so the word drops by 0x0100
 * and the checksum (RFC 1624, eqn. 3) rises by 0x0100 with end-around
 * carry. 0xFEFF + 0x0100 folds to 0x0000, never 0xFFFF, which is what
 * a full recompute gives.
 */
static __always_inline __u8 ip_decrease_ttl(struct iphdr *iph)
{
	__u32 check = (__u32)iph->check;

	check += (__u32)bpf_htons(0x0100);
	iph->check = (__sum16)(check + (check >= 0xFFFF));
	return --iph->ttl;
}

#endif
