import PagingCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Simulated physical memory: frames with owners, a `kalloc`/`kfree`-style
/// allocator, and real bytes for every page-table page.
///
/// Page-table pages are taken from the top of memory and data pages from the
/// bottom. Page-table bytes live in fixed-size chunks indexed by distance
/// from the top, so finding a table's bytes is arithmetic, growing never
/// copies, and memory use follows what is mapped: data pages have owners but
/// no stored contents. A data frame's owner is one byte (``OwnerCode``), a
/// table-zone frame's a 4-byte word, so a densely mapped space costs about
/// an eighth more than its bottom-level tables, not half as much again.
///
///     let memory = try PhysicalMemory(architecture: x86_64, bytes: 64 << 20)
///     let root = try memory.allocatePageTable(process: 1, level: 0)
///
/// - Complexity: allocation and freeing are O(1); a large page's frames are
///   O(frames in it).
public final class PhysicalMemory {
  public let architecture: Architecture
  public let codec: EntryCodec
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
  // allocating page by page then pays no call per frame. Only this file
  // writes it.

  /// Packed ``FrameOwner`` per frame of the table zone (page-table pages,
  /// and data frames taken from there when the data zone is used up), in
  /// memory this object owns (no copy-on-write checks on the hot paths).
  /// The data zone's frames keep their owners in `codes` instead.
  @usableFromInline let owners: UnsafeMutablePointer<UInt32>
  /// The owner of each data-zone frame in one byte (see ``OwnerCode``):
  /// free, the kernel, data of its block's process, shared by up to 252
  /// page tables, or "wide" (its block keeps 4-byte words). A byte rather
  /// than a word because a densely mapped space has a data frame for every
  /// 8 bytes of bottom-level table: 4-byte owners would add half again to
  /// the page tables' size, a byte an eighth.
  @usableFromInline let codes: UnsafeMutablePointer<UInt8>
  /// Per block of `1 << OwnerCode.blockShift` data-zone frames, the process
  /// whose data frames the block's `OwnerCode.data` bytes stand for, or
  /// `OwnerCode.wideBlock` when the block keeps words in `wideWords`.
  @usableFromInline let blockProcess: UnsafeMutablePointer<UInt32>
  /// The 4-byte owner words of the blocks a byte cannot describe (two
  /// processes' data, a page-table page, a frame shared by more than 252).
  @exclusivity(unchecked) private var wideWords: [Int: UnsafeMutablePointer<UInt32>] = [:]
  @usableFromInline @exclusivity(unchecked) var dataNext = 0
  @usableFromInline @exclusivity(unchecked) var dataFree = FrameStack()
  @usableFromInline @exclusivity(unchecked) var tableLow: Int
  @exclusivity(unchecked) var tableFree = FrameStack()
  /// Page-table pages that had to come from the data zone: frame to slot.
  @exclusivity(unchecked) private var straySlots: [Int: Int] = [:]
  @exclusivity(unchecked) private var strayStorage: [UnsafeMutableRawPointer] = []
  /// Whether any page-table page lives in the data zone (`straySlots` is
  /// not empty): one flag for the release fast path.
  @exclusivity(unchecked) private var hasStrays = false
  /// Roots wider than a page, by first frame: their bytes, all pages in
  /// one buffer (see `PhysicalMemory+WideRoot.swift`).
  @exclusivity(unchecked) var wideRoots: [Int: UnsafeMutableRawPointer] = [:]

  /// Page-table bytes: slot `s` holds frame `frameCount - 1 - s`, in chunk
  /// `s >> chunkShift`.
  @exclusivity(unchecked) private var chunks: [UnsafeMutableRawPointer] = []
  private let chunkShift: Int
  private let chunkMask: Int
  /// Per table-zone slot, the written extent of its page: entries below
  /// `lo` (the low 32 bits) and from `hi` (the high 32 bits) on are zero.
  /// Every store into a table widens it, so walks that look for present
  /// entries read only that stretch (a sparse table's one entry, not the
  /// page), and a reused page is zeroed only there. Stray tables (in the
  /// data zone) keep no extent: they are read and zeroed whole.
  @exclusivity(unchecked) private var extents: UnsafeMutablePointer<UInt64>? = nil
  /// Entries in a page: the extent of a page whose contents are unknown.
  private let entriesPerPage: Int

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
  @usableFromInline @exclusivity(unchecked) var tableReleases: UInt64 = 0

  /// - Parameter bytes: memory size; rounded down to whole frames, and no
  ///   more than the physical address width and entry format can reach.
  public init(architecture: Architecture, bytes: UInt128) throws(SimulationError) {
    self.architecture = architecture
    self.codec = try EntryCodec(architecture)
    guard architecture.offsetBits <= 30 else {
      throw .unsupported("the simulator handles pages up to 1 GiB")
    }
    let frames = bytes >> architecture.offsetBits
    guard frames >= 1 else { throw .invalid("physical memory smaller than one page") }
    let reachable = UInt128(codec.maxFrame) + 1
    guard frames <= reachable else {
      throw .invalid("\(formatBytes(bytes)) of physical memory is more than \(architecture.name)'s entries can address (\(formatBytes(reachable << architecture.offsetBits)))")
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
    guard let words = calloc(frameCount, MemoryLayout<UInt32>.stride) else {
      throw .unsupported("the host cannot reserve owner words for \(frameCount) frames")
    }
    guard let bytes = calloc(frameCount, 1), let processes = calloc(blocks, MemoryLayout<UInt32>.stride) else {
      free(words)
      throw .unsupported("the host cannot reserve owner bytes for \(frameCount) frames")
    }
    owners = words.bindMemory(to: UInt32.self, capacity: frameCount)
    codes = bytes.bindMemory(to: UInt8.self, capacity: frameCount)
    blockProcess = processes.bindMemory(to: UInt32.self, capacity: blocks)
    tableLow = frameCount
    // Chunks of about 64 KiB (at least one page), so at most one chunk's
    // worth of table bytes is ever held but unused.
    chunkShift = max(0, 16 - architecture.offsetBits)
    chunkMask = (1 << chunkShift) - 1
    entriesPerPage = pageSize / entrySize
  }

  deinit {
    free(owners)
    free(codes)
    free(blockProcess)
    for words in wideWords.values { words.deallocate() }
    dataFree.deallocate()
    tableFree.deallocate()
    for pointer in chunks { pointer.deallocate() }
    free(extents)
    for pointer in strayStorage { pointer.deallocate() }
    for pointer in wideRoots.values { pointer.deallocate() }
  }

  public func owner(of frame: Int) -> FrameOwner {
    precondition(frame >= 0 && frame < frameCount, "frame \(frame) is outside memory")
    return FrameOwner(packed: packedOwner(of: frame))
  }

  // MARK: - Owner storage

  /// The packed owner of `frame` (in memory), wherever it is kept.
  @inline(__always)
  func packedOwner(of frame: Int) -> UInt32 {
    if frame >= tableLow { return owners[frame] }
    let code = codes[frame]
    switch code {
    case OwnerCode.free: return 0
    case OwnerCode.kernel: return FrameOwner.kernel.packed
    case OwnerCode.data: return FrameOwner.dataKind | blockProcess[frame &>> OwnerCode.blockShift]
    case OwnerCode.wide: return wideWords[frame &>> OwnerCode.blockShift].unsafelyUnwrapped[frame & OwnerCode.blockMask]
    default: return FrameOwner.sharedKind | UInt32(code &- OwnerCode.sharedBase)
    }
  }

  /// Records `packed` as the owner of `frame` (in memory): any owner,
  /// anywhere. A data-zone block turns wide when a byte cannot say it.
  func setOwner(_ frame: Int, packed: UInt32) {
    if frame >= tableLow {
      owners[frame] = packed
      return
    }
    let block = frame &>> OwnerCode.blockShift
    if blockProcess[block] == OwnerCode.wideBlock {
      wideWords[block].unsafelyUnwrapped[frame & OwnerCode.blockMask] = packed
      return
    }
    if let code = OwnerCode.narrow(packed, blockProcess: blockProcess[block]) {
      codes[frame] = code
      return
    }
    if packed & FrameOwner.kindMask == FrameOwner.dataKind && !blockHoldsData(block, besides: frame) {
      // The block's data frames are all gone: it can stand for this process.
      blockProcess[block] = packed & FrameOwner.processMask
      codes[frame] = OwnerCode.data
      return
    }
    widen(block)
    wideWords[block].unsafelyUnwrapped[frame & OwnerCode.blockMask] = packed
  }

  /// Records a data owner (the kernel, or `FrameOwner.data`) for a frame
  /// of the data zone: one byte when the frame's block stands for that
  /// process already, `setOwner` otherwise.
  @inlinable @inline(__always)
  func setDataOwner(_ frame: Int, packed: UInt32) {
    if packed == FrameOwner.kernel.packed {
      if blockProcess[frame &>> OwnerCode.blockShift] != OwnerCode.wideBlock {
        codes[frame] = OwnerCode.kernel
        return
      }
    } else if blockProcess[frame &>> OwnerCode.blockShift] == packed & FrameOwner.processMask {
      codes[frame] = OwnerCode.data
      return
    }
    setOwnerOutOfLine(frame, packed: packed)
  }

  /// `setDataOwner` for a run of frames: a fill of their bytes a block at
  /// a time where the block stands for the owner's process (or can start
  /// to), the one-frame path elsewhere.
  private func setDataOwners(_ frames: Range<Int>, packed: UInt32) {
    let isKernel = packed == FrameOwner.kernel.packed
    let process = packed & FrameOwner.processMask
    var frame = frames.lowerBound
    while frame < frames.upperBound {
      let block = frame &>> OwnerCode.blockShift
      let blockEnd = min((block &+ 1) &<< OwnerCode.blockShift, frames.upperBound)
      if !isKernel && blockProcess[block] != process && blockProcess[block] != OwnerCode.wideBlock
        && !blockHoldsData(block, besides: frame) {
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
  func setOwnerOutOfLine(_ frame: Int, packed: UInt32) {
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

  /// Gives `block` 4-byte owner words, from what its bytes said.
  private func widen(_ block: Int) {
    let words = UnsafeMutablePointer<UInt32>.allocate(capacity: OwnerCode.blockMask &+ 1)
    let first = block &<< OwnerCode.blockShift
    for slot in 0...OwnerCode.blockMask {
      let frame = first &+ slot
      words[slot] = frame < tableLow ? packedOwner(of: frame) : 0
      if frame < tableLow { codes[frame] = OwnerCode.wide }
    }
    wideWords[block] = words
    blockProcess[block] = OwnerCode.wideBlock
  }

  /// How many page tables map `frame` (1 for an unshared allocated frame).
  public func shareCount(of frame: Int) -> Int {
    if case .shared(let mappings) = owner(of: frame) { return mappings }
    return owner(of: frame) == .free ? 0 : 1
  }

  /// The frames ever handed out: the used bottom of the data zone and the
  /// used top of the table zone. Every frame between them is free and
  /// always has been, so walks over memory skip it.
  public var handedOutFrames: (data: Range<Int>, table: Range<Int>) {
    (0..<dataNext, tableLow..<frameCount)
  }

  /// Frames in use, by owner.
  ///
  /// - Complexity: O(frames handed out), not O(frames in memory).
  public func ownerCounts() -> [FrameOwner: Int] {
    var counts: [UInt32: Int] = [:]
    let (data, table) = handedOutFrames
    for frame in data where codes[frame] != OwnerCode.free {
      // A wide block's free frames read "wide" too: their word says free.
      let packed = packedOwner(of: frame)
      if packed != 0 { counts[packed, default: 0] += 1 }
    }
    for frame in table where owners[frame] != 0 { counts[owners[frame], default: 0] += 1 }
    return Dictionary(uniqueKeysWithValues: counts.map { (FrameOwner(packed: $0.key), $0.value) })
  }

  // MARK: - Allocation

  /// A zeroed page-table page.
  public func allocatePageTable(process: Int, level: Int) throws(SimulationError) -> Int {
    // The owner word holds a 24-bit process id and a 6-bit level: anything
    // wider would be packed into another owner (issue 9: 1 << 24 read back
    // as the kernel's).
    guard (0..<(1 << 24)).contains(process), (0..<64).contains(level) else {
      throw .invalid("a page-table page belongs to a process with an id below 2^24 at a level below 64, not process \(process) level \(level)")
    }
    if level == 0 && architecture.rootPages > 1 { return try allocateWideRoot(process: process) }
    let frame: Int
    if let reused = tableFree.pop() {
      frame = reused
    } else if tableLow > dataNext {
      try growStorage(toSlots: frameCount - tableLow + 1)
      tableLow -= 1
      frame = tableLow
    } else if let stray = dataFree.pop() {
      frame = stray
      let buffer = UnsafeMutableRawPointer.allocate(byteCount: pageSize, alignment: 64)
      strayStorage.append(buffer)
      straySlots[frame] = strayStorage.count - 1
      hasStrays = true
    } else {
      throw .outOfMemory(needed: "a level-\(level) page-table page")
    }
    setOwner(frame, packed: FrameOwner.pageTable(process: process, level: level).packed)
    tablePages += 1
    let bytes = tableBytes(frame)
    if frame >= tableLow {
      // Zero only what the page's last use wrote (all of a new page).
      let slot = frameCount &- 1 &- frame
      let extent = extents.unsafelyUnwrapped[slot]
      let (lo, hi) = (Int(truncatingIfNeeded: extent & 0xFFFF_FFFF), Int(truncatingIfNeeded: extent &>> 32))
      if lo < hi {
        (bytes + lo &* entrySize).initializeMemory(as: UInt8.self, repeating: 0, count: (hi &- lo) &* entrySize)
      }
      extents.unsafelyUnwrapped[slot] = Self.emptyExtent
    } else {
      bytes.initializeMemory(as: UInt8.self, repeating: 0, count: pageSize)
    }
    return frame
  }

  /// A data frame (contents are not simulated) for `owner`: the kernel or
  /// a process's data (frames of other kinds come from their own calls).
  @inlinable @inline(__always)
  public func allocateData(owner: FrameOwner) throws(SimulationError) -> Int {
    // Any other owner packs to 0 here, which only the slow path looks at.
    let packed = owner.packedDataOwner ?? 0
    if packed != 0, let frame = allocateDataQuickly(packed: packed) { return frame }
    return try allocateDataSlowly(owner: owner)
  }

  /// `allocateData(owner:)` past its inlined fast path: a bad owner, a frame
  /// from the table zone, or none left.
  @usableFromInline @inline(never)
  func allocateDataSlowly(owner: FrameOwner) throws(SimulationError) -> Int {
    guard let packed = owner.packedDataOwner else { throw Self.notADataOwner(owner) }
    return try allocateData(packed: packed)
  }

  static func notADataOwner(_ owner: FrameOwner) -> SimulationError {
    .invalid("a data frame belongs to the kernel or to a process (id below 2^24), not to \(owner)")
  }

  /// A frame from the free list or the bottom of the data zone, or nil.
  @inlinable @inline(__always)
  func allocateDataQuickly(packed: UInt32) -> Int? {
    let frame: Int
    if let reused = dataFree.pop() {
      frame = reused
    } else if dataNext < tableLow {
      frame = dataNext
      dataNext &+= 1
    } else {
      return nil
    }
    setDataOwner(frame, packed: packed)
    return frame
  }

  /// `allocateData(owner:)` with the owner already packed: the common case
  /// (a frame from the free list or the bottom of the data zone) inline.
  @inlinable @inline(__always)
  func allocateData(packed: UInt32) throws(SimulationError) -> Int {
    if let frame = allocateDataQuickly(packed: packed) { return frame }
    return try allocateDataFromTableZone(packed: packed)
  }

  @usableFromInline @inline(never)
  func allocateDataFromTableZone(packed: UInt32) throws(SimulationError) -> Int {
    guard let frame = tableFree.pop() else { throw .outOfMemory(needed: "a data page") }
    setOwner(frame, packed: packed)
    return frame
  }

  /// Whether ``reserveDataRun(count:packed:)`` or
  /// ``reserveFreedRun(count:packed:)`` has frames to give.
  var hasDataRunFrames: Bool { dataFree.count > 0 || dataNext < tableLow }

  /// Up to `count` data frames at once, for a loop that maps them one by
  /// one: the next frames of the data zone, exactly those (in that order)
  /// `count` calls of `allocateData` would hand out, with their owners
  /// written in one pass. Nil when the free list holds frames (they go
  /// first: see ``reserveFreedRun(count:packed:)``) or the data zone is
  /// used up.
  ///
  /// The run is the caller's to use up before anything else allocates, or
  /// to hand back unused with ``returnDataRun(_:)``: a page-table page
  /// taken meanwhile could have needed one of its frames.
  ///
  /// - Complexity: O(frames in the run), a fill of their owner bytes.
  @inline(__always)
  func reserveDataRun(count: Int, packed: UInt32) -> Range<Int>? {
    guard dataFree.count == 0 else { return nil }
    let start = dataNext
    let end = min(start &+ count, tableLow)
    guard end > start else { return nil }
    // Owners first: the blocks' earlier frames are those below `dataNext`.
    setDataOwners(start..<end, packed: packed)
    dataNext = end
    return start..<end
  }

  /// Gives back the unused tail of the last ``reserveDataRun(count:packed:)``
  /// (`frames` must end where the run ended, and nothing may have been
  /// allocated since): memory is as if those frames were never handed out.
  func returnDataRun(_ frames: Range<Int>) {
    guard !frames.isEmpty else { return }
    precondition(frames.upperBound == dataNext, "returnDataRun: frames \(frames) are not the end of the last run")
    for frame in frames { setOwner(frame, packed: 0) }
    dataNext = frames.lowerBound
  }

  /// Up to `count` frames from the free list at once, owners written:
  /// the top of the stack, which `allocateData` would hand out from the
  /// last element of the buffer back to the first. Nil when the list is
  /// empty. The same terms as ``reserveDataRun(count:packed:)``: the
  /// caller uses the frames up, or gives back the first `unused` of the
  /// buffer with ``returnFreedRun(_:unused:)`` before anything else
  /// allocates or frees.
  ///
  /// - Complexity: O(frames in the run).
  @inline(__always)
  func reserveFreedRun(count: Int, packed: UInt32) -> UnsafeBufferPointer<Int32>? {
    let taken = min(count, dataFree.count)
    guard taken > 0 else { return nil }
    dataFree.count &-= taken
    let run = UnsafeBufferPointer(start: dataFree.base.unsafelyUnwrapped + dataFree.count, count: taken)
    for frame in run { setDataOwner(Int(frame), packed: packed) }
    return run
  }

  /// Puts the first `unused` frames of the last freed run back on the free
  /// list (they are still where the list keeps them), as if never taken.
  func returnFreedRun(_ run: UnsafeBufferPointer<Int32>, unused: Int) {
    guard unused > 0 else { return }
    precondition(run.baseAddress == dataFree.base.map { UnsafePointer($0 + dataFree.count) },
                 "returnFreedRun: the run is not the top of the free list")
    for frame in run.prefix(unused) { setOwner(Int(frame), packed: 0) }
    dataFree.count &+= unused
  }

  /// `count` contiguous data frames starting at a multiple of `count` (a
  /// large page's physical alignment).
  public func allocateContiguousData(count: Int, owner: FrameOwner) throws(SimulationError) -> Int {
    guard let packed = owner.packedDataOwner else { throw Self.notADataOwner(owner) }
    guard count > 0, count <= tableLow else {
      throw .outOfMemory(needed: counted(count, "contiguous data frame"))
    }
    let start = (dataNext + count - 1) / count * count
    guard start + count <= tableLow else {
      throw .outOfMemory(needed: "a \(formatBytes(UInt128(count * pageSize))) large page")
    }
    for frame in dataNext..<start { try dataFree.push(frame) }
    setDataOwners(start..<(start + count), packed: packed)
    dataNext = start + count
    return start
  }

  /// Records one more page table mapping an allocated data frame. O(1):
  /// the count lives in the frame's owner byte (or word).
  @inline(__always)
  public func share(_ frame: Int) throws(SimulationError) {
    if ownerBytes.shareQuickly(frame) { return }
    try shareSlowly(frame)
  }

  @inline(never)
  private func shareSlowly(_ frame: Int) throws(SimulationError) {
    guard frame >= 0, frame < frameCount else { throw .invalid("sharing frame \(frame), which is outside memory") }
    let packed = packedOwner(of: frame)
    guard packed != 0 else { throw .invalid("sharing frame \(frame), which is free") }
    if packed & FrameOwner.kindMask == FrameOwner.sharedKind {
      guard packed & ~FrameOwner.kindMask < ~FrameOwner.kindMask else { throw .invalid("sharing frame \(frame), which is shared too often") }
      setOwner(frame, packed: packed + 1)
    } else if packed & FrameOwner.kindMask == FrameOwner.dataKind {
      setOwner(frame, packed: FrameOwner.shared(mappings: 2).packed)
    } else {
      throw .invalid("sharing frame \(frame), which holds \(owner(of: frame))")
    }
  }

  /// Drops one mapping of a frame; the frame is freed with its last mapping.
  /// The common cases (a shared frame keeps other mappings, or a data frame
  /// of the data zone goes back to its free list) are inline.
  @inline(__always)
  public func release(_ frame: Int) throws(SimulationError) {
    if UInt(bitPattern: frame) < UInt(frameCount) {
      // A data-zone frame's byte. A table-zone frame's is free, or "wide"
      // if its block was widened before the table zone reached it: neither
      // passes the tests below, so the full call looks at its word.
      let code = codes[frame]
      if OwnerCode.isSharedWithOthers(code) {
        codes[frame] = code &- 1  // shared, with another mapping left
        return
      }
      if OwnerCode.isLastMapping(code) && !hasStrays {
        // Data, or shared by this mapping alone: back to the free list.
        codes[frame] = OwnerCode.free
        try dataFree.push(frame)
        return
      }
    }
    try releaseSlowly(frame)
  }

  @inline(never)
  private func releaseSlowly(_ frame: Int) throws(SimulationError) {
    guard frame >= 0, frame < frameCount else { throw .doubleFree(frame: UInt64(frame)) }
    let packed = packedOwner(of: frame)
    guard packed != 0 else { throw .doubleFree(frame: UInt64(frame)) }
    let kind = packed >> 30
    if kind == 3, packed & 0x3FFF_FFFF > 1 {
      setOwner(frame, packed: packed - 1)
      return
    }
    if kind == 2, try releaseWideRoot(frame) { return }
    setOwner(frame, packed: 0)
    // Page-table frames go back to the table list (they own storage); the
    // dictionary is consulted only when stray tables exist at all.
    if kind == 2 {
      tablePages -= 1
      tableReleases &+= 1
      try tableFree.push(frame)
    } else if frame >= tableLow || (hasStrays && straySlots[frame] != nil) {
      try tableFree.push(frame)
    } else {
      try dataFree.push(frame)
    }
  }

  // MARK: - Batch operations
  //
  // The bulk of fork and exit, with the allocator's state held in
  // locals for a whole table and the rare cases handed to the one-frame
  // functions above, so every frame ends up exactly as they would leave it.

  /// Drops one mapping of every user page the bottom-level table at
  /// `bytes` maps in entries `start ..< count` (the rest being empty):
  /// exit's bulk. Each frame ends as `release(_:)` leaves it, and the same
  /// errors are thrown.
  func releaseUserLeaves(_ bytes: UnsafeMutableRawPointer, from start: Int, count: Int) throws(SimulationError) {
    guard start < count else { return }
    let (leafMask, leafValue, userBit) = (codec.bottomLeafMask, codec.bottomLeafValue, codec.user)
    // A user page is `raw & leafMask == leafValue && raw & userBit != 0`:
    // one test of the word once the user bit joins the mask (when no
    // entry can pass, there is nothing to do).
    // (A format without a user bit makes every leaf the user's.)
    if (userBit == 0 && !codec.userIsImplicit) || (leafMask & userBit != 0 && leafValue & userBit == 0) { return }
    let (userMask, userValue) = (leafMask | userBit, leafValue | userBit)
    let (frameShift, frameMask) = (codec.frameShift, codec.frameMask)
    // At most `count` frames go back to the free list: room for them now,
    // so the loop pushes with a store.
    try dataFree.reserve(count &- start)
    let codes = self.codes
    let frameCount = UInt(self.frameCount)
    if entrySize == 8 {
      return try releaseUserLeaves8(bytes.assumingMemoryBound(to: UInt64.self), from: start, count: count,
                                    userMask: userMask, userValue: userValue)
    }
    let tableLow = self.tableLow
    let dataZoneOnly = !hasStrays
    var stack = dataFree.base.unsafelyUnwrapped
    var top = dataFree.count
    do throws(SimulationError) {
      try forEachPresent(bytes, from: start, count: count, size: entrySize, present: codec.present) { (_, raw) throws(SimulationError) in
        guard raw & userMask == userValue else { return }
        let frame = Int(truncatingIfNeeded: (raw &>> frameShift) & frameMask)
        if UInt(bitPattern: frame) < frameCount && frame < tableLow {
          let code = codes[frame]
          // Shared with another mapping left.
          if OwnerCode.isSharedWithOthers(code) {
            codes[frame] = code &- 1
            return
          }
          // Data, or a last shared mapping: a data-zone frame.
          if OwnerCode.isLastMapping(code) && dataZoneOnly {
            codes[frame] = OwnerCode.free
            stack[top] = Int32(truncatingIfNeeded: frame)
            top &+= 1
            return
          }
        }
        // The rare cases, with the state written back first.
        dataFree.count = top
        try releaseSlowly(frame)
        stack = dataFree.base.unsafelyUnwrapped
        top = dataFree.count
      }
    } catch {
      dataFree.count = top
      throw error
    }
    dataFree.count = top
  }

  /// `releaseUserLeaves` for 8-byte entries, the usual case: a plain loop
  /// for the common cases (`releaseUserLeavesQuickly`, with no call inside,
  /// so its values stay in registers), and `releaseSlowly` for each entry
  /// it stops at. Room for `count` pushes is reserved by the caller.
  private func releaseUserLeaves8(_ words: UnsafeMutablePointer<UInt64>, from first: Int, count: Int,
                                  userMask: UInt64, userValue: UInt64) throws(SimulationError) {
    var index = first
    while true {
      index = releaseUserLeavesQuickly(words, from: index, count: count, userMask: userMask, userValue: userValue)
      guard index < count else { return }
      try releaseSlowly(Int(truncatingIfNeeded: codec.frame(of: words[index])))
      index &+= 1
    }
  }

  /// The common cases of `releaseUserLeaves8` from entry `first` on, with
  /// the free-list top in a register. Returns the index of the first user
  /// page it cannot release itself (left untouched), or `count`, with the
  /// state written back.
  @inline(never)
  private func releaseUserLeavesQuickly(_ words: UnsafeMutablePointer<UInt64>, from first: Int, count: Int,
                                        userMask: UInt64, userValue: UInt64) -> Int {
    let (frameShift, frameMask) = (codec.frameShift, codec.frameMask)
    let present = codec.present
    let codes = self.codes
    // A frame below `limit` is a data-zone frame (and so in memory); none
    // is when stray tables exist, so every frame then takes the slow path
    // (which checks the strays). One bound for both fast cases.
    let limit = UInt64(hasStrays ? 0 : tableLow)
    let stack = dataFree.base.unsafelyUnwrapped
    var top = dataFree.count
    var index = first
    while index < count {
      let raw = words[index]
      if raw & userMask != userValue {
        // No user page here. A group of eight empty entries is passed with
        // one test of their OR (only a group that starts empty is tested
        // whole, so a table of user pages pays nothing for it).
        if index & 7 == 0, index &+ 8 <= count {
          let any = (raw | words[index &+ 1]) | (words[index &+ 2] | words[index &+ 3])
            | (words[index &+ 4] | words[index &+ 5]) | (words[index &+ 6] | words[index &+ 7])
          if any & present == 0 {
            index &+= 8
            continue
          }
        }
        index &+= 1
        continue
      }
      let frame = (raw &>> frameShift) & frameMask
      if frame < limit {
        let code = codes[Int(truncatingIfNeeded: frame)]
        // Shared with another mapping left.
        if OwnerCode.isSharedWithOthers(code) {
          codes[Int(truncatingIfNeeded: frame)] = code &- 1
          index &+= 1
          continue
        }
        // Data, or a last shared mapping.
        if OwnerCode.isLastMapping(code) {
          codes[Int(truncatingIfNeeded: frame)] = OwnerCode.free
          stack[top] = Int32(truncatingIfNeeded: frame)
          top &+= 1
          index &+= 1
          continue
        }
      }
      break  // a rare case, for `releaseSlowly`
    }
    dataFree.count = top
    return index
  }

  /// `release(_:)` for a page-table page: the common case (a table of the
  /// table zone) inline, anything else the long way.
  @inline(__always)
  func releaseTable(_ frame: Int) throws(SimulationError) {
    if UInt(bitPattern: frame) < UInt(frameCount), frame >= tableLow, owners[frame] >> 30 == 2 {
      owners[frame] = 0
      tablePages &-= 1
      tableReleases &+= 1
      try tableFree.push(frame)
      return
    }
    try releaseSlowly(frame)
  }

  /// The owner bytes, for loops that share many frames (see
  /// ``OwnerBytes/shareQuickly(_:)``).
  var ownerBytes: OwnerBytes { OwnerBytes(codes: codes, count: UInt(frameCount)) }

  // MARK: - Page-table bytes

  private func growStorage(toSlots slots: Int) throws(SimulationError) {
    let before = chunks.count << chunkShift
    guard before < slots else { return }
    // The extents first: if the host refuses them, nothing has changed.
    let after = ((slots + (1 << chunkShift) - 1) >> chunkShift) << chunkShift
    guard let grown = realloc(extents, after * MemoryLayout<UInt64>.stride) else {
      throw .unsupported("the host has no memory left for the extents of \(after) page-table pages")
    }
    while chunks.count << chunkShift < slots {
      chunks.append(UnsafeMutableRawPointer.allocate(byteCount: pageSize << chunkShift, alignment: 64))
    }
    extents = grown.bindMemory(to: UInt64.self, capacity: after)
    // New pages hold whatever the host gave: the whole page is written.
    (extents.unsafelyUnwrapped + before).initialize(repeating: UInt64(entriesPerPage) << 32, count: after - before)
  }

  /// An extent with nothing written (`lo` above `hi`).
  static var emptyExtent: UInt64 { 0xFFFF_FFFF }

  /// The entries of the table in `frame` that may be non-zero, clipped to
  /// its first `count`: `lo ..< hi` (empty when `lo >= hi`).
  @inline(__always)
  func extent(ofTable frame: Int, count: Int) -> (lo: Int, hi: Int) {
    guard frame >= tableLow else { return (0, count) }
    let extent = extents.unsafelyUnwrapped[frameCount &- 1 &- frame]
    return (Int(truncatingIfNeeded: extent & 0xFFFF_FFFF), min(count, Int(truncatingIfNeeded: extent &>> 32)))
  }

  /// Records a store into entries `lo ..< hi` of the table in `frame`.
  @inline(__always)
  func noteWritten(table frame: Int, from lo: Int, to hi: Int) {
    guard frame >= tableLow, lo < hi else { return }
    let slot = frameCount &- 1 &- frame
    let extent = extents.unsafelyUnwrapped[slot]
    let newLo = min(extent & 0xFFFF_FFFF, UInt64(truncatingIfNeeded: lo))
    let newHi = max(extent &>> 32, UInt64(truncatingIfNeeded: hi))
    extents.unsafelyUnwrapped[slot] = newHi &<< 32 | newLo
  }

  /// Records a store into entry `index` of the table in `frame`.
  @inline(__always)
  func noteWritten(table frame: Int, at index: Int) {
    noteWritten(table: frame, from: index, to: index &+ 1)
  }

  /// Records that any entry of the table in `frame` may be written (the
  /// iterator's inlined map stores without recording).
  @inline(__always)
  func noteWrittenWhole(table frame: Int) {
    noteWritten(table: frame, from: 0, to: entriesPerPage)
  }

  /// The bytes of the page-table page in `frame`.
  @inline(__always)
  func tableBytes(_ frame: Int) -> UnsafeMutableRawPointer {
    if frame >= tableLow {
      let slot = frameCount - 1 - frame
      return chunks[slot >> chunkShift] + (slot & chunkMask) * pageSize
    }
    return bytesOutsideTableZone(frame)
  }

  @inline(never)
  private func bytesOutsideTableZone(_ frame: Int) -> UnsafeMutableRawPointer {
    if let slot = straySlots[frame] { return strayStorage[slot] }
    guard let bytes = wideRootBytes(frame) else { preconditionFailure("frame \(frame) holds no page table") }
    return bytes
  }

  /// Whether `frame` holds a page-table page (and so has bytes).
  public func isPageTable(_ frame: Int) -> Bool {
    if case .pageTable = owner(of: frame) { return true }
    return false
  }

  @inline(__always)
  public func entry(inTable frame: Int, at index: Int) -> PageTableEntry {
    entry(at: tableBytes(frame), index: index)
  }

  /// Entry `index` of the table whose bytes start at `bytes`: for walks that
  /// read a whole table, finding its bytes once.
  @inline(__always)
  func entry(at bytes: UnsafeMutableRawPointer, index: Int) -> PageTableEntry {
    PageTableEntry(rawValue: loadEntry(bytes, index: index, size: entrySize))
  }

  @inline(__always)
  public func setEntry(_ entry: PageTableEntry, inTable frame: Int, at index: Int) {
    setEntry(entry, at: tableBytes(frame), index: index)
    noteWritten(table: frame, at: index)
  }

  /// Stores entry `index` of the table whose bytes start at `bytes`.
  @inlinable @inline(__always)
  func setEntry(_ entry: PageTableEntry, at bytes: UnsafeMutableRawPointer, index: Int) {
    storeEntry(entry.rawValue, bytes, index: index, size: entrySize)
  }

  /// The raw bytes of a page-table page, for images and dumps.
  public func bytes(ofTable frame: Int) -> [UInt8] {
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

  /// Bytes of per-frame bookkeeping the host holds: the owner bytes and
  /// block processes of the data frames handed out, the owner words of the
  /// table zone's (whole 4 KiB host pages of each; what frames never used
  /// would have is never touched), the words of wide blocks, and the free
  /// lists.
  public var frameBookkeepingBytes: Int {
    let hostPage = 4096
    func pages(_ bytes: Int) -> Int { (bytes + hostPage - 1) / hostPage * hostPage }
    // The table zone's words end at the end of memory, not on a host page:
    // one page more may be touched there.
    let tableWords = min(frameCount * 4, pages((frameCount - tableLow) * 4) + (tableLow < frameCount ? hostPage : 0))
    let dataBytes = pages(dataNext) + pages(((dataNext + OwnerCode.blockMask) >> OwnerCode.blockShift) * 4)
    let wide = wideWords.count * (OwnerCode.blockMask + 1) * 4
    return tableWords + dataBytes + wide + (dataFree.capacity + tableFree.capacity) * 4
  }

  /// Bytes of page-table pages currently allocated.
  public var pageTableBytesInUse: Int { tablePages * pageSize }
}

/// A stack of frame numbers in memory it manages itself: push and pop are a
/// store or a load, with no copy-on-write checks. The owner frees it.
/// It grows with `realloc`, which moves large blocks by remapping them
/// rather than copying, and batch loops reserve room once and then store.
@usableFromInline
struct FrameStack {
  @usableFromInline var base: UnsafeMutablePointer<Int32>? = nil
  @usableFromInline var count = 0
  private(set) var capacity = 0

  @inline(__always)
  mutating func push(_ frame: Int) throws(SimulationError) {
    if count == capacity { try grow(toAtLeast: count + 1) }
    base.unsafelyUnwrapped[count] = Int32(truncatingIfNeeded: frame)
    count += 1
  }

  @inlinable @inline(__always)
  mutating func pop() -> Int? {
    guard count > 0 else { return nil }
    count -= 1
    return Int(base.unsafelyUnwrapped[count])
  }

  /// Room for `extra` more pushes without growing.
  @inline(__always)
  mutating func reserve(_ extra: Int) throws(SimulationError) {
    if capacity - count < extra { try grow(toAtLeast: count + extra) }
  }

  @inline(never)
  private mutating func grow(toAtLeast needed: Int) throws(SimulationError) {
    var larger = max(64, capacity * 2)
    while larger < needed { larger *= 2 }
    guard let storage = realloc(base, larger * MemoryLayout<Int32>.stride) else {
      throw .unsupported("the host has no memory left for a free list of \(larger) frames")
    }
    base = storage.bindMemory(to: Int32.self, capacity: larger)
    capacity = larger
  }

  func deallocate() { free(base) }
}

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

/// Entry `index`, `size` bytes wide, of the table at `bytes`. With `size`
/// held in a local by the caller, the switch is one predictable branch.
@inlinable @inline(__always)
func loadEntry(_ bytes: UnsafeMutableRawPointer, index: Int, size: Int) -> UInt64 {
  // 8-byte entries (x86-64, ARMv8, RISC-V) first: one compare on their path.
  if size == 8 { return bytes.load(fromByteOffset: index &<< 3, as: UInt64.self) }
  switch size {
  case 8: return bytes.load(fromByteOffset: index &<< 3, as: UInt64.self)
  case 4: return UInt64(bytes.load(fromByteOffset: index &<< 2, as: UInt32.self))
  case 2: return UInt64(bytes.load(fromByteOffset: index &<< 1, as: UInt16.self))
  default: return UInt64(bytes.load(fromByteOffset: index, as: UInt8.self))
  }
}

/// Stores `raw` as entry `index`, `size` bytes wide, of the table at `bytes`.
@inlinable @inline(__always)
func storeEntry(_ raw: UInt64, _ bytes: UnsafeMutableRawPointer, index: Int, size: Int) {
  if size == 8 { return bytes.storeBytes(of: raw, toByteOffset: index &<< 3, as: UInt64.self) }
  switch size {
  case 8: bytes.storeBytes(of: raw, toByteOffset: index &<< 3, as: UInt64.self)
  case 4: bytes.storeBytes(of: UInt32(truncatingIfNeeded: raw), toByteOffset: index &<< 2, as: UInt32.self)
  case 2: bytes.storeBytes(of: UInt16(truncatingIfNeeded: raw), toByteOffset: index &<< 1, as: UInt16.self)
  default: bytes.storeBytes(of: UInt8(truncatingIfNeeded: raw), toByteOffset: index, as: UInt8.self)
  }
}

/// Calls `body` with the index and raw word of every entry of the table at
/// `bytes` whose `present` bit is set, from `start` up to `count`, in order. With 8-byte entries a
/// group of eight empty entries costs one test of their OR, so sparse
/// tables are passed over a cache line at a time.
@inline(__always)
func forEachPresent<E: Error>(_ bytes: UnsafeMutableRawPointer, from start: Int = 0, count: Int, size: Int,
                              present: UInt64, _ body: (Int, UInt64) throws(E) -> Void) throws(E) {
  if size == 8 {
    let words = bytes.assumingMemoryBound(to: UInt64.self)
    var group = start
    while group < count {
      let end = min(group &+ 8, count)
      // Only a group that starts empty is tested whole: dense tables pay
      // one extra test per eight entries.
      if end &- group == 8 && words[group] & present == 0 {
        let any = (words[group] | words[group &+ 1]) | (words[group &+ 2] | words[group &+ 3])
          | (words[group &+ 4] | words[group &+ 5]) | (words[group &+ 6] | words[group &+ 7])
        if any & present == 0 {
          group = end
          continue
        }
      }
      var index = group
      while index < end {
        let raw = words[index]
        if raw & present != 0 { try body(index, raw) }
        index &+= 1
      }
      group = end
    }
  } else {
    var index = start
    while index < count {
      defer { index &+= 1 }
      let raw = loadEntry(bytes, index: index, size: size)
      if raw & present != 0 { try body(index, raw) }
    }
  }
}
