/// One section of the report: a heading in words, its paragraphs, charts
/// and tables. The page, its contents list and the Markdown are all made
/// by walking ``ComparisonReport/sections``, so a new section is one entry.
public struct ReportSection: Sendable {
  /// The anchor (`id`) the contents list links to.
  public let id: String
  /// The heading.
  public let title: String
  /// What the section holds, in order.
  public var blocks: [ReportBlock]

  /// A section `title` at anchor `id`.
  public init(id: String, title: String, blocks: [ReportBlock]) {
    self.id = id
    self.title = title
    self.blocks = blocks
  }
}

/// A piece of a section.
public enum ReportBlock: Sendable {
  /// A paragraph of plain text (escaped when rendered).
  case paragraph(String)
  /// A bulleted list of plain-text items.
  case list([String])
  /// A smaller heading inside the section, with its anchor.
  case subheading(id: String, title: String)
  /// A chart, with its data in a table elsewhere on the page.
  case chart(ReportChart)
  /// A table.
  case table(DisplayTable)
  /// Markup written as is: `html` on the page, `markdown` in report.md.
  case raw(html: String, markdown: String)
}

/// A chart of either kind.
public enum ReportChart: Sendable {
  /// A line chart.
  case line(LineChart)
  /// A bar chart.
  case bar(BarChart)

  /// The chart's id, also its file name stem.
  public var id: String {
    switch self {
    case .line(let chart): return chart.id
    case .bar(let chart): return chart.id
    }
  }

  /// The chart's title.
  public var title: String {
    switch self {
    case .line(let chart): return chart.title
    case .bar(let chart): return chart.title
    }
  }

  /// The SVG, with the legend inside when `withLegend`.
  public func svg(withLegend: Bool) -> String {
    switch self {
    case .line(let chart): return chart.svg(withLegend: withLegend)
    case .bar(let chart): return chart.svg(withLegend: withLegend)
    }
  }

  /// The clickable legend for the page.
  public func htmlLegend() -> String {
    switch self {
    case .line(let chart): return chart.htmlLegend()
    case .bar(let chart): return chart.htmlLegend()
    }
  }
}

extension ComparisonReport {
  /// Every chart in the report, in page order.
  public var charts: [ReportChart] {
    sections.flatMap { $0.blocks }.compactMap { block in
      if case .chart(let chart) = block { return chart }
      return nil
    }
  }
}
