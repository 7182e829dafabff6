import PagingCore

extension ComparisonReport {
  /// The report for a code host: the same sections, each chart as an SVG
  /// file beside report.md (written by ``files(formats:)``), tables split so
  /// none is wider than about 120 characters, numbers right-aligned.
  public func markdown() -> String {
    var out = "# Paging architectures compared\n\n"
    out +=
      "How big page tables get, and why, on \(counted(architectures.count, "architecture")): "
      + architectures.map { "`\($0.name)`" }.joined(separator: ", ") + ". "
      + "The same report with interactive charts and page-table drawings is in `report.html`.\n\n"
    out += "## Contents\n\n"
    for (index, section) in sections.enumerated() {
      out += "\(index + 1). [\(section.title)](#\(Self.markdownAnchor(section.title)))\n"
    }
    for section in sections {
      out += "\n## \(section.title)\n"
      for block in section.blocks { out += "\n" + Self.markdown(block) }
    }
    out +=
      "\n---\n\nWritten by `paging report`, version \(inputs.toolVersion), from \(inputs.architectureSource) and "
      + "\(inputs.scenarioSource); regenerate with `make run`. The exact numbers are in `report.json` and the CSV files.\n"
    return out
  }

  static func markdown(_ block: ReportBlock) -> String {
    switch block {
    case .paragraph(let text):
      return text + "\n"
    case .list(let items):
      return items.map { "- \($0)\n" }.joined()
    case .subheading(_, let title):
      return "### \(title)\n"
    case .chart(let chart):
      return "![\(chart.title)](\(chart.id).svg)\n"
    case .table(let table):
      return table.markdown()
    case .raw(_, let markdown):
      return markdown
    }
  }

  /// The anchor a code host gives a heading: lower case, spaces to
  /// hyphens, punctuation dropped.
  static func markdownAnchor(_ title: String) -> String {
    var out = ""
    for character in title.lowercased() {
      if character == " " {
        out.append("-")
      } else if character.isLetter || character.isNumber || character == "-" || character == "_" {
        out.append(character)
      }
    }
    return out
  }
}
