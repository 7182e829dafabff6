import PagingCore
import PagingSimulator

// What `paging simulate` prints.

extension ScenarioRun {
  /// The parts of a run's text beyond the counts, as `simulate --show`
  /// names them.
  public enum Detail: String, CaseIterable, Sendable {
    /// Each live process's page-table pages, children before parents.
    case tree
    /// One character a frame (`MemoryMap.legend`).
    case memory
    /// Each process's mappings merged into runs.
    case mappings
    /// Each process's page table drawn as boxes.
    case diagram
  }

  /// The run under `title`: at each report point the counts (per level,
  /// per process beside the engine's prediction, a leak check after an
  /// exit), the roots, then each of `details` that was captured.
  public func text(title: String, details: Set<Detail> = [], mappingFilter: MappingFilter = MappingFilter()) -> String {
    let run = self
    let arch = run.architecture
    var lines = ["\(arch.name): \(title) (physical memory \(formatBytesExactly(run.memoryBytes)))"]
    for point in run.points {
      let report = point.report
      lines.append("")
      lines.append("  \(report.label):")
      var table = TextTable()
      table.append(["data pages", formatCount(report.dataPages)])
      table.append(["page-table pages", formatCount(report.pageTablePages)])
      for level in arch.levels.indices {
        table.append(["  \(arch.levels[level].name)", formatCount(report.pageTablePagesPerLevel[level])])
      }
      if report.kernelPages > 0 { table.append(["kernel pages", formatCount(report.kernelPages)]) }
      table.append(["total pages", formatCount(report.totalPages)])
      table.append(["page-table bytes", formatBytesExactly(report.pageTablePages * arch.pageSize)])
      if point.exitsBefore > 0 {
        table.append([
          "leak check", report.leakedFrames == 0 ? "no leaked frames" : "\(report.leakedFrames) LEAKED frames",
        ])
      }
      lines.append(table.rendered(indent: 4))
      if !report.processes.isEmpty {
        var processes = TextTable(header: [
          "process", "data pages", "page-table pages (root first)", "engine predicts",
        ])
        for process in report.processes {
          let predicted = point.predicted[process.id]?.pageTablePagesPerLevel
          let measured = process.pageTablePagesPerLevel.map(String.init).joined(separator: " ")
          processes.append([
            "\(process.id) \(process.name)", "\(process.dataPages)", measured,
            predicted.map {
              $0 == process.pageTablePagesPerLevel ? "same" : $0.map(String.init).joined(separator: " ")
            } ?? "-",
          ])
        }
        lines.append(processes.rendered(indent: 4))
      }
    }
    if !run.roots.isEmpty {
      lines.append("")
      lines.append(
        "  Roots: " + run.roots.map { "\($0.name) at pa \(formatHex($0.physicalAddress))" }.joined(separator: ", "))
    }
    if details.contains(.tree) {
      lines.append("")
      if run.tables.isEmpty, let last = run.points.last?.report {
        // Every process has exited: say what is left and whose it is.
        let kernel =
          last.kernelPages > 0 ? "\(counted(last.kernelPages, "frame")) left, all the kernel's" : "no frames left"
        lines.append("  Page-table pages: none (every process has exited); \(kernel)")
      } else {
        lines.append("  Page-table pages (children before parents):")
        for process in run.tables {
          lines.append(
            "    process \(process.id) (\(process.name)): root at pa \(formatHex(process.rootAddress))")
          lines += process.pages.map { "      \($0)" }
        }
      }
    }
    if details.contains(.mappings), let mappings = run.mappings {
      lines.append("")
      lines.append("  Mappings at the end:")
      for (name, root, list) in mappings {
        lines.append("    \(name) (root at pa \(formatHex(root))):")
        lines += list.textLines(filter: mappingFilter, indent: 6)
      }
    }
    if details.contains(.diagram), let diagrams = run.diagrams {
      lines.append("")
      lines.append("  Page tables at the end:")
      for (name, diagram) in diagrams {
        lines.append("    \(name):")
        lines += diagram.text(indent: 4)
      }
    }
    if details.contains(.memory) {
      lines.append("")
      lines.append("  Physical memory (\(MemoryMap.legend)):")
      lines += (run.memoryMap?.text() ?? "").split(separator: "\n").map { "    " + $0 }
    }
    return lines.joined(separator: "\n")
  }
}

extension Scenario {
  /// The heading `simulate --trace` prints before the events of `step`:
  /// `x86-64 steps[3] fork p1 -> p2 (copying writable user pages):`.
  public func traceHeading(step: Int, architecture: Architecture) -> String {
    let what: String
    switch steps.indices.contains(step) ? steps[step] : nil {
    case .fork(let process, let child, let sharing)?:
      what = "fork \(process) -> \(child) (\(sharing ? "sharing every user page" : "copying writable user pages"))"
    case .exit(let process)?: what = "exit \(process)"
    default: what = "step"
    }
    return "\(architecture.name) steps[\(step)] \(what):"
  }
}
