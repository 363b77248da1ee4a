// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include "lib/mapdump.h"

#define XR_DUMP_BATCH 4096
#ifndef ENOTSUPP
#define ENOTSUPP 524     /* the kernel's, for a map without batch ops */
#endif

/* Room for n more entries of esz bytes in *arr (capacity *cap). */
static int dump_grow(char **arr, size_t *cap, size_t need, size_t esz)
{
	char *p;

	if (need <= *cap)
		return 0;
	while (*cap < need)
		*cap = *cap ? *cap * 2 : 64;
	p = realloc(*arr, *cap * esz);
	if (!p)
		return -ENOMEM;
	*arr = p;
	return 0;
}

/* The entries of one BPF_MAP_LOOKUP_BATCH, into the array. */
static int dump_take(char **arr, size_t *cnt, size_t *cap, const void *keys,
		     const void *vals, __u32 got, size_t ksz, size_t vsz,
		     size_t esz, size_t voff)
{
	__u32 i;

	if (dump_grow(arr, cap, *cnt + got, esz))
		return -ENOMEM;
	for (i = 0; i < got; i++, (*cnt)++) {
		memcpy(*arr + *cnt * esz, (const char *)keys + i * ksz, ksz);
		memcpy(*arr + *cnt * esz + voff, (const char *)vals + i * vsz, vsz);
	}
	return 0;
}

/* Where one BPF_MAP_LOOKUP_BATCH puts its values: straight into the
 * array when only values are kept (voff 0), else the scratch vals. */
static int dump_dst(char **arr, size_t cnt, size_t *cap, size_t esz,
		    size_t voff, void *vals, void **dst)
{
	*dst = vals;
	if (voff)
		return 0;
	if (dump_grow(arr, cap, cnt + XR_DUMP_BATCH, esz))
		return -ENOMEM;
	*dst = *arr + cnt * esz;
	return 0;
}

/* A whole map read XR_DUMP_BATCH entries a syscall; -EOPNOTSUPP when
 * the map cannot be read in batches. */
static int map_dump_batch(int fd, size_t ksz, size_t esz, size_t voff,
			  void **out, size_t *n)
{
	unsigned char in[64], next[64];
	size_t vsz = esz - voff, cap = 0, cnt = 0;
	void *keys = malloc(XR_DUMP_BATCH * ksz), *vals = malloc(XR_DUMP_BATCH * vsz);
	char *arr = NULL;
	int err = keys && vals ? 0 : -ENOMEM, more = 1, first = 1;

	while (!err && more) {
		__u32 got = XR_DUMP_BATCH;
		void *dst;

		if ((err = dump_dst(&arr, cnt, &cap, esz, voff, vals, &dst)))
			break;
		if (bpf_map_lookup_batch(fd, first ? NULL : in, next, keys, dst,
					 &got, NULL) < 0) {
			more = 0;
			if (errno != ENOENT)
				err = first && (errno == EINVAL || errno == ENOTSUPP ||
						errno == EOPNOTSUPP) ? -EOPNOTSUPP : -errno;
		}
		if (!err && voff)
			err = dump_take(&arr, &cnt, &cap, keys, vals, got, ksz, vsz,
					esz, voff);
		else if (!err)
			cnt += got;
		memcpy(in, next, sizeof(in));
		first = 0;
	}
	free(keys);
	free(vals);
	if (err) {
		free(arr);
		return err;
	}
	*out = arr;
	*n = cnt;
	return 0;
}

/* Walk a map's keys; for each, read its value into a growing array. */
int xr_map_dump(int fd, size_t ksz, size_t esz, size_t voff,
		    void **out, size_t *n)
{
	unsigned char key[64], next[64];
	size_t cap = 0, cnt = 0;
	char *arr = NULL;
	void *prev = NULL;
	int err = map_dump_batch(fd, ksz, esz, voff, out, n);

	if (err != -EOPNOTSUPP)
		return err;
	for (;;) {
		if (bpf_map_get_next_key(fd, prev, next) < 0) {
			if (errno == ENOENT)
				break;
			err = -errno;
			goto fail;
		}
		memcpy(key, next, ksz);
		prev = key;
		if ((err = dump_grow(&arr, &cap, cnt + 1, esz)))
			goto fail;
		if (voff)
			memcpy(arr + cnt * esz, key, ksz);
		if (bpf_map_lookup_elem(fd, key, arr + cnt * esz + voff) < 0)
			continue;      /* deleted under us */
		cnt++;
	}
	*out = arr;
	*n = cnt;
	return 0;
fail:
	free(arr);
	return err;
}
