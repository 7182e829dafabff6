import PagingCore

// The one descent over a page-table tree: release (exit), copy (fork),
// counts, the leak check, the page-table-page listing and the listing of an
// image's mappings are visitors of it, over simulated memory or an image.

/// What a walk of one page-table tree does at each thing it meets. The walk
/// (``TableSource/walkTree(_:level:base:state:_:)``) reads only the
/// stretch of each table its source gives, entries in index order, children
/// before their parents; a visitor is a concrete type, so the walk is
/// specialised for it and its calls inline.
protocol TableVisitor {
  /// What a path carries down from the pointers above (what they allow,
  /// for instance).
  associatedtype PathState

  /// The pointer entry `raw` in a table at `level` to the table in `child`
  /// (one level down, covering addresses from `base`): the state for the
  /// child's walk, or nil to pass it by.
  mutating func enter(child: FrameNumber, pointer raw: UInt64, level: Int, base: UInt64, state: PathState)
    throws(SimulationError) -> PathState?

  /// A leaf above the bottom level (a large page) at `address`.
  mutating func largePage(_ raw: UInt64, level: Int, address: UInt64, state: PathState) throws(SimulationError)

  /// A bottom-level table whose entries `start ..< end` may be present (the
  /// rest are empty), covering addresses from `base`: visitors loop over
  /// its entries themselves, the bulk of any walk.
  mutating func bottomTable(
    _ table: FrameNumber, bytes: UnsafeMutableRawPointer, from start: Int, to end: Int, base: UInt64, state: PathState
  ) throws(SimulationError)

  /// Entry `index` and every one after it, in a table at `level` covering
  /// addresses from `base`, are missing from the source (an image that
  /// stops partway through the table, or lacks it): called after the
  /// entries before `index`, before ``leave(table:level:state:)``.
  mutating func tableMissing(from index: Int, level: Int, base: UInt64, state: PathState) throws(SimulationError)

  /// `table`, at `level`, after everything below it.
  mutating func leave(table: FrameNumber, level: Int, state: PathState) throws(SimulationError)
}

extension TableVisitor {
  /// Simulated memory holds every table it points to, so the visitors of
  /// its walks have nothing to do for a missing one.
  func tableMissing(from index: Int, level: Int, base: UInt64, state: PathState) {}
}

/// The entries of one table a source gives a walk: at `bytes`, entries
/// `start ..< end` may be present and those before `start` are empty;
/// those from `end` on are empty too when the table is complete, and
/// missing from the source when it is not.
struct TableEntries {
  let bytes: UnsafeMutableRawPointer
  let start: Int
  let end: Int
  let isComplete: Bool
}

/// Where a walk's tables come from: simulated memory
/// (``PhysicalMemory``, tables named by frame) or an image read from a file
/// (``ImageTables``, tables named by physical address, since a root given
/// by hand need not start a page). The walk is generic over the source as
/// over the visitor, so each pairing is specialised on its own.
protocol TableSource {
  /// How the source names a table.
  associatedtype Table

  /// The shifts and masks of the architecture's levels.
  var geometry: TableGeometry { get }
  /// The architecture's entry format.
  var codec: EntryCodec { get }
  /// Bytes per entry.
  var entrySize: Int { get }

  /// The entries of `table`, a table at `level`, as far as the source has them.
  func tableEntries(_ table: Table, level: Int) -> TableEntries

  /// The table in `frame`, where a pointer entry says the next one is.
  func childTable(in frame: FrameNumber) -> Table

  /// The frame `table` starts in, as visitors name tables.
  func frameNumber(of table: Table) -> FrameNumber
}

extension TableSource {
  /// Walks the tree under `table` (at `level`, covering addresses from
  /// `base`) with `visitor`: each table's entries in the stretch the source
  /// gives, in index order, empty entries skipped a group at a time (see
  /// `forEachPresent`), what the source lacks of a table after the rest of
  /// it, every child before its parent's
  /// ``TableVisitor/leave(table:level:state:)``.
  ///
  /// - Complexity: O(entries in the stretches of the tables visited),
  ///   whatever the address space they cover.
  func walkTree<V: TableVisitor>(_ table: Table, level: Int, base: UInt64, state: V.PathState, _ visitor: inout V)
    throws(SimulationError)
  {
    let entries = tableEntries(table, level: level)
    if level == geometry.bottom {
      try visitor.bottomTable(
        frameNumber(of: table), bytes: entries.bytes, from: entries.start, to: entries.end, base: base,
        state: state)
    } else {
      let isTablePointer = codec.tablePointerTest
      let shift = geometry[level].shift
      try forEachPresent(
        entries.bytes, from: entries.start, count: entries.end, size: entrySize, present: codec.presentBit
      ) { (index, raw) throws(SimulationError) in
        let address = base | UInt64(index) &<< shift
        guard isTablePointer.matches(raw) else {
          return try visitor.largePage(raw, level: level, address: address, state: state)
        }
        let child = FrameNumber(codec.frame(of: raw))
        if let inner = try visitor.enter(child: child, pointer: raw, level: level, base: address, state: state) {
          try walkTree(childTable(in: child), level: level + 1, base: address, state: inner, &visitor)
        }
      }
    }
    if !entries.isComplete {
      try visitor.tableMissing(from: entries.end, level: level, base: base, state: state)
    }
    try visitor.leave(table: frameNumber(of: table), level: level, state: state)
  }
}

extension PhysicalMemory: TableSource {
  /// The table in `table`'s frame: its bytes and the stretch ever written
  /// (the rest was never stored to, so is empty). Simulated memory holds
  /// every table, so the entries are always complete.
  @inline(__always)
  func tableEntries(_ table: FrameNumber, level: Int) -> TableEntries {
    let bytes = tableBytes(table)
    let (start, end) = extent(ofTable: table, count: Int(geometry[level].indexMask) + 1)
    return TableEntries(bytes: bytes, start: start, end: end, isComplete: true)
  }

  @inline(__always)
  func childTable(in frame: FrameNumber) -> FrameNumber { frame }

  @inline(__always)
  func frameNumber(of table: FrameNumber) -> FrameNumber { table }
}
