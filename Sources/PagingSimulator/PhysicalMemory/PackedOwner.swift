/// A ``FrameOwner`` as the owner store keeps it in a 4-byte word: for every
/// table-zone frame, and for the frames of a data-zone block its bytes
/// cannot describe (see ``OwnerCode``).
///
/// Bits 31:30 hold the kind. A data owner keeps its process in bits 23:0;
/// a page-table owner its level in bits 29:24 and its process in 23:0; a
/// shared owner its mapping count in bits 29:0. Free is all zeros and the
/// kernel is 1, both of kind 0. Only the owner store reads these bits: the
/// rest of the simulator asks through the members below.
///
///     PackedOwner.data(process: 3).rawValue == 0x4000_0003
///     PackedOwner.pageTable(process: 3, level: 1).rawValue == 0x8100_0003
///     PackedOwner.shared(mappings: 2).adding(mappings: 1) == .shared(mappings: 3)
@usableFromInline @frozen
struct PackedOwner: Hashable {
  /// The word as stored.
  @usableFromInline var rawValue: UInt32

  @inlinable @inline(__always)
  init(rawValue: UInt32) { self.rawValue = rawValue }

  /// The kind field.
  @inlinable static var kindMask: UInt32 { 3 << 30 }
  @inlinable static var dataKind: UInt32 { 1 << 30 }
  @inlinable static var pageTableKind: UInt32 { 2 << 30 }
  @inlinable static var sharedKind: UInt32 { 3 << 30 }
  /// The process field of a data or page-table owner.
  @inlinable static var processMask: UInt32 { 0xFF_FFFF }
  /// Process ids are below this.
  @inlinable static var processLimit: UInt32 { 1 << 24 }
  /// The level field of a page-table owner, above the process.
  @inlinable static var levelShift: UInt32 { 24 }
  @inlinable static var levelMask: UInt32 { 0x3F }
  /// The mapping-count field of a shared owner: all below the kind.
  @inlinable static var mappingsMask: UInt32 { ~kindMask }

  /// Not allocated.
  @inlinable static var free: PackedOwner { PackedOwner(rawValue: 0) }
  /// A data page of the kernel.
  @inlinable static var kernel: PackedOwner { PackedOwner(rawValue: 1) }

  /// A data page of `process`, whose id must be below ``processLimit``.
  @inlinable @inline(__always)
  static func data(process: UInt32) -> PackedOwner {
    assert(process < processLimit, "process id \(process) does not fit its 24 bits")
    return PackedOwner(rawValue: dataKind | process)
  }

  /// A page-table page of `process` (below ``processLimit``) at `level`
  /// (below 64).
  @inlinable @inline(__always)
  static func pageTable(process: UInt32, level: UInt32) -> PackedOwner {
    assert(process < processLimit && level <= levelMask, "page-table owner out of its fields")
    return PackedOwner(rawValue: pageTableKind | level << levelShift | process)
  }

  /// A page that `mappings` page tables map (at most ``mappingsMask``).
  @inlinable @inline(__always)
  static func shared(mappings: UInt32) -> PackedOwner {
    assert(mappings <= mappingsMask, "a share count of \(mappings) does not fit its 30 bits")
    return PackedOwner(rawValue: sharedKind | mappings)
  }

  /// The kind field alone: 0 (free or the kernel), ``dataKind``,
  /// ``pageTableKind`` or ``sharedKind``.
  @inlinable var kind: UInt32 { rawValue & Self.kindMask }
  @inlinable var isFree: Bool { rawValue == 0 }
  @inlinable var isKernel: Bool { rawValue == 1 }
  @inlinable var isData: Bool { kind == Self.dataKind }
  @inlinable var isPageTable: Bool { kind == Self.pageTableKind }
  @inlinable var isShared: Bool { kind == Self.sharedKind }
  /// The process of a data or page-table owner.
  @inlinable var process: UInt32 { rawValue & Self.processMask }
  /// The level of a page-table owner.
  @inlinable var level: UInt32 { (rawValue >> Self.levelShift) & Self.levelMask }
  /// The mapping count of a shared owner.
  @inlinable var mappings: UInt32 { rawValue & Self.mappingsMask }
  /// Whether a shared owner's count can take one more mapping.
  @inlinable var canShareAgain: Bool { mappings < Self.mappingsMask }

  /// A shared owner with `delta` more mappings (less, when negative); the
  /// count stays inside its field (checked in debug builds).
  @inlinable @inline(__always)
  func adding(mappings delta: Int32) -> PackedOwner {
    assert(
      isShared && Int64(mappings) + Int64(delta) >= 0 && Int64(mappings) + Int64(delta) <= Int64(Self.mappingsMask))
    return PackedOwner(rawValue: rawValue &+ UInt32(bitPattern: delta))
  }
}
