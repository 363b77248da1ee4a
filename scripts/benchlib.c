// SPDX-License-Identifier: GPL-2.0
#include "benchlib.h"

static uint64_t rng = 0x9e3779b97f4a7c15ull;

void bench_seed(uint64_t seed)
{
	rng = seed ? seed : 0x9e3779b97f4a7c15ull;
}

uint32_t bench_rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 11);
}

static uint8_t rnd_plen(void)
{
	uint32_t r = bench_rnd() % 100;

	if (r < 57) return 24;
	if (r < 72) return (uint8_t)(22 + bench_rnd() % 2);
	if (r < 92) return (uint8_t)(16 + bench_rnd() % 6);
	if (r < 99) return (uint8_t)(8 + bench_rnd() % 8);
	return (uint8_t)(25 + bench_rnd() % 8);
}

static int reserved(uint32_t a)
{
	return (a >> 24) == 0 || (a >> 24) == 127 || (a >> 28) >= 14 ||
	       (a >> 17) == (0xc612u >> 1) ||   /* 198.18.0.0/15 */
	       (a >> 8) == 0xc00002 ||           /* 192.0.2.0/24 */
	       (a >> 8) == 0xc63364 ||           /* 198.51.100.0/24 */
	       (a >> 8) == 0xcb0071;             /* 203.0.113.0/24 */
}

void bench_random_prefix(uint32_t *addr, uint8_t *plen)
{
	static const uint32_t own[] = { 0xc6120000u, 0xc613ffffu, 0xc0000200u,
					0xc6336400u, 0xcb007100u };
	uint32_t a, mask;
	uint8_t p;
	unsigned int k;

	for (;;) {
		p = rnd_plen();
		mask = ~0u << (32 - p);
		a = bench_rnd() & mask;
		if (reserved(a) || reserved(a | ~mask))
			continue;
		for (k = 0; k < sizeof(own) / sizeof(own[0]); k++)
			if ((own[k] & mask) == a)
				break;
		if (k == sizeof(own) / sizeof(own[0]))
			break;  /* covers none of our own nets */
	}
	*addr = a;
	*plen = p;
}
