import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingScenarios
import PagingSimulator

/// `--host-memory-limit`: the host memory a simulation may plan to use.
struct HostMemoryOptions: ParsableArguments {
  @Option(
    parsing: .unconditional,
    help:
      "Host memory a simulation may use (default: the smallest of half this machine's memory, the address-space limit and three quarters of the cgroup's limit). Jobs estimated to need more are refused before they start.",
    transform: parseQuantity)
  var hostMemoryLimit: UInt128?

  /// Refuses `scenario` on `arch` when its estimate passes the budget.
  /// `copiesOfTables` counts what the outputs asked for hold beside the
  /// machine: a dump's text is about three times the table bytes plus a
  /// copy, a mapping list, drawing or trace reads a copy of the tables.
  func check(_ scenario: Scenario, on arch: Architecture, copiesOfTables: Int = 0) throws {
    let budget =
      hostMemoryLimit.map { HostMemoryBudget(bytes: $0, reason: "set by --host-memory-limit") }
      ?? HostMemoryBudget.current()
    var estimate = scenario.hostMemoryEstimate(for: arch)
    let (extra, overflow) = estimate.pageTableBytes.multipliedReportingOverflow(by: UInt128(copiesOfTables))
    estimate.bookkeepingBytes =
      overflow
      ? .max
      : estimate.bookkeepingBytes.addingReportingOverflow(extra).overflow
        ? .max : estimate.bookkeepingBytes + extra
    guard estimate.totalBytes <= budget.bytes else {
      let error = HostMemoryError(estimate: estimate, budget: budget.bytes, budgetReason: budget.reason)
      throw CommandFailure("\(arch.name): \(error)")
    }
  }
}
