import PagingCore
import PagingSimulator

/// N contiguous 4 KiB pages on x86-64: map them with the library's own map
/// (`Machine.allocate`, through the iterator), copy every mapping into a fresh table (fork without data
/// copies), then free everything (both processes exit). The C reference does
/// the same three phases; each phase keeps its best time.
///
/// The pages start at 512 GiB, a boundary every table level is aligned to,
/// so a run needs exactly
///
///     1 PML4 + ⌈N/512³⌉ PDPT + ⌈N/512²⌉ PD + ⌈N/512⌉ PT
///
/// page-table pages: 5 for 2^9+1 (2 PTs), 517 for 2^18+1 (513 PTs under 2
/// PDs) and 2054 for 2^20 (2048 PTs under 4 PDs). Both sides are checked
/// against that count, and against the analytic engine, after every phase.
struct ContiguousJob {
  static let base: UInt64 = 1 << 39
  static let userWritable: Permissions = [.writable, .user]

  let architecture: Architecture
  let pages: Int
  /// Repetitions, when not the usual number for `pages` (`--runs`).
  var runs: Int? = nil

  /// Page-table pages of one process, root first, worked out by hand.
  var expectedTablesPerLevel: [Int] {
    func blocks(_ span: Int) -> Int { (pages + span - 1) / span }
    return [1, blocks(512 * 512 * 512), blocks(512 * 512), blocks(512)]
  }

  var expectedTables: Int { expectedTablesPerLevel.reduce(0, +) }

  struct Result {
    var best = BestOf()
    /// Simulator bytes and page-table bytes after mapping, and after fork.
    var afterMap: (storage: Int, tables: Int, bookkeeping: Int) = (0, 0, 0)
    var afterFork: (storage: Int, tables: Int, bookkeeping: Int) = (0, 0, 0)
  }

  func run() throws -> Result {
    try checkEngine()
    var result = Result()
    let runs = self.runs ?? repetitions(forPages: pages)
    for run in 0..<runs {
      try runSimulator(into: &result, firstRun: run == 0)
      try runPublicCalls(into: &result)
      try runReference(into: &result)
    }
    return result
  }

  /// The analytic engine must agree with the hand count.
  private func checkEngine() throws {
    let range = AddressRange(start: UInt128(Self.base), end: UInt128(Self.base) + UInt128(pages) << 12)
    let engine = architecture.footprint(of: [range]).pageTablePagesPerLevel.map { Int($0) }
    try check(
      engine == expectedTablesPerLevel,
      "engine counts \(engine) page-table pages per level for \(pages) pages, the hand count is \(expectedTablesPerLevel)"
    )
  }

  private func runSimulator(into result: inout Result, firstRun: Bool) throws {
    // Room for the data, both processes' tables, and a little slack: the
    // simulator's bookkeeping grows with memory size, so keep it tight.
    let frames = pages + 2 * expectedTables + 16
    let machine = try Machine(architecture: architecture, memoryBytes: UInt128(frames) << 12)
    let memory = machine.memory
    let parent = try machine.createProcess(name: "parent")
    let base = Self.base

    // The library's own page-by-page loop (Machine.allocate: a data frame,
    // then VirtualMemoryIterator.map, then a step to the next page), as the
    // C reference's ref_map_fresh loops inside C.
    let request = AllocationRequest(
      start: UInt128(base), count: UInt128(pages), size: 4096,
      permissions: Self.userWritable)
    let mapSeconds = try Timing.seconds { () throws(SimulationError) in
      try machine.allocate(in: parent, request)
    }
    result.best.record("map", mapSeconds)
    try checkSimulator(machine, tables: expectedTables, data: pages, after: "mapping")
    if firstRun {
      let perLevel = machine.counts(of: parent).pageTablePagesPerLevel.map { Int($0) }
      try check(
        perLevel == expectedTablesPerLevel,
        "the simulator holds \(perLevel) page-table pages per level, expected \(expectedTablesPerLevel)")
      var last = machine.iterator(for: parent)
      last.move(to: base + UInt64(pages - 1) << 12)
      try check(last.isPresent && last.isUser && last.isWritable, "the last page is not mapped user-writable")
      result.afterMap = (memory.tableStorageBytes, memory.pageTableBytesInUse, memory.frameBookkeepingBytes)
    }

    var child: Machine.Process?
    let copySeconds = try Timing.seconds { () throws(SimulationError) in
      child = try machine.fork(parent, name: "child", copyingData: false)
    }
    result.best.record("copy", copySeconds)
    try checkSimulator(machine, tables: 2 * expectedTables, data: pages, after: "fork")
    if firstRun {
      result.afterFork = (memory.tableStorageBytes, memory.pageTableBytesInUse, memory.frameBookkeepingBytes)
    }

    let freeSeconds = try Timing.seconds { () throws(SimulationError) in
      try machine.exit(child!)
      try machine.exit(parent)
    }
    result.best.record("free", freeSeconds)
    try checkSimulator(machine, tables: 0, data: 0, after: "exit")

  }

  /// The same map driven from outside the library: three public calls a
  /// page (allocateData, move, map) across the module boundary. A machine of
  /// its own, made after the first one is gone, so both get memory alike.
  private func runPublicCalls(into result: inout Result) throws {
    let frames = pages + 2 * expectedTables + 16
    let base = Self.base
    let other = try Machine(architecture: architecture, memoryBytes: UInt128(frames) << 12)
    let process = try other.createProcess(name: "calls")
    let owner = FrameOwner.data(process: process.id)
    let count = UInt64(pages)
    let callsSeconds = try Timing.seconds { () throws(SimulationError) in
      var iterator = other.iterator(for: process)
      try Self.mapPageByPage(count, from: base, memory: other.memory, owner: owner, with: &iterator)
    }
    result.best.record("calls", callsSeconds)
    try checkSimulator(other, tables: expectedTables, data: pages, after: "mapping through public calls")
    try other.exit(process)
  }

  /// The client's loop, as a user of the library would write it: a frame,
  /// a move, a map. A function of its own rather than a closure, so the
  /// iterator is a plain `inout` value, not a variable the closure captures
  /// (a heap box with dynamic exclusivity checks on every access).
  @inline(never)
  static func mapPageByPage(
    _ count: UInt64, from base: UInt64, memory: PhysicalMemory, owner: FrameOwner,
    with iterator: inout VirtualMemoryIterator
  ) throws(SimulationError) {
    let permissions = userWritable
    for page in 0..<count {
      let frame = try memory.allocateData(owner: owner)
      iterator.move(to: base &+ page &<< 12)
      try iterator.map(to: frame.address(offsetBits: 12), permissions: permissions)
    }
  }

  private func runReference(into result: inout Result) throws {
    let reference = try ReferencePageTable(dataFrames: pages, tableFrames: 2 * expectedTables + 16)
    let root = try reference.newRoot()

    let mapSeconds = try Timing.seconds { () throws(BenchmarkError) in
      try reference.mapFresh(root: root, address: Self.base, count: pages)
    }
    result.best.record("map.reference", mapSeconds)
    result.best.record("calls.reference", mapSeconds)
    try checkReference(reference, tables: expectedTables, data: pages, after: "mapping")

    var child: UInt64 = 0
    let copySeconds = try Timing.seconds { () throws(BenchmarkError) in
      child = try reference.copyMappings(of: root)
    }
    result.best.record("copy.reference", copySeconds)
    try checkReference(reference, tables: 2 * expectedTables, data: pages, after: "fork")

    let freeSeconds = Timing.seconds {
      reference.freeAll(child)
      reference.freeAll(root)
    }
    result.best.record("free.reference", freeSeconds)
    try checkReference(reference, tables: 0, data: 0, after: "exit")
  }

  private func checkSimulator(_ machine: Machine, tables: Int, data: Int, after phase: String) throws {
    try checkCounts(simulator: machine, tables: tables, data: data, when: "after \(phase) of \(pages) pages")
  }

  private func checkReference(_ reference: ReferencePageTable, tables: Int, data: Int, after phase: String) throws {
    try checkCounts(reference: reference, tables: tables, data: data, when: "after \(phase) of \(pages) pages")
  }

  func measurements(from result: Result) -> [Measurement] {
    let n = UInt64(pages)
    let runs = self.runs ?? repetitions(forPages: pages)
    func time(_ name: String, _ key: String) -> Measurement {
      Measurement(
        group: .contiguous, name: name, n: n, nLabel: powerLabel(n),
        figures: .time(seconds: result.best[key], reference: result.best[key + ".reference"]),
        repetitions: runs, target: 1)
    }
    return [
      time("map with the library (iterator)", "map"),
      // A client's loop across the module boundary beside the C library's
      // own loop (whose calls inline into one function): the library's
      // inlinable fast paths must make it as fast.
      time("map page by page, public calls from outside", "calls"),
      time("copy (fork, no data copies)", "copy"),
      time("free everything (exit)", "free"),
    ]
  }

  func memoryMeasurements(from result: Result) -> [Measurement] {
    let n = UInt64(pages)
    return [
      Measurement(
        group: .memory, name: "memory after mapping: table storage and bookkeeping / page-table bytes", n: n,
        nLabel: powerLabel(n),
        figures: .bytes(
          result.afterMap.storage, reference: result.afterMap.tables,
          bookkeeping: result.afterMap.bookkeeping),
        repetitions: 1, target: 1.25),
      Measurement(
        group: .memory, name: "memory after fork: table storage and bookkeeping / page-table bytes", n: n,
        nLabel: powerLabel(n),
        figures: .bytes(
          result.afterFork.storage, reference: result.afterFork.tables,
          bookkeeping: result.afterFork.bookkeeping),
        repetitions: 1, target: 1.25),
    ]
  }
}
