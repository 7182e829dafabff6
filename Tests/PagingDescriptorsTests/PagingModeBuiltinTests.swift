import PagingCore
import PagingDescriptors
import Testing

/// What one built-in of issue 15 must be, worked out by hand from the
/// manual's split (never from the engine). Footprints are page-table pages
/// per level, root first, for 1, 2^9+1 and 2^18+1 base pages; a root that
/// spans several pages counts every page.
struct PagingModeExpectation: Sendable, CustomTestStringConvertible {
  let name: String
  let indexBits: [Int]
  let entries: [UInt128]
  let rootPages: UInt128
  let rootBytes: UInt128
  let singleLevelTableBytes: UInt128
  let maxTables: [UInt128]
  let largePages: [UInt128]
  /// At address 0, base pages only.
  let best: [[UInt128]]
  /// `Placement.worst`: the first page is the last one under the root's
  /// first entry, the rest start on a root-entry boundary.
  let worst: [[UInt128]]
  /// At address 0 with the largest pages that fit, and the leaves they use.
  let large: [[UInt128]]
  let largeLeaves: [[UInt128]]

  var testDescription: String { name }
}

/// Powers of two, so the tables below read like the manuals.
private func p2(_ exponent: Int) -> UInt128 { UInt128(1) << exponent }

@Suite struct PagingModeBuiltinTests {
  static let workloads: [UInt128] = [1, 513, 262_145]

  static let cases: [PagingModeExpectation] = [
    // 4 KiB granule, 52-bit VA (LPA2): 52 - 12 = 40 bits = 4 + 9 + 9 + 9 + 9,
    // start level -1 (16 entries, 128 bytes). Flat table: 2^40 × 8 = 2^43.
    // Tables per level below the root: 1 << (bits above them): 2^4, 2^13, 2^22, 2^31.
    // 513 pages: L3 ceil(513/512) = 2. 2^18+1: L3 513, L2 ceil(513/512) = 2.
    // Worst: start 2^48 - 4 KiB; 1 page below, the rest from 2^48: 513 -> 1 + 1 L3
    // each side; 2^18+1 -> L3 1 + 512, L2/L1/L0 1 + 1.
    // Large: 2 MiB block + 1 page; 1 GiB block + 1 page: one table per level.
    .init(
      name: "arm64-4k-52", indexBits: [4, 9, 9, 9, 9], entries: [16, 512, 512, 512, 512],
      rootPages: 1, rootBytes: 128, singleLevelTableBytes: p2(43),
      maxTables: [1, 16, p2(13), p2(22), p2(31)], largePages: [p2(39), p2(30), p2(21)],
      best: [[1, 1, 1, 1, 1], [1, 1, 1, 1, 2], [1, 1, 1, 2, 513]],
      worst: [[1, 1, 1, 1, 1], [1, 2, 2, 2, 2], [1, 2, 2, 2, 513]],
      large: [[1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1]],
      largeLeaves: [[0, 0, 0, 0, 1], [0, 0, 0, 1, 1], [0, 0, 1, 0, 1]]),
    // 16 KiB granule, 36-bit VA: 36 - 14 = 22 = 11 + 11, start at L2.
    // Flat: 2^22 × 8 = 2^25. 513 pages fit one 2048-entry L3; 2^18+1 pages need
    // ceil((2^18+1)/2048) = 129 L3. Worst: start 32 MiB - 16 KiB: 513 -> 1 + 1 L3;
    // 2^18+1 -> 1 + 2^18/2048 = 129. Large: 513 × 16 KiB < 32 MiB, no block;
    // 2^18 pages = 4 GiB = 128 blocks of 32 MiB, + 1 page in one L3.
    .init(
      name: "arm64-16k-36", indexBits: [11, 11], entries: [2048, 2048],
      rootPages: 1, rootBytes: 16384, singleLevelTableBytes: p2(25),
      maxTables: [1, 2048], largePages: [p2(25)],
      best: [[1, 1], [1, 1], [1, 129]],
      worst: [[1, 1], [1, 2], [1, 129]],
      large: [[1, 1], [1, 1], [1, 1]],
      largeLeaves: [[0, 1], [0, 513], [128, 1]]),
    // 16 KiB granule, 47-bit VA: 47 - 14 = 33 = 11 + 11 + 11, full 2048-entry L1 root.
    // Flat: 2^33 × 8 = 2^36. 2^18+1: L3 129, L2 ceil(129/2048) = 1. Worst: one L1
    // entry spans 2^(14+22) = 64 GiB, so the start is 64 GiB - 16 KiB;
    // 513 -> L2 1 + 1, L3 1 + 1; 2^18+1 -> L2 1 + 1, L3 1 + 128.
    .init(
      name: "arm64-16k-47", indexBits: [11, 11, 11], entries: [2048, 2048, 2048],
      rootPages: 1, rootBytes: 16384, singleLevelTableBytes: p2(36),
      maxTables: [1, 2048, p2(22)], largePages: [p2(25)],
      best: [[1, 1, 1], [1, 1, 1], [1, 1, 129]],
      worst: [[1, 1, 1], [1, 2, 2], [1, 2, 129]],
      large: [[1, 1, 1], [1, 1, 1], [1, 1, 1]],
      largeLeaves: [[0, 0, 1], [0, 0, 513], [0, 128, 1]]),
    // 16 KiB granule, 52-bit VA (LPA2): 52 - 14 = 38 = 5 + 11 + 11 + 11, a 32-entry
    // L0 (256 bytes). Flat: 2^38 × 8 = 2^41. Tables: 1, 2^5, 2^16, 2^27.
    // Worst: one L0 entry spans 2^47; 513 -> 2 tables at L1, L2, L3;
    // 2^18+1 -> L3 1 + 128, L2 1 + 1, L1 1 + 1. Large: 4 GiB < 64 GiB, so only
    // 32 MiB blocks (128) and one page.
    .init(
      name: "arm64-16k-52", indexBits: [5, 11, 11, 11], entries: [32, 2048, 2048, 2048],
      rootPages: 1, rootBytes: 256, singleLevelTableBytes: p2(41),
      maxTables: [1, 32, p2(16), p2(27)], largePages: [p2(36), p2(25)],
      best: [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 129]],
      worst: [[1, 1, 1, 1], [1, 2, 2, 2], [1, 2, 2, 129]],
      large: [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]],
      largeLeaves: [[0, 0, 0, 1], [0, 0, 0, 513], [0, 0, 128, 1]]),
    // 64 KiB granule, 52-bit VA: 52 - 16 = 36 = 10 + 13 + 13, a 1024-entry L1 (8 KiB).
    // Flat: 2^36 × 8 = 2^39. 2^18+1: L3 ceil((2^18+1)/8192) = 33. Worst: one L1
    // entry spans 4 TiB; 2^18+1 -> L3 1 + 32, L2 1 + 1. Large: 2^18 pages =
    // 16 GiB = 32 blocks of 512 MiB (4 TiB L1 blocks do not fit).
    .init(
      name: "arm64-64k-52", indexBits: [10, 13, 13], entries: [1024, 8192, 8192],
      rootPages: 1, rootBytes: 8192, singleLevelTableBytes: p2(39),
      maxTables: [1, 1024, p2(23)], largePages: [p2(42), p2(29)],
      best: [[1, 1, 1], [1, 1, 1], [1, 1, 33]],
      worst: [[1, 1, 1], [1, 2, 2], [1, 2, 33]],
      large: [[1, 1, 1], [1, 1, 1], [1, 1, 1]],
      largeLeaves: [[0, 0, 1], [0, 0, 513], [0, 32, 1]]),
    // POWER9 radix, 4 KiB pages, 13-9-9-9: PGD 2^13 × 8 = 64 KiB = 16 pages.
    // Flat: 2^40 × 8 = 2^43. Every footprint has 16 root pages: 1 page -> 16+1+1+1;
    // 513 -> PTE 2; 2^18+1 -> PTE 513, PMD 2. Worst: one PGD entry spans 2^39;
    // 513 -> 2 PUD, 2 PMD, 2 PTE; 2^18+1 -> PTE 1 + 512. Large: 2 MiB and 1 GiB leaves.
    .init(
      name: "power9-radix-4k", indexBits: [13, 9, 9, 9], entries: [8192, 512, 512, 512],
      rootPages: 16, rootBytes: 65536, singleLevelTableBytes: p2(43),
      maxTables: [1, p2(13), p2(22), p2(31)], largePages: [p2(30), p2(21)],
      best: [[16, 1, 1, 1], [16, 1, 1, 2], [16, 1, 2, 513]],
      worst: [[16, 1, 1, 1], [16, 2, 2, 2], [16, 2, 2, 513]],
      large: [[16, 1, 1, 1], [16, 1, 1, 1], [16, 1, 1, 1]],
      largeLeaves: [[0, 0, 0, 1], [0, 0, 1, 1], [0, 1, 0, 1]]),
    // POWER9 radix, 64 KiB pages, 13-9-9-5: PGD 64 KiB = one page; a PTE table is
    // 32 entries (2 MiB). Flat: 2^36 × 8 = 2^39. 513 pages -> PTE ceil(513/32) = 17;
    // 2^18+1 -> PTE 2^13 + 1 = 8193, PMD (2^14 pages each) 16 + 1 = 17.
    // Worst: one PGD entry spans 2^39; 513 -> PTE 1 + 16; 2^18+1 -> PTE 1 + 8192,
    // PMD 1 + 16, PUD 1 + 1. Large: 513 = 16 × 2 MiB + 1; 2^18+1 = 16 × 1 GiB + 1.
    .init(
      name: "power9-radix-64k", indexBits: [13, 9, 9, 5], entries: [8192, 512, 512, 32],
      rootPages: 1, rootBytes: 65536, singleLevelTableBytes: p2(39),
      maxTables: [1, p2(13), p2(22), p2(31)], largePages: [p2(30), p2(21)],
      best: [[1, 1, 1, 1], [1, 1, 1, 17], [1, 1, 17, 8193]],
      worst: [[1, 1, 1, 1], [1, 2, 2, 17], [1, 2, 17, 8193]],
      large: [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]],
      largeLeaves: [[0, 0, 0, 1], [0, 0, 16, 1], [0, 16, 0, 1]]),
    // Sv39x4: 41 - 12 = 29 = 11 + 9 + 9, root 2^11 × 8 = 16 KiB = 4 pages.
    // Flat: 2^29 × 8 = 2^32. 2^18+1 pages at 0: PT 513, PMD ceil(513/512) = 2,
    // root 4 pages -> 519. Worst: one root entry spans 1 GiB; 513 -> 2 and 2;
    // 2^18+1 -> PT 1 + 512, PMD 1 + 1. Large: 1 GiB leaf in the root + 1 page.
    .init(
      name: "riscv-sv39x4", indexBits: [11, 9, 9], entries: [2048, 512, 512],
      rootPages: 4, rootBytes: 16384, singleLevelTableBytes: p2(32),
      maxTables: [1, 2048, p2(20)], largePages: [p2(30), p2(21)],
      best: [[4, 1, 1], [4, 1, 2], [4, 2, 513]],
      worst: [[4, 1, 1], [4, 2, 2], [4, 2, 513]],
      large: [[4, 1, 1], [4, 1, 1], [4, 1, 1]],
      largeLeaves: [[0, 0, 1], [0, 1, 1], [1, 0, 1]]),
    // Sv48x4: 50 - 12 = 38 = 11 + 9 + 9 + 9, 4-page root. Flat: 2^38 × 8 = 2^41.
    // 2^18+1 -> 4 + 1 + 2 + 513. Worst: a root entry spans 512 GiB.
    .init(
      name: "riscv-sv48x4", indexBits: [11, 9, 9, 9], entries: [2048, 512, 512, 512],
      rootPages: 4, rootBytes: 16384, singleLevelTableBytes: p2(41),
      maxTables: [1, 2048, p2(20), p2(29)], largePages: [p2(39), p2(30), p2(21)],
      best: [[4, 1, 1, 1], [4, 1, 1, 2], [4, 1, 2, 513]],
      worst: [[4, 1, 1, 1], [4, 2, 2, 2], [4, 2, 2, 513]],
      large: [[4, 1, 1, 1], [4, 1, 1, 1], [4, 1, 1, 1]],
      largeLeaves: [[0, 0, 0, 1], [0, 0, 1, 1], [0, 1, 0, 1]]),
    // Sv57x4: 59 - 12 = 47 = 11 + 9 × 4, 4-page root. Flat: 2^47 × 8 = 2^50.
    // Worst: a root entry spans 256 TiB = 2^48.
    .init(
      name: "riscv-sv57x4", indexBits: [11, 9, 9, 9, 9], entries: [2048, 512, 512, 512, 512],
      rootPages: 4, rootBytes: 16384, singleLevelTableBytes: p2(50),
      maxTables: [1, 2048, p2(20), p2(29), p2(38)], largePages: [p2(48), p2(39), p2(30), p2(21)],
      best: [[4, 1, 1, 1, 1], [4, 1, 1, 1, 2], [4, 1, 1, 2, 513]],
      worst: [[4, 1, 1, 1, 1], [4, 2, 2, 2, 2], [4, 2, 2, 2, 513]],
      large: [[4, 1, 1, 1, 1], [4, 1, 1, 1, 1], [4, 1, 1, 1, 1]],
      largeLeaves: [[0, 0, 0, 0, 1], [0, 0, 0, 1, 1], [0, 0, 1, 0, 1]]),
    // Stage 2, 4 KiB, 40-bit IPA: 40 - 12 = 28 = 10 + 9 + 9, start at L1 with two
    // concatenated tables (1024 entries, 8 KiB = 2 pages). Flat: 2^28 × 8 = 2^31.
    // 2^18+1 -> 2 + 2 + 513. Worst: an L1 entry spans 1 GiB.
    .init(
      name: "arm64-s2-4k-40", indexBits: [10, 9, 9], entries: [1024, 512, 512],
      rootPages: 2, rootBytes: 8192, singleLevelTableBytes: p2(31),
      maxTables: [1, 1024, p2(19)], largePages: [p2(30), p2(21)],
      best: [[2, 1, 1], [2, 1, 2], [2, 2, 513]],
      worst: [[2, 1, 1], [2, 2, 2], [2, 2, 513]],
      large: [[2, 1, 1], [2, 1, 1], [2, 1, 1]],
      largeLeaves: [[0, 0, 1], [0, 1, 1], [1, 0, 1]]),
    // Stage 2, 4 KiB, 48-bit IPA: 9-9-9-9 from L0. Flat: 2^36 × 8 = 2^39.
    // Worst: an L0 entry spans 512 GiB; 2^18+1 -> 1 + 2 + 2 + 513.
    .init(
      name: "arm64-s2-4k-48", indexBits: [9, 9, 9, 9], entries: [512, 512, 512, 512],
      rootPages: 1, rootBytes: 4096, singleLevelTableBytes: p2(39),
      maxTables: [1, 512, p2(18), p2(27)], largePages: [p2(30), p2(21)],
      best: [[1, 1, 1, 1], [1, 1, 1, 2], [1, 1, 2, 513]],
      worst: [[1, 1, 1, 1], [1, 2, 2, 2], [1, 2, 2, 513]],
      large: [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]],
      largeLeaves: [[0, 0, 0, 1], [0, 0, 1, 1], [0, 1, 0, 1]]),
    // EPT, page-walk length 4: 48-bit GPA, 9-9-9-9, the same counts as any
    // four-level 4 KiB tree: 2^18+1 at 0 -> 1 + 1 + 2 + 513 = 517.
    .init(
      name: "x86-64-ept4", indexBits: [9, 9, 9, 9], entries: [512, 512, 512, 512],
      rootPages: 1, rootBytes: 4096, singleLevelTableBytes: p2(39),
      maxTables: [1, 512, p2(18), p2(27)], largePages: [p2(30), p2(21)],
      best: [[1, 1, 1, 1], [1, 1, 1, 2], [1, 1, 2, 513]],
      worst: [[1, 1, 1, 1], [1, 2, 2, 2], [1, 2, 2, 513]],
      large: [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]],
      largeLeaves: [[0, 0, 0, 1], [0, 0, 1, 1], [0, 1, 0, 1]]),
    // EPT, page-walk length 5: 57-bit GPA, 9 × 5. Flat: 2^45 × 8 = 2^48.
    // Worst: a PML5 entry spans 2^48; 2^18+1 -> 1 + 2 + 2 + 2 + 513.
    .init(
      name: "x86-64-ept5", indexBits: [9, 9, 9, 9, 9], entries: [512, 512, 512, 512, 512],
      rootPages: 1, rootBytes: 4096, singleLevelTableBytes: p2(48),
      maxTables: [1, 512, p2(18), p2(27), p2(36)], largePages: [p2(30), p2(21)],
      best: [[1, 1, 1, 1, 1], [1, 1, 1, 1, 2], [1, 1, 1, 2, 513]],
      worst: [[1, 1, 1, 1, 1], [1, 2, 2, 2, 2], [1, 2, 2, 2, 513]],
      large: [[1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1]],
      largeLeaves: [[0, 0, 0, 0, 1], [0, 0, 0, 1, 1], [0, 0, 1, 0, 1]]),
  ]

  @Test(arguments: cases)
  func geometryMatchesTheManual(_ expected: PagingModeExpectation) throws {
    let arch = try #require(BuiltinArchitectures.named(expected.name))
    #expect(arch.levels.map(\.indexBits) == expected.indexBits)
    #expect(arch.levels.indices.map { arch.entries(atLevel: $0) } == expected.entries)
    #expect(arch.tableBytes(atLevel: 0) == expected.rootBytes)
    #expect(arch.rootPages == expected.rootPages)
    // Only the root may be wider than a page; every other table is one page.
    #expect(arch.levels.indices.dropFirst().allSatisfy { arch.tablePages(atLevel: $0) == 1 })
    #expect(arch.singleLevelTableBytes == expected.singleLevelTableBytes)
    #expect(arch.levels.indices.map { arch.maxTables(atLevel: $0) } == expected.maxTables)
    // The most page-table pages: the root's pages plus one page per other table.
    let most = expected.maxTables.dropFirst().reduce(expected.rootPages, +)
    #expect(arch.maxPageTablePages == most)
    #expect(arch.largePageSizes == expected.largePages)
  }

  @Test(arguments: cases)
  func footprintsMatchTheHandCounts(_ expected: PagingModeExpectation) throws {
    let arch = try #require(BuiltinArchitectures.named(expected.name))
    for (index, pages) in Self.workloads.enumerated() {
      let best = try arch.footprint(of: .pages(pages))
      #expect(best.dataPages == pages)
      #expect(best.pageTablePagesPerLevel == expected.best[index], "best, \(pages) pages")
      let worst = try arch.footprint(of: .pages(pages), placement: .worst)
      #expect(worst.dataPages == pages)
      #expect(worst.pageTablePagesPerLevel == expected.worst[index], "worst, \(pages) pages")
      let large = try arch.footprint(of: .pages(pages), placement: .at(0), largePages: true)
      #expect(large.dataPages == pages)
      #expect(large.pageTablePagesPerLevel == expected.large[index], "large pages, \(pages) pages")
      #expect(large.leavesPerLevel == expected.largeLeaves[index], "large-page leaves, \(pages) pages")
    }
  }

  /// AArch64 stage 1: bit 55 picks TTBR0 (bits 63:VA all 0) or TTBR1 (all 1);
  /// bit VA-1 is translated, not a sign bit.
  @Test(arguments: [
    ("arm64-4k-52", 52), ("arm64-16k-36", 36), ("arm64-16k-47", 47), ("arm64-16k-52", 52),
    ("arm64-64k-52", 52),
  ])
  func stageOneSelectsTheTreeByBit55(_ name: String, _ va: Int) throws {
    let arch = try #require(BuiltinArchitectures.named(name))
    let rule = try #require(arch.rootSelection)
    #expect(rule.roots.map(\.name) == ["TTBR0", "TTBR1"])
    let topTranslated = UInt128(1) << (va - 1)
    let kernelPrefix = (UInt128(1) << 64) - (UInt128(1) << va)  // bits 63:VA set
    #expect(rule.root(of: topTranslated, virtualAddressBits: va, pointerBits: 64) == 0)
    #expect(rule.root(of: kernelPrefix | 0x1000, virtualAddressBits: va, pointerBits: 64) == 1)
    // Bit VA set alone: neither all 0 nor all 1 above the VA.
    #expect(rule.root(of: UInt128(1) << va, virtualAddressBits: va, pointerBits: 64) == nil)
  }

  /// POWER9 radix: EA bits 63:62 pick quadrant 0 (the PID's tree) or 3 (PID 0,
  /// the kernel's); quadrants 1 and 2 are the hypervisor's, bits 61:52 zero.
  @Test(arguments: ["power9-radix-4k", "power9-radix-64k"])
  func radixSelectsTheQuadrant(_ name: String) throws {
    let arch = try #require(BuiltinArchitectures.named(name))
    let rule = try #require(arch.rootSelection)
    func quadrant(_ pointer: UInt128) -> Int? { rule.root(of: pointer, virtualAddressBits: 52, pointerBits: 64) }
    #expect(quadrant(0x000f_ffff_ffff_f000) == 0)  // top of the 4 PiB user range
    #expect(quadrant(0xc000_0000_0000_0000) == 1)  // Linux's kernel linear map start
    #expect(quadrant(0x4000_0000_0000_0000) == nil)  // quadrant 1
    #expect(quadrant(0x8000_0000_0000_0000) == nil)  // quadrant 2
    #expect(quadrant(0x0010_0000_0000_0000) == nil)  // bit 52 set
  }

  /// Guest-physical inputs (G-stage, stage 2, EPT) are zero-extended: the
  /// bits above the translated width must be 0.
  @Test(arguments: [
    "riscv-sv39x4", "riscv-sv48x4", "riscv-sv57x4", "arm64-s2-4k-40", "arm64-s2-4k-48",
    "x86-64-ept4", "x86-64-ept5",
  ])
  func guestPhysicalInputsAreZeroExtended(_ name: String) throws {
    let arch = try #require(BuiltinArchitectures.named(name))
    #expect(arch.upperBits == .zero)
    #expect(arch.pointerBits == 64)
  }
}
