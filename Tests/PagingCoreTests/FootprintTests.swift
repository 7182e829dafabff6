// Names follow the manuals (x86_64, RLIMIT_AS) where they name their things.
// swift-format-ignore-file: AlwaysUseLowerCamelCase

import Testing

@testable import PagingCore

@Suite struct FootprintTests {
  let x86_64 = TestArchitectures.x86_64

  /// The classic x86-64 questions, aligned at 0 (hand counts):
  /// - 1 byte or 1 page: one table at each of 4 levels + 1 data page = 5.
  /// - 2^9 pages fill exactly one PT: 4 tables + 512.
  /// - 2^9+1 pages spill into a second PT: 5 tables + 513.
  /// - 2^18+1 pages: 2^18 fill 512 PTs and one PD; the extra page needs a
  ///   513th PT and a second PD: 1 + 1 + 2 + 513 = 517 tables.
  @Test(arguments: [
    (Workload.bytes(1), UInt128(1), [UInt128(1), 1, 1, 1]),
    (.pages(1), 1, [1, 1, 1, 1]),
    (.pages(512), 512, [1, 1, 1, 1]),
    (.pages(513), 513, [1, 1, 1, 2]),
    (.pages(262_145), 262_145, [1, 1, 2, 513]),
    // 2^20 bytes = 256 pages; 2^20 pages = 4 GiB = 2048 PTs, 4 PDs.
    (.bytes(1 << 20), 256, [1, 1, 1, 1]),
    (.pages(1 << 20), 1 << 20, [1, 1, 4, 2048]),
    // 3 allocations of 5000 bytes each take 2 pages each.
    (.allocations(count: 3, size: 5000), 6, [1, 1, 1, 1]),
  ])
  func classicX86_64(workload: Workload, dataPages: UInt128, tables: [UInt128]) throws {
    let result = try x86_64.footprint(of: workload)
    #expect(result.dataPages == dataPages)
    #expect(result.pageTablePagesPerLevel == tables)
    #expect(result.totalPages == dataPages + tables.reduce(0, +))
  }

  /// x86-32: 1 byte needs the PD, one PT and a data page.
  @Test func classicX86_32() throws {
    let arch = TestArchitectures.x86_32
    #expect(try arch.footprint(of: .bytes(1)).totalPages == 3)
    // 2^10 + 1 pages need two PTs.
    #expect(try arch.footprint(of: .pages(1025)).pageTablePagesPerLevel == [1, 2])
    // The whole 4 GiB: every table there is.
    #expect(try arch.footprint(of: .bytes(1 << 32)).pageTablePages == arch.maxPageTablePages)
  }

  /// Worst placement: one unit below a 512 GiB boundary, so every level
  /// below the root straddles two tables as soon as it can.
  @Test func worstPlacement() throws {
    #expect(x86_64.worstStart(for: .pages(1)) == (1 << 39) - 4096)
    #expect(x86_64.worstStart(for: .bytes(2)) == (1 << 39) - 1)
    // 1 byte never crosses anything.
    #expect(try x86_64.footprint(of: .bytes(1), placement: .worst).pageTablePagesPerLevel == [1, 1, 1, 1])
    // 2 bytes straddle: 2 data pages and 2 tables at every level below the root.
    let two = try x86_64.footprint(of: .bytes(2), placement: .worst)
    #expect(two.dataPages == 2)
    #expect(two.pageTablePagesPerLevel == [1, 2, 2, 2])
    // 2^9 pages placed one page early: 1 page in one PT, 511 in the next.
    #expect(try x86_64.footprint(of: .pages(512), placement: .worst).pageTablePagesPerLevel == [1, 2, 2, 2])
  }

  /// Large pages: aligned middles take the largest page that fits.
  @Test func largePages() throws {
    // 2^18 + 1 pages at 0 = one 1 GiB page + one 4 KiB page.
    let big = try x86_64.footprint(of: .pages(262_145), largePages: true)
    #expect(big.pageTablePagesPerLevel == [1, 1, 1, 1])
    #expect(big.leavesPerLevel == [0, 1, 0, 1])
    #expect(big.dataPages == 262_145)
    // 2^9 + 1 pages = one 2 MiB page + one 4 KiB page.
    #expect(try x86_64.footprint(of: .pages(513), largePages: true).leavesPerLevel == [0, 0, 1, 1])
    // 4 KiB short of 2 MiB: no large page fits.
    #expect(try x86_64.footprint(of: .pages(511), largePages: true).leavesPerLevel == [0, 0, 0, 511])
    // The whole lower half (2^47 bytes) in 1 GiB pages: 256 PDPTs, nothing below.
    let half = try x86_64.footprint(of: .bytes(1 << 47), largePages: true)
    #expect(half.pageTablePagesPerLevel == [1, 256, 0, 0])
  }

  /// Whole address spaces cost no more than one range: the answer equals the
  /// geometric maxima.
  @Test func wholeSpaces() throws {
    let full = TestArchitectures.full64
    let result = full.footprint(of: [AddressRange(start: 0, end: full.addressSpaceBytes)])
    #expect(result.pageTablePages == full.maxPageTablePages)
    #expect(result.dataPages == UInt128(1) << 52)
  }

  @Test func rangesMergeAndShareTables() {
    // Two 1-page ranges 1 MiB apart share every table; touching ranges merge.
    let ranges = [
      AddressRange(start: 0x10_0000, end: 0x10_1000), AddressRange(start: 0, end: 0x1000),
      AddressRange(start: 0x1000, end: 0x2000), AddressRange(start: 0x800, end: 0x1800),
    ]
    let result = x86_64.footprint(of: ranges)
    #expect(result.dataPages == 3)
    #expect(result.pageTablePagesPerLevel == [1, 1, 1, 1])
    // Kernel-half and user-half mappings need separate PDPTs, PDs and PTs.
    let split = x86_64.footprint(of: [AddressRange(start: 0, end: 1), AddressRange(start: 1 << 47, end: (1 << 47) + 1)])
    #expect(split.pageTablePagesPerLevel == [1, 2, 2, 2])
  }

  @Test func addressChecks() {
    // Crosses from the lower half into the non-canonical hole.
    #expect(throws: AddressError.self) { try x86_64.footprint(of: .bytes(2), placement: .at(0x7fff_ffff_ffff)) }
    // Not canonical.
    #expect(throws: AddressError.self) { try x86_64.footprint(of: .bytes(1), placement: .at(0x8000_0000_0000)) }
    // Page workloads need a page-aligned start.
    #expect(throws: AddressError.self) { try x86_64.footprint(of: .pages(1), placement: .at(0x10)) }
    // Overflow is an error, not a trap.
    #expect(throws: AddressError.self) { try x86_64.footprint(of: .pages(UInt128(1) << 120)) }
    #expect(throws: AddressError.self) { try x86_64.footprint(of: .allocations(count: UInt128.max, size: 2)) }
    // The upper half is usable from its canonical start.
    #expect(throws: Never.self) { try x86_64.footprint(of: .pages(1), placement: .at(0xffff_8000_0000_0000)) }
  }
}

/// A second method: walk every page, find the largest leaf whose aligned
/// block lies wholly inside the mapping, and collect each level's table
/// prefixes in sets. Independent of the range-splitting the engine uses.
@Suite struct FootprintCrossCheck {
  static func bruteForce(_ arch: Architecture, _ ranges: [AddressRange], largePages: Bool) -> (
    data: UInt128, tables: [UInt128]
  ) {
    var pages = Set<UInt128>()
    for range in ranges where !range.isEmpty {
      var page = range.start >> arch.offsetBits
      while page <= (range.end - 1) >> arch.offsetBits {
        pages.insert(page)
        page += 1
      }
    }
    func covered(_ first: UInt128, _ count: UInt128) -> Bool {
      var page = first
      while page < first + count {
        if !pages.contains(page) { return false }
        page += 1
      }
      return true
    }
    var prefixes = [Set<UInt128>](repeating: [], count: arch.levelCount)
    for page in pages {
      let address = page << arch.offsetBits
      var leaf = arch.bottomLevel
      if largePages {
        for level in arch.leafLevels where level != arch.bottomLevel {
          let pagesInBlock = arch.entrySpan(atLevel: level) >> arch.offsetBits
          let blockStart = page / pagesInBlock * pagesInBlock
          if covered(blockStart, pagesInBlock) {
            leaf = level
            break
          }
        }
      }
      for level in 0...leaf { prefixes[level].insert(address >> arch.tableSpanBits(atLevel: level)) }
    }
    return (UInt128(pages.count), prefixes.map { UInt128($0.count) })
  }

  @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
  func randomRangesAgree(seed: UInt64) {
    var generator = SplitMix64(seed: seed)
    for arch in [TestArchitectures.teaching, TestArchitectures.pae, TestArchitectures.x86_32] {
      for _ in 0..<20 {
        var ranges: [AddressRange] = []
        // Small spaces: anywhere; large ones: within a few tables' reach.
        let limit = min(arch.addressSpaceBytes, UInt128(1) << 24)
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
          let start = UInt128(UInt64.random(in: 0..<UInt64(limit), using: &generator))
          let maxLength = min(limit - start, UInt128(1) << 23)
          let length = UInt128(UInt64.random(in: 0...UInt64(maxLength), using: &generator))
          ranges.append(AddressRange(start: start, end: start + length))
        }
        for large in [false, true] {
          let engine = arch.footprint(of: ranges, largePages: large)
          let reference = Self.bruteForce(arch, ranges, largePages: large)
          #expect(engine.dataPages == reference.data, "\(arch.name) \(ranges) large=\(large)")
          #expect(engine.pageTablePagesPerLevel == reference.tables, "\(arch.name) \(ranges) large=\(large)")
        }
      }
    }
  }
}
