// SPDX-License-Identifier: GPL-2.0
/* The CLI's name tables: the words of route types, NUD states, attach
 * hooks and modes, on and off, each with its value, in one place. */
#include <string.h>
#include "cli/cli.h"

#define NAMES(t) { t, sizeof(t) / sizeof(t[0]) }

static const struct xr_name rtn[] = {
	{ "unicast", XR_RTN_UNICAST },
	{ "blackhole", XR_RTN_BLACKHOLE },
	{ "unreachable", XR_RTN_UNREACHABLE },
	{ "prohibit", XR_RTN_PROHIBIT },
};

/* the kernel's NUD_* names (ip neigh) */
static const struct xr_name nud[] = {
	{ "INCOMPLETE", XR_NUD_INCOMPLETE },
	{ "REACHABLE", XR_NUD_REACHABLE },
	{ "STALE", XR_NUD_STALE },
	{ "DELAY", XR_NUD_DELAY },
	{ "PROBE", XR_NUD_PROBE },
	{ "FAILED", XR_NUD_FAILED },
	{ "NOARP", XR_NUD_NOARP },
	{ "PERMANENT", XR_NUD_PERMANENT },
};

/* hook xdp keeps the mode "mode" gives; hook tc is a mode of its own */
static const struct xr_name hook[] = {
	{ "xdp", XR_MODE_NATIVE },
	{ "tc", XR_MODE_TC },
};

/* ip link's words for XDP modes, and libxdp's */
static const struct xr_name mode[] = {
	{ "native", XR_MODE_NATIVE },
	{ "drv", XR_MODE_NATIVE },
	{ "generic", XR_MODE_GENERIC },
	{ "skb", XR_MODE_GENERIC },
};

static const struct xr_name onoff[] = {
	{ "on", 1 },
	{ "off", 0 },
};

/* the kernel's fib_multipath_hash_policy 0 and 1 */
static const struct xr_name mp_policy[] = {
	{ "l3", XR_MP_L3 },
	{ "l4", XR_MP_L4 },
};

const struct xr_names xr_rtn_names = NAMES(rtn);
const struct xr_names xr_mp_policy_names = NAMES(mp_policy);
const struct xr_names xr_nud_names = NAMES(nud);
const struct xr_names xr_hook_names = NAMES(hook);
const struct xr_names xr_mode_names = NAMES(mode);
const struct xr_names xr_onoff_names = NAMES(onoff);

int xr_name_parse(const struct xr_names *t, const char *word, int *val)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(word, t->v[i].name)) {
			*val = t->v[i].val;
			return 0;
		}
	return -1;
}

const char *xr_name_of(const struct xr_names *t, int val, const char *dflt)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].val == val)
			return t->v[i].name;
	return dflt;
}

const char *xr_rtn_name(int type)
{
	return xr_name_of(&xr_rtn_names, type, "unknown");
}

const char *xr_nud_name(unsigned int state)
{
	return xr_name_of(&xr_nud_names, (int)state, "NONE");
}
