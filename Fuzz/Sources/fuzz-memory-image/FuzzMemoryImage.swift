import FuzzSupport
import PagingCore
import PagingDescriptors
import PagingSimulator

/// `paging translate ARCH ADDRESS --memory FILE --root ROOT [--memory-format F]`.
/// The input is
///
///     root (8 bytes, little-endian)
///     architecture and format (1 byte: the low 5 bits index the built-ins,
///       sorted by name, modulo their count; the top 3 bits modulo 3 pick
///       auto, text or raw)
///     address (8 bytes, little-endian)
///     the image (the rest)
///
/// The image is written to a file and loaded by `MemoryImageFile.load`, as
/// the command loads it (mapped when raw, parsed when a text dump). The
/// address, 0, the last pointer and the start of the upper half are walked
/// from the root, where the command would accept them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  var input = FuzzInput(start, count)
  let root = input.integer(UInt64.self)
  let selector = input.byte()
  let builtins = BuiltinArchitectures.all
  let arch = builtins[Int(selector & 0x1f) % builtins.count]
  let formats: [MemoryImageFormat] = [.auto, .text, .raw]
  let format = formats[Int(selector >> 5) % formats.count]
  let address = input.integer(UInt64.self)
  let bytes = input.rest()

  // The command's check on --root (the address is checked per walk below).
  guard UInt128(root) % arch.pageSize == 0 || arch.tableBytes(atLevel: 0) < arch.pageSize else { return 0 }

  let loaded = withTemporaryFile(bytes) { path -> MemoryImage? in
    do throws(InputError) { return try MemoryImageFile.load(path, architecture: arch, format: format) } catch {
      _ = error.description
      return nil
    }
  }
  guard let image = loaded ?? nil else { return 0 }

  let lastPointer = (UInt128(1) << arch.pointerBits) - 1
  let pointers = [UInt128(address), 0, lastPointer, arch.pointer(forTranslated: arch.addressSpaceBytes / 2)]
  for pointer in pointers where pointer >> arch.pointerBits == 0 {
    do throws(SimulationError) {
      let walk = try image.walk(pointer, architecture: arch, rootAddress: PhysicalAddress(root))
      _ = (
        walk.steps.map { formatHex($0.entry) }, walk.physicalAddress.map { formatHex($0) },
        walk.permissions?.description,
        walk.faultReason
      )
    } catch {
      _ = error.description
    }
  }
  return 0
}
