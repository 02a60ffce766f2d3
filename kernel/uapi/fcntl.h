/*
 * uapi/fcntl.h - open() flags and lseek() whence values.
 * The values are picolibc's, so user space passes its O_ flags unchanged.
 */
#ifndef UAPI_FCNTL_H
#define UAPI_FCNTL_H

#define KO_RDONLY 0x0000
#define KO_WRONLY 0x0001
#define KO_RDWR 0x0002
#define KO_ACCMODE 0x0003
#define KO_CREAT 0x0040
#define KO_TRUNC 0x0200
#define KO_APPEND 0x0400
#define KO_EXCL 0x0800
#define KO_NOFOLLOW 0x100000
#define KO_DIRECTORY 0x200000

#define KSEEK_SET 0
#define KSEEK_CUR 1
#define KSEEK_END 2

#endif
