// SPDX-License-Identifier: GPL-2.0
#include <string.h>
#include <arpa/inet.h>
#include "slowpath/arp.h"

size_t xr_arp_build_request(uint8_t *out, const uint8_t smac[6], __be32 sip,
			    __be32 tip, const uint8_t *dmac)
{
	static const uint8_t hdr[8] = { 0, 1, 0x08, 0, 6, 4, 0, ARPOP_REQUEST };

	if (dmac)
		memcpy(out, dmac, 6);
	else
		memset(out, 0xff, 6);
	memcpy(out + 6, smac, 6);
	out[12] = 0x08;
	out[13] = 0x06;
	memcpy(out + 14, hdr, sizeof(hdr));
	memcpy(out + 22, smac, 6);
	memcpy(out + 28, &sip, 4);
	memset(out + 32, 0, 6);              /* target hardware: unknown */
	memcpy(out + 38, &tip, 4);
	return XR_ARP_LEN;
}

int xr_arp_parse(const uint8_t *frame, size_t len, struct xr_arp *a)
{
	if (len < XR_ARP_LEN || frame[12] != 0x08 || frame[13] != 0x06)
		return -1;
	/* hardware Ethernet, protocol IPv4, lengths 6 and 4 */
	if (frame[14] != 0 || frame[15] != 1 || frame[16] != 0x08 ||
	    frame[17] != 0 || frame[18] != 6 || frame[19] != 4)
		return -1;
	a->op = (uint16_t)(frame[20] << 8 | frame[21]);
	memcpy(a->sha, frame + 22, 6);
	memcpy(&a->sip, frame + 28, 4);
	memcpy(a->tha, frame + 32, 6);
	memcpy(&a->tip, frame + 38, 4);
	a->bcast = frame[0] & 1;
	return 0;
}
