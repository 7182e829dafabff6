import PagingCore
import PagingDescriptors

/// A process's page tables counted on the architecture it ran on, its
/// VmPTE predicted by the kernel's accounting, and the same process on other
/// architectures.
///
///     let analysis = try ProcessAnalysis(snapshot)
///     analysis.pageTablePagesPerLevel   // [1, 6, 8, 19] on x86-64: PML4, PDPT, PD, PT
///     analysis.predictedVmPTEBytes      // (6 + 8 + 19 + deposited) × 4096
///
/// - Complexity: O(*r* log *r*) for *r* runs and mappings; the addresses'
///   spread and the amount mapped do not matter.
public struct ProcessAnalysis: Sendable {
  /// What was read.
  public let snapshot: ProcessSnapshot
  /// The built-in architecture of the snapshot's paging mode.
  public let architecture: Architecture
  /// Bytes the mappings span.
  public let mappedBytes: UInt128
  /// Populated base pages (a PMD-mapped block counts as 512), or nil when
  /// only the mappings are known.
  public let populatedPages: UInt128?
  /// Page-table pages per level (root first) the populated pages need, with
  /// the PMD-mapped blocks as 2 MiB leaves; when the pagemap was not read,
  /// the count for every mapped page, an upper bound.
  public let pageTablePagesPerLevel: [UInt128]
  /// Whether ``pageTablePagesPerLevel`` counts the mappings fully populated
  /// (the pagemap could not be read), an upper bound.
  public let isUpperBound: Bool
  /// PMD-mapped anonymous blocks: each keeps a deposited PTE page.
  public let depositedTables: UInt128
  /// PMD-mapped file or shared-memory blocks (no deposit on x86-64).
  public let fileHugePages: UInt128
  /// The levels VmPTE counts, root first (PDPT, PD and PT on x86-64).
  public let accountedLevels: Range<Int>
  /// VmPTE by the kernel's accounting: the accounted levels' pages plus the
  /// deposited tables, times the page size.
  public let predictedVmPTEBytes: UInt128
  /// Extra page-table pages VmPTE would count if the `[vvar]` mappings,
  /// which pagemap cannot show (VM_PFNMAP), were populated.
  public let pfnMapTables: UInt128
  /// The most accounted page-table pages the kernel can hold beyond the
  /// prediction: those every mapped page would need, less the predicted
  /// ones. A table outside every mapping is freed with its range, so kept
  /// (emptied) tables are never more than this.
  public let emptiedTablesAtMost: UInt128

  /// Counts `snapshot` on the built-in architecture of its paging mode.
  public init(_ snapshot: ProcessSnapshot) throws(AddressError) {
    guard let architecture = BuiltinArchitectures.named(snapshot.pagingMode.rawValue) else {
      throw AddressError("the built-in architecture \(snapshot.pagingMode.rawValue) is missing from this build")
    }
    self.snapshot = snapshot
    self.architecture = architecture
    let mappingRanges = snapshot.mappings.map { AddressRange(start: UInt128($0.start), end: UInt128($0.end)) }
    mappedBytes = mappingRanges.reduce(0) { $0 + $1.count }
    let accounted = max(0, architecture.levelCount - snapshot.pagingMode.accountedLevelCount)..<architecture.levelCount
    accountedLevels = accounted
    let anonymous = snapshot.hugePages.filter(\.anonymous).reduce(UInt128(0)) { $0 + UInt128($1.count) }
    let file = snapshot.hugePages.filter { !$0.anonymous }.reduce(UInt128(0)) { $0 + UInt128($1.count) }
    guard let populated = snapshot.populated else {
      let upper = architecture.footprint(of: mappingRanges)
      populatedPages = nil
      pageTablePagesPerLevel = upper.pageTablePagesPerLevel
      isUpperBound = true
      depositedTables = 0
      fileHugePages = 0
      predictedVmPTEBytes = accounted.reduce(0) { $0 + upper.pageTablePagesPerLevel[$1] } * architecture.pageSize
      pfnMapTables = 0
      emptiedTablesAtMost = 0
      return
    }
    let pieces = Self.leafPieces(populated: populated, huge: snapshot.hugePages, architecture: architecture)
    let footprint = architecture.footprint(ofLeafPieces: pieces)
    populatedPages = footprint.dataPages
    pageTablePagesPerLevel = footprint.pageTablePagesPerLevel
    isUpperBound = false
    depositedTables = anonymous
    fileHugePages = file
    let accountedPages = accounted.reduce(0) { $0 + footprint.pageTablePagesPerLevel[$1] } + anonymous
    predictedVmPTEBytes = accountedPages * architecture.pageSize
    // The [vvar] pages, as if pagemap showed them populated.
    let hidden = snapshot.mappings.filter { $0.name.hasPrefix("[vvar") }
      .map { (range: AddressRange(start: UInt128($0.start), end: UInt128($0.end)), level: architecture.bottomLevel) }
    let withHidden = architecture.footprint(ofLeafPieces: Self.withoutOverlaps(pieces + hidden))
    pfnMapTables = accounted.reduce(0) { $0 + withHidden.pageTablePagesPerLevel[$1] } + anonymous - accountedPages
    let everyPage = architecture.footprint(of: mappingRanges)
    let everyPageAccounted = accounted.reduce(0) { $0 + everyPage.pageTablePagesPerLevel[$1] }
    emptiedTablesAtMost = everyPageAccounted > accountedPages ? everyPageAccounted - accountedPages : 0
  }

  /// Populated runs as leaves: the PMD-mapped blocks as 2 MiB leaves, the
  /// rest as base pages.
  static func leafPieces(populated: [PageRun], huge: [HugePageRun], architecture: Architecture) -> [(
    range: AddressRange, level: Int
  )] {
    let hugeLevel = architecture.bottomLevel - 1
    var pieces: [(range: AddressRange, level: Int)] = huge.map {
      (AddressRange(start: UInt128($0.start), end: UInt128($0.end)), hugeLevel)
    }
    var next = 0
    for run in populated {
      var start = run.start
      // Skip the blocks that end before this run, then cut the run around those inside it.
      while next < huge.count, huge[next].end <= start { next += 1 }
      var index = next
      while index < huge.count, huge[index].start < run.end {
        if huge[index].start > start {
          pieces.append(
            (AddressRange(start: UInt128(start), end: UInt128(huge[index].start)), architecture.bottomLevel))
        }
        start = max(start, huge[index].end)
        index += 1
      }
      if start < run.end {
        pieces.append((AddressRange(start: UInt128(start), end: UInt128(run.end)), architecture.bottomLevel))
      }
    }
    return pieces
  }

  /// Pieces with every base-page piece cut where it overlaps one before it.
  static func withoutOverlaps(_ pieces: [(range: AddressRange, level: Int)]) -> [(range: AddressRange, level: Int)] {
    var result: [(range: AddressRange, level: Int)] = []
    for piece in pieces.sorted(by: { $0.range.start < $1.range.start }) {
      var range = piece.range
      if let last = result.last, range.start < last.range.end {
        range.start = min(last.range.end, range.end)
      }
      if !range.isEmpty { result.append((range, piece.level)) }
    }
    return result
  }

  /// VmPTE as the kernel reported it, in bytes.
  public var reportedVmPTEBytes: UInt128? { snapshot.reportedVmPTEBytes.map { UInt128($0) } }

  /// Page-table pages in all, root included.
  public var pageTablePages: UInt128 { pageTablePagesPerLevel.reduce(0, +) }

  /// Page-table bytes in all: every level, the root and the deposited tables.
  public var pageTableBytes: UInt128 { (pageTablePages + depositedTables) * architecture.pageSize }
}
