import PagingCore

// Roots wider than a page (RISC-V's Sv39x4 G-stage root of four pages,
// AArch64's concatenated stage-2 tables, POWER9 radix's 16-page root).
//
// Such a root must be physically contiguous and aligned to its whole size
// (RISC-V privileged spec, "Guest Physical Address Translation": the hgatp
// root is 16 KiB and 16 KiB aligned), so it is carved from the data zone the
// way a large page is: the table zone hands frames out one at a time,
// downwards, and its bytes are laid out in the opposite order. The root's
// bytes live in one host buffer, so an index into the root is plain
// arithmetic from its first page, as a hardware walk computes it.

extension PhysicalMemory {
  /// A zeroed root table of `architecture.rootPages` contiguous frames,
  /// aligned to their total size; every frame is owned by `process`'s
  /// level-0 table. Returns the first frame.
  func allocateWideRoot(process: Int) throws(SimulationError) -> FrameNumber {
    let pages = Int(architecture.rootPages)
    let start = (dataNext + pages - 1) / pages * pages
    guard start <= tableLow, pages <= tableLow - start else {
      throw .outOfMemory(
        needed: "a \(formatBytes(UInt128(pages * pageSize))) root table (\(counted(pages, "contiguous page")))")
    }
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: pages * pageSize, alignment: 64)
    buffer.initializeMemory(as: UInt8.self, repeating: 0, count: pages * pageSize)
    for frame in dataNext..<start { try dataFree.push(frame) }
    dataNext = start + pages
    let owner = FrameOwner.pageTable(process: process, level: 0).packed
    for frame in start..<(start + pages) { setOwner(frame, packed: owner) }
    wideRoots[start] = buffer
    tablePages += pages
    return FrameNumber(index: start)
  }

  /// Frees the wide root starting at `frame`, if it is one: its frames go
  /// back to the data zone's free list and its bytes to the host.
  func releaseWideRoot(_ frame: Int) throws(SimulationError) -> Bool {
    guard let buffer = wideRoots.removeValue(forKey: frame) else { return false }
    let pages = Int(architecture.rootPages)
    for page in frame..<(frame + pages) {
      setOwner(page, packed: .free)
      try dataFree.push(page)
    }
    tablePages -= pages
    releaseCounter.pointee &+= 1
    buffer.deallocate()
    return true
  }

  /// The bytes of page `frame` of a wide root, if it belongs to one. Roots
  /// are aligned to their size, so the root's first frame is `frame` with
  /// its low bits cleared.
  func wideRootBytes(_ frame: Int) -> UnsafeMutableRawPointer? {
    guard !wideRoots.isEmpty else { return nil }
    let pages = Int(architecture.rootPages)
    let first = frame & ~(pages - 1)
    return wideRoots[first].map { $0 + (frame - first) * pageSize }
  }
}
