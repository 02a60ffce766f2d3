/*
 * elf.c (badargs) - exec of malformed ELF files must fail with ENOEXEC
 * and leave the caller running with its memory intact.
 *
 * Each case writes a variant of a tiny valid program to /tmp and execs
 * it. The valid program (one R-X PT_LOAD at 0x10000 whose code is
 * "exit(7)") is run first, so a kernel that cannot load it at all is
 * told apart from one that rejects the broken variants.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>

#include "badargs.h"
#include "syscall_nr.h"

#define ELF_PATH "/tmp/badargs.elf"
#define ELF_BASE 0x10000ul
#define ELF_CODE_OFFSET 0x1000ul
#define ELF_FILE_SIZE 0x2000ul
#define ELF_EXIT_CODE 7

/* RISC-V encodings: addi rd, x0, imm */
#define RV_ADDI_X0(rd, imm) (((uint32_t)(imm) << 20) | ((rd) << 7) | 0x13)
#define RV_ECALL 0x00000073u
#define RV_A0 10
#define RV_A7 17

struct elf_image {
	unsigned char bytes[ELF_FILE_SIZE];
	size_t size;
};

static Elf64_Ehdr *elf_header(struct elf_image *im)
{
	return (Elf64_Ehdr *)im->bytes;
}

static Elf64_Phdr *elf_phdr(struct elf_image *im, int i)
{
	return (Elf64_Phdr *)(im->bytes + sizeof(Elf64_Ehdr)) + i;
}

static void elf_code(struct elf_image *im)
{
	uint32_t code[] = {
		RV_ADDI_X0(RV_A0, ELF_EXIT_CODE),
		RV_ADDI_X0(RV_A7, SYS_exit),
		RV_ECALL,
	};

	memcpy(im->bytes + ELF_CODE_OFFSET, code, sizeof(code));
}

/* The valid program: exit(7) from one R-X segment at 0x10000. */
static void elf_build_valid(struct elf_image *im)
{
	Elf64_Ehdr *eh = elf_header(im);
	Elf64_Phdr *ph = elf_phdr(im, 0);

	memset(im, 0, sizeof(*im));
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_RISCV;
	eh->e_version = EV_CURRENT;
	eh->e_entry = ELF_BASE;
	eh->e_phoff = sizeof(Elf64_Ehdr);
	eh->e_ehsize = sizeof(Elf64_Ehdr);
	eh->e_phentsize = sizeof(Elf64_Phdr);
	eh->e_phnum = 1;
	ph->p_type = PT_LOAD;
	ph->p_flags = PF_R | PF_X;
	ph->p_offset = ELF_CODE_OFFSET;
	ph->p_vaddr = ph->p_paddr = ELF_BASE;
	ph->p_filesz = ph->p_memsz = PAGE_SIZE;
	ph->p_align = PAGE_SIZE;
	elf_code(im);
	im->size = ELF_FILE_SIZE;
}

static int elf_write(const struct elf_image *im)
{
	int fd = open(ELF_PATH, O_WRONLY | O_CREAT | O_TRUNC, 0777);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, im->bytes, im->size) == (ssize_t)im->size;
	close(fd);
	return ok ? 0 : -1;
}

static volatile int elf_canary = 0x5a5a;

/* Write the image, exec it and expect ENOEXEC with the caller intact. */
static int elf_expect_enoexec(struct elf_image *im)
{
	char *argv[] = { "badargs.elf", NULL };

	CHECK(elf_write(im) == 0, "writing %s: %s", ELF_PATH, strerror(errno));
	errno = 0;
	execve(ELF_PATH, argv, NULL);
	CHECK(errno == ENOEXEC, "exec gave errno %d (%s), want ENOEXEC", errno,
	      strerror(errno));
	CHECK(elf_canary == 0x5a5a, "caller's memory changed by the failed exec");
	return 0;
}

static int test_elf_valid(void)
{
	static struct elf_image im;
	char *argv[] = { "badargs.elf", NULL };
	pid_t pid;
	int st;

	elf_build_valid(&im);
	CHECK(elf_write(&im) == 0, "writing %s: %s", ELF_PATH, strerror(errno));
	pid = check_fork();
	if (pid == 0) {
		execve(ELF_PATH, argv, NULL);
		_exit(100 + errno);
	}
	st = check_wait(pid);
	CHECK(st >= 0 && WIFEXITED(st), "status %#x", st);
	CHECK(WEXITSTATUS(st) == ELF_EXIT_CODE, "exit code %d, want %d (>100: exec errno+100)",
	      WEXITSTATUS(st), ELF_EXIT_CODE);
	return 0;
}

#define ELF_CASE(fn, change)                      \
	static int fn(void)                       \
	{                                         \
		static struct elf_image im;       \
		Elf64_Ehdr *eh = elf_header(&im); \
		Elf64_Phdr *ph = elf_phdr(&im, 0); \
		elf_build_valid(&im);             \
		(void)eh;                         \
		(void)ph;                         \
		change;                           \
		return elf_expect_enoexec(&im);   \
	}

ELF_CASE(test_elf_empty, im.size = 0)
ELF_CASE(test_elf_truncated, im.size = 32)
ELF_CASE(test_elf_text_file, memcpy(im.bytes, "#!/bin/sh\necho hi\n", 18); im.size = 18)
ELF_CASE(test_elf_wrong_machine, eh->e_machine = EM_X86_64)
ELF_CASE(test_elf_wrong_class, eh->e_ident[EI_CLASS] = ELFCLASS32)
ELF_CASE(test_elf_wrong_endian, eh->e_ident[EI_DATA] = ELFDATA2MSB)
ELF_CASE(test_elf_wrong_type, eh->e_type = ET_REL)
ELF_CASE(test_elf_bad_phentsize, eh->e_phentsize = 32)
ELF_CASE(test_elf_no_segments, eh->e_phnum = 0)
ELF_CASE(test_elf_phdrs_past_eof, eh->e_phoff = 0x100000)
ELF_CASE(test_elf_huge_phnum, eh->e_phnum = 0xffff)
ELF_CASE(test_elf_data_past_eof, ph->p_offset = 0x100000)
ELF_CASE(test_elf_filesz_gt_memsz, ph->p_memsz = 16)
ELF_CASE(test_elf_entry_outside, eh->e_entry = 0x500000)
ELF_CASE(test_elf_entry_not_exec, ph->p_flags = PF_R | PF_W)
ELF_CASE(test_elf_at_page_zero, ph->p_vaddr = 0; eh->e_entry = 0)
ELF_CASE(test_elf_kernel_half, ph->p_vaddr = (uintptr_t)BAD_KERNEL; eh->e_entry = ph->p_vaddr)
ELF_CASE(test_elf_past_user_top, ph->p_vaddr = USER_TOP - PAGE_SIZE; ph->p_memsz = 4 * PAGE_SIZE;
	 eh->e_entry = ph->p_vaddr)
ELF_CASE(test_elf_misaligned_offset, ph->p_offset = ELF_CODE_OFFSET + 4)

/* Two PT_LOADs covering the same page. */
static int test_elf_overlap(void)
{
	static struct elf_image im;
	Elf64_Ehdr *eh = elf_header(&im);

	elf_build_valid(&im);
	eh->e_phnum = 2;
	*elf_phdr(&im, 1) = *elf_phdr(&im, 0);
	elf_phdr(&im, 1)->p_flags = PF_R | PF_W;
	elf_phdr(&im, 0)->p_memsz = 2 * PAGE_SIZE;
	elf_phdr(&im, 1)->p_vaddr = ELF_BASE + PAGE_SIZE;
	elf_phdr(&im, 1)->p_offset = ELF_CODE_OFFSET;
	elf_phdr(&im, 1)->p_memsz = PAGE_SIZE;
	return elf_expect_enoexec(&im);
}

void badargs_run_elf_cases(void)
{
	check_run("badargs_elf_valid", test_elf_valid);
	check_run("badargs_elf_empty", test_elf_empty);
	check_run("badargs_elf_truncated", test_elf_truncated);
	check_run("badargs_elf_text_file", test_elf_text_file);
	check_run("badargs_elf_wrong_machine", test_elf_wrong_machine);
	check_run("badargs_elf_wrong_class", test_elf_wrong_class);
	check_run("badargs_elf_wrong_endian", test_elf_wrong_endian);
	check_run("badargs_elf_wrong_type", test_elf_wrong_type);
	check_run("badargs_elf_bad_phentsize", test_elf_bad_phentsize);
	check_run("badargs_elf_no_segments", test_elf_no_segments);
	check_run("badargs_elf_phdrs_past_eof", test_elf_phdrs_past_eof);
	check_run("badargs_elf_huge_phnum", test_elf_huge_phnum);
	check_run("badargs_elf_data_past_eof", test_elf_data_past_eof);
	check_run("badargs_elf_filesz_gt_memsz", test_elf_filesz_gt_memsz);
	check_run("badargs_elf_entry_outside", test_elf_entry_outside);
	check_run("badargs_elf_entry_not_exec", test_elf_entry_not_exec);
	check_run("badargs_elf_at_page_zero", test_elf_at_page_zero);
	check_run("badargs_elf_kernel_half", test_elf_kernel_half);
	check_run("badargs_elf_past_user_top", test_elf_past_user_top);
	check_run("badargs_elf_misaligned_offset", test_elf_misaligned_offset);
	check_run("badargs_elf_overlap", test_elf_overlap);
	unlink(ELF_PATH);
}
