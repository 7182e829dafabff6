import PagingCore

/// Simulated physical memory: frames with owners, a `kalloc`/`kfree`-style
/// allocator, and real bytes for every page-table page.
///
/// Page-table pages are taken from the top of memory and data pages from the
/// bottom. Page-table bytes live in fixed-size chunks indexed by distance
/// from the top, so finding a table's bytes is arithmetic, growing never
/// copies, and memory use follows what is mapped: data pages have owners but
/// no stored contents. A data frame's owner is one byte (`OwnerCode`), a
/// table-zone frame's a 4-byte word, so a densely mapped space costs about
/// an eighth more than its bottom-level tables, not half as much again.
///
///     let memory = try PhysicalMemory(architecture: x86_64, bytes: 64 << 20)
///     let root = try memory.allocatePageTable(process: 1, level: 0)
///
/// - Complexity: allocation and freeing are O(1); a large page's frames are
///   O(frames in it).
public final class PhysicalMemory {
  /// The architecture whose tables this memory holds.
  public let architecture: Architecture
  /// The architecture's entry format, worked out once for every walk.
  public let codec: EntryCodec
  /// Frames in memory; frame numbers run from 0 to `frameCount - 1`.
  public let frameCount: Int
  let pageSize: Int
  @usableFromInline let entrySize: Int
  /// Shifts and masks for walking this architecture's tables.
  let geometry: TableGeometry

  // The allocator's state is only ever touched by one access at a time (no
  // method hands out a reference into it), so the dynamic exclusivity checks
  // Swift would put around every use are switched off: they cost more than
  // the work itself on the map, fork and exit paths.

  // The state `allocateData(owner:)`'s fast path touches is
  // `@usableFromInline` so that path can be `@inlinable`: a client module
  // allocating page by page then pays no call per frame. Only this
  // module's code writes it (the allocation, owner and release files, and
  // that inlined path), never a client's own.

  /// Packed ``FrameOwner`` per frame of the table zone (page-table pages,
  /// and data frames taken from there when the data zone is used up), and
  /// of the data-zone frames of "wide" blocks, in memory this object owns
  /// (no copy-on-write checks on the hot paths). Other data-zone frames
  /// keep their owners in `codes`; their words are never touched, so the
  /// host holds no memory for them.
  @usableFromInline let owners: UnsafeMutablePointer<PackedOwner>
  /// The owner of each data-zone frame in one byte (see ``OwnerCode``):
  /// free, the kernel, data of its block's process, shared by up to 252
  /// page tables, or "wide" (its block keeps 4-byte words). A byte rather
  /// than a word because a densely mapped space has a data frame for every
  /// 8 bytes of bottom-level table: 4-byte owners would add half again to
  /// the page tables' size, a byte an eighth.
  @usableFromInline let codes: UnsafeMutablePointer<UInt8>
  /// Per block of `1 << OwnerCode.blockShift` data-zone frames, the process
  /// whose data frames the block's `OwnerCode.data` bytes stand for, or
  /// `OwnerCode.wideBlock` when the block keeps its frames' 4-byte words in
  /// `owners`, at the frames' own indices: a wide frame's owner is one load
  /// away, as a table-zone frame's is. Stored in the words just below
  /// `codes` (see ``BlockProcesses``).
  @inlinable var blockProcess: BlockProcesses { BlockProcesses(codes: codes) }
  /// Blocks that keep words (two processes' data, a page-table page, a
  /// frame shared by more than 252), for the bookkeeping count.
  @exclusivity(unchecked) var wideBlocks = 0
  /// The two zone boundaries in one word: `dataNext` (the next frame the
  /// data zone hands out) in the low 32 bits, `tableLow` (the lowest frame
  /// the table zone has taken) in the high 32; both are at most
  /// `frameCount`, below 2^31. One load answers "is there a fresh data
  /// frame, and which", and one store takes it.
  @usableFromInline @exclusivity(unchecked) var zone: UInt64
  /// The next frame the data zone hands out; frames below it have been.
  @inlinable var dataNext: Int {
    get { Int(truncatingIfNeeded: zone & 0xFFFF_FFFF) }
    set { zone = zone & ~0xFFFF_FFFF | UInt64(truncatingIfNeeded: newValue) & 0xFFFF_FFFF }
  }
  /// The lowest frame of the table zone; frames from it up have been handed out.
  @inlinable var tableLow: Int {
    get { Int(truncatingIfNeeded: zone &>> 32) }
    set { zone = zone & 0xFFFF_FFFF | UInt64(truncatingIfNeeded: newValue) &<< 32 }
  }
  @usableFromInline @exclusivity(unchecked) var dataFree = FrameStack()
  @exclusivity(unchecked) var tableFree = FrameStack()
  /// Page-table pages that had to come from the data zone: frame to slot.
  @exclusivity(unchecked) var straySlots: [Int: Int] = [:]
  @exclusivity(unchecked) var strayStorage: [UnsafeMutableRawPointer] = []
  /// Whether any page-table page lives in the data zone (`straySlots` is
  /// not empty): one flag for the release fast path.
  @exclusivity(unchecked) var hasStrays = false
  /// Roots wider than a page, by first frame: their bytes, all pages in
  /// one buffer (see `PhysicalMemory+WideRoot.swift`).
  @exclusivity(unchecked) var wideRoots: [Int: UnsafeMutableRawPointer] = [:]

  /// Page-table bytes: slot `s` holds frame `frameCount - 1 - s`, in chunk
  /// `s >> chunkShift`.
  @exclusivity(unchecked) var chunks: [UnsafeMutableRawPointer] = []
  let chunkShift: Int
  let chunkMask: Int
  /// Per table-zone slot, the written extent of its page: entries below
  /// `lo` (the low 32 bits) and from `hi` (the high 32 bits) on are zero.
  /// Every store into a table widens it, so walks that look for present
  /// entries read only that stretch (a sparse table's one entry, not the
  /// page), and a reused page is zeroed only there. Stray tables (in the
  /// data zone) keep no extent: they are read and zeroed whole.
  @exclusivity(unchecked) var extents: UnsafeMutablePointer<UInt64>? = nil
  /// Entries in a page: the extent of a page whose contents are unknown.
  let entriesPerPage: Int

  /// Frames in use. Not a counter the hot paths would have to keep: every
  /// frame below `dataNext` or from `tableLow` up has been handed out, and
  /// is either in use or on exactly one free list.
  public var allocatedFrames: Int {
    dataNext &+ (frameCount &- tableLow) &- dataFree.count &- tableFree.count
  }
  @exclusivity(unchecked) var tablePages = 0
  /// Page-table pages released so far. An iterator remembers the count it
  /// last checked against; while it holds, no table it points into can have
  /// been freed and reused, so its inlined map may store without asking.
  /// Kept in memory of its own, whose address never changes: an iterator
  /// holds the address and reads the count with one load in its inlined
  /// map, instead of two dependent loads through this object.
  @usableFromInline let releaseCounter: UnsafeMutablePointer<UInt64>
  var tableReleases: UInt64 { releaseCounter.pointee }

  #if PAGING_INTERNAL_CHECKS
    /// Maps that left the iterator's inlined fast path for `mapSlowly`, so
    /// tests can tell which path a map took (debug builds only).
    var _slowMaps = 0
  #endif

  /// Memory of `bytes` bytes for `architecture`'s tables, every frame free.
  ///
  /// Owner bookkeeping is reserved for every frame but touched only where frames are handed out, so a large memory
  /// costs the host little until it is used.
  ///
  /// - Parameters:
  ///   - architecture: The architecture whose tables, entries and page size the memory holds.
  ///   - bytes: memory size; rounded down to whole frames, and no
  ///     more than the physical address width and entry format can reach.
  /// - Throws: ``SimulationError/invalid(_:)`` when `bytes` is less than a page or more than the architecture's
  ///   entries can address; ``SimulationError/unsupported(_:)`` for pages over 1 GiB, 2^31 frames or more, entry
  ///   widths the codec cannot store, or when the host refuses the bookkeeping.
  public init(architecture: Architecture, bytes: UInt128) throws(SimulationError) {
    self.architecture = architecture
    self.codec = try EntryCodec(architecture)
    guard architecture.offsetBits <= 30 else {
      throw .unsupported("the simulator handles pages up to 1 GiB")
    }
    let frames = bytes >> architecture.offsetBits
    guard frames >= 1 else { throw .invalid("physical memory smaller than one page") }
    let reachable = UInt128(codec.maxFrame.rawValue) + 1
    guard frames <= reachable else {
      throw .invalid(
        "\(formatBytes(bytes)) of physical memory is more than \(architecture.name)'s entries can address (\(formatBytes(reachable << architecture.offsetBits)))"
      )
    }
    guard frames < 1 << 31 else { throw .unsupported("the simulator handles fewer than 2^31 frames") }
    frameCount = Int(frames)
    pageSize = 1 << architecture.offsetBits
    entrySize = architecture.entrySize
    geometry = TableGeometry(architecture)
    // Zeroed (every frame free) by calloc, which for a large memory maps
    // fresh pages the host zeroes on first touch: owner words cost host
    // memory only where frames are handed out (the bottom of the data zone,
    // the top of the table zone), not for the whole simulated memory.
    let blocks = (frameCount >> OwnerCode.blockShift) + 1
    let words = system_calloc(frameCount, MemoryLayout<PackedOwner>.stride)
    let bytes = system_calloc(BlockProcesses.allocationBytes(blocks: blocks, frames: frameCount), 1)
    guard let words, let bytes else {
      // Whichever the host did give goes back: a refused memory leaks nothing.
      system_free(words)
      system_free(bytes)
      throw .unsupported("the host cannot reserve owner bookkeeping for \(frameCount) frames")
    }
    owners = words.bindMemory(to: PackedOwner.self, capacity: frameCount)
    // The block words first, then the bytes: calloc's alignment keeps the
    // words aligned.
    bytes.bindMemory(to: UInt32.self, capacity: blocks)
    codes = (bytes + blocks &* 4).bindMemory(to: UInt8.self, capacity: frameCount)
    zone = UInt64(frameCount) &<< 32
    // Chunks of about 64 KiB (at least one page), so at most one chunk's
    // worth of table bytes is ever held but unused.
    chunkShift = max(0, 16 - architecture.offsetBits)
    chunkMask = (1 << chunkShift) - 1
    entriesPerPage = pageSize / entrySize
    // Last, after every check that can throw, so a refused memory leaks nothing.
    releaseCounter = .allocate(capacity: 1)
    releaseCounter.initialize(to: 0)
  }

  deinit {
    system_free(owners)
    system_free(UnsafeMutableRawPointer(codes) - ((frameCount >> OwnerCode.blockShift) + 1) &* 4)
    for pointer in chunks { pointer.deallocate() }
    system_free(extents)
    for pointer in strayStorage { pointer.deallocate() }
    for pointer in wideRoots.values { pointer.deallocate() }
    releaseCounter.deallocate()
  }

  /// Who holds `frame`, which must be below ``frameCount``.
  ///
  /// - Complexity: O(1).
  public func owner(of frame: FrameNumber) -> FrameOwner {
    precondition(frame.rawValue < UInt64(frameCount), "frame \(frame) is outside memory")
    return FrameOwner(packedOwner(of: frame.index))
  }

  /// The raw bytes of a page-table page, for images and dumps.
  public func bytes(ofTable frame: FrameNumber) -> [UInt8] {
    Array(UnsafeRawBufferPointer(start: tableBytes(frame), count: pageSize))
  }

  /// Bytes this object holds for page tables and frame bookkeeping.
  public var footprintBytes: Int {
    tableStorageBytes + frameBookkeepingBytes
  }

  /// Bytes held for page-table contents: whole chunks and stray pages.
  public var tableStorageBytes: Int {
    (chunks.count << chunkShift) * (pageSize + MemoryLayout<UInt64>.stride) + strayStorage.count * pageSize
      + wideRoots.count * Int(architecture.rootPages) * pageSize
  }

  /// Bytes of per-frame bookkeeping the host holds: the distinct 4 KiB
  /// host pages touched of the owner words (the table zone's, and the 64
  /// words of each wide block) and of the one allocation of block
  /// processes and owner bytes (the words of the blocks handed out and the
  /// bytes of the frames handed out), plus the free lists. What frames
  /// never used would have is never touched. Pages are counted from the
  /// start of each allocation, as if it began a host page.
  ///
  /// - Complexity: O(blocks handed out).
  public var frameBookkeepingBytes: Int {
    let hostPage = 4096
    // The table zone's words: one stretch up to the end of memory.
    var ownerPages = 0
    let firstTablePage = tableLow < frameCount ? tableLow &* 4 / hostPage : Int.max
    if tableLow < frameCount { ownerPages = (frameCount &* 4 &- 1) / hostPage &- firstTablePage &+ 1 }
    // A wide block's 64 words (256 bytes) lie in one host page, which
    // several blocks may share; blocks go up in order, so each page is
    // counted at the first block in it, unless the table zone's has it.
    let usedBlocks = (dataNext &+ OwnerCode.blockMask) &>> OwnerCode.blockShift
    var lastWidePage = -1
    for block in 0..<usedBlocks where blockProcess[block] == OwnerCode.wideBlock {
      let page = (block &<< OwnerCode.blockShift) &* 4 / hostPage
      if page != lastWidePage && page < firstTablePage { ownerPages &+= 1 }
      lastWidePage = page
    }
    // Block words sit below the owner bytes, block 0 highest: the used
    // blocks' words and the used frames' bytes are one stretch.
    var bytePages = 0
    if dataNext > 0 {
      let words = ((frameCount &>> OwnerCode.blockShift) &+ 1) &* 4
      let start = words &- usedBlocks &* 4
      bytePages = (words &+ dataNext &- 1) / hostPage &- start / hostPage &+ 1
    }
    return (ownerPages &+ bytePages) &* hostPage &+ (dataFree.capacity &+ tableFree.capacity) &* 4
  }

  /// Bytes of page-table pages currently allocated.
  public var pageTableBytesInUse: Int { tablePages * pageSize }
}
