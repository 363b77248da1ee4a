// SPDX-License-Identifier: GPL-2.0
/*
 * Next-hop objects (RTM_NEWNEXTHOP/DELNEXTHOP: nhmsg, NHA_*) and
 * neighbours (RTM_NEWNEIGH/DELNEIGH: ndmsg, NDA_*) read with libmnl into
 * struct xr_knh and struct xr_kneigh (sync/krt.h).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <libmnl/libmnl.h>
#include <linux/rtnetlink.h>
#include <linux/nexthop.h>
#include <linux/neighbour.h>
#include "sync/krt.h"
#include "sync/krt_attr.h"

/* NHA_GROUP: an array of struct nexthop_grp. */
static int knh_group(const struct nlattr *at, struct xr_knh *n)
{
	const struct nexthop_grp *g = mnl_attr_get_payload(at);
	size_t len = mnl_attr_get_payload_len(at), k, cnt;

	cnt = len / sizeof(*g);
	if (!cnt || len % sizeof(*g) || cnt > XR_KRT_MAX_NH)
		return -EINVAL;
	for (k = 0; k < cnt; k++) {
		uint32_t w = ((uint32_t)g[k].weight_high << 8 | g[k].weight) + 1;

		n->grp[k].id = g[k].id;
		n->grp[k].weight = (uint16_t)(w > 0xffff ? 0xffff : w);
	}
	n->n_grp = (uint16_t)cnt;
	return 0;
}

struct knh_ctx {
	struct xr_knh *n;
	int err;
};

static int knh_attr(const struct nlattr *at, void *data)
{
	struct knh_ctx *c = data;
	uint16_t t = mnl_attr_get_type(at);

	if (mnl_attr_type_valid(at, NHA_MAX) < 0)
		return MNL_CB_OK;
	if ((t == NHA_ID || t == NHA_OIF) &&
	    mnl_attr_validate(at, MNL_TYPE_U32) < 0)
		c->err = -EINVAL;
	else if (t == NHA_ID)
		c->n->id = mnl_attr_get_u32(at);
	else if (t == NHA_OIF)
		c->n->ifindex = mnl_attr_get_u32(at);
	else if (t == NHA_GROUP)
		c->err = knh_group(at, c->n);
	else if (t == NHA_BLACKHOLE)
		c->n->blackhole = 1;
	else if (t == NHA_ENCAP)
		c->n->has_encap = 1;
	else if (t == NHA_GATEWAY) {
		c->n->gw_family = c->n->family;
		c->err = xr_krt_addr(at, c->n->family, &c->n->gw);
	}
	return c->err ? MNL_CB_ERROR : MNL_CB_OK;
}

int xr_knh_parse(const struct nlmsghdr *h, struct xr_knh *n)
{
	const struct nhmsg *nhm;
	struct knh_ctx c = { n, 0 };

	if (h->nlmsg_type != RTM_NEWNEXTHOP && h->nlmsg_type != RTM_DELNEXTHOP)
		return -ENOTSUP;
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*nhm)))
		return -EINVAL;
	nhm = mnl_nlmsg_get_payload(h);
	memset(n, 0, offsetof(struct xr_knh, grp));
	n->del = h->nlmsg_type == RTM_DELNEXTHOP;
	n->family = nhm->nh_family;
	n->flags = (uint8_t)nhm->nh_flags;
	if (mnl_attr_parse(h, sizeof(*nhm), knh_attr, &c) < 0)
		return c.err ? c.err : -EINVAL;
	return n->id ? 0 : -EINVAL;
}

struct kneigh_ctx {
	struct xr_kneigh *n;
	int err;
	int dst;
};

static int kneigh_attr(const struct nlattr *at, void *data)
{
	struct kneigh_ctx *c = data;

	if (mnl_attr_type_valid(at, NDA_MAX) < 0)
		return MNL_CB_OK;
	switch (mnl_attr_get_type(at)) {
	case NDA_DST:
		c->err = xr_krt_addr(at, c->n->family, &c->n->addr);
		c->dst = 1;
		break;
	case NDA_LLADDR:
		/* a link of another kind (no Ethernet address): no MAC */
		if (mnl_attr_get_payload_len(at) == 6) {
			memcpy(c->n->mac, mnl_attr_get_payload(at), 6);
			c->n->has_mac = 1;
		}
		break;
	}
	return c->err ? MNL_CB_ERROR : MNL_CB_OK;
}

int xr_kneigh_parse(const struct nlmsghdr *h, struct xr_kneigh *n)
{
	const struct ndmsg *nd;
	struct kneigh_ctx c = { n, 0, 0 };

	if (h->nlmsg_type != RTM_NEWNEIGH && h->nlmsg_type != RTM_DELNEIGH)
		return -ENOTSUP;
	if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*nd)))
		return -EINVAL;
	nd = mnl_nlmsg_get_payload(h);
	memset(n, 0, sizeof(*n));
	n->del = h->nlmsg_type == RTM_DELNEIGH;
	n->family = nd->ndm_family;
	n->flags = nd->ndm_flags;
	n->state = nd->ndm_state;
	n->ifindex = (uint32_t)nd->ndm_ifindex;
	/* another family (a bridge's FDB entry, AF_BRIDGE, whose NDA_DST is
	 * a VXLAN remote of either family): its head only, for the mirror
	 * to leave out */
	if (n->family != AF_INET && n->family != AF_INET6)
		return 0;
	if (mnl_attr_parse(h, sizeof(*nd), kneigh_attr, &c) < 0)
		return c.err ? c.err : -EINVAL;
	/* an address neighbour names its address */
	return c.dst ? 0 : -EINVAL;
}
