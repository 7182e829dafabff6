import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingJSON

extension Paging {
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show an architecture: its address split, levels and entry format.")

    @OptionGroup var architecture: SingleArchitectureOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
      let arch = try architecture.load()
      if output.isJSON { return output.emit(arch.descriptionJSON) }
      print(render(arch))
    }

    func render(_ arch: Architecture) -> String {
      var lines = ["\(arch.name): \(arch.title)", arch.summary, ""]
      lines.append(
        "Virtual address: \(arch.pointerBits)-bit pointer, \(arch.virtualAddressBits) bits translated; \(arch.canonicalRule)."
      )
      lines.append(bitTable(arch))
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
  }
}

/// `| 63-48 | 47-39 | ... | 11-0 |` over `| sign | PML4 | ... | offset |`.
func bitTable(_ arch: Architecture, values: [String]? = nil) -> String {
  var columns: [(bits: String, name: String)] = []
  if arch.pointerBits > arch.virtualAddressBits {
    let label: String
    switch arch.upperBits {
    case .signExtend: label = "sign"
    case .zero: label = "zero"
    case .ignore, .none: label = "ignored"
    case .selectRoot: label = "root select"
    }
    columns.append(("\(arch.pointerBits - 1)-\(arch.virtualAddressBits)", label))
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
