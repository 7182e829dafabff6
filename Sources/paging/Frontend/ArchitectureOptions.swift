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
    "virtual_address_bits": "--va-bits", "page_size": "--page-size", "entry_size": "--entry-size",
    "levels": "--levels", "physical_address_bits": "--pa-bits",
  ]

  func architecture() throws -> Architecture {
    guard let va = virtualAddressBits else {
      throw CommandFailure(option: "--va-bits", "required to describe an architecture inline")
    }
    guard (1...64).contains(va) else {
      throw CommandFailure(option: "--va-bits", "expected an integer from 1 to 64, got \(va)")
    }
    let pageSize = self.pageSize ?? 4096
    let entrySize = self.entrySize ?? defaultEntrySize(virtualAddressBits: va)
    guard [1, 2, 4, 8, 16].contains(entrySize) else {
      throw CommandFailure(option: "--entry-size", "expected 1, 2, 4, 8 or 16 bytes, got \(entrySize)")
    }
    if let physicalAddressBits, !(1...64).contains(physicalAddressBits) {
      throw CommandFailure(option: "--pa-bits", "expected an integer from 1 to 64, got \(physicalAddressBits)")
    }
    guard pageSize > 0, pageSize & (pageSize - 1) == 0, pageSize <= 1 << 40 else {
      throw CommandFailure(option: "--page-size", "expected a power of two up to 1TiB, got \(pageSize)")
    }
    let offsetBits = pageSize.trailingZeroBitCount
    let conventional = ArchitectureSpec.EntryFormatSpec.conventional(
      entrySize: entrySize, offsetBits: offsetBits, physicalAddressBits: physicalAddressBits ?? 52)
    let physical = physicalAddressBits ?? min(52, offsetBits + conventional.frameBits)
    let levelSpecs = try levelSpecs(va: va, offsetBits: offsetBits, entrySize: entrySize)
    let spec = ArchitectureSpec(
      name: "custom",
      title: "\(va)-bit addresses, \(pageSizeAdjective(pageSize)) pages, \(entrySize)-byte entries",
      summary: "Described on the command line.",
      virtualAddressBits: va, pointerBits: va <= 32 ? 32 : 64, upperBits: va == 32 || va == 64 ? nil : .signExtend,
      physicalAddressBits: physical, pageSize: pageSize, entrySize: entrySize, levels: levelSpecs,
      entryFormat: conventional, sources: ["the command line"])
    do {
      return try Architecture(validating: spec)
    } catch {
      let option = Self.optionForPath.first { error.path.hasPrefix($0.key) }?.value ?? error.path
      throw CommandFailure(option: option, error.message)
    }
  }

  private func levelSpecs(va: Int, offsetBits: Int, entrySize: Int) throws -> [ArchitectureSpec.LevelSpec]? {
    guard let levels else { return nil }
    let parts = levels.split(separator: ",", omittingEmptySubsequences: false)
    let bits = parts.map { Int($0.trimmingPrefix(" ")) }
    guard bits.allSatisfy({ $0 != nil && $0! > 0 }) else {
      throw CommandFailure(
        option: "--levels",
        "expected a level count such as 4, or index bits such as 2,9,9, got \(quotedForMessage(levels))")
    }
    let numbers = bits.map { $0! }
    if numbers.count == 1 {
      // A count: the derived split must have exactly that many levels.
      let plan: LevelPlan
      do { plan = try LevelPlan(virtualAddressBits: va, pageSize: 1 << offsetBits, entrySize: entrySize) } catch {
        throw CommandFailure(option: Self.optionForPath[error.path] ?? error.path, error.message)
      }
      guard plan.levelCount == numbers[0] else {
        throw CommandFailure(
          option: "--levels",
          "\(va)-bit addresses with \(pageSizeAdjective(1 << offsetBits)) pages and \(entrySize)-byte entries take \(plan.levelCount) levels (\(plan.indexBits.map(String.init).joined(separator: "+")) bits), not \(numbers[0]); give the bits per level, such as 2,9,9, to choose another split"
        )
      }
      return nil
    }
    return numbers.enumerated().map { index, indexBits in
      ArchitectureSpec.LevelSpec(name: "L\(numbers.count - index)", indexBits: indexBits)
    }
  }
}

/// The entry size `sizes --va-bits` and `levels` assume when none is given:
/// 4 bytes for addresses of 32 bits or fewer (as x86-32 and Sv32), else 8.
func defaultEntrySize(virtualAddressBits: Int) -> Int { virtualAddressBits <= 32 ? 4 : 8 }

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
