// SPDX-License-Identifier: GPL-2.0
/* Test handlers of the router's xr_ifaces, which is read-only to BPF
 * programs: ifaces_read reads the ingress link (its MTU into its own map
 * seen_mtu, then drops the frame) and must load and work; ifaces_write
 * changes the link's MTU and flags and must be refused at `proto add`.
 * Two programs, so `prog NAME` is needed. */
#include <xdp_router/handler.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} seen_mtu SEC(".maps");

SEC("xdp")
int ifaces_read(struct xdp_md *ctx)
{
	const struct xr_handler_meta *m = xr_handler_meta(ctx);
	const struct xr_iface *ifp = m ? xr_handler_iface(m->ifindex) : NULL;
	__u32 zero = 0, mtu;

	if (!ifp)
		return XDP_PASS;
	mtu = ifp->mtu;
	bpf_map_update_elem(&seen_mtu, &zero, &mtu, BPF_ANY);
	return XDP_DROP;
}

SEC("xdp")
int ifaces_write(struct xdp_md *ctx)
{
	const struct xr_handler_meta *m = xr_handler_meta(ctx);
	__u32 ifindex = m ? m->ifindex : 0;
	struct xr_iface *ifp = bpf_map_lookup_elem(&xr_ifaces, &ifindex);

	if (!ifp)
		return XDP_PASS;
	ifp->mtu = 68;
	ifp->flags = 0;
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
