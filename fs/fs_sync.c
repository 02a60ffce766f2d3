/*
 * fs_sync.c - whole-file-system sync and dropping the cache.
 *
 * Interface: fs.h (fs_sync_all, fs_drop_caches).
 *
 * fs_drop_caches exists for benchmarks and tests that want to read from
 * the disk again (/proc/drop_caches): after a sync every cached page is
 * clean (the log installs each transaction home before it releases its
 * pages), so any page that only the cache holds can go. Pages still held
 * elsewhere (mapped by a process, in a new transaction, being read)
 * stay; nothing is lost by dropping, only time.
 */
#include "fs/bcache.h"
#include "fs/fs.h"
#include "fs/fs_impl.h"

int fs_sync_all(void)
{
	return fs_root_mount ? log_sync(fs_root_mount) : 0;
}

int64_t fs_drop_caches(void)
{
	int err = fs_sync_all();
	if (err)
		return err;
	return (int64_t)bcache_shrink(UINT64_MAX);
}
