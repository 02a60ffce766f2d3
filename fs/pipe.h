/*
 * pipe.h - pipes: a byte ring between a read end and a write end.
 */
#ifndef FS_PIPE_H
#define FS_PIPE_H

struct file;

/* Two new files: *rf reads what *wf writes. 0 or -ENOMEM. */
int pipe_create(struct file **rf, struct file **wf);

#endif
