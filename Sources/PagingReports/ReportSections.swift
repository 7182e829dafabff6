import PagingCore

extension DisplayTable {
  /// A long-form table shown for people: the same cells under headings in
  /// words, keeping the columns at `keep` (all when nil). The first column
  /// is taken to name the architecture of each row.
  init(_ table: ReportTable, id: String, titles: [String], keep: [Int]? = nil) {
    let picked = keep ?? Array(table.columns.indices)
    self.init(
      id: id, caption: "",
      columns: picked.map { index in
        DisplayTable.Column(titles[index], numeric: index > 0 && table.rows.contains { $0[index].isNumber })
      })
    rows = table.rows.map { row in
      DisplayTable.Row(picked.map { DisplayTable.Item(row[$0]) }, architectures: [row[0].plain])
    }
  }
}

extension ComparisonReport {
  /// The standard sections in page order, with `extra` before the
  /// architecture cards.
  func standardSections(extra: [ReportSection]) -> [ReportSection] {
    [
      summarySection(), geometrySection(), classicSection(), workloadSection(), largePageSection(),
      manyProcessesSection(), levelsSection(), scenarioSection(),
    ] + extra + [architectureSection()]
  }

  func geometrySection() -> ReportSection {
    guard let long = tables.first(where: { $0.name == "geometry" }) else {
      return ReportSection(id: "geometry", title: "Geometry side by side", blocks: [])
    }
    let titles = [
      "architecture", "virtual address bits", "physical address bits", "page size", "bytes per entry", "levels",
      "address split", "entries per table, root first", "single-level table", "most page-table pages",
      "large pages",
    ]
    var table = DisplayTable(long, id: "geometry", titles: titles, keep: [0, 1, 2, 3, 4, 5, 7, 8, 9, 10])
    // An empty list of large pages reads as "not applicable", explained.
    table.rows = table.rows.map { row in
      var items = row.items
      if case .text(let text) = items[items.count - 1].cell, text.isEmpty {
        items[items.count - 1] = .init(.missing("no large pages"))
      }
      return .init(items, architectures: row.architectures)
    }
    return ReportSection(
      id: "geometry", title: "Geometry side by side",
      blocks: [
        .paragraph(
          "The numbers that fix the shape of each architecture's page tables. The single-level table is the size a "
            + "table with one entry per virtual page would need; each architecture's card below draws its address split."
        ),
        .table(table),
      ])
  }

  func classicSection() -> ReportSection {
    guard let long = tables.first(where: { $0.name == "classic" }) else {
      return ReportSection(id: "classic", title: "The classic questions", blocks: [])
    }
    let titles = [
      "architecture", "offset bits", "addresses per page", "single-level table", "bits per level",
      "page-table pages for 2^20 bytes", "page-table pages for 2^20 pages", "most tables per level",
      "levels if 64 bits were translated", "total pages for 1 byte", "for 1 page", "for 2^9 pages",
      "for 2^9+1 pages", "for 2^18+1 pages",
    ]
    var html = "<h3 id=\"working\">The working</h3>\n"
    var markdown = "### The working\n"
    for working in workings {
      html += "<details data-archs=\"\(xmlEscape(working.name))\"><summary>\(xmlEscape(working.name))</summary>\n<ul>\n"
      markdown += "\n**\(working.name)**\n\n"
      for step in working.steps {
        html += "<li><b>\(xmlEscape(step.topic))</b>: \(xmlEscape(step.working))</li>\n"
        markdown += "- \(step.topic): \(markdownEscape(step.working))\n"
      }
      html += "</ul>\n</details>\n"
    }
    return ReportSection(
      id: "classic", title: "The classic questions, for every architecture",
      blocks: [
        .paragraph(
          "The section's questions answered for each architecture. Page-table and total page counts are the fewest "
            + "possible, with base pages, starting at address 0 (aligned to every table); total pages count data pages plus "
            + "page-table pages."),
        .table(DisplayTable(long, id: "classic", titles: titles)),
        .raw(html: html, markdown: markdown),
      ])
  }
}
