import PagingCore

/// Encodes and decodes entries bit for bit in one architecture's format.
/// Masks are worked out once, so each encode or decode is a few ALU ops.
///
///     let codec = try EntryCodec(x86_64)
///     let pte = codec.leaf(frame: 0x1234, permissions: [.writable, .user, .executable], level: 3)
///     pte.rawValue   // 0x1234007: P, R/W, U/S set, frame at bit 12
///
/// - Complexity: O(1) per entry.
public struct EntryCodec: Sendable {
  /// Bytes per entry in this format: 1, 2, 4 or 8.
  public let entrySize: Int
  @usableFromInline let bottomLevel: Int
  @usableFromInline let present: UInt64
  @usableFromInline let write: UInt64
  let writeGrants: Bool
  @usableFromInline let user: UInt64
  /// True for a format without a user bit: every mapping is the user's.
  @usableFromInline let userIsImplicit: Bool
  /// The format's one-bit fields by name, for decoded walks.
  let namedBits: [(name: String, bit: Int)]
  let accessed: UInt64
  @usableFromInline let execute: UInt64
  let executeGrants: Bool
  let hasExecuteBit: Bool
  let leafEncoding: EntryFormat.LeafEncoding
  let leafBit: UInt64
  let pointerPermissions: Bool
  @usableFromInline let frameShift: UInt64
  @usableFromInline let frameMask: UInt64
  /// The highest frame an entry can name: the frame field and the physical
  /// address space both hold it.
  public let maxFrame: FrameNumber
  /// `raw & tableMask == tableValue` exactly when an entry above the bottom
  /// level points to a table: one test on the raw word for walks.
  @usableFromInline let tableMask: UInt64
  @usableFromInline let tableValue: UInt64
  /// `raw & bottomLeafMask == bottomLeafValue` exactly when a bottom-level
  /// entry maps a page.
  @usableFromInline let bottomLeafMask: UInt64
  @usableFromInline let bottomLeafValue: UInt64
  /// Masks for building a bottom-level leaf and checking pointers without
  /// branches: each applies when the permission it names is asked for (or,
  /// for the `IfNot` ones, when it is not). `@usableFromInline`, with the
  /// two functions using them, for the iterator's inlinable `map`.
  @usableFromInline let leafBase: UInt64
  @usableFromInline let leafWriteIf: UInt64, leafWriteIfNot: UInt64
  @usableFromInline let leafExecuteIf: UInt64, leafExecuteIfNot: UInt64
  @usableFromInline let pointerNeedsWrite: UInt64, pointerLacksWrite: UInt64, pointerNeedsUser: UInt64
  @usableFromInline let pointerNeedsExecute: UInt64, pointerLacksExecute: UInt64

  /// Bit `l` set when level `l`'s pointer entries carry no permissions
  /// although the format's do (PAE's PDPTEs).
  @usableFromInline let levelsWithoutPointerPermissions: UInt64
  /// The bits a pointer entry at such a level is read as having: every
  /// grant bit set, every deny bit clear.
  @usableFromInline let grantBits: UInt64, denyBits: UInt64
  /// Per level, the entry bits that must be zero.
  let reservedMasks: [UInt64]
  /// Per level, where a large-page leaf keeps its physical address when
  /// not in the frame field (PSE-36), as pieces of entry bits.
  let largePageFrames: [[AddressPiece]?]
  let offsetBits: Int

  /// Entry bits `entryLow ..< entryLow + width` hold physical-address bits
  /// from `addressLow` up.
  struct AddressPiece: Sendable {
    let entryLow: UInt64
    let mask: UInt64
    let addressLow: UInt64
  }

  /// A codec for `architecture`'s entry format.
  ///
  /// - Throws: ``SimulationError/unsupported(_:)`` when entries are not 1, 2, 4 or 8 bytes, the widths the simulator
  ///   stores.
  public init(_ architecture: Architecture) throws(SimulationError) {
    guard [1, 2, 4, 8].contains(architecture.entrySize) else {
      throw SimulationError.unsupported(
        "the simulator stores entries of 1, 2, 4 or 8 bytes, not \(architecture.entrySize)")
    }
    let format = architecture.entryFormat
    func bit(_ position: Int?) -> UInt64 { position.map { UInt64(1) << UInt64($0) } ?? 0 }
    entrySize = architecture.entrySize
    bottomLevel = architecture.bottomLevel
    present = bit(format.present)
    // Without a write bit every page is writable: a zero mask that "denies"
    // never denies. Without a user bit every page is the user's (the user
    // mask is zero and ``userIsImplicit`` says so).
    write = bit(format.write?.bit)
    if case .grants? = format.write { writeGrants = true } else { writeGrants = false }
    user = bit(format.user)
    userIsImplicit = format.user == nil
    namedBits = format.namedBits
    execute = bit(format.execute?.bit)
    hasExecuteBit = format.execute != nil
    if case .grants? = format.execute { executeGrants = true } else { executeGrants = false }
    leafEncoding = format.leafEncoding
    switch format.leafEncoding {
    case .largePageBit(let position): leafBit = bit(position)
    case .tableBit(let position): leafBit = bit(position)
    case .permissionBits(let readable): leafBit = bit(readable)
    }
    // ARM faults on a leaf whose access flag is clear, and so may RISC-V
    // (Svade) on a leaf whose A bit is clear; set it as kernels do. x86 sets
    // its own accessed bits, so an x86 kernel leaves them clear.
    switch format.leafEncoding {
    case .tableBit, .permissionBits: accessed = bit(format.accessed)
    case .largePageBit: accessed = 0
    }
    pointerPermissions = format.pointerPermissions
    var without: UInt64 = 0
    for (index, level) in architecture.levels.enumerated() where pointerPermissions && !level.pointersCarryPermissions {
      without |= 1 << UInt64(index)
    }
    levelsWithoutPointerPermissions = without
    reservedMasks = architecture.levels.map { UInt64(truncatingIfNeeded: $0.reservedMask) }
    offsetBits = architecture.offsetBits
    largePageFrames = architecture.levels.indices.map { level in
      architecture.levels[level].largePageFrame.map { pieces in
        var addressLow = UInt64(architecture.entrySpanBits(atLevel: level))
        return pieces.map { piece in
          defer { addressLow += UInt64(piece.width) }
          return AddressPiece(
            entryLow: UInt64(piece.lowBit),
            mask: piece.width >= 64 ? .max : (1 << UInt64(piece.width)) - 1, addressLow: addressLow)
        }
      }
    }
    frameShift = UInt64(format.frameLowBit)
    // The frame field lies inside the entry, so its low bit is below 64 and
    // the encoders and decoders shift with the masking shifts; a field that
    // does not (an unvalidated format) gets an empty mask.
    frameMask =
      format.frameLowBit >= 64
      ? 0
      : format.frameBits >= 64 ? .max : (UInt64(1) << UInt64(format.frameBits)) - 1
    let physicalFrames = architecture.physicalAddressBits - architecture.offsetBits
    maxFrame = FrameNumber(physicalFrames >= 64 ? .max : min(frameMask, (UInt64(1) << UInt64(physicalFrames)) - 1))
    switch format.leafEncoding {
    case .largePageBit: leafBase = present | accessed
    case .tableBit, .permissionBits: leafBase = present | accessed | leafBit
    }
    leafWriteIf = writeGrants ? write : 0
    leafWriteIfNot = writeGrants ? 0 : write
    leafExecuteIf = hasExecuteBit && executeGrants ? execute : 0
    leafExecuteIfNot = hasExecuteBit && !executeGrants ? execute : 0
    let checked: UInt64 = pointerPermissions ? .max : 0
    pointerNeedsWrite = leafWriteIf & checked
    pointerLacksWrite = leafWriteIfNot & checked
    pointerNeedsUser = user & checked
    pointerNeedsExecute = leafExecuteIf & checked
    pointerLacksExecute = leafExecuteIfNot & checked
    grantBits = leafWriteIf | user | leafExecuteIf
    denyBits = leafWriteIfNot | leafExecuteIfNot
    switch format.leafEncoding {
    case .largePageBit:
      (tableMask, tableValue) = (present | leafBit, present)
      (bottomLeafMask, bottomLeafValue) = (present, present)
    case .tableBit:
      (tableMask, tableValue) = (present | leafBit, present | leafBit)
      (bottomLeafMask, bottomLeafValue) = (present | leafBit, present | leafBit)
    case .permissionBits:
      (tableMask, tableValue) = (present | leafBit | write | execute, present)
      (bottomLeafMask, bottomLeafValue) = (present, present)
    }
  }

  /// All ones when `permissions` holds `one`, else zero.
  @inlinable @inline(__always)
  static func mask(_ permissions: Permissions, _ one: Permissions) -> UInt64 {
    0 &- UInt64((permissions.rawValue & one.rawValue) != 0 ? 1 : 0)
  }

  /// Whether pointers whose raw words AND to `all` and OR to `any` allow
  /// `permissions`: the mask form of ``allowedByPointers(and:or:)``.
  @inlinable @inline(__always)
  func pointersAllow(_ permissions: Permissions, and all: UInt64, or any: UInt64) -> Bool {
    let w = Self.mask(permissions, .writable)
    let u = Self.mask(permissions, .user)
    let x = Self.mask(permissions, .executable)
    let needed = (w & pointerNeedsWrite) | (u & pointerNeedsUser) | (x & pointerNeedsExecute)
    let forbidden = (w & pointerLacksWrite) | (x & pointerLacksExecute)
    return all & needed == needed && any & forbidden == 0
  }

  /// A bottom-level leaf for `frame`, built without branches; equal to
  /// ``leaf(frame:permissions:level:)`` at the bottom level.
  @inlinable @inline(__always)
  func bottomLeaf(frame: FrameNumber, permissions: Permissions) -> PageTableEntry {
    let w = Self.mask(permissions, .writable)
    let u = Self.mask(permissions, .user)
    let x = Self.mask(permissions, .executable)
    let bits =
      leafBase | (w & leafWriteIf) | (~w & leafWriteIfNot) | (u & user)
      | (x & leafExecuteIf) | (~x & leafExecuteIfNot)
    return PageTableEntry(rawValue: bits | (frame.rawValue & frameMask) &<< frameShift)
  }

  /// The permissions a leaf's own bits grant.
  @inline(__always)
  func leafPermissions(_ raw: UInt64) -> Permissions {
    var permissions: Permissions = []
    if (raw & write != 0) == writeGrants { permissions.insert(.writable) }
    if raw & user != 0 || userIsImplicit { permissions.insert(.user) }
    if !hasExecuteBit || (raw & execute != 0) == executeGrants { permissions.insert(.executable) }
    return permissions
  }

  /// What the pointer entries on a walk allow, from the AND and the OR of
  /// their raw words (grant bits must be set in all, deny bits in none).
  @inline(__always)
  func allowedByPointers(and all: UInt64, or any: UInt64) -> Permissions {
    guard pointerPermissions else { return [.writable, .user, .executable] }
    var permissions: Permissions = []
    if writeGrants ? all & write != 0 : any & write == 0 { permissions.insert(.writable) }
    if all & user != 0 || userIsImplicit { permissions.insert(.user) }
    if !hasExecuteBit || (executeGrants ? all & execute != 0 : any & execute == 0) { permissions.insert(.executable) }
    return permissions
  }

  @inline(__always)
  func permissionBits(_ permissions: Permissions) -> UInt64 {
    var bits: UInt64 = 0
    if permissions.contains(.writable) == writeGrants { bits |= write }
    if permissions.contains(.user) { bits |= user }
    if hasExecuteBit && permissions.contains(.executable) == executeGrants { bits |= execute }
    return bits
  }

  /// How a pointer entry at `level` counts toward what the walk allows: as
  /// it is, or, at a level whose pointers carry no permissions, as granting
  /// everything.
  @inlinable @inline(__always)
  func permissionView(_ raw: UInt64, level: Int) -> UInt64 {
    levelsWithoutPointerPermissions &>> UInt64(truncatingIfNeeded: level) & 1 == 0 ? raw : (raw | grantBits) & ~denyBits
  }

  /// Whether `raw` at `level` sets a bit the level reserves.
  public func setsReservedBits(_ raw: UInt64, level: Int) -> Bool { raw & reservedMasks[level] != 0 }

  /// An entry pointing to a next-level table in `frame`, held in a table
  /// at `level`. Where pointer entries carry permissions (x86, but not
  /// PAE's PDPTEs), they pass on `permissions`.
  @inline(__always)
  public func table(frame: FrameNumber, permissions: Permissions, level: Int) -> PageTableEntry {
    var raw = present | ((frame.rawValue & frameMask) &<< frameShift)
    switch leafEncoding {
    case .tableBit: raw |= leafBit
    case .largePageBit, .permissionBits: break
    }
    if pointerPermissions && levelsWithoutPointerPermissions &>> UInt64(level) & 1 == 0 {
      raw |= permissionBits(permissions)
    }
    return PageTableEntry(rawValue: raw)
  }

  /// A leaf at `level` mapping the page (large above the bottom) at `frame`.
  @inline(__always)
  public func leaf(frame: FrameNumber, permissions: Permissions, level: Int) -> PageTableEntry {
    var raw = present | accessed | permissionBits(permissions)
    let frame = frame.rawValue
    if let pieces = largePageFrames[level] {
      let address = frame &<< UInt64(offsetBits)
      for piece in pieces { raw |= ((address &>> piece.addressLow) & piece.mask) &<< piece.entryLow }
    } else {
      raw |= (frame & frameMask) &<< frameShift
    }
    switch leafEncoding {
    case .largePageBit: if level != bottomLevel { raw |= leafBit }
    case .tableBit: if level == bottomLevel { raw |= leafBit }
    case .permissionBits: raw |= leafBit
    }
    return PageTableEntry(rawValue: raw)
  }

  /// What `entry` at `level` means.
  @inline(__always)
  public func decode(_ entry: PageTableEntry, level: Int) -> DecodedEntry {
    let raw = entry.rawValue
    guard raw & present != 0 else { return .notPresent }
    let frame = (raw &>> frameShift) & frameMask
    let isLeaf: Bool
    switch leafEncoding {
    case .largePageBit: isLeaf = level == bottomLevel || raw & leafBit != 0
    case .tableBit:
      if level == bottomLevel {
        // At the last level a clear table bit is a reserved encoding.
        guard raw & leafBit != 0 else { return .notPresent }
        isLeaf = true
      } else {
        isLeaf = raw & leafBit == 0
      }
    case .permissionBits: isLeaf = level == bottomLevel || raw & (leafBit | write | execute) != 0
    }
    if !isLeaf && (!pointerPermissions || levelsWithoutPointerPermissions &>> UInt64(level) & 1 == 1) {
      return .table(frame: FrameNumber(frame), permissions: [.writable, .user, .executable])
    }
    let permissions = leafPermissions(raw)
    guard isLeaf else { return .table(frame: FrameNumber(frame), permissions: permissions) }
    if let pieces = largePageFrames[level] {
      var address: UInt64 = 0
      for piece in pieces { address |= ((raw &>> piece.entryLow) & piece.mask) &<< piece.addressLow }
      return .leaf(frame: FrameNumber(address &>> UInt64(offsetBits)), permissions: permissions)
    }
    return .leaf(frame: FrameNumber(frame), permissions: permissions)
  }
}

extension EntryCodec {
  /// The names of the one-bit fields set in `raw`, in the descriptor's
  /// terms and order (`present`, `writable`, `user`, ...).
  public func setFlags(_ raw: UInt64) -> [String] {
    namedBits.filter { raw >> UInt64($0.bit) & 1 == 1 }.map(\.name)
  }
}
