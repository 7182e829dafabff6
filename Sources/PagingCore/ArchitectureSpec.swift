/// An architecture as written in a descriptor or on the command line, before
/// validation. Field names follow the descriptor keys (``DescriptorKey``);
/// ``ArchitectureError`` paths use those keys.
public struct ArchitectureSpec: Sendable, Equatable {
  /// One entry of the descriptor's `levels`, root first, before validation.
  public struct LevelSpec: Sendable, Equatable {
    /// The level's name (`PML4`, `PD`); see ``Level/name``.
    public var name: String
    /// Virtual-address bits that index this level's tables (`index_bits`).
    public var indexBits: Int
    /// The large-page size the descriptor claims for this level, if any.
    public var largePage: UInt128?
    /// The pages one table at this level spans, when the descriptor says
    /// (`pages`): only a root may span more than one.
    public var pages: Int?
    /// Whether this level's pointer entries carry permissions, when it
    /// differs from the entry format's (PAE's PDPTEs carry none).
    public var pointerPermissions: Bool?
    /// Entry bits that must be zero at this level, as `high...low` ranges
    /// (PAE's PDPTE bits 2:1, 8:5 and 63:52).
    public var reserved: [ClosedRange<Int>]
    /// Where a large-page leaf at this level keeps its physical address,
    /// when not in the frame field: pieces that give successive address
    /// bits from the page's alignment up (PSE-36's 4 MiB PDE: bits 31:22,
    /// then bits 20:13 for address bits 39:32).
    public var largePageFrame: [BitField]?

    /// A level as a descriptor states it; only `name` and `indexBits` are required.
    public init(
      name: String, indexBits: Int, largePage: UInt128? = nil, pages: Int? = nil,
      pointerPermissions: Bool? = nil, reserved: [ClosedRange<Int>] = [], largePageFrame: [BitField]? = nil
    ) {
      self.name = name
      self.indexBits = indexBits
      self.largePage = largePage
      self.pages = pages
      self.pointerPermissions = pointerPermissions
      self.reserved = reserved
      self.largePageFrame = largePageFrame
    }
  }

  /// The descriptor's `entry_format` before validation: which bits mean what in an entry.
  public struct EntryFormatSpec: Sendable, Equatable {
    /// How an entry tells a leaf (a mapped page) from a pointer to the next table, spelled as the descriptor's
    /// `leaf_encoding`.
    public enum LeafEncodingKind: String, Sendable, CaseIterable {
      /// A set `large_page` bit marks a leaf above the bottom level (x86's PS bit).
      case largePageBit = "large_page_bit"
      /// A set `table` bit marks a pointer and a clear one a block (AArch64's descriptor bit 1).
      case tableBit = "table_bit"
      /// Any of the read, write or execute bits set marks a leaf (RISC-V's R, W, X).
      case permissionBits = "permission_bits"
    }

    /// How leaves are told from pointers.
    public var leafEncoding: LeafEncodingKind
    /// Whether pointer entries carry permissions that restrict everything below them.
    public var pointerPermissions: Bool
    /// Single-bit fields by descriptor key (one of
    /// ``DescriptorKey/singleBitFields``: `present`, `writable`, ...).
    public var bits: [DescriptorKey: Int]
    /// The lowest bit of the frame number field.
    public var frameLowBit: Int
    /// The width of the frame number field, in bits.
    public var frameBits: Int

    /// An entry format as a descriptor states it; ``Architecture/init(validating:)`` checks that the bits fit the entry
    /// and do not overlap.
    public init(
      leafEncoding: LeafEncodingKind, pointerPermissions: Bool, bits: [DescriptorKey: Int],
      frameLowBit: Int, frameBits: Int
    ) {
      self.leafEncoding = leafEncoding
      self.pointerPermissions = pointerPermissions
      self.bits = bits
      self.frameLowBit = frameLowBit
      self.frameBits = frameBits
    }

    /// A conventional x86-style format for an architecture described inline:
    /// P, R/W, U/S, A, D, PS in the low bits, the frame just above the offset.
    ///
    /// Out-of-range arguments are clamped (an entry of 1 to 1024 bytes,
    /// widths of 0 to 1024 bits), so any input gives a spec, which
    /// ``Architecture/init(validating:)`` then accepts or refuses with a
    /// message; nothing here can overflow.
    public static func conventional(entrySize: Int, offsetBits: Int, physicalAddressBits: Int) -> EntryFormatSpec {
      let entryBits = min(max(entrySize, 1), 1024) * 8
      let offsetBits = min(max(offsetBits, 0), 1024)
      let physicalAddressBits = min(max(physicalAddressBits, 0), 1024)
      var bits: [DescriptorKey: Int] = [.present: 0, .writable: 1, .user: 2]
      if entryBits >= 16 { bits[.largePage] = 7 }
      if entryBits >= 16 {
        bits[.accessed] = 5
        bits[.dirty] = 6
      }
      if entryBits >= 64 { bits[.noExecute] = entryBits - 1 }
      let low = entryBits >= 16 ? max(8, min(offsetBits, 12)) : 3
      let available = entryBits - low - (entryBits >= 64 ? 1 : 0)
      let wanted = max(physicalAddressBits - offsetBits, 1)
      return EntryFormatSpec(
        leafEncoding: .largePageBit, pointerPermissions: true, bits: bits,
        frameLowBit: low, frameBits: max(1, min(wanted, available)))
    }
  }

  /// The short name (`name`); see ``Architecture/name``.
  public var name: String
  /// The one-line human name (`title`).
  public var title: String
  /// What the architecture is and where it is used (`summary`).
  public var summary: String
  /// Bits translated by the page tables, offset included (`virtual_address_bits`).
  public var virtualAddressBits: Int
  /// The width of a pointer (`pointer_bits`); `nil` means 32 for addresses of up to 32 bits, else 64.
  public var pointerBits: Int?
  /// What the untranslated upper bits must hold (`upper_bits`); it may be `nil` only when every pointer bit is
  /// translated, since there is no safe guess between sign extension, zero and ignored.
  public var upperBits: UpperBitsRule?
  /// With `upperBits` `.selectRoot`: how the upper bits choose a tree.
  public var rootSelection: RootSelection?
  /// Bits of a physical address (`physical_address_bits`).
  public var physicalAddressBits: Int
  /// Bytes in a base page (`page_size`); validation requires a power of two.
  public var pageSize: UInt128
  /// Bytes in one entry (`entry_size`).
  public var entrySize: Int
  /// `nil` asks for derived levels.
  public var levels: [LevelSpec]?
  /// Which bits of an entry mean what (`entry_format`).
  public var entryFormat: EntryFormatSpec
  /// Where the numbers come from (`sources`).
  public var sources: [String]
  /// Remarks printed with the architecture (`notes`).
  public var notes: [String]

  /// An architecture as a descriptor states it. Nothing is checked here, so any input gives a spec and
  /// ``Architecture/init(validating:)`` can report every problem against the descriptor's own field names.
  public init(
    name: String, title: String, summary: String, virtualAddressBits: Int,
    pointerBits: Int? = nil, upperBits: UpperBitsRule? = nil, physicalAddressBits: Int,
    pageSize: UInt128, entrySize: Int, levels: [LevelSpec]?, entryFormat: EntryFormatSpec,
    sources: [String], notes: [String] = [], rootSelection: RootSelection? = nil
  ) {
    self.name = name
    self.title = title
    self.summary = summary
    self.virtualAddressBits = virtualAddressBits
    self.pointerBits = pointerBits
    self.upperBits = upperBits
    self.rootSelection = rootSelection
    self.physicalAddressBits = physicalAddressBits
    self.pageSize = pageSize
    self.entrySize = entrySize
    self.levels = levels
    self.entryFormat = entryFormat
    self.sources = sources
    self.notes = notes
  }
}

/// A descriptor that is well-formed but describes an impossible architecture.
/// `path` names the offending field the way the descriptor spells it.
public struct ArchitectureError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The descriptor field at fault, spelled as in the file (`levels[2].index_bits`).
  public var path: String
  /// What is wrong with the field, in a phrase that reads after the path.
  public var message: String

  /// An error about the field at `path`.
  public init(path: String, _ message: String) {
    self.path = path
    self.message = message
  }

  /// An error about the descriptor's top-level field `key`.
  public init(at key: DescriptorKey, _ message: String) {
    self.init(path: key.rawValue, message)
  }

  /// `path: message`, one line, as the command line prints it.
  public var description: String { "\(path): \(message)" }
}
