import FuzzSupport
import PagingCore
import PagingDescriptors
import PagingJSON

/// An architecture descriptor file (`paging sizes my-arch.json`): decode and
/// validate it, format the error if any, and use the architecture as every
/// command would. Bytes that are not UTF-8 are read as the command reads
/// them (an error at the first bad byte), then given to json-c directly.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let input = FuzzInput(start, count)
  let architecture: Architecture
  do throws(InputError) {
    if let text = inputText(input.bytes) {
      architecture = try ArchitectureDescriptor.decode(text: text, source: "fuzz.json")
    } else {
      let document: JSONDocument
      do { document = try JSONDocument(parsing: input.bytes, source: "fuzz.json") } catch {
        throw InputError.located(error)
      }
      architecture = try ArchitectureDescriptor.decode(document)
    }
  } catch {
    _ = error.description
    return 0
  }
  exerciseArchitecture(architecture)
  return 0
}
