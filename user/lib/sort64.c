// SPDX-License-Identifier: GPL-2.0
/* 64-bit keys sorted by a run of their bits (sort64.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "lib/sort64.h"

/* One stable pass: from into to by the byte at bit shift. */
static void pass(const uint64_t *from, uint64_t *to, size_t n,
		 unsigned int shift)
{
	size_t count[256] = { 0 }, at = 0, c, i;
	int b;

	for (i = 0; i < n; i++)
		count[from[i] >> shift & 0xff]++;
	for (b = 0; b < 256; b++) {
		c = count[b];
		count[b] = at;
		at += c;
	}
	for (i = 0; i < n; i++)
		to[count[from[i] >> shift & 0xff]++] = from[i];
}

int xr_sort64(uint64_t *a, size_t n, unsigned int lo, unsigned int hi)
{
	uint64_t *tmp = malloc((n ? n : 1) * sizeof(*tmp)), *from = a, *to = tmp;
	unsigned int shift;

	if (!tmp)
		return -ENOMEM;
	for (shift = lo; shift < hi; shift += 8) {
		uint64_t *t = from;

		pass(from, to, n, shift);
		from = to;
		to = t;
	}
	if (from != a)
		memcpy(a, from, n * sizeof(*a));
	free(tmp);
	return 0;
}
