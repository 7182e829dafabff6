/// The one-byte owner of a frame in the data zone.
///
/// Data-zone frames are grouped in blocks of 64; each block names one
/// process, and a frame's byte says "free", "the kernel", "data of the
/// block's process", "shared by n page tables" (n from 1 to 252) or "wide":
/// its block keeps a 4-byte ``PackedOwner`` per frame instead, as
/// happens when two processes' data frames meet in one block or a page-table
/// page lands there. Mapping, fork and exit read and write the byte alone.
///
///     // frame 70 in block 1, which stands for process 3:
///     codes[70] == OwnerCode.data   // FrameOwner.data(process: 3)
///     codes[71] == 4                // FrameOwner.shared(mappings: 2)
@usableFromInline
enum OwnerCode {
  @inlinable static var blockShift: Int { 6 }
  @inlinable static var blockMask: Int { (1 << blockShift) - 1 }

  @inlinable static var free: UInt8 { 0 }
  @inlinable static var kernel: UInt8 { 1 }
  @inlinable static var data: UInt8 { 2 }
  /// `shared(mappings: n)` is `sharedBase + n`.
  @inlinable static var sharedBase: UInt8 { 2 }
  /// The code of `shared(mappings: 2)`, what sharing a data frame makes.
  @inlinable static var sharedByTwo: UInt8 { sharedBase + 2 }
  /// The last share count a byte holds (code 254).
  @inlinable static var mostNarrowShares: UInt32 { 252 }
  @inlinable static var wide: UInt8 { 255 }
  /// `blockProcess` of a block whose frames keep 4-byte words: no process
  /// id (24 bits) equals it.
  @inlinable static var wideBlock: UInt32 { .max }

  /// Whether a release leaves the frame with other mappings: shared by 2
  /// to 252, so the byte counts one down. One compare.
  @inlinable @inline(__always)
  static func isSharedWithOthers(_ code: UInt8) -> Bool {
    code &- sharedByTwo < wide &- sharedByTwo
  }

  /// Whether a release frees the frame: data, or shared by this mapping
  /// alone (codes 2 and 3).
  @inlinable @inline(__always)
  static func isLastMapping(_ code: UInt8) -> Bool {
    code & ~1 == data
  }

  /// The byte for `packed` in a block standing for `blockProcess`, or nil
  /// when a byte cannot say it there.
  static func narrow(_ packed: PackedOwner, blockProcess: UInt32) -> UInt8? {
    if packed.isFree { return free }
    if packed.isKernel { return kernel }
    if packed.isData { return packed.process == blockProcess ? data : nil }
    if packed.isShared, packed.mappings >= 1, packed.mappings <= mostNarrowShares {
      return sharedBase + UInt8(truncatingIfNeeded: packed.mappings)
    }
    return nil
  }

  /// The packed owner `code` stands for in a block standing for
  /// `blockProcess`; nil for ``wide``, whose owner is in the word.
  @inline(__always)
  static func widened(_ code: UInt8, blockProcess: UInt32) -> PackedOwner? {
    switch code {
    case free: return .free
    case kernel: return .kernel
    case data: return .data(process: blockProcess)
    case wide: return nil
    default: return .shared(mappings: UInt32(code &- sharedBase))
    }
  }
}
