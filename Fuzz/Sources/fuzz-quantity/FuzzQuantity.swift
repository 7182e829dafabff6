import FuzzSupport
import PagingCore
import PagingDescriptors
import PagingJSON
import PagingScenarios
import PagingSimulator

let architectures = ["x86-64", "x86-32", "arm64-64k-42"].compactMap(BuiltinArchitectures.named)

/// Size and address expressions as the commands take them (`--pages 2^9+1`,
/// `--size 3*4K`, `translate x86-64 0xffff800000001234`). The input is up to
/// three expressions, one a line: A, B, C. Each is parsed and formatted;
/// then A, B and C are used as the commands use them: an address to
/// translate, `footprint --bytes/--pages A --start C`, `footprint
/// --allocations A --size B`, `simulate --allocations A --size B --start C`
/// (the ranges and the default memory, not the run) and `levels --va-bits A
/// --page-size B --entry-size C`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  var input = FuzzInput(start, count)
  let lines = input.restAsText().split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
  var values: [UInt128] = []
  for line in lines {
    do {
      let value = try Quantity.parse(String(line))
      values.append(value)
      _ = (
        formatHex(value), formatBytes(value), formatBytesExactly(value), formatCount(value), powerOfTwoSum(value),
        formatBytesRoughly(value), pageSizeAdjective(value), counted(value, "page")
      )
    } catch {
      _ = (error.reason, quotedForMessage(line))
      values.append(0)
    }
  }
  guard let a = values.first else { return 0 }
  let b = values.count > 1 ? values[1] : a
  let c = values.count > 2 ? values[2] : 0
  /// `parseSmallInteger`: bit counts and entry sizes.
  func small(_ value: UInt128) -> Int? { value <= 1 << 20 ? Int(value) : nil }

  for arch in architectures {
    // translate ARCH A
    if a >> arch.pointerBits == 0 { _ = arch.translation(of: a).json(architecture: arch) }
    // footprint ARCH --bytes A / --pages A [--start C | --worst], --allocations A --size B
    for workload in [Workload.bytes(a), .pages(a), .allocations(count: a, size: b)] {
      for placement in [Placement.at(c), .worst] {
        guard let result = try? arch.footprint(of: workload, placement: placement, largePages: c & 1 == 1) else {
          continue
        }
        // The values `--format json` prints (serializing is the ranges target's).
        _ = result.json(pageSize: arch.pageSize)
      }
    }
    // simulate --arch ARCH --allocations A --size B --start C
    _ = try? AllocationRequest(start: c, count: a, size: b).ranges(architecture: arch)
    let shortcut = Scenario(
      title: "", summary: "", architectures: [arch.name], physicalMemory: nil, kernel: [],
      steps: [
        .create(process: "p1"),
        .allocate(
          process: "p1", start: .pointer(c), count: a, size: b, layout: .contiguous,
          largePages: false, permissions: [.writable, .user]),
      ])
    _ = shortcut.defaultMemoryBytes(for: arch)
  }
  // levels --va-bits A --page-size B --entry-size C
  if let va = small(a), let entrySize = small(c) {
    _ = (try? LevelPlan(virtualAddressBits: va, pageSize: b, entrySize: entrySize == 0 ? 8 : entrySize))?.json
      .serialized()
  }
  return 0
}
