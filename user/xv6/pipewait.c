// pipewait: an xv6-style program (built against the xv6 compat layer)
// checking pipes and wait() together: several writers share one pipe,
// the reader sees EOF once all have exited, each writer's exit code comes
// back through wait(), and a killed child reaps as -1.
// Prints "PASS name" or "FAIL name: reason" per case.

#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"

#define WRITERS 4
#define MSGS 100
#define MSGLEN 8

static void
writer(int fd, int id)
{
  char msg[MSGLEN];
  int i;

  memset(msg, 'a' + id, sizeof(msg));
  for(i = 0; i < MSGS; i++){
    if(write(fd, msg, sizeof(msg)) != sizeof(msg))
      exit(100);
  }
  exit(id + 1);
}

static int
reap_writers(void)
{
  int i, st, seen = 0;

  for(i = 0; i < WRITERS; i++){
    if(wait(&st) < 0 || st < 1 || st > WRITERS)
      return -1;
    seen |= 1 << (st - 1);
  }
  return seen == (1 << WRITERS) - 1 ? 0 : -1;
}

static int
many_writers(void)
{
  int p[2], counts[WRITERS], i, n, total = 0;
  char buf[64];

  if(pipe(p) < 0){
    printf("FAIL pipewait_writers: pipe failed\n");
    return -1;
  }
  for(i = 0; i < WRITERS; i++){
    if(fork() == 0){
      close(p[0]);
      writer(p[1], i);
    }
    counts[i] = 0;
  }
  close(p[1]);
  while((n = read(p[0], buf, sizeof(buf))) > 0){
    for(i = 0; i < n; i++){
      if(buf[i] < 'a' || buf[i] >= 'a' + WRITERS){
        printf("FAIL pipewait_writers: stray byte %d\n", buf[i]);
        return -1;
      }
      counts[buf[i] - 'a']++;
    }
    total += n;
  }
  close(p[0]);
  for(i = 0; i < WRITERS; i++){
    if(counts[i] != MSGS * MSGLEN){
      printf("FAIL pipewait_writers: writer %d sent %d bytes\n", i, counts[i]);
      return -1;
    }
  }
  if(reap_writers() < 0){
    printf("FAIL pipewait_writers: bad exit codes from wait\n");
    return -1;
  }
  printf("PASS pipewait_writers\n");
  return 0;
}

static int
killed_child(void)
{
  int p[2], pid, st;
  char c;

  pipe(p);
  pid = fork();
  if(pid == 0){
    close(p[1]);
    read(p[0], &c, 1); // blocks: nobody writes
    exit(0);
  }
  close(p[0]);
  pause(1);
  if(kill(pid) < 0){
    printf("FAIL pipewait_kill: kill failed\n");
    return -1;
  }
  if(wait(&st) != pid || st != -1){
    printf("FAIL pipewait_kill: killed child reaped with %d\n", st);
    return -1;
  }
  close(p[1]);
  printf("PASS pipewait_kill\n");
  return 0;
}

int
main(int argc, char *argv[])
{
  int bad = 0;

  bad |= many_writers();
  bad |= killed_child();
  exit(bad ? 1 : 0);
}
