import PagingCore

extension Machine {
  /// Every page-table page as a text dump (`page N: bytes`), for
  /// `paging translate --memory`.
  public func pageTableDump() -> String {
    var lines = ["# \(architecture.name) page-table pages; data pages are not stored"]
    let (data, table) = memory.handedOutFrames
    for frame in [data, table].joined() where memory.isPageTable(frame) {
      let hex = memory.bytes(ofTable: frame).map { byte in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
      }
      lines.append("page \(frame): " + hex.joined(separator: " "))
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

extension Machine {
  /// The page-table pages as a memory image (data pages have no stored
  /// contents), so the image tools (walks, mapping lists) read a running
  /// machine as they read a dump.
  public func tableImage() -> MemoryImage {
    var image = MemoryImage(pageSize: Int(architecture.pageSize))
    let (data, table) = memory.handedOutFrames
    for frame in [data, table].joined() where memory.isPageTable(frame) {
      image.setPage(UInt64(frame), bytes: memory.bytes(ofTable: frame))
    }
    return image
  }

  /// Each live process's mappings, listed from its root.
  public func mappings() throws(SimulationError) -> [(process: Process, list: MappingList)] {
    let image = tableImage()
    var lists: [(process: Process, list: MappingList)] = []
    for process in processes {
      let root = UInt64(process.root) << UInt64(architecture.offsetBits)
      lists.append((process, try image.mappings(architecture: architecture, rootAddress: root)))
    }
    return lists
  }
}
