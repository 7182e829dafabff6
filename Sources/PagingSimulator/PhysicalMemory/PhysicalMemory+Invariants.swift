#if PAGING_INTERNAL_CHECKS
  import PagingCore

  // The owner store's, the free lists' and the table pages' own
  // consistency, checked in debug builds only (see Machine+Invariants.swift,
  // which calls these).

  extension PhysicalMemory {
    /// Frames on a free list that are not free, or on one twice.
    func _freeListViolations() -> [String] {
      var problems: [String] = []
      var seen = Set<Int>()
      for (name, list) in [("data", dataFree.frames), ("table", tableFree.frames)] {
        for entry in list {
          let frame = Int(entry)
          if !seen.insert(frame).inserted { problems.append("frame \(frame) is on a free list twice") }
          let owner = owner(of: FrameNumber(index: frame))
          if owner != .free {
            problems.append("frame \(frame) is on the \(name) free list but owned by \(owner)")
          }
        }
      }
      return problems
    }

    /// Owner bytes that disagree with their block: every frame of a wide
    /// block below the table zone reads "wide" (its owner is its word in
    /// `owners`), no frame of another block does, and `wideBlocks` counts
    /// the wide blocks.
    func _ownerStoreViolations() -> [String] {
      var problems: [String] = []
      var wide = 0
      for block in 0...(frameCount >> OwnerCode.blockShift) {
        let isWide = blockProcess[block] == OwnerCode.wideBlock
        if isWide { wide += 1 }
        let first = block << OwnerCode.blockShift
        for frame in first..<max(first, min(first + OwnerCode.blockMask + 1, tableLow))
        where (codes[frame] == OwnerCode.wide) != isWide {
          problems.append(
            "frame \(frame)'s owner byte is \(codes[frame]) in a block that \(isWide ? "keeps" : "does not keep") words"
          )
        }
      }
      if wide != wideBlocks { problems.append("\(wide) blocks keep owner words, but memory counts \(wideBlocks)") }
      return problems
    }

    /// Non-zero entries outside the written stretch of a page in the table
    /// zone, in use or free: release, copy, a reused page's zeroing and a
    /// fresh run's room all skip what lies outside the stretch, reading it
    /// as zero.
    func _writtenStretchViolations() -> [String] {
      var problems: [String] = []
      for frame in tableLow..<frameCount {
        let (lo, hi) = extent(ofTable: FrameNumber(index: frame), count: entriesPerPage)
        let bytes = tableBytes(FrameNumber(index: frame))
        for index in 0..<entriesPerPage where (index < lo || index >= hi) {
          guard loadEntry(bytes, index: index, size: entrySize) != 0 else { continue }
          problems.append("entry \(index) of the table page in frame \(frame) is not zero but outside its stretch")
          break
        }
      }
      return problems
    }
  }
#endif
