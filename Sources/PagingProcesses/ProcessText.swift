import PagingCore

extension ProcessAnalysis {
  /// One process as `paging proc PID` prints it: what was read, the
  /// page-table pages per level, VmPTE predicted against the kernel's with
  /// the reason for any difference, and the same process on each of
  /// `costs`' architectures.
  public func text(costs: [WhatIfCost]) -> String { ProcessText.text(self, costs) }
}

extension ProcessSurvey {
  /// Every process as `paging proc --all` prints it: how many agree with
  /// the kernel, why the others differ, and the `top` processes by
  /// page-table bytes.
  public func text(top: Int) -> String { ProcessText.text(self, top: top) }
}

/// The text of `paging proc`, line by line.
enum ProcessText {
  // MARK: - One process

  static func text(_ analysis: ProcessAnalysis, _ costs: [WhatIfCost]) -> String {
    let snapshot = analysis.snapshot
    let arch = analysis.architecture
    let who = snapshot.processID.map { "process \($0)" } ?? "a process"
    var lines = [
      "\(who) (\(quotedForMessage(snapshot.command))) on Linux \(snapshot.kernelRelease), \(snapshot.pagingMode.phrase)"
    ]
    var summary = "  \(counted(snapshot.mappings.count, "mapping")), \(formatBytes(analysis.mappedBytes)) mapped"
    if let populated = analysis.populatedPages {
      summary += "; \(counted(populated, "page")) populated (\(formatBytes(populated * arch.pageSize)))"
      let huge = analysis.depositedTables + analysis.fileHugePages
      summary += "; \(counted(huge, "PMD-mapped huge page"))"
      if huge > 0 { summary += " (\(analysis.depositedTables) anonymous)" }
    }
    lines.append(summary)
    lines.append("")
    lines.append(
      analysis.isUpperBound
        ? "  page-table pages every mapped page would need (the pagemap could not be read: upper bounds):"
        : "  page-table pages the populated pages need:")
    var table = TextTable()
    for level in arch.levels.indices {
      let counted = analysis.accountedLevels.contains(level) ? "" : "  (not in VmPTE)"
      table.append([arch.levels[level].name, "\(analysis.pageTablePagesPerLevel[level])" + counted])
    }
    if analysis.depositedTables > 0 {
      table.append(["deposited", "\(analysis.depositedTables)  (one PTE page kept under each anonymous huge page)"])
    }
    table.append([
      "in all", "\(analysis.pageTablePages + analysis.depositedTables) (\(formatBytes(analysis.pageTableBytes)))",
    ])
    lines.append(table.rendered(indent: 4))
    let levelNames = analysis.accountedLevels.map { arch.levels[$0].name }.joined(separator: " + ")
    let unaccounted = arch.levels.indices.filter { !analysis.accountedLevels.contains($0) }.map { arch.levels[$0].name }
    var predicted = "  VmPTE predicted: \(formatBytesExactly(analysis.predictedVmPTEBytes)) (\(levelNames)"
    if analysis.depositedTables > 0 { predicted += " + deposited" }
    predicted += "; the kernel does not count the \(unaccounted.joined(separator: " or the ")))"
    lines.append(predicted)
    if let reported = analysis.reportedVmPTEBytes {
      lines.append(
        "  VmPTE reported:  \(formatBytesExactly(reported)): \(explanation(analysis.comparison, pageSize: arch.pageSize))"
      )
      if case .kernelHoldsMore(let pages, false) = analysis.comparison {
        lines.append("  " + keptTables(analysis, pages: pages))
      }
    }
    lines.append("")
    lines.append("  The same process on other architectures (page-table bytes, and per byte mapped):")
    var costsTable = TextTable(header: [
      "architecture", "pages", "populated pages", "per byte", "every mapped page", "per byte",
    ])
    var reasons: [String] = []
    for cost in costs {
      let pages = cost.largePages ? "large" : "base"
      guard cost.reason == nil, let upper = cost.upperBoundPageTableBytes, let mapped = cost.upperBoundMappedBytes
      else {
        if !cost.largePages, let reason = cost.reason {
          reasons.append("  \(cost.architecture): cannot hold the process: \(reason)")
        }
        costsTable.append([cost.architecture, pages, "n/a", "", "n/a", ""])
        continue
      }
      let populatedCell = cost.pageTableBytes.map(formatBytes) ?? "unknown"
      var populatedRatio = ""
      if let bytes = cost.pageTableBytes, let data = cost.populatedBytes, data > 0 {
        populatedRatio = formatRatio(bytes, data)
      }
      costsTable.append([
        cost.architecture, pages, populatedCell, populatedRatio, formatBytes(upper),
        mapped > 0 ? formatRatio(upper, mapped) : "",
      ])
    }
    lines.append(costsTable.rendered(indent: 4))
    lines += reasons
    return lines.joined(separator: "\n")
  }

  static func explanation(_ comparison: VmPTEComparison, pageSize: UInt128) -> String {
    switch comparison {
    case .agrees: return "agrees"
    case .upperBound:
      return
        "the pagemap could not be read (it needs the privileges to trace the process), so the prediction counts every mapped page and is an upper bound"
    case .notReported: return "not reported"
    case .kernelHoldsMore(let pages, true):
      return
        "\(counted(pages, "page")) more, exactly what the [vvar] pages need: the kernel maps them without struct page (VM_PFNMAP), so pagemap never shows them"
    case .kernelHoldsMore(let pages, false):
      return
        "\(counted(pages, "page")) (\(formatBytes(pages * pageSize))) more than the populated pages need: the kernel keeps a table emptied by a munmap that leaves part of its range mapped, by reclaim, or by MADV_DONTNEED (unless built with CONFIG_PT_RECLAIM, and then only bottom-level tables are freed) until its whole range is unmapped, so VmPTE is at least the minimum; [vvar] pages (VM_PFNMAP) are also invisible to pagemap"
    case .kernelHoldsFewer(let pages):
      return "\(counted(pages, "page")) fewer than predicted: the process changed its memory while it was being read"
    }
  }

  /// Where the tables the kernel keeps beyond the prediction can be.
  static func keptTables(_ analysis: ProcessAnalysis, pages: UInt128) -> String {
    guard pages <= analysis.emptiedTablesAtMost else {
      return
        "That is more than emptied tables inside the mappings can be (at most \(analysis.emptiedTablesAtMost)): the process changed while it was being read."
    }
    let examples = analysis.emptyMappedBlocks(limit: 3).map { block in
      formatHex(block.start) + (block.mapping.isEmpty ? "" : " (\(quotedForMessage(block.mapping, limit: 40)))")
    }
    var text = "Emptied tables inside the mappings can account for up to \(analysis.emptiedTablesAtMost)"
    if !examples.isEmpty { text += "; mapped 2 MiB blocks with no populated page: " + examples.joined(separator: ", ") }
    return text + "."
  }

  // MARK: - Every process

  static func text(_ survey: ProcessSurvey, top: Int) -> String {
    let agreeing = survey.processes.filter { $0.analysis.comparison == .agrees }.count
    let reported = survey.processes.reduce(UInt128(0)) { $0 + ($1.analysis.reportedVmPTEBytes ?? 0) }
    let predicted = survey.processes.reduce(UInt128(0)) { $0 + $1.analysis.predictedVmPTEBytes }
    var lines = [
      "\(counted(survey.processes.count, "process", "processes")) read (\(counted(survey.kernelThreads, "kernel thread")) left out, \(survey.vanished) ended while read, \(survey.refused) refused)",
      "page tables in all: \(formatBytes(survey.totalPageTableBytes)); VmPTE reported \(formatBytes(reported)), predicted \(formatBytes(predicted)); predicted equals reported for \(agreeing) of \(survey.processes.count)",
    ]
    let differing = survey.processes.filter {
      if case .kernelHoldsMore = $0.analysis.comparison { return true } else { return false }
    }
    let explained = differing.filter(\.isExplainedByKeptTables).count
    if !differing.isEmpty {
      lines.append(
        "of the \(counted(differing.count, "process", "processes")) whose kernel holds more tables, \(explained) hold no more than emptied tables inside their mappings (or their [vvar] pages) can be"
      )
    }
    if survey.upperBounds > 0 {
      lines.append(
        "\(counted(survey.upperBounds, "process", "processes")) counted from their mappings alone (pagemap refused): upper bounds"
      )
    }
    lines.append("")
    var table = TextTable(header: ["pid", "command", "page tables", "VmPTE reported", "predicted", ""])
    for entry in survey.top(top) {
      let analysis = entry.analysis
      let difference: String
      switch analysis.comparison {
      case .agrees: difference = "agrees"
      case .kernelHoldsMore(let pages, let vvar): difference = "+\(pages) kept" + (vvar ? " ([vvar])" : "")
      case .kernelHoldsFewer(let pages): difference = "-\(pages) (changed while read)"
      case .upperBound: difference = "upper bound"
      case .notReported: difference = ""
      }
      table.append([
        analysis.snapshot.processID.map { "\($0)" } ?? "", quotedForMessage(analysis.snapshot.command, limit: 24),
        formatBytes(entry.pageTableBytes), analysis.reportedVmPTEBytes.map(formatBytes) ?? "",
        formatBytes(analysis.predictedVmPTEBytes), difference,
      ])
    }
    lines.append(table.rendered())
    return lines.joined(separator: "\n")
  }

}
