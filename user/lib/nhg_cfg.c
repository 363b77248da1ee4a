// SPDX-License-Identifier: GPL-2.0
/*
 * The multipath settings (xr_mp_cfg, abi/nhg.h): the hash policy of each
 * family, as the kernel's net.ipv4. and net.ipv6.fib_multipath_hash_
 * policy, and the per-boot seed of the flow hash (the kernel draws its
 * own with net_get_random_once for fib_multipath_hash).
 */
#include <errno.h>
#include <sys/random.h>
#include <bpf/bpf.h>
#include "lib/fib4.h"
#include "lib/nhg.h"
#include "lib/nhgtab.h"

int xr_mp_cfg_get_fd(int fd, struct xr_mp_cfg *cfg)
{
	__u32 key = 0;

	return bpf_map_lookup_elem(fd, &key, cfg) < 0 ? -errno : 0;
}

static int cfg_put(int fd, const struct xr_mp_cfg *cfg)
{
	__u32 key = 0;

	return bpf_map_update_elem(fd, &key, cfg, BPF_ANY) < 0 ? -errno : 0;
}

int xr_mp_cfg_get(const struct xr_maps *m, struct xr_mp_cfg *cfg)
{
	return xr_mp_cfg_get_fd(m->mp_cfg, cfg);
}

int xr_mp_cfg_set_policy(const struct xr_maps *m, int v6, uint8_t policy)
{
	struct xr_mp_cfg cfg;
	int err;

	if (policy != XR_MP_L3 && policy != XR_MP_L4)
		return -EINVAL;
	if ((err = xr_mp_cfg_get(m, &cfg)))
		return err;
	if (v6)
		cfg.policy6 = policy;
	else
		cfg.policy4 = policy;
	xr_maps_write_begin(m);
	return cfg_put(m->mp_cfg, &cfg);
}

int xr_mp_cfg_seed_fd(int fd)
{
	struct xr_mp_cfg cfg;
	ssize_t got;
	int err;

	if ((err = xr_mp_cfg_get_fd(fd, &cfg)) || cfg.seeded)
		return err;
	got = getrandom(&cfg.seed, sizeof(cfg.seed), 0);
	if (got != sizeof(cfg.seed))
		return got < 0 ? -errno : -EIO;
	cfg.seeded = 1;
	return cfg_put(fd, &cfg);
}

int xr_mp_cfg_seed(const struct xr_maps *m)
{
	return xr_mp_cfg_seed_fd(m->mp_cfg);
}
