import PagingCore

/// A process's page table as the course draws it: a box for each table
/// page with its used entries, runs of similar entries collapsed, and
/// sibling tables of the same shape drawn once with their count. Data only;
/// `PagingReports` draws it as text or SVG.
///
///     let diagram = try TableDiagram(image: machine.tableImage(), architecture: arch, rootAddress: root)
///     diagram.root.groups   // [0] -> PDPT at pa 0x2e2000, ...
///
/// - Complexity: O(*e*) in the entries of the reachable tables.
public struct TableDiagram: Sendable, Equatable {
  /// A run of consecutive entries alike.
  public struct Group: Sendable, Equatable {
    /// What the entries of a group point to.
    public enum Kind: Sendable, Equatable {
      /// Pointers to next-level tables, at these physical addresses.
      case tables([PhysicalAddress])
      /// Leaves mapping pages of `pageSize`, the first at physical address
      /// `first` and the last at `last`, contiguous or not.
      case pages(first: PhysicalAddress, last: PhysicalAddress, contiguous: Bool, pageSize: UInt128)
    }

    /// The group's first entry index.
    public let firstIndex: Int
    /// The group's last entry index.
    public let lastIndex: Int
    /// What the entries point to.
    public let kind: Kind
    /// The entries' own permissions.
    public let permissions: Permissions
    /// True when user code cannot reach what the entries map.
    public let isKernel: Bool
  }

  /// One table page, or `count` sibling pages of the same shape.
  public struct Table: Sendable, Equatable {
    /// The level's name in the manual.
    public let levelName: String
    /// Levels counted from the bottom (the tables that map pages are 1).
    public let levelFromBottom: Int
    /// The first table's physical address (and the last, when `count` > 1).
    public let physicalAddress: PhysicalAddress
    /// The last table's physical address, when ``count`` > 1 (else the first).
    public let lastPhysicalAddress: PhysicalAddress
    /// How many sibling tables of this shape the box stands for.
    public let count: Int
    /// The used entries, grouped.
    public let groups: [Group]
    /// The tables below, in entry order.
    public let children: [Table]
  }

  /// The top table, with the rest below it.
  public let root: Table
  /// True when drawing stopped at ``MemoryImage/mappingEntryLimit`` entries
  /// read: the tables below are not all drawn.
  public let truncated: Bool

  /// Reads the tables from `image`, from the root at `rootAddress`, in one
  /// walk of the tree (the one the mapping listing takes). Tables are read
  /// at most once each and at most ``MemoryImage/mappingEntryLimit``
  /// entries in all; a pointer back up the tree, or past the physical
  /// address space, is drawn but not followed.
  public init(image: MemoryImage, architecture arch: Architecture, rootAddress: PhysicalAddress) throws(SimulationError)
  {
    let codec = try EntryCodec(arch)
    let tables = ImageTables(image: image, architecture: arch, codec: codec, entryLimit: MemoryImage.mappingEntryLimit)
    var builder = DiagramBuilder(arch: arch, tables: tables, root: rootAddress)
    try tables.walkTree(
      rootAddress, level: 0, base: 0, state: .init(table: rootAddress, userAbove: true, tables: [rootAddress]),
      &builder)
    root =
      builder.root
      ?? Table(
        levelName: arch.levels[0].name, levelFromBottom: arch.levelCount, physicalAddress: rootAddress,
        lastPhysicalAddress: rootAddress, count: 1, groups: [], children: [])
    truncated = builder.budget.isSpent
  }
}

/// The visitor of the one tree walk behind
/// ``TableDiagram/init(image:architecture:rootAddress:)``: it groups each
/// table's entries as the walk gives them, and builds a table's box when
/// the walk leaves it, its children's boxes done.
private struct DiagramBuilder: TableVisitor {
  /// The table an entry sits in, whether user code gets through the
  /// pointers above it, and the tables from the root down to it.
  struct Path {
    let table: PhysicalAddress
    let userAbove: Bool
    let tables: [PhysicalAddress]
  }

  /// A table the walk is in: its address, groups and finished children.
  struct OpenTable {
    let address: PhysicalAddress
    var groups: [TableDiagram.Group] = []
    var children: [TableDiagram.Table] = []
  }

  let arch: Architecture
  /// The image's tables, which decide where a pointer may lead.
  let tables: ImageTables
  let codec: EntryCodec
  let geometry: TableGeometry
  var budget: EntryBudget
  /// The tables from the root down to the one being walked.
  var open: [OpenTable]
  /// The root's box, once the walk has left it.
  var root: TableDiagram.Table?

  init(arch: Architecture, tables: ImageTables, root: PhysicalAddress) {
    self.arch = arch
    self.tables = tables
    codec = tables.codec
    geometry = tables.geometry
    budget = EntryBudget(limit: MemoryImage.mappingEntryLimit, levels: arch.levelCount)
    open = [OpenTable(address: root)]
  }

  mutating func enter(child: FrameNumber, pointer raw: UInt64, level: Int, base: UInt64, state: Path) -> Path? {
    let index = geometry.index(of: base, level: level)
    guard budget.take(index, level: level),
      case .table(let frame, let permissions) = codec.decode(PageTableEntry(rawValue: raw), level: level)
    else { return nil }
    let user = state.userAbove && permissions.contains(.user)
    let child = tables.child(in: frame, below: state.tables)
    let drawn: PhysicalAddress
    switch child {
    case .table(let table), .backUpTheTree(let table): drawn = table
    // The box shows the address's low 64 bits, as the entry's frame field gives them.
    case .pastPhysicalSpace(let address): drawn = PhysicalAddress(UInt64(truncatingIfNeeded: address))
    }
    add(
      .init(firstIndex: index, lastIndex: index, kind: .tables([drawn]), permissions: permissions, isKernel: !user))
    guard case .table(let next) = child else { return nil }
    budget.begin(level: level + 1)
    open.append(OpenTable(address: next))
    return Path(table: next, userAbove: user, tables: state.tables + [next])
  }

  mutating func largePage(_ raw: UInt64, level: Int, address: UInt64, state: Path) {
    let index = geometry.index(of: address, level: level)
    if budget.take(index, level: level) { leaf(raw, index: index, level: level, state: state) }
  }

  mutating func bottomTable(
    _ table: FrameNumber, bytes: UnsafeMutableRawPointer, from start: Int, to end: Int, base: UInt64, state: Path
  ) {
    let level = geometry.bottom
    forEachPresent(bytes, from: start, count: end, size: arch.entrySize, present: codec.presentBit) { index, raw in
      if budget.take(index, level: level) { leaf(raw, index: index, level: level, state: state) }
    }
  }

  mutating func tableMissing(from index: Int, level: Int, base: UInt64, state: Path) {
    // The first entry missing was read (and found missing); none after it is.
    _ = budget.take(index, level: level)
    budget.skipRest(level: level, entries: Int(geometry[level].indexMask) + 1)
  }

  mutating func leave(table: FrameNumber, level: Int, state: Path) {
    budget.finish(level: level, lastIndex: Int(geometry[level].indexMask))
    guard let done = open.popLast() else { return }
    let box = TableDiagram.Table(
      levelName: arch.levels[level].name, levelFromBottom: arch.levelCount - level,
      physicalAddress: done.address, lastPhysicalAddress: done.address, count: 1, groups: done.groups,
      children: Self.collapse(done.children))
    if open.isEmpty {
      root = box
    } else {
      open[open.count - 1].children.append(box)
    }
  }

  /// Entry `index`, `raw`, of the table at `level`: a page or a large page
  /// (or, where the level maps none, the leaf it claims to be).
  mutating func leaf(_ raw: UInt64, index: Int, level: Int, state: Path) {
    guard case .leaf(let frame, let permissions) = codec.decode(PageTableEntry(rawValue: raw), level: level) else {
      return
    }
    let span = arch.entrySpan(atLevel: level)
    let physical = (UInt128(frame.rawValue) << arch.offsetBits) & ~(span - 1)
    let page = PhysicalAddress(UInt64(truncatingIfNeeded: physical))
    add(
      .init(
        firstIndex: index, lastIndex: index, kind: .pages(first: page, last: page, contiguous: true, pageSize: span),
        permissions: permissions, isKernel: !(state.userAbove && permissions.contains(.user))))
  }

  /// Adds `item` to the table being walked, joined onto its last group when
  /// it continues it.
  mutating func add(_ item: TableDiagram.Group) {
    let top = open.count - 1
    if let last = open[top].groups.last, let merged = Self.merge(last, item) {
      open[top].groups[open[top].groups.count - 1] = merged
    } else {
      open[top].groups.append(item)
    }
  }

  /// `next` joined onto `group` when it continues it: the next index, the
  /// same kind, permissions and owner.
  static func merge(_ group: TableDiagram.Group, _ next: TableDiagram.Group) -> TableDiagram.Group? {
    guard next.firstIndex == group.lastIndex + 1, next.permissions == group.permissions, next.isKernel == group.isKernel
    else { return nil }
    switch (group.kind, next.kind) {
    case (.tables(let addresses), .tables(let more)):
      return .init(
        firstIndex: group.firstIndex, lastIndex: next.lastIndex, kind: .tables(addresses + more),
        permissions: group.permissions, isKernel: group.isKernel)
    case (.pages(let first, let last, let contiguous, let size), .pages(let nextFirst, _, _, let nextSize))
    where size == nextSize:
      let continues = contiguous && UInt128(last.rawValue) + size == UInt128(nextFirst.rawValue)
      return .init(
        firstIndex: group.firstIndex, lastIndex: next.lastIndex,
        kind: .pages(first: first, last: nextFirst, contiguous: continues, pageSize: size),
        permissions: group.permissions, isKernel: group.isKernel)
    default: return nil
    }
  }

  /// Consecutive siblings that only map pages, with the same entry shape,
  /// become one table with a count.
  static func collapse(_ tables: [TableDiagram.Table]) -> [TableDiagram.Table] {
    var result: [TableDiagram.Table] = []
    for table in tables {
      if let last = result.last, last.children.isEmpty, table.children.isEmpty, shape(last) == shape(table) {
        result[result.count - 1] = .init(
          levelName: last.levelName, levelFromBottom: last.levelFromBottom,
          physicalAddress: last.physicalAddress, lastPhysicalAddress: table.physicalAddress,
          count: last.count + 1, groups: last.groups, children: [])
      } else {
        result.append(table)
      }
    }
    return result
  }

  /// What a table's entries look like, addresses aside.
  static func shape(_ table: TableDiagram.Table) -> [String] {
    table.groups.map { group in
      let kind: String
      switch group.kind {
      case .tables: kind = "t"
      case .pages(_, _, let contiguous, let size): kind = "p\(size)\(contiguous)"
      }
      return "\(group.firstIndex)-\(group.lastIndex)\(kind)\(group.permissions.rawValue)\(group.isKernel)"
    }
  }
}
