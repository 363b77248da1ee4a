// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include "lib/nhg.h"
#include "lib/route4.h"
#include "lib/route6.h"
#include "benchroute.h"

static int addr_parse(const char *s, int v6, struct xr_in6 *a)
{
	memset(a, 0, sizeof(*a));
	return inet_pton(v6 ? AF_INET6 : AF_INET, s, a) == 1 ? 0 : -1;
}

/* the gateways of "GW,GW,..." */
static int gws_parse(struct bench_ecmp_route *r, char *list)
{
	char *save = NULL, *g;

	r->ngw = 0;
	for (g = strtok_r(list, ",", &save); g; g = strtok_r(NULL, ",", &save)) {
		if (r->ngw == BENCH_ECMP_MAX || addr_parse(g, r->v6, &r->gw[r->ngw]))
			return -1;
		r->ngw++;
	}
	return r->ngw ? 0 : -1;
}

int bench_route_parse(struct bench_ecmp_route *r, const char *text,
		      uint32_t ifindex)
{
	char buf[512], *slash, *eq, *end;
	unsigned long plen;

	snprintf(buf, sizeof(buf), "%s", text);
	slash = strchr(buf, '/');
	eq = strchr(buf, '=');
	memset(r, 0, sizeof(*r));
	r->v6 = strchr(buf, ':') != NULL;
	r->ifindex = ifindex;
	if (!slash || !eq || eq < slash)
		goto bad;
	*slash = *eq = '\0';
	plen = strtoul(slash + 1, &end, 10);
	if (end != eq || plen > (r->v6 ? 128u : 32u) || addr_parse(buf, r->v6, &r->dst) ||
	    gws_parse(r, eq + 1))
		goto bad;
	r->plen = (uint8_t)plen;
	return 0;
bad:
	fprintf(stderr, "bench: \"%s\" is not PREFIX=GW,GW,...\n", text);
	return -1;
}

/* the route itself, via gw[0] (gid 0) or via group gid */
static int route6_write(const struct xr_maps *m, const struct bench_ecmp_route *r,
			uint32_t gid)
{
	struct xr_route6 rt = { .dst = r->dst, .plen = r->plen,
				.type = XR_RTN_UNICAST,
				.proto = XR_RTPROT_STATIC, .nhg = gid };

	if (!gid) {
		rt.ifindex = r->ifindex;
		rt.gw = r->gw[0];
	}
	return xr_route6_update(m, &rt);
}

static int route_write(const struct xr_maps *m, const struct bench_ecmp_route *r,
		       uint32_t gid)
{
	struct xr_route4 rt = { .dst = r->dst.a[0], .plen = r->plen,
				.type = XR_RTN_UNICAST,
				.proto = XR_RTPROT_STATIC, .nhg = gid };

	if (r->v6)
		return route6_write(m, r, gid);
	if (!gid) {
		rt.ifindex = r->ifindex;
		rt.gw = r->gw[0].a[0];
	}
	return xr_route4_update(m, &rt);
}

int bench_route_set(const struct xr_maps *m, const struct bench_ecmp_route *r,
		    unsigned int members)
{
	struct xr_nhg_spec spec[BENCH_ECMP_MAX];
	uint32_t gid = 0;
	unsigned int k;
	int err, err2;

	if (members < 1 || members > r->ngw)
		return -EINVAL;
	if (members > 1) {
		for (k = 0; k < members; k++)
			spec[k] = (struct xr_nhg_spec){ .ifindex = r->ifindex,
							.gw = r->gw[k], .weight = 1 };
		err = xr_nhg_get(m, r->v6, spec, members, &gid);
		if (err)
			return err;
	}
	err = route_write(m, r, gid);
	if (gid) {   /* the route holds its own reference now */
		err2 = xr_nhg_put(m, r->v6, gid);
		err = err ? err : err2;
	}
	return err;
}
