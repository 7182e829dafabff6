import PagingCore

/// The data zone's owner bytes, held in registers by a loop.
struct OwnerBytes {
  let codes: UnsafeMutablePointer<UInt8>
  /// Frames in memory. A table-zone frame's byte is free or "wide", so the
  /// full call handles those.
  let count: UInt

  /// `PhysicalMemory.share(_:)`'s common cases (a data frame, or one shared
  /// by fewer than the most a byte holds); false when the frame needs the
  /// full call (which may throw), with nothing changed.
  @inline(__always)
  func shareQuickly(_ frame: Int) -> Bool {
    guard UInt(bitPattern: frame) < count else { return false }
    let code = codes[frame]
    if code == OwnerCode.data {
      codes[frame] = OwnerCode.sharedByTwo
      return true
    }
    if code > OwnerCode.data && code < OwnerCode.wide - 1 {
      codes[frame] = code &+ 1  // shared by 1 to 251: one more
      return true
    }
    return false
  }

  /// What ``dropMappingQuickly(_:mayFree:)`` did.
  enum QuickRelease {
    /// The frame is shared and keeps its other mappings.
    case kept
    /// The frame is free now; the caller puts it on the data free list.
    case freed
    /// Nothing changed: the frame needs `PhysicalMemory.releaseSlowly`.
    case notHandled
  }

  /// `PhysicalMemory.release(_:)`'s common cases, the one place every
  /// release loop (one frame, or exit's batches) takes them: a frame
  /// shared with other mappings counts one down; data, or a last shared
  /// mapping, becomes free when `mayFree` (no stray tables: the frame then
  /// goes back to the data free list). `frame` is in memory.
  ///
  ///     codes[frame] == 5   // shared by 3: .kept, and now 4 (shared by 2)
  ///     codes[frame] == 2   // data: .freed, and now OwnerCode.free
  @inline(__always)
  func dropMappingQuickly(_ frame: Int, mayFree: Bool) -> QuickRelease {
    let code = codes[frame]
    if OwnerCode.isSharedWithOthers(code) {
      codes[frame] = code &- 1
      return .kept
    }
    if OwnerCode.isLastMapping(code) && mayFree {
      codes[frame] = OwnerCode.free
      return .freed
    }
    return .notHandled
  }
}
