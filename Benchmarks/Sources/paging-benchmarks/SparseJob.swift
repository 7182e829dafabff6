import PagingCore
import PagingSimulator

/// A few pages scattered over the 48-bit x86-64 user half: one at 0, one at
/// the top (0x7fff_ffff_f000), the rest placed by a fixed-seed SplitMix64.
/// Mapping them is set-up; what is timed is the copy (fork without data
/// copies) and the free (both exit), which should cost in proportion to what
/// is mapped, never to the 128 TiB of address space around it.
struct SparseJob {
  static let seed: UInt64 = 0x5EED_0048
  static let userHalfPages: UInt64 = 1 << 35
  static let runs = 50

  let architecture: Architecture
  let pageCount: Int

  /// Page addresses, sorted.
  var addresses: [UInt64] {
    var generator = SplitMix64(seed: Self.seed)
    var chosen: Set<UInt64> = [0, (Self.userHalfPages - 1) << 12]
    while chosen.count < pageCount {
      chosen.insert((generator.next() % Self.userHalfPages) << 12)
    }
    return chosen.sorted()
  }

  /// Page-table pages of one process, from the analytic engine.
  var expectedTables: Int {
    let ranges = addresses.map { AddressRange(start: UInt128($0), end: UInt128($0) + 4096) }
    return Int(architecture.footprint(of: ranges).pageTablePages)
  }

  func run() throws -> BestOf {
    let addresses = self.addresses
    let tables = expectedTables
    var best = BestOf()
    for _ in 0..<Self.runs {
      try runSimulator(addresses, tables: tables, into: &best)
      try runReference(addresses, tables: tables, into: &best)
    }
    return best
  }

  private func runSimulator(_ addresses: [UInt64], tables: Int, into best: inout BestOf) throws {
    let machine = try Machine(architecture: architecture, memoryBytes: UInt128(pageCount + 2 * tables + 16) << 12)
    let parent = try machine.createProcess(name: "parent")
    var iterator = machine.iterator(for: parent)
    for address in addresses {
      let frame = try machine.memory.allocateData(owner: .data(process: parent.id))
      iterator.move(to: address)
      try iterator.map(to: frame.address(offsetBits: 12), permissions: [.writable, .user])
    }
    try checkSimulator(machine, tables: tables, data: pageCount, after: "mapping")

    var child: Machine.Process?
    best.record(
      "copy",
      try Timing.seconds { () throws(SimulationError) in
        child = try machine.fork(parent, name: "child", copyingData: false)
      })
    try checkSimulator(machine, tables: 2 * tables, data: pageCount, after: "fork")

    best.record(
      "free",
      try Timing.seconds { () throws(SimulationError) in
        try machine.exit(child!)
        try machine.exit(parent)
      })
    try checkSimulator(machine, tables: 0, data: 0, after: "exit")
  }

  private func runReference(_ addresses: [UInt64], tables: Int, into best: inout BestOf) throws {
    let reference = try ReferencePageTable(dataFrames: pageCount, tableFrames: 2 * tables + 16)
    let root = try reference.newRoot()
    for address in addresses {
      try reference.map(root: root, address: address, physicalAddress: try reference.allocateData() << 12)
    }
    try checkReference(reference, tables: tables, data: pageCount, after: "mapping")

    var child: UInt64 = 0
    best.record(
      "copy.reference",
      try Timing.seconds { () throws(BenchmarkError) in
        child = try reference.copyMappings(of: root)
      })
    try checkReference(reference, tables: 2 * tables, data: pageCount, after: "fork")

    best.record(
      "free.reference",
      Timing.seconds {
        reference.freeAll(child)
        reference.freeAll(root)
      })
    try checkReference(reference, tables: 0, data: 0, after: "exit")
  }

  private func checkSimulator(_ machine: Machine, tables: Int, data: Int, after phase: String) throws {
    try checkCounts(simulator: machine, tables: tables, data: data, when: "sparse \(pageCount): after \(phase)")
  }

  private func checkReference(_ reference: ReferencePageTable, tables: Int, data: Int, after phase: String) throws {
    try checkCounts(reference: reference, tables: tables, data: data, when: "sparse \(pageCount): after \(phase)")
  }

  func measurements(from best: BestOf) -> [Measurement] {
    let n = UInt64(pageCount)
    func time(_ name: String, _ key: String) -> Measurement {
      Measurement(
        group: .sparse, name: name, n: n, nLabel: "\(n)",
        figures: .time(seconds: best[key], reference: best[key + ".reference"]),
        repetitions: Self.runs, target: 1)
    }
    return [
      time("sparse 48-bit: copy (fork, no data copies)", "copy"),
      time("sparse 48-bit: free everything (exit)", "free"),
    ]
  }
}
