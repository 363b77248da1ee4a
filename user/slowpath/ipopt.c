// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include "slowpath/ipopt.h"

/* The first checks of an option with a pointer: not seen before, at
 * least minlen long, its pointer not below minptr. NULL when it passes,
 * else the byte to point at. */
static uint8_t *opt_head_bad(uint8_t *optptr, int optlen, int seen,
			     int minlen, int minptr)
{
	if (seen)
		return optptr;
	if (optlen < minlen)
		return optptr + 1;
	if (optptr[2] < minptr)
		return optptr + 2;
	return NULL;
}

int xr_ip_options_compile(uint8_t *ip, struct xr_ipopt *o, __be32 spec_dst,
			  uint32_t now_ms, int (*is_local)(__be32, void *),
			  void *arg, uint8_t *pp_ptr)
{
	int l = (ip[0] & 0x0f) * 4 - 20;
	uint8_t *optptr = ip + 20, *pp = NULL, *timeptr;
	__be32 midtime = htonl(now_ms), addr;
	int optlen;

	memset(o, 0, sizeof(*o));
	o->optlen = (uint8_t)l;
	while (l > 0) {
		switch (*optptr) {
		case IPOPT_END:
			for (optptr++, l--; l > 0; optptr++, l--)
				*optptr = IPOPT_END;
			goto eol;
		case IPOPT_NOOP:
			l--;
			optptr++;
			continue;
		}
		if (l < 2) {
			pp = optptr;
			goto error;
		}
		optlen = optptr[1];
		if (optlen < 2 || optlen > l) {
			pp = optptr;
			goto error;
		}
		switch (*optptr) {
		case IPOPT_SSRR:
		case IPOPT_LSRR:
			/* the kernel checks "seen" last here: RFC 1812 5.2.4.1 */
			if ((pp = opt_head_bad(optptr, optlen, 0, 3, 4)) ||
			    (pp = opt_head_bad(optptr, optlen, o->srr, 3, 4)))
				goto error;
			o->srr = (uint8_t)(optptr - ip);
			break;
		case IPOPT_RR:
			if ((pp = opt_head_bad(optptr, optlen, o->rr, 3, 4)))
				goto error;
			if (optptr[2] <= optlen) {
				if (optptr[2] + 3 > optlen) {
					pp = optptr + 2;
					goto error;
				}
				memcpy(&optptr[optptr[2] - 1], &spec_dst, 4);
				optptr[2] += 4;
				o->rr_needaddr = 1;
			}
			o->rr = (uint8_t)(optptr - ip);
			break;
		case IPOPT_TIMESTAMP:
			if ((pp = opt_head_bad(optptr, optlen, o->ts, 4, 5)))
				goto error;
			if (optptr[2] <= optlen) {
				timeptr = NULL;
				if (optptr[2] + 3 > optlen) {
					pp = optptr + 2;
					goto error;
				}
				switch (optptr[3] & 0xf) {
				case IPOPT_TS_TSONLY:
					timeptr = &optptr[optptr[2] - 1];
					optptr[2] += 4;
					break;
				case IPOPT_TS_TSANDADDR:
					if (optptr[2] + 7 > optlen) {
						pp = optptr + 2;
						goto error;
					}
					memcpy(&optptr[optptr[2] - 1], &spec_dst, 4);
					timeptr = &optptr[optptr[2] + 3];
					o->ts_needaddr = 1;
					optptr[2] += 8;
					break;
				case IPOPT_TS_PRESPEC:
					if (optptr[2] + 7 > optlen) {
						pp = optptr + 2;
						goto error;
					}
					memcpy(&addr, &optptr[optptr[2] - 1], 4);
					if (!is_local || !is_local(addr, arg))
						break;   /* not ours to stamp */
					timeptr = &optptr[optptr[2] + 3];
					optptr[2] += 8;
					break;
				default:
					break;   /* unknown flag: left alone */
				}
				if (timeptr)
					memcpy(timeptr, &midtime, 4);
			} else if ((optptr[3] & 0xf) != IPOPT_TS_PRESPEC) {
				unsigned int overflow = optptr[3] >> 4;

				if (overflow == 15) {
					pp = optptr + 3;
					goto error;
				}
				optptr[3] = (uint8_t)((optptr[3] & 0xf) |
						      ((overflow + 1) << 4));
			}
			o->ts = (uint8_t)(optptr - ip);
			break;
		default:
			break;               /* other options pass unchanged */
		}
		l -= optlen;
		optptr += optlen;
	}
eol:
	return XR_IPOPT_OK;
error:
	*pp_ptr = (uint8_t)(pp - ip);
	return XR_IPOPT_PARAMPROB;
}

int xr_ip_options_forward(uint8_t *ip, const struct xr_ipopt *o, __be32 egress)
{
	uint8_t *optptr;
	int changed = 0;

	if (o->rr_needaddr) {
		optptr = ip + o->rr;
		memcpy(&optptr[optptr[2] - 5], &egress, 4);
		changed = 1;
	}
	if (o->ts_needaddr) {
		optptr = ip + o->ts;
		memcpy(&optptr[optptr[2] - 9], &egress, 4);
		changed = 1;
	}
	return changed;
}

void xr_ip_options_fragment(uint8_t *ip)
{
	uint8_t *optptr = ip + 20;
	int l = (ip[0] & 0x0f) * 4 - 20, optlen;

	while (l > 0) {
		switch (*optptr) {
		case IPOPT_END:
			return;
		case IPOPT_NOOP:
			l--;
			optptr++;
			continue;
		}
		if (l < 2)
			return;
		optlen = optptr[1];
		if (optlen < 2 || optlen > l)
			return;
		if (!IPOPT_COPIED(*optptr))
			memset(optptr, IPOPT_NOOP, (size_t)optlen);
		l -= optlen;
		optptr += optlen;
	}
}

uint32_t xr_ip_timestamp_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint32_t)((ts.tv_sec % 86400) * 1000 + ts.tv_nsec / 1000000);
}
