import PagingCore

extension TableDiagram {
  /// Each table as a box of lines, with its depth, parents before children
  /// (the order both drawings use: ``text(indent:)`` here, the SVG in
  /// PagingReports).
  public func boxes() -> [(depth: Int, title: String, lines: [String])] {
    var boxes: [(depth: Int, title: String, lines: [String])] = []
    func visit(_ table: Table, depth: Int) {
      let title: String
      if table.count > 1 {
        title =
          "\(table.count) × \(table.levelName) (level \(table.levelFromBottom)) at pa \(formatHex(table.physicalAddress)) … \(formatHex(table.lastPhysicalAddress)), each:"
      } else {
        title = "\(table.levelName) (level \(table.levelFromBottom)) at pa \(formatHex(table.physicalAddress))"
      }
      let lines =
        table.groups.isEmpty
        ? ["(no entries)"]
        : table.groups.map { Self.describe($0, levelName: table.levelName, collapsed: table.count > 1) }
      boxes.append((depth, title, lines))
      for child in table.children { visit(child, depth: depth + 1) }
    }
    visit(root, depth: 0)
    return boxes
  }

  /// One group of entries: `[0-511] → data frames 0x0-0x1ff000 (512 × 4 KiB), rw-u`.
  static func describe(_ group: Group, levelName: String, collapsed: Bool) -> String {
    let indexes =
      group.firstIndex == group.lastIndex ? "[\(group.firstIndex)]" : "[\(group.firstIndex)-\(group.lastIndex)]"
    let count = group.lastIndex - group.firstIndex + 1
    var text: String
    switch group.kind {
    case .tables(let addresses):
      text =
        addresses.count == 1
        ? "\(indexes) → table at pa \(formatHex(addresses[0]))"
        : "\(indexes) → \(addresses.count) tables at pa \(formatHex(addresses[0])) … \(formatHex(addresses[addresses.count - 1]))"
    case .pages(let first, let last, let contiguous, let size):
      let what = size > 1 << 12 && count == 1 ? "\(formatBytes(size)) page" : count == 1 ? "data frame" : "data frames"
      if collapsed {
        text =
          "\(indexes) → \(counted(count, "page")) of \(formatBytes(size)) (the first table's: \(formatHex(first)) …)"
      } else if count == 1 {
        text = "\(indexes) → \(what) \(formatHex(first)) (\(formatBytes(size)))"
      } else if contiguous {
        text =
          "\(indexes) → \(what) \(formatHex(first))-\(formatHex(UInt128(last.rawValue) + size - 1)) (\(count) × \(formatBytes(size)))"
      } else {
        text = "\(indexes) → \(count) \(what), scattered, from \(formatHex(first)) (\(formatBytes(size)) each)"
      }
      text += ", \(group.permissions)"
    }
    if group.isKernel { text += "  [kernel]" }
    return text
  }

  /// The diagram as text with box-drawing characters, each level indented
  /// under the table that points to it.
  ///
  ///     ┌ PML4 (level 4) at pa 0x2e6000 ─────────┐
  ///     │ [0] → table at pa 0x2e2000             │
  ///     └────────────────────────────────────────┘
  public func text(indent: Int = 0) -> [String] {
    var out: [String] = []
    for box in boxes() {
      let pad = String(repeating: " ", count: indent + 4 * box.depth)
      let width = max(box.title.count + 3, (box.lines.map(\.count).max() ?? 0) + 2)
      out.append(
        pad + "┌ " + box.title + " " + String(repeating: "─", count: max(0, width - box.title.count - 2)) + "┐")
      for line in box.lines {
        out.append(pad + "│ " + line + String(repeating: " ", count: width - line.count - 1) + "│")
      }
      out.append(pad + "└" + String(repeating: "─", count: width) + "┘")
    }
    if truncated {
      out.append(
        String(repeating: " ", count: indent)
          + "(stopped after \(MemoryImage.mappingEntryLimit) entries: the tables below are not all drawn)")
    }
    return out
  }
}
