/*
 * procfs.c - the files of /proc (see procfs.h). Each file's text is made
 * at open time into a kmalloc'd buffer that the open file owns.
 */
#include "fs/procfs.h"

#include <stdarg.h>
#include <string.h>

#include "fs/bcache.h"
#include "fs/file.h"
#include "fs/fs.h"
#include "kernel/cpu.h"
#include "kernel/printk.h"
#include "kernel/uapi/errno.h"
#include "kernel/uapi/fcntl.h"
#include "kernel/uapi/stat.h"
#include "proc/proc.h"
#include "proc/sched_policy.h"
#include "vm/kmalloc.h"
#include "vm/mm.h"
#include "vm/page.h"
#include "vm/uaccess.h"
#include "vm/vmstat.h"

struct textbuf {
	char *buf;
	uint64_t len, cap;
	bool failed;
};

static void tb_printf(struct textbuf *tb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void tb_printf(struct textbuf *tb, const char *fmt, ...)
{
	for (int attempt = 0; attempt < 2 && !tb->failed; attempt++) {
		va_list ap;
		va_start(ap, fmt);
		int n = kvsnprintf(tb->buf + tb->len, tb->cap - tb->len, fmt, ap);
		va_end(ap);
		if (tb->len + n < tb->cap) {
			tb->len += n;
			return;
		}
		uint64_t cap = tb->cap * 2 > tb->len + n + 1 ? tb->cap * 2 : tb->len + n + 64;
		char *nb = kmalloc(cap);
		if (!nb) {
			tb->failed = true;
			return;
		}
		memcpy(nb, tb->buf, tb->len);
		kfree(tb->buf);
		tb->buf = nb;
		tb->cap = cap;
	}
}

/* ---- file operations over a snapshot ---- */

static int64_t snapshot_read(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *offset)
{
	struct textbuf *tb = f->private;
	if (*offset >= tb->len)
		return 0;
	uint64_t chunk = tb->len - *offset < n ? tb->len - *offset : n;
	if (copy_to_user(ubuf, tb->buf + *offset, chunk) < 0)
		return -EFAULT;
	*offset += chunk;
	return (int64_t)chunk;
}

static int snapshot_stat(struct file *f, struct kstat *st)
{
	struct textbuf *tb = f->private;
	st->mode = KS_IFREG | 0444;
	st->size = tb->len;
	return 0;
}

static int64_t snapshot_size(struct file *f)
{
	return (int64_t)((struct textbuf *)f->private)->len;
}

static void snapshot_release(struct file *f)
{
	struct textbuf *tb = f->private;
	kfree(tb->buf);
	kfree(tb);
}

static const struct file_ops snapshot_ops = {
	.read = snapshot_read,
	.stat = snapshot_stat,
	.size = snapshot_size,
	.release = snapshot_release,
};

/* ---- the files ---- */

static void show_meminfo(struct textbuf *tb, struct proc *unused)
{
	struct page_stats ps;
	page_stats(&ps);
	tb_printf(tb, "MemTotal: %lu kB\n", ps.total_pages * (PAGE_SIZE / 1024));
	tb_printf(tb, "MemFree: %lu kB\n", ps.free_pages * (PAGE_SIZE / 1024));
	tb_printf(tb, "PageSize: %lu\n", PAGE_SIZE);
}

static void show_vmstat(struct textbuf *tb, struct proc *unused)
{
	struct page_stats ps;
	page_stats(&ps);
	tb_printf(tb, "pages_total %lu\npages_free %lu\n", ps.total_pages, ps.free_pages);
	tb_printf(tb, "faults %lu\nfaults_zero %lu\nfaults_file %lu\nfaults_stack %lu\n",
	          vmstat.faults, vmstat.faults_zero, vmstat.faults_file, vmstat.faults_stack);
	tb_printf(tb, "cow_copies %lu\ncow_reuses %lu\nsegfaults %lu\noom_kills %lu\n",
	          vmstat.cow_copies, vmstat.cow_reuses, vmstat.segfaults, vmstat.oom_kills);
	struct bcache_stats bs;
	bcache_get_stats(&bs);
	tb_printf(tb, "cache_pages %lu\ncache_hits %lu\ncache_misses %lu\n", bs.pages, bs.hits,
	          bs.misses);
	tb_printf(tb, "cache_readaheads %lu\ncache_evictions %lu\n", bs.readaheads, bs.evictions);
}

static const char *const state_names[] = {"new", "runnable", "running", "sleeping", "zombie"};

static void show_status(struct textbuf *tb, struct proc *p)
{
	struct mm *mm = p->mm;
	tb_printf(tb, "Name: %s\nPid: %d\nPPid: %d\nState: %s\n", p->name, p->pid,
	          p->parent ? p->parent->pid : 0, state_names[p->state]);
	tb_printf(tb, "VmSize: %lu kB\nVmRSS: %lu kB\nFaults: %lu\n",
	          mm ? mm_virtual_size(mm) / 1024 : 0,
	          mm ? mm->stats.rss_pages * (PAGE_SIZE / 1024) : 0, mm ? mm->stats.faults : 0);
	tb_printf(tb, "Level: %d\nNice: %d\nCpu: %d\n", p->sched.se.level, p->sched.se.nice,
	          p->sched.cpu >= 0 ? (int)cpus[p->sched.cpu].hartid : -1);
}

static void show_sched(struct textbuf *tb, struct proc *p)
{
	const struct proc_sched *s = &p->sched;
	tb_printf(tb, "policy %s\nlevel %d\nnice %d\n", sched_kind_name(sched_kind), s->se.level,
	          s->se.nice);
	tb_printf(tb, "cpu_ns %lu\nwait_ns %lu\nscheduled %lu\nvoluntary %lu\ninvoluntary %lu\n",
	          s->cpu_ns, s->wait_ns, s->nscheduled, s->nvoluntary, s->ninvoluntary);
}

static const char *kind_name(const struct vm_region *r, struct mm *mm)
{
	if (r->kind == VMR_STACK)
		return "[stack]";
	if (r->kind == VMR_FILE)
		return "file";
	if (r->start >= mm->brk_start && r->start < (mm->brk + PAGE_SIZE - 1))
		return "[heap]";
	return "[anon]";
}

static void show_maps(struct textbuf *tb, struct proc *p)
{
	struct mm *mm = p->mm;
	if (!mm)
		return;
	mutex_lock(&mm->lock);
	struct list_node *pos;
	list_for_each(pos, &mm->regions) {
		struct vm_region *r = container_of(pos, struct vm_region, link);
		tb_printf(tb, "%012lx-%012lx %c%c%c%c %08lx %s\n", r->start, r->end,
		          r->prot & VM_PROT_READ ? 'r' : '-', r->prot & VM_PROT_WRITE ? 'w' : '-',
		          r->prot & VM_PROT_EXEC ? 'x' : '-', r->flags & VMR_SHARED ? 's' : 'p',
		          r->file_offset, kind_name(r, mm));
	}
	mutex_unlock(&mm->lock);
}

static unsigned show_page(void *arg, uint64_t va, uint64_t pa, unsigned prot)
{
	struct textbuf *tb = arg;
	struct page *pg = pa_to_page(pa);
	tb_printf(tb, "%012lx %012lx %c%c%c%s refs=%d\n", va, pa, prot & VM_PROT_READ ? 'r' : '-',
	          prot & VM_PROT_WRITE ? 'w' : '-', prot & VM_PROT_EXEC ? 'x' : '-',
	          prot & VM_PROT_COW ? " cow" : "", pg ? page_refcount(pg) : 0);
	return prot;
}

static void show_pagemap(struct textbuf *tb, struct proc *p)
{
	struct mm *mm = p->mm;
	if (!mm)
		return;
	mutex_lock(&mm->lock);
	pmap_walk(&mm->pmap, 0, USER_TOP, show_page, tb);
	mutex_unlock(&mm->lock);
}

struct proc_file {
	const char *name;
	void (*show)(struct textbuf *tb, struct proc *p);
};

static const struct proc_file global_files[] = {
	{"meminfo", show_meminfo},
	{"vmstat", show_vmstat},
};

static const struct proc_file pid_files[] = {
	{"status", show_status},
	{"maps", show_maps},
	{"pagemap", show_pagemap},
	{"sched", show_sched},
};

/* ---- lookup ---- */

static int parse_pid(const char **path)
{
	const char *s = *path;
	if (strncmp(s, "self", 4) == 0 && (s[4] == '/' || s[4] == '\0')) {
		*path = s + 4;
		return proc_current()->pid;
	}
	int pid = 0;
	if (*s < '0' || *s > '9')
		return -1;
	while (*s >= '0' && *s <= '9')
		pid = pid * 10 + (*s++ - '0');
	*path = s;
	return pid;
}

/*
 * Run show() on the process pid, which must stay alive meanwhile: it is
 * kept from being reaped by holding... nothing cheap exists, so the
 * snapshot of another process is made with proc_tree_lock held, except
 * for the parts that need its mm lock (maps, pagemap), which are only
 * offered for the caller itself and its children (which cannot be reaped
 * while the caller runs this).
 */
static int show_pid(struct textbuf *tb, int pid, const struct proc_file *pf)
{
	struct proc *self = proc_current(), *target = 0;
	spin_lock(&proc_tree_lock);
	struct list_node *pos;
	list_for_each(pos, &proc_list) {
		struct proc *p = container_of(pos, struct proc, all_link);
		if (p->pid == pid)
			target = p;
	}
	bool sleeps = pf->show == show_maps || pf->show == show_pagemap;
	if (!target || (sleeps && target != self && target->parent != self) ||
	    target->state == PROC_ZOMBIE) {
		spin_unlock(&proc_tree_lock);
		return target ? -EACCES : -ENOENT;
	}
	if (!sleeps) {
		pf->show(tb, target);
		spin_unlock(&proc_tree_lock);
		return 0;
	}
	spin_unlock(&proc_tree_lock);
	pf->show(tb, target);
	return 0;
}

static int fill(struct textbuf *tb, const char *path)
{
	for (unsigned i = 0; i < sizeof global_files / sizeof global_files[0]; i++)
		if (strcmp(path, global_files[i].name) == 0) {
			global_files[i].show(tb, 0);
			return 0;
		}
	int pid = parse_pid(&path);
	if (pid < 0 || *path != '/')
		return -ENOENT;
	path++;
	for (unsigned i = 0; i < sizeof pid_files / sizeof pid_files[0]; i++)
		if (strcmp(path, pid_files[i].name) == 0)
			return show_pid(tb, pid, &pid_files[i]);
	return -ENOENT;
}

/* ---- control files: written, never read ---- */

/* /proc/drop_caches: writing 1, 2 or 3 (as Linux's /proc/sys/vm/
 * drop_caches) syncs the file system and empties the block cache of
 * everything not in use, so the next reads go to the disk. */
static int64_t drop_caches_write(struct file *f, uint64_t ubuf, uint64_t n, uint64_t *offset)
{
	char c;
	if (n == 0)
		return 0;
	if (copy_from_user(&c, ubuf, 1) < 0)
		return -EFAULT;
	if (c < '1' || c > '3')
		return -EINVAL;
	int64_t r = fs_drop_caches();
	return r < 0 ? r : (int64_t)n;
}

static int control_stat(struct file *f, struct kstat *st)
{
	st->mode = KS_IFREG | 0200;
	st->size = 0;
	return 0;
}

static const struct file_ops drop_caches_ops = {
	.write = drop_caches_write,
	.stat = control_stat,
};

static const struct {
	const char *name;
	const struct file_ops *ops;
} control_files[] = {
	{"drop_caches", &drop_caches_ops},
};

/* A control file opened write-only (O_CREAT and O_TRUNC are accepted so
 * that a shell's `echo 3 > /proc/drop_caches` works): 0, or -EACCES for
 * reading one or writing anything else, -ENOENT if path is no file. */
static int control_open(const char *path, unsigned flags, struct file **out)
{
	bool writing = (flags & KO_ACCMODE) != KO_RDONLY;
	for (unsigned i = 0; i < sizeof control_files / sizeof control_files[0]; i++) {
		if (strcmp(path, control_files[i].name) != 0)
			continue;
		if ((flags & KO_ACCMODE) != KO_WRONLY)
			return -EACCES;
		*out = file_alloc(control_files[i].ops, NULL, flags);
		return *out ? 0 : -ENOMEM;
	}
	return writing || (flags & (KO_CREAT | KO_TRUNC)) ? -EACCES : -ENOENT;
}

int procfs_open(const char *path, unsigned flags, struct file **out)
{
	int cr = control_open(path, flags, out);
	if (cr != -ENOENT)
		return cr;
	struct textbuf *tb = kzalloc(sizeof *tb);
	if (!tb || !(tb->buf = kmalloc(1024))) {
		kfree(tb);
		return -ENOMEM;
	}
	tb->cap = 1024;
	int r = fill(tb, path);
	if (r == 0 && tb->failed)
		r = -ENOMEM;
	if (r == 0 && !(*out = file_alloc(&snapshot_ops, tb, flags)))
		r = -ENOMEM;
	if (r < 0) {
		kfree(tb->buf);
		kfree(tb);
	}
	return r;
}
