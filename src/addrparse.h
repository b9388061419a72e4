/*
 * addrparse.h -- strict parsers and printers for the strings the `net` API takes:
 * IPv4 addresses "a.b.c.d", IPv4 prefixes "a.b.c.d/len", MACs "aa:bb:cc:dd:ee:ff",
 * interface names, ports. Shared by link.c and addr.c; other families may use them too.
 * All return 0 or -EINVAL (-ERANGE for a name longer than 15 bytes) and never print.
 */
#ifndef ADDRPARSE_H
#define ADDRPARSE_H

#include <stdint.h>
#include <stddef.h>

/* "a.b.c.d" -> network-order address. No leading/trailing junk, each part 0-255
 * in plain decimal ("010.0.0.1", "10.1", "0x0a.0.0.1" refused: the API takes
 * canonical text). The one C reader of IPv4 addresses: every binding and
 * probe_resolve use it, none calls inet_pton itself. */
int parse_ipv4(const char *s, uint32_t *addr_be);
/* "a.b.c.d/len" (len 0-32, decimal digits). need_len=0 also accepts a bare address
 * (len = -1). The one C reader of IPv4 prefixes: addr.c, nat.c and rt_parse.c use it. */
int parse_ipv4_prefix(const char *s, uint32_t *addr_be, int *len, int need_len);
/* What a prefix reader refused (parse_ipv4_prefix_why, rt_parse_prefix_why);
 * the words are netlearn.parse.api_prefix's. */
enum prefix_why {
	PREFIX_OK,
	PREFIX_BAD_HOST,        /* not an address */
	PREFIX_LEN_MISSING,     /* nothing (or a sign, a blank) after '/' */
	PREFIX_LEN_NAN,         /* the length is not a number */
	PREFIX_LEN_RANGE,       /* the length is out of range */
	PREFIX_LEN_NEEDED,      /* no '/len' where one is needed */
};
int parse_ipv4_prefix_why(const char *s, uint32_t *addr_be, int *len, int need_len, enum prefix_why *why);
/* One port as iptables reads a number (xtables_strtoui: strtoul base 0 over the
 * whole word): "80", "0x50", "010" (octal, 8), "+80", " 80"; 0-65535; "-1",
 * "080", "80 " refused. The one C reader of ports: l_nat.c's sport=/dport=/to=
 * and l_nft_match.c's multiport= use it. Service names ("http") are the
 * command's (netlearn.parse reads /etc/services), never the API's. */
int parse_port(const char *s, int *port);
/* --sport/--dport as libxt_tcp reads them: "P", "LO:HI", ":HI" (LO 0), "LO:"
 * (HI 65535), each side parse_port's. -ERANGE when LO > HI. */
int parse_port_range(const char *s, int *lo, int *hi);
/* one hex digit's value (either case), -1 when c is not one */
int hexval(int c);
/* "aa:bb:cc:dd:ee:ff" (hex pairs, ':' or '-' separated) -> 6 bytes */
int parse_mac(const char *s, uint8_t mac[6]);
/* Interface name as the kernel's dev_valid_name() wants it: 1-15 bytes, not "." or
 * "..", no '/', ':' or white space. -ERANGE if too long, -EINVAL otherwise. */
int check_ifname(const char *s);

/* Printers: buf of at least 16 (IPv4) / 3*len (hardware address) bytes */
char *fmt_ipv4(uint32_t addr_be, char *buf, size_t len);
char *fmt_hwaddr(const uint8_t *a, size_t n, char *buf, size_t len);
/* Netmask of a prefix length, network order */
uint32_t ipv4_mask(int len);

#endif
