import FuzzSupport
import PagingCore
import PagingDescriptors

/// The inline architecture options, `--va-bits V --page-size P --entry-size E
/// --levels L --pa-bits A`, through the library call the executable makes
/// (`InlineArchitecture.architecture()`), then the architecture used as the
/// commands use it. The input is
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
  let entrySize = input.integer(Int.self)
  let physicalAddressBits = input.integer(Int.self)
  let pageSize = input.integer(UInt128.self)
  let levels = input.restAsText()
  let description = InlineArchitecture(
    virtualAddressBits: va, pageSize: present & 1 != 0 ? pageSize : nil, entrySize: present & 2 != 0 ? entrySize : nil,
    levels: present & 4 != 0 ? levels : nil, physicalAddressBits: present & 8 != 0 ? physicalAddressBits : nil)
  let arch: Architecture
  do { arch = try description.architecture() } catch {
    _ = error.description
    return 0
  }
  exerciseArchitecture(arch)
  return 0
}
