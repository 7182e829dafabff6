import PagingCore
import Testing

@testable import PagingSimulator

/// Issue 10: mapping lists of an image written by hand, entry by entry,
/// from the SDM's 4-level formats (P bit 0, R/W 1, U/S 2, PS 7).
@Suite struct MappingListTests {
  func image(_ entries: [(address: Int, value: UInt64)]) -> MemoryImage { rawImage(entries, size: 0x7000) }

  @Test func handWrittenImage() throws {
    let arch = builtin("x86-64")
    let list = try image([
      (0x1000, 0x2007),  // PML4[0] -> PDPT at 0x2000
      (0x1008, 0x1007),  // PML4[1] -> the PML4 itself: a cycle
      (0x2000, 0x3007),  // PDPT[0] -> PD at 0x3000
      (0x2008, 0x4000_0087),  // PDPT[1]: 1 GiB page at 0x40000000, rw, user
      (0x2010, 0x7F00_0007),  // PDPT[2] -> a PD the image does not hold
      (0x3000, 0x4007),  // PD[0] -> PT at 0x4000
      (0x3008, 0x20_0085),  // PD[1]: 2 MiB page at 0x200000, read-only, user
      (0x4000, 0x5007), (0x4008, 0x6007), (0x4010, 0x9007),  // three user pages, the third elsewhere
      (0x4018, 0xA003),  // a kernel page (no U/S)
    ]).mappings(architecture: arch, rootAddress: 0x1000)
    // No NX bit is set, so every page is executable.
    #expect(
      list.runs == [
        MappingRun(
          virtualStart: 0, size: 0x3000, physicalStart: nil, pages: 3, pageSize: 0x1000,
          permissions: [.writable, .user, .executable], level: 3, levelName: "PT"),
        MappingRun(
          virtualStart: 0x3000, size: 0x1000, physicalStart: 0xA000, pages: 1, pageSize: 0x1000,
          permissions: [.writable, .executable], level: 3, levelName: "PT"),
        MappingRun(
          virtualStart: 0x20_0000, size: 0x20_0000, physicalStart: 0x20_0000, pages: 1, pageSize: 0x20_0000,
          permissions: [.user, .executable], level: 2, levelName: "PD"),
        MappingRun(
          virtualStart: 0x4000_0000, size: 0x4000_0000, physicalStart: 0x4000_0000, pages: 1, pageSize: 0x4000_0000,
          permissions: [.writable, .user, .executable], level: 1, levelName: "PDPT"),
      ])
    // PDPT[2] covers 0x80000000; PML4[1] covers 0x8000000000.
    #expect(
      list.faults == [
        MappingFault(
          virtualAddress: 0x8000_0000, levelName: "PD", entryAddress: 0x7F00_0000,
          reason: "the table at pa 0x7f000000 is not in the image"),
        MappingFault(
          virtualAddress: 0x80_0000_0000, levelName: "PML4", entryAddress: 0x1008,
          reason: "points back up the tree, to the table at pa 0x1000"),
      ])
    #expect(!list.truncated)
  }

  /// A machine's own tables list as its allocations: 2^9+1 pages from
  /// 0x400000 are one run, contiguous frames, at the PT level.
  @Test func machineMappings() throws {
    let machine = try Machine(architecture: builtin("x86-64"), memoryBytes: 8 << 20)
    let process = try machine.createProcess()
    try machine.allocate(in: process, AllocationRequest(start: 0x40_0000, count: 513, size: 4096))
    let lists = try machine.mappings()
    #expect(lists.count == 1)
    let runs = try #require(lists.first?.list.runs)
    #expect(runs.count == 1)
    #expect(runs.first?.virtualStart == 0x40_0000)
    #expect(runs.first?.size == UInt128(2_101_248))  // 513 × 4096
    #expect(runs.first?.pages == 513)
    #expect(runs.first?.physicalStart != nil)
  }
}
