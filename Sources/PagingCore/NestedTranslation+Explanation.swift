extension NestedReference {
  /// The name of the level read, in its stage's manual.
  public func levelName(guest: Architecture, host: Architecture) -> String {
    (stage == .guest ? guest : host).levels[level].name
  }

  /// What the reference is for, in words: `gpa of the guest's PD entry`,
  /// `gpa of the data`, or `the guest's PD entry`.
  public func purpose(guest: Architecture) -> String {
    switch (stage, target) {
    case (.guest, .guestEntry(let level)): return "the guest's \(guest.levels[level].name) entry"
    case (.host, .guestEntry(let level)): return "gpa of the guest's \(guest.levels[level].name) entry"
    case (_, .data): return "gpa of the data"
    }
  }
}

extension NestedTranslation {
  /// The working, as a student would write it out: the walk's count
  /// derived step by step, its order, what large pages save, and with a
  /// virtual machine's size its tables on each side.
  /// Shared by `paging nested --explain` and the reports.
  public var explanation: [ExplanationStep] {
    var steps: [ExplanationStep] = []
    func step(_ topic: String, _ working: String) { steps.append(ExplanationStep(topic: topic, working: working)) }
    let walk = baseWalk
    let (n, m) = (walk.guestReads, walk.hostReadsPerWalk)
    func names(_ arch: Architecture, _ count: Int) -> String {
      arch.levels.prefix(count).map(\.name).joined(separator: ", ")
    }
    step(
      "guest walk",
      "\(guest.name) reads \(counted(n, "entry", "entries")) (\(names(guest, n))); its root register holds a guest-physical address (gpa), and so does every table entry, so each entry's address is a gpa"
    )
    step("host walk", "\(host.name) translates a gpa with \(counted(m, "read")) (\(names(host, m)))")
    step(
      "each guest level",
      "the host walks the entry's gpa (\(m)), then the guest entry is read (1): \(m + 1) references; \(n) levels × \(m + 1) = \(n * (m + 1))"
    )
    step("the data", "the guest's leaf gives the data's gpa, which the host walks too: \(m)")
    step(
      "worst case",
      "\(n * (m + 1)) + \(m) = \(walk.memoryReferences) = (\(n) + 1)(\(m) + 1) - 1 memory references, against \(n) without virtualization"
    )
    var order: [String] = []
    var position = 1
    for reference in walk.references where reference.stage == .guest || reference.level == 0 {
      if reference.stage == .guest {
        order.append("\(position) \(reference.purpose(guest: guest))")
        position += 1
      } else {
        order.append(
          "\(position)-\(position + m - 1) host \(names(host, m)) for the \(reference.purpose(guest: guest))")
        position += m
      }
    }
    step("order", order.joined(separator: "; "))
    for other in walks.dropFirst() {
      step(
        "\(pageSizeAdjective(other.guestPageSize)) guest, \(pageSizeAdjective(other.hostPageSize)) host pages",
        "the guest walk stops after \(other.guestReads), each host walk after \(other.hostReadsPerWalk): (\(other.guestReads) + 1)(\(other.hostReadsPerWalk) + 1) - 1 = \(other.memoryReferences)"
      )
    }
    guard let tables else { return steps }
    let size = tables.size
    func perLevel(_ arch: Architecture, _ counts: [UInt128]) -> String {
      zip(arch.levels, counts).map { "\($0.name) \($1)" }.joined(separator: ", ")
    }
    let one = tables.guestPerProcess
    if size.mappedBytes == 0 || size.processes == 0 {
      step("guest tables", "no guest process maps anything: 0")
    } else {
      step(
        "guest tables, one process",
        "\(formatBytesExactly(size.mappedBytes)) from address 0 is \(counted(one.dataPages, "page")) of \(formatBytes(guest.pageSize)): \(perLevel(guest, one.pageTablePagesPerLevel)) = \(counted(one.pageTablePages, "page-table page"))"
      )
      step(
        "guest tables",
        "\(size.processes) × \(one.pageTablePages) = \(counted(tables.side(largePages: false).guestPages, "page")), \(formatBytesExactly(tables.side(largePages: false).guestBytes))"
      )
      step(
        "guest memory",
        "\(size.processes) × (\(one.dataPages) data + \(one.pageTablePages) table pages) × \(formatBytes(guest.pageSize)) = \(formatBytesExactly(tables.guestBytesUsed)) of the \(formatBytesExactly(size.guestMemoryBytes)) the virtual machine has"
      )
    }
    let base = tables.side(largePages: false)
    let large = tables.side(largePages: true)
    step(
      "host tables",
      "the host maps all \(formatBytesExactly(size.guestMemoryBytes)) of guest-physical memory from gpa 0, \(counted(tables.host.dataPages, "page")) of \(formatBytes(host.pageSize)): \(perLevel(host, base.hostPagesPerLevel)) = \(counted(base.hostPages, "page")), \(formatBytesExactly(base.hostBytes))"
    )
    step(
      "total",
      "\(base.guestPages) guest + \(base.hostPages) host = \(counted(base.totalPages, "page-table page")), \(formatBytesExactly(base.totalBytes))"
    )
    step(
      "with large pages",
      "guest \(perLevel(guest, large.guestPagesPerLevel)) = \(large.guestPages); host \(perLevel(host, large.hostPagesPerLevel)) = \(large.hostPages); total \(counted(large.totalPages, "page-table page")), \(formatBytesExactly(large.totalBytes))"
    )
    return steps
  }
}
