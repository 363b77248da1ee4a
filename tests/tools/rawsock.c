// SPDX-License-Identifier: GPL-2.0
/*
 * Raw Ethernet frames for the integration tests (AF_PACKET):
 *   rawsock send DEV HEX [COUNT [INTERVAL_US]]   send the frame COUNT times
 *   rawsock recv DEV ETHERTYPE TIMEOUT_MS [N]    print the first N frames of
 *                                                that ethertype received
 *                                                (hex, one a line); exit 1
 *                                                on timeout
 *   rawsock ipsend DST PROTO HEX [COUNT [INTERVAL_US]]
 *                                                an IPv4 datagram of that
 *                                                protocol, the kernel's
 *                                                header, HEX as payload
 *   rawsock iprecv PROTO TIMEOUT_MS [N]          print datagrams of that
 *                                                protocol, IP header on
 * Bounded: at most 100000 sends, a timeout of at most 60 s. A receiver
 * creates the file $RAWSOCK_READY, when set, once it listens.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>

static int open_sock(const char *dev, int proto, struct sockaddr_ll *sll)
{
	int fd = socket(AF_PACKET, SOCK_RAW, htons(proto));

	memset(sll, 0, sizeof(*sll));
	sll->sll_family = AF_PACKET;
	sll->sll_protocol = htons(proto);
	sll->sll_ifindex = (int)if_nametoindex(dev);
	if (fd < 0 || !sll->sll_ifindex ||
	    bind(fd, (struct sockaddr *)sll, sizeof(*sll)) < 0) {
		fprintf(stderr, "rawsock: %s: %s\n", dev, strerror(errno));
		exit(2);
	}
	return fd;
}

static size_t unhex(const char *h, unsigned char *buf, size_t max)
{
	size_t n = 0;

	for (; h[0] && h[1] && n < max; h += 2)
		if (sscanf(h, "%2hhx", &buf[n++]) != 1)
			exit(2);
	return n;
}

static void print_hex(const unsigned char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%02x", b[i]);
	printf("\n");
	fflush(stdout);
}

static void ready(void)
{
	const char *f = getenv("RAWSOCK_READY");
	FILE *fp = f ? fopen(f, "w") : NULL;

	if (fp)
		fclose(fp);
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Send buf COUNT times, gap microseconds apart (to: NULL on a bound
 * packet socket). Exit status. */
static int send_loop(int fd, const unsigned char *buf, size_t n,
		     const struct sockaddr *to, socklen_t tolen,
		     const char *count_w, const char *gap_w)
{
	long count = count_w ? atol(count_w) : 1;
	long gap = gap_w ? atol(gap_w) : 0;

	if (count < 1 || count > 100000) {
		fprintf(stderr, "rawsock: bad count\n");
		return 2;
	}
	for (; count > 0; count--) {
		if (sendto(fd, buf, n, 0, to, tolen) != (ssize_t)n) {
			perror("rawsock: send");
			return 1;
		}
		if (gap)
			usleep((useconds_t)gap);
	}
	return 0;
}

/* Print the first N received frames of at least min bytes (not the
 * ones this host sends, on a packet socket), hex, one a line, within
 * TIMEOUT_MS. Exit status: 1 on timeout. (A raw IP socket fills `from`
 * with a sockaddr_in, whose zero padding reads as PACKET_HOST.) */
static int recv_loop(int fd, size_t min, const char *timeout_w,
		     const char *want_w)
{
	unsigned char buf[9216];
	long timeout = atol(timeout_w), want = want_w ? atol(want_w) : 1;
	long deadline = now_ms() + timeout, got = 0;

	if (timeout > 60000 || want < 1)
		return 2;
	ready();
	while (got < want) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		struct sockaddr_ll from = { 0 };
		socklen_t fl = sizeof(from);
		long left = deadline - now_ms();
		ssize_t r;

		if (left <= 0 || poll(&p, 1, (int)left) <= 0)
			return 1;
		r = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
		if (r < (ssize_t)min || from.sll_pkttype == PACKET_OUTGOING)
			continue;
		print_hex(buf, (size_t)r);
		got++;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char buf[9216];
	struct sockaddr_ll sll;
	size_t n;
	int fd;

	if (argc >= 4 && !strcmp(argv[1], "send")) {
		n = unhex(argv[3], buf, sizeof(buf));
		if (n < 14) {
			fprintf(stderr, "rawsock: bad frame\n");
			return 2;
		}
		fd = open_sock(argv[2], ETH_P_ALL, &sll);
		return send_loop(fd, buf, n, NULL, 0, argc > 4 ? argv[4] : NULL,
				 argc > 5 ? argv[5] : NULL);
	}
	if (argc >= 5 && !strcmp(argv[1], "recv")) {
		fd = open_sock(argv[2], (int)strtol(argv[3], NULL, 0), &sll);
		return recv_loop(fd, 14, argv[4], argc > 5 ? argv[5] : NULL);
	}
	if (argc >= 5 && !strcmp(argv[1], "ipsend")) {
		struct sockaddr_in to = { .sin_family = AF_INET };

		n = unhex(argv[4], buf, sizeof(buf));
		fd = socket(AF_INET, SOCK_RAW, atoi(argv[3]));
		if (fd < 0 || inet_pton(AF_INET, argv[2], &to.sin_addr) != 1) {
			fprintf(stderr, "rawsock: ipsend: bad arguments\n");
			return 2;
		}
		return send_loop(fd, buf, n, (struct sockaddr *)&to, sizeof(to),
				 argc > 5 ? argv[5] : NULL, argc > 6 ? argv[6] : NULL);
	}
	if (argc >= 4 && !strcmp(argv[1], "iprecv")) {
		fd = socket(AF_INET, SOCK_RAW, atoi(argv[2]));
		if (fd < 0)
			return 2;
		return recv_loop(fd, 20, argv[3], argc > 4 ? argv[4] : NULL);
	}
	fprintf(stderr, "usage: rawsock send DEV HEX [COUNT [INTERVAL_US]] | "
		"recv DEV ETHERTYPE TIMEOUT_MS [N] | ipsend DST PROTO HEX "
		"[COUNT [INTERVAL_US]] | iprecv PROTO TIMEOUT_MS [N]\n");
	return 2;
}
