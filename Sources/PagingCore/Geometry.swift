// The fixed quantities of an architecture: what the classic questions ask.
// Everything is exact. With at most 64 translated bits and 16-byte entries no
// value here exceeds 2^68, so UInt128 arithmetic cannot overflow.

extension Architecture {
  /// Entries in a full page of entries: page size / entry size.
  ///
  ///     x86-32: 4096 / 4 = 1024
  public var entriesPerPage: UInt128 { pageSize / UInt128(entrySize) }

  /// Index bits a table filling exactly one page would take: log2(entries per page).
  public var bitsPerFullLevel: Int { offsetBits - entrySize.trailingZeroBitCount }

  /// Bits translated by the tables (everything but the offset).
  public var translatedBits: Int { virtualAddressBits - offsetBits }

  /// Base pages in the virtual address space: 2^(virtual bits - offset bits).
  public var virtualPageCount: UInt128 { 1 << translatedBits }

  /// Bytes in the virtual address space (2^64 for a full 64-bit space).
  public var addressSpaceBytes: UInt128 { 1 << virtualAddressBits }

  /// The size a single flat table with one entry per virtual page would need.
  ///
  ///     x86-32: 2^20 entries × 4 bytes = 4 MiB
  public var singleLevelTableBytes: UInt128 { virtualPageCount * UInt128(entrySize) }

  /// Entries in one table at `level` (root is 0).
  public func entries(atLevel level: Int) -> UInt128 { 1 << levels[level].indexBits }

  /// Bytes in one table at `level`; smaller than a page for a partial root,
  /// several pages for a root that spans them.
  public func tableBytes(atLevel level: Int) -> UInt128 { entries(atLevel: level) * UInt128(entrySize) }

  /// Pages one table at `level` occupies: 1, or the pages of a wide root.
  ///
  ///     riscv-sv39x4: tablePages(atLevel: 0) == 4   // 2^11 entries × 8 bytes = 16 KiB
  public func tablePages(atLevel level: Int) -> UInt128 { UInt128(levels[level].pages) }

  /// Pages the root table occupies, allocated contiguous and aligned to
  /// their total size.
  public var rootPages: UInt128 { tablePages(atLevel: 0) }

  /// Why a root table cannot start at physical `address`, or nil when it
  /// can: a root of a page starts on a page, a wider one on a multiple of
  /// its size, a smaller one (PAE's 32-byte PDPT) anywhere.
  public func rootAlignmentProblem(_ address: UInt128) -> String? {
    let alignment = tableBytes(atLevel: 0) < pageSize ? 1 : rootPages * pageSize
    guard address % alignment != 0 else { return nil }
    return rootPages > 1
      ? "\(formatHex(address)) is not the address of \(name)'s \(formatBytes(alignment)) root, which is aligned to its size"
      : "\(formatHex(address)) is not the address of a table"
  }

  /// log2 of the bytes one entry at `level` maps.
  public func entrySpanBits(atLevel level: Int) -> Int {
    levels[(level + 1)...].reduce(offsetBits) { $0 + $1.indexBits }
  }

  /// Bytes one entry at `level` maps: 4 KiB at the bottom, 2 MiB one up on x86-64.
  public func entrySpan(atLevel level: Int) -> UInt128 { 1 << entrySpanBits(atLevel: level) }

  /// log2 of the bytes one whole table at `level` maps.
  public func tableSpanBits(atLevel level: Int) -> Int { entrySpanBits(atLevel: level) + levels[level].indexBits }

  /// The most tables `level` can have: one for every entry of the level above.
  ///
  ///     x86-64: PML4 1, PDPT 2^9, PD 2^18, PT 2^27
  public func maxTables(atLevel level: Int) -> UInt128 {
    1 << levels[..<level].reduce(0) { $0 + $1.indexBits }
  }

  /// The most page-table pages a full address space needs: the sum over
  /// levels of tables times the pages each occupies.
  public var maxPageTablePages: UInt128 {
    levels.indices.reduce(0) { $0 + maxTables(atLevel: $1) * tablePages(atLevel: $1) }
  }

  /// Every base page of the address space plus every page-table page.
  public var maxPhysicalPages: UInt128 { virtualPageCount + maxPageTablePages }

  /// The levels that may hold leaves, root first, including the bottom.
  public var leafLevels: [Int] { levels.indices.filter { levels[$0].mapsLeaves } }

  /// Large-page sizes, largest first.
  public var largePageSizes: [UInt128] {
    leafLevels.dropLast().map { entrySpan(atLevel: $0) }
  }
}
