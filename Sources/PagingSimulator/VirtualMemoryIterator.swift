import PagingCore

/// Walks one page table address by address, in the spirit of WeensyOS's
/// `vmiter`: read what an address maps to, step through the address space,
/// skip unmapped stretches whole, and map or unmap pages.
///
///     var it = VirtualMemoryIterator(memory: memory, root: root, process: 1)
///     while !it.isAtEnd {
///       if let pa = it.physicalAddress { print(it.address, pa, it.permissions) }
///       it.nextMapped()
///     }
///
/// Addresses are translated addresses (the low `virtualAddressBits` of a
/// pointer). The iterator remembers the table it found the current entry
/// in, so stepping within one table costs no new walk.
///
/// - Complexity: `move(to:)` is O(levels); `next()` is O(1) within a table,
///   O(levels) across tables; `nextMapped()` is proportional to the entries
///   it passes at the highest level that is empty, never to the pages skipped.
public struct VirtualMemoryIterator {
  public let memory: PhysicalMemory
  public let root: Int
  public let process: Int
  /// Shared with `memory`: the iterator stays a few words, cheap to copy.
  let geometry: TableGeometry
  @inline(__always) var codec: EntryCodec { memory.codec }

  /// The current translated virtual address.
  public private(set) var address: UInt64 = 0
  /// True once the iterator has stepped past the top of the address space.
  public private(set) var isAtEnd = false
  /// The level of the entry that decides `address` (its leaf, or the first
  /// entry that is not present).
  public private(set) var level = 0
  /// The table holding that entry, and its index there.
  private(set) var table = 0
  private(set) var index = 0
  /// Permissions the pointer entries above allow.
  private var allowed: Permissions = [.writable, .user, .executable]
  /// The current entry, decoded.
  private var decoded: DecodedEntry = .notPresent

  public init(memory: PhysicalMemory, root: Int, process: Int, address: UInt64 = 0) {
    self.memory = memory
    self.root = root
    self.process = process
    self.geometry = memory.geometry
    move(to: address)
  }

  // MARK: - Reading

  /// The physical address `address` maps to, or nil.
  public var physicalAddress: UInt64? {
    guard !isAtEnd, case .leaf(let frame, _) = decoded else { return nil }
    return frame << UInt64(geometry.offsetBits) + (address & geometry.spanMask(level: level))
  }

  /// The frame of the (large) page mapped here, or nil.
  public var frame: UInt64? {
    guard !isAtEnd, case .leaf(let frame, _) = decoded else { return nil }
    return frame
  }

  /// Effective permissions: the leaf's, restricted by the pointers above it
  /// where the architecture says so; empty when nothing is mapped.
  public var permissions: Permissions {
    guard !isAtEnd, case .leaf(_, let leafPermissions) = decoded else { return [] }
    return leafPermissions.intersection(allowed)
  }

  public var isPresent: Bool { physicalAddress != nil }
  public var isWritable: Bool { permissions.contains(.writable) }
  public var isUser: Bool { permissions.contains(.user) }

  /// Bytes the deciding entry covers: the page size for a base page, more for
  /// a large page or an empty upper-level entry.
  public var entrySpan: UInt128 { UInt128(geometry.spanMask(level: level)) + 1 }

  /// Base-page frames the deciding entry covers (1 for a base page).
  @inline(__always)
  public var framesInEntry: Int { geometry.framesPerEntry[level] }

  /// The raw entry deciding `address`.
  public var entry: PageTableEntry { memory.entry(inTable: table, at: index) }

  // MARK: - Moving

  /// Goes to `address` (translated), walking from the root.
  public mutating func move(to address: UInt64) {
    self.address = address
    isAtEnd = address > geometry.lastAddress
    guard !isAtEnd else { return }
    var table = root
    var allowed: Permissions = [.writable, .user, .executable]
    var level = 0
    while true {
      let index = geometry.index(of: address, level: level)
      let decoded = codec.decode(memory.entry(inTable: table, at: index), level: level)
      if case .table(let child, let pointerPermissions) = decoded, level < geometry.bottom {
        allowed.formIntersection(pointerPermissions)
        table = Int(truncatingIfNeeded: child)
        level += 1
        continue
      }
      self.level = level
      self.table = table
      self.index = index
      self.allowed = allowed
      self.decoded = decoded
      return
    }
  }

  /// Moves by `delta` bytes; past the top of the space the iterator ends.
  public mutating func advance(by delta: UInt64) {
    let (next, overflow) = address.addingReportingOverflow(delta)
    if overflow || next > geometry.lastAddress {
      address = geometry.lastAddress
      isAtEnd = true
      return
    }
    step(to: next)
  }

  /// Moves to the start of the next entry at the current entry's level: the
  /// next page after a mapping, or past a whole empty stretch.
  public mutating func next() {
    let mask = geometry.spanMask(level: level)
    let start = address & ~mask
    let (next, overflow) = start.addingReportingOverflow(mask &+ 1)
    if overflow || mask == .max || next > geometry.lastAddress {
      address = geometry.lastAddress
      isAtEnd = true
      return
    }
    step(to: next)
  }

  /// Moves to the next address that is mapped (or to the end), skipping
  /// empty entries at whatever level they are found.
  public mutating func nextMapped() {
    repeat { next() } while !isAtEnd && !isPresent
  }

  /// Moves to `address` if it is mapped, else to the first mapped address after it.
  public mutating func findMapped(from address: UInt64) {
    move(to: address)
    if !isAtEnd && !isPresent { nextMapped() }
  }

  /// Steps to `next`, reusing the current table when `next` falls in it.
  @inline(__always)
  private mutating func step(to next: UInt64) {
    let tableShift = geometry.tableShifts[level]
    if tableShift >= 64 || next >> UInt64(tableShift) == address >> UInt64(tableShift) {
      // Same table, different entry: no walk from the root.
      address = next
      index = geometry.index(of: next, level: level)
      let decodedHere = codec.decode(memory.entry(inTable: table, at: index), level: level)
      if case .table = decodedHere, level < geometry.bottom {
        move(to: next)
      } else {
        decoded = decodedHere
      }
      return
    }
    move(to: next)
  }

  // MARK: - Changing

  /// Maps the page at `address` to `physicalAddress` with `permissions`,
  /// allocating missing page-table pages on the way down.
  ///
  /// Fails, leaving the mapping unchanged, when an address is not
  /// page-aligned, when memory runs out, when a large page already covers
  /// the address, or when a pointer entry above forbids `permissions`.
  public mutating func map(to physicalAddress: UInt64, permissions: Permissions) throws(SimulationError) {
    try mapLeaf(to: physicalAddress, permissions: permissions, level: geometry.bottom)
  }

  /// Maps a large page at `level` (which must allow leaves); `address` and
  /// `physicalAddress` must both be aligned to the level's span, and no
  /// table or mapping may already sit in that entry.
  public mutating func mapLargePage(to physicalAddress: UInt64, level: Int, permissions: Permissions) throws(SimulationError) {
    guard level >= 0, level <= geometry.bottom, geometry.mapsLeaves[level] else {
      throw .unsupported("level \(level) of \(memory.architecture.name) cannot map large pages")
    }
    try mapLeaf(to: physicalAddress, permissions: permissions, level: level)
  }

  private mutating func mapLeaf(to physicalAddress: UInt64, permissions: Permissions, level target: Int) throws(SimulationError) {
    guard !isAtEnd else { throw .invalid("the iterator is past the end of the address space") }
    let mask = geometry.spanMask(level: target)
    guard address & mask == 0, physicalAddress & mask == 0 else {
      throw .misaligned("mapping \(formatHex(address)) to \(formatHex(physicalAddress)) needs both aligned to \(formatBytes(UInt128(mask) + 1))")
    }
    let frame = physicalAddress >> UInt64(geometry.offsetBits)
    guard frame < UInt64(memory.frameCount) else {
      throw .invalid("physical address \(formatHex(physicalAddress)) is outside the \(formatBytes(UInt128(memory.frameCount) << geometry.offsetBits)) of memory")
    }
    // Fast path: the iterator already sits on the entry to fill (page-by-page
    // mapping through one table), and the pointers above allow `permissions`.
    if level == target, allowed.isSuperset(of: permissions) {
      switch decoded {
      case .notPresent, .leaf:
        let leaf = codec.leaf(frame: frame, permissions: permissions, level: target)
        memory.setEntry(leaf, inTable: table, at: index)
        decoded = codec.decode(leaf, level: target)
        return
      case .table:
        break
      }
    }
    let pointerPermissions = permissions.union([.writable, .executable])
    var table = root
    var level = 0
    var allowed: Permissions = [.writable, .user, .executable]
    while level < target {
      let index = geometry.index(of: address, level: level)
      switch codec.decode(memory.entry(inTable: table, at: index), level: level) {
      case .table(let child, let granted):
        guard granted.isSuperset(of: permissions) else {
          throw .permissionsTooLoose("mapping \(formatHex(address)) \(permissions) under a level-\(level) entry that allows only \(granted)")
        }
        allowed.formIntersection(granted)
        table = Int(truncatingIfNeeded: child)
      case .leaf:
        throw .alreadyMapped("\(formatHex(address)) is inside a large page mapped at level \(level)")
      case .notPresent:
        let child = try memory.allocatePageTable(process: process, level: level + 1)
        let pointer = codec.table(frame: UInt64(child), permissions: pointerPermissions)
        memory.setEntry(pointer, inTable: table, at: index)
        if case .table(_, let granted) = codec.decode(pointer, level: level) { allowed.formIntersection(granted) }
        table = child
      }
      level += 1
    }
    let index = geometry.index(of: address, level: target)
    if target < geometry.bottom, case .table = codec.decode(memory.entry(inTable: table, at: index), level: target) {
      throw .alreadyMapped("\(formatHex(address)) already has a level-\(target + 1) table; unmap its pages first")
    }
    let leaf = codec.leaf(frame: frame, permissions: permissions, level: target)
    memory.setEntry(leaf, inTable: table, at: index)
    self.level = target
    self.table = table
    self.index = index
    self.allowed = allowed
    self.decoded = codec.decode(leaf, level: target)
  }

  /// Removes the mapping of the page (or large page) containing `address`
  /// and returns the frame it mapped; page-table pages stay.
  @discardableResult
  public mutating func unmap() -> UInt64? {
    guard let frame else { return nil }
    memory.setEntry(.empty, inTable: table, at: index)
    decoded = .notPresent
    return frame
  }
}
