import PagingCore
import PagingScenarios
import PagingSimulator

extension ComparisonReport {
  /// Process rows whose simulated tables differ from the prediction, and
  /// report points with leaked frames, over all scenarios.
  var scenarioChecks: (rows: Int, disagreements: Int, leaks: Int) {
    var rows = 0
    var disagreements = 0
    var leaks = 0
    for result in scenarioResults {
      for point in result.run.points {
        if point.report.leakedFrames > 0 { leaks += 1 }
        for process in point.report.processes {
          rows += 1
          if point.predicted[process.id]?.pageTablePagesPerLevel != process.pageTablePagesPerLevel {
            disagreements += 1
          }
        }
      }
    }
    return (rows, disagreements, leaks)
  }

  /// The scenarios section: one table per scenario, what they all share
  /// (the check against the prediction, the leak check) said once.
  func scenarioSection() -> ReportSection {
    let checks = scenarioChecks
    let agreement =
      checks.disagreements == 0
      ? "All \(groupedDigits(UInt128(checks.rows))) counts agree with the prediction."
      : "\(checks.disagreements) of \(checks.rows) counts differ from the prediction; they are marked below."
    let leaks =
      checks.leaks == 0
      ? " No report point found a leaked frame." : " \(counted(checks.leaks, "report point")) found leaked frames."
    var blocks: [ReportBlock] = [
      .paragraph(
        "Each scenario runs on real page tables in simulated memory. At every report point, each live process's "
          + "page-table pages are counted level by level (root first) and compared with what the analytic engine predicts "
          + "from the ranges the process mapped."),
      .paragraph(agreement + leaks),
    ]
    var titles: [String] = []
    for result in scenarioResults where !titles.contains(result.title) { titles.append(result.title) }
    for (index, title) in titles.enumerated() {
      let runs = scenarioResults.filter { $0.title == title }
      var table = DisplayTable(
        id: "scenario-\(index + 1)", caption: "",
        columns: [
          .init("architecture", numeric: false), .init("report point", numeric: false),
          .init("process", numeric: false), .init("data pages"),
          .init("page-table pages per level", numeric: false), .init("page-table pages"),
        ])
      for result in runs {
        for point in result.run.points {
          let report = point.report
          for process in report.processes {
            let agrees = point.predicted[process.id]?.pageTablePagesPerLevel == process.pageTablePagesPerLevel
            let perLevel = process.pageTablePagesPerLevel.map { groupedDigits($0) }.joined(separator: " ")
            table.rows.append(
              .init(
                [
                  .init(.text(result.run.architecture.name)), .init(.text(report.label)), .init(.text(process.name)),
                  .init(.integer(process.dataPages)),
                  .init(.text(perLevel + (agrees ? "" : " (differs from the prediction)"))),
                  .init(.integer(process.pageTablePagesPerLevel.reduce(0, +))),
                ], architectures: [result.run.architecture.name]))
          }
          if report.processes.isEmpty {
            table.rows.append(
              .init(
                [
                  .init(.text(result.run.architecture.name)), .init(.text(report.label)),
                  .init(.missing("no process is alive")), .init(.missing("")), .init(.missing("")), .init(.missing("")),
                ], architectures: [result.run.architecture.name]))
          }
        }
      }
      blocks.append(.subheading(id: "scenario-\(index + 1)-heading", title: title))
      blocks.append(.paragraph("Run on " + runs.map(\.run.architecture.name).joined(separator: ", ") + "."))
      blocks.append(.table(table))
    }
    return ReportSection(id: "scenarios", title: "Simulated scenarios against the prediction", blocks: blocks)
  }
}
