import PagingCore
import PagingSimulator
import Testing

/// Issue 14, items 7, 8 and 16, checked on the library.
@Suite struct HardeningTests {
  /// A raw image with little-endian 8-byte entries at the given addresses.
  func image(_ entries: [(address: Int, value: UInt64)], size: Int = 0x5000) -> MemoryImage {
    rawImage(entries, size: size)
  }

  /// Item 16: bit 7 (PS) in a PML4 entry is reserved in the SDM (4-level
  /// paging, the PML4E format): the walk faults instead of taking a
  /// 512 GiB leaf.
  @Test func largePageBitWhereNoLargePagesExist() throws {
    let arch = builtin("x86-64")
    let walk = try image([(0x1000, 0x2000 | 0x87)]).walk(0x1234, architecture: arch, rootAddress: 0x1000)
    #expect(walk.physicalAddress == nil)
    #expect(walk.faultLevel == "PML4")
    #expect(walk.faultReason == "reserved encoding: the PML4 entry is marked as a leaf, but PML4 entries map no pages")
  }

  /// Item 16: a 2 MiB leaf whose frame field has low bits set maps the
  /// 2 MiB-aligned frame: 0x400000 | 0x1000 masked to 0x400000, plus the
  /// address's low 21 bits (0x1234 of 0x201234).
  @Test func largeLeafFramesAreAligned() throws {
    let arch = builtin("x86-64")
    let entries: [(Int, UInt64)] = [(0x1000, 0x2000 | 0x7), (0x2000, 0x3000 | 0x7), (0x3000 + 8, 0x40_1000 | 0x87)]
    let walk = try image(entries).walk(0x20_1234, architecture: arch, rootAddress: 0x1000)
    #expect(walk.physicalAddress == 0x40_1234)
    // The largest frame x86-64's 40-bit field holds, with low bits set,
    // still aligns down to its 2 MiB page and stays under 2^52.
    let high: [(Int, UInt64)] = [
      (0x1000, 0x2000 | 0x7), (0x2000, 0x3000 | 0x7), (0x3000 + 8, 0x000F_FFFF_FFE0_0000 | 0x87),
    ]
    let beyond = try image(high).walk(0x20_1234, architecture: arch, rootAddress: 0x1000)
    #expect(beyond.physicalAddress == 0xF_FFFF_FFE0_1234)
  }

  /// Item 3: entry addresses past 2^64 fault, for every root.
  @Test func entryAddressesPastTheTop() throws {
    let arch = builtin("x86-32-pae")
    let walk = try MemoryImage(raw: [0], pageSize: 4096).walk(
      0xc000_0000, architecture: arch, rootAddress: 0xffff_ffff_ffff_fff8)
    #expect(walk.faultReason == "the image has no bytes at 0x10000000000000010")
  }

  /// Item 8: when the allocations fill every slot, each slot is chosen once,
  /// and a seed always gives the same slots.
  @Test func randomPlacementFillsEverySlotOnce() throws {
    let arch = builtin("x86-64")
    let slots = 1 << 12
    let full = AllocationRequest(
      start: 0, count: UInt128(slots), size: 4096, layout: .random(seed: 1, within: UInt128(slots) * 4096))
    let ranges = try full.ranges(architecture: arch)
    #expect(ranges.map(\.start) == (0..<slots).map { UInt128($0) * 4096 })
    let half = AllocationRequest(start: 0, count: 100, size: 4096, layout: .random(seed: 7, within: 1 << 30))
    let first = try half.ranges(architecture: arch)
    let second = try half.ranges(architecture: arch)
    #expect(first == second)
    #expect(Set(first.map(\.start)).count == 100)
    var other = half
    other.layout = .random(seed: 8, within: 1 << 30)
    #expect(try other.ranges(architecture: arch) != first)
  }
}

/// Issue 9's review: a process id past the owner word's 24 bits was packed
/// into the kernel's owner instead of being refused.
@Suite struct OwnerRangeTests {
  @Test func pageTableOwnersOutOfRange() throws {
    let memory = try PhysicalMemory(architecture: builtin("x86-64"), bytes: 1 << 20)
    for (process, level) in [(1 << 24, 1), (-1, 1), (1, 64), (1, -1)] {
      #expect(throws: SimulationError.self) { _ = try memory.allocatePageTable(process: process, level: level) }
    }
    #expect(memory.allocatedFrames == 0)
    let frame = try memory.allocatePageTable(process: (1 << 24) - 1, level: 1)
    #expect(memory.owner(of: frame) == .pageTable(process: (1 << 24) - 1, level: 1))
  }
}
