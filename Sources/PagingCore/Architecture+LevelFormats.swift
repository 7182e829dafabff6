// Validation of what a level's entries may differ in, and of how the upper
// bits may choose among several trees.

private typealias Key = DescriptorKey

extension Architecture {
  /// Each level's own pointer rule and reserved bits: inside the entry, and
  /// clear of the present bit and the frame number.
  static func checkLevelFormats(
    _ specs: [ArchitectureSpec.LevelSpec], levels: [Level], format: EntryFormat,
    entryBits: Int, offsetBits: Int, physicalAddressBits: Int
  ) throws(ArchitectureError) -> [Level] {
    // The widest reach of any layout must cover the physical address.
    var reach = offsetBits + format.frameBits
    var bitsBelow = levels.reduce(0) { $0 + $1.indexBits }
    var checked: [Level] = []
    for (index, level) in levels.enumerated() {
      // Derived levels have no spec: the entry format's rules throughout.
      let spec =
        index < specs.count ? specs[index] : ArchitectureSpec.LevelSpec(name: level.name, indexBits: level.indexBits)
      let path = "\(Key.levels)[\(index)].\(Key.entryFormat)"
      if spec.pointerPermissions != nil && index == levels.count - 1 {
        throw ArchitectureError(
          path: "\(path).\(Key.pointerPermissions)", "the bottom level holds no pointers to tables")
      }
      var mask: UInt128 = 0
      let frame = (UInt128(1) << format.frameBits - 1) << format.frameLowBit
      for (rangeIndex, range) in spec.reserved.enumerated() {
        guard range.lowerBound >= 0, range.upperBound < entryBits else {
          throw ArchitectureError(
            path: "\(path).\(Key.reserved)[\(rangeIndex)]",
            "bits \(range.upperBound) to \(range.lowerBound) are outside a \(entryBits)-bit entry")
        }
        let bits = (UInt128(1) << (range.count) - 1) << range.lowerBound
        guard bits & (UInt128(1) << format.present) == 0, bits & frame == 0 else {
          throw ArchitectureError(
            path: "\(path).\(Key.reserved)[\(rangeIndex)]",
            "bits \(range.upperBound) to \(range.lowerBound) overlap the present bit or the frame number")
        }
        mask |= bits
      }
      bitsBelow -= level.indexBits
      if let pieces = spec.largePageFrame {
        let piecesPath = "\(path).\(Key.largePageFrame)"
        guard level.mapsLeaves, index != levels.count - 1 else {
          throw ArchitectureError(path: piecesPath, "applies only to a level with large pages")
        }
        var used = format.namedBits.reduce(UInt128(0)) { $0 | UInt128(1) << $1.bit } | mask
        for (pieceIndex, piece) in pieces.enumerated() {
          guard piece.width >= 1, piece.lowBit >= 0, piece.lowBit + piece.width <= entryBits else {
            throw ArchitectureError(
              path: "\(piecesPath)[\(pieceIndex)]",
              "\(piece.width) bits from bit \(piece.lowBit) do not fit in a \(entryBits)-bit entry")
          }
          let bits = (UInt128(1) << piece.width - 1) << piece.lowBit
          guard bits & used == 0 else {
            throw ArchitectureError(path: "\(piecesPath)[\(pieceIndex)]", "overlaps another field of the entry")
          }
          used |= bits
        }
        reach = max(reach, offsetBits + bitsBelow + pieces.reduce(0) { $0 + $1.width })
      }
      checked.append(
        Level(
          name: level.name, indexBits: level.indexBits, mapsLeaves: level.mapsLeaves, pages: level.pages,
          pointersCarryPermissions: spec.pointerPermissions ?? format.pointerPermissions,
          reservedMask: mask, largePageFrame: spec.largePageFrame))
    }
    guard reach >= physicalAddressBits else {
      throw ArchitectureError(
        path: "\(Key.entryFormat).\(Key.frame).\(Key.bits)",
        "\(format.frameBits) bits of frame number cannot address \(physicalAddressBits)-bit physical memory in \(pageSizeAdjective(1 << offsetBits)) pages (needs \(physicalAddressBits - offsetBits))"
      )
    }
    return checked
  }

  static func checkRootSelection(
    _ selection: RootSelection?, rule: UpperBitsRule, virtualAddressBits va: Int,
    pointerBits: Int
  ) throws(ArchitectureError) -> RootSelection? {
    guard rule == .selectRoot else {
      if selection != nil {
        throw ArchitectureError(
          at: .rootSelect, "applies only when \(Key.upperBits) is \(UpperBitsRule.selectRoot.rawValue)")
      }
      return nil
    }
    guard let selection else {
      throw ArchitectureError(at: .rootSelect, "required when \(Key.upperBits) is \(UpperBitsRule.selectRoot.rawValue)")
    }
    let path = Key.rootSelect.rawValue
    guard selection.lowBit >= va, selection.lowBit <= selection.highBit, selection.highBit < pointerBits else {
      throw ArchitectureError(
        path: "\(path).\(Key.bits)",
        "the selector must lie in the untranslated bits \(pointerBits - 1) to \(va), got \(selection.highBit) to \(selection.lowBit)"
      )
    }
    let width = selection.highBit - selection.lowBit + 1
    guard width <= 8 else {
      throw ArchitectureError(
        path: "\(path).\(Key.bits)", "a selector of \(width) bits is wider than the 8 this tool reads")
    }
    if selection.topByteIgnored {
      guard pointerBits == 64, selection.highBit < 56 else {
        throw ArchitectureError(
          path: "\(path).\(Key.topByteIgnore)", "needs 64-bit pointers and a selector below bit 56")
      }
    }
    guard !selection.roots.isEmpty else {
      throw ArchitectureError(path: "\(path).\(Key.roots)", "name at least one root")
    }
    var values = Set<UInt64>()
    for (index, root) in selection.roots.enumerated() {
      guard root.value < 1 << width else {
        throw ArchitectureError(
          path: "\(path).\(Key.roots)[\(index)].\(Key.value)", "\(root.value) does not fit in a \(width)-bit selector")
      }
      guard values.insert(root.value).inserted else {
        throw ArchitectureError(path: "\(path).\(Key.roots)[\(index)].\(Key.value)", "\(root.value) selects two roots")
      }
      guard !root.name.isEmpty, root.name.unicodeScalars.count <= 32, quotedForMessage(root.name) == "\"\(root.name)\""
      else {
        throw ArchitectureError(
          path: "\(path).\(Key.roots)[\(index)].\(Key.name)",
          "expected a short printable name (at most 32 characters), got \(quotedForMessage(root.name))")
      }
      if selection.otherBits == .copies, width != 1 {
        throw ArchitectureError(path: "\(path).\(Key.otherBits)", "copies needs a one-bit selector to copy")
      }
    }
    return selection
  }
}
