// SPDX-License-Identifier: GPL-2.0
/*
 * Galactic's SRv6 data plane for kernels without seg6 lightweight tunnels (RFC 8986 behaviours).
 *
 *   gal_encap    tc egress of the encap device (gsrv6): H.Encaps of a tenant's IPv4/IPv6
 *                packet with the segment list of its (tenant, class, destination)
 *   gal_sid      tc ingress of an Ethernet underlay port: End, End.DT4, End.DT6, End.DT46
 *   gal_sid_l3   the same on an L3 device without a MAC header (wireguard-go's TUN)
 *
 * The agent writes the maps (see EbpfMaps.java: the byte layouts there and here are one
 * contract, versioned by GAL_ABI); a path change is a map update, never a reload.
 *
 * Why encapsulation runs at the egress of a device rather than in an LWT route or at the
 * site port's ingress: the kernel has already routed the packet in the tenant's table (ip
 * rules, nftables classifier marks, unreachable default, MTU and ICMP errors all as for any
 * route), and bpf_skb_adjust_room() keeps GSO packets whole, which bpf_lwt_push_encap() with
 * a routing header does not (TCP with TSO would be dropped).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* newer than some distributions' uapi headers; the values are the kernel's ABI */
#ifndef BPF_F_ADJ_ROOM_DECAP_L3_IPV4
#define BPF_F_ADJ_ROOM_DECAP_L3_IPV4 (1ULL << 7)
#define BPF_F_ADJ_ROOM_DECAP_L3_IPV6 (1ULL << 8)
#endif

#define GAL_ABI 2
#define MAX_SEGS 24            /* 40 + 8 + 16 * 24 = 432 bytes of outer header at most */
#define MAX_TENANTS 4096
#define AF_INET 2
#define AF_INET6 10
#define NEXTHDR_ROUTING 43
#define SRH_TYPE 4
#define CLASS_MARK_BASE 0x20000 /* LinuxPlan.classMark: 0x20000 + tenant * 64 + class */

enum action { ACT_END = 1, ACT_DT4 = 2, ACT_DT6 = 3, ACT_DT46 = 4 };

/* what went wrong, counted in drops[] */
enum drop { DROP_NO_TENANT = 0, DROP_NO_ROUTE, DROP_BAD_ROUTE, DROP_ADJUST, DROP_STORE, DROP_NO_UNDERLAY,
            DROP_BAD_SRH, DROP_SL, DROP_FAMILY, DROP_REASONS };

struct port {              /* if_tenant value: a site port's tenant and its VPC's default class */
	__u32 tenant;
	__u32 default_class;
};

struct lpm4 {              /* prefixlen = 64 + prefix length; tenant and class big-endian */
	__u32 prefixlen;
	__u32 tenant;
	__u32 class;
	__u8 addr[4];
};

struct lpm6 {
	__u32 prefixlen;
	__u32 tenant;
	__u32 class;
	__u8 addr[16];
};

struct seglist {           /* segs in SRH order: segs[0] is the last segment, segs[nsegs-1] the first DA */
	__u32 nsegs;
	__u32 flags;
	__u8 src[16];
	__u8 segs[MAX_SEGS][16];
};

struct sid {
	__u32 action;
	__u32 tenant;
	__u32 mark;     /* decapsulation: the mark of the VPC's delivery table (an ip rule looks it up) */
};

struct counters {
	__u64 packets;
	__u64 bytes;
};

struct tclass {            /* counter key: tenant, class (class 255: decapsulated towards the tenant's sites) */
	__u32 tenant;
	__u32 class;
};

#define DECAP_CLASS 255

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct port);
} if_tenant SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 262144);
	__type(key, struct lpm4);
	__type(value, struct seglist);
} encap4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 262144);
	__type(key, struct lpm6);
	__type(value, struct seglist);
} encap6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 65536);
	__type(key, struct in6_addr);
	__type(value, struct sid);
} sid_table SEC(".maps");

/* per tenant and class; the agent creates the entries it wants counted, the programs only add */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct tclass);
	__type(value, struct counters);
} stats SEC(".maps");

/* node-wide: [0] End packets, [1] packets a site port sent towards a SID (left to the stack),
 * [2] the node's own packets routed to the encap device (refused) */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct counters);
} node_stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, DROP_REASONS);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

static __always_inline int drop(__u32 reason)
{
	__u64 *n = bpf_map_lookup_elem(&drops, &reason);
	if (n)
		*n += 1;
	return TC_ACT_SHOT;
}

static __always_inline void count(__u32 tenant, __u32 class, __u64 bytes)
{
	struct tclass k = { .tenant = tenant, .class = class };
	struct counters *c = bpf_map_lookup_elem(&stats, &k);
	if (c) {
		c->packets += 1;
		c->bytes += bytes;
	}
}

static __always_inline void count_node(__u32 slot, __u64 bytes)
{
	struct counters *c = bpf_map_lookup_elem(&node_stats, &slot);
	if (c) {
		c->packets += 1;
		c->bytes += bytes;
	}
}

struct outer {
	struct ipv6hdr ip6;
	__u8 nexthdr;
	__u8 hdrlen;
	__u8 type;
	__u8 segments_left;
	__u8 last_entry;
	__u8 flags;
	__u16 tag;
} __attribute__((packed));

/*
 * H.Encaps. The packet reached this device because the tenant's table routed it here: the
 * tenant is the site port it came in on (never the mark, which only picks the class), and the
 * class is the classifier's mark if it names this tenant, else the port's default class.
 */
SEC("tc")
int gal_encap(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	__u32 iif = skb->ingress_ifindex;
	if (iif == 0) {
		/* the node's own packets (a multicast listener report of the device): no tenant's */
		count_node(2, skb->len);
		return TC_ACT_SHOT;
	}
	struct port *port = bpf_map_lookup_elem(&if_tenant, &iif);
	if (!port)
		return drop(DROP_NO_TENANT);
	__u32 tenant = port->tenant, class = port->default_class;
	__u32 mark = skb->mark;
	if (mark >= CLASS_MARK_BASE && ((mark - CLASS_MARK_BASE) >> 6) == tenant)
		class = (mark - CLASS_MARK_BASE) & 63;

	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > end)
		return drop(DROP_FAMILY);
	struct seglist *sl;
	__u8 inner, tos;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);
		if ((void *)(ip + 1) > end)
			return drop(DROP_FAMILY);
		struct lpm4 k = { .prefixlen = 64 + 32, .tenant = bpf_htonl(tenant), .class = bpf_htonl(class) };
		__builtin_memcpy(k.addr, &ip->daddr, 4);
		sl = bpf_map_lookup_elem(&encap4, &k);
		inner = IPPROTO_IPIP;
		tos = ip->tos;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);
		if ((void *)(ip6 + 1) > end)
			return drop(DROP_FAMILY);
		struct lpm6 k = { .prefixlen = 64 + 128, .tenant = bpf_htonl(tenant), .class = bpf_htonl(class) };
		__builtin_memcpy(k.addr, &ip6->daddr, 16);
		sl = bpf_map_lookup_elem(&encap6, &k);
		inner = IPPROTO_IPV6;
		tos = (ip6->priority << 4) | (ip6->flow_lbl[0] >> 4);
	} else {
		return drop(DROP_FAMILY);
	}
	if (!sl)
		return drop(DROP_NO_ROUTE);
	__u32 n = sl->nsegs;
	if (n == 0 || n > MAX_SEGS)
		return drop(DROP_BAD_ROUTE);
	__u32 inner_len = skb->len - sizeof(struct ethhdr);
	__u32 srh_len = 8 + 16 * n;

	struct outer h;
	__builtin_memset(&h, 0, sizeof(h));
	__u32 flow = bpf_get_hash_recalc(skb) & 0xfffff;
	h.ip6.version = 6;
	h.ip6.priority = tos >> 4;
	h.ip6.flow_lbl[0] = ((tos & 0xf) << 4) | (flow >> 16);
	h.ip6.flow_lbl[1] = flow >> 8;
	h.ip6.flow_lbl[2] = flow;
	h.ip6.payload_len = bpf_htons(srh_len + inner_len);
	h.ip6.nexthdr = NEXTHDR_ROUTING;
	h.ip6.hop_limit = 64;
	__builtin_memcpy(&h.ip6.saddr, sl->src, 16);
	__u32 first = n - 1;
	if (first >= MAX_SEGS)
		return drop(DROP_BAD_ROUTE);
	__builtin_memcpy(&h.ip6.daddr, sl->segs[first], 16);
	h.nexthdr = inner;
	h.hdrlen = 2 * n;
	h.type = SRH_TYPE;
	h.segments_left = n - 1;
	h.last_entry = n - 1;

	__u32 grow = sizeof(struct ipv6hdr) + srh_len;
	if (bpf_skb_adjust_room(skb, grow, BPF_ADJ_ROOM_MAC, BPF_F_ADJ_ROOM_ENCAP_L3_IPV6))
		return drop(DROP_ADJUST);
	__u16 proto = bpf_htons(ETH_P_IPV6);
	__u32 seg_bytes = 16 * n;
	if (seg_bytes > sizeof(sl->segs))
		return drop(DROP_BAD_ROUTE);
	if (bpf_skb_store_bytes(skb, offsetof(struct ethhdr, h_proto), &proto, 2, 0) ||
	    bpf_skb_store_bytes(skb, sizeof(struct ethhdr), &h, sizeof(h), 0) ||
	    bpf_skb_store_bytes(skb, sizeof(struct ethhdr) + sizeof(h), sl->segs, seg_bytes, 0))
		return drop(DROP_STORE);

	/* the underlay's main table decides where the outer packet goes (no policy rules, no mark) */
	struct bpf_fib_lookup fib;
	__builtin_memset(&fib, 0, sizeof(fib));
	fib.family = AF_INET6;
	fib.ifindex = skb->ifindex;
	__builtin_memcpy(fib.ipv6_src, &h.ip6.saddr, 16);
	__builtin_memcpy(fib.ipv6_dst, &h.ip6.daddr, 16);
	/* tot_len stays 0: set to a GSO packet's length it makes the lookup answer FRAG_NEEDED */
	int rc = bpf_fib_lookup(skb, &fib, sizeof(fib), BPF_FIB_LOOKUP_DIRECT | BPF_FIB_LOOKUP_SKIP_NEIGH);
	if (rc != BPF_FIB_LKUP_RET_SUCCESS)
		return drop(DROP_NO_UNDERLAY);
	count(tenant, class, inner_len);
	skb->mark = 0;
	struct bpf_redir_neigh nh = { .nh_family = AF_INET6 };
	__builtin_memcpy(nh.ipv6_nh, fib.ipv6_dst, 16);
	return bpf_redirect_neigh(fib.ifindex, &nh, sizeof(nh), 0);
}

/*
 * A packet for one of this node's SIDs. l2 is the length of the MAC header in front of the
 * IPv6 header: 14 on Ethernet, 0 on a TUN device. Anything else is left to the stack.
 */
static __always_inline int sid(struct __sk_buff *skb, const __u32 l2)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	if (skb->protocol != bpf_htons(ETH_P_IPV6))
		return TC_ACT_OK;
	struct ipv6hdr *ip6 = data + l2;
	if ((void *)(ip6 + 1) > end)
		return TC_ACT_OK;
	/* a site port is not the underlay: what a tenant sends towards a SID is the stack's to refuse */
	__u32 iif = skb->ingress_ifindex;
	if (bpf_map_lookup_elem(&if_tenant, &iif)) {
		count_node(1, skb->len);
		return TC_ACT_OK;
	}
	struct sid *s = bpf_map_lookup_elem(&sid_table, &ip6->daddr);
	if (!s)
		return TC_ACT_OK;
	__u32 action = s->action, tenant = s->tenant, mark = s->mark;

	__u8 next = ip6->nexthdr;
	__u32 strip = sizeof(struct ipv6hdr);
	__u8 sl = 0;
	if (next == NEXTHDR_ROUTING) {
		__u8 srh[4];
		if (bpf_skb_load_bytes(skb, l2 + sizeof(struct ipv6hdr), srh, 4))
			return drop(DROP_BAD_SRH);
		if (srh[2] != SRH_TYPE)
			return drop(DROP_BAD_SRH);
		next = srh[0];
		strip += 8 * ((__u32)srh[1] + 1);
		sl = srh[3];
		if (sl > srh[1] / 2)
			return drop(DROP_BAD_SRH);
	}

	if (action == ACT_END) {
		if (sl == 0 || ip6->nexthdr != NEXTHDR_ROUTING)
			return drop(DROP_SL);
		sl -= 1;
		__u8 da[16];
		__u32 off = l2 + sizeof(struct ipv6hdr) + 8 + 16 * (__u32)sl;
		if (bpf_skb_load_bytes(skb, off, da, 16))
			return drop(DROP_BAD_SRH);
		if (bpf_skb_store_bytes(skb, l2 + sizeof(struct ipv6hdr) + 3, &sl, 1, BPF_F_RECOMPUTE_CSUM) ||
		    bpf_skb_store_bytes(skb, l2 + offsetof(struct ipv6hdr, daddr), da, 16, BPF_F_RECOMPUTE_CSUM))
			return drop(DROP_STORE);
		count_node(0, skb->len);
		/* the stack forwards it towards the new destination and lowers the hop limit */
		return TC_ACT_OK;
	}

	if (sl != 0)
		return drop(DROP_SL);
	__u64 flag;
	__u16 proto;
	if (next == IPPROTO_IPIP && (action == ACT_DT4 || action == ACT_DT46)) {
		flag = BPF_F_ADJ_ROOM_DECAP_L3_IPV4;
		proto = bpf_htons(ETH_P_IP);
	} else if (next == IPPROTO_IPV6 && (action == ACT_DT6 || action == ACT_DT46)) {
		flag = BPF_F_ADJ_ROOM_DECAP_L3_IPV6;
		proto = bpf_htons(ETH_P_IPV6);
	} else {
		return drop(DROP_FAMILY);
	}
	if (strip > 40 + 8 + 16 * MAX_SEGS)
		return drop(DROP_BAD_SRH);
	if (bpf_skb_adjust_room(skb, -(__s32)strip, BPF_ADJ_ROOM_MAC, flag))
		return drop(DROP_ADJUST);
	if (l2 && bpf_skb_store_bytes(skb, offsetof(struct ethhdr, h_proto), &proto, 2, 0))
		return drop(DROP_STORE);
	count(tenant, DECAP_CLASS, skb->len - l2);
	/* the VPC's delivery table routes the inner packet: an ip rule matches this mark */
	skb->mark = mark;
	return TC_ACT_OK;
}

SEC("tc")
int gal_sid(struct __sk_buff *skb)
{
	return sid(skb, sizeof(struct ethhdr));
}

SEC("tc")
int gal_sid_l3(struct __sk_buff *skb)
{
	return sid(skb, 0);
}

char LICENSE[] SEC("license") = "GPL";
