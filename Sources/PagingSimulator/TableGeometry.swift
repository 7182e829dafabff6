import PagingCore

/// Per-level shifts and masks, worked out once so walks are shifts and ands.
/// A class, so iterators carry one reference rather than four arrays.
final class TableGeometry: Sendable {
  let levelCount: Int
  let bottom: Int
  let offsetBits: Int
  /// log2 of the span of one entry at each level.
  let shifts: [Int]
  /// log2 of the span of a whole table at each level.
  let tableShifts: [Int]
  /// Entries per table at each level, minus one.
  let indexMasks: [UInt64]
  /// Whether each level may hold leaves.
  let mapsLeaves: [Bool]
  /// The highest translated address: 2^bits - 1.
  let lastAddress: UInt64
  /// Base-page frames one leaf at each level covers (saturating for spans
  /// no simulated memory could hold).
  let framesPerEntry: [Int]

  init(_ arch: Architecture) {
    levelCount = arch.levelCount
    bottom = arch.bottomLevel
    offsetBits = arch.offsetBits
    shifts = arch.levels.indices.map { arch.entrySpanBits(atLevel: $0) }
    tableShifts = arch.levels.indices.map { arch.tableSpanBits(atLevel: $0) }
    indexMasks = arch.levels.map { (UInt64(1) << UInt64($0.indexBits)) - 1 }
    mapsLeaves = arch.levels.map(\.mapsLeaves)
    lastAddress = arch.virtualAddressBits == 64 ? .max : (UInt64(1) << UInt64(arch.virtualAddressBits)) - 1
    framesPerEntry = arch.levels.indices.map {
      let bits = arch.entrySpanBits(atLevel: $0) - arch.offsetBits
      return bits >= 62 ? 1 << 62 : 1 << bits
    }
  }

  @inline(__always)
  func index(of address: UInt64, level: Int) -> Int {
    Int(truncatingIfNeeded: (address >> UInt64(shifts[level])) & indexMasks[level])
  }

  /// Bytes one entry at `level` maps, minus one (fits even for a 2^64 span).
  @inline(__always)
  func spanMask(level: Int) -> UInt64 {
    shifts[level] >= 64 ? .max : (UInt64(1) << UInt64(shifts[level])) - 1
  }
}
