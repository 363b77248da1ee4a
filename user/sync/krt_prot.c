// SPDX-License-Identifier: GPL-2.0
/* Route protocols by ip's names (/etc/iproute2/rt_protos as Debian
 * ships it, and rt_protos.d/frr.conf that FRR adds), for `route show`. */
#include <stddef.h>
#include "sync/krt.h"

static const char *const names[256] = {
	[0] = "unspec", [1] = "redirect", [2] = "kernel", [3] = "boot",
	[4] = "static", [8] = "gated", [9] = "ra", [10] = "mrt",
	[11] = "zebra", [12] = "bird", [13] = "dnrouted", [14] = "xorp",
	[15] = "ntk", [16] = "dhcp", [18] = "keepalived", [42] = "babel",
	[99] = "openr", [186] = "bgp", [187] = "isis", [188] = "ospf",
	[189] = "rip", [190] = "ripng", [191] = "nhrp", [192] = "eigrp",
	[193] = "ldp", [194] = "sharp", [195] = "pbr", [196] = "static",
	[197] = "openfabric",
};

const char *xr_rtprot_name(uint8_t proto)
{
	return names[proto];
}
