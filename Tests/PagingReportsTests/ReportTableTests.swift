import PagingCore
import PagingDescriptors
import PagingReports
import Testing

/// Pivoted workloads, levels at every width, and Markdown tables, on two
/// built-in architectures with counts worked out by hand.
@Suite struct ReportTableTests {
  static let report: ComparisonReport = {
    let archs = ["x86-64", "x86-32"].compactMap(BuiltinArchitectures.named)
    return ComparisonReport(architectures: archs, scenarios: [])
  }()

  func cell(_ table: DisplayTable, row: String, column: String) -> Cell? {
    guard let columnIndex = table.columns.firstIndex(where: { $0.title == column }),
      let found = table.rows.first(where: { $0.items.first?.cell == .text(row) })
    else { return nil }
    return found.items[columnIndex].cell
  }

  @Test func workloadsPivotOneRowPerArchitecture() {
    let table = Self.report.workloadPivot(layout: "contiguous", largePages: false)
    #expect(table.rows.count == 2)
    #expect(
      table.columns.map(\.title) == [
        "architecture", "4 KiB", "64 KiB", "1 MiB", "16 MiB", "256 MiB", "4 GiB", "64 GiB", "1 TiB",
      ])
    // x86-64, 4 KiB: one table per level, 4 pages of 4 KiB.
    #expect(cell(table, row: "x86-64", column: "4 KiB") == .bytes(16_384))
    // 16 MiB = 4096 pages: 8 PTs + PD + PDPT + PML4 = 11 pages.
    #expect(cell(table, row: "x86-64", column: "16 MiB") == .bytes(11 * 4096))
    // x86-32, 4 GiB: the whole space, 1024 PTs + the PD.
    #expect(cell(table, row: "x86-32", column: "4 GiB") == .bytes(1025 * 4096))
    // 64 GiB does not fit 32 bits.
    if case .missing = cell(table, row: "x86-32", column: "64 GiB") {
    } else {
      Issue.record("64 GiB on x86-32 should be not applicable")
    }
  }

  @Test func largePagePivotHasARowPerLargePageSize() {
    let table = Self.report.workloadPivot(layout: "contiguous", largePages: true)
    // x86-32 has no large pages; x86-64 has 2 MiB and 1 GiB.
    #expect(table.rows.map { $0.items[0].cell } == [.text("x86-64, 2 MiB pages"), .text("x86-64, 1 GiB pages")])
    // 1 TiB with 1 GiB pages: 2 PDPTs + the PML4.
    #expect(cell(table, row: "x86-64, 1 GiB pages", column: "1 TiB") == .bytes(3 * 4096))
  }

  @Test func levelsChangeAtTheHandDerivedWidths() {
    // 4 KiB pages, 8-byte entries: 12 offset bits, 9 bits a level, so
    // levels = ceil((w - 12) / 9), changing at 22, 31, 40, 49 and 58.
    let levels = ComparisonReport.levelsByWidth(pageSize: 4096, entrySize: 8)
    #expect(levels.map(\.width) == Array(13...64))
    for (width, count) in levels { #expect(count == (width - 12 + 8) / 9, "width \(width)") }
    let thresholds = levels.indices.dropFirst().filter { levels[$0].levels != levels[$0 - 1].levels }.map {
      levels[$0].width
    }
    #expect(thresholds == [22, 31, 40, 49, 58])
    // 4-byte entries: 10 bits a level; 32 bits need 2.
    #expect(ComparisonReport.levelsByWidth(pageSize: 4096, entrySize: 4).first { $0.width == 32 }?.levels == 2)
  }

  @Test func findingsNameTheExtremes() {
    // 4 KiB mapped: x86-32 needs PD + PT = 8 KiB, x86-64 four tables = 16 KiB.
    let least = Self.report.extremeTables(mapped: 4096)
    #expect(least?.names == ["x86-32"] && least?.bytes == 8192)
    #expect(Self.report.extremeTables(mapped: 4096, largest: true)?.names == ["x86-64"])
    // 500 × 8 GiB on x86-64: 4106 pages each with 4 KiB pages, 2 (PML4 + PDPT) with 1 GiB pages.
    let saving = Self.report.bestLargePageSaving()
    #expect(saving?.name == "x86-64")
    #expect(saving?.base == 4106 * 500 * 4096 && saving?.large == 2 * 500 * 4096)
  }

  @Test func markdownTablesStayNarrowWithNumbersOnTheRight() {
    var table = DisplayTable(
      id: "t", caption: "",
      columns: [.init("name", numeric: false)]
        + (1...12).map { .init("column number \($0)") })
    table.rows = [.init([.init(.text("first"))] + (1...12).map { .init(.integer(UInt128($0) * 1_000_000)) })]
    let text = table.markdown(maxWidth: 120)
    let lines = text.split(separator: "\n")
    #expect(lines.allSatisfy { $0.count <= 120 })
    // Split in pieces, each repeating the name column.
    #expect(lines.filter { $0.hasPrefix("| name") }.count > 1)
    // Right-aligned: the separator ends with a colon, the number hugs the bar.
    #expect(lines.contains { $0.contains("----------:") })
    #expect(text.contains("     1,000,000 |"))
  }
}
