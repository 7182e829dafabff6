import PagingCore

// The bytes of page-table pages: chunks indexed by distance from the top of
// memory, stray pages and wide roots, and the written extent of each.

extension PhysicalMemory {
  func growStorage(toSlots slots: Int) throws(SimulationError) {
    let before = chunks.count << chunkShift
    guard before < slots else { return }
    // The extents first: if the host refuses them, nothing has changed.
    let after = ((slots + (1 << chunkShift) - 1) >> chunkShift) << chunkShift
    guard let grown = system_realloc(extents, after * MemoryLayout<UInt64>.stride) else {
      throw .unsupported("the host has no memory left for the extents of \(after) page-table pages")
    }
    while chunks.count << chunkShift < slots {
      chunks.append(UnsafeMutableRawPointer.allocate(byteCount: pageSize << chunkShift, alignment: 64))
    }
    extents = grown.bindMemory(to: UInt64.self, capacity: after)
    // New pages hold whatever the host gave: the whole page is written.
    (extents.unsafelyUnwrapped + before).initialize(repeating: UInt64(entriesPerPage) << 32, count: after - before)
  }

  /// An extent with nothing written (`lo` above `hi`).
  static var emptyExtent: UInt64 { 0xFFFF_FFFF }

  /// The entries of the table in `frame` that may be non-zero, clipped to
  /// its first `count`: `lo ..< hi` (empty when `lo >= hi`).
  @inline(__always)
  func extent(ofTable table: FrameNumber, count: Int) -> (lo: Int, hi: Int) {
    let frame = table.index
    guard frame >= tableLow else { return (0, count) }
    let extent = extents.unsafelyUnwrapped[frameCount &- 1 &- frame]
    return (Int(truncatingIfNeeded: extent & 0xFFFF_FFFF), min(count, Int(truncatingIfNeeded: extent &>> 32)))
  }

  /// Records a store into entries `lo ..< hi` of the table in `frame`.
  @inline(__always)
  func noteWritten(table: FrameNumber, from lo: Int, to hi: Int) {
    let frame = table.index
    guard frame >= tableLow, lo < hi else { return }
    let slot = frameCount &- 1 &- frame
    let extent = extents.unsafelyUnwrapped[slot]
    let newLo = min(extent & 0xFFFF_FFFF, UInt64(truncatingIfNeeded: lo))
    let newHi = max(extent &>> 32, UInt64(truncatingIfNeeded: hi))
    extents.unsafelyUnwrapped[slot] = newHi &<< 32 | newLo
  }

  /// Records a store into entry `index` of the table in `frame`.
  @inline(__always)
  func noteWritten(table: FrameNumber, at index: Int) {
    noteWritten(table: table, from: index, to: index &+ 1)
  }

  /// Records that any entry of the table in `frame` may be written (the
  /// iterator's inlined map stores without recording).
  @inline(__always)
  func noteWrittenWhole(table: FrameNumber) {
    noteWritten(table: table, from: 0, to: entriesPerPage)
  }

  /// The bytes of the page-table page in `frame`.
  @inline(__always)
  func tableBytes(_ table: FrameNumber) -> UnsafeMutableRawPointer {
    let frame = table.index
    if frame >= tableLow {
      let slot = frameCount - 1 - frame
      return chunks[slot >> chunkShift] + (slot & chunkMask) * pageSize
    }
    return bytesOutsideTableZone(frame)
  }

  @inline(never)
  private func bytesOutsideTableZone(_ frame: Int) -> UnsafeMutableRawPointer {
    if let slot = straySlots[frame] { return strayStorage[slot] }
    guard let bytes = wideRootBytes(frame) else { preconditionFailure("frame \(frame) holds no page table") }
    return bytes
  }

  /// Whether `frame` holds a page-table page (and so has bytes).
  public func isPageTable(_ frame: FrameNumber) -> Bool {
    if case .pageTable = owner(of: frame) { return true }
    return false
  }

  /// Entry `index` of the page-table page in `frame`, which must hold a page-table page.
  @inline(__always)
  public func entry(inTable frame: FrameNumber, at index: Int) -> PageTableEntry {
    entry(at: tableBytes(frame), index: index)
  }

  /// Entry `index` of the table whose bytes start at `bytes`: for walks that
  /// read a whole table, finding its bytes once.
  @inline(__always)
  func entry(at bytes: UnsafeMutableRawPointer, index: Int) -> PageTableEntry {
    PageTableEntry(rawValue: loadEntry(bytes, index: index, size: entrySize))
  }

  /// Stores `entry` at `index` of the page-table page in `frame`, which must hold a page-table page.
  ///
  /// Nothing is checked and no frame is allocated or released: this is the raw store that tests and tools use to
  /// build tables by hand.
  @inline(__always)
  public func setEntry(_ entry: PageTableEntry, inTable frame: FrameNumber, at index: Int) {
    setEntry(entry, at: tableBytes(frame), index: index)
    noteWritten(table: frame, at: index)
  }

  /// Stores entry `index` of the table whose bytes start at `bytes`.
  @inlinable @inline(__always)
  func setEntry(_ entry: PageTableEntry, at bytes: UnsafeMutableRawPointer, index: Int) {
    storeEntry(entry.rawValue, bytes, index: index, size: entrySize)
  }
}
