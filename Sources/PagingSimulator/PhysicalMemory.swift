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
/// bottom. Page-table bytes then live in one dense buffer indexed by distance
/// from the top, so finding a table's bytes is arithmetic, and memory use
/// follows what is mapped: data pages have owners but no stored contents.
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
  let entrySize: Int

  /// Packed ``FrameOwner`` per frame.
  private var owners: [UInt32]
  private var dataNext = 0
  private var dataFree: [Int] = []
  private var tableLow: Int
  private var tableFree: [Int] = []
  /// Page-table pages that had to come from the data zone: frame to slot.
  private var straySlots: [Int: Int] = [:]
  private var strayStorage: [UnsafeMutableRawPointer] = []

  /// Page-table bytes: slot `s` holds frame `frameCount - 1 - s`.
  private(set) var storage: UnsafeMutableRawPointer
  private var storageSlots = 0

  public private(set) var allocatedFrames = 0

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
    guard frames <= 1 << 32 else { throw .unsupported("the simulator handles at most 2^32 frames") }
    frameCount = Int(frames)
    pageSize = 1 << architecture.offsetBits
    entrySize = architecture.entrySize
    owners = [UInt32](repeating: 0, count: frameCount)
    tableLow = frameCount
    storage = UnsafeMutableRawPointer.allocate(byteCount: pageSize * 16, alignment: 64)
    storageSlots = 16
  }

  deinit {
    storage.deallocate()
    for pointer in strayStorage { pointer.deallocate() }
  }

  public func owner(of frame: Int) -> FrameOwner { FrameOwner(packed: owners[frame]) }

  /// How many page tables map `frame` (1 for an unshared allocated frame).
  public func shareCount(of frame: Int) -> Int {
    if case .shared(let mappings) = owner(of: frame) { return mappings }
    return owners[frame] == 0 ? 0 : 1
  }

  /// Frames in use, by owner.
  public func ownerCounts() -> [FrameOwner: Int] {
    var counts: [UInt32: Int] = [:]
    for packed in owners where packed != 0 { counts[packed, default: 0] += 1 }
    return Dictionary(uniqueKeysWithValues: counts.map { (FrameOwner(packed: $0.key), $0.value) })
  }

  // MARK: - Allocation

  /// A zeroed page-table page.
  public func allocatePageTable(process: Int, level: Int) throws(SimulationError) -> Int {
    let frame: Int
    if let reused = tableFree.popLast() {
      frame = reused
    } else if tableLow > dataNext {
      tableLow -= 1
      frame = tableLow
      try growStorage(toSlots: frameCount - tableLow)
    } else if let stray = dataFree.popLast() {
      frame = stray
      let buffer = UnsafeMutableRawPointer.allocate(byteCount: pageSize, alignment: 64)
      strayStorage.append(buffer)
      straySlots[frame] = strayStorage.count - 1
    } else {
      throw .outOfMemory(needed: "a level-\(level) page-table page")
    }
    owners[frame] = FrameOwner.pageTable(process: process, level: level).packed
    allocatedFrames += 1
    tableBytes(frame).initializeMemory(as: UInt8.self, repeating: 0, count: pageSize)
    return frame
  }

  /// A data frame (contents are not simulated).
  public func allocateData(owner: FrameOwner) throws(SimulationError) -> Int {
    let frame: Int
    if let reused = dataFree.popLast() {
      frame = reused
    } else if dataNext < tableLow {
      frame = dataNext
      dataNext += 1
    } else if let reused = tableFree.popLast() {
      frame = reused
    } else {
      throw .outOfMemory(needed: "a data page")
    }
    owners[frame] = owner.packed
    allocatedFrames += 1
    return frame
  }

  /// `count` contiguous data frames starting at a multiple of `count` (a
  /// large page's physical alignment).
  public func allocateContiguousData(count: Int, owner: FrameOwner) throws(SimulationError) -> Int {
    let start = (dataNext + count - 1) / count * count
    guard start + count <= tableLow else {
      throw .outOfMemory(needed: "a \(formatBytes(UInt128(count * pageSize))) large page")
    }
    dataFree.append(contentsOf: dataNext..<start)
    dataNext = start + count
    for frame in start..<(start + count) { owners[frame] = owner.packed }
    allocatedFrames += count
    return start
  }

  /// Records one more page table mapping an allocated data frame. O(1):
  /// the count lives in the frame's owner word.
  public func share(_ frame: Int) throws(SimulationError) {
    let packed = owners[frame]
    guard packed != 0 else { throw .invalid("sharing frame \(frame), which is free") }
    if packed >> 30 == 3 {
      owners[frame] = packed + 1
    } else if packed >> 30 == 1 {
      owners[frame] = FrameOwner.shared(mappings: 2).packed
    } else {
      throw .invalid("sharing frame \(frame), which holds \(owner(of: frame))")
    }
  }

  /// Drops one mapping of a frame; the frame is freed with its last mapping.
  public func release(_ frame: Int) throws(SimulationError) {
    guard frame >= 0, frame < frameCount, owners[frame] != 0 else { throw .doubleFree(frame: UInt64(frame)) }
    if owners[frame] >> 30 == 3, owners[frame] & 0x3FFF_FFFF > 1 {
      owners[frame] -= 1
      return
    }
    owners[frame] = 0
    allocatedFrames -= 1
    if frame >= tableLow || straySlots[frame] != nil {
      tableFree.append(frame)
    } else {
      dataFree.append(frame)
    }
  }

  // MARK: - Page-table bytes

  private func growStorage(toSlots slots: Int) throws(SimulationError) {
    guard slots > storageSlots else { return }
    // Grow by a quarter: keeps unused capacity under 25% of the tables held.
    let newSlots = max(slots, storageSlots + max(storageSlots / 4, 16))
    let bigger = UnsafeMutableRawPointer.allocate(byteCount: newSlots * pageSize, alignment: 64)
    bigger.copyMemory(from: storage, byteCount: storageSlots * pageSize)
    storage.deallocate()
    storage = bigger
    storageSlots = newSlots
  }

  /// The bytes of the page-table page in `frame`.
  @inline(__always)
  func tableBytes(_ frame: Int) -> UnsafeMutableRawPointer {
    if frame >= tableLow { return storage + (frameCount - 1 - frame) * pageSize }
    return strayStorage[straySlots[frame]!]
  }

  /// Whether `frame` holds a page-table page (and so has bytes).
  public func isPageTable(_ frame: Int) -> Bool {
    if case .pageTable = owner(of: frame) { return true }
    return false
  }

  @inline(__always)
  public func entry(inTable frame: Int, at index: Int) -> PageTableEntry {
    let address = tableBytes(frame) + index * entrySize
    switch entrySize {
    case 8: return PageTableEntry(rawValue: address.loadUnaligned(as: UInt64.self))
    case 4: return PageTableEntry(rawValue: UInt64(address.loadUnaligned(as: UInt32.self)))
    case 2: return PageTableEntry(rawValue: UInt64(address.loadUnaligned(as: UInt16.self)))
    default: return PageTableEntry(rawValue: UInt64(address.load(as: UInt8.self)))
    }
  }

  @inline(__always)
  public func setEntry(_ entry: PageTableEntry, inTable frame: Int, at index: Int) {
    let address = tableBytes(frame) + index * entrySize
    switch entrySize {
    case 8: address.storeBytes(of: entry.rawValue, as: UInt64.self)
    case 4: address.storeBytes(of: UInt32(truncatingIfNeeded: entry.rawValue), as: UInt32.self)
    case 2: address.storeBytes(of: UInt16(truncatingIfNeeded: entry.rawValue), as: UInt16.self)
    default: address.storeBytes(of: UInt8(truncatingIfNeeded: entry.rawValue), as: UInt8.self)
    }
  }

  /// The raw bytes of a page-table page, for images and dumps.
  public func bytes(ofTable frame: Int) -> [UInt8] {
    Array(UnsafeRawBufferPointer(start: tableBytes(frame), count: pageSize))
  }

  /// Bytes this object holds for page tables and frame bookkeeping.
  public var footprintBytes: Int {
    storageSlots * pageSize + strayStorage.count * pageSize + owners.capacity * 4
      + (dataFree.capacity + tableFree.capacity) * 8
  }

  /// Bytes of page-table pages currently allocated.
  public var pageTableBytesInUse: Int {
    var tables = 0
    for packed in owners where packed >> 30 == 2 { tables += 1 }
    return tables * pageSize
  }
}
