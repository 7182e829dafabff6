import PagingCore

extension ComparisonReport {
  /// Architectures grouped by page size and entry size, in first-seen order:
  /// the two numbers that decide how many levels a width needs.
  public var pageAndEntryGroups: [(pageSize: UInt128, entrySize: Int, names: [String])] {
    var groups: [(pageSize: UInt128, entrySize: Int, names: [String])] = []
    for arch in architectures {
      if let index = groups.firstIndex(where: { $0.pageSize == arch.pageSize && $0.entrySize == arch.entrySize }) {
        groups[index].names.append(arch.name)
      } else {
        groups.append((arch.pageSize, arch.entrySize, [arch.name]))
      }
    }
    return groups
  }

  /// Levels needed at every whole width from one bit past the offset to 64,
  /// for a page and entry size (widths the plan refuses are left out).
  public static func levelsByWidth(pageSize: UInt128, entrySize: Int) -> [(width: Int, levels: Int)] {
    let offset = pageSize.trailingZeroBitCount
    return (offset + 1...64).compactMap { width in
      (try? LevelPlan(virtualAddressBits: width, pageSize: pageSize, entrySize: entrySize)).map {
        (width, $0.levelCount)
      }
    }
  }

  static func groupLabel(_ pageSize: UInt128, _ entrySize: Int) -> String {
    "\(pageSizeAdjective(pageSize)) pages, \(entrySize)-byte entries"
  }

  /// The levels section: a step chart at every width and a compact table
  /// of the widths each level count covers.
  func levelsSection() -> ReportSection {
    let groups = pageAndEntryGroups
    let runs = groups.map { Self.levelsByWidth(pageSize: $0.pageSize, entrySize: $0.entrySize) }
    let maxLevels = runs.flatMap { $0.map(\.levels) }.max() ?? 1
    var table = DisplayTable(
      id: "levels-by-width", caption: "Address widths each number of levels covers",
      columns: [.init("pages and entries", numeric: false)]
        + (1...maxLevels).map { .init(counted($0, "level")) })
    var series: [ChartSeries] = []
    for (index, group) in groups.enumerated() {
      let label = Self.groupLabel(group.pageSize, group.entrySize)
      let items = (1...maxLevels).map { levels -> DisplayTable.Item in
        let widths = runs[index].filter { $0.levels == levels }.map(\.width)
        guard let low = widths.min(), let high = widths.max() else {
          return .init(.missing(""))
        }
        return .init(
          .text(low == high ? "\(low)" : "\(low)–\(high)"), reference: "lv:\(index):\(levels)",
          data: ["value": "\(levels)", "min": "\(low)", "max": "\(high)"])
      }
      table.rows.append(
        .init(
          [.init(.text(label))] + items,
          architectures: group.names))
      series.append(
        ChartSeries(
          names: [label], architectures: group.names,
          points: runs[index].map { width, levels in
            .init(
              x: Double(width), y: Double(levels), value: "\(levels)",
              caption: "\(width) bits: \(counted(levels, "level"))",
              references: ["lv:\(index):\(levels)"], xValue: "\(width)")
          }))
    }
    let widths = runs.flatMap { $0.map(\.width) }
    let chart = LineChart(
      id: "levels-chart", title: "Levels needed against virtual address width", xTitle: "virtual address bits",
      yTitle: "levels", xAxis: .linear(low: widths.min() ?? 0, high: widths.max() ?? 64, step: 8),
      yAxis: .linear(low: 0, high: maxLevels, step: 1), series: series, steps: true)
    return ReportSection(
      id: "levels", title: "Levels needed for each address width",
      blocks: [
        .paragraph(
          "Every level but the root is full (its index has as many bits as fit a page of entries); the root takes "
            + "what is left. The chart is computed at every whole width, so each step sits where the count changes. "
            + "Architectures with the same page and entry size share a line."),
        .chart(.line(chart)),
        .list(groups.map { "\(Self.groupLabel($0.pageSize, $0.entrySize)): \($0.names.joined(separator: ", "))" }),
        .table(table),
      ])
  }
}
