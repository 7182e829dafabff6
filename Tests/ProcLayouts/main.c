// A process with page-table layouts the end-to-end tests know by hand.
//
// Each layout lives in a 512 GiB region of its own (one PML4 entry, far
// from everything else), so every table it needs is new. The program reads
// commands from standard input, one a line, and answers on standard output:
//
//   ready PID                         at start
//   done NAME VMPTE_BEFORE VMPTE_AFTER  after making layout NAME (bytes)
//   error NAME ERRNO                  when a system call fails
//
// Layouts: dense (every page of 4 MiB), sparse2m (one page in each of 64
// 2 MiB blocks), sparse1g (one page every 1 GiB across 8 GiB), hole (6 MiB
// touched, the middle 2 MiB block unmapped), kept (the last page of a 2 MiB
// block touched, then the block's upper half unmapped: its tables stay
// empty), thp (two 2 MiB blocks written and one read under MADV_HUGEPAGE),
// big (10 GiB, every page populated, for timing by hand).
// "quit" ends it. No allocation happens after start, so nothing else moves.

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

static const unsigned long KiB = 1024UL, MiB = 1024UL * 1024, GiB = 1024UL * 1024 * 1024;
static const unsigned long regionBase = 0x300000000000UL;
static const unsigned long regionSpan = 512UL * 1024 * 1024 * 1024;

static char statusBuffer[16384];

static long vmpteBytes(void) {
  int fd = open("/proc/self/status", O_RDONLY);
  if (fd < 0) return -1;
  ssize_t length = read(fd, statusBuffer, sizeof statusBuffer - 1);
  close(fd);
  if (length <= 0) return -1;
  statusBuffer[length] = 0;
  char *line = strstr(statusBuffer, "VmPTE:");
  return line ? strtol(line + 6, NULL, 10) * 1024 : -1;
}

static char *mapAt(unsigned long address, unsigned long length, int advice) {
  void *memory = mmap((void *)address, length, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 0);
  if (memory == MAP_FAILED || memory != (void *)address) return NULL;
  if (madvise(memory, length, advice) != 0) return NULL;
  return memory;
}

// Under AddressSanitizer (make test-asan) an instrumented store would also
// touch the shadow memory and populate tables there; the layouts must make
// only their own tables.
__attribute__((no_sanitize("address")))
static int layout(const char *name) {
  volatile char *memory;
  if (strcmp(name, "dense") == 0) {
    if (!(memory = mapAt(regionBase, 4 * MiB, MADV_NOHUGEPAGE))) return -1;
    for (unsigned long offset = 0; offset < 4 * MiB; offset += 4 * KiB) memory[offset] = 1;
  } else if (strcmp(name, "sparse2m") == 0) {
    if (!(memory = mapAt(regionBase + regionSpan, 128 * MiB, MADV_NOHUGEPAGE))) return -1;
    for (unsigned long block = 0; block < 64; block++) memory[block * 2 * MiB] = 1;
  } else if (strcmp(name, "sparse1g") == 0) {
    if (!(memory = mapAt(regionBase + 2 * regionSpan, 8 * GiB, MADV_NOHUGEPAGE))) return -1;
    for (unsigned long gigabyte = 0; gigabyte < 8; gigabyte++) memory[gigabyte * GiB] = 1;
  } else if (strcmp(name, "hole") == 0) {
    if (!(memory = mapAt(regionBase + 3 * regionSpan, 6 * MiB, MADV_NOHUGEPAGE))) return -1;
    for (unsigned long offset = 0; offset < 6 * MiB; offset += 4 * KiB) memory[offset] = 1;
    if (munmap((void *)(memory + 2 * MiB), 2 * MiB) != 0) return -1;
  } else if (strcmp(name, "kept") == 0) {
    if (!(memory = mapAt(regionBase + 4 * regionSpan, 2 * MiB, MADV_NOHUGEPAGE))) return -1;
    memory[2 * MiB - 4 * KiB] = 1;
    if (munmap((void *)(memory + 1 * MiB), 1 * MiB) != 0) return -1;
  } else if (strcmp(name, "thp") == 0) {
    if (!(memory = mapAt(regionBase + 5 * regionSpan, 6 * MiB, MADV_HUGEPAGE))) return -1;
    memory[0] = 1;
    memory[2 * MiB] = 1;
    volatile char sink = memory[4 * MiB];
    (void)sink;
  } else if (strcmp(name, "big") == 0) {
    // For timing `paging proc` by hand: 10 GiB, every page populated.
    if (!(memory = mapAt(regionBase + 6 * regionSpan, 10 * GiB, MADV_NOHUGEPAGE))) return -1;
    if (madvise((void *)memory, 10 * GiB, MADV_POPULATE_WRITE) != 0) return -1;
  } else {
    errno = EINVAL;
    return -1;
  }
  return 0;
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  printf("ready %d\n", (int)getpid());
  char command[64];
  while (fgets(command, sizeof command, stdin)) {
    command[strcspn(command, "\n")] = 0;
    if (strcmp(command, "quit") == 0) break;
    long before = vmpteBytes();
    if (layout(command) != 0) {
      printf("error %s %d\n", command, errno);
      continue;
    }
    printf("done %s %ld %ld\n", command, before, vmpteBytes());
  }
  return 0;
}
