import PagingCore

/// A stretch of virtual memory mapped alike: contiguous virtual addresses,
/// one page size, one set of effective permissions, as Linux's ptdump and
/// gdb-pt-dump list them.
public struct MappingRun: Sendable, Equatable {
  /// The first address, in pointer form (canonical).
  public let virtualStart: UInt128
  /// Bytes the run covers.
  public let size: UInt128
  /// The first physical address, or nil when the frames are not contiguous.
  public let physicalStart: PhysicalAddress?
  /// Pages of ``pageSize`` in the run.
  public let pages: UInt128
  /// The size of each page (a large page, at levels above the bottom).
  public let pageSize: UInt128
  /// What the walk allows: the leaf's bits restricted by every table above.
  public let permissions: Permissions
  /// The leaf's level (0 for the root) and its name.
  public let level: Int
  /// The name of the leaf's level in the manual (`PT`, `PD`).
  public let levelName: String
}

/// Something wrong found while listing an image's mappings.
public struct MappingFault: Sendable, Equatable {
  /// Where in the virtual space the faulty entry sits (pointer form).
  public let virtualAddress: UInt128
  /// The level whose entry is at fault.
  public let levelName: String
  /// Where that entry sits in physical memory.
  public let entryAddress: PhysicalAddress
  /// What is wrong, in words.
  public let reason: String
}

/// Every mapping reachable from a root, merged into runs, with what is wrong.
public struct MappingList: Sendable, Equatable {
  /// The runs, in virtual-address order.
  public var runs: [MappingRun] = []
  /// What is wrong in the image, in the order found.
  public var faults: [MappingFault] = []
  /// True when listing stopped at ``MemoryImage/mappingEntryLimit`` entries
  /// read or ``MemoryImage/mappingRunLimit`` runs and faults listed.
  public var truncated = false
}

extension MemoryImage {
  /// The most entries one listing reads: tables shared many times over
  /// could otherwise make a small image take years.
  public static let mappingEntryLimit = 1 << 24
  /// The most runs and faults one listing holds, so a small crafted image
  /// cannot make a listing of millions of lines.
  public static let mappingRunLimit = 1 << 16

  /// Lists every mapping reachable from the root at `rootAddress`, in
  /// virtual-address order, merged into runs. Tables the image lacks,
  /// tables that point back up the tree, leaves where a level maps no pages
  /// and frames beyond the physical address space are listed as faults.
  ///
  /// - Complexity: O(*e*) in the entries of the reachable tables, at most
  ///   ``mappingEntryLimit``.
  public func mappings(architecture arch: Architecture, rootAddress root: PhysicalAddress) throws(SimulationError)
    -> MappingList
  {
    let codec = try EntryCodec(arch)
    let tables = ImageTables(image: self, architecture: arch, codec: codec, entryLimit: Self.mappingEntryLimit)
    var lister = MappingLister(arch: arch, tables: tables)
    try tables.walkTree(
      root, level: 0, base: 0,
      state: MappingLister.Path(table: root, allowed: [.writable, .user, .executable], tables: [root]), &lister)
    lister.flush()
    return lister.list
  }
}

/// The visitor of the one tree walk behind
/// ``MemoryImage/mappings(architecture:rootAddress:)``: it checks each
/// pointer before the walk follows it, lists faults, and merges leaves
/// into runs.
///
/// Every entry read counts toward ``MemoryImage/mappingEntryLimit``, empty
/// ones too (see ``EntryBudget``), and the runs and faults listed toward
/// ``MemoryImage/mappingRunLimit``. Once either is met, every call does
/// nothing and no pointer is followed.
private struct MappingLister: TableVisitor {
  /// The table an entry sits in, what the pointers above it allow, and the
  /// tables from the root down to it (a pointer to one of them is a cycle).
  struct Path {
    let table: PhysicalAddress
    let allowed: Permissions
    let tables: [PhysicalAddress]
  }

  let arch: Architecture
  /// The image's tables, which decide where a pointer may lead.
  let tables: ImageTables
  let codec: EntryCodec
  let geometry: TableGeometry
  let physicalLimit: UInt128
  var list = MappingList()
  var budget: EntryBudget
  /// The run being grown: its last page's physical address, for the
  /// contiguity test.
  var open: (run: MappingRun, lastPhysical: UInt64)?

  init(arch: Architecture, tables: ImageTables) {
    self.arch = arch
    self.tables = tables
    codec = tables.codec
    geometry = tables.geometry
    physicalLimit = tables.physicalLimit
    budget = EntryBudget(limit: MemoryImage.mappingEntryLimit, levels: arch.levelCount)
  }

  mutating func enter(child: FrameNumber, pointer raw: UInt64, level: Int, base: UInt64, state: Path) -> Path? {
    let index = geometry.index(of: base, level: level)
    guard count(index, level: level), let inner = entry(raw, index: index, level: level, address: base, state: state)
    else { return nil }
    budget.begin(level: level + 1)
    return inner
  }

  mutating func largePage(_ raw: UInt64, level: Int, address: UInt64, state: Path) {
    let index = geometry.index(of: address, level: level)
    if count(index, level: level) { _ = entry(raw, index: index, level: level, address: address, state: state) }
  }

  mutating func bottomTable(
    _ table: FrameNumber, bytes: UnsafeMutableRawPointer, from start: Int, to end: Int, base: UInt64, state: Path
  ) {
    let level = geometry.bottom
    let shift = geometry[level].shift
    forEachPresent(bytes, from: start, count: end, size: arch.entrySize, present: codec.presentBit) { index, raw in
      if count(index, level: level) {
        _ = entry(raw, index: index, level: level, address: base | UInt64(index) &<< shift, state: state)
      }
    }
  }

  mutating func tableMissing(from index: Int, level: Int, base: UInt64, state: Path) {
    guard count(index, level: level) else { return }
    let entryAddress = UInt128(state.table.rawValue) + UInt128(index * arch.entrySize)
    fault(
      base | UInt64(index) &<< geometry[level].shift, level, UInt64(truncatingIfNeeded: entryAddress),
      "the table at pa \(state.table) is not in the image")
    // The rest of the table is not read, so does not count.
    budget.skipRest(level: level, entries: Int(geometry[level].indexMask) + 1)
  }

  mutating func leave(table: FrameNumber, level: Int, state: Path) {
    budget.finish(level: level, lastIndex: Int(geometry[level].indexMask), unless: isFull)
    list.truncated = budget.isSpent
  }

  /// Whether the listing holds ``MemoryImage/mappingRunLimit`` runs and faults.
  var isFull: Bool { list.runs.count + list.faults.count >= MemoryImage.mappingRunLimit }

  /// Counts entry `index` of the table at `level` (see ``EntryBudget``):
  /// false, and the listing stops, when a limit is met before it.
  mutating func count(_ index: Int, level: Int) -> Bool {
    let taken = budget.take(index, level: level, unless: isFull)
    list.truncated = budget.isSpent
    return taken
  }

  /// Lists entry `index`, `raw`, of the table at `level`, covering
  /// `address`: the state for the table it points to, or nil when it
  /// maps, is empty, or is at fault.
  mutating func entry(_ raw: UInt64, index: Int, level: Int, address: UInt64, state: Path) -> Path? {
    let span = arch.entrySpan(atLevel: level)
    // In the stretch the image gave, so below 2^64 - 1.
    let entryAddress = state.table.rawValue &+ UInt64(index * arch.entrySize)
    switch codec.decode(PageTableEntry(rawValue: raw), level: level) {
    case .notPresent: return nil
    case .table(let frame, let permissions):
      switch tables.child(in: frame, below: state.tables) {
      case .pastPhysicalSpace:
        fault(address, level, entryAddress, "points past the \(arch.physicalAddressBits)-bit physical address space")
        return nil
      case .backUpTheTree(let table):
        fault(address, level, entryAddress, "points back up the tree, to the table at pa \(table)")
        return nil
      case .table(let table):
        return Path(table: table, allowed: state.allowed.intersection(permissions), tables: state.tables + [table])
      }
    case .leaf(let frame, let permissions):
      guard arch.levels[level].mapsLeaves || level == arch.bottomLevel else {
        fault(
          address, level, entryAddress,
          "reserved encoding: marked as a leaf, but \(arch.levels[level].name) entries map no pages")
        return nil
      }
      let physical = (UInt128(frame.rawValue) << arch.offsetBits) & ~(span - 1)
      guard physical + span <= physicalLimit else {
        fault(address, level, entryAddress, "maps past the \(arch.physicalAddressBits)-bit physical address space")
        return nil
      }
      add(
        UInt128(address), size: span, physical: UInt64(physical), permissions: state.allowed.intersection(permissions),
        level: level)
      return nil
    }
  }

  mutating func fault(_ address: UInt64, _ level: Int, _ entryAddress: UInt64, _ reason: String) {
    list.faults.append(
      MappingFault(
        virtualAddress: arch.pointer(forTranslated: UInt128(address)), levelName: arch.levels[level].name,
        entryAddress: PhysicalAddress(entryAddress), reason: reason))
  }

  /// Adds one leaf, growing the open run when it continues it.
  mutating func add(_ address: UInt128, size: UInt128, physical: UInt64, permissions: Permissions, level: Int) {
    let pointer = arch.pointer(forTranslated: address)
    // Contiguous as pointers: the two sides of a sign-extension hole never join.
    if let (run, last) = open, run.level == level, run.permissions == permissions,
      run.virtualStart + run.size == pointer
    {
      let contiguous = run.physicalStart != nil && UInt128(last) + size == UInt128(physical)
      open = (
        MappingRun(
          virtualStart: run.virtualStart, size: run.size + size,
          physicalStart: contiguous ? run.physicalStart : nil, pages: run.pages + 1, pageSize: size,
          permissions: permissions, level: level, levelName: run.levelName), physical
      )
      return
    }
    flush()
    open = (
      MappingRun(
        virtualStart: pointer, size: size, physicalStart: PhysicalAddress(physical), pages: 1, pageSize: size,
        permissions: permissions, level: level, levelName: arch.levels[level].name), physical
    )
  }

  mutating func flush() {
    if let (run, _) = open { list.runs.append(run) }
    open = nil
  }
}
