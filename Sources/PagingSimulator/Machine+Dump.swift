import PagingCore

extension Machine {
  /// The page-table pages as a memory image (data pages have no stored
  /// contents), so the image tools (walks, mapping lists) read a running
  /// machine as they read a dump; ``MemoryImage/textDump(header:)`` writes
  /// it in the format `paging translate --memory` reads.
  public func tableImage() -> MemoryImage {
    var image = MemoryImage(pageSize: Int(architecture.pageSize))
    let (data, table) = memory.handedOutFrames
    for frame in [data, table].joined() where memory.isPageTable(frame) {
      image.setPage(frame, bytes: memory.bytes(ofTable: frame))
    }
    return image
  }

  /// Each live process's mappings, listed from its root.
  public func mappings() throws(SimulationError) -> [(process: Process, list: MappingList)] {
    let image = tableImage()
    var lists: [(process: Process, list: MappingList)] = []
    for process in processes {
      let root = architecture.address(of: process.root)
      lists.append((process, try image.mappings(architecture: architecture, rootAddress: root)))
    }
    return lists
  }
}
