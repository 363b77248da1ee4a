// SPDX-License-Identifier: GPL-2.0
/*
 * A storm of IPv4/UDP frames for the slow path's memory test (AF_PACKET,
 * sendmmsg in batches of 64, past the qdisc):
 *   storm DEV DMAC SRC DST N COUNT SIZE [RATE]
 * COUNT frames of SIZE bytes (Ethernet header included) from DEV's MAC
 * to DMAC, from SRC to the N addresses DST, DST+1, ... DST+N-1 in turn,
 * at RATE frames a second (paced per batch), or as fast as it can.
 * Header checksums valid, TTL 64, no DF. Prints the frames sent.
 * Bounded: COUNT at most 1,000,000, SIZE 60..9000, 30 s at most.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#define BATCH 64
#define MAXF  9000

static unsigned char frames[BATCH][MAXF];

static void die(const char *what)
{
	fprintf(stderr, "storm: %s: %s\n", what, strerror(errno));
	exit(2);
}

static unsigned short csum(const unsigned char *p, size_t n)
{
	unsigned long s = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (unsigned long)(p[i] << 8 | p[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (unsigned short)~s;
}

/* Ethernet, IPv4 (20 bytes), UDP 9 -> 9 without checksum, zeros. */
static void build(unsigned char *f, size_t size, const unsigned char *dmac,
		  const unsigned char *smac, in_addr_t src, in_addr_t dst,
		  unsigned id)
{
	unsigned char *ip = f + 14, *udp = ip + 20;
	size_t tot = size - 14;
	unsigned short c;

	memset(f, 0, size);
	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	f[12] = 0x08;
	ip[0] = 0x45;
	ip[2] = (unsigned char)(tot >> 8);
	ip[3] = (unsigned char)tot;
	ip[4] = (unsigned char)(id >> 8);
	ip[5] = (unsigned char)id;
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, &src, 4);
	memcpy(ip + 16, &dst, 4);
	c = csum(ip, 20);
	ip[10] = (unsigned char)(c >> 8);
	ip[11] = (unsigned char)c;
	udp[1] = 9;
	udp[3] = 9;
	udp[4] = (unsigned char)((tot - 20) >> 8);
	udp[5] = (unsigned char)(tot - 20);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Until sent frames are due at rate (0: no pacing) since t0. */
static void pace(unsigned long sent, double rate, double t0)
{
	double ahead = rate > 0 ? t0 + (double)sent / rate - now_s() : 0;

	if (ahead > 0)
		usleep((useconds_t)(ahead * 1e6));
}

static int open_dev(const char *dev, struct sockaddr_ll *sll,
		    unsigned char smac[6])
{
	int fd = socket(AF_PACKET, SOCK_RAW, 0), one = 1;
	struct ifreq ifr;

	if (fd < 0)
		die("socket");
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
		die(dev);
	memcpy(smac, ifr.ifr_hwaddr.sa_data, 6);
	memset(sll, 0, sizeof(*sll));
	sll->sll_family = AF_PACKET;
	sll->sll_ifindex = (int)if_nametoindex(dev);
	sll->sll_halen = 6;
	setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one));
	return fd;
}

int main(int argc, char **argv)
{
	unsigned char dmac[6], smac[6];
	struct mmsghdr msg[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_ll sll;
	in_addr_t src, dst;
	unsigned long n, count, size, sent = 0, i;
	time_t end = time(NULL) + 30;
	double rate = argc == 9 ? strtod(argv[8], NULL) : 0, t0 = now_s();
	int fd, k, r;

	if ((argc != 8 && argc != 9) || sscanf(argv[2], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx",
				&dmac[0], &dmac[1], &dmac[2], &dmac[3],
				&dmac[4], &dmac[5]) != 6) {
		fprintf(stderr, "usage: storm DEV DMAC SRC DST N COUNT SIZE [RATE]\n");
		return 2;
	}
	src = inet_addr(argv[3]);
	dst = ntohl(inet_addr(argv[4]));
	n = strtoul(argv[5], NULL, 0);
	count = strtoul(argv[6], NULL, 0);
	size = strtoul(argv[7], NULL, 0);
	if (!n || count > 1000000 || size < 60 || size > MAXF) {
		fprintf(stderr, "storm: N, COUNT or SIZE out of range\n");
		return 2;
	}
	fd = open_dev(argv[1], &sll, smac);
	memset(msg, 0, sizeof(msg));
	while (sent < count && time(NULL) < end) {
		pace(sent, rate, t0);
		for (k = 0; k < BATCH && sent + (unsigned long)k < count; k++) {
			i = sent + (unsigned long)k;
			build(frames[k], size, dmac, smac, src,
			      htonl((in_addr_t)(dst + i % n)), (unsigned)i);
			iov[k] = (struct iovec){ frames[k], size };
			msg[k].msg_hdr = (struct msghdr){ .msg_name = &sll,
				.msg_namelen = sizeof(sll), .msg_iov = &iov[k],
				.msg_iovlen = 1 };
		}
		r = sendmmsg(fd, msg, (unsigned)k, 0);
		if (r < 0 && errno != ENOBUFS && errno != EAGAIN)
			die("sendmmsg");
		if (r > 0)
			sent += (unsigned long)r;
	}
	printf("%lu\n", sent);
	close(fd);
	return sent == count ? 0 : 1;
}
