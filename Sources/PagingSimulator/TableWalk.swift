import PagingCore

// The one descent over a page-table tree: release (exit), copy (fork),
// counts, the leak check and the page-table-page listing are visitors of it.

/// What a walk of one page-table tree does at each thing it meets. The walk
/// (``PhysicalMemory/walkTree(_:level:base:state:_:)``) reads only the
/// stretch of each table ever written, entries in index order, children
/// before their parents; a visitor is a concrete type, so the walk is
/// specialised for it and its calls inline.
protocol TableVisitor {
  /// What a path carries down from the pointers above (what they allow,
  /// for instance).
  associatedtype PathState

  /// The pointer entry `raw` in a table at `level` to the table in `child`
  /// (one level down, covering addresses from `base`): the state for the
  /// child's walk, or nil to pass it by.
  mutating func enter(child: Int, pointer raw: UInt64, level: Int, base: UInt64, state: PathState)
    throws(SimulationError) -> PathState?

  /// A leaf above the bottom level (a large page) at `address`.
  mutating func largePage(_ raw: UInt64, level: Int, address: UInt64, state: PathState) throws(SimulationError)

  /// A bottom-level table whose entries `start ..< end` may be present (the
  /// rest are empty), covering addresses from `base`: visitors loop over
  /// its entries themselves, the bulk of any walk.
  mutating func bottomTable(
    _ table: Int, bytes: UnsafeMutableRawPointer, from start: Int, to end: Int, base: UInt64, state: PathState
  ) throws(SimulationError)

  /// `table`, at `level`, after everything below it.
  mutating func leave(table: Int, level: Int, state: PathState) throws(SimulationError)
}

extension PhysicalMemory {
  /// Walks the tree under `table` (at `level`, covering addresses from
  /// `base`) with `visitor`: each table's written stretch in index order,
  /// empty entries skipped a group at a time (see `forEachPresent`), every
  /// child before its parent's ``TableVisitor/leave(table:level:state:)``.
  ///
  /// - Complexity: O(entries in the written stretches of the tables
  ///   visited), whatever the address space they cover.
  func walkTree<V: TableVisitor>(_ table: Int, level: Int, base: UInt64, state: V.PathState, _ visitor: inout V)
    throws(SimulationError)
  {
    let bytes = tableBytes(table)
    // Only the stretch of the table ever written can hold entries.
    let (start, end) = extent(ofTable: table, count: Int(geometry[level].indexMask) + 1)
    if level == geometry.bottom {
      try visitor.bottomTable(table, bytes: bytes, from: start, to: end, base: base, state: state)
    } else {
      let isTablePointer = codec.tablePointerTest
      let shift = geometry[level].shift
      try forEachPresent(bytes, from: start, count: end, size: entrySize, present: codec.presentBit) {
        (index, raw) throws(SimulationError) in
        let address = base | UInt64(index) &<< shift
        guard isTablePointer.matches(raw) else {
          return try visitor.largePage(raw, level: level, address: address, state: state)
        }
        let child = Int(truncatingIfNeeded: codec.frame(of: raw))
        if let inner = try visitor.enter(child: child, pointer: raw, level: level, base: address, state: state) {
          try walkTree(child, level: level + 1, base: address, state: inner, &visitor)
        }
      }
    }
    try visitor.leave(table: table, level: level, state: state)
  }
}
