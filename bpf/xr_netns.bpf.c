// SPDX-License-Identifier: GPL-2.0
/*
 * The liveness of a namespace's state: this program does nothing (every
 * socket lookup goes on as if it were not there); what matters is its
 * netns link, pinned in netns-<cookie>/ as xr_netns_link. The kernel
 * clears the link's namespace when the namespace is torn down, so the
 * link's info (netns_ino 0) says the state's namespace is gone, whatever
 * numbers are reused since. docs/state.md "Lifetime".
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("sk_lookup")
int xr_netns_alive(struct bpf_sk_lookup *ctx)
{
	return SK_PASS;
}

char _license[] SEC("license") = "GPL";
