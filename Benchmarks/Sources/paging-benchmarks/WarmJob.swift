import PagingCore
import PagingSimulator

/// N contiguous 4 KiB pages on x86-64 mapped into warm memory: one machine
/// (and one C memory) kept across repetitions, two processes alternating.
/// Before each timed map the older process exits, so the new one takes its
/// data frames and table pages from the free lists, in memory already
/// touched: no page fault and no fresh chunk lands in the timed map. Timed
/// twice, as in ``ContiguousJob``: the library's own loop
/// (`Machine.allocate`), and a client's loop of public calls
/// (`allocateData`, `move`, `map`) from this module. The C reference
/// alternates two roots the same way with `ref_free_all` and
/// `ref_map_fresh`.
struct WarmJob {
  let architecture: Architecture
  let pages: Int

  /// Page-table pages of one process, worked out by hand as in
  /// ``ContiguousJob/expectedTablesPerLevel``.
  var expectedTables: Int { ContiguousJob(architecture: architecture, pages: pages).expectedTables }

  /// Room for two processes' data and tables, and a little slack.
  var frames: Int { 2 * pages + 2 * expectedTables + 16 }

  func run(runs: Int? = nil) throws -> BestOf {
    let runs = runs ?? repetitions(forPages: pages)
    var best = BestOf()
    try runSimulator(runs: runs, into: &best, key: "warm map", publicCalls: false)
    try runSimulator(runs: runs, into: &best, key: "warm calls", publicCalls: true)
    try runReference(runs: runs, into: &best)
    return best
  }

  private func runSimulator(runs: Int, into best: inout BestOf, key: String, publicCalls: Bool) throws {
    let machine = try Machine(architecture: architecture, memoryBytes: UInt128(frames) << 12)
    let request = AllocationRequest(
      start: UInt128(ContiguousJob.base), count: UInt128(pages), size: 4096,
      permissions: ContiguousJob.userWritable)
    // Warm-up: both processes mapped once, so every frame has been used.
    var older = try machine.createProcess()
    try machine.allocate(in: older, request)
    var newer = try machine.createProcess()
    try machine.allocate(in: newer, request)
    for _ in 0..<runs {
      try machine.exit(older)
      try checkCounts(simulator: machine, tables: expectedTables, data: pages, when: "before a warm map")
      older = newer
      newer = try machine.createProcess()
      let process = newer
      let seconds: Double
      if publicCalls {
        let owner = FrameOwner.data(process: process.id)
        seconds = try Timing.seconds { () throws(SimulationError) in
          var iterator = machine.iterator(for: process)
          try ContiguousJob.mapPageByPage(
            UInt64(pages), from: ContiguousJob.base, memory: machine.memory, owner: owner, with: &iterator)
        }
      } else {
        seconds = try Timing.seconds { () throws(SimulationError) in try machine.allocate(in: process, request) }
      }
      best.record(key, seconds)
      try checkCounts(
        simulator: machine, tables: 2 * expectedTables, data: 2 * pages, when: "after a warm map of \(pages) pages")
    }
  }

  private func runReference(runs: Int, into best: inout BestOf) throws {
    let reference = try ReferencePageTable(dataFrames: 2 * pages, tableFrames: 2 * expectedTables + 16)
    var older = try reference.newRoot()
    try reference.mapFresh(root: older, address: ContiguousJob.base, count: pages)
    var newer = try reference.newRoot()
    try reference.mapFresh(root: newer, address: ContiguousJob.base, count: pages)
    for _ in 0..<runs {
      reference.freeAll(older)
      older = newer
      newer = try reference.newRoot()
      let root = newer
      let seconds = try Timing.seconds { () throws(BenchmarkError) in
        try reference.mapFresh(root: root, address: ContiguousJob.base, count: pages)
      }
      best.record("warm map.reference", seconds)
      best.record("warm calls.reference", seconds)
      try checkCounts(
        reference: reference, tables: 2 * expectedTables, data: 2 * pages,
        when: "after a warm map of \(pages) pages")
    }
  }

  func measurements(from best: BestOf, runs: Int? = nil) -> [Measurement] {
    let n = UInt64(pages)
    let runs = runs ?? repetitions(forPages: pages)
    func time(_ name: String, _ key: String) -> Measurement {
      Measurement(
        group: .contiguous, name: name, n: n, nLabel: powerLabel(n),
        figures: .time(seconds: best[key], reference: best[key + ".reference"]),
        repetitions: runs, target: 1)
    }
    return [
      time("map in warm memory (iterator)", "warm map"),
      time("map in warm memory, public calls from outside", "warm calls"),
    ]
  }
}
