import Foundation
import PagingCore
import PagingDescriptors
import PagingSimulator
import Testing

/// A built-in architecture by name; the descriptor tests check they all load.
func builtin(_ name: String) -> Architecture {
  guard let architecture = BuiltinArchitectures.named(name) else { fatalError("no built-in \(name)") }
  return architecture
}

/// x86-64 as its descriptor gives it, but with 36-bit physical addresses:
/// its 40-bit frame field then names frames past the physical address
/// space, which validation allows (the field need only be wide enough).
func x86With36BitPhysicalAddresses() throws -> Architecture {
  let text = try #require(BuiltinArchitectures.descriptorTexts.first { $0.name == "Architectures/x86-64.json" }?.text)
  let narrowed = text.replacingOccurrences(of: "\"physical_address_bits\": 52", with: "\"physical_address_bits\": 36")
  try #require(narrowed != text)
  return try ArchitectureDescriptor.decode(text: narrowed, source: "x86-64 with 36-bit physical addresses")
}

/// `value` as the 8 little-endian bytes of an entry.
func entryBytes(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }

/// A raw image of `size` bytes (4 KiB pages) holding 8-byte `entries`.
func rawImage(_ entries: [(address: Int, value: UInt64)], size: Int = 0x6000) -> MemoryImage {
  var bytes = [UInt8](repeating: 0, count: size)
  for (address, value) in entries { bytes.replaceSubrange(address..<address + 8, with: entryBytes(value)) }
  return MemoryImage(raw: bytes, pageSize: 4096)
}

extension PhysicalMemory {
  /// The frames currently held by each kind of owner, for leak checks.
  var allocatedByKind: (kernel: Int, data: Int, pageTables: Int) {
    var kernel = 0
    var data = 0
    var tables = 0
    for frame in 0..<frameCount {
      switch owner(of: FrameNumber(index: frame)) {
      case .free: break
      case .kernel: kernel += 1
      case .data, .shared: data += 1
      case .pageTable(let process, _): if process == 0 { kernel += 1 } else { tables += 1 }
      }
    }
    return (kernel, data, tables)
  }
}
