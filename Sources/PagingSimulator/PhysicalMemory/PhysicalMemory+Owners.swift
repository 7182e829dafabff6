import PagingCore

// Where each frame's owner is kept: a byte per data-zone frame, a word per
// table-zone frame or frame of a block a byte cannot describe.

extension PhysicalMemory {
  /// The packed owner of `frame` (in memory), wherever it is kept.
  @inline(__always)
  func packedOwner(of frame: Int) -> PackedOwner {
    if frame >= tableLow { return owners[frame] }
    return OwnerCode.widened(codes[frame], blockProcess: blockProcess[frame &>> OwnerCode.blockShift]) ?? owners[frame]
  }

  /// Records `packed` as the owner of `frame` (in memory): any owner,
  /// anywhere. A data-zone block turns wide when a byte cannot say it.
  func setOwner(_ frame: Int, packed: PackedOwner) {
    if frame >= tableLow {
      owners[frame] = packed
      return
    }
    let block = frame &>> OwnerCode.blockShift
    if blockProcess[block] == OwnerCode.wideBlock {
      owners[frame] = packed
      return
    }
    if let code = OwnerCode.narrow(packed, blockProcess: blockProcess[block]) {
      codes[frame] = code
      return
    }
    if packed.isData && !blockHoldsData(block, besides: frame) {
      // The block's data frames are all gone: it can stand for this process.
      blockProcess[block] = packed.process
      codes[frame] = OwnerCode.data
      return
    }
    widen(block)
    owners[frame] = packed
  }

  /// Records a data owner (the kernel, or `FrameOwner.data`) for a frame
  /// of the data zone: one byte when the frame's block stands for that
  /// process already, `setOwner` otherwise.
  @inlinable @inline(__always)
  func setDataOwner(_ frame: Int, packed: PackedOwner) {
    if packed.isKernel {
      if blockProcess[frame &>> OwnerCode.blockShift] != OwnerCode.wideBlock {
        codes[frame] = OwnerCode.kernel
        return
      }
    } else if blockProcess[frame &>> OwnerCode.blockShift] == packed.process {
      codes[frame] = OwnerCode.data
      return
    }
    setOwnerOutOfLine(frame, packed: packed)
  }

  /// `setDataOwner` for a run of frames: a fill of their bytes a block at
  /// a time where the block stands for the owner's process (or can start
  /// to), the one-frame path elsewhere.
  func setDataOwners(_ frames: Range<Int>, packed: PackedOwner) {
    let isKernel = packed.isKernel
    let process = packed.process
    var frame = frames.lowerBound
    while frame < frames.upperBound {
      let block = frame &>> OwnerCode.blockShift
      let blockEnd = min((block &+ 1) &<< OwnerCode.blockShift, frames.upperBound)
      if !isKernel && blockProcess[block] != process && blockProcess[block] != OwnerCode.wideBlock
        && !blockHoldsData(block, besides: frame)
      {
        blockProcess[block] = process
      }
      if isKernel ? blockProcess[block] != OwnerCode.wideBlock : blockProcess[block] == process {
        (codes + frame).update(repeating: isKernel ? OwnerCode.kernel : OwnerCode.data, count: blockEnd &- frame)
      } else {
        for one in frame..<blockEnd { setOwner(one, packed: packed) }
      }
      frame = blockEnd
    }
  }

  @usableFromInline @inline(never)
  func setOwnerOutOfLine(_ frame: Int, packed: PackedOwner) {
    setOwner(frame, packed: packed)
  }

  /// Whether any frame of `block` other than `frame` holds a data byte.
  /// Only frames below `dataNext` can: the rest were never handed out (in
  /// a block that is not wide, their bytes are free).
  private func blockHoldsData(_ block: Int, besides frame: Int) -> Bool {
    let first = block &<< OwnerCode.blockShift
    let end = min(first &+ OwnerCode.blockMask &+ 1, dataNext)
    // Eight bytes at a time: a byte equal to `data` makes a zero byte of
    // `word ^ 0x0202…`, which the usual zero-byte test finds. `frame`'s own
    // byte is set to 0xFF first, which the test never flags and which
    // borrows from nothing above it.
    let ones: UInt64 = 0x0101_0101_0101_0101
    var other = first
    while other &+ 8 <= end {
      var word = UnsafeRawPointer(codes + other).loadUnaligned(as: UInt64.self) ^ (ones &* UInt64(OwnerCode.data))
      let position = frame &- other
      if position >= 0 && position < 8 { word |= 0xFF &<< UInt64(position &* 8) }
      if (word &- ones) & ~word & (ones &<< 7) != 0 { return true }
      other &+= 8
    }
    while other < end {
      if other != frame && codes[other] == OwnerCode.data { return true }
      other &+= 1
    }
    return false
  }

  /// Gives `block` 4-byte owner words, from what its bytes said. Its frames
  /// in the table zone have words already; so do those the table zone
  /// reaches later (free, and so 0, until it hands them out).
  private func widen(_ block: Int) {
    let first = block &<< OwnerCode.blockShift
    for frame in first..<min(first &+ OwnerCode.blockMask &+ 1, tableLow) {
      owners[frame] = packedOwner(of: frame)
      codes[frame] = OwnerCode.wide
    }
    blockProcess[block] = OwnerCode.wideBlock
    wideBlocks &+= 1
  }

  /// How many page tables map `frame` (1 for an unshared allocated frame).
  public func shareCount(of frame: FrameNumber) -> Int {
    if case .shared(let mappings) = owner(of: frame) { return mappings }
    return owner(of: frame) == .free ? 0 : 1
  }

  /// The frames ever handed out: the used bottom of the data zone and the
  /// used top of the table zone. Every frame between them is free and
  /// always has been, so walks over memory skip it.
  public var handedOutFrames: (data: Range<FrameNumber>, table: Range<FrameNumber>) {
    let (data, table) = handedOutIndexes
    return (
      FrameNumber(index: data.lowerBound)..<FrameNumber(index: data.upperBound),
      FrameNumber(index: table.lowerBound)..<FrameNumber(index: table.upperBound)
    )
  }

  /// ``handedOutFrames`` as indexes, for loops over the owner stores.
  var handedOutIndexes: (data: Range<Int>, table: Range<Int>) { (0..<dataNext, tableLow..<frameCount) }

  /// Frames in use, by owner.
  ///
  /// - Complexity: O(frames handed out), not O(frames in memory).
  public func ownerCounts() -> [FrameOwner: Int] {
    var counts: [PackedOwner: Int] = [:]
    let (data, table) = handedOutIndexes
    for frame in data where codes[frame] != OwnerCode.free {
      // A wide block's free frames read "wide" too: their word says free.
      let packed = packedOwner(of: frame)
      if !packed.isFree { counts[packed, default: 0] += 1 }
    }
    for frame in table where !owners[frame].isFree { counts[owners[frame], default: 0] += 1 }
    return Dictionary(uniqueKeysWithValues: counts.map { (FrameOwner($0.key), $0.value) })
  }
}
