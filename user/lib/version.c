// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include "lib/version.h"
#include "version_build.h"     /* XR_BUILD_VERSION, made by the Makefile */

const char *xr_build_version(void)
{
	return XR_BUILD_VERSION;
}

void xr_build_set(volatile char *xr_build, size_t len)
{
	const char *v = xr_build_version();
	size_t i;

	for (i = 0; i + 1 < len && v[i]; i++)
		xr_build[i] = v[i];
	for (; i < len; i++)
		xr_build[i] = '\0';
}

/* The offset of variable name in the datasec type_id of btf; -1: none. */
static long datasec_off(const struct btf *btf, __u32 type_id, const char *name)
{
	const struct btf_type *t = btf__type_by_id(btf, type_id);
	const struct btf_var_secinfo *vs;
	int i;

	if (!t || !btf_is_datasec(t))
		return -1;
	vs = btf_var_secinfos(t);
	for (i = 0; i < btf_vlen(t); i++, vs++) {
		const struct btf_type *v = btf__type_by_id(btf, vs->type);

		if (v && !strcmp(btf__name_by_offset(btf, v->name_off), name))
			return (long)vs->offset;
	}
	return -1;
}

/* xr_build out of a .rodata map of a program, if it has one. */
static int rodata_build(int map_fd, char *buf, size_t len)
{
	struct bpf_map_info info = { 0 };
	__u32 ilen = sizeof(info), key = 0;
	struct btf *btf;
	char *v = NULL;
	long off = -1;
	size_t nl = 0;

	if (bpf_obj_get_info_by_fd(map_fd, &info, &ilen) < 0 || !info.btf_id)
		return -ENOENT;
	nl = strlen(info.name);
	if (nl < 7 || strcmp(info.name + nl - 7, ".rodata"))
		return -ENOENT;
	btf = btf__load_from_kernel_by_id(info.btf_id);
	if (!btf)
		return -ENOENT;
	off = datasec_off(btf, info.btf_value_type_id, "xr_build");
	btf__free(btf);
	v = off >= 0 ? calloc(1, info.value_size + 1) : NULL;
	if (!v || bpf_map_lookup_elem(map_fd, &key, v) < 0 ||
	    (size_t)off >= info.value_size) {
		free(v);
		return -ENOENT;
	}
	snprintf(buf, len, "%.*s", (int)(info.value_size - (size_t)off),
		 v + off);
	free(v);
	return buf[0] ? 0 : -ENOENT;
}

int xr_prog_build(uint32_t prog_id, char *buf, size_t len)
{
	struct bpf_prog_info info = { 0 };
	__u32 ilen = sizeof(info), ids[64], i;
	int fd = bpf_prog_get_fd_by_id(prog_id), mfd, err = -ENOENT;

	if (fd < 0)
		return -errno;
	info.nr_map_ids = 64;
	info.map_ids = (__u64)(unsigned long)ids;
	if (bpf_obj_get_info_by_fd(fd, &info, &ilen) < 0)
		info.nr_map_ids = 0;
	close(fd);
	for (i = 0; i < info.nr_map_ids && i < 64 && err; i++) {
		mfd = bpf_map_get_fd_by_id(ids[i]);
		if (mfd < 0)
			continue;
		err = rodata_build(mfd, buf, len);
		close(mfd);
	}
	return err;
}
