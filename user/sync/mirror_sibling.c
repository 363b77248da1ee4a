// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 keeps a multipath route as sibling routes: deleting one next hop
 * (`ip -6 route del P via G`) sends an RTM_DELROUTE naming that next hop
 * alone, and the route stays with the others. IPv4 deletes the route
 * whole. IPv4 keeps routes of one prefix and metric appended after the
 * first as aliases: a delete says by its next hops which one goes.
 */
#include <string.h>
#include <sys/socket.h>
#include "sync/mirror_int.h"

static int has_member(const struct mr_set *s, const struct xr_krt_nh *nh)
{
	unsigned int k;

	for (k = 0; k < s->n; k++)
		if (s->m[k].ifindex == nh->ifindex &&
		    !memcmp(&s->m[k].gw, &nh->gw, sizeof(nh->gw)))
			return 1;
	return 0;
}

static int named(const struct xr_krt *r, const struct xr_nhg_spec *m)
{
	unsigned int k;

	for (k = 0; k < r->n_nh; k++)
		if (r->nh[k].ifindex == m->ifindex &&
		    !memcmp(&r->nh[k].gw, &m->gw, sizeof(m->gw)))
			return 1;
	return 0;
}

/* Whether the message names some members of s, not all, and no other. */
static int names_some(const struct mr_set *s, const struct xr_krt *r)
{
	unsigned int k;

	if (!r->n_nh || r->n_nh >= s->n)
		return 0;
	for (k = 0; k < r->n_nh; k++)
		if (!has_member(s, &r->nh[k]))
			return 0;
	return 1;
}

int mr_route_del_members(struct xr_mirror *mi, const struct xr_krt *r,
			 uint32_t idx)
{
	struct xr_nhg_spec m[XR_NHG_MAX_MEMBERS];
	struct mr_route *rt = mr_tab_at(&mi->routes, idx);
	const struct mr_set *s;
	unsigned int k, n = 0;
	uint32_t id;

	if (r->family != AF_INET6 || (rt->e.flags & MR_NHID) || !rt->nh ||
	    rt->kernel)
		return 0;
	s = mr_set_at(&mi->sets, rt->nh);
	if (!names_some(s, r))
		return 0;
	for (k = 0; k < s->n; k++)
		if (!named(r, &s->m[k]))
			m[n++] = s->m[k];
	if (mr_set_get(&mi->sets, s->family, m, n, &id))
		return 0;
	mr_set_put(&mi->sets, rt->nh);
	rt->nh = id;
	return 1;
}

int mr_route_named(const struct xr_mirror *mi, const struct xr_krt *r,
		   uint32_t idx)
{
	const struct mr_route *rt = mr_tab_at(&mi->routes, idx);
	const struct mr_set *s;
	unsigned int k;

	if (r->nh_id)
		return (rt->e.flags & MR_NHID) && rt->nh == r->nh_id;
	if (!r->n_nh || rt->kernel || !rt->nh)
		return 1;
	if (rt->e.flags & MR_NHID)
		return 0;
	s = mr_set_at(&mi->sets, rt->nh);
	for (k = 0; k < r->n_nh; k++)
		if (!has_member(s, &r->nh[k]))
			return 0;
	return 1;
}
