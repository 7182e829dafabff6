import ArgumentParser
import PagingCore
import PagingDescriptors

/// Inline description of an architecture: `--va-bits 48 --page-size 4K`.
struct InlineArchitectureOptions: ParsableArguments {
  @Option(
    name: .customLong("va-bits"), parsing: .unconditional,
    help: "Describe an architecture inline: virtual address bits (1-64).")
  var virtualAddressBits: Int?

  @Option(parsing: .unconditional, help: "Inline: page size (default 4K).", transform: parseQuantity)
  var pageSize: UInt128?

  @Option(
    parsing: .unconditional,
    help: "Inline: bytes per entry (default 8, or 4 for 32-bit and narrower addresses, as for `levels`).")
  var entrySize: Int?

  @Option(help: "Inline: level count (4), or index bits per level root first (2,9,9). Default: derived.")
  var levels: String?

  @Option(
    name: .customLong("pa-bits"), parsing: .unconditional,
    help: "Inline: physical address bits (default: what the entry's frame field allows, at most 52).")
  var physicalAddressBits: Int?

  var isUsed: Bool {
    virtualAddressBits != nil || pageSize != nil || entrySize != nil || levels != nil || physicalAddressBits != nil
  }

  /// Flag names for the spec paths validation reports.
  static let optionForPath = [
    DescriptorKey.virtualAddressBits.rawValue: "--va-bits", DescriptorKey.pageSize.rawValue: "--page-size",
    DescriptorKey.entrySize.rawValue: "--entry-size", DescriptorKey.levels.rawValue: "--levels",
    DescriptorKey.physicalAddressBits.rawValue: "--pa-bits",
  ]

  /// The architecture the options describe (PagingDescriptors checks
  /// them); a problem is reported at the option that caused it.
  func architecture() throws -> Architecture {
    guard let virtualAddressBits else {
      throw CommandFailure(option: "--va-bits", "required to describe an architecture inline")
    }
    let description = InlineArchitecture(
      virtualAddressBits: virtualAddressBits, pageSize: pageSize, entrySize: entrySize, levels: levels,
      physicalAddressBits: physicalAddressBits)
    do { return try description.architecture() } catch {
      let option = Self.optionForPath.first { error.path.hasPrefix($0.key) }?.value ?? error.path
      throw CommandFailure(option: option, error.message)
    }
  }
}

/// Loads architectures named on the command line.
func loadArchitecture(_ nameOrPath: String) throws -> Architecture {
  try failingCleanly { try BuiltinArchitectures.resolve(nameOrPath) }
}

/// One architecture: ARCH, or the inline options.
struct SingleArchitectureOptions: ParsableArguments {
  @Argument(help: "A built-in architecture name or a descriptor path.")
  var architecture: String?

  @OptionGroup(title: "Inline architecture")
  var inline: InlineArchitectureOptions

  func validate() throws {
    if architecture != nil && inline.isUsed {
      throw ValidationError("Give either ARCH or the inline options (--va-bits, --page-size, ...), not both.")
    }
    if architecture == nil && !inline.isUsed {
      throw ValidationError("Missing ARCH: name a built-in (see `paging list`), a descriptor path, or use --va-bits.")
    }
  }

  func load() throws -> Architecture {
    if let architecture { return try loadArchitecture(architecture) }
    return try inline.architecture()
  }
}
