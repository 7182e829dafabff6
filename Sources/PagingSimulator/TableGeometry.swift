import PagingCore

/// Per-level shifts and masks, worked out once so walks are shifts and ands.
/// A class, so iterators carry one reference; the per-level figures sit in
/// one unsafe buffer so a walk reads them without bounds checks (`level` is
/// always below `levelCount` by construction of every caller).
///
/// `@usableFromInline` (with the members the iterator's inlinable fast paths
/// read): those paths are inlined into client modules, so page-by-page
/// loops outside this module cost no call per step.
@usableFromInline
final class TableGeometry: @unchecked Sendable {
  @usableFromInline
  struct Level {
    /// log2 of the span of one entry.
    @usableFromInline var shift: UInt64
    /// Entries per table, minus one.
    @usableFromInline var indexMask: UInt64
    /// Span of one entry, minus one (fits even for a 2^64 span).
    var spanMask: UInt64
    /// log2 of the span of a whole table (64 or more for the root of a full space).
    var tableShift: Int
    /// The address bits above one table's span (zero when the table spans
    /// the whole space): two addresses share a table at this level exactly
    /// when `(a ^ b) & tableHighMask == 0`.
    @usableFromInline var tableHighMask: UInt64
    /// Base-page frames one leaf covers (saturating for spans no simulated
    /// memory could hold).
    var framesPerEntry: Int
    var mapsLeaves: Bool
  }

  let levelCount: Int
  @usableFromInline let bottom: Int
  @usableFromInline let offsetBits: Int
  /// The highest translated address: 2^bits - 1.
  @usableFromInline let lastAddress: UInt64
  /// Offset bits within a base page.
  @usableFromInline let pageMask: UInt64
  @usableFromInline let levels: UnsafeMutablePointer<Level>
  /// The bottom level's shift and index mask, and the mask for the
  /// iterator's step within a bottom-level table: `(a ^ b) & mask == 0`
  /// exactly when `b`, in the same bottom-level table as `a` (which is in
  /// the space), is in the space too and shares that table.
  @usableFromInline let bottomShift: UInt64
  @usableFromInline let bottomIndexMask: UInt64
  @usableFromInline let bottomSameTableMask: UInt64

  init(_ arch: Architecture) {
    levelCount = arch.levelCount
    bottom = arch.bottomLevel
    offsetBits = arch.offsetBits
    lastAddress = arch.virtualAddressBits == 64 ? .max : (UInt64(1) << UInt64(arch.virtualAddressBits)) - 1
    pageMask = (UInt64(1) << UInt64(arch.offsetBits)) - 1
    levels = .allocate(capacity: arch.levelCount)
    for index in arch.levels.indices {
      let shift = arch.entrySpanBits(atLevel: index)
      let frameBits = shift - arch.offsetBits
      levels.advanced(by: index).initialize(
        to: Level(
          shift: UInt64(shift),
          indexMask: (UInt64(1) << UInt64(arch.levels[index].indexBits)) - 1,
          spanMask: shift >= 64 ? .max : (UInt64(1) << UInt64(shift)) - 1,
          tableShift: arch.tableSpanBits(atLevel: index),
          tableHighMask: arch.tableSpanBits(atLevel: index) >= 64
            ? 0 : ~((UInt64(1) << UInt64(arch.tableSpanBits(atLevel: index))) - 1),
          framesPerEntry: frameBits >= 62 ? 1 << 62 : 1 << frameBits,
          mapsLeaves: arch.levels[index].mapsLeaves))
    }
    bottomShift = levels[bottom].shift
    bottomIndexMask = levels[bottom].indexMask
    bottomSameTableMask = levels[bottom].tableHighMask | ~lastAddress
  }

  deinit { levels.deallocate() }

  @inlinable @inline(__always)
  subscript(level: Int) -> Level { levels[level] }

  @inline(__always)
  func index(of address: UInt64, level: Int) -> Int {
    // An entry's span is below 2^64 (every level indexes at least one bit),
    // so the masking shift is exact.
    let info = levels[level]
    return Int(truncatingIfNeeded: (address &>> info.shift) & info.indexMask)
  }

  @inline(__always)
  func spanMask(level: Int) -> UInt64 { levels[level].spanMask }

  @inline(__always)
  func framesPerEntry(level: Int) -> Int { levels[level].framesPerEntry }

  @inline(__always)
  func mapsLeaves(level: Int) -> Bool { levels[level].mapsLeaves }
}
