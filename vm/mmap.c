/*
 * mmap.c - mmap, munmap, mprotect and msync.
 *
 * Mappings are regions (vm/mm.c); pages come on first touch (fault.c).
 * A shared file mapping maps the page-cache pages themselves, so read()
 * and write() see the same bytes at once; its pages are first mapped
 * read-only so the first write is seen (fault.c marks the cache page
 * dirty), and dirty pages reach the disk on msync, munmap and exit
 * (inode_fsync). A private file mapping is copy on write.
 *
 * Policy: no mapping is both writable and executable (-EACCES).
 */
#include "fs/file.h"
#include "fs/fs.h"
#include "kernel/syscall.h"
#include "kernel/uapi/errno.h"
#include "kernel/uapi/fcntl.h"
#include "kernel/uapi/mman.h"
#include "kernel/uapi/stat.h"
#include "proc/proc.h"
#include "vm/mm.h"

#define PAGE_UP(x) (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define PAGE_ALIGNED(x) (((x) & (PAGE_SIZE - 1)) == 0)

static unsigned prot_of(uint64_t kprot)
{
	unsigned prot = 0;
	if (kprot & KPROT_READ)
		prot |= VM_PROT_READ;
	if (kprot & KPROT_WRITE)
		prot |= VM_PROT_WRITE | VM_PROT_READ;
	if (kprot & KPROT_EXEC)
		prot |= VM_PROT_EXEC | VM_PROT_READ;
	return prot;
}

static bool prot_ok(uint64_t kprot)
{
	if (kprot & ~(uint64_t)(KPROT_READ | KPROT_WRITE | KPROT_EXEC))
		return false;
	return !((kprot & KPROT_WRITE) && (kprot & KPROT_EXEC));
}

/* The highest free gap of len bytes below mm->mmap_base and above the
 * heap (with a page to spare), or 0. Regions are walked from the top. */
static uint64_t find_free_area(struct mm *mm, uint64_t len)
{
	uint64_t floor = PAGE_UP(mm->brk) + PAGE_SIZE;
	uint64_t top = mm->mmap_base;
	for (struct list_node *pos = mm->regions.prev; pos != &mm->regions; pos = pos->prev) {
		struct vm_region *r = container_of(pos, struct vm_region, link);
		if (r->start >= top)
			continue;
		if (r->end <= top && top - r->end >= len)
			break;
		top = r->start;
	}
	return top >= floor + len ? top - len : 0;
}

/* Check fd for a file mapping; its inode (referenced) or -errno. */
static int mapped_file(uint64_t fd, uint64_t kprot, uint64_t flags, struct inode **ip,
                       bool *writable)
{
	struct file *f = fd <= FILES_MAX ? fd_get(proc_current()->files, (int)fd) : 0;
	if (!f)
		return -EBADF;
	int r = 0;
	unsigned acc = f->flags & KO_ACCMODE;
	if (!f->inode || (inode_mode(f->inode) & KS_IFMT) != KS_IFREG)
		r = -EACCES;
	else if (acc == KO_WRONLY)
		r = -EACCES;
	else if ((flags & KMAP_SHARED) && (kprot & KPROT_WRITE) && acc != KO_RDWR)
		r = -EACCES;
	if (r == 0) {
		*ip = inode_dup(f->inode);
		*writable = acc == KO_RDWR;
	}
	file_put(f);
	return r;
}

static long do_mmap(struct mm *mm, uint64_t addr, uint64_t len, uint64_t kprot, uint64_t flags,
                    struct inode *ip, bool file_writable, uint64_t off)
{
	if (flags & KMAP_FIXED) {
		if (mm_unmap(mm, addr, addr + len) < 0)
			return -ENOMEM;
	} else if (!(addr = find_free_area(mm, len))) {
		return -ENOMEM;
	}
	unsigned rflags = (flags & KMAP_SHARED) ? VMR_SHARED : 0;
	if (file_writable)
		rflags |= VMR_FILE_WRITABLE;
	uint64_t file_bytes = 0;
	if (ip) {
		uint64_t size = inode_size(ip);
		file_bytes = off >= size ? 0 : size - off < len ? size - off : len;
	}
	int r = mm_map_region(mm, addr, addr + len, prot_of(kprot), rflags,
	                      ip ? VMR_FILE : VMR_ANON, ip, off, file_bytes);
	return r < 0 ? r : (long)addr;
}

long sys_mmap(const uint64_t *a)
{
	uint64_t addr = a[0], len = a[1], kprot = a[2], flags = a[3], off = a[5];
	bool shared = flags & KMAP_SHARED, priv = flags & KMAP_PRIVATE;
	if (len == 0 || len > USER_TOP || shared == priv || !PAGE_ALIGNED(off))
		return -EINVAL;
	if (flags & ~(uint64_t)(KMAP_SHARED | KMAP_PRIVATE | KMAP_FIXED | KMAP_ANONYMOUS))
		return -EINVAL;
	if (!prot_ok(kprot))
		return (kprot & ~(uint64_t)7) ? -EINVAL : -EACCES;
	len = PAGE_UP(len);
	if ((flags & KMAP_FIXED) && (!PAGE_ALIGNED(addr) || addr < USER_MIN_ADDR ||
	                             addr + len > USER_STACK_TOP || addr + len < addr))
		return -EINVAL;
	struct inode *ip = 0;
	bool file_writable = false;
	if (!(flags & KMAP_ANONYMOUS)) {
		int r = mapped_file(a[4], kprot, flags, &ip, &file_writable);
		if (r < 0)
			return r;
	}
	struct mm *mm = proc_current()->mm;
	mutex_lock(&mm->lock);
	long r = do_mmap(mm, addr, len, kprot, flags, ip, file_writable, off);
	mutex_unlock(&mm->lock);
	if (ip)
		inode_put(ip);
	return r;
}

long sys_munmap(const uint64_t *a)
{
	uint64_t addr = a[0], len = PAGE_UP(a[1]);
	if (!PAGE_ALIGNED(addr) || len == 0 || addr >= USER_TOP || len > USER_TOP - addr)
		return -EINVAL;
	struct mm *mm = proc_current()->mm;
	mutex_lock(&mm->lock);
	int r = mm_unmap(mm, addr, addr + len);
	mutex_unlock(&mm->lock);
	return r;
}

long sys_mprotect(const uint64_t *a)
{
	uint64_t addr = a[0], len = PAGE_UP(a[1]), kprot = a[2];
	if (!PAGE_ALIGNED(addr) || addr >= USER_TOP || len > USER_TOP - addr)
		return -EINVAL;
	if (!prot_ok(kprot))
		return (kprot & ~(uint64_t)7) ? -EINVAL : -EACCES;
	if (len == 0)
		return 0;
	struct mm *mm = proc_current()->mm;
	mutex_lock(&mm->lock);
	int r = mm_protect(mm, addr, addr + len, prot_of(kprot));
	mutex_unlock(&mm->lock);
	return r;
}

long sys_msync(const uint64_t *a)
{
	uint64_t addr = a[0], len = PAGE_UP(a[1]);
	if (!PAGE_ALIGNED(addr) || addr >= USER_TOP || len > USER_TOP - addr)
		return -EINVAL;
	if (a[2] & ~(uint64_t)(KMS_ASYNC | KMS_INVALIDATE | KMS_SYNC))
		return -EINVAL;
	struct mm *mm = proc_current()->mm;
	mutex_lock(&mm->lock);
	int r = mm_sync(mm, addr, addr + len);
	mutex_unlock(&mm->lock);
	return r;
}
