import PagingCore
import PagingScenarios
import PagingSimulator

/// The section's five allocations drawn as page tables on one
/// architecture: each run from scratch in its own simulated machine.
public struct ClassicDrawings: Sendable {
  /// One allocation: its title and its page table, or why it is not drawn.
  public let drawings: [(title: String, diagram: TableDiagram?, reason: String)]

  /// The five allocations, in the architecture's own pages: 1 byte, one
  /// page, 2^9, 2^9+1 and 2^18+1 pages, each from address 0. Those that do
  /// not fit the address space, or would take more than `hostBudget` bytes
  /// of the host's memory to simulate, are listed with the reason.
  public init(architecture arch: Architecture, hostBudget: UInt128 = 256 << 20) {
    let page = arch.pageSize
    let cases: [(String, UInt128, UInt128)] = [
      ("1 byte", 1, 1), ("1 page", 1, page), ("2^9 pages", 512, page), ("2^9+1 pages", 513, page),
      ("2^18+1 pages", 262_145, page),
    ]
    drawings = cases.map { title, count, size in
      guard (try? arch.translatedRange(start: 0, length: count * size)) != nil else {
        return (title, nil, "\(formatBytesRoughly(count * size)) does not fit the address space")
      }
      let scenario = Scenario(
        title: title, summary: "", architectures: [arch.name], physicalMemory: nil, kernel: [],
        steps: [
          .create(process: title),
          .allocate(
            process: title, start: .pointer(0), count: count, size: size, layout: .contiguous,
            largePages: false, permissions: [.user, .writable]),
        ])
      let needed = scenario.hostMemoryEstimate(for: arch).totalBytes
      guard needed <= hostBudget else {
        return (title, nil, "simulating it would take about \(formatBytesRoughly(needed)) of memory")
      }
      do {
        let run = try scenario.run(on: arch, capturingDiagrams: true)
        guard let diagram = run.diagrams?.first?.diagram else { return (title, nil, "the simulator drew nothing") }
        return (title, diagram, "")
      } catch {
        return (title, nil, "the simulator refused it: \(error)")
      }
    }
  }
}
