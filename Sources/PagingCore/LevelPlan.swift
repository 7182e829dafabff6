/// How many levels an address width needs, and how its bits split.
///
/// Each level indexes a full page of entries except the root, which takes what
/// is left over:
///
///     let plan = try LevelPlan(virtualAddressBits: 64, pageSize: 4096, entrySize: 8)
///     plan.indexBits   // [7, 9, 9, 9, 9, 9]: six levels
///
/// - Complexity: O(*levels*).
public struct LevelPlan: Sendable, Equatable {
  /// The address width the plan splits, offset included.
  public let virtualAddressBits: Int
  /// Bits of the page offset, log2 of the page size.
  public let offsetBits: Int
  /// Bytes per entry.
  public let entrySize: Int
  /// Index bits per level, root first.
  public let indexBits: [Int]

  /// The levels `virtualAddressBits` needs with pages of `pageSize` bytes and entries of `entrySize`.
  ///
  /// - Throws: ``ArchitectureError`` naming the descriptor key at fault (`virtual_address_bits`, `entry_size`,
  ///   `page_size`) when the width is outside 1...64, the entry or page size is not a power of two, a page holds
  ///   fewer than two entries, or the offset leaves no bits to translate.
  public init(virtualAddressBits: Int, pageSize: UInt128, entrySize: Int) throws(ArchitectureError) {
    guard (1...64).contains(virtualAddressBits) else {
      throw ArchitectureError(
        at: .virtualAddressBits, "expected an integer from 1 to 64, got \(virtualAddressBits)")
    }
    guard entrySize > 0, entrySize & (entrySize - 1) == 0, entrySize <= 16 else {
      throw ArchitectureError(at: .entrySize, "expected 1, 2, 4, 8 or 16 bytes, got \(entrySize)")
    }
    guard pageSize > 0, pageSize & (pageSize - 1) == 0 else {
      throw ArchitectureError(at: .pageSize, "\(pageSize) is not a power of two")
    }
    guard pageSize >= 2 * UInt128(entrySize) else {
      throw ArchitectureError(
        at: .pageSize, "a \(pageSize)-byte page must hold at least two \(entrySize)-byte entries")
    }
    let offsetBits = pageSize.trailingZeroBitCount
    guard offsetBits < virtualAddressBits else {
      throw ArchitectureError(
        at: .pageSize,
        "a \(offsetBits)-bit page offset leaves no bits of a \(virtualAddressBits)-bit address to translate")
    }
    self.virtualAddressBits = virtualAddressBits
    self.offsetBits = offsetBits
    self.entrySize = entrySize
    self.indexBits = Self.split(
      translatedBits: virtualAddressBits - offsetBits,
      bitsPerLevel: offsetBits - entrySize.trailingZeroBitCount)
  }

  /// Levels in the plan, root included.
  public var levelCount: Int { indexBits.count }
  /// Index bits of every level but the root: a page's worth of entries.
  public var bitsPerFullLevel: Int { offsetBits - entrySize.trailingZeroBitCount }
  /// Bits the levels translate: the address width less the offset.
  public var translatedBits: Int { virtualAddressBits - offsetBits }

  /// `translatedBits` in full levels of `bitsPerLevel`, the remainder at the root.
  static func split(translatedBits: Int, bitsPerLevel: Int) -> [Int] {
    let count = (translatedBits + bitsPerLevel - 1) / bitsPerLevel
    let root = translatedBits - (count - 1) * bitsPerLevel
    return [root] + Array(repeating: bitsPerLevel, count: count - 1)
  }
}
