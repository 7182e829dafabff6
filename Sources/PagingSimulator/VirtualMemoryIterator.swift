import PagingCore

/// Walks one page table address by address, in the spirit of WeensyOS's
/// `vmiter`: read what an address maps to, step through the address space,
/// skip unmapped stretches whole, and map or unmap pages.
///
///     var it = VirtualMemoryIterator(memory: memory, root: root, process: 1)
///     while !it.isAtEnd {
///       if let pa = it.physicalAddress { print(it.address, pa, it.permissions) }
///       it.nextMapped()
///     }
///
/// Addresses are translated addresses (the low `virtualAddressBits` of a
/// pointer). The iterator remembers the table it found the current entry
/// in, so stepping within one table costs no new walk.
///
/// - Complexity: `move(to:)` is O(levels); `next()` is O(1) within a table,
///   O(levels) across tables; `nextMapped()` is proportional to the entries
///   it passes at the highest level that is empty, never to the pages skipped.
public struct VirtualMemoryIterator {
  /// The memory the tables live in.
  public let memory: PhysicalMemory
  /// The frame of the root table walked.
  public let root: FrameNumber
  /// The process the tables belong to: tables the iterator allocates are this process's, and once it exits the
  /// iterator refuses to change anything.
  public let process: Int
  // `move(to:)` and `map(to:permissions:)` have `@inlinable` fast paths, so
  // a client module stepping page by page pays no call per step; the state
  // they touch is `@usableFromInline`. Only the iterator's own methods
  // write it (here and in the changing extension), never a client's code.

  /// Shared with `memory`, which owns it and which the iterator holds: no
  /// reference count of its own (one retain and release fewer per iterator).
  @usableFromInline unowned(unsafe) let geometry: TableGeometry

  /// Figures the inlined fast paths of `move(to:)` and `map(to:permissions:)`
  /// need, copied out of `memory`, `geometry` and the codec so each is one
  /// load from the iterator (often a register) rather than two dependent
  /// loads through class references the compiler cannot hoist past the
  /// entry stores.
  @usableFromInline let entrySize: Int
  /// `entrySize == 8` (x86-64, ARMv8, RISC-V), tested apart from the size
  /// so the reads take one branch, not the size switch's compare chain.
  @usableFromInline let wideEntries: Bool
  /// Three shift counts in one word, so the inlined move and map get all
  /// three with one load: `offsetBits` in bits 0–7, `bottomShift` in bits
  /// 8–15, `frameShift` in bits 16–23 (each below 64, so a masking shift
  /// by the word, or by the word shifted right 8 or 16, shifts by that
  /// count).
  @usableFromInline let shifts: UInt64
  /// The page-offset bits of an address.
  @inlinable var offsetBits: UInt64 { shifts & 0xFF }
  /// How far the bottom-level index lies up an address.
  @inlinable var bottomShift: UInt64 { (shifts &>> 8) & 0xFF }
  /// Where the frame number sits in an entry.
  @inlinable var frameShift: UInt64 { (shifts &>> 16) & 0xFF }
  /// `shifts` for 4 KiB pages whose frame field starts at bit 12, as in
  /// x86's PAE and long-mode formats, AArch64's 4K granule and POWER9
  /// radix. The inlined move tests for it, and the inlined map for the
  /// layout bit of its leaf key (set from this test when the key is made);
  /// both then shift by immediate counts: on x86 a shift or rotate by a
  /// count in a register takes more micro-ops than a compare and branch the
  /// predictor always gets right. Other layouts take the same paths with
  /// the stored counts.
  @inlinable static var fourKiBShifts: UInt64 { 12 | 12 &<< 8 | 12 &<< 16 }
  /// Frames below this are in memory and fit the entry's frame field
  /// (`frame & frameMask == frame`), so the fast path needs no mask. Below
  /// 2^31, as memory holds fewer frames.
  @usableFromInline let frameLimit: UInt64
  /// `frameLimit` as a physical address: a page-aligned address below it
  /// maps a frame below `frameLimit`.
  @usableFromInline let addressLimit: UInt64

  /// The current translated virtual address.
  public var address: UInt64 { _address }
  @usableFromInline var _address: UInt64 = 0
  /// True once the iterator has stepped past the top of the address space.
  public private(set) var isAtEnd = false
  /// The level of the entry that decides `address` (its leaf, or the first
  /// entry that is not present).
  public internal(set) var level = 0
  /// The table holding that entry, its bytes and the entry's index there.
  var table: FrameNumber = 0
  @usableFromInline var tableBytes: UnsafeMutableRawPointer
  @usableFromInline var index = 0
  /// AND and OR of the pointer entries above it: what they allow is
  /// worked out from these only when asked (see `EntryCodec.allowedByPointers`).
  @usableFromInline var pointersAnd: UInt64 = .max
  @usableFromInline var pointersOr: UInt64 = 0
  /// Whether `table`, `level` and the pointer words describe the walk to
  /// `address`, so a move within `table` can start there. Sound because a
  /// live process's page-table pages are never unlinked: entries only gain
  /// tables and leaves, or lose leaves, until exit frees the whole tree.
  @usableFromInline var hasPath = false
  /// On the bottom level, the address of the current table's first page
  /// (`address & bottomSameTableMask`). The inlined move rotates
  /// `address ^ bottomTableTag` right by the bottom shift: for a
  /// page-aligned address in this table that is the entry's index, and for
  /// any other the page-offset bits or the bits above the table make it at
  /// least `bottomEntries`. One compare tests the table, the alignment and
  /// whether the iterator is on the bottom level at all.
  @usableFromInline var bottomTableTag: UInt64 = 0
  /// Entries in a bottom-level table when `hasPath && level ==
  /// geometry.bottom` (the iterator sits on a bottom-level entry whose table
  /// and pointers it knows), else 0, which no step is below.
  @usableFromInline var bottomEntries: UInt64 = 0
  var onBottom: Bool { bottomEntries != 0 }
  /// The permissions (raw value) whose bottom-level leaf bits `leafBits`
  /// holds, checked against the pointers above the current table, under
  /// the table release count `releasesSeen`: `leafKey(permissions,
  /// releases:)`; `noLeafKey` when none. Cleared whenever those pointers
  /// change, whenever the iterator leaves the bottom level and whenever it
  /// stands on an address that is not page-aligned: a key is only ever set
  /// while `onBottom` on a page boundary, so the inlined map tests the key
  /// alone, and the release count with it (a release since makes another key).
  /// Set for 8-byte entries only, so the inlined map stores a 64-bit word
  /// without testing the entry size; other widths take `mapSlowly` a page.
  /// For layouts other than ``fourKiBShifts`` the key also has
  /// `otherLayoutKeyBit`, so the one compare that finds the key also tells
  /// the inlined map which way to store.
  @usableFromInline var leafKey: UInt64 = noLeafKey
  @usableFromInline var leafBits: UInt64 = 0
  /// `memory.tableReleases` when this iterator last made sure its process
  /// is alive. A `Process` can outlive its process; an iterator kept past
  /// an exit would otherwise store into tables another process reuses.
  @usableFromInline private(set) var releasesSeen: UInt64
  /// Where memory keeps its release count (see `PhysicalMemory.releaseCounter`).
  @usableFromInline let releaseCounter: UnsafePointer<UInt64>
  @usableFromInline static var noLeafKey: UInt64 { .max }

  /// The key for `permissions` with `releases` table releases: the count
  /// in the high 55 bits (no run releases 2^55 tables), the permissions in
  /// the low 8, bit 8 clear for `otherLayoutKeyBit`. No key equals `noLeafKey`.
  @inlinable @inline(__always)
  static func leafKey(_ permissions: Permissions, releases: UInt64) -> UInt64 {
    releases &<< 9 | UInt64(permissions.rawValue)
  }
  /// Marks a key set where `shifts` is not ``fourKiBShifts``.
  @inlinable static var otherLayoutKeyBit: UInt64 { 1 &<< 8 }

  /// An iterator over the tree at `root` in `memory`, owned by `process`, positioned at `address`.
  ///
  /// ``Machine/iterator(for:at:)`` makes one for a machine's process.
  @inline(__always)
  public init(memory: PhysicalMemory, root: FrameNumber, process: Int, address: UInt64 = 0) {
    self.memory = memory
    self.root = root
    self.process = process
    self.geometry = memory.geometry
    self.entrySize = memory.entrySize
    self.wideEntries = memory.entrySize == 8
    // Each count is below 64: pages are at most 1 GiB, and an entry's
    // frame field and an address's index lie within 64 bits.
    self.shifts =
      UInt64(geometry.offsetBits) & 63 | (geometry.bottomShift & 63) &<< 8 | (memory.codec.frameShift & 63) &<< 16
    let fieldFrames = memory.codec.frameMask == .max ? UInt64.max : memory.codec.frameMask + 1
    self.frameLimit = min(UInt64(memory.frameCount), fieldFrames)
    // Below 2^61: fewer than 2^31 frames of at most 1 GiB.
    self.addressLimit = frameLimit &<< (shifts & 0xFF)
    self.tableBytes = memory.tableBytes(root)
    self.releasesSeen = memory.tableReleases
    self.releaseCounter = UnsafePointer(memory.releaseCounter)
    move(to: address)
  }

  // MARK: - Moving

  /// Goes to `address` (translated): from the current table when `address`
  /// lies within it, else walking from the root.
  @inlinable @inline(__always)
  public mutating func move(to address: UInt64) {
    // The common case inline: a step to a page of the current bottom-level
    // table (page by page through one table costs one test and one index;
    // the entry is read only when asked for). An address inside a page
    // goes the long way: its offset bits rotate to the top. `_fastPath`
    // has the compiler lay the common case out as straight-line code, the
    // call out of line: in a client's loop the taken jumps around the
    // calls cost more than the tests.
    let bits = address ^ bottomTableTag
    let step: UInt64
    if _fastPath(shifts == Self.fourKiBShifts) {
      step = bits &>> 12 | bits &<< 52
    } else {
      step = bits &>> (shifts &>> 8) | bits &<< (64 &- (shifts &>> 8))
    }
    if _fastPath(step < bottomEntries) {
      _address = address
      index = Int(truncatingIfNeeded: step)
      return
    }
    moveSlowly(to: address)
  }

  /// `move(to:)` past the bottom-level fast path: within an upper-level
  /// table, a walk from the root, or the end of the space.
  @usableFromInline @inline(never)
  mutating func moveSlowly(to address: UInt64) {
    // The inlined map stores for page-aligned addresses only.
    if address & geometry.pageMask != 0 { leafKey = Self.noLeafKey }
    if hasPath, address <= geometry.lastAddress,
      (address ^ _address) & geometry[level].tableHighMask == 0
    {
      _address = address
      descend(from: level, table: table, bytes: tableBytes)
      return
    }
    _address = address
    guard address <= geometry.lastAddress else {
      isAtEnd = true
      hasPath = false
      leaveBottom()
      return
    }
    // A walk from the root of a process that has exited would read tables
    // that may belong to another process by now: a stale iterator reads as
    // past the end.
    guard memory.tableReleases == releasesSeen || isProcessAlive else {
      finish()
      return
    }
    releasesSeen = memory.tableReleases
    isAtEnd = false
    pointersAnd = .max
    pointersOr = 0
    leafKey = Self.noLeafKey
    descend(from: 0, table: root, bytes: memory.tableBytes(root))
  }

  /// Walks down from `table` at `startLevel` (whose pointers above are
  /// already in `pointersAnd`/`pointersOr`) to the entry deciding `address`.
  @inline(__always)
  private mutating func descend(
    from startLevel: Int, table startTable: FrameNumber, bytes startBytes: UnsafeMutableRawPointer
  ) {
    let bottom = geometry.bottom
    var level = startLevel
    var table = startTable
    var bytes = startBytes
    while true {
      let index = geometry.index(of: address, level: level)
      let raw = memory.entry(at: bytes, index: index).rawValue
      if memory.codec.isTablePointer(raw, atLevel: level) {
        let view = memory.codec.permissionView(raw, level: level)
        pointersAnd &= view
        pointersOr |= view
        leafKey = Self.noLeafKey
        table = FrameNumber(memory.codec.frame(of: raw))
        bytes = memory.tableBytes(table)
        level += 1
        continue
      }
      self.level = level
      self.table = table
      self.tableBytes = bytes
      self.index = index
      self.hasPath = true
      if level == bottom {
        enterBottom()
      } else {
        leaveBottom()
      }
      return
    }
  }

  /// Marks the iterator as on a bottom-level entry of the table holding
  /// `address`, for the inlined move.
  @inline(__always)
  mutating func enterBottom() {
    bottomTableTag = address & geometry.bottomSameTableMask
    bottomEntries = geometry.bottomIndexMask &+ 1
  }

  /// Marks the iterator as off the bottom level (and so without leaf bits).
  @inline(__always)
  mutating func leaveBottom() {
    bottomEntries = 0
    leafKey = Self.noLeafKey
  }

  /// Moves by `delta` bytes; past the top of the space the iterator ends.
  @inline(__always)
  public mutating func advance(by delta: UInt64) {
    let (next, overflow) = address.addingReportingOverflow(delta)
    if overflow || next > geometry.lastAddress { return finish() }
    move(to: next)
  }

  /// Moves to the start of the next entry at the current entry's level: the
  /// next page after a mapping, or past a whole empty stretch.
  public mutating func next() {
    let mask = geometry.spanMask(level: level)
    let start = address & ~mask
    let (next, overflow) = start.addingReportingOverflow(mask &+ 1)
    if overflow || mask == .max || next > geometry.lastAddress { return finish() }
    move(to: next)
  }

  /// Moves to the next address that is mapped (or to the end), skipping
  /// empty entries at whatever level they are found. The rest of the
  /// current table is searched in a tight scan of its raw words; an empty
  /// table is left with one walk from the root.
  public mutating func nextMapped() {
    guard !isAtEnd else { return }
    let present = memory.codec.presentBit
    while true {
      let info = geometry[level]
      let count = Int(info.indexMask) + 1
      var next = index + 1
      while next < count && !present.isSet(memory.entry(at: tableBytes, index: next).rawValue) { next += 1 }
      let tableBase = info.tableShift >= 64 ? 0 : address & ~((UInt64(1) << UInt64(info.tableShift)) - 1)
      if next < count {
        // A present entry: a page, or a table to look inside.
        _address = tableBase | UInt64(next) << info.shift
        descend(from: level, table: table, bytes: tableBytes)
        if isLeaf { return }
        continue
      }
      // Nothing more in this table: go to the first address after it.
      guard level > 0, info.tableShift < 64 else { return finish() }
      let (after, overflow) = tableBase.addingReportingOverflow(UInt64(1) << UInt64(info.tableShift))
      guard !overflow, after <= geometry.lastAddress else { return finish() }
      move(to: after)
      if isLeaf { return }
    }
  }

  /// Whether the process this iterator walks still owns its root. Process
  /// ids are never reused, so a root now owned by anyone else (or free)
  /// means the process has exited.
  var isProcessAlive: Bool { memory.owner(of: root) == .pageTable(process: process, level: 0) }

  /// Refuses to write through an iterator whose process has exited; when
  /// tables were released but not this process's, records that it checked.
  /// A live process's tables are never freed before its exit, so the path
  /// the iterator holds stays valid.
  mutating func checkProcessIsAlive() throws(SimulationError) {
    guard memory.tableReleases != releasesSeen else { return }
    guard isProcessAlive else {
      throw .noSuchProcess("process \(process) has exited: its iterator can no longer change a page table")
    }
    releasesSeen = memory.tableReleases
  }

  /// Marks the iterator as past the top of the space.
  private mutating func finish() {
    _address = geometry.lastAddress
    isAtEnd = true
    hasPath = false
    leaveBottom()
  }

  /// Moves to `address` if it is mapped, else to the first mapped address after it.
  public mutating func findMapped(from address: UInt64) {
    move(to: address)
    if !isAtEnd && !isPresent { nextMapped() }
  }

}
