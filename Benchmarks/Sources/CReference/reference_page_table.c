#include "reference_page_table.h"

#include <stdlib.h>
#include <string.h>

#define PAGE_SIZE 4096u
#define ENTRIES 512u
#define LEVELS 4
/* Table pages come from the C library in 64 KiB chunks as they are first
   needed, the same policy as the simulator's table storage, so both sides
   get (and fault in, or reuse) memory the same way inside a timed job. */
#define CHUNK_PAGES 16u
#define FRAME_MASK ((((uint64_t)1 << 52) - 1) & ~(uint64_t)(PAGE_SIZE - 1))

struct ref_memory {
    uint64_t data_frames;     /* frames 0 .. data_frames - 1 */
    uint64_t table_frames;    /* frames data_frames .. + table_frames - 1 */
    uint32_t *refcount;       /* per data frame */
    uint64_t *data_free;      /* stack of freed data frames */
    uint64_t data_free_count;
    uint64_t data_next;
    unsigned char **chunks;   /* bytes of the table frames, CHUNK_PAGES a chunk */
    uint64_t chunk_count;
    uint64_t *table_free;
    uint64_t table_free_count;
    uint64_t table_next;
    uint64_t tables_in_use;
    uint64_t data_in_use;
    uint64_t errors;
};

ref_memory *ref_memory_create(uint64_t data_frames, uint64_t table_frames) {
    ref_memory *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->data_frames = data_frames;
    m->table_frames = table_frames;
    m->refcount = calloc(data_frames ? data_frames : 1, sizeof *m->refcount);
    m->data_free = malloc((data_frames ? data_frames : 1) * sizeof *m->data_free);
    m->table_free = malloc((table_frames ? table_frames : 1) * sizeof *m->table_free);
    m->chunks = calloc(table_frames / CHUNK_PAGES + 1, sizeof *m->chunks);
    if (!m->refcount || !m->data_free || !m->table_free || !m->chunks) {
        ref_memory_destroy(m);
        return NULL;
    }
    /* Frame bookkeeping comes zeroed from calloc and is faulted in as
       frames are first used, as the simulator's owner words are. */
    return m;
}

void ref_memory_destroy(ref_memory *m) {
    if (!m) return;
    free(m->refcount);
    free(m->data_free);
    free(m->table_free);
    if (m->chunks)
        for (uint64_t i = 0; i < m->chunk_count; i++) free(m->chunks[i]);
    free(m->chunks);
    free(m);
}

static uint64_t *table_at(ref_memory *m, uint64_t frame) {
    uint64_t slot = frame - m->data_frames;
    return (uint64_t *)(m->chunks[slot / CHUNK_PAGES] + (slot % CHUNK_PAGES) * PAGE_SIZE);
}

static int64_t alloc_table(ref_memory *m) {
    uint64_t frame;
    if (m->table_free_count) {
        frame = m->table_free[--m->table_free_count];
    } else if (m->table_next < m->table_frames) {
        if (m->table_next % CHUNK_PAGES == 0) {
            unsigned char *chunk = aligned_alloc(PAGE_SIZE, (size_t)CHUNK_PAGES * PAGE_SIZE);
            if (!chunk) return -1;
            m->chunks[m->chunk_count++] = chunk;
        }
        frame = m->data_frames + m->table_next++;
    } else {
        return -1;
    }
    memset(table_at(m, frame), 0, PAGE_SIZE);
    m->tables_in_use++;
    return (int64_t)frame;
}

static void free_table(ref_memory *m, uint64_t frame) {
    m->table_free[m->table_free_count++] = frame;
    m->tables_in_use--;
}

int64_t ref_alloc_data(ref_memory *m) {
    uint64_t frame;
    if (m->data_free_count) {
        frame = m->data_free[--m->data_free_count];
    } else if (m->data_next < m->data_frames) {
        frame = m->data_next++;
    } else {
        return -1;
    }
    m->refcount[frame] = 1;
    m->data_in_use++;
    return (int64_t)frame;
}

static void release_data(ref_memory *m, uint64_t frame) {
    if (frame >= m->data_frames || m->refcount[frame] == 0) {
        m->errors++;
        return;
    }
    if (--m->refcount[frame] == 0) {
        m->data_free[m->data_free_count++] = frame;
        m->data_in_use--;
    }
}

int64_t ref_new_root(ref_memory *m) {
    return alloc_table(m);
}

/* Index of `va` in a table at `level` (3 is the PML4, 0 the PT). */
static unsigned index_at(uint64_t va, int level) {
    return (unsigned)(va >> (12 + 9 * level)) & (ENTRIES - 1);
}

/* Where a map walk ended: the bottom-level table and the 2 MiB block it
   covers. Like WeensyOS's vmiter, which moves within its current table
   without a new walk, a map into the same block reuses it. */
typedef struct {
    uint64_t *table;
    uint64_t block;
} ref_cursor;

static int map_with(ref_memory *m, uint64_t root, ref_cursor *cursor, uint64_t va, uint64_t pa, uint64_t perm) {
    if ((va | pa) & (PAGE_SIZE - 1)) return -1;
    uint64_t block = va >> (12 + 9);
    uint64_t *table = cursor->table;
    if (!table || block != cursor->block) {
        table = table_at(m, root);
        for (int level = LEVELS - 1; level > 0; level--) {
            uint64_t *entry = &table[index_at(va, level)];
            if (!(*entry & REF_PTE_P)) {
                int64_t child = alloc_table(m);
                if (child < 0) return -1;
                *entry = ((uint64_t)child << 12) | REF_PTE_P | REF_PTE_W | REF_PTE_U;
            }
            table = table_at(m, (*entry & FRAME_MASK) >> 12);
        }
        cursor->table = table;
        cursor->block = block;
    }
    table[index_at(va, 0)] = (pa & FRAME_MASK) | perm | REF_PTE_P;
    return 0;
}

int ref_map(ref_memory *m, uint64_t root, uint64_t va, uint64_t pa, uint64_t perm) {
    ref_cursor cursor = {0, 0};
    return map_with(m, root, &cursor, va, pa, perm);
}

int ref_map_fresh(ref_memory *m, uint64_t root, uint64_t va, uint64_t count, uint64_t perm) {
    ref_cursor cursor = {0, 0};
    for (uint64_t i = 0; i < count; i++) {
        int64_t frame = ref_alloc_data(m);
        if (frame < 0) return -1;
        if (map_with(m, root, &cursor, va + i * PAGE_SIZE, (uint64_t)frame << 12, perm) < 0) return -1;
    }
    return 0;
}

static int copy_level(ref_memory *m, uint64_t dst_root, ref_cursor *cursor, uint64_t table_frame, int level,
                      uint64_t base) {
    const uint64_t *table = table_at(m, table_frame);
    for (unsigned i = 0; i < ENTRIES; i++) {
        uint64_t entry = table[i];
        if (!(entry & REF_PTE_P)) continue;
        uint64_t va = base | ((uint64_t)i << (12 + 9 * level));
        uint64_t frame = (entry & FRAME_MASK) >> 12;
        if (level > 0) {
            if (copy_level(m, dst_root, cursor, frame, level - 1, va) < 0) return -1;
            continue;
        }
        if (entry & REF_PTE_U) {
            if (frame >= m->data_frames || m->refcount[frame] == 0) {
                m->errors++;
                return -1;
            }
            m->refcount[frame]++;
        }
        if (map_with(m, dst_root, cursor, va, entry & FRAME_MASK, entry & (REF_PTE_W | REF_PTE_U)) < 0) return -1;
    }
    return 0;
}

int64_t ref_copy_mappings(ref_memory *m, uint64_t src_root) {
    int64_t root = alloc_table(m);
    if (root < 0) return -1;
    ref_cursor cursor = {0, 0};
    if (copy_level(m, (uint64_t)root, &cursor, src_root, LEVELS - 1, 0) < 0) return -1;
    return root;
}

static void free_level(ref_memory *m, uint64_t table_frame, int level) {
    const uint64_t *table = table_at(m, table_frame);
    for (unsigned i = 0; i < ENTRIES; i++) {
        uint64_t entry = table[i];
        if (!(entry & REF_PTE_P)) continue;
        uint64_t frame = (entry & FRAME_MASK) >> 12;
        if (level > 0) {
            free_level(m, frame, level - 1);
        } else if (entry & REF_PTE_U) {
            release_data(m, frame);
        }
    }
    free_table(m, table_frame);
}

void ref_free_all(ref_memory *m, uint64_t root) {
    free_level(m, root, LEVELS - 1);
}

uint64_t ref_table_pages_in_use(const ref_memory *m) { return m->tables_in_use; }
uint64_t ref_data_frames_in_use(const ref_memory *m) { return m->data_in_use; }
uint64_t ref_errors(const ref_memory *m) { return m->errors; }
