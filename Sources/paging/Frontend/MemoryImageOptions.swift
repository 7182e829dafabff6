import ArgumentParser
import PagingCore
import PagingDescriptors
import PagingSimulator

extension MemoryImageFormat: ExpressibleByArgument {}

/// `--memory FILE`, `--memory-format`, and the root as `--root PA` or
/// `--root-page N`, shared by `translate` and `mappings`.
struct MemoryImageOptions: ParsableArguments {
  @Option(help: "A physical-memory image: raw bytes, or a text dump of `page N: bytes` lines.")
  var memory: String?

  @Option(
    help:
      "How to read --memory: text (a dump of `page N: bytes` lines), raw (byte i is physical address i), or auto: text when the file starts with `#` or `page` or its first 4 KiB are printable ASCII, else raw."
  )
  var memoryFormat: MemoryImageFormat = .auto

  @Option(
    parsing: .unconditional, help: "Physical address of the root table (with --memory).", transform: parseQuantity)
  var root: UInt128?

  @Option(
    parsing: .unconditional,
    help:
      "The root table's physical page number, as OSTEP gives its page directory base register (with --memory; instead of --root).",
    transform: parseQuantity)
  var rootPage: UInt128?

  func validate() throws {
    if root != nil && rootPage != nil {
      throw ValidationError("Give the root as --root (an address) or --root-page (a page number), not both.")
    }
    if (memory == nil) != (root == nil && rootPage == nil) {
      throw ValidationError("--memory and --root (or --root-page) go together.")
    }
  }

  /// The option that gave the root, for messages.
  var rootOption: String { rootPage == nil ? "--root" : "--root-page" }

  /// The root's byte address from --root or --root-page, checked against
  /// `arch`'s physical address space and table alignment; nil without one.
  func rootAddress(_ arch: Architecture) throws -> PhysicalAddress? {
    let physicalBytes = UInt128(1) << arch.physicalAddressBits
    let address: UInt128
    if let rootPage {
      let pages = physicalBytes >> arch.offsetBits
      guard rootPage < pages else {
        throw CommandFailure(
          option: "--root-page",
          "page \(rootPage) is beyond \(arch.name)'s \(arch.physicalAddressBits)-bit physical address space (pages 0 to \(pages - 1))"
        )
      }
      address = rootPage << arch.offsetBits
    } else if let root {
      guard root < physicalBytes else {
        throw CommandFailure(
          option: "--root",
          "\(formatHex(root)) is beyond \(arch.name)'s \(arch.physicalAddressBits)-bit physical address space")
      }
      address = root
    } else {
      return nil
    }
    if let problem = arch.rootAlignmentProblem(address) { throw CommandFailure(option: rootOption, problem) }
    // Below 2^physicalAddressBits, which is at most 2^64.
    guard let word = UInt64(exactly: address) else {
      throw CommandFailure(option: rootOption, "\(formatHex(address)) does not fit a 64-bit physical address")
    }
    return PhysicalAddress(word)
  }

  /// The image in --memory, read for `arch`.
  func load(_ arch: Architecture) throws -> MemoryImage? {
    guard let memory else { return nil }
    return try failingCleanly { try MemoryImageFile.load(memory, architecture: arch, format: memoryFormat) }
  }
}
