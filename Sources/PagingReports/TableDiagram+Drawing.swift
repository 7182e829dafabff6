import PagingCore
import PagingSimulator

extension TableDiagram {
  /// Each table as a box of lines, with its depth, parents before children
  /// (the order both drawings use).
  func boxes() -> [(depth: Int, title: String, lines: [String])] {
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
          "\(indexes) → \(what) \(formatHex(first))-\(formatHex(UInt128(last) + size - 1)) (\(count) × \(formatBytes(size)))"
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

  /// Diagrams as one standalone SVG: each under its title, the same boxes
  /// as the text in monospace, each child joined to the table above it by
  /// a line; sized to the content.
  public static func svg(_ diagrams: [(title: String, diagram: TableDiagram)]) -> String {
    var body = ""
    var y = 0.0
    var width = 400.0
    for (title, diagram) in diagrams {
      body +=
        "<text x=\"10\" y=\"\(SVGChart.fixed(y + 20))\" font-size=\"14\" font-weight=\"bold\">\(xmlEscape(title))</text>\n"
      let drawn = diagram.svgBoxes(top: y + 34)
      body += drawn.body
      width = max(width, drawn.width)
      y = drawn.bottom + 10
    }
    let label = diagrams.map(\.title).joined(separator: "; ")
    return
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(y))\" width=\"\(Int(width))\" height=\"\(Int(y))\" "
      + "font-family=\"ui-monospace, Menlo, Consolas, monospace\" font-size=\"12\" role=\"img\" aria-label=\"\(xmlEscape(label))\">\n"
      + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n" + body + "</svg>\n"
  }

  /// The boxes from `top` down: the SVG elements, the width they need and
  /// where they end.
  func svgBoxes(top: Double) -> (body: String, width: Double, bottom: Double) {
    let charWidth = 7.2
    let lineHeight = 17.0
    let indent = 28.0
    let gap = 12.0
    var y = top
    var body = ""
    var lastAtDepth: [Int: (x: Double, y: Double)] = [:]
    var maxWidth = 400.0
    for box in boxes() {
      let x = 10 + indent * Double(box.depth)
      let width = Double(max(box.title.count, box.lines.map(\.count).max() ?? 0)) * charWidth + 20
      let height = Double(box.lines.count + 1) * lineHeight + 10
      if box.depth > 0, let parent = lastAtDepth[box.depth - 1] {
        body +=
          "<path d=\"M\(SVGChart.fixed(parent.x + 8)) \(SVGChart.fixed(parent.y)) V\(SVGChart.fixed(y + 12)) H\(SVGChart.fixed(x))\" fill=\"none\" stroke=\"#888\"/>\n"
      }
      let fill = box.lines.allSatisfy { $0.hasSuffix("[kernel]") } ? "#fff4e5" : "#f4f8ff"
      body +=
        "<rect x=\"\(SVGChart.fixed(x))\" y=\"\(SVGChart.fixed(y))\" width=\"\(SVGChart.fixed(width))\" height=\"\(SVGChart.fixed(height))\" rx=\"4\" fill=\"\(fill)\" stroke=\"#335\"/>\n"
      body +=
        "<text x=\"\(SVGChart.fixed(x + 8))\" y=\"\(SVGChart.fixed(y + 15))\" font-weight=\"bold\">\(xmlEscape(box.title))</text>\n"
      for (index, line) in box.lines.enumerated() {
        body +=
          "<text x=\"\(SVGChart.fixed(x + 8))\" y=\"\(SVGChart.fixed(y + 15 + lineHeight * Double(index + 1)))\">\(xmlEscape(line))</text>\n"
      }
      lastAtDepth[box.depth] = (x, y + height)
      maxWidth = max(maxWidth, x + width + 10)
      y += height + gap
    }
    return (body, maxWidth, y)
  }
}
