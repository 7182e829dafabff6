import FuzzSupport
import PagingCore
import PagingDescriptors

/// The inline architecture options, `--va-bits V --page-size P --entry-size E
/// --levels L --pa-bits A`. Their logic lives in the executable
/// (`InlineArchitectureOptions.architecture()` in
/// `Sources/paging/Frontend/ArchitectureOptions.swift`); this follows it call
/// for call through the library, then uses the architecture as the commands
/// do. The input is
///
///     presence (1 byte: bit 0 page size, 1 entry size, 2 levels, 3 pa bits)
///     V, E, A (8 bytes each, little-endian, signed: the options take any Int)
///     P (16 bytes, little-endian)
///     L (the rest, as text)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  var input = FuzzInput(start, count)
  let present = input.byte()
  let va = input.integer(Int.self)
  let entryOption = input.integer(Int.self)
  let paOption = input.integer(Int.self)
  let pageOption = input.integer(UInt128.self)
  let levelsOption = input.restAsText()

  let pageSize = present & 1 != 0 ? pageOption : 4096
  let entrySize = present & 2 != 0 ? entryOption : (va <= 32 ? 4 : 8)  // defaultEntrySize(virtualAddressBits:)
  let levels = present & 4 != 0 ? levelsOption : nil
  let physicalAddressBits = present & 8 != 0 ? paOption : nil

  guard pageSize > 0, pageSize & (pageSize - 1) == 0, pageSize <= 1 << 40 else {
    _ = "expected a power of two up to 1TiB, got \(pageSize)"
    return 0
  }
  let offsetBits = pageSize.trailingZeroBitCount
  let conventional = ArchitectureSpec.EntryFormatSpec.conventional(
    entrySize: entrySize, offsetBits: offsetBits, physicalAddressBits: physicalAddressBits ?? 52)
  let physical = physicalAddressBits ?? min(52, offsetBits + conventional.frameBits)

  var levelSpecs: [ArchitectureSpec.LevelSpec]? = nil
  if let levels {
    let bits = levels.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingPrefix(" ")) }
    guard bits.allSatisfy({ $0 != nil && $0! > 0 }) else {
      _ = quotedForMessage(levels)
      return 0
    }
    let numbers = bits.map { $0! }
    if numbers.count == 1 {
      guard let plan = try? LevelPlan(virtualAddressBits: va, pageSize: 1 << offsetBits, entrySize: entrySize) else {
        return 0
      }
      guard plan.levelCount == numbers[0] else {
        _ = "\(pageSizeAdjective(1 << offsetBits)) \(plan.indexBits.map(String.init).joined(separator: "+"))"
        return 0
      }
    } else {
      levelSpecs = numbers.enumerated().map { index, indexBits in
        ArchitectureSpec.LevelSpec(name: "L\(numbers.count - index)", indexBits: indexBits)
      }
    }
  }
  let spec = ArchitectureSpec(
    name: "custom",
    title: "\(va)-bit addresses, \(pageSizeAdjective(pageSize)) pages, \(entrySize)-byte entries",
    summary: "Described on the command line.",
    virtualAddressBits: va, pointerBits: va <= 32 ? 32 : 64, upperBits: va == 32 || va == 64 ? nil : .signExtend,
    physicalAddressBits: physical, pageSize: pageSize, entrySize: entrySize, levels: levelSpecs,
    entryFormat: conventional, sources: ["the command line"])
  let arch: Architecture
  do { arch = try Architecture(validating: spec) } catch {
    _ = error.description
    return 0
  }
  exerciseArchitecture(arch)
  return 0
}
