/// The fewest pages a set of mappings needs: data pages, and page-table pages
/// level by level.
///
/// A page-table page at some level is needed for every distinct table-sized
/// block of addresses that holds at least one mapping reaching that level.
/// Counting those blocks range by range, instead of page by page, makes the
/// cost independent of how much is mapped:
///
///     let f = x86_64.footprint(of: [AddressRange(start: 0, end: 513 * 4096)])
///     f.pageTablePagesPerLevel   // [1, 1, 1, 2]
///     f.totalPages               // 513 + 5
///
/// - Complexity: O(*r* log *r* + *r* × *L*²) for *r* ranges and *L* levels
///   (O(*r* × *L*) without large pages); no dependence on the range sizes.
public struct Footprint: Sendable, Equatable {
  /// Base pages of mapped memory (a 2 MiB large page counts as 512).
  public var dataPages: UInt128
  /// Page-table pages at each level, root first. A root table smaller than a
  /// page still takes a page of its own; a root wider than a page counts
  /// every page it spans.
  public var pageTablePagesPerLevel: [UInt128]
  /// Leaf entries at each level, root first: how many pages of each size map
  /// the ranges.
  public var leavesPerLevel: [UInt128]

  /// Page-table pages at all levels together.
  public var pageTablePages: UInt128 { pageTablePagesPerLevel.reduce(0, +) }
  /// Every page the mappings cost: data and page tables.
  public var totalPages: UInt128 { dataPages + pageTablePages }
}

extension Architecture {
  /// The footprint of mapping every byte of `ranges` (translated addresses).
  ///
  /// Ranges are widened to whole pages and may overlap or touch. With
  /// `largePages`, each aligned stretch is mapped with the largest page that
  /// fits, which needs the fewest page-table pages.
  public func footprint(of ranges: [AddressRange], largePages: Bool = false) -> Footprint {
    footprint(ofLeaves: leafPieces(of: mergedPageRanges(ranges), largePages: largePages))
  }

  /// The footprint when only the large pages of `largePageLevels` may be
  /// used (base pages fill in the rest): one large-page size at a time.
  public func footprint(of ranges: [AddressRange], largePageLevels: [Int]) -> Footprint {
    let allowed = leafLevels.filter { $0 == bottomLevel || largePageLevels.contains($0) }
    return footprint(ofLeaves: leafPieces(of: mergedPageRanges(ranges), candidates: allowed))
  }

  /// The footprint of several groups of ranges, some mapped with large pages
  /// and some without (the groups must not overlap).
  public func footprint(of groups: [(ranges: [AddressRange], largePages: Bool)]) -> Footprint {
    let pieces = groups.flatMap { leafPieces(of: mergedPageRanges($0.ranges), largePages: $0.largePages) }
    return footprint(ofLeaves: pieces.sorted { $0.range.start < $1.range.start })
  }

  /// The footprint of ranges already split into leaves: each piece is
  /// mapped entirely by leaves of its level (so it is aligned to that
  /// level's entry span), and pieces do not overlap. For mappings whose leaf
  /// sizes were chosen elsewhere, such as a real process's transparent huge
  /// pages among its base pages.
  public func footprint(ofLeafPieces pieces: [(range: AddressRange, level: Int)]) -> Footprint {
    footprint(ofLeaves: pieces.sorted { $0.range.start < $1.range.start })
  }

  func footprint(ofLeaves pieces: [(range: AddressRange, level: Int)]) -> Footprint {
    var perLevel = [UInt128](repeating: 0, count: levels.count)
    var leaves = [UInt128](repeating: 0, count: levels.count)
    var dataBytes: UInt128 = 0
    for piece in pieces {
      dataBytes += piece.range.count
      leaves[piece.level] += piece.range.count >> entrySpanBits(atLevel: piece.level)
    }
    for level in levels.indices {
      // Tables at `level` serve every piece whose leaves sit at `level` or below.
      let shift = tableSpanBits(atLevel: level)
      var count: UInt128 = 0
      var lastBlock: UInt128? = nil
      for piece in pieces where piece.level >= level {
        let first = piece.range.start >> shift
        let last = (piece.range.end - 1) >> shift
        count += last - first + 1
        if first == lastBlock { count -= 1 }
        lastBlock = last
      }
      perLevel[level] = count * tablePages(atLevel: level)
    }
    return Footprint(dataPages: dataBytes >> offsetBits, pageTablePagesPerLevel: perLevel, leavesPerLevel: leaves)
  }

  /// How the fewest-tables mapping of `ranges` uses leaves: sorted pieces,
  /// each mapped entirely by leaves of one level. The simulator maps exactly
  /// these, so its tables can be checked against ``footprint(of:largePages:)``.
  public func leafDecomposition(of ranges: [AddressRange], largePages: Bool) -> [(range: AddressRange, level: Int)] {
    leafPieces(of: mergedPageRanges(ranges), largePages: largePages)
  }

  /// Sorted, disjoint, page-aligned ranges covering `ranges`; touching ranges
  /// are joined.
  func mergedPageRanges(_ ranges: [AddressRange]) -> [AddressRange] {
    let mask = pageSize - 1
    let aligned = ranges.filter { !$0.isEmpty }
      .map { AddressRange(start: $0.start & ~mask, end: ($0.end + mask) & ~mask) }
      .sorted { $0.start < $1.start }
    var merged: [AddressRange] = []
    for range in aligned {
      if let last = merged.last, range.start <= last.end {
        merged[merged.count - 1].end = max(last.end, range.end)
      } else {
        merged.append(range)
      }
    }
    return merged
  }

  /// Splits sorted page ranges into pieces mapped by leaves of one level each,
  /// in address order: large pages for the aligned middles, smaller ones for
  /// the ragged ends.
  func leafPieces(of ranges: [AddressRange], largePages: Bool) -> [(range: AddressRange, level: Int)] {
    leafPieces(of: ranges, candidates: largePages ? leafLevels : [bottomLevel])
  }

  func leafPieces(of ranges: [AddressRange], candidates: [Int]) -> [(range: AddressRange, level: Int)] {
    var pieces: [(range: AddressRange, level: Int)] = []
    func split(_ range: AddressRange, _ choices: ArraySlice<Int>) {
      guard !range.isEmpty else { return }
      guard let level = choices.first, level != bottomLevel else {
        pieces.append((range, bottomLevel))
        return
      }
      let span = entrySpan(atLevel: level)
      let start = (range.start + span - 1) / span * span
      let end = range.end / span * span
      if start < end {
        split(AddressRange(start: range.start, end: start), choices.dropFirst())
        pieces.append((AddressRange(start: start, end: end), level))
        split(AddressRange(start: end, end: range.end), choices.dropFirst())
      } else {
        split(range, choices.dropFirst())
      }
    }
    for range in ranges { split(range, candidates[...]) }
    return pieces
  }
}
