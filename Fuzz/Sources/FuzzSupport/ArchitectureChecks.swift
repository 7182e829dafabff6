import PagingCore
import PagingDescriptors
import PagingJSON
import PagingSimulator

/// What `list`, `show`, `sizes`, `translate`, `footprint` and a small
/// `simulate` do with an architecture, for one that came from the fuzzer.
/// Errors are answers; only traps and crashes are findings.
public func exerciseArchitecture(_ arch: Architecture) {
  // list, sizes, show (text and JSON).
  _ = arch.listingJSON.serialized()
  _ = arch.sizesJSON.serialized()
  _ = arch.descriptionJSON.serialized(pretty: false)
  _ = arch.sizingExplanation
  _ = arch.bitRanges
  _ = arch.canonicalRule
  _ = arch.largePageSizes.map(formatBytes)
  _ = (
    formatBytesExactly(arch.singleLevelTableBytes), formatCount(arch.maxPageTablePages),
    formatCount(arch.maxPhysicalPages),
    pageSizeAdjective(arch.pageSize), formatBytesRoughly(arch.addressSpaceBytes)
  )
  _ = try? LevelPlan(virtualAddressBits: 64, pageSize: arch.pageSize, entrySize: arch.entrySize)
  for level in arch.levels.indices {
    _ = (
      arch.entries(atLevel: level), formatBytes(arch.tableBytes(atLevel: level)),
      formatBytes(arch.entrySpan(atLevel: level)), arch.maxTables(atLevel: level)
    )
  }

  // translate: the first and last pointers and the start of the upper half.
  let lastPointer = arch.pointerBits >= 128 ? UInt128.max : (UInt128(1) << arch.pointerBits) - 1
  for pointer in [0, lastPointer, arch.pointer(forTranslated: arch.addressSpaceBytes / 2)] {
    _ = arch.translation(of: pointer).json(architecture: arch).serialized()
  }

  // footprint: the classic questions, at 0 and at the worst placement.
  let workloads: [Workload] = [
    .bytes(1), .pages(1), .pages(513), .pages(262_145), .bytes(arch.addressSpaceBytes),
    .allocations(count: 3, size: 5000),
  ]
  for workload in workloads {
    for placement in [Placement.at(0), .worst] {
      for largePages in [false, true] {
        if let result = try? arch.footprint(of: workload, placement: placement, largePages: largePages) {
          _ = JSONValue.object(result.json(pageSize: arch.pageSize)).serialized()
        }
      }
    }
  }

  simulateBriefly(arch)
}

/// `simulate --arch A --allocations 3 --size 4K --fork --exit` on a memory of
/// 64 pages, then the page tables walked as `translate --memory` would.
func simulateBriefly(_ arch: Architecture) {
  guard arch.offsetBits <= 16 else { return }
  guard let machine = try? Machine(architecture: arch, memoryBytes: 64 * arch.pageSize) else { return }
  guard let parent = try? machine.createProcess(name: "p1") else { return }
  _ = try? machine.allocate(in: parent, AllocationRequest(start: 0, count: 3, size: 4096))
  let child = try? machine.fork(parent, name: "p2")
  _ = machine.report(label: "after fork")
  _ = machine.memoryMap().text()
  _ = PageTablePages(memory: machine.memory, root: parent.root).map(\.description)
  // The tables as `translate --memory` sees them. Through the text dump only
  // for small pages: formatting and parsing big pages would be most of the
  // time spent, and the memory-image target covers the parser.
  var image = MemoryImage(pageSize: Int(arch.pageSize))
  if arch.pageSize <= 512,
    let parsed = try? MemoryImage.parseDump(
      machine.tableImage().textDump(header: "tables"), pageSize: Int(arch.pageSize))
  {
    image = parsed
  } else {
    let (data, table) = machine.memory.handedOutFrames
    for frame in [data, table].joined() where machine.memory.isPageTable(frame) {
      image.setPage(frame, bytes: machine.memory.bytes(ofTable: frame))
    }
  }
  let root = arch.address(of: parent.root)
  for pointer: UInt128 in [0, 4096, 8192, 1 << 20] where pointer >> arch.pointerBits == 0 {
    _ = try? image.walk(pointer, architecture: arch, rootAddress: root)
  }
  if let child { try? machine.exit(child) }
  try? machine.exit(parent)
  _ = machine.report(label: "after exit")
}
