import FuzzSupport
import PagingCore
import PagingDescriptors
import PagingJSON

/// The architectures a ranges file is tried on: sign-extended 48-bit, a
/// 32-bit one and a three-level one.
let architectures = ["x86-64", "x86-32", "riscv-sv39"].compactMap(BuiltinArchitectures.named)

/// A ranges file (`paging footprint ARCH --ranges FILE`): decode it for each
/// architecture and compute its footprint with and without large pages.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let input = FuzzInput(start, count)
  guard let text = inputText(input.bytes) else { return 0 }
  for arch in architectures {
    let ranges: [AddressRange]
    do { ranges = try RangesFile.decode(text: text, source: "fuzz.json", architecture: arch) } catch {
      _ = error.description
      continue
    }
    for largePages in [false, true] {
      let result = arch.footprint(of: ranges, largePages: largePages)
      _ = JSONValue.object(result.json(pageSize: arch.pageSize)).serialized()
      _ = (formatCount(result.totalPages), formatBytesExactly(result.pageTablePages * arch.pageSize))
    }
    _ = arch.leafDecomposition(of: ranges, largePages: true)
  }
  return 0
}
