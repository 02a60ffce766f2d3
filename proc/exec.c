/*
 * exec.c - replacing a process's program with an ELF executable.
 *
 * Everything is checked and built in a new address space first; only
 * then is the old one dropped, so a failing exec leaves the caller
 * running with -ENOEXEC (bad ELF), -E2BIG (arguments too large),
 * -EFAULT (bad argument pointers), -ENOENT, -EACCES or -ENOMEM.
 * Segments are mapped from the file, not read: pages come through the
 * page cache on first touch (vm/fault.c).
 */
#include <string.h>

#include "arch/riscv/memlayout.h"
#include "arch/riscv/trap.h"
#include "fs/fs.h"
#include "kernel/printk.h"
#include "kernel/uapi/errno.h"
#include "kernel/uapi/stat.h"
#include "proc/elf.h"
#include "proc/exec_args.h"
#include "proc/proc.h"
#include "vm/kmalloc.h"
#include "vm/mm.h"

#define MAX_PHDRS 64
#define PAGE_DOWN(x) ((x) & ~(PAGE_SIZE - 1))
#define PAGE_UP(x) (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

static int read_exact(struct inode *ip, void *dst, uint64_t off, uint64_t n)
{
	int64_t got = inode_read_kernel(ip, dst, off, n);
	if (got < 0)
		return (int)got;
	return (uint64_t)got == n ? 0 : -ENOEXEC;
}

static int check_header(const struct elf_header *eh, uint64_t file_size)
{
	if (eh->magic != ELF_MAGIC || eh->class_ != ELF_CLASS_64 || eh->data != ELF_DATA_LSB ||
	    eh->ident_version != ELF_VERSION_CURRENT || eh->type != ELF_TYPE_EXEC ||
	    eh->machine != ELF_MACHINE_RISCV || eh->version != ELF_VERSION_CURRENT)
		return -ENOEXEC;
	if (eh->phentsize != sizeof(struct elf_phdr) || eh->phnum == 0 || eh->phnum > MAX_PHDRS)
		return -ENOEXEC;
	if (eh->phoff > file_size || eh->phnum * sizeof(struct elf_phdr) > file_size - eh->phoff)
		return -ENOEXEC;
	return 0;
}

static int check_segment(const struct elf_phdr *ph, uint64_t file_size)
{
	uint64_t top = USER_STACK_TOP - USER_STACK_LIMIT_DEFAULT - USER_STACK_GAP;
	if (ph->filesz > ph->memsz || ph->memsz == 0)
		return -ENOEXEC;
	if (ph->offset > file_size || ph->filesz > file_size - ph->offset)
		return -ENOEXEC;
	if (ph->vaddr < USER_MIN_ADDR || ph->vaddr >= top || ph->memsz > top - ph->vaddr)
		return -ENOEXEC;
	if ((ph->vaddr & (PAGE_SIZE - 1)) != (ph->offset & (PAGE_SIZE - 1)))
		return -ENOEXEC;
	if ((ph->flags & ELF_PF_W) && (ph->flags & ELF_PF_X))
		return -ENOEXEC; /* W^X */
	return 0;
}

static unsigned segment_prot(const struct elf_phdr *ph)
{
	unsigned prot = 0;
	if (ph->flags & ELF_PF_R)
		prot |= VM_PROT_READ;
	if (ph->flags & ELF_PF_W)
		prot |= VM_PROT_WRITE;
	if (ph->flags & ELF_PF_X)
		prot |= VM_PROT_EXEC;
	return prot;
}

static int map_segment(struct mm *mm, struct inode *ip, const struct elf_phdr *ph)
{
	uint64_t start = PAGE_DOWN(ph->vaddr), end = PAGE_UP(ph->vaddr + ph->memsz);
	uint64_t lead = ph->vaddr - start;
	int r = mm_map_region(mm, start, end, segment_prot(ph), 0, VMR_FILE, ip,
	                      ph->offset - lead, ph->filesz + lead);
	if (r == -EINVAL)
		return -ENOEXEC; /* overlapping segments */
	if (r == 0 && end > mm->brk_start)
		mm->brk_start = mm->brk = end;
	return r;
}

/* Map the program's segments into mm; *entry on success. */
static int load_elf(struct mm *mm, struct inode *ip, uint64_t *entry)
{
	uint64_t size = inode_size(ip);
	struct elf_header eh;
	if (size < sizeof eh || read_exact(ip, &eh, 0, sizeof eh) < 0)
		return -ENOEXEC;
	int r = check_header(&eh, size);
	if (r < 0)
		return r;
	bool entry_ok = false;
	for (int i = 0; i < eh.phnum; i++) {
		struct elf_phdr ph;
		r = read_exact(ip, &ph, eh.phoff + i * sizeof ph, sizeof ph);
		if (r < 0)
			return r;
		if (ph.type != ELF_PT_LOAD)
			continue;
		if ((r = check_segment(&ph, size)) < 0 || (r = map_segment(mm, ip, &ph)) < 0)
			return r;
		if ((ph.flags & ELF_PF_X) && eh.entry >= ph.vaddr && eh.entry < ph.vaddr + ph.filesz)
			entry_ok = true;
	}
	if (!entry_ok)
		return -ENOEXEC;
	*entry = eh.entry;
	return 0;
}

static void set_name(struct proc *p, const char *path)
{
	const char *base = strrchr(path, '/');
	strncpy(p->name, base ? base + 1 : path, PROC_NAME_MAX - 1);
	p->name[PROC_NAME_MAX - 1] = '\0';
}

/* Build the new image in mm: program, stack with arguments. */
static int exec_build(struct mm *mm, struct inode *ip, struct exec_args *args,
                      uint64_t *entry, uint64_t *sp, uint64_t *argv, uint64_t *envp)
{
	mutex_lock(&mm->lock);
	int r = load_elf(mm, ip, entry);
	if (r == 0)
		r = mm_setup_stack(mm);
	mutex_unlock(&mm->lock);
	if (r == 0)
		r = exec_args_push(mm, args, sp, argv, envp);
	return r;
}

long proc_exec(const char *path, uint64_t uargv, uint64_t uenvp)
{
	struct proc *p = proc_current();
	struct exec_args args;
	int r = exec_args_collect(&args, path, uargv, uenvp);
	if (r < 0)
		return r;
	struct inode *ip = 0;
	struct mm *mm = 0;
	if ((r = fs_namei(path, &ip)) < 0)
		goto out;
	if ((inode_mode(ip) & KS_IFMT) != KS_IFREG) {
		r = -EACCES;
		goto out;
	}
	if (!(mm = mm_create())) {
		r = -ENOMEM;
		goto out;
	}
	uint64_t entry, sp, argv, envp;
	if ((r = exec_build(mm, ip, &args, &entry, &sp, &argv, &envp)) < 0)
		goto out;
	/* The point of no return: switch address spaces. */
	spin_lock(&proc_tree_lock); /* readers of p->mm hold it (/proc, ps) */
	struct mm *old = p->mm;
	p->mm = mm;
	spin_unlock(&proc_tree_lock);
	mm = old;
	pmap_activate(&p->mm->pmap);
	set_name(p, path);
	arch_trapframe_init_user(p->tf, entry, sp);
	arch_trapframe_set_args(p->tf, args.argc, argv, envp);
	r = args.argc;
out:
	if (mm)
		mm_destroy(mm);
	if (ip)
		inode_put(ip);
	exec_args_free(&args);
	return r;
}
