// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>
#include "slowpath/csum.h"
#include "slowpath/frag.h"
#include "slowpath/ipopt.h"

#define IP_MF     0x2000
#define IP_DF     0x4000
#define IP_OFFSET 0x1fff

int xr_ip_fragment(const uint8_t *ip, size_t len, unsigned int mtu,
		   xr_frag_out out, void *arg)
{
	uint8_t buf[65536];
	size_t hlen = (size_t)(ip[0] & 0x0f) * 4, left, ptr, l;
	uint16_t frag_off, v;
	unsigned int offset;
	int not_last, n = 0, err;

	if (len < hlen || len > sizeof(buf))
		return -EINVAL;
	memcpy(&v, ip + 6, 2);
	frag_off = ntohs(v);
	if (frag_off & IP_DF)
		return -EMSGSIZE;
	if (mtu < hlen + 8)
		return -EINVAL;
	offset = (unsigned int)(frag_off & IP_OFFSET) << 3;
	not_last = !!(frag_off & IP_MF);
	if (offset + len > 65535)       /* no datagram is that long: the */
		return -EINVAL;         /* offsets would run into the flags */

	memcpy(buf, ip, hlen);          /* the header every fragment starts from */
	left = len - hlen;
	ptr = hlen;
	while (left > 0) {
		l = left;
		if (l > mtu - hlen)
			l = (mtu - hlen) & ~(size_t)7;
		memcpy(buf + hlen, ip + ptr, l);
		v = htons((uint16_t)(offset >> 3) |
			  ((left > l || not_last) ? IP_MF : 0));
		memcpy(buf + 6, &v, 2);
		v = htons((uint16_t)(hlen + l));
		memcpy(buf + 2, &v, 2);
		xr_ip_send_check(buf);
		err = out(arg, buf, hlen + l);
		if (err < 0)
			return err;
		n++;
		if (n == 1 && hlen > 20)
			xr_ip_options_fragment(buf);
		ptr += l;
		offset += (unsigned int)l;
		left -= l;
	}
	return n;
}
