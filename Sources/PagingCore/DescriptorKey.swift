/// The keys of an architecture descriptor (`Architectures/*.json`), each
/// spelled once: PagingDescriptors reads them, `paging show --format json`
/// writes them back, and ``ArchitectureError`` paths name them.
///
///     DescriptorKey.virtualAddressBits.rawValue == "virtual_address_bits"
///     "\(DescriptorKey.levels)[2].\(DescriptorKey.indexBits)" == "levels[2].index_bits"
public enum DescriptorKey: String, Sendable, CaseIterable, CustomStringConvertible {
  // The descriptor's top level.
  /// The descriptor format's version.
  case formatVersion = "format_version"
  /// An architecture's, a level's or a root's name.
  case name
  /// The architecture's title.
  case title
  /// `description`, the one-paragraph summary.
  case summary = "description"
  /// Translated virtual-address bits.
  case virtualAddressBits = "virtual_address_bits"
  /// The width of a pointer, 32 or 64.
  case pointerBits = "pointer_bits"
  /// What the pointer bits above the translated ones must be.
  case upperBits = "upper_bits"
  /// How the upper bits choose among several trees.
  case rootSelect = "root_select"
  /// Physical-address bits.
  case physicalAddressBits = "physical_address_bits"
  /// The base page size.
  case pageSize = "page_size"
  /// Bytes per entry.
  case entrySize = "entry_size"
  /// The levels, root first.
  case levels
  /// The entry format, or a level's differences from it.
  case entryFormat = "entry_format"
  /// The manual sections and headers the facts come from.
  case sources
  /// Remarks on what the descriptor leaves out.
  case notes

  // A level (besides `name` and `entry_format`).
  /// Virtual-address bits that index a level's tables.
  case indexBits = "index_bits"
  /// A level's large-page size, and the entry format's large-page bit.
  case largePage = "large_page"
  /// Pages a root wider than a page fills.
  case pages

  // An entry format (the architecture's, or a level's differences).
  /// How leaves are told from pointers.
  case leafEncoding = "leaf_encoding"
  /// Whether pointer entries restrict what lies below them.
  case pointerPermissions = "pointer_permissions"
  /// The frame-number field.
  case frame
  /// A field's lowest bit.
  case lowBit = "low_bit"
  /// A field's width, or `root_select`'s selector bits.
  case bits
  /// Bit ranges a level's entries must keep clear.
  case reserved
  /// A bit range's highest bit.
  case high
  /// A bit range's lowest bit.
  case low
  /// Where a large page's frame bits sit, when split.
  case largePageFrame = "large_page_frame"

  // An entry format's single-bit fields (see ``singleBitFields``).
  /// The present (valid) bit.
  case present
  /// A bit that grants writes.
  case writable
  /// A bit that denies writes.
  case readOnly = "read_only"
  /// The user (unprivileged) bit.
  case user
  /// The accessed bit.
  case accessed
  /// The dirty bit.
  case dirty
  /// The global bit.
  case global
  /// The bit that marks a table pointer.
  case table
  /// The read-permission bit.
  case readable
  /// A bit that grants execution.
  case executable
  /// A bit that denies execution.
  case noExecute = "no_execute"

  // `root_select` (besides `bits`, `high`, `low` and `name`).
  /// What the upper bits besides the selector must be.
  case otherBits = "other_bits"
  /// Whether the top byte is ignored.
  case topByteIgnore = "top_byte_ignore"
  /// The trees the selector chooses among.
  case roots
  /// A root's selector value.
  case value

  /// The entry format's single-bit fields, in the order a descriptor lists
  /// them and validation checks them.
  public static let singleBitFields: [DescriptorKey] = [
    .present, .writable, .readOnly, .user, .accessed, .dirty, .global, .largePage, .table, .readable, .executable,
    .noExecute,
  ]

  /// The key as a descriptor spells it.
  public var description: String { rawValue }
}
