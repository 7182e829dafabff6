import PagingCore

/// Page counts at one point of a simulation.
public struct SimulationReport: Sendable, Equatable {
  /// One live process's counts, read from its own page table.
  public struct ProcessCounts: Sendable, Equatable {
    /// The process id (see ``Machine/Process/id``).
    public let id: Int
    /// The process's name.
    public let name: String
    /// User data pages mapped (base-page units; shared pages count for each mapper).
    public let dataPages: UInt128
    /// Page-table pages at each level, root first.
    public let pageTablePagesPerLevel: [UInt128]
    /// The process's page-table pages at all levels, root included.
    public var pageTablePages: UInt128 { pageTablePagesPerLevel.reduce(0, +) }
  }

  /// The name given to this point of the simulation (`after fork`).
  public let label: String
  /// Frames holding process data (owned or shared).
  public let dataPages: UInt128
  /// Frames holding processes' page tables, at each level.
  public let pageTablePagesPerLevel: [UInt128]
  /// Frames the kernel holds: its data and its own page tables.
  public let kernelPages: UInt128
  /// Frames allocated that nothing reachable maps or holds.
  public let leakedFrames: UInt128
  /// Frames nobody holds.
  public let freeFrames: UInt128
  /// Each live process's own counts, in the order the processes were created.
  public let processes: [ProcessCounts]

  /// Processes' page-table pages at all levels (the kernel's are in ``kernelPages``).
  public var pageTablePages: UInt128 { pageTablePagesPerLevel.reduce(0, +) }
  /// Every allocated frame.
  public var totalPages: UInt128 { dataPages + pageTablePages + kernelPages }
}

extension Machine {
  /// Counts frames by owner, each live process's tables, and leaks.
  ///
  /// - Complexity: O(frames handed out + mapped entries); the size of
  ///   memory does not matter.
  public func report(label: String) -> SimulationReport {
    var data: UInt128 = 0
    var kernel: UInt128 = 0
    var perLevel = [UInt128](repeating: 0, count: architecture.levelCount)
    for frame in [memory.handedOutFrames.data, memory.handedOutFrames.table].joined() {
      switch memory.owner(of: frame) {
      case .free: break
      case .kernel: kernel += 1
      case .data, .shared: data += 1
      case .pageTable(let process, let level):
        if process == 0 { kernel += 1 } else { perLevel[level] += 1 }
      }
    }
    let free = UInt128(memory.frameCount - memory.allocatedFrames)
    let counts = processes.map(counts(of:))
    return SimulationReport(
      label: label, dataPages: data, pageTablePagesPerLevel: perLevel, kernelPages: kernel,
      leakedFrames: UInt128(leakedFrames().count), freeFrames: free, processes: counts)
  }

  /// One process's own counts, from its page table.
  public func counts(of process: Process) -> SimulationReport.ProcessCounts {
    var perLevel = [UInt128](repeating: 0, count: architecture.levelCount)
    perLevel[0] = architecture.rootPages
    let census = TreeCensus.of(root: process.root, in: memory)
    for table in census.tables { perLevel[table.level] += 1 }
    return .init(id: process.id, name: process.name, dataPages: census.userPages, pageTablePagesPerLevel: perLevel)
  }

  /// Allocated frames that no live page table holds or maps.
  ///
  /// - Complexity: O(frames handed out + mapped entries).
  public func leakedFrames() -> [FrameNumber] {
    // One flag per frame handed out: the data zone's, then the table zone's
    // (no other frame can be allocated).
    let (data, table) = memory.handedOutFrames
    func slot(_ frame: FrameNumber) -> Int? {
      if data.contains(frame) { return frame.index }
      if table.contains(frame) { return data.count + table.lowerBound.distance(to: frame) }
      return nil
    }
    var reachable = [Bool](repeating: false, count: data.count + table.count)
    func reach(_ frame: FrameNumber) { if let slot = slot(frame) { reachable[slot] = true } }
    var roots = processes.map(\.root)
    if let kernelRoot { roots.append(kernelRoot) }
    for root in roots {
      for page in 0..<Int(architecture.rootPages) { reach(root.advanced(by: page)) }
      let census = TreeCensus.of(root: root, in: memory, recordsLeaves: true)
      for table in census.tables { reach(table.frame) }
      for leaf in census.leaves {
        for offset in 0..<leaf.count { reach(leaf.first.advanced(by: offset)) }
      }
    }
    return [data, table].joined().filter { frame in
      memory.owner(of: frame) != .free && slot(frame).map { !reachable[$0] } ?? false
    }
  }
}
