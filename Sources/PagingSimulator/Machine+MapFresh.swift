import PagingCore

// Mapping fresh frames over a range: runs of frames handed to the iterator a
// bottom-level table at a time, large pages where asked.
extension Machine {
  /// Maps `range` with fresh frames, using large pages where they fit when
  /// asked: exactly the leaves the analytic engine counts.
  func mapFresh(
    _ range: AddressRange, in process: Process, permissions: Permissions, largePages: Bool,
    owner: FrameOwner
  ) throws(SimulationError) {
    let geometry = memory.geometry
    let offsetBits = UInt64(geometry.offsetBits)
    let packedOwner = owner.packed
    if !largePages {
      // Without large pages the decomposition of one range is that range
      // widened to whole pages, at the bottom level: worked out here, without
      // the general merge and split (arrays, sorting) a small job would pay for.
      guard !range.isEmpty else { return }
      let mask = UInt128(geometry.pageMask)
      let start = range.start & ~mask
      let pages = UInt64(truncatingIfNeeded: ((range.end + mask) & ~mask &- start) >> offsetBits)
      // Created at the first page: one walk, not one to address 0 and another.
      var it = iterator(for: process, at: UInt64(truncatingIfNeeded: start))
      try mapFreshPages(
        from: UInt64(truncatingIfNeeded: start), count: pages, with: &it,
        permissions: permissions, packedOwner: packedOwner)
      return
    }
    let pieces = architecture.leafDecomposition(of: [range], largePages: true)
    var it = iterator(for: process)
    for piece in pieces {
      let isBase = piece.level == geometry.bottom
      let frames = geometry.framesPerEntry(level: piece.level)
      let span = geometry.spanMask(level: piece.level) &+ 1
      // Leaves in this piece; at most 2^64 / span, and the piece is canonical.
      let leaves = UInt64(truncatingIfNeeded: piece.range.count >> geometry[piece.level].shift)
      if isBase {
        it.move(to: UInt64(truncatingIfNeeded: piece.range.start))
        try mapFreshPages(
          from: UInt64(truncatingIfNeeded: piece.range.start), count: leaves, with: &it,
          permissions: permissions, packedOwner: packedOwner)
        continue
      }
      it.move(to: UInt64(truncatingIfNeeded: piece.range.start))
      var leaf: UInt64 = 0
      while leaf < leaves {
        // Fresh memory only: mapping over a page would orphan its frame.
        if it.isPresent {
          throw .alreadyMapped("\(formatHex(it.address)) is already mapped; unmap it before allocating there again")
        }
        let frame = try memory.allocateContiguousData(count: frames, owner: owner)
        let physical = frame.address(offsetBits: Int(offsetBits))
        do throws(SimulationError) {
          try it.mapLargePage(to: physical, level: piece.level, permissions: permissions)
        } catch {
          // Give back the frames of the page that could not be mapped.
          for offset in 0..<frames { try? memory.release(frame.advanced(by: offset)) }
          throw error
        }
        leaf += 1
        // Page by page through the iterator, which stays on its table.
        if leaf < leaves { it.advance(by: span) }
      }
    }
  }

  /// `count` base pages from `start` (page-aligned, translated, the pages
  /// all in the space; `it` already there), each a fresh data frame mapped through `it`'s
  /// `map(to:permissions:)`, stepping page by page (within a bottom-level
  /// table, one load; the range is canonical, so no overflow).
  ///
  /// Once the iterator stands in a bottom-level table that exists, the
  /// frames for the rest of that table's pages are taken in one run (the
  /// frames one-at-a-time allocation would give, in the same order) and
  /// mapped by `mapRun`: no page-table page is needed until the iterator
  /// leaves the table, so the run cannot take a frame a table would have had.
  @inline(__always)
  private func mapFreshPages(
    from start: UInt64, count: UInt64, with it: inout VirtualMemoryIterator,
    permissions: Permissions, packedOwner: PackedOwner
  ) throws(SimulationError) {
    guard count > 0 else { return }
    let offsetBits = UInt64(memory.geometry.offsetBits)
    let entriesPerBottomTable = UInt64(memory.geometry.bottomIndexMask) &+ 1
    var address = start
    var left = count
    while true {
      // Fresh memory only: mapping over a page would orphan its frame;
      // anything there (a page, a large page) is in the way.
      if !it.entryWordIsZero && it.isPresent {
        throw .alreadyMapped("\(formatHex(it.address)) is already mapped; unmap it before allocating there again")
      }
      let mapped: UInt64
      // Frames in a run (freed ones first, then the data zone's next), as
      // many as the table has empty entries from here.
      let room =
        it.onBottom && memory.hasDataRunFrames
        ? it.zeroEntriesFromHere(limit: Int(truncatingIfNeeded: min(left, entriesPerBottomTable))) : 0
      if room > 0, let run = memory.reserveFreedRun(count: room, packed: packedOwner) {
        try mapFreedRun(run, with: &it, permissions: permissions)
        mapped = UInt64(truncatingIfNeeded: run.count)
      } else if room > 0, let run = memory.reserveDataRun(count: room, packed: packedOwner) {
        try mapRun(run, with: &it, permissions: permissions)
        mapped = UInt64(truncatingIfNeeded: run.count)
      } else {
        // The first page of a bottom-level table (map makes the table), or
        // frames from the free list: one at a time.
        let frame = try memory.allocateData(packed: packedOwner)
        do throws(SimulationError) {
          try it.map(to: PhysicalAddress(frame.rawValue &<< offsetBits), permissions: permissions)
        } catch {
          // Give back the frame of the page that could not be mapped.
          try? memory.release(frame)
          throw error
        }
        mapped = 1
      }
      left &-= mapped
      if left == 0 { return }
      address &+= mapped &<< offsetBits
      it.move(to: address)
    }
  }

  /// Maps the run's frames to consecutive pages from where `it` stands, as
  /// a `map(to:permissions:)` a page would (see
  /// ``VirtualMemoryIterator/mapPages(_:permissions:mapped:frame:)``). The
  /// caller has checked that those entries are empty (the run stays within
  /// one bottom-level table); on failure the unmapped rest of the run goes
  /// back.
  @inline(never)
  private func mapRun(
    _ run: Range<Int>, with it: inout VirtualMemoryIterator, permissions: Permissions
  ) throws(SimulationError) {
    var mapped = 0
    do throws(SimulationError) {
      try it.mapPages(run.count, permissions: permissions, mapped: &mapped) {
        FrameNumber(index: run.lowerBound &+ $0)
      }
    } catch {
      memory.returnDataRun((run.lowerBound &+ mapped)..<run.upperBound)
      throw error
    }
  }

  /// `mapRun` for frames from the free list, taken in the order
  /// `allocateData` would hand them out (the buffer's last first).
  @inline(never)
  private func mapFreedRun(
    _ run: UnsafeBufferPointer<Int32>, with it: inout VirtualMemoryIterator, permissions: Permissions
  ) throws(SimulationError) {
    var mapped = 0
    let last = run.count &- 1
    do throws(SimulationError) {
      try it.mapPages(run.count, permissions: permissions, mapped: &mapped) {
        FrameNumber(index: Int(run[last &- $0]))
      }
    } catch {
      memory.returnFreedRun(run, unused: run.count &- mapped)
      throw error
    }
  }
}
