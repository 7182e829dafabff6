import PagingCore

/// The tables of a memory image as a source for the one tree walk
/// (``TableSource/walkTree(_:level:base:state:_:)``), named by physical
/// address: a root given by hand need not start a page.
///
/// Each table is copied, as far as the image has it, into a buffer kept
/// for its level, aligned for the walk's word loads and in host order. The
/// walk holds one table a level at a time (a parent's entries are read
/// while its children are walked), so one buffer a level is enough.
final class ImageTables: TableSource {
  let image: MemoryImage
  let geometry: TableGeometry
  let codec: EntryCodec
  let entrySize: Int
  let offsetBits: Int
  /// The first byte past the architecture's physical address space.
  let physicalLimit: UInt128
  /// Per level, the bytes of one table and the buffer holding the table
  /// being walked there.
  private let tableByteCounts: [Int]
  private let buffers: [UnsafeMutableRawPointer]

  /// The tables of `image`, in `arch`'s format, of which a walk reads at
  /// most `entryLimit` entries a table: a longer table (only a made-up
  /// architecture with huge pages has one) is given that far, incomplete.
  init(image: MemoryImage, architecture arch: Architecture, codec: EntryCodec, entryLimit: Int) {
    self.image = image
    self.geometry = TableGeometry(arch)
    self.codec = codec
    self.entrySize = arch.entrySize
    self.offsetBits = arch.offsetBits
    self.physicalLimit = UInt128(1) << arch.physicalAddressBits
    let limit = UInt128(entryLimit) * UInt128(arch.entrySize)
    tableByteCounts = arch.levels.indices.map { Int(min(arch.tableBytes(atLevel: $0), limit)) }
    buffers = tableByteCounts.map { .allocate(byteCount: max($0, 8), alignment: 64) }
  }

  deinit {
    for buffer in buffers { buffer.deallocate() }
  }

  /// The entries of the table at `table`: the whole table when the image
  /// has all of it, else the entries before the first one it lacks a byte
  /// of, the table then incomplete.
  func tableEntries(_ table: PhysicalAddress, level: Int) -> TableEntries {
    let buffer = buffers[level]
    let byteCount = tableByteCounts[level]
    // An entry ending past 2^64 - 1 is not in the image, as the byte-wise
    // reads before this walk had it: no byte at 2^64 - 1 is read.
    let room = UInt64.max - table.rawValue
    let wanted = room < UInt64(byteCount) ? Int(room) : byteCount
    let known = image.copyKnownBytes(from: table, count: wanted, into: buffer)
    let count = known / entrySize
    #if _endian(big)
      // The image is little-endian; the walk loads words in host order.
      for index in 0..<count {
        UnsafeMutableRawBufferPointer(start: buffer + index * entrySize, count: entrySize).reverse()
      }
    #endif
    let whole = Int(geometry[level].indexMask) + 1
    return TableEntries(bytes: buffer, start: 0, end: count, isComplete: count == whole)
  }

  /// The table starting in `frame` (a pointer entry names a frame, so a
  /// child table always starts a page).
  func childTable(in frame: FrameNumber) -> PhysicalAddress { frame.address(offsetBits: offsetBits) }

  func frameNumber(of table: PhysicalAddress) -> FrameNumber { table.frame(offsetBits: offsetBits) }

  /// Where a pointer entry naming `frame` leads, from a table whose path
  /// from the root (itself included) is `path`: to a table the walk may
  /// follow, or, for a table it must not, past the physical address space
  /// or back up the tree.
  func child(in frame: FrameNumber, below path: [PhysicalAddress]) -> ChildTable {
    let address = UInt128(frame.rawValue) << offsetBits
    guard address < physicalLimit else { return .pastPhysicalSpace(address) }
    // Below the physical limit, which is at most 2^64.
    let table = PhysicalAddress(UInt64(truncatingIfNeeded: address))
    return path.contains(table) ? .backUpTheTree(table) : .table(table)
  }

  /// What ``child(in:below:)`` finds a pointer entry leads to.
  enum ChildTable {
    /// A table the walk follows.
    case table(PhysicalAddress)
    /// An address past the physical address space, held in 128 bits.
    case pastPhysicalSpace(UInt128)
    /// A table already on the path from the root: following it would loop.
    case backUpTheTree(PhysicalAddress)
  }
}
