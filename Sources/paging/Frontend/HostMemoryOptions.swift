import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingSimulator

/// `--host-memory-limit`: the host memory a simulation may plan to use.
struct HostMemoryOptions: ParsableArguments {
  @Option(parsing: .unconditional,
          help: "Host memory a simulation may use (default: the smallest of half this machine's memory, the address-space limit and three quarters of the cgroup's limit). Jobs estimated to need more are refused before they start.",
          transform: parseQuantity)
  var hostMemoryLimit: UInt128?

  /// Refuses `scenario` on `arch` when its estimate passes the budget.
  func check(_ scenario: Scenario, on arch: Architecture) throws {
    let budget = hostMemoryLimit.map { HostMemoryBudget(bytes: $0, reason: "set by --host-memory-limit") }
      ?? HostMemoryBudget.current()
    let estimate = scenario.hostMemoryEstimate(for: arch)
    guard estimate.totalBytes <= budget.bytes else {
      let error = HostMemoryError(estimate: estimate, budget: budget.bytes, budgetReason: budget.reason)
      throw CommandFailure("\(arch.name): \(error)")
    }
  }
}
