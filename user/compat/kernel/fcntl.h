/*
 * kernel/fcntl.h (xv6 compat) - xv6's open() flags. They differ from the
 * kernel's (picolibc's) values; the compat library's open() translates.
 */
#ifndef XV6_COMPAT_FCNTL_H
#define XV6_COMPAT_FCNTL_H

#define O_RDONLY 0x000
#define O_WRONLY 0x001
#define O_RDWR 0x002
#define O_CREATE 0x200
#define O_TRUNC 0x400

#endif
