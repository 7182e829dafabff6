import PagingCore
import PagingProcesses

/// The report's "real processes" section, made from the snapshots shipped in
/// `Snapshots/`: each program's page tables counted as the kernel keeps them,
/// VmPTE predicted against reported, and the same program on every
/// architecture the report covers.
///
///     let processes = try RealProcessesSection(snapshots: ProcessSnapshot.builtins(), architectures: archs)
///     var report = ComparisonReport(architectures: archs, scenarios: [], extraSections: [processes.section])
///     report.tables += processes.tables
public struct RealProcessesSection: Sendable {
  /// Two tables: the processes, and what they would cost elsewhere.
  public let tables: [ReportTable]

  /// Analyses every snapshot and costs it on `architectures`.
  public init(snapshots: [(name: String, snapshot: ProcessSnapshot)], architectures: [Architecture])
    throws(AddressError)
  {
    var processes = ReportTable(
      name: "real_processes", title: "Real processes",
      note:
        "Snapshots of real programs taken with `paging proc PID --save` (in `Snapshots/`). Page-table pages are counted per level (root first) for the populated pages, PMD-mapped huge pages as 2 MiB leaves; VmPTE is predicted as Linux accounts it: every level below the root, plus one deposited PTE page under each anonymous huge page.",
      columns: [
        "snapshot", "command", "kernel", "paging", "mappings", "mapped", "populated", "page-table pages per level",
        "VmPTE reported", "VmPTE predicted", "agrees",
      ])
    var costs = ReportTable(
      name: "real_processes_what_if", title: "Real processes on every architecture",
      note:
        "Page-table bytes each snapshot's process would need on each architecture: for its populated pages (rounded to the architecture's page size) and for every page of its mappings, with base pages and with large pages where the ranges allow, and per byte mapped. — (not applicable): the architecture's address space cannot hold the process's addresses.",
      columns: [
        "snapshot", "architecture", "pages", "page tables (populated)", "per populated byte",
        "page tables (every mapped page)", "per mapped byte",
      ])
    for (name, snapshot) in snapshots {
      let analysis = try ProcessAnalysis(snapshot)
      let populatedBytes =
        analysis.populatedPages.map { Cell.bytes($0 * analysis.architecture.pageSize) } ?? .missing("pagemap not read")
      processes.rows.append([
        .text(name), .text(snapshot.command), .text(snapshot.kernelRelease), .text(snapshot.pagingMode.rawValue),
        .integer(UInt128(snapshot.mappings.count)), .bytes(analysis.mappedBytes), populatedBytes,
        .text(analysis.pageTablePagesPerLevel.map(String.init).joined(separator: ", ")),
        analysis.reportedVmPTEBytes.map { .bytes($0) } ?? .missing("not reported"),
        .bytes(analysis.predictedVmPTEBytes),
        .text(analysis.comparison == .agrees ? "yes" : "no"),
      ])
      for cost in analysis.whatIf(on: architectures) {
        let pages = Cell.text(cost.largePages ? "large" : "base")
        guard let upper = cost.upperBoundPageTableBytes, let mapped = cost.upperBoundMappedBytes else {
          let missing = Cell.missing(cost.reason ?? "cannot hold the process")
          costs.rows.append([.text(name), .text(cost.architecture), pages, missing, missing, missing, missing])
          continue
        }
        var populatedCells: [Cell] = [.missing("pagemap not read"), .missing("pagemap not read")]
        if let bytes = cost.pageTableBytes, let data = cost.populatedBytes {
          populatedCells = [.bytes(bytes), data > 0 ? .ratio(bytes, data) : .missing("nothing populated")]
        }
        let perMapped: Cell = mapped > 0 ? .ratio(upper, mapped) : .missing("nothing mapped")
        costs.rows.append(
          [.text(name), .text(cost.architecture), pages] + populatedCells + [.bytes(upper), perMapped])
      }
    }
    tables = [processes, costs]
  }

  /// The section for the page and report.md: both tables under headings in
  /// words, the second filtered by the page's architecture chooser.
  public var section: ReportSection {
    ReportSection(
      id: "real-processes", title: "Real processes",
      blocks: [
        .paragraph(tables[0].note),
        .table(Self.display(tables[0], id: "real-processes-table", architectureColumn: nil)),
        .subheading(id: "real-processes-elsewhere", title: "The same processes on every architecture"),
        .paragraph(tables[1].note),
        .table(Self.display(tables[1], id: "real-processes-what-if", architectureColumn: 1)),
      ])
  }

  /// `table` as shown: numbers right-aligned, each row tagged with the
  /// architecture in `architectureColumn` (when there is one) for the chooser.
  static func display(_ table: ReportTable, id: String, architectureColumn: Int?) -> DisplayTable {
    let columns = table.columns.indices.map { index in
      DisplayTable.Column(table.columns[index], numeric: table.rows.contains { $0[index].isNumber })
    }
    let rows = table.rows.map { row in
      DisplayTable.Row(
        row.map { DisplayTable.Item($0) }, architectures: architectureColumn.map { [row[$0].plain] } ?? [])
    }
    return DisplayTable(id: id, caption: table.title, columns: columns, rows: rows)
  }
}
