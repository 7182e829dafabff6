import PagingCore

// The kalloc/kfree side: page-table pages, data frames one at a time or in
// runs, sharing and releasing.

extension PhysicalMemory {
  /// A zeroed page-table page.
  public func allocatePageTable(process: Int, level: Int) throws(SimulationError) -> FrameNumber {
    // The owner word holds a 24-bit process id and a 6-bit level: anything
    // wider would be packed into another owner (issue 9: 1 << 24 read back
    // as the kernel's).
    guard (0..<Int(PackedOwner.processLimit)).contains(process), (0...Int(PackedOwner.levelMask)).contains(level) else {
      throw .invalid(
        "a page-table page belongs to a process with an id below 2^24 at a level below 64, not process \(process) level \(level)"
      )
    }
    if level == 0 && architecture.rootPages > 1 { return try allocateWideRoot(process: process) }
    let frame: Int
    if let reused = tableFree.pop() {
      frame = reused
    } else if tableLow > dataNext {
      try growStorage(toSlots: frameCount - tableLow + 1)
      tableLow -= 1
      frame = tableLow
    } else if let stray = dataFree.pop() {
      frame = stray
      let buffer = UnsafeMutableRawPointer.allocate(byteCount: pageSize, alignment: 64)
      strayStorage.append(buffer)
      straySlots[frame] = strayStorage.count - 1
      hasStrays = true
    } else {
      throw .outOfMemory(needed: "a level-\(level) page-table page")
    }
    setOwner(frame, packed: FrameOwner.pageTable(process: process, level: level).packed)
    tablePages += 1
    let table = FrameNumber(index: frame)
    let bytes = tableBytes(table)
    if frame >= tableLow {
      // Zero only what the page's last use wrote (all of a new page).
      let slot = frameCount &- 1 &- frame
      let extent = extents.unsafelyUnwrapped[slot]
      let (lo, hi) = (Int(truncatingIfNeeded: extent & 0xFFFF_FFFF), Int(truncatingIfNeeded: extent &>> 32))
      if lo < hi {
        (bytes + lo &* entrySize).initializeMemory(as: UInt8.self, repeating: 0, count: (hi &- lo) &* entrySize)
      }
      extents.unsafelyUnwrapped[slot] = Self.emptyExtent
    } else {
      bytes.initializeMemory(as: UInt8.self, repeating: 0, count: pageSize)
    }
    return table
  }

  /// A data frame (contents are not simulated) for `owner`: the kernel or
  /// a process's data (frames of other kinds come from their own calls).
  @inlinable @inline(__always)
  public func allocateData(owner: FrameOwner) throws(SimulationError) -> FrameNumber {
    // Inline: a frame, and its owner byte when its block stands for the
    // owner's process. The owner enters as one word the compiler works out
    // once before a client's loop (a process's id, or a value no block
    // holds), with no test of its own: a kernel or refused owner fails the
    // block test and goes out of line, which gives the frame back if the
    // owner is refused. (`_fastPath` keeps those calls out of the
    // straight line a client's loop runs through.)
    let process = owner.blockProcess
    guard let frame = takeDataFrame() else { return try allocateDataSlowly(owner: owner) }
    if _fastPath(blockProcess[frame.index &>> OwnerCode.blockShift] == process) {
      codes[frame.index] = OwnerCode.data
      return frame
    }
    return try ownDataFrame(frame, owner: owner)
  }

  /// The next data frame `allocateData` hands out, from the free list or
  /// the bottom of the data zone, its owner not yet written; nil when both
  /// are used up.
  @inlinable @inline(__always)
  func takeDataFrame() -> FrameNumber? {
    if let reused = dataFree.pop() { return FrameNumber(index: reused) }
    let zone = self.zone
    guard zone & 0xFFFF_FFFF < zone &>> 32 else { return nil }
    self.zone = zone &+ 1  // dataNext, in the low half, one up
    return FrameNumber(zone & 0xFFFF_FFFF)
  }

  /// Writes `owner` for `frame`, just taken by ``takeDataFrame()``, when its
  /// block does not stand for the owner's process; gives the frame back
  /// and throws when `owner` is no data owner.
  @usableFromInline @inline(never)
  func ownDataFrame(_ frame: FrameNumber, owner: FrameOwner) throws(SimulationError) -> FrameNumber {
    guard let packed = owner.packedDataOwner else {
      // Back where it came from: the free list's slot past its top still
      // holds a frame just popped; otherwise it was the data zone's last.
      if let base = dataFree.base, dataFree.count < dataFree.capacity, base[dataFree.count] == Int32(frame.index) {
        dataFree.count &+= 1
      } else {
        dataNext &-= 1
      }
      throw Self.notADataOwner(owner)
    }
    setOwner(frame.index, packed: packed)
    return frame
  }

  /// `allocateData(owner:)` past its inlined fast path: a bad owner, a frame
  /// from the table zone, or none left.
  @usableFromInline @inline(never)
  func allocateDataSlowly(owner: FrameOwner) throws(SimulationError) -> FrameNumber {
    guard let packed = owner.packedDataOwner else { throw Self.notADataOwner(owner) }
    return try allocateData(packed: packed)
  }

  static func notADataOwner(_ owner: FrameOwner) -> SimulationError {
    .invalid("a data frame belongs to the kernel or to a process (id below 2^24), not to \(owner)")
  }

  /// A frame from the free list or the bottom of the data zone, or nil.
  @inlinable @inline(__always)
  func allocateDataQuickly(packed: PackedOwner) -> FrameNumber? {
    let frame: Int
    if let reused = dataFree.pop() {
      frame = reused
    } else if case let zone = self.zone, zone & 0xFFFF_FFFF < zone &>> 32 {
      frame = Int(truncatingIfNeeded: zone & 0xFFFF_FFFF)
      self.zone = zone &+ 1  // dataNext, in the low half, one up
    } else {
      return nil
    }
    setDataOwner(frame, packed: packed)
    return FrameNumber(index: frame)
  }

  /// `allocateData(owner:)` with the owner already packed: the common case
  /// (a frame from the free list or the bottom of the data zone) inline.
  @inlinable @inline(__always)
  func allocateData(packed: PackedOwner) throws(SimulationError) -> FrameNumber {
    if let frame = allocateDataQuickly(packed: packed) { return frame }
    return try allocateDataFromTableZone(packed: packed)
  }

  @usableFromInline @inline(never)
  func allocateDataFromTableZone(packed: PackedOwner) throws(SimulationError) -> FrameNumber {
    guard let frame = tableFree.pop() else { throw .outOfMemory(needed: "a data page") }
    setOwner(frame, packed: packed)
    return FrameNumber(index: frame)
  }

  /// Whether ``reserveDataRun(count:packed:)`` or
  /// ``reserveFreedRun(count:packed:)`` has frames to give.
  var hasDataRunFrames: Bool { dataFree.count > 0 || dataNext < tableLow }

  /// Up to `count` data frames at once, for a loop that maps them one by
  /// one: the next frames of the data zone, exactly those (in that order)
  /// `count` calls of `allocateData` would hand out, with their owners
  /// written in one pass. Nil when the free list holds frames (they go
  /// first: see ``reserveFreedRun(count:packed:)``) or the data zone is
  /// used up.
  ///
  /// The run is the caller's to use up before anything else allocates, or
  /// to hand back unused with ``returnDataRun(_:)``: a page-table page
  /// taken meanwhile could have needed one of its frames.
  ///
  /// - Complexity: O(frames in the run), a fill of their owner bytes.
  @inline(__always)
  func reserveDataRun(count: Int, packed: PackedOwner) -> Range<Int>? {
    guard dataFree.count == 0 else { return nil }
    let start = dataNext
    let end = min(start &+ count, tableLow)
    guard end > start else { return nil }
    // Owners first: the blocks' earlier frames are those below `dataNext`.
    setDataOwners(start..<end, packed: packed)
    dataNext = end
    return start..<end
  }

  /// Gives back the unused tail of the last ``reserveDataRun(count:packed:)``
  /// (`frames` must end where the run ended, and nothing may have been
  /// allocated since): memory is as if those frames were never handed out.
  func returnDataRun(_ frames: Range<Int>) {
    guard !frames.isEmpty else { return }
    precondition(frames.upperBound == dataNext, "returnDataRun: frames \(frames) are not the end of the last run")
    for frame in frames { setOwner(frame, packed: .free) }
    dataNext = frames.lowerBound
  }

  /// Up to `count` frames from the free list at once, owners written:
  /// the top of the stack, which `allocateData` would hand out from the
  /// last element of the buffer back to the first. Nil when the list is
  /// empty. The same terms as ``reserveDataRun(count:packed:)``: the
  /// caller uses the frames up, or gives back the first `unused` of the
  /// buffer with ``returnFreedRun(_:unused:)`` before anything else
  /// allocates or frees.
  ///
  /// - Complexity: O(frames in the run).
  @inline(__always)
  func reserveFreedRun(count: Int, packed: PackedOwner) -> UnsafeBufferPointer<Int32>? {
    let taken = min(count, dataFree.count)
    guard taken > 0 else { return nil }
    dataFree.count &-= taken
    let run = UnsafeBufferPointer(start: dataFree.base.unsafelyUnwrapped + dataFree.count, count: taken)
    for frame in run { setDataOwner(Int(frame), packed: packed) }
    return run
  }

  /// Puts the first `unused` frames of the last freed run back on the free
  /// list (they are still where the list keeps them), as if never taken.
  func returnFreedRun(_ run: UnsafeBufferPointer<Int32>, unused: Int) {
    guard unused > 0 else { return }
    precondition(
      run.baseAddress == dataFree.base.map { UnsafePointer($0 + dataFree.count) },
      "returnFreedRun: the run is not the top of the free list")
    for frame in run.prefix(unused) { setOwner(Int(frame), packed: .free) }
    dataFree.count &+= unused
  }

  /// `count` contiguous data frames starting at a multiple of `count` (a
  /// large page's physical alignment).
  public func allocateContiguousData(count: Int, owner: FrameOwner) throws(SimulationError) -> FrameNumber {
    guard let packed = owner.packedDataOwner else { throw Self.notADataOwner(owner) }
    guard count > 0, count <= tableLow else {
      throw .outOfMemory(needed: counted(count, "contiguous data frame"))
    }
    let start = (dataNext + count - 1) / count * count
    guard start + count <= tableLow else {
      throw .outOfMemory(needed: "a \(formatBytes(UInt128(count * pageSize))) large page")
    }
    for frame in dataNext..<start { try dataFree.push(frame) }
    setDataOwners(start..<(start + count), packed: packed)
    dataNext = start + count
    return FrameNumber(index: start)
  }

  /// Records one more page table mapping an allocated data frame. O(1):
  /// the count lives in the frame's owner byte (or word).
  @inline(__always)
  public func share(_ frame: FrameNumber) throws(SimulationError) { try share(frame.index) }

  /// ``share(_:)`` for the frame at `frame`.
  @inline(__always)
  func share(_ frame: Int) throws(SimulationError) {
    if ownerBytes.shareQuickly(frame) { return }
    try shareSlowly(frame)
  }

  @inline(never)
  private func shareSlowly(_ frame: Int) throws(SimulationError) {
    guard frame >= 0, frame < frameCount else {
      throw .invalid("sharing frame \(FrameNumber(index: frame)), which is outside memory")
    }
    let packed = packedOwner(of: frame)
    guard !packed.isFree else { throw .invalid("sharing frame \(FrameNumber(index: frame)), which is free") }
    if packed.isShared {
      guard packed.canShareAgain else {
        throw .invalid("sharing frame \(FrameNumber(index: frame)), which is shared too often")
      }
      setOwner(frame, packed: packed.adding(mappings: 1))
    } else if packed.isData {
      setOwner(frame, packed: .shared(mappings: 2))
    } else {
      throw .invalid("sharing frame \(FrameNumber(index: frame)), which holds \(owner(of: FrameNumber(index: frame)))")
    }
  }

  /// Drops one mapping of a frame; the frame is freed with its last mapping.
  /// The common cases (a shared frame keeps other mappings, or a data frame
  /// of the data zone goes back to its free list) are inline.
  @inline(__always)
  public func release(_ frame: FrameNumber) throws(SimulationError) { try release(frame.index) }

  /// ``release(_:)`` for the frame at `frame`.
  @inline(__always)
  func release(_ frame: Int) throws(SimulationError) {
    if UInt(bitPattern: frame) < UInt(frameCount) {
      // A data-zone frame's byte. A table-zone frame's is free, or "wide"
      // if its block was widened before the table zone reached it: neither
      // passes the tests below, so the full call looks at its word.
      switch ownerBytes.dropMappingQuickly(frame, mayFree: !hasStrays) {
      case .kept: return
      case .freed:
        try dataFree.push(frame)
        return
      case .notHandled: break
      }
    }
    try releaseSlowly(frame)
  }

  @inline(never)
  func releaseSlowly(_ frame: Int) throws(SimulationError) {
    guard frame >= 0, frame < frameCount else { throw .doubleFree(frame: FrameNumber(index: frame)) }
    let packed = packedOwner(of: frame)
    guard !packed.isFree else { throw .doubleFree(frame: FrameNumber(index: frame)) }
    if packed.isShared, packed.mappings > 1 {
      setOwner(frame, packed: packed.adding(mappings: -1))
      return
    }
    if packed.isPageTable, try releaseWideRoot(frame) { return }
    setOwner(frame, packed: .free)
    // Page-table frames go back to the table list (they own storage); the
    // dictionary is consulted only when stray tables exist at all.
    if packed.isPageTable {
      tablePages -= 1
      releaseCounter.pointee &+= 1
      try tableFree.push(frame)
    } else if frame >= tableLow || (hasStrays && straySlots[frame] != nil) {
      try tableFree.push(frame)
    } else {
      try dataFree.push(frame)
    }
  }
}
