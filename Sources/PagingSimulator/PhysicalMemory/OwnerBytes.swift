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
}
