import FuzzSupport
import PagingCore
import PagingDescriptors
import PagingJSON
import PagingScenarios
import PagingSimulator

/// Physical memory of at most 4 MiB (1,024 frames of 4 KiB, 64 of 64 KiB),
/// so one input costs little memory and time.
let memoryCap: UInt128 = 4 << 20
/// The host-memory budget the command checks a job against before running
/// it (`--host-memory-limit 1GiB`).
let hostBudget = HostMemoryBudget(bytes: 1 << 30, reason: "set by --host-memory-limit")

/// A scenario file (`paging simulate FILE --format json --show tree,memory`):
/// decode it, then run it on each built-in architecture it names (two at
/// most; descriptor paths are not opened), with the memory it asks for or
/// the default, capped, when the command's host-memory check lets it run.
/// Run failures are located as the command does.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
  let input = FuzzInput(start, count)
  guard let text = inputText(input.bytes) else { return 0 }
  let file: ScenarioFile
  do { file = try ScenarioFile.decode(text: text, source: "fuzz.json") } catch {
    _ = error.description
    return 0
  }
  let scenario = file.scenario
  for name in scenario.architectures.prefix(2) {
    guard let arch = BuiltinArchitectures.named(name) else { continue }
    let estimate = scenario.hostMemoryEstimate(for: arch)
    guard estimate.totalBytes <= hostBudget.bytes else {
      _ = HostMemoryError(estimate: estimate, budget: hostBudget.bytes, budgetReason: hostBudget.reason).description
      continue
    }
    let wanted = scenario.physicalMemory ?? scenario.defaultMemoryBytes(for: arch)
    do {
      let run = try scenario.run(
        on: arch, memoryBytes: min(wanted, memoryCap), capturingDump: true,
        capturingMemoryMap: true)
      _ = run.json.serialized()
    } catch let error as ScenarioError {
      _ = file.locate(error).description
    } catch {
      _ = "\(error)"
    }
  }
  return 0
}
