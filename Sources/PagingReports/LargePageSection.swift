import PagingCore

extension ComparisonReport {
  /// Page-table pages to map `bytes` contiguously from 0 with `option`, or
  /// nil when `bytes` does not fit the space.
  static func pagesToMap(_ bytes: UInt128, on arch: Architecture, with option: PageOption) -> UInt128? {
    guard let range = try? arch.translatedRange(start: 0, length: bytes) else { return nil }
    return arch.footprint(of: [range], largePageLevels: option.levels).pageTablePages
  }

  /// A bar per page option, per architecture; `value` gives the bytes and
  /// the key of the cell holding them, or nil when not applicable.
  func pageOptionBars(_ value: (Architecture, PageOption) -> (bytes: UInt128, key: String)?) -> [BarChart.Group] {
    architectures.map { arch in
      BarChart.Group(
        label: arch.name, architectures: [arch.name],
        bars: Self.pageOptions(arch).map { option in
          BarChart.Bar(
            series: option.label,
            point: value(arch, option).map { found in
              .init(
                x: 0, y: exactLog2(max(found.bytes, 1)), value: "\(found.bytes)",
                caption: "\(humanBytes(found.bytes)) (\(groupedDigits(found.bytes)) bytes)", references: [found.key])
            })
        })
    }
  }

  /// The large-page section: mapping 1 GiB with base pages and with each
  /// large-page size, as a chart and a table.
  func largePageSection() -> ReportSection {
    let size = Self.largePageChartSize
    func key(_ arch: Architecture, _ option: PageOption) -> String { "lp:\(arch.name):\(option.pageSize)" }
    var table = DisplayTable(
      id: "large-pages", caption: "Mapping \(formatBytes(size)) contiguously from address 0, with each page size",
      columns: [
        .init("architecture, pages", numeric: false), .init("page-table pages"), .init("page-table bytes"),
        .init("times fewer bytes than base pages"),
      ])
    var leftOut: [String] = []
    for arch in architectures {
      let base = Self.pagesToMap(size, on: arch, with: Self.pageOptions(arch)[0])
      if base == nil { leftOut.append(arch.name) }
      for option in Self.pageOptions(arch) {
        let label = "\(arch.name), \(option.label)"
        guard let pages = Self.pagesToMap(size, on: arch, with: option), let base else {
          let why = "\(formatBytes(size)) is larger than \(arch.name)'s address space"
          table.rows.append(
            .init(
              [.init(.text(label)), .init(.missing(why)), .init(.missing(why)), .init(.missing(why))],
              architectures: [arch.name]))
          continue
        }
        table.rows.append(
          .init(
            [
              .init(.text(label)), .init(.integer(pages)),
              .init(.bytes(pages * arch.pageSize), reference: key(arch, option)), .init(.ratio(base, pages)),
            ], architectures: [arch.name]))
      }
    }
    let groups = pageOptionBars { arch, option in
      Self.pagesToMap(size, on: arch, with: option).map { ($0 * arch.pageSize, key(arch, option)) }
    }
    let chart = BarChart(
      id: "large-page-chart", title: "Mapping \(formatBytes(size)) with each page size",
      valueTitle: "page-table bytes (log scale)",
      axis: Self.bytesAxis(groups.flatMap { $0.bars.compactMap { $0.point?.y } }), groups: groups)
    let without = architectures.filter { Self.pageOptions($0).count == 1 }.map(\.name)
    var notes: [String] = []
    if !without.isEmpty {
      notes.append("Without large pages, so drawn with base pages only: \(without.joined(separator: ", ")).")
    }
    if !leftOut.isEmpty {
      notes.append(
        "Left out, because \(formatBytes(size)) is larger than the address space: \(leftOut.joined(separator: ", ")).")
    }
    return ReportSection(
      id: "large-pages", title: "What large pages save",
      blocks: [
        .paragraph(
          "A large page is mapped by an entry one or more levels above the bottom, so the tables below it are never needed. "
            + "Each architecture is drawn with every page size it offers."),
        .chart(.bar(chart)),
      ] + notes.map { .paragraph($0) } + [.table(table)])
  }

  /// The shared-region section: every process has its own tables for the
  /// same shared memory.
  func manyProcessesSection() -> ReportSection {
    let region = Self.sharedRegion
    let count = Self.processCount
    func key(_ arch: Architecture, _ option: PageOption) -> String { "mp:\(arch.name):\(option.pageSize)" }
    var table = DisplayTable(
      id: "many-processes", caption: "\(count) processes each mapping the same \(formatBytes(region)) region",
      columns: [
        .init("architecture, pages", numeric: false), .init("page-table pages per process"),
        .init("page-table bytes, all processes"), .init("share of the region"),
      ])
    for arch in architectures {
      for option in Self.pageOptions(arch) {
        let label = "\(arch.name), \(option.label)"
        guard let pages = Self.pagesToMap(region, on: arch, with: option) else {
          let why = "the region is larger than \(arch.name)'s address space"
          table.rows.append(
            .init(
              [.init(.text(label)), .init(.missing(why)), .init(.missing(why)), .init(.missing(why))],
              architectures: [arch.name]))
          continue
        }
        let total = pages * count * arch.pageSize
        table.rows.append(
          .init(
            [
              .init(.text(label)), .init(.integer(pages)), .init(.bytes(total), reference: key(arch, option)),
              .init(.ratio(total, region)),
            ], architectures: [arch.name]))
      }
    }
    let groups = pageOptionBars { arch, option in
      Self.pagesToMap(region, on: arch, with: option).map { ($0 * count * arch.pageSize, key(arch, option)) }
    }
    let chart = BarChart(
      id: "many-processes-chart",
      title: "\(count) processes sharing \(formatBytes(region))",
      valueTitle: "page-table bytes, all processes (log scale)",
      axis: Self.bytesAxis(groups.flatMap { $0.bars.compactMap { $0.point?.y } }), groups: groups)
    let leftOut = architectures.filter { Self.pagesToMap(region, on: $0, with: Self.pageOptions($0)[0]) == nil }.map(
      \.name)
    return ReportSection(
      id: "many-processes", title: "Many processes sharing one region",
      blocks: [
        .paragraph(
          "The region's frames are shared, but every process has its own page tables for it. With base pages their "
            + "total comes close to the size of the region itself; with large pages it almost vanishes."),
        .chart(.bar(chart)),
      ]
        + (leftOut.isEmpty
          ? []
          : [
            .paragraph(
              "Left out, because \(formatBytes(region)) is larger than the address space: "
                + leftOut.joined(separator: ", ") + ".")
          ]) + [.table(table)])
  }
}
