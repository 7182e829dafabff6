import PagingCore

// What the entry the iterator sits on says: present or not, its frame and
// permissions (with the pointers above), its span.
extension VirtualMemoryIterator {
  /// The deciding entry as it is in memory now: reads see what any other
  /// iterator (or `Machine.unmap`) wrote since this one moved, as vmiter
  /// reads through its entry pointer.
  @inline(__always)
  var liveRaw: UInt64 { loadEntry(tableBytes, index: index, size: memory.entrySize) }

  /// Whether the deciding entry's word is zero (never written, or
  /// unmapped): one load, the quick half of a fresh-memory test.
  @inline(__always)
  var entryWordIsZero: Bool {
    (wideEntries
      ? tableBytes.load(fromByteOffset: index &<< 3, as: UInt64.self)
      : loadEntry(tableBytes, index: index, size: entrySize)) == 0
  }

  /// How many entries of the current table, from the deciding one on and at
  /// most `limit`, hold zero words: room that a run of fresh pages can take
  /// without a test a page.
  ///
  /// Entries outside the table's written stretch are zero without a read:
  /// a table just made (a fresh run's usual case) holds one written entry,
  /// so the rest of it is room at once.
  ///
  /// - Complexity: O(the entries of the written stretch it passes), one
  ///   load each.
  func zeroEntriesFromHere(limit: Int) -> Int {
    let end = min(index &+ limit, Int(truncatingIfNeeded: geometry[level].indexMask) &+ 1)
    let written = memory.extent(ofTable: table, count: end)
    // Entries before the stretch are zero; so are those after it.
    var next = max(index, min(written.lo, end))
    let last = min(written.hi, end)
    if wideEntries {
      let words = tableBytes.assumingMemoryBound(to: UInt64.self)
      while next < last && words[next] == 0 { next &+= 1 }
    } else {
      while next < last && loadEntry(tableBytes, index: next, size: entrySize) == 0 { next &+= 1 }
    }
    return (next < last ? next : end) &- index
  }

  /// Whether the deciding entry maps a page.
  @inline(__always)
  var isLeaf: Bool { !isAtEnd && memory.codec.isLeaf(liveRaw, atLevel: level) }

  /// The physical address `address` maps to, or nil.
  public var physicalAddress: PhysicalAddress? {
    guard isLeaf else { return nil }
    let base = memory.codec.frame(of: liveRaw) << UInt64(geometry.offsetBits)
    return PhysicalAddress(base + (address & geometry.spanMask(level: level)))
  }

  /// The frame of the (large) page mapped here, or nil.
  public var frame: FrameNumber? {
    guard isLeaf else { return nil }
    return FrameNumber(memory.codec.frame(of: liveRaw))
  }

  /// Permissions the pointer entries above the deciding entry allow.
  @inline(__always)
  var allowed: Permissions { memory.codec.allowedByPointers(and: pointersAnd, or: pointersOr) }

  /// Effective permissions: the leaf's, restricted by the pointers above it
  /// where the architecture says so; empty when nothing is mapped.
  public var permissions: Permissions {
    guard isLeaf else { return [] }
    return memory.codec.leafPermissions(liveRaw).intersection(allowed)
  }

  /// Whether the current address is mapped.
  public var isPresent: Bool { isLeaf }
  /// Whether the current address is mapped writable, every level above allowing it.
  public var isWritable: Bool { permissions.contains(.writable) }
  /// Whether the current address is mapped for user mode, every level above allowing it.
  public var isUser: Bool { permissions.contains(.user) }

  /// Bytes the deciding entry covers: the page size for a base page, more for
  /// a large page or an empty upper-level entry.
  public var entrySpan: UInt128 { UInt128(geometry.spanMask(level: level)) + 1 }

  /// Base-page frames the deciding entry covers (1 for a base page).
  public var framesInEntry: Int { geometry.framesPerEntry(level: level) }

  /// The raw entry deciding `address`.
  public var entry: PageTableEntry { memory.entry(at: tableBytes, index: index) }

  /// The bytes of the bottom-level table holding the current entry, when
  /// the iterator sits on a bottom-level entry: after a successful map
  /// there, the other entries of that table can take leaves with the same
  /// permissions directly (same pointers above, same alignment).
  var bottomTableBytes: UnsafeMutableRawPointer? {
    onBottom ? tableBytes : nil
  }
}
