import PagingCore

/// An architecture described by a handful of numbers instead of a
/// descriptor, as `paging sizes --va-bits 48 --page-size 4K` gives them:
/// conventional entries (present, writable, user, a frame field above the
/// page offset), levels derived unless given.
///
///     let arch = try InlineArchitecture(virtualAddressBits: 39, levels: "3").architecture()
///     arch.levelCount   // 3: 9+9+9 index bits over 4 KiB pages
///
/// Every number is checked here, before any arithmetic, so out-of-range
/// input is an ``InlineArchitectureError`` naming the field, never a trap.
public struct InlineArchitecture: Sendable, Equatable {
  /// Virtual address bits, 1 to 64.
  public var virtualAddressBits: Int
  /// Page size in bytes, a power of two up to 1 TiB; 4 KiB when nil.
  public var pageSize: UInt128?
  /// Bytes per entry (1, 2, 4, 8 or 16); ``defaultEntrySize(virtualAddressBits:)`` when nil.
  public var entrySize: Int?
  /// A level count (`"4"`, which must match the derived split) or index
  /// bits per level from the root (`"2,9,9"`); derived when nil.
  public var levels: String?
  /// Physical address bits, 1 to 64; when nil, what the entry's frame
  /// field reaches, at most 52.
  public var physicalAddressBits: Int?

  /// A description; nothing is checked until ``architecture()``.
  public init(
    virtualAddressBits: Int, pageSize: UInt128? = nil, entrySize: Int? = nil, levels: String? = nil,
    physicalAddressBits: Int? = nil
  ) {
    self.virtualAddressBits = virtualAddressBits
    self.pageSize = pageSize
    self.entrySize = entrySize
    self.levels = levels
    self.physicalAddressBits = physicalAddressBits
  }

  /// The entry size assumed when none is given: 4 bytes for addresses of
  /// 32 bits or fewer (as x86-32 and Sv32), else 8.
  public static func defaultEntrySize(virtualAddressBits: Int) -> Int { virtualAddressBits <= 32 ? 4 : 8 }

  /// The architecture, named `custom`, validated as a descriptor is.
  ///
  /// - Throws: ``InlineArchitectureError`` naming the field at fault.
  public func architecture() throws(InlineArchitectureError) -> Architecture {
    let va = virtualAddressBits
    guard (1...64).contains(va) else {
      throw .init(DescriptorKey.virtualAddressBits.rawValue, "expected an integer from 1 to 64, got \(va)")
    }
    let pageSize = self.pageSize ?? 4096
    let entrySize = self.entrySize ?? Self.defaultEntrySize(virtualAddressBits: va)
    guard [1, 2, 4, 8, 16].contains(entrySize) else {
      throw .init(DescriptorKey.entrySize.rawValue, "expected 1, 2, 4, 8 or 16 bytes, got \(entrySize)")
    }
    if let physicalAddressBits, !(1...64).contains(physicalAddressBits) {
      throw .init(
        DescriptorKey.physicalAddressBits.rawValue, "expected an integer from 1 to 64, got \(physicalAddressBits)")
    }
    guard pageSize > 0, pageSize & (pageSize - 1) == 0, pageSize <= 1 << 40 else {
      throw .init(DescriptorKey.pageSize.rawValue, "expected a power of two up to 1TiB, got \(pageSize)")
    }
    let offsetBits = pageSize.trailingZeroBitCount
    let conventional = ArchitectureSpec.EntryFormatSpec.conventional(
      entrySize: entrySize, offsetBits: offsetBits, physicalAddressBits: physicalAddressBits ?? 52)
    let physical = physicalAddressBits ?? min(52, offsetBits + conventional.frameBits)
    let spec = ArchitectureSpec(
      name: "custom",
      title: "\(va)-bit addresses, \(pageSizeAdjective(pageSize)) pages, \(entrySize)-byte entries",
      summary: "Described on the command line.",
      virtualAddressBits: va, pointerBits: va <= 32 ? 32 : 64, upperBits: va == 32 || va == 64 ? nil : .signExtend,
      physicalAddressBits: physical, pageSize: pageSize, entrySize: entrySize,
      levels: try levelSpecs(offsetBits: offsetBits, entrySize: entrySize),
      entryFormat: conventional, sources: ["the command line"])
    do { return try Architecture(validating: spec) } catch {
      throw .init(error.path, error.message)
    }
  }

  /// The levels as given: nil to derive them (a count must match the
  /// derived split), or one level per index-bits number.
  private func levelSpecs(offsetBits: Int, entrySize: Int) throws(InlineArchitectureError)
    -> [ArchitectureSpec.LevelSpec]?
  {
    guard let levels else { return nil }
    var numbers: [Int] = []
    for part in levels.split(separator: ",", omittingEmptySubsequences: false) {
      guard let number = Int(part.trimmingPrefix(" ")), number > 0 else {
        throw .init(
          DescriptorKey.levels.rawValue,
          "expected a level count such as 4, or index bits such as 2,9,9, got \(quotedForMessage(levels))")
      }
      numbers.append(number)
    }
    guard numbers.count == 1 else {
      return numbers.enumerated().map { index, indexBits in
        ArchitectureSpec.LevelSpec(name: "L\(numbers.count - index)", indexBits: indexBits)
      }
    }
    let plan: LevelPlan
    do {
      plan = try LevelPlan(virtualAddressBits: virtualAddressBits, pageSize: 1 << offsetBits, entrySize: entrySize)
    } catch { throw .init(error.path, error.message) }
    guard plan.levelCount == numbers[0] else {
      throw .init(
        DescriptorKey.levels.rawValue,
        "\(virtualAddressBits)-bit addresses with \(pageSizeAdjective(1 << offsetBits)) pages and \(entrySize)-byte entries take \(plan.levelCount) levels (\(plan.indexBits.map(String.init).joined(separator: "+")) bits), not \(numbers[0]); give the bits per level, such as 2,9,9, to choose another split"
      )
    }
    return nil
  }
}

/// Why an ``InlineArchitecture`` describes no valid architecture, and
/// which of its numbers is at fault.
public struct InlineArchitectureError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The field at fault, as a descriptor would name it: `virtual_address_bits`,
  /// `page_size`, `entry_size`, `levels`, `physical_address_bits`, or a
  /// path below one (`levels[1].index_bits`) when validation found it.
  public let path: String
  /// What is wrong with it, without the field's name.
  public let message: String

  init(_ path: String, _ message: String) {
    self.path = path
    self.message = message
  }

  /// `path: message`, one line, as the command line prints it.
  public var description: String { "\(path): \(message)" }
}
