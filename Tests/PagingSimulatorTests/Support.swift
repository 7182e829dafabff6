import PagingCore
import PagingDescriptors
import PagingSimulator

/// A built-in architecture by name; the descriptor tests check they all load.
func builtin(_ name: String) -> Architecture {
  guard let architecture = BuiltinArchitectures.named(name) else { fatalError("no built-in \(name)") }
  return architecture
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
