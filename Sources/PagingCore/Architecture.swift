/// A paging architecture: how a virtual address splits into table indexes and
/// an offset, and how entries are laid out. Every quantity the calculator and
/// the simulator work out derives from these few numbers.
///
/// Build one with ``init(validating:)``; every `Architecture` in existence has
/// passed validation, so the engine never needs to recheck it.
public struct Architecture: Sendable, Equatable {
  /// The short name commands take and reports print (`x86-64`, `arm64-4k-48`), unique among the built-ins.
  public let name: String
  /// A one-line human name, such as "x86-64, four-level paging".
  public let title: String
  /// A sentence or two on what the architecture is and where it is used, for listings and report cards.
  public let summary: String
  /// Bits translated by the page tables, offset included.
  public let virtualAddressBits: Int
  /// Width of a virtual address register (32 or 64).
  public let pointerBits: Int
  /// What the bits between `virtualAddressBits` and `pointerBits` must hold.
  public let upperBits: UpperBitsRule
  /// How the upper bits choose a tree, when `upperBits` is `.selectRoot`.
  public let rootSelection: RootSelection?
  /// Bits of a physical address: with ``offsetBits``, how many frames an entry can name.
  public let physicalAddressBits: Int
  /// log2 of the base page size.
  public let offsetBits: Int
  /// Bytes per entry.
  public let entrySize: Int
  /// Root first.
  public let levels: [Level]
  /// True when the descriptor left `levels` out and they were derived.
  public let levelsAreDerived: Bool
  /// Where each field of a page-table entry sits, shared by every level.
  public let entryFormat: EntryFormat
  /// Where the numbers come from (manuals, specifications, kernel sources), so a reader can check them.
  public let sources: [String]
  /// Remarks the descriptor makes about the architecture, printed with it by `paging show`.
  public let notes: [String]

  init(
    spec: ArchitectureSpec, offsetBits: Int, levels: [Level], derived: Bool, format: EntryFormat,
    upperBits: UpperBitsRule,
    rootSelection: RootSelection?, pointerBits: Int
  ) {
    self.name = spec.name
    self.title = spec.title
    self.summary = spec.summary
    self.virtualAddressBits = spec.virtualAddressBits
    self.pointerBits = pointerBits
    self.upperBits = upperBits
    self.rootSelection = rootSelection
    self.physicalAddressBits = spec.physicalAddressBits
    self.offsetBits = offsetBits
    self.entrySize = spec.entrySize
    self.levels = levels
    self.levelsAreDerived = derived
    self.entryFormat = format
    self.sources = spec.sources
    self.notes = spec.notes
  }
}

/// One level of the page-table tree.
public struct Level: Sendable, Equatable {
  /// The level's name in the architecture's own manuals (`PML4`, `PD`, `L2`), used in every listing.
  public let name: String
  /// Virtual-address bits that index this level's tables.
  public let indexBits: Int
  /// Whether an entry at this level may be a leaf mapping its whole span
  /// (a large page). Always true for the bottom level, which maps base pages.
  public let mapsLeaves: Bool
  /// Pages one table at this level occupies: 1, except for a root wider
  /// than a page (RISC-V's G-stage roots, AArch64's concatenated stage-2
  /// tables, POWER9 radix), which spans this many contiguous pages aligned
  /// to their total size.
  public let pages: Int
  /// Whether pointer entries at this level restrict what lies below: the
  /// entry format's rule, unless the level overrides it (PAE's PDPTEs have
  /// no R/W or U/S bits, Intel SDM Vol. 3A, "PAE Paging", PDPTE format).
  public let pointersCarryPermissions: Bool
  /// Entry bits that must be zero at this level; a walk faults on an
  /// entry with any of them set.
  public let reservedMask: UInt128
  /// Where a large-page leaf here keeps its address, when not in the frame
  /// field: pieces giving successive physical-address bits from the page's
  /// alignment up.
  public let largePageFrame: [BitField]?

  /// A level as validation builds it; the defaults are the common case of a one-page table whose pointers carry
  /// permissions and which has no reserved bits or split large-page frame.
  public init(
    name: String, indexBits: Int, mapsLeaves: Bool, pages: Int = 1,
    pointersCarryPermissions: Bool = true, reservedMask: UInt128 = 0, largePageFrame: [BitField]? = nil
  ) {
    self.name = name
    self.indexBits = indexBits
    self.mapsLeaves = mapsLeaves
    self.pages = pages
    self.pointersCarryPermissions = pointersCarryPermissions
    self.reservedMask = reservedMask
    self.largePageFrame = largePageFrame
  }
}

/// What the untranslated high bits of a virtual address must hold.
public enum UpperBitsRule: String, Sendable, Equatable, CaseIterable {
  /// Copies of the highest translated bit (x86-64 "canonical", RISC-V, ARM's
  /// TTBR0/TTBR1 split).
  case signExtend = "sign_extend"
  /// Zero.
  case zero
  /// Anything: the hardware ignores them.
  case ignore
  /// They choose one of several trees, each translating the full
  /// `virtualAddressBits` (AArch64's TTBR0 and TTBR1, POWER9 radix's
  /// quadrants): see ``RootSelection``.
  case selectRoot = "select_root"
  /// There are none: every bit of the pointer is translated.
  case none
}

extension Architecture {
  /// Bytes in a base page, `2^offsetBits`.
  public var pageSize: UInt128 { 1 << offsetBits }
  /// Levels in a full walk, root included.
  public var levelCount: Int { levels.count }
  /// Root is index 0.
  public var bottomLevel: Int { levels.count - 1 }
}
