/// The process each block of data-zone frames stands for (see
/// `PhysicalMemory.blockProcess`), kept in the words just below the owner
/// bytes of one allocation: block `b` at `codes - 4 * (b + 1)`. One base
/// pointer then serves a frame's owner byte and its block's process, so
/// the data fast path loads one pointer from memory's state, not two.
///
///     blockProcess[frame >> OwnerCode.blockShift]  // the word below codes
@usableFromInline
struct BlockProcesses {
  /// The owner bytes, whose allocation the words sit at the start of.
  @usableFromInline let codes: UnsafeMutablePointer<UInt8>

  @inlinable @inline(__always)
  init(codes: UnsafeMutablePointer<UInt8>) { self.codes = codes }

  /// The process (or `OwnerCode.wideBlock`) of block `block`: the word at
  /// index `~block` (that is, `-block - 1`) from `codes`, memory bound to
  /// `UInt32` when the allocation was made.
  @inlinable
  subscript(block: Int) -> UInt32 {
    @inline(__always) get { words[~block] }
    @inline(__always) nonmutating set { words[~block] = newValue }
  }

  @inlinable var words: UnsafeMutablePointer<UInt32> {
    UnsafeMutableRawPointer(codes).assumingMemoryBound(to: UInt32.self)
  }

  /// Bytes of one allocation holding `blocks` words and then `frames`
  /// owner bytes.
  static func allocationBytes(blocks: Int, frames: Int) -> Int { blocks &* 4 &+ frames }
}
