import PagingCore

/// What one tree holds, gathered in one walk
/// (``TableSource/walkTree(_:level:base:state:_:)``): the tables below
/// the root, children before parents; the pages it maps for the user; and,
/// when asked, the frames its leaves map. The page-table-page listing, a
/// process's counts and the leak check are built on it.
struct TreeCensus: TableVisitor {
  /// What the pointers above allow, and the first translated address the
  /// table covers.
  typealias PathState = (allowed: Permissions, base: UInt64)

  let memory: PhysicalMemory
  /// Whether to record `leaves`.
  let recordsLeaves: Bool
  /// Tables below the root, children before their parents, each parent's
  /// children in index order.
  var tables: [(frame: FrameNumber, level: Int, base: UInt64)] = []
  /// Base pages mapped for the user (a large page counts its frames).
  var userPages: UInt128 = 0
  /// Each leaf's first frame and its number of frames, when recorded.
  var leaves: [(first: FrameNumber, count: Int)] = []

  init(memory: PhysicalMemory, recordsLeaves: Bool = false) {
    self.memory = memory
    self.recordsLeaves = recordsLeaves
  }

  /// The census of the tree under `root`.
  static func of(root: FrameNumber, in memory: PhysicalMemory, recordsLeaves: Bool = false) -> TreeCensus {
    var census = TreeCensus(memory: memory, recordsLeaves: recordsLeaves)
    // The census itself never throws; nor does the walk, but for it.
    try? memory.walkTree(root, level: 0, base: 0, state: ([.writable, .user, .executable], 0), &census)
    return census
  }

  func enter(child: FrameNumber, pointer raw: UInt64, level: Int, base: UInt64, state: PathState) -> PathState? {
    guard case .table(_, let granted) = memory.codec.decode(PageTableEntry(rawValue: raw), level: level) else {
      return nil
    }
    return (state.allowed.intersection(granted), base)
  }

  mutating func largePage(_ raw: UInt64, level: Int, address: UInt64, state: PathState) {
    leaf(raw, level: level, allowed: state.allowed)
  }

  mutating func bottomTable(
    _ table: FrameNumber, bytes: UnsafeMutableRawPointer, from start: Int, to end: Int, base: UInt64, state: PathState
  ) {
    let bottom = memory.geometry.bottom
    var index = start
    while index < end {
      let raw = loadEntry(bytes, index: index, size: memory.entrySize)
      if memory.codec.isLeaf(raw, atLevel: bottom) { leaf(raw, level: bottom, allowed: state.allowed) }
      index += 1
    }
  }

  mutating func leave(table: FrameNumber, level: Int, state: PathState) {
    if level > 0 { tables.append((table, level, state.base)) }
  }

  private mutating func leaf(_ raw: UInt64, level: Int, allowed: Permissions) {
    let frames = memory.geometry.framesPerEntry(level: level)
    if memory.codec.leafPermissions(raw).intersection(allowed).contains(.user) { userPages += UInt128(frames) }
    if recordsLeaves { leaves.append((FrameNumber(memory.codec.frame(of: raw)), frames)) }
  }
}
