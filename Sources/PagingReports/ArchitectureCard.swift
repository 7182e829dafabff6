import PagingCore
import PagingSimulator

extension ComparisonReport {
  /// The address split as a bar of named fields, high bits first, each as
  /// wide as its bits (with a floor so short fields stay readable).
  static func addressSplitHTML(_ arch: Architecture) -> String {
    var html = "<div class=\"split\" role=\"img\" aria-label=\"\(xmlEscape(arch.name)) address split\">"
    for field in addressFields(arch) {
      html +=
        "<div class=\"field\(field.name == "offset" ? " offset" : field.isUpper ? " upper" : "")\" style=\"flex-grow: \(field.high - field.low + 1)\" "
        + "title=\"\(xmlEscape(field.name)): \(counted(field.high - field.low + 1, "bit"))\">"
        + "<span class=\"bits\">\(field.high)-\(field.low)</span><span class=\"name\">\(xmlEscape(field.name))</span></div>"
    }
    return html + "</div>\n"
  }

  /// The fields of a pointer, high bits first: the untranslated upper bits
  /// (when the pointer is wider), each level's index, the offset.
  static func addressFields(_ arch: Architecture) -> [(name: String, high: Int, low: Int, isUpper: Bool)] {
    var fields: [(name: String, high: Int, low: Int, isUpper: Bool)] = []
    if arch.pointerBits > arch.virtualAddressBits {
      fields.append((arch.upperBitsLabel, arch.pointerBits - 1, arch.virtualAddressBits, true))
    }
    return fields + arch.bitRanges.map { ($0.name, $0.high, $0.low, false) }
  }

  /// The address split as a Markdown table: `| 63-48 | 47-39 | ... |` over the names.
  static func addressSplitMarkdown(_ arch: Architecture) -> String {
    let fields = addressFields(arch)
    return "| " + fields.map { "\($0.high)-\($0.low)" }.joined(separator: " | ") + " |\n"
      + "|" + String(repeating: " --- |", count: fields.count) + "\n"
      + "| " + fields.map { markdownEscape($0.name) }.joined(separator: " | ") + " |\n"
  }

  /// One card per architecture: what it is, its address split, and the
  /// five allocations drawn as page tables.
  func architectureSection() -> ReportSection {
    var html = "<div class=\"cards\">\n"
    var markdown = ""
    for arch in architectures {
      let drawings = ClassicDrawings(architecture: arch)
      let large = arch.largePageSizes.isEmpty ? "none" : arch.largePageSizes.map(formatBytes).joined(separator: ", ")
      let facts =
        "\(formatBytes(arch.pageSize)) pages, \(counted(arch.entrySize, "byte")) per entry, "
        + "\(counted(arch.levelCount, "level")), \(arch.virtualAddressBits)-bit virtual addresses; large pages: \(large)"
      html += "<article class=\"card\" id=\"arch-\(xmlEscape(arch.name))\" data-archs=\"\(xmlEscape(arch.name))\">\n"
      html += "<h3>\(xmlEscape(arch.name)): \(xmlEscape(arch.title))</h3>\n<p>\(xmlEscape(facts)).</p>\n"
      html += Self.addressSplitHTML(arch)
      html += "<details class=\"drawings\"><summary>Page tables for the section's five allocations</summary>\n"
      markdown += "\n### \(arch.name): \(arch.title)\n\n\(facts).\n\n" + Self.addressSplitMarkdown(arch)
      var missing: [String] = []
      for drawing in drawings.drawings {
        guard let diagram = drawing.diagram else {
          missing.append("\(drawing.title) (\(drawing.reason))")
          continue
        }
        html +=
          "<figure class=\"drawing\">"
          + "<div class=\"drawing-scroll\" tabindex=\"0\">\n" + TableDiagram.svg([(drawing.title, diagram)])
          + "</div></figure>\n"
      }
      if !missing.isEmpty {
        let text = "Not drawn: " + missing.joined(separator: "; ") + "."
        html += "<p class=\"note\">\(xmlEscape(text))</p>\n"
        markdown += "\n\(text)\n"
      }
      html += "</details>\n</article>\n"
    }
    html += "</div>\n"
    markdown += "\nThe page-table drawings of the five allocations are in report.html.\n"
    return ReportSection(
      id: "architectures", title: "Each architecture",
      blocks: [
        .paragraph(
          "Each card shows how a pointer splits into the index of every level and the offset (high bits first), and "
            + "the page tables the section's five allocations build, each from scratch at address 0: 1 byte, one page, "
            + "2^9, 2^9+1 and 2^18+1 pages, in the architecture's own page size."),
        .raw(html: html, markdown: markdown),
      ])
  }
}
