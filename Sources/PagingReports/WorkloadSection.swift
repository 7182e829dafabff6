import PagingCore

extension ComparisonReport {
  /// The key a chart mark and a workload cell share.
  static func workloadKey(_ layout: String, _ option: String, _ arch: String, _ mapped: UInt128) -> String {
    "wl:\(layout):\(option.replacingOccurrences(of: " ", with: "_")):\(arch):\(mapped)"
  }

  /// Workload measurements pivoted: one row per architecture (and, for
  /// large pages, per large-page size), one column per mapped size, each
  /// cell the page-table bytes.
  ///
  ///     report.workloadPivot(layout: "contiguous", largePages: false)
  ///     // x86-64 | 16 KiB | 16 KiB | 20 KiB | 44 KiB | ...
  public func workloadPivot(layout: String, largePages: Bool) -> DisplayTable {
    var table = DisplayTable(
      id: "workloads-\(layout)-\(largePages ? "large" : "base")",
      caption:
        "\(layout == "contiguous" ? "Contiguous from address 0" : "Sparse: 16 equal pieces spread over the lower half"), "
        + (largePages ? "with one large-page size allowed" : "base pages only") + ": page-table bytes by size mapped",
      columns: [.init(largePages ? "architecture, pages" : "architecture", numeric: false)]
        + Self.mappedSizes.map { .init(formatBytes($0)) })
    for arch in architectures {
      let options = largePages ? Array(Self.pageOptions(arch).dropFirst()) : [Self.pageOptions(arch)[0]]
      for option in options {
        let items = Self.mappedSizes.map { mapped -> DisplayTable.Item in
          let found = measurement(arch.name, layout: layout, option: option.label, mapped: mapped)
          guard let bytes = found?.pageTableBytes else {
            return .init(.missing("\(formatBytes(mapped)) does not fit \(arch.name)'s address space this way"))
          }
          return .init(.bytes(bytes), reference: Self.workloadKey(layout, option.label, arch.name, mapped))
        }
        let name = largePages ? "\(arch.name), \(option.label)" : arch.name
        table.rows.append(.init([.init(.text(name))] + items, architectures: [arch.name]))
      }
    }
    return table
  }

  /// Page-table bytes per mapped byte against mapped size, contiguous with
  /// base pages, one line per architecture (coinciding ones merged).
  func overheadChart() -> LineChart {
    var series: [ChartSeries] = []
    for arch in architectures {
      let points = Self.mappedSizes.compactMap { mapped -> ChartSeries.Point? in
        guard
          let bytes = measurement(arch.name, layout: "contiguous", option: "base pages", mapped: mapped)?.pageTableBytes
        else { return nil }
        return .init(
          x: exactLog2(mapped), y: exactLog10(bytes, over: mapped), value: "\(bytes)",
          caption:
            "\(formatBytes(mapped)) mapped: \(humanBytes(bytes)) of page tables (\(groupedDigits(bytes)) bytes), "
            + "\(formatRatio(bytes, mapped)) per mapped byte",
          references: [Self.workloadKey("contiguous", "base pages", arch.name, mapped)])
      }
      series.append(ChartSeries(names: [arch.name], architectures: [arch.name], points: points))
    }
    let ys = series.flatMap { $0.points.map(\.y) }
    let yStep = ChartAxis.exponentStep(low: ys.min() ?? 0, high: ys.max() ?? 1, maxTicks: 9)
    let xs = Self.mappedSizes.map(exactLog2)
    return LineChart(
      id: "overhead-chart", title: "Page-table overhead against size mapped",
      xTitle: "bytes mapped, contiguous, base pages (log scale)", yTitle: "page-table bytes per byte mapped",
      xAxis: .logarithmic(exponents: xs, step: 4) { formatBytes(UInt128(1) << $0) },
      yAxis: .logarithmic(exponents: ys, step: yStep, label: powerOfTenLabel), series: series)
  }

  /// Sparse against contiguous at ``sparseChartSize``, base pages, per architecture.
  func sparseChart() -> BarChart {
    let size = Self.sparseChartSize
    let groups = architectures.map { arch in
      BarChart.Group(
        label: arch.name, architectures: [arch.name],
        bars: [("contiguous", "contiguous"), ("sparse", "sparse (16 pieces)")].map { layout, name in
          let bytes = measurement(arch.name, layout: layout, option: "base pages", mapped: size)?.pageTableBytes
          return BarChart.Bar(
            series: name,
            point: bytes.map { bytes in
              .init(
                x: 0, y: exactLog2(bytes), value: "\(bytes)",
                caption: "\(humanBytes(bytes)) (\(groupedDigits(bytes)) bytes)",
                references: [Self.workloadKey(layout, "base pages", arch.name, size)])
            })
        })
    }
    return BarChart(
      id: "sparse-chart", title: "Mapping \(formatBytes(size)): contiguous or sparse",
      valueTitle: "page-table bytes, base pages (log scale)",
      axis: Self.bytesAxis(groups.flatMap { $0.bars.compactMap { $0.point?.y } }), groups: groups)
  }

  /// A log2 axis for byte counts, labelled in binary units: one step below
  /// the smallest value so every bar shows, and room past the largest for
  /// the value written after its bar.
  static func bytesAxis(_ exponents: [Double]) -> ChartAxis {
    let low = (exponents.min() ?? 12) - 1
    let high = exponents.max() ?? 13
    let roomy = low + (high - low) / 0.52
    let step = ChartAxis.exponentStep(low: low, high: roomy, maxTicks: 6)
    return .logarithmic(exponents: [low, roomy], step: step) { formatBytes(UInt128(1) << max($0, 0)) }
  }

  /// A note naming the architectures the sparse chart cannot show.
  func sparseLeftOut() -> [ReportBlock] {
    let size = Self.sparseChartSize
    let names = architectures.filter {
      measurement($0.name, layout: "sparse", option: "base pages", mapped: size)?.pageTableBytes == nil
    }.map(\.name)
    return names.isEmpty
      ? []
      : [
        .paragraph(
          "Left out of the chart, because \(formatBytes(size)) in 16 pieces does not fit "
            + "the lower half of the address space: " + names.joined(separator: ", ") + ".")
      ]
  }

  /// The workloads section: the overhead chart, the four pivoted tables
  /// and the sparse chart.
  func workloadSection() -> ReportSection {
    ReportSection(
      id: "workloads", title: "Page tables for a given amount of memory",
      blocks: [
        .paragraph(
          "How many bytes of page tables it takes to map each size, from 4 KiB to 1 TiB: contiguous from address 0, "
            + "or sparse as 16 equal pieces spread evenly over the lower half of the address space. Counts are the fewest "
            + "possible. Hover over a size for the exact number of bytes."),
        .chart(.line(overheadChart())),
        .table(workloadPivot(layout: "contiguous", largePages: false)),
        .table(workloadPivot(layout: "contiguous", largePages: true)),
        .paragraph(
          "Spreading the same memory out costs tables at every level, because each piece needs its own path from the root."
        ),
        .chart(.bar(sparseChart())),
      ] + sparseLeftOut() + [
        .table(workloadPivot(layout: "sparse", largePages: false)),
        .table(workloadPivot(layout: "sparse", largePages: true)),
      ])
  }
}
