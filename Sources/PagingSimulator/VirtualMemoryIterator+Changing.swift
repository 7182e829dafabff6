import PagingCore

// Writing through the iterator: map a page or a large page, unmap, with the
// inlined fast path for page-by-page maps within one bottom-level table.
extension VirtualMemoryIterator {
  /// Maps the page at `address` to `physicalAddress` with `permissions`,
  /// allocating missing page-table pages on the way down.
  ///
  /// Fails, leaving the mapping unchanged, when an address is not
  /// page-aligned, when memory runs out, when a large page already covers
  /// the address, or when a pointer entry above forbids `permissions`.
  /// A page already mapped here is replaced, as `vmiter::map` does (to
  /// change permissions, say); its frame stays the caller's to free.
  @inlinable @inline(__always)
  public mutating func map(to physicalAddress: PhysicalAddress, permissions: Permissions) throws(SimulationError) {
    let physical = physicalAddress.rawValue
    // Fast path, kept small and inlined: the iterator sits on a bottom-level
    // entry (as when mapping page by page), the last map there used the same
    // permissions (so the pointers above allow them and the leaf bits are
    // known), and the addresses are aligned and in memory. Anything else,
    // including every error, goes the long way.
    // The key says the address is page-aligned, no table was released
    // since it was set, and entries are 8 bytes.
    let key = Self.leafKey(permissions, releases: releaseCounter.pointee)
    if _fastPath(key == leafKey) {
      // The ``fourKiBShifts`` layout: the frame field is the address's own
      // bits, so the entry is the address with the leaf bits.
      if _fastPath(physical & 0xFFF == 0 && physical < addressLimit) {
        tableBytes.storeBytes(of: leafBits | physical, toByteOffset: index &<< 3, as: UInt64.self)
        return
      }
    } else if key | Self.otherLayoutKeyBit == leafKey {
      // Rotated rather than shifted, so page-offset bits land at the top
      // and the one test against `frameLimit` (below 2^31) refuses a
      // misaligned address as well as a frame outside memory. (Masking
      // shifts by the packed word shift by the count in its low bits; see
      // `shifts`.)
      let frame = physical &>> shifts | physical &<< (64 &- (shifts & 0xFF))
      if _fastPath(frame < frameLimit) {
        tableBytes.storeBytes(of: leafBits | frame &<< (shifts &>> 16), toByteOffset: index &<< 3, as: UInt64.self)
        return
      }
    }
    try mapSlowly(to: physicalAddress, permissions: permissions)
  }

  /// `map(to:permissions:)` past its inlined test: on a bottom-level entry,
  /// checks the pointers above against `permissions` and remembers the
  /// leaf bits for the next map; anything else the long way.
  @usableFromInline @inline(never)
  mutating func mapSlowly(to physicalAddress: PhysicalAddress, permissions: Permissions) throws(SimulationError) {
    #if PAGING_INTERNAL_CHECKS
      memory._slowMaps += 1
    #endif
    try checkProcessIsAlive()
    let frame = physicalAddress.frame(offsetBits: geometry.offsetBits)
    if onBottom, (address | physicalAddress.rawValue) & geometry.pageMask == 0, frame.index < memory.frameCount,
      memory.codec.pointersAllow(permissions, and: pointersAnd, or: pointersOr)
    {
      // The inlined map stores 64-bit words: other widths keep no key.
      let layout = shifts == Self.fourKiBShifts ? 0 : Self.otherLayoutKeyBit
      leafKey = wideEntries ? Self.leafKey(permissions, releases: releasesSeen) | layout : Self.noLeafKey
      leafBits = memory.codec.bottomLeaf(frame: 0, permissions: permissions).rawValue
      let leaf = memory.codec.bottomLeaf(frame: frame, permissions: permissions)
      memory.setEntry(leaf, at: tableBytes, index: index)
      // The inlined map stores into this table without recording where.
      memory.noteWrittenWhole(table: table)
      return
    }
    try mapLeaf(to: physicalAddress, permissions: permissions, level: geometry.bottom)
  }

  /// Maps `count` consecutive pages from the current one, page `i` to frame
  /// `frame(i)`, as `count` calls of `map(to:permissions:)` with a step to
  /// the next page between them would, for a run the caller has checked:
  /// its pages lie in the current bottom-level table and their entries are
  /// empty. Leaves the iterator on the last page mapped; `mapped` counts
  /// the pages mapped, on failure too.
  ///
  /// The first page goes through `map(to:permissions:)`, which checks the
  /// process, the pointers above and the page, and works out the leaf bits.
  /// The run's other pages then meet its inlined test but for the frame
  /// (the same table, permissions and releases), so they are stored with
  /// those bits from locals, the frame checked against memory each page:
  /// page by page through the iterator, the inlined map would load its
  /// state again after every store, which could have changed it.
  ///
  /// Those stores need no record in the table's written stretch: the leaf
  /// key they rely on is set only by `mapSlowly`, which marks the whole
  /// table written when it sets it, and any move to another table clears
  /// the key. Debug builds assert the caller's promise (the run fits the
  /// table, its entries are empty); release builds pay nothing for it.
  @inline(__always)
  mutating func mapPages(
    _ count: Int, permissions: Permissions, mapped: inout Int, frame: (Int) -> FrameNumber
  ) throws(SimulationError) {
    mapped = 0
    guard count > 0 else { return }
    try map(to: PhysicalAddress(frame(0).rawValue &<< offsetBits), permissions: permissions)
    mapped = 1
    if Self.leafKey(permissions, releases: releasesSeen) | Self.otherLayoutKeyBit == leafKey | Self.otherLayoutKeyBit
      && wideEntries
    {
      let entries = tableBytes.assumingMemoryBound(to: UInt64.self) + index
      assert(
        UInt64(index &+ count) <= bottomEntries, "mapPages: \(count) pages from entry \(index) leave the current table")
      assert((1..<count).allSatisfy { entries[$0] == 0 }, "mapPages: a page of the run is already mapped")
      let (bits, shift, limit) = (leafBits, frameShift, frameLimit)
      var page = 1
      while page < count {
        let next = frame(page).rawValue
        guard next < limit else { break }
        entries[page] = bits | next &<< shift
        page &+= 1
      }
      mapped = page
      move(to: _address &+ UInt64(truncatingIfNeeded: page &- 1) &<< offsetBits)
    }
    // Any other entry size, or a frame the test refuses: one page at a time
    // (which throws for a frame outside memory).
    while mapped < count {
      move(to: _address &+ 1 &<< offsetBits)
      try map(to: PhysicalAddress(frame(mapped).rawValue &<< offsetBits), permissions: permissions)
      mapped &+= 1
    }
  }

  /// Maps a large page at `level` (which must allow leaves); `address` and
  /// `physicalAddress` must both be aligned to the level's span, and no
  /// table may already sit in that entry (a page mapped there is replaced,
  /// as with ``map(to:permissions:)``).
  public mutating func mapLargePage(to physicalAddress: PhysicalAddress, level: Int, permissions: Permissions)
    throws(SimulationError)
  {
    guard level >= 0, level <= geometry.bottom, geometry.mapsLeaves(level: level) else {
      throw .unsupported("level \(level) of \(memory.architecture.name) cannot map large pages")
    }
    try mapLeaf(to: physicalAddress, permissions: permissions, level: level)
  }

  @usableFromInline @inline(never)
  mutating func mapLeaf(to physicalAddress: PhysicalAddress, permissions: Permissions, level target: Int)
    throws(SimulationError)
  {
    try checkProcessIsAlive()
    guard !isAtEnd else { throw .invalid("the iterator is past the end of the address space") }
    let mask = geometry.spanMask(level: target)
    guard address & mask == 0, physicalAddress.rawValue & mask == 0 else {
      throw .misaligned(
        "mapping \(formatHex(address)) to \(formatHex(physicalAddress)) needs both aligned to \(formatBytes(UInt128(mask) + 1))"
      )
    }
    let frame = physicalAddress.frame(offsetBits: geometry.offsetBits)
    guard frame.index < memory.frameCount else {
      throw .invalid(
        "physical address \(formatHex(physicalAddress)) is outside the \(formatBytes(UInt128(memory.frameCount) << geometry.offsetBits)) of memory"
      )
    }
    // Fast path: the iterator already sits on the entry to fill (page-by-page
    // mapping through one table), that entry holds no table, and the
    // pointers above allow `permissions`.
    if level == target, !memory.codec.isTablePointer(liveRaw, atLevel: target),
      allowed.isSuperset(of: permissions)
    {
      let leaf = memory.codec.leaf(frame: frame, permissions: permissions, level: target)
      memory.setEntry(leaf, at: tableBytes, index: index)
      memory.noteWritten(table: table, at: index)
      return
    }
    let pointerPermissions = permissions.union([.writable, .executable])
    var table = root
    var bytes = memory.tableBytes(table)
    var pointersAnd = UInt64.max
    var pointersOr: UInt64 = 0
    for level in 0..<target {
      let index = geometry.index(of: address, level: level)
      let entry = memory.entry(at: bytes, index: index)
      let pointer: PageTableEntry
      switch memory.codec.decode(entry, level: level) {
      case .table(_, let granted):
        guard granted.isSuperset(of: permissions) else {
          throw .permissionsTooLoose(
            "mapping \(formatHex(address)) \(permissions) under a level-\(level) entry that allows only \(granted)")
        }
        pointer = entry
      case .leaf:
        throw .alreadyMapped("\(formatHex(address)) is inside a large page mapped at level \(level)")
      case .notPresent:
        let child = try memory.allocatePageTable(process: process, level: level + 1)
        pointer = memory.codec.table(frame: child, permissions: pointerPermissions, level: level)
        memory.setEntry(pointer, at: bytes, index: index)
        memory.noteWritten(table: table, at: index)
      }
      let view = memory.codec.permissionView(pointer.rawValue, level: level)
      pointersAnd &= view
      pointersOr |= view
      table = FrameNumber(memory.codec.frame(of: pointer.rawValue))
      bytes = memory.tableBytes(table)
    }
    let index = geometry.index(of: address, level: target)
    if memory.codec.isTablePointer(memory.entry(at: bytes, index: index).rawValue, atLevel: target) {
      throw .alreadyMapped("\(formatHex(address)) already has a level-\(target + 1) table; unmap its pages first")
    }
    let leaf = memory.codec.leaf(frame: frame, permissions: permissions, level: target)
    memory.setEntry(leaf, at: bytes, index: index)
    memory.noteWritten(table: table, at: index)
    self.level = target
    self.table = table
    self.tableBytes = bytes
    self.index = index
    self.pointersAnd = pointersAnd
    self.pointersOr = pointersOr
    self.hasPath = true
    self.leafKey = Self.noLeafKey
    if target == geometry.bottom { enterBottom() } else { bottomEntries = 0 }
  }

  /// Removes the mapping of the page (or large page) containing `address`
  /// and returns the frame it mapped; page-table pages stay.
  ///
  /// - Throws: ``SimulationError/noSuchProcess(_:)`` when the iterator's
  ///   process has exited.
  @discardableResult
  public mutating func unmap() throws(SimulationError) -> FrameNumber? {
    try checkProcessIsAlive()
    guard let frame else { return nil }
    memory.setEntry(.empty, at: tableBytes, index: index)
    return frame
  }
}
