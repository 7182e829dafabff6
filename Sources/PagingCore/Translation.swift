/// How the page tables split one virtual address.
///
///     let t = x86_64.translation(of: 0x7fff_ffff_f123)
///     t.indexes   // [255, 511, 511, 511]: PML4, PDPT, PD, PT
///     t.offset    // 0x123
public struct Translation: Sendable, Equatable {
  /// The pointer as given, upper bits included.
  public let pointer: UInt128
  /// Whether the untranslated upper bits are valid; the walk still uses the
  /// translated bits either way, as `indexes` shows.
  public let canonical: Bool
  /// The table index at each level, root first.
  public let indexes: [UInt128]
  /// The byte within the page.
  public let offset: UInt128
}

extension Architecture {
  /// How the tables split `pointer`: the index at each level and the offset.
  ///
  ///     x86_64.translation(of: 0x7fff_ffff_f123).indexes   // [255, 511, 511, 511]
  ///
  /// A pointer whose upper bits are not what the architecture requires is still split (the hardware would fault
  /// before walking); ``Translation/canonical`` says whether it would.
  ///
  /// - Complexity: O(*levels*).
  public func translation(of pointer: UInt128) -> Translation {
    let address = translatedBits(of: pointer)
    let indexes = levels.indices.map { level in
      (address >> entrySpanBits(atLevel: level)) & (entries(atLevel: level) - 1)
    }
    return Translation(
      pointer: pointer, canonical: isCanonical(pointer), indexes: indexes,
      offset: address & (pageSize - 1))
  }

  /// The bit range `high-low` each level indexes, root first, then the offset's.
  public var bitRanges: [(name: String, high: Int, low: Int)] {
    var ranges: [(name: String, high: Int, low: Int)] = levels.indices.map { level in
      let low = entrySpanBits(atLevel: level)
      return (levels[level].name, low + levels[level].indexBits - 1, low)
    }
    ranges.append(("offset", offsetBits - 1, 0))
    return ranges
  }
}
