/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A whole BPF map read into one array: in batches where the map allows
 * it, key by key where it does not.
 */
#ifndef XR_MAPDUMP_H
#define XR_MAPDUMP_H

#include <stddef.h>

/* Every entry of map fd (keys of ksz bytes, at most 64) into a malloc'd
 * array *out of *n elements of esz bytes: the key at offset 0, the value
 * at offset voff (the value is esz - voff bytes); voff 0: the values
 * only (esz bytes), read straight into the array. 0 or -errno. */
int xr_map_dump(int fd, size_t ksz, size_t esz, size_t voff, void **out,
		size_t *n);

#endif
