// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <bpf/bpf.h>
#include "lib/ifaces.h"

static int iface_cmp(const void *a, const void *b)
{
	const struct xr_iface_entry *x = a, *y = b;

	return x->ifindex < y->ifindex ? -1 : x->ifindex > y->ifindex;
}

int xr_iface_get(const struct xr_maps *m, uint32_t ifindex,
		 struct xr_iface *v)
{
	if (ifindex >= XR_MAX_IFINDEX)
		return -ENOENT;
	if (bpf_map_lookup_elem(m->ifaces, &ifindex, v) < 0)
		return -errno;
	return (v->flags & XR_IF_ATTACHED) ? 0 : -ENOENT;
}

int xr_iface_set_flags(const struct xr_maps *m, uint32_t ifindex,
		       uint16_t set, uint16_t clear)
{
	struct xr_iface v;
	int err = xr_iface_get(m, ifindex, &v);

	if (err)
		return err;
	v.flags = (uint16_t)((v.flags | set) & ~clear);
	return bpf_map_update_elem(m->ifaces, &ifindex, &v, BPF_EXIST) < 0 ? -errno : 0;
}

/* The attached links: the array read in one batch, filtered. */
int xr_ifaces_dump(const struct xr_maps *m, struct xr_iface_entry **out,
		   size_t *n)
{
	uint32_t *keys = calloc(XR_MAX_IFINDEX, sizeof(*keys)), batch, i;
	struct xr_iface *vals = calloc(XR_MAX_IFINDEX, sizeof(*vals));
	struct xr_iface_entry *e = calloc(XR_MAX_IFINDEX, sizeof(*e));
	__u32 count = XR_MAX_IFINDEX;
	size_t cnt = 0;
	int err = 0;

	if (!keys || !vals || !e) {
		err = -ENOMEM;
		goto out;
	}
	if (bpf_map_lookup_batch(m->ifaces, NULL, &batch, keys, vals, &count,
				 NULL) < 0 && errno != ENOENT) {
		err = -errno;
		goto out;
	}
	for (i = 0; i < count; i++) {
		if (!(vals[i].flags & XR_IF_ATTACHED))
			continue;
		e[cnt].ifindex = keys[i];
		e[cnt++].val = vals[i];
	}
	qsort(e, cnt, sizeof(*e), iface_cmp);
	*out = e;
	*n = cnt;
	e = NULL;
out:
	free(keys);
	free(vals);
	free(e);
	return err;
}
