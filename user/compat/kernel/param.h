/*
 * kernel/param.h (xv6 compat) - xv6's limits, for programs that size
 * arrays with them. This kernel has no fixed NPROC/NFILE/NOFILE: the
 * values below are what xv6 programs expect, not limits of this kernel
 * (except MAXARG and MAXPATH, which bound what xv6 programs pass).
 */
#ifndef XV6_COMPAT_PARAM_H
#define XV6_COMPAT_PARAM_H

#define NPROC 64
#define NCPU 8
#define NOFILE 16
#define NFILE 100
#define NINODE 50
#define NDEV 10
#define ROOTDEV 1
#define MAXARG 32
#define MAXOPBLOCKS 10
#define LOGBLOCKS (MAXOPBLOCKS * 3)
#define LOGSIZE LOGBLOCKS
#define NBUF (MAXOPBLOCKS * 3)
#define FSSIZE 2000
#define MAXPATH 128
#define USERSTACK 1

#endif
