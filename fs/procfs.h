/*
 * procfs.h - /proc: text files that show the kernel's state.
 *
 *   /proc/meminfo            memory totals
 *   /proc/vmstat             VM event counters and cache figures
 *   /proc/<pid>/status       name, state, sizes, faults, scheduling
 *   /proc/<pid>/maps         one line per region: start-end perms kind offset file
 *   /proc/<pid>/pagemap      one line per present page: vaddr paddr flags
 *   /proc/<pid>/sched        scheduler accounting
 *   /proc/self               the calling process
 *   /proc/drop_caches        write-only: "1" (or 2, 3) syncs and empties the
 *                            block cache of pages nobody holds
 *
 * Each open takes a snapshot of the text; reads return parts of it.
 * Snapshots open read-only only, control files write-only only (-EACCES).
 */
#ifndef FS_PROCFS_H
#define FS_PROCFS_H

struct file;

/* path: what follows "/proc/" ("meminfo", "12/maps", "self/status", or
 * "" for the directory). A new file in *out, or -ENOENT. */
int procfs_open(const char *path, unsigned flags, struct file **out);

#endif
