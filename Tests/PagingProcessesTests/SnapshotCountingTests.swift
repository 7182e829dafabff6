import PagingCore
import PagingProcesses
import Testing

/// Page-table counts checked against a snapshot worked by hand, and against
/// a second, page-by-page counter on random snapshots.
@Suite struct SnapshotCountingTests {
  /// Three regions: a binary with two pages in different 2 MiB blocks, an
  /// anonymous region with two anonymous huge pages, and a stack page.
  static let handWorked = ProcessSnapshot(
    processID: 7, command: "hand", kernelRelease: "6.18.0", pagingMode: .fourLevel,
    mappings: [
      ProcessMapping(start: 0x40_0000, end: 0x80_0000, permissions: "r-xp", name: "/bin/hand"),
      ProcessMapping(start: 0x7f00_0000_0000, end: 0x7f00_0060_0000, permissions: "rw-p", name: ""),
      ProcessMapping(start: 0x7fff_fffd_e000, end: 0x7fff_ffff_f000, permissions: "rw-p", name: "[stack]"),
    ],
    populated: [
      PageRun(start: 0x40_0000, pages: 3), PageRun(start: 0x60_0000, pages: 1),
      PageRun(start: 0x7f00_0000_0000, pages: 1025), PageRun(start: 0x7fff_ffff_e000, pages: 1),
    ],
    hugePages: [HugePageRun(start: 0x7f00_0000_0000, count: 2, anonymous: true)],
    reportedVmPTEBytes: 12 * 4096, reportedVmRSSBytes: nil)

  @Test func handWorkedCounts() throws {
    // PML4: one. PDPT: PML4 entries 0 (0x400000), 254 (0x7f00...) and 255
    // (0x7fff...): three. PD: one under each PDPT (entries 0, 0 and 511):
    // three. PT: 2 MiB blocks 2 and 3 of the binary, the block at
    // 0x7f0000400000 after the two huge pages, and the stack's block: four.
    // VmPTE: PDPT + PD + PT = 10, plus 2 deposited = 12 pages.
    let analysis = try ProcessAnalysis(Self.handWorked)
    #expect(analysis.pageTablePagesPerLevel == [1, 3, 3, 4])
    #expect(analysis.depositedTables == 2)
    #expect(analysis.populatedPages == UInt128(3 + 1 + 1025 + 1))
    #expect(analysis.predictedVmPTEBytes == 12 * 4096)
    #expect(analysis.comparison == .agrees)
    #expect(analysis.accountedLevels == 1..<4)
    #expect(analysis.mappedBytes == 0x40_0000 + 0x60_0000 + 0x21000)
  }

  @Test func emptiedTablesAreBoundedByTheMappings() throws {
    // Every mapped 2 MiB block of the hand-worked snapshot holds a populated page.
    #expect(try ProcessAnalysis(Self.handWorked).emptiedTablesAtMost == 0)
    #expect(try ProcessAnalysis(Self.handWorked).emptyMappedBlocks(limit: 3).isEmpty)
    var snapshot = Self.handWorked
    // One more page mapped, never populated, in another 1 GiB (a new PD)
    // under the same PML4 entry 254 (the same PDPT): a PD and a PT at most.
    snapshot.mappings.insert(
      ProcessMapping(start: 0x7f10_0000_0000, end: 0x7f10_0000_1000, permissions: "r--p", name: "/lib/x"), at: 2)
    snapshot.reportedVmPTEBytes = 13 * 4096
    let analysis = try ProcessAnalysis(snapshot)
    #expect(analysis.emptiedTablesAtMost == 2)
    let blocks = analysis.emptyMappedBlocks(limit: 3)
    #expect(blocks.map(\.start) == [0x7f10_0000_0000])
    #expect(blocks.map(\.mapping) == ["/lib/x"])
    #expect(analysis.comparison == .kernelHoldsMore(pages: 1, vvar: false))
  }

  @Test func emptyBlocksInsideALargeMapping() throws {
    // 8 MiB mapped from 0x400000: blocks 0x400000, 0x600000, 0x800000 and
    // 0xa00000; pages populated in the first and the third only.
    let snapshot = ProcessSnapshot(
      processID: nil, command: "x", kernelRelease: "test", pagingMode: .fourLevel,
      mappings: [ProcessMapping(start: 0x40_0000, end: 0xc0_0000, permissions: "rw-p", name: "")],
      populated: [PageRun(start: 0x5f_f000, pages: 1), PageRun(start: 0x80_0000, pages: 2)],
      hugePages: [], reportedVmPTEBytes: nil, reportedVmRSSBytes: nil)
    let analysis = try ProcessAnalysis(snapshot)
    #expect(analysis.emptyMappedBlocks(limit: 5).map(\.start) == [0x60_0000, 0xa0_0000])
    #expect(analysis.emptyMappedBlocks(limit: 1).map(\.start) == [0x60_0000])
    #expect(analysis.emptiedTablesAtMost == 2)
  }

  @Test func fileHugePagesDepositNothing() throws {
    var snapshot = Self.handWorked
    snapshot.hugePages[0].anonymous = false
    let analysis = try ProcessAnalysis(snapshot)
    #expect(analysis.pageTablePagesPerLevel == [1, 3, 3, 4])
    #expect(analysis.predictedVmPTEBytes == 10 * 4096)
    #expect(analysis.comparison == .kernelHoldsMore(pages: 2, vvar: false))
  }

  @Test func fiveLevelModeCountsNeitherRootLevel() throws {
    var snapshot = Self.handWorked
    snapshot.pagingMode = .fiveLevel
    let analysis = try ProcessAnalysis(snapshot)
    // One PML5 and one PML4 above the same PDPTs, PDs and PTs.
    #expect(analysis.pageTablePagesPerLevel == [1, 1, 3, 3, 4])
    #expect(analysis.accountedLevels == 2..<5)
    #expect(analysis.predictedVmPTEBytes == 12 * 4096)
  }

  @Test func vvarExplainsAMissingTable() throws {
    var snapshot = Self.handWorked
    // A [vvar] mapping alone in its own 2 MiB block needs one more PT.
    snapshot.mappings.insert(
      ProcessMapping(start: 0x7fff_ff00_0000, end: 0x7fff_ff00_4000, permissions: "r--p", name: "[vvar]"), at: 2)
    snapshot.reportedVmPTEBytes = 13 * 4096
    let analysis = try ProcessAnalysis(snapshot)
    #expect(analysis.pfnMapTables == 1)
    #expect(analysis.comparison == .kernelHoldsMore(pages: 1, vvar: true))
  }

  @Test func mappingsAloneGiveAnUpperBound() throws {
    var snapshot = Self.handWorked
    snapshot.populated = nil
    snapshot.hugePages = []
    let analysis = try ProcessAnalysis(snapshot)
    // Every page mapped: the binary's 4 MiB is two PTs, the 6 MiB region
    // three, the stack one; the PDPTs and PDs are as before.
    #expect(analysis.pageTablePagesPerLevel == [1, 3, 3, 6])
    #expect(analysis.isUpperBound)
    #expect(analysis.comparison == .upperBound)
    #expect(analysis.predictedVmPTEBytes == 12 * 4096)
  }

  @Test func whatIfOnArchitecturesThatCannotHoldIt() throws {
    let analysis = try ProcessAnalysis(Self.handWorked)
    let costs = analysis.whatIf(on: [analysis.architecture])
    #expect(costs.map(\.largePages) == [false, true])
    // Base pages: the huge pages' 1024 pages need two more PTs than the host's count.
    #expect(costs[0].populated?.pageTablePagesPerLevel == [1, 3, 3, 6])
    #expect(costs[0].pageTableBytes == UInt128(13 * 4096))
    #expect(costs[1].populated?.pageTablePagesPerLevel == [1, 3, 3, 4])
    #expect(costs[0].upperBoundPageTableBytes == UInt128(13 * 4096))
    #expect(costs[0].upperBoundMappedBytes == analysis.mappedBytes)
  }

  /// A second counter: every populated page's table at each level, as a
  /// set of (level, table number) pairs, page by page.
  static func countPageByPage(_ snapshot: ProcessSnapshot) -> [Int] {
    var tables = [Set<UInt64>](repeating: [], count: 4)
    let huge = Set(snapshot.hugePages.flatMap { run in (0..<run.count).map { run.start + $0 * (2 << 20) } })
    for run in snapshot.populated ?? [] {
      for page in 0..<run.pages {
        let address = run.start + page * 4096
        let isHuge = huge.contains(address & ~((2 << 20) - 1))
        tables[0].insert(0)
        tables[1].insert(address >> 39)
        tables[2].insert(address >> 30)
        if !isHuge { tables[3].insert(address >> 21) }
      }
    }
    return tables.map(\.count)
  }

  @Test(arguments: [UInt64(1), 2, 3, 4, 5, 6, 7, 8])
  func randomSnapshotsAgreeWithPageByPageCount(seed: UInt64) throws {
    var random = SplitMix64(seed: seed)
    // Runs of 1-600 pages in a 64 GiB window, with random 2 MiB blocks made huge.
    var populated: [PageRun] = []
    var huge: [HugePageRun] = []
    var address: UInt64 = 0x7f00_0000_0000
    for _ in 0..<40 {
      address += (random.next() % 40_000 + 1) * 4096
      if random.next() % 4 == 0 {
        address = (address + (2 << 20) - 1) & ~((2 << 20) - 1)
        let blocks = random.next() % 3 + 1
        huge.append(HugePageRun(start: address, count: blocks, anonymous: random.next() % 2 == 0))
        populated.append(PageRun(start: address, pages: blocks * 512))
        address += blocks * (2 << 20)
      } else {
        let pages = random.next() % 600 + 1
        populated.append(PageRun(start: address, pages: pages))
        address += pages * 4096
      }
      address += 4096
    }
    let snapshot = ProcessSnapshot(
      processID: nil, command: "random", kernelRelease: "test", pagingMode: .fourLevel,
      mappings: [ProcessMapping(start: 0x7f00_0000_0000, end: address, permissions: "rw-p", name: "")],
      populated: populated, hugePages: huge, reportedVmPTEBytes: nil, reportedVmRSSBytes: nil)
    let analysis = try ProcessAnalysis(snapshot)
    #expect(analysis.pageTablePagesPerLevel.map { Int($0) } == Self.countPageByPage(snapshot))
    #expect(Int(analysis.depositedTables) == huge.filter(\.anonymous).reduce(0) { $0 + Int($1.count) })
  }
}
