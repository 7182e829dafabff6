import PagingCore

/// One step of the course's `copy_mappings` or `free_everything`, in the
/// order its iterators take them: the virtual-memory iterator visits
/// mappings by address, the page-table-page iterator finds tables children
/// before parents.
public enum TraceEvent: Sendable, Equatable {
  /// The source iterator is at a mapping (`address` is a pointer).
  case visit(address: UInt128, physicalAddress: PhysicalAddress, size: UInt128, permissions: Permissions)
  /// Mapping in the destination needed a new page-table page.
  case allocateTable(levelName: String, physicalAddress: PhysicalAddress)
  /// The destination maps `address`: to the same frame (shared) or a copy.
  case map(address: UInt128, physicalAddress: PhysicalAddress, permissions: Permissions, copied: Bool)
  /// Exit drops a user page: freed, or one reference of a shared frame gone.
  case freePage(address: UInt128, physicalAddress: PhysicalAddress, referencesLeft: Int)
  /// Exit frees a page-table page (not the root).
  case freeTable(levelName: String, physicalAddress: PhysicalAddress)
  /// Exit frees the root last.
  case freeRoot(physicalAddress: PhysicalAddress)
}

extension Machine {
  /// A fork done as the course's `copy_mappings` does it, with the
  /// iterators, step by step, each step sent to `emit` as it happens: the
  /// source iterator visits every mapping by address; each user page is
  /// mapped in the child by the child's iterator, to the same frame
  /// (`sharing`, or a read-only page) or to a fresh copy (a writable page,
  /// when not sharing), and every page-table page that map allocates is
  /// reported. The kernel's mappings come with the new process, as for
  /// ``fork(_:name:copyingData:)``, whose counts this matches.
  ///
  /// - Complexity: O(*m* × *l*) for *m* mappings and *l* levels.
  public func forkStepByStep(
    _ parent: Process, name: String? = nil, sharing: Bool,
    _ emit: (TraceEvent) -> Void
  ) throws(SimulationError) -> Process {
    try checkAlive(parent)
    let child = try createProcess(name: name)
    do {
      var source = iterator(for: parent)
      var target = iterator(for: child)
      source.findMapped(from: 0)
      while !source.isAtEnd {
        let pointer = architecture.pointer(forTranslated: UInt128(source.address))
        let permissions = source.permissions
        guard let physical = source.physicalAddress, let frame = source.frame else { break }
        emit(.visit(address: pointer, physicalAddress: physical, size: source.entrySpan, permissions: permissions))
        // The kernel's mappings are the new process's already.
        if permissions.contains(.user) {
          let frames = source.framesInEntry
          let copy = !sharing && permissions.contains(.writable)
          let mapped: PhysicalAddress
          if copy {
            let first =
              frames == 1
              ? try memory.allocateData(owner: .data(process: child.id))
              : try memory.allocateContiguousData(count: frames, owner: .data(process: child.id))
            mapped = architecture.address(of: first)
          } else {
            mapped = physical
          }
          let tablesBefore = memory.pageTableBytesInUse
          target.move(to: source.address)
          if source.level == architecture.bottomLevel {
            try target.map(to: mapped, permissions: permissions)
          } else {
            try target.mapLargePage(to: mapped, level: source.level, permissions: permissions)
          }
          if !copy { for offset in 0..<frames { try memory.share(frame.advanced(by: offset)) } }
          let newTables = (memory.pageTableBytesInUse - tablesBefore) / Int(architecture.pageSize)
          for table in pathTables(child, address: source.address, level: source.level).suffix(newTables) {
            emit(.allocateTable(levelName: table.levelName, physicalAddress: table.physicalAddress))
          }
          emit(.map(address: pointer, physicalAddress: mapped, permissions: permissions, copied: copy))
        }
        source.nextMapped()
      }
    } catch {
      try? exit(child)
      throw error
    }
    return child
  }

  /// The tables below the root on the way to `address`, down to the one
  /// holding the leaf at `level`.
  private func pathTables(_ process: Process, address: UInt64, level leafLevel: Int) -> [(
    levelName: String, physicalAddress: PhysicalAddress
  )] {
    let indexes = architecture.translation(of: architecture.pointer(forTranslated: UInt128(address))).indexes
    var tables: [(levelName: String, physicalAddress: PhysicalAddress)] = []
    var table = process.root
    for level in 0..<leafLevel {
      let entry = memory.entry(inTable: table, at: Int(indexes[level]))
      guard case .table(let frame, _) = memory.codec.decode(entry, level: level) else { break }
      table = frame
      tables.append((architecture.levels[level + 1].name, architecture.address(of: frame)))
    }
    return tables
  }

  /// The events of `process`'s exit, as a `free_everything` written with
  /// the iterators takes them: each user page by address, then each
  /// page-table page children before parents, then the root. Call before
  /// ``exit(_:)``; events stream to `emit`.
  ///
  /// - Complexity: O(*m* + *t* × *e*) for *m* mappings and *t* tables of *e* entries.
  public func traceExit(_ process: Process, _ emit: (TraceEvent) -> Void) {
    var pages = iterator(for: process)
    pages.findMapped(from: 0)
    while !pages.isAtEnd {
      if pages.isUser, let frame = pages.frame, let physical = pages.physicalAddress {
        let left: Int
        if case .shared(let mappings) = memory.owner(of: frame) { left = max(mappings - 1, 0) } else { left = 0 }
        emit(
          .freePage(
            address: architecture.pointer(forTranslated: UInt128(pages.address)), physicalAddress: physical,
            referencesLeft: left))
      }
      pages.nextMapped()
    }
    for table in PageTablePages(memory: memory, root: process.root) {
      emit(.freeTable(levelName: table.levelName, physicalAddress: table.physicalAddress))
    }
    emit(.freeRoot(physicalAddress: architecture.address(of: process.root)))
  }
}

extension TraceEvent: CustomStringConvertible {
  /// One line: `visit 0x400000 -> pa 0x1000 (4 KiB, rw-u)`, `allocate PT
  /// page-table page at pa 0x5000`, `free page 0x400000 (pa 0x1000)` ...
  public var description: String {
    switch self {
    case .visit(let address, let physical, let size, let permissions):
      return "visit \(formatHex(address)) -> pa \(formatHex(physical)) (\(formatBytes(size)), \(permissions))"
    case .allocateTable(let name, let physical):
      return "  allocate \(name) page-table page at pa \(formatHex(physical))"
    case .map(let address, let physical, let permissions, let copied):
      return
        "  map \(formatHex(address)) -> pa \(formatHex(physical)) (\(permissions), \(copied ? "copied" : "same page"))"
    case .freePage(let address, let physical, let left):
      return left > 0
        ? "drop \(formatHex(address)) (pa \(formatHex(physical)), shared: \(counted(left, "reference")) left)"
        : "free page \(formatHex(address)) (pa \(formatHex(physical)))"
    case .freeTable(let name, let physical):
      return "free \(name) page-table page at pa \(formatHex(physical))"
    case .freeRoot(let physical):
      return "free the root at pa \(formatHex(physical))"
    }
  }
}
