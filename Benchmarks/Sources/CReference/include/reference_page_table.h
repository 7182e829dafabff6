/*
 * A minimal x86-64 four-level page table in plain C: the floor the benchmark
 * compares the simulator against.
 *
 * It is what a student writes for a teaching kernel, and no more: 4 KiB
 * tables of 512 eight-byte entries, present/writable/user in bits 0/1/2 and
 * the frame in bits 12..51; a `map` that walks down from the root, allocating
 * missing tables on the way, and loops of maps (`ref_map_fresh`, the copy)
 * that walk again only when a page lies in another bottom-level table than
 * the last, as WeensyOS's `vmiter` stays in its current table; a fork-style
 * copy that shares data frames; and a free of everything, children first.
 *
 * Physical memory is `data_frames` data frames (numbers with a reference
 * count, no contents, as in the simulator) followed by `table_frames` frames
 * whose bytes come from the C library in 64 KiB chunks as tables are first
 * needed, inside the timed job, as the simulator's table storage does: both
 * sides fault in (or reuse) table memory the same way.
 */
#ifndef REFERENCE_PAGE_TABLE_H
#define REFERENCE_PAGE_TABLE_H

#include <stdint.h>

#define REF_PTE_P 0x1ULL /* present */
#define REF_PTE_W 0x2ULL /* writable */
#define REF_PTE_U 0x4ULL /* user */

typedef struct ref_memory ref_memory;

/* NULL when the bookkeeping cannot be allocated. */
ref_memory *ref_memory_create(uint64_t data_frames, uint64_t table_frames);
void ref_memory_destroy(ref_memory *m);

/* A data frame with reference count 1, or -1 when none is left. */
int64_t ref_alloc_data(ref_memory *m);

/* An empty (zeroed) top-level table, or -1. */
int64_t ref_new_root(ref_memory *m);

/* Maps the 4 KiB page at `va` to `pa` with `perm` (REF_PTE_W | REF_PTE_U),
 * walking from `root` and allocating missing tables. 0, or -1 when `va` or
 * `pa` is misaligned or memory runs out. */
int ref_map(ref_memory *m, uint64_t root, uint64_t va, uint64_t pa, uint64_t perm);

/* `count` pages from `va` on, each backed by a fresh data frame, mapped one
 * at a time like `ref_map`, but walking from the root only when a page lies
 * in another bottom-level table than the last (as vmiter stays in its
 * current table). 0 or -1. */
int ref_map_fresh(ref_memory *m, uint64_t root, uint64_t va, uint64_t count, uint64_t perm);

/* A new table holding every mapping of `src_root`, sharing the data frames
 * (their reference counts go up): fork without data copies, each leaf mapped
 * the `ref_map_fresh` way. The new root, or -1. */
int64_t ref_copy_mappings(ref_memory *m, uint64_t src_root);

/* Drops every data frame `root` maps (freeing those whose count reaches 0)
 * and frees every table, children first, root last. */
void ref_free_all(ref_memory *m, uint64_t root);

uint64_t ref_table_pages_in_use(const ref_memory *m);
uint64_t ref_data_frames_in_use(const ref_memory *m);
/* Frees of a frame that was not in use (0 in a correct run). */
uint64_t ref_errors(const ref_memory *m);

#endif
