import Testing

@testable import PagingCore

/// The classic questions, answered by hand:
/// x86-32: 4096-byte pages = 2^12 → 12 offset bits; 4096 / 4 = 1024 entries
/// = 2^10 → 10 bits a level; 2^20 pages × 4 bytes = 4 MiB single-level table.
@Suite struct GeometryTests {
  @Test func x86_32() {
    let arch = TestArchitectures.x86_32
    #expect(arch.offsetBits == 12)
    #expect(arch.entriesPerPage == 1024)
    #expect(arch.bitsPerFullLevel == 10)
    #expect(arch.singleLevelTableBytes == 4 * 1024 * 1024)
    #expect(arch.levels.map(\.indexBits) == [10, 10])
    #expect(arch.entrySpan(atLevel: 0) == 4 * 1024 * 1024)
    #expect(arch.entrySpan(atLevel: 1) == 4096)
    #expect(arch.maxTables(atLevel: 0) == 1)
    #expect(arch.maxTables(atLevel: 1) == 1024)
    #expect(arch.maxPageTablePages == 1025)
    // 2^20 data pages + 1025 page-table pages.
    #expect(arch.maxPhysicalPages == 1_048_576 + 1025)
  }

  /// x86-64: 512 entries a table; a PML4 entry maps 2^39 = 512 GiB, a PDPT
  /// entry 1 GiB, a PD entry 2 MiB, a PT entry 4 KiB.
  @Test func x86_64() {
    let arch = TestArchitectures.x86_64
    #expect(arch.offsetBits == 12)
    #expect(arch.entriesPerPage == 512)
    #expect(arch.bitsPerFullLevel == 9)
    // 2^36 pages × 8 bytes = 2^39 bytes = 512 GiB.
    #expect(arch.singleLevelTableBytes == 549_755_813_888)
    #expect((0..<4).map { arch.entrySpan(atLevel: $0) } == [549_755_813_888, 1_073_741_824, 2_097_152, 4096])
    #expect((0..<4).map { arch.maxTables(atLevel: $0) } == [1, 512, 262_144, 134_217_728])
    #expect(arch.maxPageTablePages == 134_480_385)
    #expect(arch.maxPhysicalPages == 68_719_476_736 + 134_480_385)
    #expect(arch.largePageSizes == [1_073_741_824, 2_097_152])
  }

  /// PAE's root is a 32-byte table of 4 entries, smaller than its page.
  @Test func partialRoot() {
    let arch = TestArchitectures.pae
    #expect(arch.entries(atLevel: 0) == 4)
    #expect(arch.tableBytes(atLevel: 0) == 32)
    #expect(arch.tableBytes(atLevel: 1) == 4096)
    #expect(arch.entrySpan(atLevel: 0) == 1 << 30)
    #expect((0..<3).map { arch.maxTables(atLevel: $0) } == [1, 4, 2048])
    #expect(arch.maxPageTablePages == 2053)
    #expect(arch.singleLevelTableBytes == 8 * 1024 * 1024)
  }

  /// The smallest geometry: 1-byte entries in 32-byte pages.
  @Test func teaching() {
    let arch = TestArchitectures.teaching
    #expect(arch.offsetBits == 5)
    #expect(arch.entriesPerPage == 32)
    #expect(arch.singleLevelTableBytes == 1024)
    #expect(arch.maxPageTablePages == 33)
    #expect(arch.maxPhysicalPages == 1024 + 33)
  }

  /// A full 64-bit space: 2^64 bytes does not fit in UInt64.
  @Test func full64Edge() {
    let arch = TestArchitectures.full64
    #expect(arch.levels.map(\.indexBits) == [7, 9, 9, 9, 9, 9])
    #expect(arch.levels.map(\.name) == ["L6", "L5", "L4", "L3", "L2", "L1"])
    #expect(arch.addressSpaceBytes == UInt128(UInt64.max) + 1)
    #expect(arch.singleLevelTableBytes == UInt128(1) << 55)
    // Geometric sum of 2^(7+9k) for k = 0..4, plus the root: computed a second way.
    var expected: UInt128 = 1
    for k in 0..<5 { expected += UInt128(1) << (7 + 9 * k) }
    #expect(arch.maxPageTablePages == expected)
    #expect(arch.maxPageTablePages == 8_813_306_511_489)
  }
}

@Suite struct LevelPlanTests {
  /// 64 - 12 = 52 bits, 9 a level: ceil(52/9) = 6, the root takes 52 - 45 = 7.
  @Test func sixLevelsForAll64Bits() throws {
    let plan = try LevelPlan(virtualAddressBits: 64, pageSize: 4096, entrySize: 8)
    #expect(plan.levelCount == 6)
    #expect(plan.indexBits == [7, 9, 9, 9, 9, 9])
  }

  @Test(arguments: [
    // (va, page, entry, expected split): worked by hand.
    (32, UInt128(4096), 4, [10, 10]),
    (32, UInt128(4096), 8, [2, 9, 9]),
    (48, UInt128(4096), 8, [9, 9, 9, 9]),
    (57, UInt128(4096), 8, [9, 9, 9, 9, 9]),
    (48, UInt128(16384), 8, [1, 11, 11, 11]),
    (48, UInt128(65536), 8, [6, 13, 13]),
    (42, UInt128(65536), 8, [13, 13]),
    (64, UInt128(16384), 8, [6, 11, 11, 11, 11]),
    (64, UInt128(16384), 16, [10, 10, 10, 10, 10]),
    (15, UInt128(32), 1, [5, 5]),
    (13, UInt128(4096), 8, [1]),
  ])
  func splits(va: Int, page: UInt128, entry: Int, expected: [Int]) throws {
    let plan = try LevelPlan(virtualAddressBits: va, pageSize: page, entrySize: entry)
    #expect(plan.indexBits == expected)
  }

  @Test func rejectsImpossibleWidths() {
    #expect(throws: ArchitectureError.self) { try LevelPlan(virtualAddressBits: 65, pageSize: 4096, entrySize: 8) }
    #expect(throws: ArchitectureError.self) { try LevelPlan(virtualAddressBits: 12, pageSize: 4096, entrySize: 8) }
    #expect(throws: ArchitectureError.self) { try LevelPlan(virtualAddressBits: 48, pageSize: 3000, entrySize: 8) }
    #expect(throws: ArchitectureError.self) { try LevelPlan(virtualAddressBits: 48, pageSize: 8, entrySize: 8) }
  }
}
