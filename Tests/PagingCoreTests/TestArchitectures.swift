// Names follow the manuals (x86_64, RLIMIT_AS) where they name their things.
// swift-format-ignore-file: AlwaysUseLowerCamelCase

@testable import PagingCore

/// Architectures built from numbers in the manuals, independent of the
/// descriptor files, so core tests check the engine and nothing else.
enum TestArchitectures {
  static func make(
    _ name: String, va: Int, page: UInt128, entry: Int, levels: [(String, Int, UInt128?)]?,
    pointerBits: Int? = nil, upper: UpperBitsRule? = nil, physical: Int = 52
  ) -> Architecture {
    let offset = page.trailingZeroBitCount
    var format = ArchitectureSpec.EntryFormatSpec.conventional(
      entrySize: entry, offsetBits: offset, physicalAddressBits: physical)
    if format.frameBits < physical - offset { format.frameBits = physical - offset }
    let spec = ArchitectureSpec(
      name: name, title: name, summary: name, virtualAddressBits: va, pointerBits: pointerBits, upperBits: upper,
      physicalAddressBits: physical, pageSize: page, entrySize: entry,
      levels: levels?.map { ArchitectureSpec.LevelSpec(name: $0.0, indexBits: $0.1, largePage: $0.2) },
      entryFormat: format, sources: ["test"])
    do { return try Architecture(validating: spec) } catch { fatalError("\(error)") }
  }

  /// Intel SDM Vol. 3A 4.3: PD and PT of 1024 4-byte entries.
  static let x86_32 = make(
    "x86-32", va: 32, page: 4096, entry: 4, levels: [("PD", 10, nil), ("PT", 10, nil)], physical: 32)

  /// Intel SDM Vol. 3A 4.5: PML4, PDPT (1 GiB pages), PD (2 MiB pages), PT.
  static let x86_64 = make(
    "x86-64", va: 48, page: 4096, entry: 8,
    levels: [("PML4", 9, nil), ("PDPT", 9, 1 << 30), ("PD", 9, 1 << 21), ("PT", 9, nil)],
    upper: .signExtend)

  /// Intel SDM Vol. 3A 4.4: a 4-entry PDPT (a 32-byte root), PD, PT.
  static let pae = make(
    "pae", va: 32, page: 4096, entry: 8, levels: [("PDPT", 2, nil), ("PD", 9, 1 << 21), ("PT", 9, nil)])

  /// All 64 bits translated with 4 KiB pages: levels derived.
  static let full64 = make("full64", va: 64, page: 4096, entry: 8, levels: nil)

  /// 15-bit addresses, 32-byte pages, 1-byte entries.
  static let teaching = make(
    "teaching", va: 15, page: 32, entry: 1, levels: [("PD", 5, nil), ("PT", 5, nil)],
    upper: .zero, physical: 10)
}
