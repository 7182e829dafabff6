import PagingCore
import PagingDescriptors
import PagingScenarios
import PagingSimulator
import Testing

/// The host-memory estimate a scenario is checked against before it runs.
@Suite struct ScenarioHostMemoryTests {
  func builtin(_ name: String) throws -> Architecture {
    try #require(BuiltinArchitectures.named(name))
  }

  /// Item 7: the host-memory estimate is an upper bound on the page tables
  /// a run actually builds (measured by the simulator, a second method).
  @Test(arguments: ["x86-64", "x86-32", "riscv-sv39", "arm64-64k-48"])
  func hostEstimateBoundsTheRun(name: String) throws {
    let arch = try builtin(name)
    // Spans that fit even x86-32's 4 GiB: 300 allocations 8 MiB apart is 2.4 GiB.
    let layouts: [AllocationRequest.Layout] = [
      .contiguous, .stride(1 << 21), .stride(1 << 23), .random(seed: 3, within: 1 << 31),
    ]
    for layout in layouts {
      let scenario = Scenario(
        title: "t", summary: "s", architectures: [name], physicalMemory: nil, kernel: [],
        steps: [
          .create(process: "a"),
          .allocate(
            process: "a", start: .pointer(0), count: 300, size: 5000, layout: layout, largePages: false,
            permissions: [.writable, .user]),
          .fork(process: "a", child: "b"), .report(label: "end"),
        ])
      let estimate = scenario.hostMemoryEstimate(for: arch)
      let run = try scenario.run(on: arch)
      let tables = try #require(run.points.last?.report.pageTablePages)
      #expect(estimate.pageTableBytes >= tables * arch.pageSize, "\(name) \(layout)")
      // And not wildly above: within three times the tables plus a few roots.
      #expect(estimate.pageTableBytes <= (tables * 3 + 8) * arch.pageSize, "\(name) \(layout)")
    }
  }

  /// Item 7: a job far beyond any host is estimated without building it.
  @Test func hugeJobsAreEstimatedCheaply() throws {
    let arch = try builtin("x86-64")
    let scenario = Scenario(
      title: "t", summary: "s", architectures: ["x86-64"], physicalMemory: nil, kernel: [],
      steps: [
        .create(process: "a"),
        .allocate(
          process: "a", start: .pointer(0), count: 1 << 24, size: 4096, layout: .stride(1 << 21),
          largePages: false, permissions: [.writable, .user]),
      ])
    // Each allocation sits in a 2 MiB block of its own, so needs a page
    // table of its own: at least 2^24 pages of 4 KiB = 64 GiB.
    #expect(scenario.hostMemoryEstimate(for: arch).pageTableBytes >= UInt128(1) << 36)
  }
}
