// forktest: an xv6-style program (built against the xv6 compat layer)
// that forks many children, each exiting at once, and checks that wait()
// reaps every one with its exit code and then reports no more children.
// Prints "PASS name" or "FAIL name: reason" per case.

#include "kernel/types.h"
#include "kernel/stat.h"
#include "user/user.h"

#define N 200

static int
fork_many(void)
{
  int n, i, st, pid;

  for(n = 0; n < N; n++){
    pid = fork();
    if(pid < 0)
      break;
    if(pid == 0)
      exit(n % 100);
  }
  if(n < N){
    printf("FAIL forktest_many: fork failed after %d children\n", n);
    for(i = 0; i < n; i++)
      wait(0);
    return -1;
  }
  for(i = 0; i < n; i++){
    pid = wait(&st);
    if(pid < 0){
      printf("FAIL forktest_many: wait stopped early after %d\n", i);
      return -1;
    }
    if(st < 0 || st >= 100){
      printf("FAIL forktest_many: child %d exited with %d\n", pid, st);
      return -1;
    }
  }
  if(wait(0) != -1){
    printf("FAIL forktest_many: wait found an extra child\n");
    return -1;
  }
  printf("PASS forktest_many\n");
  return 0;
}

static int
fork_status(void)
{
  int pid, st, i;

  for(i = 0; i < 5; i++){
    pid = fork();
    if(pid < 0){
      printf("FAIL forktest_status: fork failed\n");
      return -1;
    }
    if(pid == 0)
      exit(i * 7);
    if(wait(&st) != pid || st != i * 7){
      printf("FAIL forktest_status: expected %d, got %d\n", i * 7, st);
      return -1;
    }
  }
  pid = fork();
  if(pid == 0)
    exit(-1);
  if(wait(&st) != pid || st != -1){
    printf("FAIL forktest_status: exit(-1) reaped as %d\n", st);
    return -1;
  }
  printf("PASS forktest_status\n");
  return 0;
}

int
main(int argc, char *argv[])
{
  int bad = 0;

  bad |= fork_many();
  bad |= fork_status();
  exit(bad ? 1 : 0);
}
