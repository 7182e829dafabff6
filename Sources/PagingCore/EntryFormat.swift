/// A run of bits in an entry: `width` bits from `lowBit` up.
public struct BitField: Sendable, Equatable {
  public let lowBit: Int
  public let width: Int

  public init(lowBit: Int, width: Int) {
    self.lowBit = lowBit
    self.width = width
  }
}

/// Where an architecture keeps each field of a page-table entry.
///
/// Bit positions count from 0 at the least significant bit of the entry.
public struct EntryFormat: Sendable, Equatable {
  /// How a leaf above the bottom level is told from a pointer to a table.
  public enum LeafEncoding: Sendable, Equatable {
    /// x86 PS: the bit set means a large-page leaf. Not used at the bottom.
    /// `nil` when the architecture has no large pages and so no such bit.
    case largePageBit(Int?)
    /// ARM: the bit set means a table above the bottom level; at the bottom
    /// it must be set for a page.
    case tableBit(Int)
    /// RISC-V: a leaf is an entry with any of R, W, X set; this is R's bit.
    case permissionBits(readable: Int)
  }

  /// A one-bit permission that either grants (x86 R/W) or denies (ARM AP[2]).
  public enum PermissionBit: Sendable, Equatable {
    case grants(Int)
    case denies(Int)

    public var bit: Int {
      switch self {
      case .grants(let bit), .denies(let bit): return bit
      }
    }
  }

  public let leafEncoding: LeafEncoding
  /// Whether permission bits in pointer entries restrict everything below.
  public let pointerPermissions: Bool
  public let present: Int
  /// The writable (or read-only) bit; nil for a format without one (OSTEP's
  /// teaching machines), whose every page may be written.
  public let write: PermissionBit?
  /// The user bit; nil for a format without one, whose every page is
  /// reachable from user mode.
  public let user: Int?
  public let accessed: Int?
  public let dirty: Int?
  public let global: Int?
  public let execute: PermissionBit?
  /// The frame number (physical address / page size) lives in bits
  /// `frameLowBit ..< frameLowBit + frameBits`.
  public let frameLowBit: Int
  public let frameBits: Int

  public init(
    leafEncoding: LeafEncoding, pointerPermissions: Bool, present: Int, write: PermissionBit?,
    user: Int?, accessed: Int?, dirty: Int?, global: Int?, execute: PermissionBit?,
    frameLowBit: Int, frameBits: Int
  ) {
    self.leafEncoding = leafEncoding
    self.pointerPermissions = pointerPermissions
    self.present = present
    self.write = write
    self.user = user
    self.accessed = accessed
    self.dirty = dirty
    self.global = global
    self.execute = execute
    self.frameLowBit = frameLowBit
    self.frameBits = frameBits
  }

  /// Every single-bit field with its descriptor name, in a fixed order.
  public var namedBits: [(name: String, bit: Int)] {
    var fields: [(String, Int)] = [("present", present)]
    switch write {
    case .grants(let bit)?: fields.append(("writable", bit))
    case .denies(let bit)?: fields.append(("read_only", bit))
    case nil: break
    }
    if let user { fields.append(("user", user)) }
    if let accessed { fields.append(("accessed", accessed)) }
    if let dirty { fields.append(("dirty", dirty)) }
    if let global { fields.append(("global", global)) }
    switch leafEncoding {
    case .largePageBit(let bit?): fields.append(("large_page", bit))
    case .largePageBit(nil): break
    case .tableBit(let bit): fields.append(("table", bit))
    case .permissionBits(let readable): fields.append(("readable", readable))
    }
    switch execute {
    case .grants(let bit)?: fields.append(("executable", bit))
    case .denies(let bit)?: fields.append(("no_execute", bit))
    case nil: break
    }
    return fields
  }
}
