import PagingCore

// The bulk of exit, with the allocator's state held in locals for
// a whole table and the rare cases handed to the one-frame functions, so
// every frame ends up exactly as they would leave it.

extension PhysicalMemory {
  /// Drops one mapping of every user page the bottom-level table at
  /// `bytes` maps in entries `start ..< count` (the rest being empty):
  /// exit's bulk. Each frame ends as `release(_:)` leaves it, and the same
  /// errors are thrown.
  func releaseUserLeaves(_ bytes: UnsafeMutableRawPointer, from start: Int, count: Int) throws(SimulationError) {
    guard start < count else { return }
    // A user page is a leaf with the user bit: one test of the word (when
    // no entry can pass, there is nothing to do).
    guard let isUserPage = codec.userPageTest else { return }
    let frameField = codec.frameField
    // At most `count` frames go back to the free list: room for them now,
    // so the loop pushes with a store.
    try dataFree.reserve(count &- start)
    let ownerCodes = ownerBytes
    if entrySize == 8 {
      return try releaseUserLeaves8(
        bytes.assumingMemoryBound(to: UInt64.self), from: start, count: count, isUserPage: isUserPage)
    }
    let tableLow = self.tableLow
    let dataZoneOnly = !hasStrays
    var stack = dataFree.base.unsafelyUnwrapped
    var top = dataFree.count
    do throws(SimulationError) {
      try forEachPresent(bytes, from: start, count: count, size: entrySize, present: codec.presentBit) {
        (_, raw) throws(SimulationError) in
        guard isUserPage.matches(raw) else { return }
        let frame = Int(truncatingIfNeeded: frameField.read(raw))
        if UInt(bitPattern: frame) < ownerCodes.count && frame < tableLow {
          switch ownerCodes.dropMappingQuickly(frame, mayFree: dataZoneOnly) {
          case .kept: return
          case .freed:
            stack[top] = Int32(truncatingIfNeeded: frame)
            top &+= 1
            return
          case .notHandled: break
          }
        }
        // The rare cases, with the state written back first.
        dataFree.count = top
        try releaseSlowly(frame)
        stack = dataFree.base.unsafelyUnwrapped
        top = dataFree.count
      }
    } catch {
      dataFree.count = top
      throw error
    }
    dataFree.count = top
  }

  /// `releaseUserLeaves` for 8-byte entries, the usual case: a plain loop
  /// for the common cases (`releaseUserLeavesQuickly`, with no call inside,
  /// so its values stay in registers), and `releaseSlowly` for each entry
  /// it stops at. Room for `count` pushes is reserved by the caller.
  private func releaseUserLeaves8(
    _ words: UnsafeMutablePointer<UInt64>, from first: Int, count: Int, isUserPage: EntryTest
  ) throws(SimulationError) {
    var index = first
    while true {
      index = releaseUserLeavesQuickly(words, from: index, count: count, isUserPage: isUserPage)
      guard index < count else { return }
      try releaseSlowly(Int(truncatingIfNeeded: codec.frame(of: words[index])))
      index &+= 1
    }
  }

  /// The common cases of `releaseUserLeaves8` from entry `first` on, with
  /// the free-list top in a register. Returns the index of the first user
  /// page it cannot release itself (left untouched), or `count`, with the
  /// state written back.
  @inline(never)
  private func releaseUserLeavesQuickly(
    _ words: UnsafeMutablePointer<UInt64>, from first: Int, count: Int, isUserPage: EntryTest
  ) -> Int {
    let (present, frameField) = (codec.presentBit, codec.frameField)
    let ownerCodes = ownerBytes
    // A frame below `limit` is a data-zone frame (and so in memory); none
    // is when stray tables exist, so every frame then takes the slow path
    // (which checks the strays). One bound for both fast cases.
    let limit = UInt64(hasStrays ? 0 : tableLow)
    let stack = dataFree.base.unsafelyUnwrapped
    var top = dataFree.count
    var index = first
    while index < count {
      let raw = words[index]
      if !isUserPage.matches(raw) {
        // No user page here. A group of eight empty entries is passed with
        // one test of their OR (only a group that starts empty is tested
        // whole, so a table of user pages pays nothing for it).
        if index & 7 == 0, index &+ 8 <= count {
          let any =
            (raw | words[index &+ 1]) | (words[index &+ 2] | words[index &+ 3])
            | (words[index &+ 4] | words[index &+ 5]) | (words[index &+ 6] | words[index &+ 7])
          if !present.isSet(any) {
            index &+= 8
            continue
          }
        }
        index &+= 1
        continue
      }
      let frame = frameField.read(raw)
      if frame < limit {
        switch ownerCodes.dropMappingQuickly(Int(truncatingIfNeeded: frame), mayFree: true) {
        case .kept:
          index &+= 1
          continue
        case .freed:
          stack[top] = Int32(truncatingIfNeeded: frame)
          top &+= 1
          index &+= 1
          continue
        case .notHandled: break
        }
      }
      break  // a rare case, for `releaseSlowly`
    }
    dataFree.count = top
    return index
  }

  /// `release(_:)` for a page-table page: the common case (a table of the
  /// table zone) inline, anything else the long way.
  @inline(__always)
  func releaseTable(_ table: FrameNumber) throws(SimulationError) {
    let frame = table.index
    if UInt(bitPattern: frame) < UInt(frameCount), frame >= tableLow,
      owners[frame].isPageTable
    {
      owners[frame] = .free
      tablePages &-= 1
      releaseCounter.pointee &+= 1
      try tableFree.push(frame)
      return
    }
    try releaseSlowly(frame)
  }

  /// The owner bytes, for loops that share many frames (see
  /// ``OwnerBytes/shareQuickly(_:)``).
  var ownerBytes: OwnerBytes { OwnerBytes(codes: codes, count: UInt(frameCount)) }
}
