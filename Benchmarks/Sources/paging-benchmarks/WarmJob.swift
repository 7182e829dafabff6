import PagingCore
import PagingSimulator

/// N contiguous 4 KiB pages on x86-64 mapped into warm memory: each side's
/// machine (or C memory) kept across repetitions, two processes alternating.
/// Before each timed map the older process exits, so the new one takes its
/// data frames and table pages from the free lists, in memory already
/// touched: no page fault and no fresh chunk lands in the timed map. Timed
/// twice, as in ``ContiguousJob``: the library's own loop
/// (`Machine.allocate`), and a client's loop of public calls
/// (`allocateData`, `move`, `map`) from this module. The C reference
/// alternates two roots the same way with `ref_free_all` and
/// `ref_map_fresh`.
///
/// The three sides take turns within every repetition, each on a memory of
/// its own, so a slow moment of the machine falls on all of them alike
/// rather than on one side's whole series.
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
    let library = try WarmMachine(job: self, publicCalls: false)
    let calls = try WarmMachine(job: self, publicCalls: true)
    let reference = try WarmReference(job: self)
    for _ in 0..<runs {
      best.record("warm map", try library.mapIntoNewProcess())
      best.record("warm calls", try calls.mapIntoNewProcess())
      let seconds = try reference.mapIntoNewRoot()
      best.record("warm map.reference", seconds)
      best.record("warm calls.reference", seconds)
    }
    return best
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

/// One simulator side of ``WarmJob``: a machine whose two processes have
/// each mapped the pages once, so every frame has been used.
private final class WarmMachine {
  let job: WarmJob
  let publicCalls: Bool
  let machine: Machine
  let request: AllocationRequest
  var older: Machine.Process
  var newer: Machine.Process

  init(job: WarmJob, publicCalls: Bool) throws {
    self.job = job
    self.publicCalls = publicCalls
    machine = try Machine(architecture: job.architecture, memoryBytes: UInt128(job.frames) << 12)
    request = AllocationRequest(
      start: UInt128(ContiguousJob.base), count: UInt128(job.pages), size: 4096,
      permissions: ContiguousJob.userWritable)
    older = try machine.createProcess()
    try machine.allocate(in: older, request)
    newer = try machine.createProcess()
    try machine.allocate(in: newer, request)
  }

  /// The older process exits and a new one maps the pages, timed.
  func mapIntoNewProcess() throws -> Double {
    try machine.exit(older)
    try checkCounts(simulator: machine, tables: job.expectedTables, data: job.pages, when: "before a warm map")
    older = newer
    newer = try machine.createProcess()
    let (machine, process, request) = (self.machine, newer, self.request)
    let seconds: Double
    if publicCalls {
      let owner = FrameOwner.data(process: process.id)
      seconds = try Timing.seconds { () throws(SimulationError) in
        var iterator = machine.iterator(for: process)
        try ContiguousJob.mapPageByPage(
          UInt64(job.pages), from: ContiguousJob.base, memory: machine.memory, owner: owner, with: &iterator)
      }
    } else {
      seconds = try Timing.seconds { () throws(SimulationError) in try machine.allocate(in: process, request) }
    }
    try checkCounts(
      simulator: machine, tables: 2 * job.expectedTables, data: 2 * job.pages,
      when: "after a warm map of \(job.pages) pages")
    return seconds
  }
}

/// The C side of ``WarmJob``: one C memory, two roots mapped once.
private final class WarmReference {
  let job: WarmJob
  let reference: ReferencePageTable
  var older: UInt64
  var newer: UInt64

  init(job: WarmJob) throws {
    self.job = job
    reference = try ReferencePageTable(dataFrames: 2 * job.pages, tableFrames: 2 * job.expectedTables + 16)
    older = try reference.newRoot()
    try reference.mapFresh(root: older, address: ContiguousJob.base, count: job.pages)
    newer = try reference.newRoot()
    try reference.mapFresh(root: newer, address: ContiguousJob.base, count: job.pages)
  }

  /// The older root is freed and a new one maps the pages, timed.
  func mapIntoNewRoot() throws -> Double {
    reference.freeAll(older)
    older = newer
    newer = try reference.newRoot()
    let (reference, root, pages) = (self.reference, newer, job.pages)
    let seconds = try Timing.seconds { () throws(BenchmarkError) in
      try reference.mapFresh(root: root, address: ContiguousJob.base, count: pages)
    }
    try checkCounts(
      reference: reference, tables: 2 * job.expectedTables, data: 2 * job.pages,
      when: "after a warm map of \(job.pages) pages")
    return seconds
  }
}
