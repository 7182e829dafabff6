// The calculator's text: what `paging list`, `sizes` and `show` print.

extension Architecture {
  /// `paging list`: one row an architecture.
  public static func listingTable(_ archs: [Architecture]) -> String {
    var table = TextTable(header: ["name", "VA bits", "page", "entry", "levels", "large pages", "title"])
    for arch in archs {
      table.append([
        arch.name, "\(arch.virtualAddressBits)", formatBytes(arch.pageSize), "\(arch.entrySize) B",
        "\(arch.levelCount)", arch.largePageSizes.map(formatBytes).joined(separator: ", "), arch.title,
      ])
    }
    return table.rendered()
  }

  /// `paging sizes --table`: one row an architecture, the main sizing
  /// answers side by side.
  public static func sizesTable(_ archs: [Architecture]) -> String {
    var table = TextTable(header: [
      "name", "VA", "page", "entry", "offset", "entries/page", "levels (bits, root first)",
      "single-level table", "most page-table pages", "64-bit levels",
    ])
    for arch in archs {
      let full64 = try? LevelPlan(virtualAddressBits: 64, pageSize: arch.pageSize, entrySize: arch.entrySize)
      table.append([
        arch.name, "\(arch.virtualAddressBits)", formatBytes(arch.pageSize), "\(arch.entrySize) B",
        "\(arch.offsetBits)", "\(arch.entriesPerPage)",
        "\(arch.levelCount) (\(arch.levels.map { String($0.indexBits) }.joined(separator: "+")))",
        formatBytes(arch.singleLevelTableBytes), "\(arch.maxPageTablePages)",
        full64.map { "\($0.levelCount)" } ?? "-",
      ])
    }
    return table.rendered()
  }

  /// `paging sizes ARCH`: the sizing facts and a row a level, with the
  /// working of each answer when `explaining`.
  public func sizesText(explaining explain: Bool = false) -> String {
    let arch = self
    var facts = TextTable()
    facts.append([
      "virtual address bits", "\(arch.virtualAddressBits) (\(arch.pointerBits)-bit pointers; \(arch.canonicalRule))",
    ])
    facts.append(["page size", formatBytesExactly(arch.pageSize)])
    facts.append(["entry size", counted(arch.entrySize, "byte")])
    facts.append(["offset bits", "\(arch.offsetBits)"])
    facts.append(["entries per page", formatCount(arch.entriesPerPage)])
    facts.append(["bits per level", "\(arch.bitsPerFullLevel) (a page of entries holds 2^\(arch.bitsPerFullLevel))"])
    facts.append([
      "levels", "\(arch.levelCount): " + arch.levels.map { "\($0.name) \($0.indexBits)" }.joined(separator: ", "),
    ])
    if arch.rootPages > 1 {
      facts.append([
        "root table",
        "\(formatBytes(arch.tableBytes(atLevel: 0))): \(arch.rootPages) contiguous pages, aligned to their size",
      ])
    }
    facts.append(["single-level table", formatBytesExactly(arch.singleLevelTableBytes)])
    facts.append(["most page-table pages", formatCount(arch.maxPageTablePages)])
    facts.append(["most physical pages", formatCount(arch.maxPhysicalPages) + " (data and page-table pages)"])
    if !arch.largePageSizes.isEmpty {
      facts.append(["large pages", arch.largePageSizes.map(formatBytes).joined(separator: ", ")])
    }
    var levels = TextTable(header: [
      "level", "name", "index bits", "entries", "table size", "one entry maps", "most tables",
    ])
    for level in arch.levels.indices {
      levels.append([
        // Numbered from the bottom, as the course and WeensyOS do (PT is level 1).
        "\(arch.levelCount - level)", arch.levels[level].name, "\(arch.levels[level].indexBits)",
        "\(arch.entries(atLevel: level))",
        formatBytes(arch.tableBytes(atLevel: level)), formatBytes(arch.entrySpan(atLevel: level)),
        formatCount(arch.maxTables(atLevel: level)),
      ])
    }
    var lines = ["\(arch.name): \(arch.title)", facts.rendered(indent: 2), "", levels.rendered(indent: 2)]
    if explain {
      lines += ["", "  Working:", ExplanationStep.table(arch.sizingExplanation)]
    }
    return lines.joined(separator: "\n")
  }

  /// `paging show ARCH`: the address split, the levels, the entry format,
  /// sources and notes.
  public var descriptionText: String {
    let arch = self
    var lines = ["\(arch.name): \(arch.title)", arch.summary, ""]
    lines.append(
      "Virtual address: \(arch.pointerBits)-bit pointer, \(arch.virtualAddressBits) bits translated; \(arch.canonicalRule)."
    )
    lines.append(bitTable())
    lines.append("")
    lines.append(
      "Levels\(arch.levelsAreDerived ? " (derived: full levels at the bottom, the rest at the root)" : ""):")
    var levels = TextTable(header: ["level", "name", "bits", "entries", "table size", "one entry maps", "leaf"])
    for level in arch.levels.indices {
      let leaf = level == arch.bottomLevel ? "page" : arch.levels[level].mapsLeaves ? "large page" : "-"
      let bits = arch.bitRanges[level]
      levels.append([
        "\(arch.levelCount - level)", arch.levels[level].name,
        "\(bits.high)-\(bits.low) (\(arch.levels[level].indexBits))",
        "\(arch.entries(atLevel: level))",
        formatBytes(arch.tableBytes(atLevel: level))
          + (arch.tablePages(atLevel: level) > 1 ? " (\(arch.tablePages(atLevel: level)) pages)" : ""),
        formatBytes(arch.entrySpan(atLevel: level)), leaf,
      ])
    }
    lines.append(levels.rendered(indent: 2))
    lines.append("")
    let format = arch.entryFormat
    lines.append(
      "Entry format (\(counted(arch.entrySize, "byte")), \(format.leafEncodingName); permissions in pointer entries: \(format.pointerPermissions ? "yes" : "no")):"
    )
    var fields = TextTable(header: ["bits", "field"])
    var rows = format.namedBits.map { (low: $0.bit, text: "\($0.bit)", name: $0.name) }
    rows.append(
      (format.frameLowBit, "\(format.frameLowBit + format.frameBits - 1)-\(format.frameLowBit)", "frame number"))
    for row in rows.sorted(by: { $0.low < $1.low }) { fields.append([row.text, row.name]) }
    lines.append(fields.rendered(indent: 2))
    lines.append("")
    lines.append("Sources:")
    lines += arch.sources.map { "  - \($0)" }
    if !arch.notes.isEmpty {
      lines.append("Notes:")
      lines += arch.notes.map { "  - \($0)" }
    }
    return lines.joined(separator: "\n")
  }

  /// The address split as a two-row table, `| 63-48 | 47-39 | ... | 11-0 |`
  /// over `| sign | PML4 | ... | offset |`, with a third row of `values`
  /// (one a level and the offset) when given.
  public func bitTable(values: [String]? = nil) -> String {
    let arch = self
    var columns: [(bits: String, name: String)] = []
    if arch.pointerBits > arch.virtualAddressBits {
      columns.append(("\(arch.pointerBits - 1)-\(arch.virtualAddressBits)", arch.upperBitsLabel))
    }
    columns += arch.bitRanges.map { ("\($0.high)-\($0.low)", $0.name) }
    var rows = [columns.map(\.bits), columns.map(\.name)]
    if let values { rows.append((arch.pointerBits > arch.virtualAddressBits ? [""] : []) + values) }
    let widths = columns.indices.map { index in rows.map { $0[index].count }.max() ?? 0 }
    return rows.map { row in
      "  | "
        + row.enumerated().map { index, cell in
          cell + String(repeating: " ", count: widths[index] - cell.count)
        }.joined(separator: " | ") + " |"
    }.joined(separator: "\n")
  }
}

extension EntryFormat {
  /// How a leaf is told from a pointer, as descriptors spell it:
  /// `large_page_bit`, `table_bit` or `permission_bits`.
  public var leafEncodingName: String {
    switch leafEncoding {
    case .largePageBit: return "large_page_bit"
    case .tableBit: return "table_bit"
    case .permissionBits: return "permission_bits"
    }
  }
}

extension Architecture {
  /// What the address-split drawings call the bits above the translated
  /// ones: `sign`, `zero`, `ignored` or `root select`.
  public var upperBitsLabel: String {
    switch upperBits {
    case .signExtend: return "sign"
    case .zero: return "zero"
    case .ignore, .none: return "ignored"
    case .selectRoot: return "root select"
    }
  }
}

extension ExplanationStep {
  /// Steps as the `--explain` options print them: a topic column and its
  /// working, indented by `indent` spaces.
  public static func table(_ steps: [ExplanationStep], indent: Int = 4) -> String {
    var table = TextTable()
    for step in steps { table.append([step.topic, step.working]) }
    return table.rendered(indent: indent)
  }
}
