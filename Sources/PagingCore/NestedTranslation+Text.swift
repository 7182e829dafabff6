/// `paging nested` as text.
extension NestedTranslation {
  /// The worst-case walk, a row for every pair of page sizes, the virtual
  /// machine's tables when sized, the working when `explaining`, and notes.
  public func text(explaining explain: Bool = false) -> String {
    let answer = self
    let walk = answer.baseWalk
    var lines = [
      "\(answer.guest.name) guest on \(answer.host.name) host: a TLB miss takes up to \(walk.memoryReferences) memory references (\(walk.guestReads) guest + \(walk.hostReads) host), base pages in both stages"
    ]
    var walks = TextTable(header: [
      "guest pages", "host pages", "guest reads", "host reads per walk", "host walks", "memory references",
    ])
    for other in answer.walks {
      walks.append([
        formatBytes(other.guestPageSize), formatBytes(other.hostPageSize), "\(other.guestReads)",
        "\(other.hostReadsPerWalk)", "\(other.hostWalks)", "\(other.memoryReferences)",
      ])
    }
    lines.append(walks.rendered(indent: 2))
    if let tables = answer.tables {
      let size = tables.size
      lines.append("")
      let processes =
        size.mappedBytes == 0
        ? "no guest processes counted (see --mapped)"
        : "\(counted(size.processes, "process", "processes")) mapping \(formatBytesExactly(size.mappedBytes)) each"
      lines.append(
        "  Virtual machine: \(formatBytesExactly(size.guestMemoryBytes)) of guest-physical memory, \(processes)")
      let base = tables.side(largePages: false)
      let large = tables.side(largePages: true)
      func cell(_ pages: UInt128, _ bytes: UInt128) -> String { "\(pages) (\(formatBytesRoughly(bytes)))" }
      var table = TextTable(header: ["page-table pages", "base pages", "large pages"])
      table.append([
        "guest (\(formatBytes(tables.guestPageSize)) pages)", cell(base.guestPages, base.guestBytes),
        cell(large.guestPages, large.guestBytes),
      ])
      table.append([
        "host (\(formatBytes(tables.hostPageSize)) pages)", cell(base.hostPages, base.hostBytes),
        cell(large.hostPages, large.hostBytes),
      ])
      table.append(["total", cell(base.totalPages, base.totalBytes), cell(large.totalPages, large.totalBytes)])
      lines.append(table.rendered(indent: 4))
    }
    if explain {
      lines += ["", "  Working:", ExplanationStep.table(answer.explanation)]
    }
    lines += answer.notes.map { "  note: \($0)" }
    return lines.joined(separator: "\n")
  }
}
