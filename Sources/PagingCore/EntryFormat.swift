/// A run of bits in an entry: `width` bits from `lowBit` up.
public struct BitField: Sendable, Equatable {
  /// The field's lowest bit, counting from 0 at the entry's least significant bit.
  public let lowBit: Int
  /// How many bits the field spans.
  public let width: Int

  /// A field of `width` bits starting at `lowBit`.
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
    /// Setting the bit grants the permission (x86's R/W: set means writable).
    case grants(Int)
    /// Setting the bit takes the permission away (ARM's AP[2]: set means read-only; x86's NX: set means no execute).
    case denies(Int)

    /// The bit's position, whichever way it reads.
    public var bit: Int {
      switch self {
      case .grants(let bit), .denies(let bit): return bit
      }
    }
  }

  /// How a leaf above the bottom level is told from a pointer to a table.
  public let leafEncoding: LeafEncoding
  /// Whether permission bits in pointer entries restrict everything below.
  public let pointerPermissions: Bool
  /// The bit that marks an entry valid; a walk faults on an entry without it.
  public let present: Int
  /// The writable (or read-only) bit; nil for a format without one (OSTEP's
  /// teaching machines), whose every page may be written.
  public let write: PermissionBit?
  /// The user bit; nil for a format without one, whose every page is
  /// reachable from user mode.
  public let user: Int?
  /// The bit hardware sets when it uses the entry; nil for a format without one.
  public let accessed: Int?
  /// The bit hardware sets when the page is written; nil for a format without one.
  public let dirty: Int?
  /// The bit that keeps a translation across address-space switches; nil for a format without one.
  public let global: Int?
  /// The execute permission (RISC-V's X grants it, x86's NX denies it); nil when every mapping may execute.
  public let execute: PermissionBit?
  /// The frame number (physical address / page size) lives in bits
  /// `frameLowBit ..< frameLowBit + frameBits`.
  public let frameLowBit: Int
  /// The width of the frame number field; with ``frameLowBit`` it bounds the physical memory an entry can reach.
  public let frameBits: Int

  /// A format with every field given; ``Architecture/init(validating:)`` builds one from an
  /// ``ArchitectureSpec/EntryFormatSpec`` after checking the fields fit the entry and do not overlap.
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
    var fields: [(DescriptorKey, Int)] = [(.present, present)]
    switch write {
    case .grants(let bit)?: fields.append((.writable, bit))
    case .denies(let bit)?: fields.append((.readOnly, bit))
    case nil: break
    }
    if let user { fields.append((.user, user)) }
    if let accessed { fields.append((.accessed, accessed)) }
    if let dirty { fields.append((.dirty, dirty)) }
    if let global { fields.append((.global, global)) }
    switch leafEncoding {
    case .largePageBit(let bit?): fields.append((.largePage, bit))
    case .largePageBit(nil): break
    case .tableBit(let bit): fields.append((.table, bit))
    case .permissionBits(let readable): fields.append((.readable, readable))
    }
    switch execute {
    case .grants(let bit)?: fields.append((.executable, bit))
    case .denies(let bit)?: fields.append((.noExecute, bit))
    case nil: break
    }
    return fields.map { ($0.rawValue, $1) }
  }
}
