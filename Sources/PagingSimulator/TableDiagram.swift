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
      /// Leaves mapping pages of `pageSize` from `firstFrame` (physical
      /// address) on, contiguous or not.
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

  /// Reads the tables from `image`, from the root at `rootAddress`. Tables
  /// are read at most once each and at most ``MemoryImage/mappingEntryLimit``
  /// entries in all; a pointer back up the tree is drawn but not followed.
  public init(image: MemoryImage, architecture arch: Architecture, rootAddress: PhysicalAddress) throws(SimulationError)
  {
    var reader = DiagramReader(image: image, arch: arch, codec: try EntryCodec(arch))
    root = reader.table(at: rootAddress, level: 0, userAbove: true, path: [])
    truncated = reader.entriesRead >= MemoryImage.mappingEntryLimit
  }
}

private struct DiagramReader {
  let image: MemoryImage
  let arch: Architecture
  let codec: EntryCodec
  var entriesRead = 0

  init(image: MemoryImage, arch: Architecture, codec: EntryCodec) {
    self.image = image
    self.arch = arch
    self.codec = codec
  }

  mutating func table(at address: PhysicalAddress, level: Int, userAbove: Bool, path: [PhysicalAddress])
    -> TableDiagram.Table
  {
    var groups: [TableDiagram.Group] = []
    var children: [TableDiagram.Table] = []
    let span = arch.entrySpan(atLevel: level)
    for index in 0..<Int(arch.entries(atLevel: level)) {
      guard entriesRead < MemoryImage.mappingEntryLimit else { break }
      entriesRead += 1
      guard let entryAddress = address.adding(UInt64(index * arch.entrySize)),
        let raw = image.littleEndian(at: entryAddress, size: arch.entrySize)
      else { break }
      let decoded = codec.decode(PageTableEntry(rawValue: raw), level: level)
      let item: TableDiagram.Group
      switch decoded {
      case .notPresent: continue
      case .table(let frame, let permissions):
        let next = arch.address(of: frame)
        let user = userAbove && permissions.contains(.user)
        if !path.contains(next), next != address, level < arch.bottomLevel {
          children.append(table(at: next, level: level + 1, userAbove: user, path: path + [address]))
        }
        item = .init(
          firstIndex: index, lastIndex: index, kind: .tables([next]), permissions: permissions, isKernel: !user)
      case .leaf(let frame, let permissions):
        let physical = (UInt128(frame.rawValue) << arch.offsetBits) & ~(span - 1)
        let page = PhysicalAddress(UInt64(truncatingIfNeeded: physical))
        item = .init(
          firstIndex: index, lastIndex: index, kind: .pages(first: page, last: page, contiguous: true, pageSize: span),
          permissions: permissions, isKernel: !(userAbove && permissions.contains(.user)))
      }
      if let last = groups.last, let merged = Self.merge(last, item) {
        groups[groups.count - 1] = merged
      } else {
        groups.append(item)
      }
    }
    return TableDiagram.Table(
      levelName: arch.levels[level].name, levelFromBottom: arch.levelCount - level,
      physicalAddress: address, lastPhysicalAddress: address, count: 1, groups: groups,
      children: Self.collapse(children))
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
