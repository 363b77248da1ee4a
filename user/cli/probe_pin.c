// SPDX-License-Identifier: GPL-2.0
/*
 * route get's probe, kept loaded: loading it verifies the whole fast
 * path and parses the kernel's BTF (100-190 ms), so the first `route
 * get` pins what it loaded in <state>/probe/ and the next ones run that.
 * The name is the probe's object and the state's layout, hashed: another
 * build's probe is never run, and one whose maps are no longer the
 * state's (an upgrade made new ones) is made again.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include "xdp_router/abi.h"
#include "cli/probe_pin.h"
#include "lib/err.h"
#include "lib/sdir.h"
#include "lib/state.h"
#include "xdp_router_probe.skel.h"

/* FNV-1a over the probe's object and the layout. */
static unsigned long long build_tag(void)
{
	unsigned long long h = 0xcbf29ce484222325ull;
	unsigned int layout = XR_STATE_LAYOUT;
	const unsigned char *b;
	size_t n, i;

	b = xdp_router_probe_bpf__elf_bytes(&n);
	for (i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	b = (const unsigned char *)&layout;
	for (i = 0; i < sizeof(layout); i++)
		h = (h ^ b[i]) * 0x100000001b3ull;
	return h;
}

void xr_probe_pin_name(char *buf, size_t len, const char *kind)
{
	snprintf(buf, len, "%s-%016llx", kind, build_tag());
}

static void pin_path(char *buf, size_t len, const struct xr_cli *cli,
		     const char *kind)
{
	char name[64];

	xr_probe_pin_name(name, sizeof(name), kind);
	snprintf(buf, len, "%s/" XR_PROBE_DIR "/%s", cli->st.dir, name);
}

int xr_probe_pin_lock(const struct xr_probe_pin *p)
{
	int ret;

	do
		ret = flock(p->dir_fd, LOCK_EX);
	while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : 0;
}

void xr_probe_pin_unlock(const struct xr_probe_pin *p)
{
	flock(p->dir_fd, LOCK_UN);
}

static int open_dir(struct xr_cli *cli, struct xr_probe_pin *p)
{
	if (mkdirat(cli->st.dir_fd, XR_PROBE_DIR, 0700) < 0 && errno != EEXIST)
		return -errno;
	p->dir_fd = openat(cli->st.dir_fd, XR_PROBE_DIR,
			   O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return p->dir_fd < 0 ? -errno : 0;
}

/* Whether a map the program uses that has a state map's name is that
 * very map (not one an upgrade or a reset replaced). */
static int map_current(const struct xr_cli *cli, __u32 id)
{
	struct bpf_map_info mi = { 0 };
	__u32 len = sizeof(mi);
	int fd = bpf_map_get_fd_by_id(id), mine, ok;

	if (fd < 0)
		return 0;
	ok = !bpf_obj_get_info_by_fd(fd, &mi, &len);
	close(fd);
	mine = ok ? xr_maps_fd(&cli->st.m, mi.name) : -1;
	return ok && (mine < 0 || xr_map_id(mine) == id);
}

static int prog_current(const struct xr_cli *cli, int prog_fd)
{
	__u32 ids[128], n, i;
	struct bpf_prog_info pi = { 0 };
	__u32 len = sizeof(pi);

	pi.nr_map_ids = sizeof(ids) / sizeof(ids[0]);
	pi.map_ids = (__u64)(unsigned long)ids;
	if (bpf_obj_get_info_by_fd(prog_fd, &pi, &len))
		return 0;
	n = pi.nr_map_ids;
	if (n > sizeof(ids) / sizeof(ids[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!map_current(cli, ids[i]))
			return 0;
	return 1;
}

static int pinned(struct xr_cli *cli, struct xr_probe_pin *p)
{
	char path[PATH_MAX];

	pin_path(path, sizeof(path), cli, "prog");
	p->prog_fd = bpf_obj_get(path);
	pin_path(path, sizeof(path), cli, "bss");
	p->bss_fd = bpf_obj_get(path);
	if (p->prog_fd >= 0 && p->bss_fd >= 0 && prog_current(cli, p->prog_fd))
		return 1;
	if (p->prog_fd >= 0)
		close(p->prog_fd);
	if (p->bss_fd >= 0)
		close(p->bss_fd);
	p->prog_fd = p->bss_fd = -1;
	return 0;
}

static int pin_fd(struct xr_cli *cli, int fd, const char *kind)
{
	char path[PATH_MAX];

	pin_path(path, sizeof(path), cli, kind);
	if (unlink(path) < 0 && errno != ENOENT)
		return -errno;
	return bpf_obj_pin(fd, path) ? -errno : 0;
}

/* The pins of other builds (or of this one, not current) go. */
static int drop_others(const struct xr_probe_pin *p)
{
	char prog[64], bss[64];
	DIR *dp = xr_sdir_opendir(p->dir_fd);
	struct dirent *d;
	int err = 0;

	if (!dp)
		return -errno;
	xr_probe_pin_name(prog, sizeof(prog), "prog");
	xr_probe_pin_name(bss, sizeof(bss), "bss");
	while (!err && (d = readdir(dp)))
		if (d->d_type == DT_REG && strcmp(d->d_name, prog) &&
		    strcmp(d->d_name, bss) &&
		    unlinkat(p->dir_fd, d->d_name, 0) < 0 && errno != ENOENT)
			err = -errno;
	closedir(dp);
	return err;
}

/* Load the probe on the state's maps and pin it (program last: a pin
 * of the program is whole). */
static int load_pin(struct xr_cli *cli, struct xr_probe_pin *p)
{
	struct xdp_router_probe_bpf *s = xdp_router_probe_bpf__open();
	int err;

	if (!s)
		return -errno;
	if (!(err = xr_state_set_pins(s->obj, cli->st.dir)) &&
	    !(err = xdp_router_probe_bpf__load(s)) &&
	    !(err = drop_others(p)) &&
	    !(err = pin_fd(cli, bpf_map__fd(s->maps.bss), "bss")) &&
	    !(err = pin_fd(cli, bpf_program__fd(s->progs.xdp_router_probe),
			   "prog"))) {
		p->prog_fd = dup(bpf_program__fd(s->progs.xdp_router_probe));
		p->bss_fd = dup(bpf_map__fd(s->maps.bss));
		if (p->prog_fd < 0 || p->bss_fd < 0)
			err = -errno;
		p->loaded = 1;
	}
	xdp_router_probe_bpf__destroy(s);
	return err;
}

int xr_probe_pin_get(struct xr_cli *cli, struct xr_probe_pin *p)
{
	int err;

	memset(p, 0, sizeof(*p));
	p->prog_fd = p->bss_fd = -1;
	if ((err = open_dir(cli, p)) || (err = xr_probe_pin_lock(p)))
		goto out;
	if (!pinned(cli, p))
		err = load_pin(cli, p);
	xr_probe_pin_unlock(p);
out:
	if (err)
		xr_err("cannot load the route get probe: %s", strerror(-err));
	return err;
}
