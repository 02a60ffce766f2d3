/*
 * elf.h - the parts of the ELF-64 format exec reads (System V ABI).
 */
#ifndef PROC_ELF_H
#define PROC_ELF_H

#include <stdint.h>

#define ELF_MAGIC 0x464c457fU   /* "\x7fELF" little endian */
#define ELF_CLASS_64 2
#define ELF_DATA_LSB 1
#define ELF_VERSION_CURRENT 1
#define ELF_TYPE_EXEC 2
#define ELF_MACHINE_RISCV 243

struct elf_header {
	uint32_t magic;
	uint8_t class_;
	uint8_t data;
	uint8_t ident_version;
	uint8_t osabi;
	uint8_t ident_pad[8];
	uint16_t type;
	uint16_t machine;
	uint32_t version;
	uint64_t entry;
	uint64_t phoff;
	uint64_t shoff;
	uint32_t flags;
	uint16_t ehsize;
	uint16_t phentsize;
	uint16_t phnum;
	uint16_t shentsize;
	uint16_t shnum;
	uint16_t shstrndx;
};

#define ELF_PT_LOAD 1
#define ELF_PF_X 1
#define ELF_PF_W 2
#define ELF_PF_R 4

struct elf_phdr {
	uint32_t type;
	uint32_t flags;
	uint64_t offset;
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t filesz;
	uint64_t memsz;
	uint64_t align;
};

_Static_assert(sizeof(struct elf_header) == 64, "ELF header layout");
_Static_assert(sizeof(struct elf_phdr) == 56, "ELF program header layout");

#endif
