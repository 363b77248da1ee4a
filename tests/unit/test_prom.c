// SPDX-License-Identifier: GPL-2.0
/* The Prometheus text format writer (lib/prom.c) and the atomic file
 * (lib/textfile.c). */
#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lib/prom.h"
#include "lib/textfile.h"

static void snake_is(const char *camel, const char *want)
{
	char out[64];

	xr_prom_snake(camel, out, sizeof(out));
	cr_assert_str_eq(out, want, "%s: %s, not %s", camel, out, want);
}

Test(prom, snake_case)
{
	snake_is("InReceives", "in_receives");
	snake_is("ForwDatagrams", "forw_datagrams");
	snake_is("FragOKs", "frag_oks");
	snake_is("PassL2Bcast", "pass_l2_bcast");
	snake_is("Icmp6OutMsgs", "icmp6_out_msgs");
	snake_is("XskRxFillRingEmpty", "xsk_rx_fill_ring_empty");
	snake_is("KernelSync", "kernel_sync");
	snake_is("XMLFile", "xml_file");
	snake_is("Ip", "ip");
}

Test(prom, snake_case_truncates)
{
	char out[6];

	xr_prom_snake("InReceives", out, sizeof(out));
	cr_assert_str_eq(out, "in_r");
}

/* p printed into a string (malloc'd). */
static char *print(struct xr_prom *p)
{
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	cr_assert_eq(xr_prom_print(p, f), 0);
	fclose(f);
	return buf;
}

Test(prom, grouped_sorted_one_help_notes_once)
{
	struct xr_prom p = { 0 };
	char *out;

	xr_prom_add(&p, "counter", "b_total", "B.", "Ip:B (ipv4)", 1,
		    "family", "ipv4", NULL);
	xr_prom_add(&p, "gauge", "a", "A.", NULL, 7, NULL);
	xr_prom_add(&p, "counter", "b_total", "B.", "Ip6B (ipv6)", 2,
		    "family", "ipv6", NULL);
	xr_prom_add(&p, "counter", "b_total", "B.", "Ip:B (ipv4)", 3,
		    "family", "x", NULL);
	out = print(&p);
	cr_assert_str_eq(out,
		"# HELP a A.\n# TYPE a gauge\na 7\n"
		"# HELP b_total B. Ip:B (ipv4), Ip6B (ipv6)\n# TYPE b_total counter\n"
		"b_total{family=\"ipv4\"} 1\nb_total{family=\"ipv6\"} 2\n"
		"b_total{family=\"x\"} 3\n");
	cr_assert_eq(p.n, 0, "printed samples are freed");
	free(out);
}

Test(prom, escaped)
{
	struct xr_prom p = { 0 };
	char *out;

	xr_prom_add(&p, "counter", "l_total", "a \\ b\nc \"q\"", NULL,
		    18446744073709551615ull, "link", "x\"q\\z\n", "k", "", NULL);
	out = print(&p);
	cr_assert_str_eq(out,
		"# HELP l_total a \\\\ b\\nc \"q\"\n# TYPE l_total counter\n"
		"l_total{link=\"x\\\"q\\\\z\\n\",k=\"\"} 18446744073709551615\n");
	free(out);
}

static int emit_hello(FILE *f, void *arg)
{
	fprintf(f, "%s\n", (const char *)arg);
	return 0;
}

static int emit_fails(FILE *f, void *arg)
{
	fprintf(f, "part\n");
	return -ENOSPC;
}

/* How many files dir holds (dot files included). */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	cr_assert_not_null(d);
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	return n;
}

Test(textfile, dir_means_its_file_mode_0644_nothing_else_left)
{
	char dir[] = "/tmp/xr-prom-XXXXXX", path[64], buf[32] = { 0 };
	struct stat st;
	FILE *f;

	cr_assert_not_null(mkdtemp(dir));
	cr_assert_eq(xr_textfile_write(dir, emit_hello, "hello"), 0);
	snprintf(path, sizeof(path), "%s/" XR_TEXTFILE_NAME, dir);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_mode & 0777, 0644);
	f = fopen(path, "r");
	cr_assert_not_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	cr_assert_str_eq(buf, "hello\n");
	cr_assert_eq(entries(dir), 1);
	unlink(path);
	rmdir(dir);
}

Test(textfile, failed_emit_keeps_the_old_file, .init = cr_redirect_stderr)
{
	char dir[] = "/tmp/xr-prom-XXXXXX", path[64], buf[32] = { 0 }, msg[160];
	FILE *f;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/m.prom", dir);
	snprintf(msg, sizeof(msg), "xdp-router: cannot write the metrics to "
		 "\"%s\": No space left on device\n", path);
	cr_assert_eq(xr_textfile_write(path, emit_hello, "old"), 0);
	cr_assert_eq(xr_textfile_write(path, emit_fails, NULL), 1);
	f = fopen(path, "r");
	cr_assert_not_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	cr_assert_str_eq(buf, "old\n");
	cr_assert_eq(entries(dir), 1, "the temporary file is removed");
	unlink(path);
	rmdir(dir);
	fflush(stderr);
	cr_assert_stderr_eq_str(msg);
}
