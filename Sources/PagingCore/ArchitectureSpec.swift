/// An architecture as written in a descriptor or on the command line, before
/// validation. Field names follow the descriptor keys; ``ArchitectureError``
/// paths use those keys.
public struct ArchitectureSpec: Sendable, Equatable {
  public struct LevelSpec: Sendable, Equatable {
    public var name: String
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

  public struct EntryFormatSpec: Sendable, Equatable {
    public enum LeafEncodingKind: String, Sendable, CaseIterable {
      case largePageBit = "large_page_bit"
      case tableBit = "table_bit"
      case permissionBits = "permission_bits"
    }

    public var leafEncoding: LeafEncodingKind
    public var pointerPermissions: Bool
    /// Single-bit fields by descriptor key (`present`, `writable`, `read_only`,
    /// `user`, `accessed`, `dirty`, `global`, `large_page`, `table`,
    /// `readable`, `executable`, `no_execute`).
    public var bits: [String: Int]
    public var frameLowBit: Int
    public var frameBits: Int

    public init(
      leafEncoding: LeafEncodingKind, pointerPermissions: Bool, bits: [String: Int],
      frameLowBit: Int, frameBits: Int
    ) {
      self.leafEncoding = leafEncoding
      self.pointerPermissions = pointerPermissions
      self.bits = bits
      self.frameLowBit = frameLowBit
      self.frameBits = frameBits
    }

    /// The descriptor keys that name single-bit fields.
    public static let bitKeys = [
      "present", "writable", "read_only", "user", "accessed", "dirty", "global",
      "large_page", "table", "readable", "executable", "no_execute",
    ]

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
      var bits = ["present": 0, "writable": 1, "user": 2]
      if entryBits >= 16 { bits["large_page"] = 7 }
      if entryBits >= 16 {
        bits["accessed"] = 5
        bits["dirty"] = 6
      }
      if entryBits >= 64 { bits["no_execute"] = entryBits - 1 }
      let low = entryBits >= 16 ? max(8, min(offsetBits, 12)) : 3
      let available = entryBits - low - (entryBits >= 64 ? 1 : 0)
      let wanted = max(physicalAddressBits - offsetBits, 1)
      return EntryFormatSpec(
        leafEncoding: .largePageBit, pointerPermissions: true, bits: bits,
        frameLowBit: low, frameBits: max(1, min(wanted, available)))
    }
  }

  public var name: String
  public var title: String
  public var summary: String
  public var virtualAddressBits: Int
  public var pointerBits: Int?
  public var upperBits: UpperBitsRule?
  /// With `upperBits` `.selectRoot`: how the upper bits choose a tree.
  public var rootSelection: RootSelection?
  public var physicalAddressBits: Int
  public var pageSize: UInt128
  public var entrySize: Int
  /// `nil` asks for derived levels.
  public var levels: [LevelSpec]?
  public var entryFormat: EntryFormatSpec
  public var sources: [String]
  public var notes: [String]

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
  public var path: String
  public var message: String

  public init(path: String, _ message: String) {
    self.path = path
    self.message = message
  }

  public var description: String { "\(path): \(message)" }
}
