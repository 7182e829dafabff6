import PagingCore
import PagingJSON

// `paging proc --format json`: the keys are a contract scripts rely on (see
// README); add keys, never rename them.

extension VmPTEComparison {
  /// The comparison as JSON names it: `agrees`, `upper_bound`,
  /// `not_reported`, `kernel_holds_more`, `kernel_holds_more_vvar` or
  /// `kernel_holds_fewer`.
  public var jsonName: String {
    switch self {
    case .agrees: return "agrees"
    case .upperBound: return "upper_bound"
    case .notReported: return "not_reported"
    case .kernelHoldsMore(_, true): return "kernel_holds_more_vvar"
    case .kernelHoldsMore: return "kernel_holds_more"
    case .kernelHoldsFewer: return "kernel_holds_fewer"
    }
  }
}

extension ProcessAnalysis {
  /// One process as `paging proc PID --format json` prints it: what was
  /// read, the tables per level, the prediction of VmPTE against the
  /// kernel's, and `what_if`, the same process costed on each of `costs`'
  /// architectures.
  public func json(costs: [WhatIfCost]) -> JSONValue {
    let snapshot = self.snapshot
    let optional: (UInt128?) -> JSONValue = { $0.map { .integer($0) } ?? .null }
    return .object([
      ("pid", snapshot.processID.map { .integer($0) } ?? .null),
      ("command", .string(snapshot.command)),
      ("kernel", .string(snapshot.kernelRelease)),
      ("paging_mode", .string(snapshot.pagingMode.rawValue)),
      ("vmpte_bytes", optional(reportedVmPTEBytes)),
      ("predicted_vmpte_bytes", .integer(predictedVmPTEBytes)),
      ("comparison", .string(comparison.jsonName)),
      ("upper_bound", .bool(isUpperBound)),
      ("level_names", .array(architecture.levels.map { .string($0.name) })),
      ("page_table_pages_per_level", .array(pageTablePagesPerLevel.map { .integer($0) })),
      ("deposited_page_table_pages", .integer(depositedTables)),
      ("emptied_tables_at_most", .integer(emptiedTablesAtMost)),
      ("mapped_bytes", .integer(mappedBytes)),
      ("populated_pages", optional(populatedPages)),
      ("pmd_mapped_huge_pages", .integer(depositedTables + fileHugePages)),
      ("vmrss_bytes", snapshot.reportedVmRSSBytes.map { .integer($0) } ?? .null),
      (
        "what_if",
        .array(
          costs.map { cost in
            var members: [(String, JSONValue)] = [
              ("architecture", .string(cost.architecture)),
              ("large_pages", .bool(cost.largePages)),
              ("page_table_bytes", optional(cost.pageTableBytes)),
              ("populated_bytes", optional(cost.populatedBytes)),
              ("upper_bound_page_table_bytes", optional(cost.upperBoundPageTableBytes)),
              ("mapped_bytes", optional(cost.upperBoundMappedBytes)),
            ]
            if let bytes = cost.pageTableBytes, let data = cost.populatedBytes, data > 0 {
              members.append(("overhead_per_populated_byte", .number(formatRatio(bytes, data))))
            }
            if let bytes = cost.upperBoundPageTableBytes, let data = cost.upperBoundMappedBytes, data > 0 {
              members.append(("overhead_per_mapped_byte", .number(formatRatio(bytes, data))))
            }
            if let reason = cost.reason { members.append(("reason", .string(reason))) }
            return .object(members)
          })
      ),
    ])
  }
}

extension ProcessSurvey.Entry {
  /// Whether the tables the process's kernel holds beyond the prediction
  /// fit in the emptied tables its mappings allow, or are its [vvar] pages'.
  public var isExplainedByKeptTables: Bool {
    guard case .kernelHoldsMore(let pages, let vvar) = analysis.comparison else { return false }
    return vvar || pages <= analysis.emptiedTablesAtMost
  }
}

extension ProcessSurvey {
  /// Every process as `paging proc --all --format json` prints it: the
  /// survey's counts and totals, and the `top` processes by page-table bytes.
  public func json(top: Int) -> JSONValue {
    .object([
      ("processes_read", .integer(processes.count)),
      ("kernel_threads", .integer(kernelThreads)),
      ("vanished", .integer(vanished)),
      ("refused", .integer(refused)),
      ("total_page_table_bytes", .integer(totalPageTableBytes)),
      ("agreeing", .integer(processes.filter { $0.analysis.comparison == .agrees }.count)),
      ("explained_by_kept_tables", .integer(processes.filter(\.isExplainedByKeptTables).count)),
      (
        "top",
        .array(
          self.top(top).map { entry in
            let analysis = entry.analysis
            return .object([
              ("pid", analysis.snapshot.processID.map { .integer($0) } ?? .null),
              ("command", .string(analysis.snapshot.command)),
              ("page_table_bytes", .integer(entry.pageTableBytes)),
              ("vmpte_bytes", analysis.reportedVmPTEBytes.map { .integer($0) } ?? .null),
              ("predicted_vmpte_bytes", .integer(analysis.predictedVmPTEBytes)),
              ("comparison", .string(analysis.comparison.jsonName)),
            ])
          })
      ),
    ])
  }
}
