// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "lib/counters.h"

static const char *const counter_names[XR_CNT_MAX] = {
#define XR__MIB(n)    [XR_CNT_MIB(XR_MIB_##n)] = #n,
#define XR__MIB6(n)   [XR_CNT_MIB6(XR_MIB6_##n)] = #n,
#define XR__REASON(n) [XR_CNT_REASON(XR_REASON_##n)] = #n,
#define XR__OTHER(n)  [XR_CNT_OTHER(XR_CNT_##n)] = #n,
	XR_MIB_LIST(XR__MIB)
	[XR_CNT_REASON(XR_REASON_NONE)] = "None",
	XR_REASON_LIST(XR__REASON)
	XR_OTHER_LIST(XR__OTHER)
	XR_MIB6_LIST(XR__MIB6)
	XR_REASON6_LIST(XR__REASON)
#undef XR__MIB
#undef XR__MIB6
#undef XR__REASON
#undef XR__OTHER
};

const char *xr_counter_name(uint32_t idx)
{
	return idx < XR_CNT_MAX ? counter_names[idx] : "?";
}

const char *xr_counter_group(uint32_t idx)
{
	if (idx < XR_MIB_MAX)
		return "Ip";
	if (idx < XR_MIB_MAX + XR_REASON_V1_MAX)
		return "Exceptions";
	if (idx < XR_CNT_V1_MAX)
		return "Other";
	if (idx < XR_CNT_MIB6(XR_MIB6_MAX))
		return "Ip6";
	return "Exceptions";
}

#define XR__SLOW_NAME(g, n)  #n,
#define XR__SLOW_GROUP(g, n) #g,
static const char *const slow_names[] = { XR_SLOW_LIST(XR__SLOW_NAME) };
static const char *const slow_groups[] = { XR_SLOW_LIST(XR__SLOW_GROUP) };

const char *xr_slow_name(uint32_t idx)
{
	return idx < XR_SLOW_MAX ? slow_names[idx] : "?";
}

const char *xr_slow_group(uint32_t idx)
{
	return idx < XR_SLOW_MAX ? slow_groups[idx] : "?";
}

int xr_slow_stats_read(const struct xr_maps *m, struct xr_slow_stats *out)
{
	uint32_t zero = 0;

	return bpf_map_lookup_elem(m->slow_stats, &zero, out) < 0 ? -errno : 0;
}

int xr_slow_stats_reset(const struct xr_maps *m)
{
	struct xr_slow_stats z = { { 0 } };
	uint32_t zero = 0;

	return bpf_map_update_elem(m->slow_stats, &zero, &z, BPF_ANY) < 0 ? -errno : 0;
}

/* The per-CPU values of key in a per-CPU array (vsz bytes each), into a
 * malloc'd array of *ncpu of them; NULL and *err on failure. */
static void *percpu_read(int fd, uint32_t key, size_t vsz, int *ncpu,
			 int *err)
{
	void *v;

	*ncpu = libbpf_num_possible_cpus();
	*err = *ncpu <= 0 ? -EINVAL : 0;
	if (*err)
		return NULL;
	v = calloc((size_t)*ncpu, vsz);
	if (!v)
		*err = -ENOMEM;
	else if (bpf_map_lookup_elem(fd, &key, v) < 0)
		*err = -errno;
	if (*err) {
		free(v);
		return NULL;
	}
	return v;
}

/* Zero key's value on every CPU. */
static int percpu_reset(int fd, uint32_t key, size_t vsz)
{
	int ncpu = libbpf_num_possible_cpus(), err = 0;
	void *v;

	if (ncpu <= 0)
		return -EINVAL;
	v = calloc((size_t)ncpu, vsz);
	if (!v)
		return -ENOMEM;
	if (bpf_map_update_elem(fd, &key, v, BPF_ANY) < 0)
		err = -errno;
	free(v);
	return err;
}

int xr_counters_read(const struct xr_maps *m, uint64_t out[XR_CNT_MAX])
{
	struct xr_counters *v;
	int c, ncpu, err;
	uint32_t i;

	v = percpu_read(m->counters, 0, sizeof(*v), &ncpu, &err);
	if (!v)
		return err;
	for (i = 0; i < XR_CNT_MAX; i++) {
		out[i] = 0;
		for (c = 0; c < ncpu; c++)
			out[i] += v[c].c[i];
	}
	free(v);
	return 0;
}

int xr_counters_reset(const struct xr_maps *m)
{
	return percpu_reset(m->counters, 0, sizeof(struct xr_counters));
}

int xr_if_stats_read(const struct xr_maps *m, uint32_t ifindex,
		     struct xr_if_stats *sum)
{
	struct xr_if_stats *v;
	int c, ncpu, err;

	memset(sum, 0, sizeof(*sum));
	v = percpu_read(m->if_stats, ifindex, sizeof(*v), &ncpu, &err);
	if (!v)
		return err;
	for (c = 0; c < ncpu; c++) {
		sum->rx_packets += v[c].rx_packets;
		sum->rx_bytes += v[c].rx_bytes;
		sum->tx_packets += v[c].tx_packets;
		sum->tx_bytes += v[c].tx_bytes;
	}
	free(v);
	return 0;
}

int xr_if_stats_reset(const struct xr_maps *m, uint32_t ifindex)
{
	return percpu_reset(m->if_stats, ifindex, sizeof(struct xr_if_stats));
}
