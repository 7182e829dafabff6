import FuzzSupport
import PagingCore
import PagingDescriptors
import PagingJSON
import PagingProcesses

/// The architectures a snapshot is costed on: its own two modes' built-ins,
/// a 32-bit one that cannot hold it, and a three-level one.
let architectures = ["x86-64", "x86-32", "riscv-sv39", "arm64-64k-48"].compactMap(BuiltinArchitectures.named)

/// A process snapshot (`paging proc --snapshot FILE`): decode it, count its
/// tables, predict VmPTE, cost it elsewhere, and write it back.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let input = FuzzInput(start, count)
  guard let text = inputText(input.bytes) else { return 0 }
  let snapshot: ProcessSnapshot
  do { snapshot = try ProcessSnapshot.decode(text: text, source: "fuzz.json") } catch {
    _ = error.description
    return 0
  }
  guard let analysis = try? ProcessAnalysis(snapshot) else { return 0 }
  _ = (analysis.predictedVmPTEBytes, analysis.comparison, analysis.pageTableBytes)
  for cost in analysis.whatIf(on: architectures) {
    _ = (cost.pageTableBytes, cost.upperBoundPageTableBytes, cost.reason)
  }
  // Written back and read again, the same snapshot.
  if let again = try? ProcessSnapshot.decode(text: snapshot.jsonText(), source: "again.json"), again != snapshot {
    fatalError("a snapshot read back differs from the one written")
  }
  return 0
}
