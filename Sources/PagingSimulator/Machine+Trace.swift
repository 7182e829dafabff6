import PagingCore

/// One step of the course's `copy_mappings` or `free_everything`, in the
/// order its iterators take them: the virtual-memory iterator visits
/// mappings by address, the page-table-page iterator finds tables children
/// before parents.
public enum TraceEvent: Sendable, Equatable {
  /// The source iterator is at a mapping (`address` is a pointer).
  case visit(address: UInt128, physicalAddress: UInt64, size: UInt128, permissions: Permissions)
  /// Mapping in the destination needed a new page-table page.
  case allocateTable(levelName: String, physicalAddress: UInt64)
  /// The destination maps `address`: to the same frame (shared) or a copy.
  case map(address: UInt128, physicalAddress: UInt64, permissions: Permissions, copied: Bool)
  /// Exit drops a user page: freed, or one reference of a shared frame gone.
  case freePage(address: UInt128, physicalAddress: UInt64, referencesLeft: Int)
  /// Exit frees a page-table page (not the root).
  case freeTable(levelName: String, physicalAddress: UInt64)
  /// Exit frees the root last.
  case freeRoot(physicalAddress: UInt64)
}

extension Machine {
  /// The events of copying `parent`'s mappings into `child` (made by
  /// ``fork(_:name:copyingData:)``), as a `copy_mappings` written with the
  /// iterators takes them: each mapping by address, the child's tables in
  /// the order mapping them in address order allocates them, then the map.
  /// Events stream to `emit`; nothing is kept.
  ///
  /// - Complexity: O(*m* × *l*) for *m* mappings and *l* levels.
  public func traceCopy(from parent: Process, to child: Process, _ emit: (TraceEvent) -> Void) throws(SimulationError) {
    let image = tableImage()
    let childRoot = UInt64(child.root) << UInt64(architecture.offsetBits)
    var announced = Set<UInt64>()
    var source = iterator(for: parent)
    source.findMapped(from: 0)
    while !source.isAtEnd {
      let pointer = architecture.pointer(forTranslated: UInt128(source.address))
      emit(.visit(address: pointer, physicalAddress: source.physicalAddress ?? 0, size: source.entrySpan,
                  permissions: source.permissions))
      let walk = try image.walk(pointer, architecture: architecture, rootAddress: childRoot)
      for step in walk.steps.dropFirst() {
        let table = step.entryAddress - step.index * UInt64(architecture.entrySize)
        if announced.insert(table).inserted { emit(.allocateTable(levelName: step.levelName, physicalAddress: table)) }
      }
      let mapped = walk.physicalAddress.map { $0 & ~UInt64(truncatingIfNeeded: source.entrySpan - 1) } ?? 0
      emit(.map(address: pointer, physicalAddress: mapped, permissions: walk.permissions ?? [],
                copied: mapped != source.physicalAddress))
      source.nextMapped()
    }
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
        if case .shared(let mappings) = memory.owner(of: Int(frame)) { left = max(mappings - 1, 0) } else { left = 0 }
        emit(.freePage(address: architecture.pointer(forTranslated: UInt128(pages.address)), physicalAddress: physical,
                       referencesLeft: left))
      }
      pages.nextMapped()
    }
    for table in PageTablePages(memory: memory, root: process.root) {
      emit(.freeTable(levelName: table.levelName, physicalAddress: table.physicalAddress))
    }
    emit(.freeRoot(physicalAddress: UInt64(process.root) << UInt64(architecture.offsetBits)))
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
      return "  map \(formatHex(address)) -> pa \(formatHex(physical)) (\(permissions), \(copied ? "copied" : "same page"))"
    case .freePage(let address, let physical, let left):
      return left > 0 ? "drop \(formatHex(address)) (pa \(formatHex(physical)), shared: \(counted(left, "reference")) left)"
                      : "free page \(formatHex(address)) (pa \(formatHex(physical)))"
    case .freeTable(let name, let physical):
      return "free \(name) page-table page at pa \(formatHex(physical))"
    case .freeRoot(let physical):
      return "free the root at pa \(formatHex(physical))"
    }
  }
}
