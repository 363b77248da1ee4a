// SPDX-License-Identifier: GPL-2.0
/*
 * Route messages (RTM_NEWROUTE/DELROUTE) read with libmnl into struct
 * xr_krt (sync/krt.h): the rtmsg, its attributes validated by type, the
 * next hops of RTA_OIF/RTA_GATEWAY or RTA_MULTIPATH's rtnexthops. The
 * same code reads the kernel's messages and FPM's frames.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include "sync/krt.h"
#include "sync/krt_attr.h"

/* An address attribute of the family (4 or 16 bytes) into a. */
int xr_krt_addr(const struct nlattr *at, uint8_t family, struct xr_in6 *a)
{
	size_t len = family == AF_INET6 ? 16 : family == AF_INET ? 4 : 0;

	if (!len || mnl_attr_get_payload_len(at) != len)
		return -EINVAL;
	memset(a, 0, sizeof(*a));
	memcpy(a, mnl_attr_get_payload(at), len);
	return 0;
}

/* RTA_VIA: a struct rtvia, a gateway of any family. */
static int krt_via(const struct nlattr *at, struct xr_krt_nh *nh)
{
	const struct rtvia *v = mnl_attr_get_payload(at);
	uint16_t len = mnl_attr_get_payload_len(at);
	size_t alen;

	if (len < sizeof(*v))
		return -EINVAL;
	alen = v->rtvia_family == AF_INET6 ? 16 :
	       v->rtvia_family == AF_INET ? 4 : 0;
	if (!alen || len != sizeof(*v) + alen)
		return -EINVAL;
	memset(&nh->gw, 0, sizeof(nh->gw));
	memcpy(&nh->gw, v->rtvia_addr, alen);
	nh->gw_family = (uint8_t)v->rtvia_family;
	return 0;
}

/* The attributes a next hop has, at the route's level or in an
 * rtnexthop: gateway, via, encap. */
struct nh_ctx {
	struct xr_krt *r;
	struct xr_krt_nh *nh;
	int err;
};

static int nh_attr(const struct nlattr *at, void *data)
{
	struct nh_ctx *c = data;

	switch (mnl_attr_get_type(at)) {
	case RTA_GATEWAY:
		c->nh->gw_family = c->r->family;
		c->err = xr_krt_addr(at, c->r->family, &c->nh->gw);
		break;
	case RTA_VIA:
		c->err = krt_via(at, c->nh);
		break;
	case RTA_ENCAP:
		c->r->has_encap = 1;
		break;
	}
	return c->err ? MNL_CB_ERROR : MNL_CB_OK;
}

/* One rtnexthop: its link, weight, flags and attributes. */
static int krt_rtnh(struct xr_krt *r, const struct rtnexthop *rtnh)
{
	struct xr_krt_nh *nh = &r->nh[r->n_nh];
	struct nh_ctx c = { r, nh, 0 };
	size_t alen = rtnh->rtnh_len - sizeof(*rtnh);

	memset(nh, 0, sizeof(*nh));
	nh->ifindex = (uint32_t)rtnh->rtnh_ifindex;
	nh->weight = (uint16_t)(rtnh->rtnh_hops + 1);
	nh->flags = rtnh->rtnh_flags;
	if (alen && mnl_attr_parse_payload(RTNH_DATA(rtnh), alen, nh_attr,
					   &c) < 0)
		return c.err ? c.err : -EINVAL;
	r->n_nh++;
	return 0;
}

/* RTA_MULTIPATH: rtnexthops one after the other; members beyond
 * XR_KRT_MAX_NH counted, not kept. */
static int krt_multipath(const struct nlattr *at, struct xr_krt *r)
{
	const struct rtnexthop *rtnh = mnl_attr_get_payload(at);
	int len = mnl_attr_get_payload_len(at), err;

	r->n_nh = r->n_nh_total = 0;
	while (len > 0) {
		if ((size_t)len < sizeof(*rtnh) || rtnh->rtnh_len < sizeof(*rtnh) ||
		    rtnh->rtnh_len > len)
			return -EINVAL;
		if (r->n_nh < XR_KRT_MAX_NH && (err = krt_rtnh(r, rtnh)))
			return err;
		r->n_nh_total++;
		len -= RTNH_ALIGN(rtnh->rtnh_len);
		rtnh = RTNH_NEXT(rtnh);
	}
	return r->n_nh_total ? 0 : -EINVAL;
}

static const uint8_t rt_u32[RTA_MAX + 1] = {
	[RTA_OIF] = 1, [RTA_TABLE] = 1, [RTA_PRIORITY] = 1, [RTA_NH_ID] = 1,
};

/* The route-level attributes; next-hop ones go to nh[0]. */
static int rt_attr(const struct nlattr *at, void *data)
{
	struct nh_ctx *c = data;
	uint16_t t = mnl_attr_get_type(at);

	if (mnl_attr_type_valid(at, RTA_MAX) < 0)
		return MNL_CB_OK;            /* newer than we know: ignored */
	if (rt_u32[t] && mnl_attr_validate(at, MNL_TYPE_U32) < 0) {
		c->err = -EINVAL;
		return MNL_CB_ERROR;
	}
	switch (t) {
	case RTA_DST:
		c->err = xr_krt_addr(at, c->r->family, &c->r->dst);
		break;
	case RTA_PREFSRC:
		c->err = xr_krt_addr(at, c->r->family, &c->r->prefsrc);
		break;
	case RTA_OIF:
		c->nh->ifindex = mnl_attr_get_u32(at);
		break;
	case RTA_TABLE:
		c->r->table = mnl_attr_get_u32(at);
		break;
	case RTA_PRIORITY:
		c->r->metric = mnl_attr_get_u32(at);
		break;
	case RTA_NH_ID:
		c->r->nh_id = mnl_attr_get_u32(at);
		break;
	case RTA_MULTIPATH:
		c->err = krt_multipath(at, c->r);
		break;
	default:
		return nh_attr(at, data);
	}
	return c->err ? MNL_CB_ERROR : MNL_CB_OK;
}

static void krt_head(const struct rtmsg *rtm, struct xr_krt *r, uint16_t type)
{
	r->del = type == RTM_DELROUTE;
	r->family = rtm->rtm_family;
	r->plen = rtm->rtm_dst_len;
	r->type = rtm->rtm_type;
	r->proto = rtm->rtm_protocol;
	r->scope = rtm->rtm_scope;
	r->tos = rtm->rtm_tos;
	r->src_len = rtm->rtm_src_len;
	r->table = rtm->rtm_table;
	r->rtm_flags = rtm->rtm_flags;
}

/* The head of a route without RTA_MULTIPATH: its one next hop, if any. */
static void krt_single(struct xr_krt *r, const struct xr_krt_nh *nh)
{
	if (r->n_nh_total)
		return;
	if (!nh->ifindex && !nh->gw_family)
		return;
	r->nh[0] = *nh;
	r->nh[0].weight = 1;
	r->n_nh = r->n_nh_total = 1;
}

int xr_krt_parse(const struct nlmsghdr *h, struct xr_krt *r)
{
	struct xr_krt_nh nh;
	struct nh_ctx c = { r, &nh, 0 };
	const struct rtmsg *rtm;

	if (h->nlmsg_type != RTM_NEWROUTE && h->nlmsg_type != RTM_DELROUTE)
		return -ENOTSUP;
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*rtm)))
		return -EINVAL;
	rtm = mnl_nlmsg_get_payload(h);
	memset(r, 0, offsetof(struct xr_krt, nh));
	memset(&nh, 0, sizeof(nh));
	krt_head(rtm, r, h->nlmsg_type);
	r->nl_flags = h->nlmsg_flags;
	/* another family's route (MPLS over FPM ...): its head only, for the
	 * mirror to leave out */
	if (r->family != AF_INET && r->family != AF_INET6)
		return 0;
	if (r->plen > (r->family == AF_INET6 ? 128 : 32))
		return -EINVAL;
	if (mnl_attr_parse(h, sizeof(*rtm), rt_attr, &c) < 0)
		return c.err ? c.err : -EINVAL;
	krt_single(r, &nh);
	return 0;
}
