private typealias Key = DescriptorKey

extension Architecture {
  /// Checks that `spec` describes a possible architecture and builds it,
  /// deriving the levels when the spec leaves them out.
  ///
  /// - Throws: ``ArchitectureError`` naming the first field that is wrong.
  public init(validating spec: ArchitectureSpec) throws(ArchitectureError) {
    try Self.checkName(spec.name)
    guard (1...64).contains(spec.virtualAddressBits) else {
      throw ArchitectureError(
        at: .virtualAddressBits,
        "expected an integer from 1 to 64, got \(spec.virtualAddressBits)")
    }
    let va = spec.virtualAddressBits
    let pointerBits = spec.pointerBits ?? (va <= 32 ? 32 : 64)
    guard pointerBits == 32 || pointerBits == 64 else {
      throw ArchitectureError(at: .pointerBits, "expected 32 or 64, got \(pointerBits)")
    }
    guard pointerBits >= va else {
      throw ArchitectureError(
        at: .pointerBits,
        "\(pointerBits)-bit pointers cannot hold \(va)-bit virtual addresses")
    }
    let upperBits: UpperBitsRule
    if pointerBits > va {
      guard let rule = spec.upperBits, rule != .none else {
        throw ArchitectureError(
          at: .upperBits,
          "required when \(Key.pointerBits) (\(pointerBits)) exceeds \(Key.virtualAddressBits) (\(va)): sign_extend, zero or ignore"
        )
      }
      upperBits = rule
    } else {
      if let rule = spec.upperBits, rule != .none {
        throw ArchitectureError(
          at: .upperBits,
          "all \(pointerBits) pointer bits are translated, so there are no upper bits to be \(rule.rawValue)")
      }
      upperBits = .none
    }
    let rootSelection = try Self.checkRootSelection(
      spec.rootSelection, rule: upperBits, virtualAddressBits: va,
      pointerBits: pointerBits)
    guard (1...64).contains(spec.physicalAddressBits) else {
      throw ArchitectureError(
        at: .physicalAddressBits,
        "expected an integer from 1 to 64, got \(spec.physicalAddressBits)")
    }
    guard spec.entrySize > 0, spec.entrySize & (spec.entrySize - 1) == 0, spec.entrySize <= 16 else {
      throw ArchitectureError(at: .entrySize, "expected 1, 2, 4, 8 or 16 bytes, got \(spec.entrySize)")
    }
    guard spec.pageSize > 0, spec.pageSize & (spec.pageSize - 1) == 0 else {
      throw ArchitectureError(at: .pageSize, "\(spec.pageSize) is not a power of two")
    }
    let offsetBits = spec.pageSize.trailingZeroBitCount
    guard spec.pageSize >= 2 * UInt128(spec.entrySize) else {
      throw ArchitectureError(
        at: .pageSize,
        "a \(spec.pageSize)-byte page must hold at least two \(spec.entrySize)-byte entries")
    }
    guard offsetBits < va else {
      throw ArchitectureError(
        at: .pageSize,
        "a \(offsetBits)-bit page offset leaves no bits of a \(va)-bit address to translate")
    }
    guard spec.physicalAddressBits > offsetBits else {
      throw ArchitectureError(
        at: .physicalAddressBits,
        "\(spec.physicalAddressBits) bits cannot address more than one \(spec.pageSize)-byte page")
    }
    let fullBits = offsetBits - spec.entrySize.trailingZeroBitCount

    let levels: [Level]
    if let levelSpecs = spec.levels {
      levels = try Self.checkLevels(
        levelSpecs, offsetBits: offsetBits, fullBits: fullBits,
        entrySize: spec.entrySize, virtualAddressBits: va)
    } else {
      levels = Self.deriveLevels(virtualAddressBits: va, offsetBits: offsetBits, bitsPerLevel: fullBits)
    }
    let largePagesKeepTheirOwnAddress = spec.levels?.contains { $0.largePageFrame != nil } ?? false
    let format = try Self.checkEntryFormat(
      spec.entryFormat, entrySize: spec.entrySize,
      offsetBits: offsetBits,
      physicalAddressBits: largePagesKeepTheirOwnAddress ? offsetBits + 1 : spec.physicalAddressBits,
      hasLargePages: levels.dropLast().contains { $0.mapsLeaves })
    let finalLevels = try Self.checkLevelFormats(
      spec.levels ?? [], levels: levels, format: format,
      entryBits: spec.entrySize * 8, offsetBits: offsetBits,
      physicalAddressBits: spec.physicalAddressBits)
    guard !spec.sources.isEmpty else {
      throw ArchitectureError(at: .sources, "name at least one manual section or header the facts come from")
    }
    self.init(
      spec: spec, offsetBits: offsetBits, levels: finalLevels, derived: spec.levels == nil,
      format: format, upperBits: upperBits, rootSelection: rootSelection, pointerBits: pointerBits)
  }

  /// Full levels at the bottom, whatever is left over at the root: the rule
  /// ARM uses to choose its start level.
  static func deriveLevels(virtualAddressBits: Int, offsetBits: Int, bitsPerLevel: Int) -> [Level] {
    let bits = LevelPlan.split(translatedBits: virtualAddressBits - offsetBits, bitsPerLevel: bitsPerLevel)
    return bits.enumerated().map { index, indexBits in
      Level(name: "L\(bits.count - index)", indexBits: indexBits, mapsLeaves: index == bits.count - 1)
    }
  }

  private static func checkName(_ name: String) throws(ArchitectureError) {
    let allowed = name.utf8.allSatisfy {
      ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
        || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
    }
    guard !name.isEmpty, allowed else {
      throw ArchitectureError(
        at: .name, "expected lower-case letters, digits, '-', '_' or '.', got \(quotedForMessage(name))")
    }
  }

  private static func checkLevels(
    _ specs: [ArchitectureSpec.LevelSpec], offsetBits: Int, fullBits: Int,
    entrySize: Int, virtualAddressBits: Int
  ) throws(ArchitectureError) -> [Level] {
    guard !specs.isEmpty else {
      throw ArchitectureError(at: .levels, "needs at least one level (or leave it out to derive the levels)")
    }
    var names = Set<String>()
    for (index, level) in specs.enumerated() {
      guard !level.name.isEmpty else {
        throw ArchitectureError(path: "\(Key.levels)[\(index)].\(Key.name)", "must not be empty")
      }
      // Level names head table columns and walk steps: one short line.
      guard level.name.unicodeScalars.count <= 16, quotedForMessage(level.name) == "\"\(level.name)\"" else {
        throw ArchitectureError(
          path: "\(Key.levels)[\(index)].\(Key.name)",
          "expected a short printable name (at most 16 characters), got \(quotedForMessage(level.name))")
      }
      guard names.insert(level.name).inserted else {
        throw ArchitectureError(
          path: "\(Key.levels)[\(index)].\(Key.name)", "\(quotedForMessage(level.name)) names two levels")
      }
      guard level.indexBits >= 1 else {
        throw ArchitectureError(
          path: "\(Key.levels)[\(index)].\(Key.indexBits)", "expected at least 1, got \(level.indexBits)")
      }
      try checkTablePages(level, index: index, offsetBits: offsetBits, fullBits: fullBits, entrySize: entrySize)
    }
    let total = specs.reduce(offsetBits) { $0 + $1.indexBits }
    guard total == virtualAddressBits else {
      let parts = specs.map { String($0.indexBits) }.joined(separator: " + ")
      throw ArchitectureError(
        at: .levels,
        "index bits \(parts) plus a \(offsetBits)-bit offset make \(total) bits, but \(Key.virtualAddressBits) is \(virtualAddressBits)"
      )
    }
    var levels: [Level] = []
    var bitsBelow = specs.reduce(0) { $0 + $1.indexBits }
    for (index, level) in specs.enumerated() {
      bitsBelow -= level.indexBits
      let isBottom = index == specs.count - 1
      if let largePage = level.largePage {
        if isBottom {
          throw ArchitectureError(
            path: "\(Key.levels)[\(index)].\(Key.largePage)",
            "the bottom level maps base pages; large pages belong to the levels above it")
        }
        let span = UInt128(1) << (offsetBits + bitsBelow)
        guard largePage == span else {
          throw ArchitectureError(
            path: "\(Key.levels)[\(index)].\(Key.largePage)",
            "\(formatBytes(largePage)) does not match the \(formatBytes(span)) one \(level.name) entry spans")
        }
      }
      levels.append(
        Level(
          name: level.name, indexBits: level.indexBits, mapsLeaves: isBottom || level.largePage != nil,
          pages: max(1, level.pages ?? 1)))
    }
    return levels
  }

  /// The most pages a root may span: AArch64 concatenates up to 16 stage-2
  /// tables at the start level (ARM ARM, "Concatenated translation tables"),
  /// and POWER9 radix's 4 KiB-page root is 16 pages (2^13 entries).
  static let maxRootPages = 16

  /// A table fits in one page, unless it is the root and says with `pages`
  /// how many it spans (exactly the pages its entries fill).
  private static func checkTablePages(
    _ level: ArchitectureSpec.LevelSpec, index: Int, offsetBits: Int,
    fullBits: Int, entrySize: Int
  ) throws(ArchitectureError) {
    let pageBytes = formatBytes(1 << offsetBits)
    let tableBytes = formatBytes(UInt128(entrySize) << min(level.indexBits, 100))
    if let pages = level.pages {
      guard index == 0 else {
        throw ArchitectureError(
          path: "\(Key.levels)[\(index)].\(Key.pages)", "only the root table may span several pages")
      }
      guard (1...maxRootPages).contains(pages), pages & (pages - 1) == 0 else {
        throw ArchitectureError(
          path: "\(Key.levels)[0].\(Key.pages)",
          "expected a power of two from 1 to \(maxRootPages), got \(pages)")
      }
      let needed = level.indexBits > fullBits ? level.indexBits - fullBits : 0
      guard needed < 6, 1 << needed == pages else {
        throw ArchitectureError(
          path: "\(Key.levels)[0].\(Key.pages)",
          "2^\(level.indexBits) entries of \(entrySize) bytes make a \(tableBytes) root, which fills \(needed < 6 ? String(1 << needed) : "more than \(maxRootPages)") \(pageBytes) page\(needed == 0 ? "" : "s"), not \(pages)"
        )
      }
    } else if level.indexBits > fullBits {
      let rootHint =
        index == 0 && level.indexBits - fullBits <= 4
        ? "; a root that spans several pages says so with \"pages\": \(1 << (level.indexBits - fullBits))"
        : " (at most \(fullBits) index bits)"
      throw ArchitectureError(
        path: "\(Key.levels)[\(index)].\(Key.indexBits)",
        "2^\(level.indexBits) entries of \(entrySize) bytes need \(tableBytes), more than one \(pageBytes) page holds\(rootHint)"
      )
    }
  }

  private static func checkEntryFormat(
    _ spec: ArchitectureSpec.EntryFormatSpec, entrySize: Int, offsetBits: Int,
    physicalAddressBits: Int, hasLargePages: Bool
  ) throws(ArchitectureError) -> EntryFormat {
    let entryBits = entrySize * 8
    let path = Key.entryFormat.rawValue
    // Every field's bits, in key order, to find overlaps.
    var owners: [(key: DescriptorKey, low: Int, width: Int)] = []
    for key in DescriptorKey.singleBitFields {
      guard let bit = spec.bits[key] else { continue }
      guard bit >= 0, bit < entryBits else {
        throw ArchitectureError(path: "\(path).\(key)", "bit \(bit) is outside a \(entryBits)-bit entry")
      }
      owners.append((key, bit, 1))
    }
    guard spec.frameBits >= 1 else {
      throw ArchitectureError(path: "\(path).\(Key.frame).\(Key.bits)", "expected at least 1, got \(spec.frameBits)")
    }
    guard spec.frameLowBit >= 0, spec.frameLowBit + spec.frameBits <= entryBits else {
      throw ArchitectureError(
        path: "\(path).\(Key.frame)",
        "bits \(spec.frameLowBit) to \(spec.frameLowBit + spec.frameBits - 1) do not fit in a \(entryBits)-bit entry")
    }
    let neededFrameBits = physicalAddressBits - offsetBits
    guard spec.frameBits >= neededFrameBits else {
      throw ArchitectureError(
        path: "\(path).\(Key.frame).\(Key.bits)",
        "\(spec.frameBits) bits of frame number cannot address \(physicalAddressBits)-bit physical memory in \(pageSizeAdjective(1 << offsetBits)) pages (needs \(neededFrameBits))"
      )
    }
    owners.append((.frame, spec.frameLowBit, spec.frameBits))
    for (index, field) in owners.enumerated() {
      for earlier in owners[..<index] {
        let overlaps = field.low < earlier.low + earlier.width && earlier.low < field.low + field.width
        if overlaps {
          throw ArchitectureError(path: "\(path).\(field.key)", "overlaps \(earlier.key)")
        }
      }
    }

    let bits = spec.bits
    guard let present = bits[.present] else {
      throw ArchitectureError(path: "\(path).\(Key.present)", "missing required key")
    }
    // No write bit at all is a format that grants every access (OSTEP's
    // machines have only a valid bit and a frame number).
    let write: EntryFormat.PermissionBit?
    switch (bits[.writable], bits[.readOnly]) {
    case (let grant?, nil): write = .grants(grant)
    case (nil, let deny?): write = .denies(deny)
    case (nil, nil): write = nil
    default:
      throw ArchitectureError(path: path, "takes at most one of \(Key.writable) and \(Key.readOnly)")
    }
    let execute: EntryFormat.PermissionBit?
    switch (bits[.executable], bits[.noExecute]) {
    case (let grant?, nil): execute = .grants(grant)
    case (nil, let deny?): execute = .denies(deny)
    case (nil, nil): execute = nil
    default:
      throw ArchitectureError(path: path, "takes at most one of \(Key.executable) and \(Key.noExecute)")
    }
    let leafEncoding: EntryFormat.LeafEncoding
    typealias Kind = ArchitectureSpec.EntryFormatSpec.LeafEncodingKind
    func reject(_ key: DescriptorKey, _ kind: Kind)
      throws(ArchitectureError)
    {
      if bits[key] != nil {
        throw ArchitectureError(path: "\(path).\(key)", "applies only when \(Key.leafEncoding) is \(kind.rawValue)")
      }
    }
    switch spec.leafEncoding {
    case .largePageBit:
      try reject(.table, .tableBit)
      try reject(.readable, .permissionBits)
      if let bit = bits[.largePage] {
        leafEncoding = .largePageBit(bit)
      } else if hasLargePages {
        throw ArchitectureError(path: "\(path).\(Key.largePage)", "required: some level maps large pages")
      } else {
        leafEncoding = .largePageBit(nil)
      }
    case .tableBit:
      try reject(.largePage, .largePageBit)
      try reject(.readable, .permissionBits)
      guard let bit = bits[.table] else {
        throw ArchitectureError(
          path: "\(path).\(Key.table)", "required when \(Key.leafEncoding) is \(Kind.tableBit.rawValue)")
      }
      leafEncoding = .tableBit(bit)
    case .permissionBits:
      try reject(.largePage, .largePageBit)
      try reject(.table, .tableBit)
      guard let readable = bits[.readable] else {
        throw ArchitectureError(
          path: "\(path).\(Key.readable)", "required when \(Key.leafEncoding) is \(Kind.permissionBits.rawValue)")
      }
      guard case .grants? = write, case .grants? = execute else {
        throw ArchitectureError(
          path: path,
          "\(Kind.permissionBits.rawValue) needs \(Key.writable) and \(Key.executable) bits: a leaf is an entry with R, W or X set"
        )
      }
      leafEncoding = .permissionBits(readable: readable)
    }
    return EntryFormat(
      leafEncoding: leafEncoding, pointerPermissions: spec.pointerPermissions,
      present: present, write: write, user: bits[.user], accessed: bits[.accessed],
      dirty: bits[.dirty], global: bits[.global], execute: execute,
      frameLowBit: spec.frameLowBit, frameBits: spec.frameBits)
  }
}
