// SPDX-License-Identifier: GPL-2.0
// sharpdig's kernel-side capture program (CO-RE eBPF).
//
// It stays deliberately small: on every syscall enter/exit it writes one compact record (ids,
// the six raw arguments, the return value) to a BPF ring buffer, followed by the pieces of user
// or kernel memory that the event needs. WHICH pieces a syscall needs is not decided here: user
// space fills the `syscall_specs` map from its event table, one small recipe per syscall number.
// All conversions (flag bits, tuples, parameter layout) happen in C# (Capture/Live/).
//
// Record layout (little endian), see Capture/Live/KernelRecord.cs:
//   struct record_header, then blobs: u16 len, u8 item index, u8 kind, len bytes.
//
// Kernel: one object for any x86-64 kernel >= 5.8 with BTF (/sys/kernel/btf/vmlinux). 5.8 comes
// from the ring buffer and bpf_ktime_get_boot_ns; everything else is older:
//   features: .rodata config the verifier reads as constants 5.2, bounded loops 5.3, tp_btf
//     programs with direct loads through their BTF arguments 5.5, bpf-to-bpf calls 4.16, global
//     functions verified on their own 5.6 (scalar arguments only, as there), BPF_MAP_TYPE_RINGBUF 5.8;
//   helpers: map_lookup_elem 3.19, get_smp_processor_id 4.1, get_current_pid_tgid and
//     get_current_comm 4.2, get_current_task 4.8, probe_read_{user,kernel}{,_str} 5.5,
//     ktime_get_boot_ns 5.8, ringbuf_{reserve,submit,output} 5.8.
//   Avoided on purpose: get_current_task_btf (5.11), bpf_loop (5.17). Layouts that changed after
//   5.8 (mm rss counters in 6.2, kernfs_node's parent) are resolved either way by CO-RE.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>

#define RLIMIT_NOFILE 7

char LICENSE[] SEC("license") = "GPL";

// Set by the loader (in .rodata, before the object is loaded). Layout known to KernelProbe.cs.
const volatile struct {
	__u32 self_tgid;   // our own process: never traced
	__u32 snaplen;     // bytes of I/O buffers to keep
} cfg = { 0, 80 };
#define self_tgid cfg.self_tgid
#define snaplen cfg.snaplen

enum record_kind { REC_SYS_ENTER = 1, REC_SYS_EXIT = 2, REC_PROC_EXIT = 3, REC_SWITCH = 4, REC_SIGNAL = 5, REC_PAGE_FAULT = 6 };

// What to capture for one item of a syscall recipe. Keep in sync with CaptureKind.cs.
enum item_kind {
	K_NONE = 0,
	K_STR = 1,         // user string at args[arg]
	K_BUF_ARG = 2,     // user buffer args[arg], length args[aux] (capped by snaplen)
	K_BUF_RET = 3,     // user buffer args[arg], length ret (capped by snaplen)
	K_SOCKADDR = 4,    // user sockaddr args[arg], length args[aux]
	K_SOCKADDR_P = 5,  // user sockaddr args[arg], length in the user int at args[aux]
	K_SOCK_ARG = 6,    // kernel socket of fd args[arg]
	K_SOCK_RET = 7,    // kernel socket of fd ret
	K_FILE_RET = 8,    // dev/ino of fd ret
	K_PIPE = 9,        // user int[2] at args[arg] and the inode of the first fd
	K_IOV_ARG = 10,    // iovec args[arg], count args[aux]: total length, data (snaplen)
	K_IOV_RET = 11,    // same, data capped by ret
	K_MSG_ARG = 12,    // user_msghdr args[arg]: total length, data, address
	K_MSG_RET = 13,
	K_ARGV = 14,       // user string array args[arg], NUL separated
	K_TASK = 15,       // struct task_info of the current task
	K_MM_ARGS = 16,    // the current mm's argument area
	K_MM_ENV = 17,     // the current mm's environment area
	K_FIXED = 18,      // aux bytes of user memory at args[arg]
	K_POLLFDS = 19,    // struct pollfd[args[aux]] at args[arg]
	K_FILE_ARG = 20,   // dev/ino of fd args[arg]
	K_CGROUP = 21,     // the task's cgroup v2 path components, leaf first
	K_STR_P = 22,      // user string whose pointer is the first word at args[arg]
	K_SOCKPAIR = 23,   // user int[2] at args[arg] and both sockets' kernel addresses
	K_CWD = 24,        // the task's working directory as path components, leaf first
};

// Item flags: when to capture.
#define IF_RET_OK  1   // only if ret >= 0
#define IF_RET_ERR 2   // only if ret < 0

struct item { __u8 kind, arg, aux, flags; };

#define MAX_ITEMS 8
struct syscall_spec {
	__u8 on;            // 0: the syscall is not captured at all
	__u8 n_enter, n_exit, pad;
	struct item enter[MAX_ITEMS];
	struct item exit[MAX_ITEMS];
};

struct record_header {
	__u64 ts;           // boot-time ns
	__u32 tid, pid;
	__u32 len;          // whole record including header and blobs
	__u16 kind, nr;
	__u64 args[6];
	__s64 ret;
	__u16 cpu, nblobs;
	__u32 pad;
};

struct task_info {
	__u32 ptid, ppid, vtid, vpid;
	__u32 uid, gid, loginuid;
	__u32 tty_major, tty_minor;
	__u32 pgid, sid;
	__u32 vm_size_kb, vm_rss_kb, vm_swap_kb;
	__u64 fdlimit, maj_flt, min_flt;
	__u64 start_time;
	char comm[16];
};

struct sock_info {
	__u16 family, type, protocol, pad;
	__u32 ack_backlog, max_ack_backlog;
	__u8 local_ip[16], remote_ip[16];
	__u16 local_port, remote_port;   // host order
	__u32 pad2;
	__u64 sk, peer;                  // kernel addresses (unix sockets)
	// followed by the unix path of the socket itself (bound name), NUL terminated
};

struct file_info { __u32 dev; __u32 pad; __u64 ino; };

#define SCRATCH_SIZE (1 << 17)
#define OFF_MASK ((1 << 16) - 1)
#define CHUNK_MAX (1 << 15)
#define CHUNK_MASK (CHUNK_MAX - 1)
#define PATH_MAX_BYTES 4096

struct scratch { __u8 buf[SCRATCH_SIZE]; };

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);   // resized by the loader
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 512);
	__type(key, __u32);
	__type(value, struct syscall_spec);
} syscall_specs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);          // resized to the number of possible CPUs by the loader
	__type(key, __u32);
	__type(value, struct scratch);
} scratch_map SEC(".maps");

// Per-CPU counters: [1] records dropped because the ring was full ([0] unused: user space counts
// what it reads, which keeps the hot path free of a map update).
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

static __always_inline void count(__u32 which)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &which);
	if (c)
		*c += 1;
}

// ---- kernel structure helpers ------------------------------------------------------------

// The current task as a plain address (bpf_get_current_task, 4.8, rather than the BTF-typed
// variant of 5.11): every read through it is a BPF_CORE_READ probe read anyway.
static __always_inline struct task_struct *current_task(void)
{
	return (struct task_struct *)bpf_get_current_task();
}

struct kernfs_node___old { struct kernfs_node___old *parent; const char *name; };

static __always_inline struct file *fd_to_file(struct task_struct *t, long fd)
{
	if (fd < 0)
		return NULL;
	struct fdtable *fdt = BPF_CORE_READ(t, files, fdt);
	unsigned int max = BPF_CORE_READ(fdt, max_fds);
	if ((unsigned long)fd >= max)
		return NULL;
	struct file **fds = BPF_CORE_READ(fdt, fd);
	struct file *f = NULL;
	bpf_probe_read_kernel(&f, sizeof(f), &fds[fd]);
	return f;
}

static __always_inline __u32 pid_nr_in_ns(struct pid *p)
{
	if (!p)
		return 0;
	unsigned int level = BPF_CORE_READ(p, level);
	__u32 nr = 0;
	bpf_core_read(&nr, sizeof(nr), &p->numbers[level & 31].nr);
	return nr;
}

// Before 6.2 the rss counters were atomics in one struct; 6.2 made them an array of percpu_counters.
// Both layouts are described so CO-RE resolves the one the kernel has (the other branch is dead).
struct mm_rss_stat___pre62 { atomic_long_t count[4]; } __attribute__((preserve_access_index));
struct mm_struct___pre62 { struct mm_rss_stat___pre62 rss_stat; } __attribute__((preserve_access_index));
#define MM_RSS_PRE62(mm) bpf_core_field_exists(((struct mm_struct___pre62 *)(mm))->rss_stat)

static __always_inline __u64 rss_clamp(__s64 v)
{
	return v < 0 ? 0 : v;
}

// Counter `idx` in pages. `idx` must be an MM_* constant: CO-RE relocates constant array indexes
// with the kernel's element size (a percpu_counter's size depends on the kernel's config).
#define rss_pages(mm, idx) rss_clamp(MM_RSS_PRE62(mm) \
	? BPF_CORE_READ((struct mm_struct___pre62 *)(mm), rss_stat.count[idx].counter) \
	: BPF_CORE_READ(mm, rss_stat[idx].count))

static __noinline int fill_task_info(struct task_info *ti)
{
	struct task_struct *t = current_task();
	struct task_struct *parent = BPF_CORE_READ(t, real_parent);
	ti->ptid = BPF_CORE_READ(parent, pid);
	ti->ppid = BPF_CORE_READ(parent, tgid);
	ti->vtid = pid_nr_in_ns(BPF_CORE_READ(t, thread_pid));
	ti->vpid = pid_nr_in_ns(BPF_CORE_READ(t, group_leader, thread_pid));
	ti->uid = BPF_CORE_READ(t, cred, euid.val);
	ti->gid = BPF_CORE_READ(t, cred, egid.val);
	ti->loginuid = 0xffffffff;
	if (bpf_core_field_exists(t->loginuid))
		ti->loginuid = BPF_CORE_READ(t, loginuid.val);
	struct signal_struct *sig = BPF_CORE_READ(t, signal);
	struct tty_struct *tty = BPF_CORE_READ(sig, tty);
	if (tty) {
		ti->tty_major = BPF_CORE_READ(tty, driver, major);
		ti->tty_minor = BPF_CORE_READ(tty, driver, minor_start) + BPF_CORE_READ(tty, index);
	}
	ti->pgid = pid_nr_in_ns(BPF_CORE_READ(sig, pids[PIDTYPE_PGID]));
	ti->sid = pid_nr_in_ns(BPF_CORE_READ(sig, pids[PIDTYPE_SID]));
	ti->fdlimit = BPF_CORE_READ(sig, rlim[RLIMIT_NOFILE].rlim_cur);
	ti->maj_flt = BPF_CORE_READ(t, maj_flt);
	ti->min_flt = BPF_CORE_READ(t, min_flt);
	ti->start_time = BPF_CORE_READ(t, start_boottime);
	struct mm_struct *mm = BPF_CORE_READ(t, mm);
	if (mm) {
		ti->vm_size_kb = BPF_CORE_READ(mm, total_vm) << 2;
		ti->vm_rss_kb = (rss_pages(mm, MM_FILEPAGES) + rss_pages(mm, MM_ANONPAGES) + rss_pages(mm, MM_SHMEMPAGES)) << 2;
		ti->vm_swap_kb = rss_pages(mm, MM_SWAPENTS) << 2;
	}
	bpf_get_current_comm(ti->comm, sizeof(ti->comm));
	return 0;
}

static __noinline int fill_sock_info(struct file *f, struct sock_info *si, __u8 *path, __u32 pathmax)
{
	if (!f)
		return -1;
	struct socket *sock = BPF_CORE_READ(f, private_data);
	if (!sock || BPF_CORE_READ(sock, file) != f)
		return -1;
	struct sock *sk = BPF_CORE_READ(sock, sk);
	if (!sk)
		return -1;
	si->family = BPF_CORE_READ(sk, __sk_common.skc_family);
	si->type = BPF_CORE_READ(sk, sk_type);
	si->protocol = BPF_CORE_READ(sk, sk_protocol);
	si->ack_backlog = BPF_CORE_READ(sk, sk_ack_backlog);
	si->max_ack_backlog = BPF_CORE_READ(sk, sk_max_ack_backlog);
	si->sk = (__u64)sk;
	if (si->family == 2) {   // AF_INET
		__u32 a = BPF_CORE_READ(sk, __sk_common.skc_rcv_saddr);
		__u32 b = BPF_CORE_READ(sk, __sk_common.skc_daddr);
		__builtin_memcpy(si->local_ip, &a, 4);
		__builtin_memcpy(si->remote_ip, &b, 4);
		si->local_port = BPF_CORE_READ(sk, __sk_common.skc_num);
		si->remote_port = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	} else if (si->family == 10) {   // AF_INET6
		BPF_CORE_READ_INTO(&si->local_ip, sk, __sk_common.skc_v6_rcv_saddr);
		BPF_CORE_READ_INTO(&si->remote_ip, sk, __sk_common.skc_v6_daddr);
		si->local_port = BPF_CORE_READ(sk, __sk_common.skc_num);
		si->remote_port = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	} else if (si->family == 1) {    // AF_UNIX
		struct unix_sock *us = (struct unix_sock *)sk;
		si->peer = (__u64)BPF_CORE_READ(us, peer);
		struct unix_address *addr = BPF_CORE_READ(us, addr);
		if (addr) {
			int len = BPF_CORE_READ(addr, len);
			if (len > 2)
				bpf_probe_read_kernel_str(path, pathmax, &addr->name[0].sun_path[0]);
		}
	}
	return 0;
}

static __always_inline void fill_file_info(struct file *f, struct file_info *fi)
{
	if (!f)
		return;
	struct inode *ino = BPF_CORE_READ(f, f_inode);
	fi->dev = BPF_CORE_READ(ino, i_sb, s_dev);
	fi->ino = BPF_CORE_READ(ino, i_ino);
}

// ---- record building -----------------------------------------------------------------------
// A record with blobs is assembled in this CPU's scratch buffer (header first) and then copied to
// the ring. Offsets are masked so the verifier can see every access stays inside the buffer.

static __always_inline void blob_end(__u8 *buf, __u32 off, __u32 idx, __u32 kind, __u32 len)
{
	if (len > 0xffff)
		len = 0xffff;
	buf[off & OFF_MASK] = len & 0xff;
	buf[(off + 1) & OFF_MASK] = len >> 8;
	buf[(off + 2) & OFF_MASK] = idx;
	buf[(off + 3) & OFF_MASK] = kind;
}

static __always_inline __u32 cap_len(__u64 want, __u32 cap)
{
	if (want > cap)
		want = cap;
	return want & CHUNK_MASK;
}

// Concatenates iovec buffers into the scratch record at `off`: the u64 sum of all iov_len (of the
// first MAX_IOV iovecs), then at most `limit` bytes of data. A plain bounded loop (kernel >= 5.3)
// around a global function that handles one iovec: the verifier checks that function once, so the
// loop body it walks 32 times stays a few instructions (no bpf_loop, which needs 5.17).
#define MAX_IOV 32

// Iovec `i` of the user array at `uiov`: adds its length to the u64 total at `off` of this CPU's
// scratch record and appends at most `limit - got` of its bytes at off + 8 + got. Returns the new
// data byte count (unchanged if the data cannot be read), or -1 if the iovec itself cannot be read.
__noinline int iov_copy_one(__u32 off, __u64 uiov, __u32 i, __u32 got, __u32 limit)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct scratch *s = bpf_map_lookup_elem(&scratch_map, &cpu);
	if (!s)
		return -1;
	struct iovec v;
	if (bpf_probe_read_user(&v, sizeof(v), (const struct iovec *)uiov + (i & (MAX_IOV - 1))) != 0)
		return -1;
	__u8 *total_at = &s->buf[off & OFF_MASK];
	__u64 total;
	__builtin_memcpy(&total, total_at, 8);   // the blob offset has no alignment
	total += v.iov_len;
	__builtin_memcpy(total_at, &total, 8);
	got &= CHUNK_MASK;
	limit &= CHUNK_MASK;
	if (got >= limit)
		return got;
	__u64 take = v.iov_len;
	if (take > limit - got)
		take = limit - got;
	take &= CHUNK_MASK;
	__u32 at = (off + 8 + got) & OFF_MASK;
	if (take > 0 && bpf_probe_read_user(&s->buf[at], take, v.iov_base) == 0)
		got += take;
	return got;
}

static __always_inline __u32 read_iovec(struct scratch *s, __u32 off, const struct iovec *uiov, __u64 cnt, __u64 limit)
{
	__u32 lim = limit > CHUNK_MASK ? CHUNK_MASK : limit;
	__builtin_memset(&s->buf[off & OFF_MASK], 0, 8);   // the total, summed by iov_copy_one
	__u32 got = 0;
	for (__u32 i = 0; i < MAX_IOV; i++) {
		if (i >= cnt)
			break;
		int r = iov_copy_one(off, (__u64)uiov, i, got, lim);
		if (r < 0)
			break;
		got = r & CHUNK_MASK;
	}
	return 8 + got;
}

// Appends one name of a working-directory walk to the blob being written at `off` (after its 4-byte
// blob header) of this CPU's scratch record, `got` bytes in: the name of `dentry` NUL terminated, or
// just a NUL when `dentry` is 0 (the root). Returns the new length, unchanged when full or unreadable.
// A global function, so the verifier checks it once and the walk's loop stays small.
__noinline int cwd_name(__u32 off, __u32 got, __u64 dentry)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct scratch *s = bpf_map_lookup_elem(&scratch_map, &cpu);
	if (!s || got > 4096 - 256)
		return got;
	__u8 *dst = &s->buf[(off + 4 + got) & OFF_MASK];
	if (!dentry) {
		*dst = 0;
		return got + 1;
	}
	const unsigned char *name = BPF_CORE_READ((struct dentry *)dentry, d_name.name);
	long r = bpf_probe_read_kernel_str(dst, 256, name);
	return r > 0 ? got + r : got;
}

// Captures one recipe item as a blob at `off` of this CPU's scratch record (whose header already
// holds the arguments and return value). Returns the offset after the blob. A global function, so
// the verifier checks it once rather than once per call site.
__noinline int capture_item(__u32 off, __u32 item, __u32 idx)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct scratch *s = bpf_map_lookup_elem(&scratch_map, &cpu);
	if (!s)
		return off;
	off &= OFF_MASK;
	if (off > OFF_MASK - CHUNK_MAX - 8192)
		return off;
	struct record_header *h = (struct record_header *)s->buf;
	__u8 kind = item & 0xff, arg = (item >> 8) & 7, aux = (item >> 16) & 0xff;
	if (arg > 5)
		return off;
	__u64 a = h->args[arg];
	__u64 x = aux < 6 ? h->args[aux] : 0;
	__s64 ret = h->ret;
	__u8 *dst = &s->buf[(off + 4) & OFF_MASK];
	struct task_struct *t = current_task();
	long n = 0;

	switch (kind) {
	case K_STR:
		n = bpf_probe_read_user_str(dst, PATH_MAX_BYTES, (void *)a);
		if (n < 0)
			n = 0;
		break;
	case K_STR_P: {
		void *p = NULL;
		bpf_probe_read_user(&p, sizeof(p), (void *)a);
		n = p ? bpf_probe_read_user_str(dst, PATH_MAX_BYTES, p) : 0;
		if (n < 0)
			n = 0;
		break;
	}
	case K_BUF_ARG:
	case K_BUF_RET: {
		__u64 want = kind == K_BUF_ARG ? x : (ret > 0 ? ret : 0);
		__u32 l = cap_len(want, snaplen);
		if (l > 0 && bpf_probe_read_user(dst, l, (void *)a) == 0)
			n = l;
		break;
	}
	case K_SOCKADDR:
	case K_SOCKADDR_P: {
		__u64 want = x;
		if (kind == K_SOCKADDR_P) {
			int ul = 0;
			bpf_probe_read_user(&ul, sizeof(ul), (void *)x);
			want = ul < 0 ? 0 : ul;
		}
		__u32 l = cap_len(want, 112);
		if (a && l > 0 && bpf_probe_read_user(dst, l, (void *)a) == 0)
			n = l;
		break;
	}
	case K_SOCK_ARG:
	case K_SOCK_RET: {
		long fd = kind == K_SOCK_ARG ? (long)(int)a : ret;
		struct sock_info *si = (struct sock_info *)dst;
		__builtin_memset(si, 0, sizeof(*si));
		__u8 *path = dst + sizeof(*si);
		path[0] = 0;
		if (fill_sock_info(fd_to_file(t, fd), si, path, 110) == 0)
			n = sizeof(*si) + 110;
		break;
	}
	case K_FILE_RET:
	case K_FILE_ARG: {
		long fd = kind == K_FILE_ARG ? (long)(int)a : ret;
		struct file_info *fi = (struct file_info *)dst;
		__builtin_memset(fi, 0, sizeof(*fi));
		fill_file_info(fd_to_file(t, fd), fi);
		n = sizeof(*fi);
		break;
	}
	case K_PIPE:
	case K_SOCKPAIR: {
		int fds[2] = {-1, -1};
		bpf_probe_read_user(fds, sizeof(fds), (void *)a);
		__builtin_memcpy(dst, fds, 8);
		if (kind == K_PIPE) {
			struct file_info fi = {};
			fill_file_info(fd_to_file(t, fds[0]), &fi);
			__builtin_memcpy(dst + 8, &fi.ino, 8);
			n = 16;
		} else {
			struct sock_info si = {};
			__u8 p[2];
			fill_sock_info(fd_to_file(t, fds[0]), &si, p, 1);
			__builtin_memcpy(dst + 8, &si.sk, 8);
			__builtin_memcpy(dst + 16, &si.peer, 8);
			n = 24;
		}
		break;
	}
	case K_IOV_ARG:
	case K_IOV_RET: {
		__u64 limit = snaplen;
		if (kind == K_IOV_RET)
			limit = ret > 0 ? ((__u64)ret < limit ? (__u64)ret : limit) : 0;
		n = read_iovec(s, off + 4, (const struct iovec *)a, x, limit);
		break;
	}
	case K_MSG_ARG:
	case K_MSG_RET: {
		struct user_msghdr mh = {};
		if (bpf_probe_read_user(&mh, sizeof(mh), (void *)a) != 0)
			break;
		__u64 limit = snaplen;
		if (kind == K_MSG_RET)
			limit = ret > 0 ? ((__u64)ret < limit ? (__u64)ret : limit) : 0;
		// layout: u16 namelen, name[112], then iovec total + data
		__u32 nl = cap_len(mh.msg_namelen, 112);
		__u16 nl16 = 0;
		if (mh.msg_name && nl > 0 && bpf_probe_read_user(dst + 2, nl, mh.msg_name) == 0)
			nl16 = nl;
		__builtin_memcpy(dst, &nl16, 2);
		n = 2 + 112 + read_iovec(s, off + 4 + 2 + 112, mh.msg_iov, mh.msg_iovlen, limit);
		break;
	}
	case K_ARGV: {
		__u32 got = 0;
		for (int i = 0; i < 16; i++) {
			void *p = NULL;
			if (bpf_probe_read_user(&p, sizeof(p), (void *)(a + i * 8)) != 0 || !p)
				break;
			long r = bpf_probe_read_user_str(dst + (got & (PATH_MAX_BYTES - 1)), PATH_MAX_BYTES, p);
			if (r <= 0)
				break;
			got += r;
			if (got >= PATH_MAX_BYTES)
				break;
		}
		n = got & (2 * PATH_MAX_BYTES - 1);
		break;
	}
	case K_TASK:
		__builtin_memset(dst, 0, sizeof(struct task_info));
		fill_task_info((struct task_info *)dst);
		n = sizeof(struct task_info);
		break;
	case K_MM_ARGS:
	case K_MM_ENV: {
		struct mm_struct *mm = BPF_CORE_READ(t, mm);
		if (!mm)
			break;
		__u64 st = kind == K_MM_ARGS ? BPF_CORE_READ(mm, arg_start) : BPF_CORE_READ(mm, env_start);
		__u64 e = kind == K_MM_ARGS ? BPF_CORE_READ(mm, arg_end) : BPF_CORE_READ(mm, env_end);
		__u32 l = cap_len(e > st ? e - st : 0, PATH_MAX_BYTES);
		if (l > 0 && bpf_probe_read_user(dst, l, (void *)st) == 0)
			n = l;
		break;
	}
	case K_FIXED: {
		__u32 l = aux & 0xff;
		if (a && l > 0 && bpf_probe_read_user(dst, l, (void *)a) == 0)
			n = l;
		break;
	}
	case K_POLLFDS: {
		__u32 l = cap_len(x * 8, 64 * 8);
		if (a && l > 0 && bpf_probe_read_user(dst, l, (void *)a) == 0)
			n = l;
		break;
	}
	case K_CGROUP: {
		// leaf-first names of the default-hierarchy cgroup, each NUL terminated
		struct kernfs_node *kn = BPF_CORE_READ(t, cgroups, dfl_cgrp, kn);
		__u32 got = 0;
		for (int i = 0; i < 12 && kn; i++) {
			const char *name = BPF_CORE_READ(kn, name);
			long r = bpf_probe_read_kernel_str(dst + (got & 2047), 256, name);
			if (r <= 0)
				break;
			got += r;
			if (bpf_core_field_exists(kn->__parent))
				kn = BPF_CORE_READ(kn, __parent);
			else
				kn = (struct kernfs_node *)BPF_CORE_READ((struct kernfs_node___old *)kn, parent);
		}
		n = got & 4095;
		break;
	}
	case K_CWD: {
		// Walks the working directory's dentries up to the root, crossing mount points, and writes
		// each name NUL terminated, leaf first. An empty name closes a walk that reached the root;
		// without it the path was too deep (or unreadable) and user space leaves the cwd unknown.
		struct path pwd = {};
		BPF_CORE_READ_INTO(&pwd, t, fs, pwd);
		struct dentry *d = pwd.dentry;
		struct mount *mnt = (void *)pwd.mnt - bpf_core_field_offset(struct mount, mnt);
		struct dentry *mroot = BPF_CORE_READ(pwd.mnt, mnt_root);
		__u32 got = 0;
		for (int i = 0; i < 48 && d; i++) {
			if (d == mroot) {
				struct mount *up = BPF_CORE_READ(mnt, mnt_parent);
				if (up == mnt) {
					got = cwd_name(off, got, 0);   // reached the root of everything
					break;
				}
				d = BPF_CORE_READ(mnt, mnt_mountpoint);
				mnt = up;
				mroot = BPF_CORE_READ(mnt, mnt.mnt_root);
				continue;
			}
			struct dentry *parent = BPF_CORE_READ(d, d_parent);
			if (parent == d) {
				got = cwd_name(off, got, 0);   // a filesystem root not mounted anywhere
				break;
			}
			__u32 next = cwd_name(off, got, (__u64)d);
			if (next == got)
				break;
			got = next;
			d = parent;
		}
		n = got & 4095;
		break;
	}
	default:
		return off;
	}
	if (n < 0)
		n = 0;
	blob_end(s->buf, off, idx, kind, n);
	return off + 4 + (n & 0xffff);
}

#define FAST_MAX 256
struct fast_record {
	struct record_header h;
	__u16 blob_len;
	__u8 blob_idx, blob_kind;
	__u8 data[FAST_MAX];
};

static __always_inline void fill_header(struct record_header *hp, struct pt_regs *regs, __u64 pid_tgid,
					long nr, long ret, int kind, __u32 cpu)
{
	hp->ts = bpf_ktime_get_boot_ns();
	hp->tid = (__u32)pid_tgid;
	hp->pid = pid_tgid >> 32;
	hp->kind = kind;
	hp->nr = nr;
	hp->args[0] = regs->di;
	hp->args[1] = regs->si;
	hp->args[2] = regs->dx;
	hp->args[3] = regs->r10;
	hp->args[4] = regs->r8;
	hp->args[5] = regs->r9;
	hp->ret = ret;
	hp->cpu = cpu;
	hp->nblobs = 0;
	hp->pad = 0;
	hp->len = sizeof(*hp);
}

static __always_inline int emit_syscall(struct pt_regs *regs, long nr, long ret, int kind)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 tgid = pid_tgid >> 32;
	if (tgid == self_tgid)
		return 0;
	if (nr < 0 || nr >= 512)
		return 0;
	__u32 key = nr;
	struct syscall_spec *spec = bpf_map_lookup_elem(&syscall_specs, &key);
	if (!spec || !spec->on)
		return 0;

	int nitems = kind == REC_SYS_ENTER ? spec->n_enter : spec->n_exit;

	// Fast path for the commonest data event (read/write family exit: one buffer of `ret` bytes):
	// reserve header + blob + snaplen in the ring and read the user buffer straight into it.
	if (kind == REC_SYS_EXIT && nitems == 1 && spec->exit[0].kind == K_BUF_RET && spec->exit[0].flags == 0 &&
	    snaplen <= FAST_MAX) {
		__u32 argi = spec->exit[0].arg;
		if (argi > 5)
			argi = 1;
		struct fast_record *fr = bpf_ringbuf_reserve(&events, sizeof(struct record_header) + 4 + snaplen, 0);
		if (!fr) {
			count(1);
			return 0;
		}
		fill_header(&fr->h, regs, pid_tgid, nr, ret, kind, bpf_get_smp_processor_id());
		__u32 l = ret > 0 ? (ret > snaplen ? snaplen : ret) : 0;
		if (l > snaplen)   // lets the verifier see the read stays inside the reserved slot
			l = 0;
		if (l > 0 && bpf_probe_read_user(fr->data, l, (void *)fr->h.args[argi]) != 0)
			l = 0;
		fr->blob_len = l;
		fr->blob_idx = 0;
		fr->blob_kind = K_BUF_RET;
		fr->h.nblobs = 1;
		fr->h.len = sizeof(struct record_header) + 4 + l;
		bpf_ringbuf_submit(fr, BPF_RB_NO_WAKEUP);
		return 0;
	}

	struct scratch *s = NULL;
	__u32 cpu = bpf_get_smp_processor_id();
	struct record_header *hp;
	if (nitems > 0)
		s = bpf_map_lookup_elem(&scratch_map, &cpu);
	if (s) {
		hp = (struct record_header *)s->buf;   // assembled in scratch, copied out below
	} else {
		// The common case (no memory to copy): fill the ring slot in place.
		hp = bpf_ringbuf_reserve(&events, sizeof(*hp), 0);
		if (!hp) {
			count(1);
			return 0;
		}
	}
	fill_header(hp, regs, pid_tgid, nr, ret, kind, cpu);
	if (!s) {
		bpf_ringbuf_submit(hp, BPF_RB_NO_WAKEUP);
		return 0;
	}

	__u32 off = sizeof(struct record_header);
	__u16 nblobs = 0;
	for (int i = 0; i < MAX_ITEMS; i++) {
		if (i >= nitems)
			break;
		struct item it = kind == REC_SYS_ENTER ? spec->enter[i] : spec->exit[i];
		if ((it.flags & IF_RET_OK) && ret < 0)
			continue;
		if ((it.flags & IF_RET_ERR) && ret >= 0)
			continue;
		__u32 word = it.kind | (it.arg << 8) | (it.aux << 16);
		__u32 next = capture_item(off, word, i);
		if (next != off)
			nblobs++;
		off = next;
	}
	struct record_header *rh = (struct record_header *)s->buf;
	rh->nblobs = nblobs;
	rh->len = off;
	__u32 len = off & (SCRATCH_SIZE - 1);
	if (len < sizeof(struct record_header))
		return 0;
	if (bpf_ringbuf_output(&events, s->buf, len, BPF_RB_NO_WAKEUP) != 0)
		count(1);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(sys_enter, struct pt_regs *regs, long id)
{
	return emit_syscall(regs, id, 0, REC_SYS_ENTER);
}

SEC("tp_btf/sys_exit")
int BPF_PROG(sys_exit, struct pt_regs *regs, long ret)
{
	// orig_ax still holds the syscall number on exit (also in a fork child and after execve)
	long nr = regs->orig_ax;
	return emit_syscall(regs, nr, ret, REC_SYS_EXIT);
}

// Header-only records of the process-exit, scheduler, signal and page-fault tracepoints: the values
// land in args[] and the decoder turns them into `procexit`, `switch` (TracepointEvents.cs),
// `signaldeliver` and `page_fault` (PageFaultEvents.cs) events. Returns NULL for sharpdig's own
// threads (unless traced on purpose) and when the ring is full.
static __always_inline struct record_header *reserve_header(int kind)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	if (self_tgid && (pid_tgid >> 32) == self_tgid)
		return NULL;
	struct record_header *r = bpf_ringbuf_reserve(&events, sizeof(*r), 0);
	if (!r) {
		count(1);
		return NULL;
	}
	r->ts = bpf_ktime_get_boot_ns();
	r->tid = (__u32)pid_tgid;
	r->pid = pid_tgid >> 32;
	r->len = sizeof(*r);
	r->kind = kind;
	r->nr = 0;
	r->ret = 0;
	r->cpu = bpf_get_smp_processor_id();
	r->nblobs = 0;
	r->pad = 0;
	return r;
}

// A process (thread) exit. args: its exit code and its parent's tgid.
SEC("tp_btf/sched_process_exit")
int BPF_PROG(sched_process_exit, struct task_struct *p)
{
	struct record_header *r = reserve_header(REC_PROC_EXIT);
	if (!r)
		return 0;
	r->args[0] = BPF_CORE_READ(p, exit_code);
	r->args[1] = BPF_CORE_READ(p, real_parent, tgid);
	r->args[2] = r->args[3] = r->args[4] = r->args[5] = 0;
	bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
	return 0;
}

// A context switch, attributed to the task leaving the CPU (the idle task is tid 0), as sysdig's
// driver does. args: next tid, prev's major/minor fault counts, its mm's total/resident/swap pages
// (page counts: the decoder converts to KB).
SEC("tp_btf/sched_switch")
int BPF_PROG(sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct record_header *r = reserve_header(REC_SWITCH);
	if (!r)
		return 0;
	// Direct loads through the BTF-typed arguments (still CO-RE relocated): far cheaper than one
	// probe-read helper call per field, which matters at every context switch.
	r->args[0] = next->pid;
	r->args[1] = prev->maj_flt;
	r->args[2] = prev->min_flt;
	struct mm_struct *mm = prev->mm;
	if (mm) {
		__s64 file, anon, shmem, swap;
		if (MM_RSS_PRE62(mm)) {
			struct mm_struct___pre62 *old = (void *)mm;
			file = old->rss_stat.count[MM_FILEPAGES].counter;
			anon = old->rss_stat.count[MM_ANONPAGES].counter;
			shmem = old->rss_stat.count[MM_SHMEMPAGES].counter;
			swap = old->rss_stat.count[MM_SWAPENTS].counter;
			// stops clang from merging both layouts' loads into computed addresses (slower)
			barrier_var(swap);
		} else {
			file = mm->rss_stat[MM_FILEPAGES].count, anon = mm->rss_stat[MM_ANONPAGES].count;
			shmem = mm->rss_stat[MM_SHMEMPAGES].count, swap = mm->rss_stat[MM_SWAPENTS].count;
		}
		r->args[3] = mm->total_vm;
		r->args[4] = (file > 0 ? file : 0) + (anon > 0 ? anon : 0) + (shmem > 0 ? shmem : 0);
		r->args[5] = swap > 0 ? swap : 0;
	} else {
		r->args[3] = r->args[4] = r->args[5] = 0;
	}
	bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
	return 0;
}

// A signal about to be handled by the current thread. args: signal number, whether a siginfo came
// with it, its si_code and the sender pid field (the same union slot for kill, rt and sigchld
// infos). Which signals report a sender is decided in C#, as sysdig's driver decides it.
SEC("tp_btf/signal_deliver")
int BPF_PROG(signal_deliver, int sig, struct kernel_siginfo *info, struct k_sigaction *ka)
{
	struct record_header *r = reserve_header(REC_SIGNAL);
	if (!r)
		return 0;
	r->args[0] = sig;
	// SEND_SIG_NOINFO / SEND_SIG_PRIV are the small constants 0 and 1, not pointers
	int has_info = (unsigned long)info > 4096;
	r->args[1] = has_info;
	r->args[2] = has_info ? (__u64)(__s64)BPF_CORE_READ(info, si_code) : 0;
	r->args[3] = has_info ? (__u64)(__s64)BPF_CORE_READ(info, _sifields._kill._pid) : 0;
	r->args[4] = r->args[5] = 0;
	bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
	return 0;
}

// A page fault, user or kernel mode (two tracepoints, one record kind). args: the faulting address,
// the instruction pointer, the raw x86 error code (the decoder converts it to sysdig's pf_flags).
// These fire far more often than syscalls, so the loader only loads and attaches them when
// --page-faults asks for them.
static __always_inline int emit_page_fault(unsigned long address, struct pt_regs *regs, unsigned long error_code)
{
	struct record_header *r = reserve_header(REC_PAGE_FAULT);
	if (!r)
		return 0;
	r->args[0] = address;
	r->args[1] = regs ? regs->ip : 0;   // a direct load through the BTF-typed argument
	r->args[2] = error_code;
	r->args[3] = r->args[4] = r->args[5] = 0;
	bpf_ringbuf_submit(r, BPF_RB_NO_WAKEUP);
	return 0;
}

SEC("tp_btf/page_fault_user")
int BPF_PROG(page_fault_user, unsigned long address, struct pt_regs *regs, unsigned long error_code)
{
	return emit_page_fault(address, regs, error_code);
}

SEC("tp_btf/page_fault_kernel")
int BPF_PROG(page_fault_kernel, unsigned long address, struct pt_regs *regs, unsigned long error_code)
{
	return emit_page_fault(address, regs, error_code);
}
